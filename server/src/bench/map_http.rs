//! The map benchmark over HTTP (`bench-map --http`): this binary started as the server
//! on a free loopback port, on the same database.
//!
//! - start-up: time from spawning the process until `/healthz` answers, then until
//!   `/api/v1/map` answers 200 (it answers 503 while the index loads);
//! - memory: the server's RSS once warm;
//! - freshness: a post inserted straight into the database (as another instance would)
//!   and the time until the map shows it;
//! - load, with `oha` (from crates.io, installed by scripts/bench-map.sh): p95 at a fixed
//!   2,000 requests a second, and the throughput with 32 connections, over the bench's
//!   viewports.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::db::Pool;
use server::map::api::MapQuery;

/// A GET over a fresh connection: status and body (the probes need nothing more).
fn get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut reader = BufReader::new(s);
    let mut status = String::new();
    reader.read_line(&mut status).ok()?;
    let code = status.split_whitespace().nth(1)?.parse().ok()?;
    let mut rest = String::new();
    reader.read_to_string(&mut rest).ok()?;
    Some((code, rest))
}

/// Polls `path` every 5 ms until it answers 200; the time since `from`.
fn wait_for(addr: &str, path: &str, from: Instant, limit: Duration) -> Option<Duration> {
    while from.elapsed() < limit {
        if get(addr, path).is_some_and(|(c, _)| c == 200) {
            return Some(from.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn run(config: &server::config::Config, pool: &Pool, reqs: &[MapQuery]) -> Result<String, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let site = std::env::temp_dir().join(format!("coin-bench-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).map_err(|e| e.to_string())?;
    eprintln!("serveur / server on {addr}…");
    let started = Instant::now();
    let child = Command::new(exe)
        .env("DATABASE_URL", &config.database_url)
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("LEPTOS_SITE_ROOT", &site)
        .env("COIN_DEMO_DATA", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id().to_string();
    let server = Server(child);
    let probe = reqs.first().map(super::map::url).unwrap_or_default();
    let (a, p) = (addr.clone(), probe.clone());
    let (pages, map) = tokio::task::spawn_blocking(move || {
        let pages = wait_for(&a, "/healthz", started, Duration::from_secs(60));
        let map = wait_for(&a, &p, started, Duration::from_secs(120));
        (pages, map)
    })
    .await
    .map_err(|e| e.to_string())?;
    let ms = |d: Option<Duration>| d.map_or("—".to_string(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0));
    let mut r = String::from("\n| HTTP (boucle locale) | valeur | objectif |\n|---|---:|---|\n");
    let _ = writeln!(r, "| pages servies après le lancement | {} | — |", ms(pages));
    let map_ok = map.is_some_and(|d| d.as_secs_f64() * 1000.0 <= super::map::START_GOAL_MS);
    let _ = writeln!(r, "| carte servie après le lancement | {} | ≤ 5 s {} |", ms(map), if map_ok { "✓" } else { "✗" });
    if map.is_none() {
        return Err(format!("la carte n’a pas répondu / the map never answered\n{r}"));
    }

    // Warm up over every viewport once, then note the memory.
    let (a, urls) = (addr.clone(), reqs.iter().map(super::map::url).collect::<Vec<_>>());
    let warm_urls = urls.clone();
    tokio::task::spawn_blocking(move || warm_urls.iter().for_each(|u| drop(get(&a, u)))).await.map_err(|e| e.to_string())?;
    let rss = super::map::rss_of(&pid);
    let _ = writeln!(r, "| mémoire du serveur (RSS), index chargé | {rss:.0} Mo | < 560 Mo {} (visé 400 Mo) |", if rss < 560.0 { "✓" } else { "✗" });

    // Freshness: a post written by « another instance ».
    let fresh = freshness(pool, &addr).await?;
    let fresh_ok = fresh.as_secs_f64() * 1000.0 <= super::map::FRESH_GOAL_MS;
    let _ = writeln!(r, "| annonce écrite en base → visible sur la carte | {:.0} ms | ≤ 5 s {} |", fresh.as_secs_f64() * 1000.0, if fresh_ok { "✓" } else { "✗" });

    // Load with oha, when installed.
    let list = std::env::temp_dir().join(format!("coin-bench-urls-{}.txt", std::process::id()));
    std::fs::write(&list, urls.iter().map(|u| format!("http://{addr}{u}\n")).collect::<String>()).map_err(|e| e.to_string())?;
    match oha(&list, &["-q", "2000", "-z", "20s", "-c", "32"]) {
        Some(fixed) => {
            let ok = fixed.p95_ms <= super::map::HTTP_GOAL_MS;
            let _ = writeln!(r, "| p95 à 2 000 req/s offertes (oha, 32 connexions, 20 s) | {:.2} ms (p50 {:.2}, p99 {:.2} ; {:.0} req/s servies) | ≤ 5 ms {} |", fixed.p95_ms, fixed.p50_ms, fixed.p99_ms, fixed.rps, if ok { "✓" } else { "✗" });
            if let Some(max) = oha(&list, &["-z", "15s", "-c", "32"]) {
                let _ = writeln!(r, "| débit maximal, 32 connexions (oha, 15 s) | {:.0} req/s (p95 {:.2} ms) | — |", max.rps, max.p95_ms);
            }
        }
        None => r.push_str("| charge HTTP | oha absent (scripts/bench-map.sh l’installe) | — |\n"),
    }
    let _ = std::fs::remove_file(&list);
    drop(server);
    Ok(r)
}

/// Inserts a copy of a public post at a new place, then polls the map around it until
/// it appears; removes it afterwards.
async fn freshness(pool: &Pool, addr: &str) -> Result<Duration, String> {
    let (lon, lat) = (2.3 + rand::random::<f64>() * 0.1, 48.82 + rand::random::<f64>() * 0.06);
    let sql = format!(
        "INSERT INTO posts (kind, category_id, structure_id, author_id, title, description, insee, lat, lon,
            location_precision, urgency, status, hidden, published_at, created_at, updated_at, expires_at, search_folded)
         SELECT p.kind, p.category_id, p.structure_id, p.author_id, 'Annonce du banc de fraîcheur', p.description, p.insee, $1, $2,
            'address', p.urgency, p.status, p.hidden, p.published_at, p.created_at, p.updated_at, p.expires_at, p.search_folded
         FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE {} AND p.structure_id IS NOT NULL ORDER BY p.id LIMIT 1 RETURNING id",
        app::db::home::POST_IS_PUBLIC
    );
    let id: i64 = sqlx::query_scalar(&sql).bind(lat).bind(lon).fetch_one(pool).await.map_err(|e| e.to_string())?;
    let committed = Instant::now();
    let path = format!("/api/v1/map?bbox={},{},{},{}&zoom=20", lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005);
    let (a, needle) = (addr.to_string(), format!("\"id\":{id},"));
    let seen = tokio::task::spawn_blocking(move || {
        while committed.elapsed() < Duration::from_secs(60) {
            if get(&a, &path).is_some_and(|(_, body)| body.contains(&needle)) {
                return Some(committed.elapsed());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    })
    .await
    .map_err(|e| e.to_string())?;
    sqlx::query("DELETE FROM posts WHERE id = $1").bind(id).execute(pool).await.map_err(|e| e.to_string())?;
    seen.ok_or_else(|| "l’annonce n’est jamais apparue sur la carte / the post never showed".to_string())
}

struct OhaResult {
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    rps: f64,
}

/// Runs oha over the URL list; `None` if oha is not installed or fails.
fn oha(list: &std::path::Path, args: &[&str]) -> Option<OhaResult> {
    let out = Command::new("oha").args(args).args(["--no-tui", "--output-format", "json", "--urls-from-file"]).arg(list).output().ok()?;
    if !out.status.success() {
        eprintln!("oha: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let pct = |k: &str| v["latencyPercentiles"][k].as_f64().map(|s| s * 1000.0);
    Some(OhaResult { p50_ms: pct("p50")?, p95_ms: pct("p95")?, p99_ms: pct("p99")?, rps: v["summary"]["requestsPerSec"].as_f64()? })
}
