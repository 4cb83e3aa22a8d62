//! The map benchmark over HTTP (`bench-map --http`): the server binary built beside this
//! one (`coin-du-partage`) started on a free loopback port, on the same database.
//!
//! - start-up: time from spawning the process until `/healthz` answers, then until
//!   `/api/v1/map` answers 200 (it answers 503 while the index loads);
//! - memory: the server's RSS once warm;
//! - freshness: a post inserted straight into the database (as another instance would)
//!   and the time until the map shows it;
//! - load over the bench's viewports: p95 at a fixed 2,000 requests a second (open loop:
//!   each request has its send time, and its latency counts from that time, so a server
//!   falling behind is charged for the queue it causes), and the throughput with 32
//!   connections (closed loop). The generator is here rather than `oha`, whose build
//!   needs cmake and C toolchains for TLS this loopback test does not use.

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

/// `coin-du-partage` in this binary's directory: the measured server is the shipped one,
/// which cargo builds there (scripts/bench-map.sh builds both).
fn server_exe() -> Result<std::path::PathBuf, String> {
    let dev = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = dev.with_file_name(format!("coin-du-partage{}", std::env::consts::EXE_SUFFIX));
    if exe.is_file() {
        Ok(exe)
    } else {
        Err(format!("{} introuvable / not found: cargo build -p server --bin coin-du-partage (same profile)", exe.display()))
    }
}

