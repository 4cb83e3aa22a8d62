//! Two server processes (the PostgreSQL build's binary) on one database, as behind a load
//! balancer: a session opened on one is valid on the other; a post published through one
//! is in the other's list, search and map within a second; a brute force spread over both
//! is throttled as on one; each background job runs once; a CSV import's progress is
//! readable from either.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{db_with_demo, urlencode};

const BIN: &str = env!("CARGO_BIN_EXE_coin-du-partage");
const PUBLIC_URL: &str = "http://coin.test";
const PW: &str = "partage-demo-2026";

struct Instance {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Instance {
    fn start(database_url: &str, site_root: &std::path::Path) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(BIN)
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", site_root)
            .env("COIN_PUBLIC_URL", PUBLIC_URL)
            .env("COIN_MAP_INDEX_FILE", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        let i = Instance { child, base: format!("http://127.0.0.1:{port}"), agent };
        let started = Instant::now();
        while i.get("/healthz", None).0 != 200 {
            assert!(started.elapsed() < Duration::from_secs(60), "instance on port {port} did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        i
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        match req.call() {
            Ok(mut res) => (res.status().as_u16(), res.body_mut().read_to_string().unwrap_or_default()),
            Err(_) => (0, String::new()),
        }
    }

    /// A server function, called as a hydrated page does; (status, body, session cookie set).
    fn call(&self, endpoint: &str, cookie: Option<&str>, form: &str) -> (u16, String, Option<String>) {
        let mut req = self
            .agent
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", PUBLIC_URL)
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let mut res = req.send(form.to_string()).unwrap();
        let set = res.headers().get("set-cookie").map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string());
        let mut body = String::new();
        res.body_mut().as_reader().read_to_string(&mut body).unwrap();
        (res.status().as_u16(), body, set)
    }

    fn log_in(&self, email: &str, password: &str) -> (u16, Option<String>) {
        let (status, _, cookie) = self.call("log_in", None, &format!("email={}&password={}", urlencode(email), urlencode(password)));
        (status, cookie)
    }

    /// `job_runs` of a task in this process's metrics.
    fn task_runs(&self, task: &str) -> u64 {
        let (_, text) = self.get("/metrics", None);
        text.lines()
            .find(|l| l.starts_with("coin_job_runs_total{") && l.contains(&format!("job=\"{task}\"")))
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `ok` every 50 ms for at most `limit`; returns how long it took.
fn within(limit: Duration, what: &str, mut ok: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if ok() {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn two_processes_on_one_database_act_as_one_site() {
    let db = crate::helpers::run(async {
        let db = db_with_demo().await;
        // Work for the hourly job: a post of the demo whose expiry is in three days.
        sqlx::query(
            "UPDATE posts SET expires_at = now() + interval '3 days', expiry_reminded_at = NULL \
             WHERE id = (SELECT MIN(id) FROM posts WHERE status = 'published' AND NOT hidden AND author_id IS NOT NULL)",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        db
    });
    let site = std::env::temp_dir().join(format!("coin-instances-{}", crate::helpers::rand_suffix()));
    std::fs::create_dir_all(&site).unwrap();
    let a = Instance::start(&db.url, &site);
    let b = Instance::start(&db.url, &site);
    let pool = db.pool.clone();
    let q = |sql: &'static str| crate::helpers::run(sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool)).unwrap();

    // Each background job ran once, though both processes started it.
    within(Duration::from_secs(20), "the hourly job's first run", || q("SELECT COALESCE(MAX(runs), 0) FROM job_runs WHERE name = 'hourly'") == 1);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(q("SELECT runs FROM job_runs WHERE name = 'hourly'"), 1);
    assert_eq!(q("SELECT runs FROM job_runs WHERE name = 'mails'"), 1);
    for task in ["post_expiry", "structure_freshness", "exchange_mails", "alert_mails", "booking_mails"] {
        assert_eq!(a.task_runs(task) + b.task_runs(task), 1, "{task} ran once in all");
    }
    let reminders = q("SELECT COUNT(*) FROM notifications WHERE kind = 'expiry_soon'");
    let recipients = q("SELECT COUNT(DISTINCT user_id) FROM notifications WHERE kind = 'expiry_soon'");
    assert!(reminders >= 1 && reminders == recipients, "one reminder per recipient: {reminders} for {recipients}");

    // A session opened on one is valid on the other.
    let (status, cookie) = a.log_in("lo-solan@example.org", PW);
    let cookie = cookie.unwrap_or_else(|| panic!("login on A: {status}"));
    let (status, page) = b.get("/compte", Some(&cookie));
    assert_eq!(status, 200, "the account page on B with A's session");
    assert!(page.contains("lo-solan@example.org"), "B knows who is signed in");

    // A post published through A: in B's list, search and map within a second.
    let structure: i64 = q("SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'lo-solan@example.org' LIMIT 1");
    let title = "Remorque bâchée pour la ressourcerie";
    let form = format!(
        "form[author]=structure:{structure}&form[kind]=offer&form[category]=vehicule&form[title]={}&form[description]={}&intent=publish",
        urlencode(title),
        urlencode("Une remorque de 750 kg, prêtée le week-end pour les collectes.")
    );
    let (status, body, _) = a.call("save_post", Some(&cookie), &form);
    assert_eq!(status, 200, "{body}");
    let id: i64 = body.trim().parse().unwrap_or_else(|_| panic!("post id: {body}"));
    let took = within(Duration::from_secs(1), "the post in B's list", || b.get("/partage", None).1.contains(title));
    within(Duration::from_secs(1).saturating_sub(took), "the post in B's search", || {
        b.get("/partage?q=ressourcerie", None).1.contains(title)
    });
    let (lat, lon): (f64, f64) = crate::helpers::run(sqlx::query_as("SELECT lat, lon FROM posts WHERE id = $1").bind(id).fetch_one(&pool)).unwrap();
    let near = format!("/api/v1/map?bbox={},{},{},{}&zoom=20", lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01);
    within(Duration::from_secs(1), "the post on B's map", || {
        let (_, json) = b.get(&near, None);
        let map: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
        map["features"].as_array().is_some_and(|f| f.iter().any(|f| f["properties"]["id"] == id && f["properties"]["kind"] == "offer"))
    });

    // A brute force spread over both: ten failures in all, then both refuse.
    for i in 0..10 {
        let instance = if i % 2 == 0 { &a } else { &b };
        assert_eq!(instance.log_in("coordination@example.org", "mauvais-mot-de-passe").0, 401, "attempt {i}");
    }
    assert_eq!(a.log_in("coordination@example.org", PW).0, 429, "the 11th attempt, on A");
    assert_eq!(b.log_in("coordination@example.org", PW).0, 429, "the 12th, on B");
    assert_eq!(b.log_in("camille@example.org", PW).0, 200, "another account is not throttled");

    // A CSV import started through A, followed through B.
    let (_, coord) = a.log_in("admin@example.org", PW);
    let coord = coord.expect("admin session");
    let csv = "Nom;Type;Commune\nRecyclerie du Pays d'Uzès;association;Uzès\nAtelier vélo de Blauzac;association;Blauzac (30700)\n";
    let (status, body, _) = a.call("start_import", Some(&coord), &format!("csv={}", urlencode(csv)));
    assert_eq!(status, 200, "{body}");
    let job = serde_json::from_str::<Value>(&body).unwrap()["id"].as_u64().unwrap();
    let mut last = Value::Null;
    within(Duration::from_secs(10), "the import's end, read through B", || {
        let (_, body, _) = b.call("import_status", Some(&coord), &format!("id={job}"));
        last = serde_json::from_str(&body).unwrap_or(Value::Null);
        last["finished"] == true
    });
    assert_eq!((last["created"].as_i64(), last["total"].as_i64(), last["error"].is_null()), (Some(2), Some(2), true), "{last}");
    let (status, _, _) = b.call("import_status", Some(&cookie), &format!("id={job}"));
    assert_eq!(status, 403, "an account that imports nothing reads no import");

    drop((a, b));
    let _ = std::fs::remove_dir_all(&site);
    crate::helpers::run(db.drop_db());
}
