//! The real binary: a bad configuration stops it with a clear message (no panic trace),
//! and SIGTERM stops it gracefully.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_coin-du-partage");

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