pub async fn run(config: &server::config::Config, pool: &Pool, reqs: &[MapQuery]) -> Result<String, String> {
    // As after any bulk load: the change log trimmed and the database tidied now, so that
    // neither the servers' first hourly jobs nor PostgreSQL's autovacuum of those deleted
    // rows run during the measurements.
    app::change_log::trim(pool).await.map_err(|e| e.to_string())?;
    server::generate::refresh_statistics(pool).await.map_err(|e| e.message)?;
    // PostgreSQL would otherwise spread the writes of the bulk load and of that vacuum
    // over the next minutes, under the measurements (role `pg_checkpoint`, granted by
    // scripts/bench-map.sh; without it the run goes on, noted in the report).
    let checkpoint = if app::db::BACKEND == "postgres" { sqlx::query("CHECKPOINT").execute(pool).await.err().map(|e| e.to_string()) } else { None };
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let exe = server_exe()?;
    let site = std::env::temp_dir().join(format!("coin-bench-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).map_err(|e| e.to_string())?;
    let index_file = std::env::temp_dir().join(format!("coin-bench-carte-{}.index", std::process::id()));
    let _ = std::fs::remove_file(&index_file);
    let probe = reqs.first().map(super::map::url).unwrap_or_default();
    let spawn = || {
        Command::new(&exe)
            .env("DATABASE_URL", &config.database_url)
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("LEPTOS_SITE_ROOT", &site)
            .env("COIN_DEMO_DATA", "false")
            .env("COIN_MAP_INDEX_FILE", &index_file)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map(Server)
            .map_err(|e| e.to_string())
    };
    // Until pages, then map queries, are served.
    let wait = |started: Instant| {
        let (a, p) = (addr.clone(), probe.clone());
        tokio::task::spawn_blocking(move || {
            let pages = wait_for(&a, "/healthz", started, Duration::from_secs(60));
            let map = wait_for(&a, &p, started, Duration::from_secs(120));
            (pages, map)
        })
    };
    let ms = |d: Option<Duration>| d.map_or("—".to_string(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0));
    let mut r = String::from("\n| HTTP (boucle locale) | valeur | objectif |\n|---|---:|---|\n");
    if let Some(e) = checkpoint {
        let _ = writeln!(r, "| (CHECKPOINT avant les mesures impossible : {e}) | — | — |");
    }

    // First start: no index file yet, everything is read from the database.
    eprintln!("serveur, premier démarrage / server, first start on {addr}…");
    let started = Instant::now();
    let first = spawn()?;
    let (pages, map) = wait(started).await.map_err(|e| e.to_string())?;
    let _ = writeln!(r, "| premier démarrage (sans fichier d’index) : pages servies / carte servie | {} / {} | — |", ms(pages), ms(map));
    if map.is_none() {
        return Err(format!("la carte n’a pas répondu / the map never answered\n{r}"));
    }
    let saved = Instant::now();
    while !index_file.exists() && saved.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(first);
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Restart: the index file is read back, then the changes since are followed.
    eprintln!("serveur, redémarrage / server, restart…");
    let started = Instant::now();
    let server = spawn()?;
    let pid = server.0.id().to_string();
    let (pages, map) = wait(started).await.map_err(|e| e.to_string())?;
    let _ = writeln!(r, "| redémarrage (fichier d’index) : pages servies | {} | — |", ms(pages));
    let map_ok = map.is_some_and(|d| d.as_secs_f64() * 1000.0 <= super::map::START_GOAL_MS);
    let _ = writeln!(r, "| redémarrage (fichier d’index) : carte servie | {} | ≤ 5 s {} |", ms(map), if map_ok { "✓" } else { "✗" });
    if map.is_none() {
        return Err(format!("la carte n’a pas répondu / the map never answered\n{r}"));
    }

    // Warm up over every viewport once, then note the memory.
    let (a, urls) = (addr.clone(), reqs.iter().map(super::map::url).collect::<Vec<_>>());
    let warm_urls = urls.clone();
    tokio::task::spawn_blocking(move || warm_urls.iter().for_each(|u| drop(get(&a, u)))).await.map_err(|e| e.to_string())?;
    let rss = super::map::rss_of(&pid);
    let anon = super::map::status_mb(&pid, "RssAnon:");
    let file = super::map::status_mb(&pid, "RssFile:");
    let _ = writeln!(r, "| mémoire du serveur (RSS), index chargé : totale | {rss:.0} Mo (dont {file:.0} Mo de fichiers projetés : binaire et pages de la base SQLite en mmap, c.-à-d. le cache disque du système) | — |");
    let _ = writeln!(r, "| mémoire du serveur : anonyme (tas et piles, `RssAnon`) | {anon:.0} Mo | < 560 Mo {} (visé 400 Mo) |", if anon < 560.0 { "✓" } else { "✗" });

    // Freshness: a post written by « another instance ».
    let fresh = freshness(pool, &addr).await?;
    let fresh_ok = fresh.as_secs_f64() * 1000.0 <= super::map::FRESH_GOAL_MS;
    let _ = writeln!(r, "| annonce écrite en base → visible sur la carte | {:.0} ms | ≤ 5 s {} |", fresh.as_secs_f64() * 1000.0, if fresh_ok { "✓" } else { "✗" });

    // Load: a fixed rate, then as fast as 32 connections go.
    let fixed = load(&addr, &urls, Some(2_000.0), 32, Duration::from_secs(20)).await?;
    let ok = fixed.p95_ms <= super::map::HTTP_GOAL_MS;
    let _ = writeln!(r, "| p95 à 2 000 req/s offertes (boucle ouverte, 32 connexions, 20 s) | {:.2} ms (p50 {:.2}, p99 {:.2} ; {:.0} req/s servies, {} erreurs) | ≤ 5 ms {} |", fixed.p95_ms, fixed.p50_ms, fixed.p99_ms, fixed.rps, fixed.errors, if ok { "✓" } else { "✗" });
    let max = load(&addr, &urls, None, 32, Duration::from_secs(15)).await?;
    let _ = writeln!(r, "| débit maximal, 32 connexions (15 s) | {:.0} req/s (p95 {:.2} ms) | — |", max.rps, max.p95_ms);
    drop(server);
    let _ = std::fs::remove_file(&index_file);
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
        app::db::posts::POST_IS_PUBLIC
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

struct LoadResult {
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    rps: f64,
    errors: usize,
}

/// `rate`: requests a second offered (open loop), or `None`: each connection sends its
/// next request as soon as the previous answer is in (closed loop).
async fn load(addr: &str, urls: &[String], rate: Option<f64>, conns: usize, duration: Duration) -> Result<LoadResult, String> {
    use std::sync::Arc;
    use tokio::sync::{Mutex, mpsc};
    let start = tokio::time::Instant::now();
    let end = start + duration;
    // Send times, shared by the connections (open loop only).
    let (tx, rx) = mpsc::channel::<tokio::time::Instant>(100_000);
    let rx = Arc::new(Mutex::new(rx));
    if let Some(rate) = rate {
        tokio::spawn(async move {
            let step = Duration::from_secs_f64(1.0 / rate);
            let mut at = start;
            while at < end {
                tokio::time::sleep_until(at).await;
                if tx.send(at).await.is_err() {
                    break;
                }
                at += step;
            }
        });
    } else {
        drop(tx);
    }
    let urls = Arc::new(urls.to_vec());
    let mut tasks = Vec::new();
    for c in 0..conns {
        let (addr, urls, rx) = (addr.to_string(), urls.clone(), rx.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut errors = 0usize;
            let mut conn: Option<Conn> = None;
            let mut i = c;
            loop {
                let scheduled = if rate.is_some() {
                    match rx.lock().await.recv().await {
                        Some(at) => at,
                        None => break,
                    }
                } else {
                    let now = tokio::time::Instant::now();
                    if now >= end {
                        break;
                    }
                    now
                };
                if conn.is_none() {
                    conn = Conn::open(&addr).await.ok();
                }
                let path = &urls[i % urls.len()];
                i += conns;
                let answered = match conn.as_mut() {
                    Some(cx) => cx.get(&addr, path).await.is_ok(),
                    None => false,
                };
                if answered {
                    times.push(scheduled.elapsed());
                } else {
                    errors += 1;
                    conn = None;
                }
            }
            (times, errors)
        }));
    }
    let mut times = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (ts, e) = t.await.map_err(|e| e.to_string())?;
        times.extend(ts);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    times.sort_unstable();
    let q = |p: f64| super::measure::quantile_ms(&times, p);
    Ok(LoadResult { p50_ms: q(0.50), p95_ms: q(0.95), p99_ms: q(0.99), rps: times.len() as f64 / elapsed, errors })
}

/// A keep-alive HTTP/1.1 connection reading `Content-Length` bodies (what the map API sends).
struct Conn {
    reader: tokio::io::BufReader<tokio::net::TcpStream>,
}

impl Conn {
    async fn open(addr: &str) -> std::io::Result<Conn> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn { reader: tokio::io::BufReader::new(stream) })
    }

    async fn get(&mut self, host: &str, path: &str) -> std::io::Result<()> {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        self.reader.get_mut().write_all(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes()).await?;
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        if !line.starts_with("HTTP/1.1 200") {
            return Err(bad(&line));
        }
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let mut body = vec![0u8; length.ok_or_else(|| bad("no content-length"))?];
        self.reader.read_exact(&mut body).await?;
        Ok(())
    }
}
