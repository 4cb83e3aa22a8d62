//! The real binaries: a bad configuration stops the server with a clear message (no panic
//! trace), SIGTERM stops it gracefully, and only the developer tools' binary generates
//! synthetic data.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_coin-du-partage");
const DEV_BIN: &str = env!("CARGO_BIN_EXE_coin-du-partage-dev");

#[test]
fn a_bad_setting_stops_the_server_with_a_bilingual_message() {
    let url = if app::db::BACKEND == "sqlite" { "sqlite://inutilise.db" } else { "postgres://u@127.0.0.1/inutilise" };
    let out = Command::new(BIN).env("DATABASE_URL", url).env("LEPTOS_SITE_ADDR", "pas-une-adresse").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("LEPTOS_SITE_ADDR"), "{err}");
    assert!(err.contains("adresse attendue") && err.contains("expected an address"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(all(unix, feature = "sqlite", not(feature = "postgres")))]
#[test]
fn sigterm_stops_the_server_gracefully() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let db = std::env::temp_dir().join(format!("coin-process-{}.db", std::process::id()));
    let mut child = Command::new(BIN)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it answers (migrations and communes first).
    let started = Instant::now();
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "server still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "clean exit after SIGTERM: {exit:?}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{}", db.display(), suffix));
    }
}

/// The shipped binary has no developer tools: their commands are unknown there, answered
/// with the usage and exit code 2 before any database is opened (the SQLite file is never
/// created).
#[test]
fn the_server_binary_refuses_the_developer_tools() {
    let db = std::env::temp_dir().join(format!("coin-process-refuse-{}.db", std::process::id()));
    let url = if app::db::BACKEND == "sqlite" { format!("sqlite://{}", db.display()) } else { "postgres://u@127.0.0.1/inutilise".to_string() };
    for args in [&["generate", "--posts", "10"][..], &["bench"], &["bench-map", "--posts", "10"]] {
        let out = Command::new(BIN).args(args).env("DATABASE_URL", &url).env("RUST_LOG", "warn").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("commande inconnue / unknown command") && err.contains("coin-du-partage-dev"), "{err}");
        assert!(!db.exists(), "{args:?} opened the database");
    }
}

/// The developer tools' binary generates into the database of `DATABASE_URL`, as
/// scripts/bench.sh runs it.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
#[test]
fn the_dev_binary_generates_synthetic_data() {
    let db = std::env::temp_dir().join(format!("coin-process-generate-{}.db", std::process::id()));
    let out = Command::new(DEV_BIN)
        .args(["generate", "--posts", "10", "--structures", "2"])
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{}", db.display(), suffix));
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("10 annonces et 2 structures générées"), "{report}");
}

#[test]
fn the_dev_binary_answers_an_unknown_command_with_its_usage() {
    let url = if app::db::BACKEND == "sqlite" { "sqlite://inutilise.db" } else { "postgres://u@127.0.0.1/inutilise" };
    let out = Command::new(DEV_BIN).arg("serve").env("DATABASE_URL", url).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("coin-du-partage-dev bench-map"), "{err}");
}
