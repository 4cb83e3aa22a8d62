//! `coin-du-partage-dev bench-alerts [--posts N] [--alerts N] [--seed N] [--smtp HOST:PORT] [--seconds N]`:
//! the alert benchmarks of docs/benchmarks.md §6, on the database of `DATABASE_URL`.
//! Adds synthetic posts up to N, then synthetic visitors' alerts up to N (the generator
//! below: mixed areas, kinds, categories and words, drawn from the posts' own places and
//! words), makes them all due with one day of new posts, and measures, each beside a
//! naive baseline of the same run:
//!
//! 1. matching one post against every alert: the index (`app::mail::matching`) against
//!    testing every alert;
//! 2. the daily summaries of every alert (`app::mail::alerts::run`, mails enqueued in the
//!    real outbox), time and peak memory, against one list search per alert (timed on a
//!    sample and extrapolated);
//! 3. with `--smtp`, the outbox sender (`server::mailer`) delivering those mails to that
//!    SMTP server for `--seconds`, and the `/partage` page's latency before and while it
//!    sends.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::db::Pool;
use app::mail::alerts as alert_mail;
use app::model::{Grammar, Params, PostFilter, RADIUS_CHOICES};
use app::search::PostIndex;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use server::config::Config;
use server::startup;

use super::map::status_mb;
use super::measure::quantile_ms;

/// Goals of the issue.
const MATCH_GOAL_MS: f64 = 5.0;
const SUMMARIES_GOAL_S: f64 = 60.0;
const OUTBOX_GOAL_PER_S: f64 = 50.0;
/// Posts timed for matching (the index), and for the naive baseline.
const MATCHED_POSTS: usize = 1_000;
const NAIVE_POSTS: usize = 100;
/// Alerts searched one by one for the naive summaries (then extrapolated).
const NAIVE_ALERTS: usize = 1_000;
/// New posts since the last sending: about one day of the synthetic data (60 days).
const NEW_POSTS_SHARE: f64 = 1.0 / 60.0;
/// Alerts per visitor address.
const ALERTS_PER_ADDRESS: u64 = 2;

#[derive(Clone, Debug)]
pub struct AlertBenchOptions {
    pub posts: u64,
    pub alerts: u64,
    pub seed: u64,
    pub smtp: Option<String>,
    pub seconds: u64,
}

pub fn parse_args(args: &[String]) -> Result<AlertBenchOptions, String> {
    let mut o = AlertBenchOptions { posts: 100_000, alerts: 100_000, seed: 1, smtp: None, seconds: 30 };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let raw = it.next().ok_or(format!("{flag} : valeur manquante / missing value"))?;
        let number = raw.replace('_', "").parse::<u64>().ok();
        match (flag.as_str(), number) {
            ("--posts", Some(v)) => o.posts = v,
            ("--alerts", Some(v)) if v > 0 => o.alerts = v,
            ("--seed", Some(v)) => o.seed = v,
            ("--seconds", Some(v)) if v > 0 => o.seconds = v,
            ("--smtp", _) => o.smtp = Some(raw.clone()),
            _ => return Err(format!("option invalide / invalid option: {flag} {raw}")),
        }
    }
    Ok(o)
}

pub async fn run(config: Config, o: AlertBenchOptions) -> Result<(), String> {
    let pool = startup::prepare_database(&config).await.map_err(|e| e.to_string())?;
    super::ensure_posts(&pool, o.posts, o.seed).await?;
    let alerts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts").fetch_one(&pool).await.map_err(|e| e.to_string())?;
    if (alerts as u64) < o.alerts {
        eprintln!("génération de {} alertes / generating alerts…", o.alerts - alerts as u64);
        let started = Instant::now();
        generate_alerts(&pool, o.alerts - alerts as u64, o.seed).await?;
        eprintln!("alertes générées en {:.1} s", started.elapsed().as_secs_f64());
    }
    let now = app::db::now();
    let since = make_due(&pool, now).await?;
    let mut r = format!("{}\n", super::header_line(&pool).await?);
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts").fetch_one(&pool).await.map_err(|e| e.to_string())?;
    let new: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE published_at > $1").bind(since).fetch_one(&pool).await.map_err(|e| e.to_string())?;
    let _ = writeln!(r, "{total} alertes (adresses de visiteurs, {ALERTS_PER_ADDRESS} par adresse), {new} annonces nouvelles depuis le dernier envoi.\n");

    // 1. Matching.
    eprintln!("correspondance / matching…");
    let due = app::db::alerts::due_batch(&pool, now, i64::MAX).await.map_err(|e| e.message)?;
    let started = Instant::now();
    let (index, _) = alert_mail::index_of(&pool, &due).await.map_err(|e| e.message)?;
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    let networks = alert_mail::networks(&pool).await.map_err(|e| e.message)?;
    let mut posts: Vec<_> = app::db::alerts::published_after(&pool, DateTime::UNIX_EPOCH, i64::MAX)
        .await
        .map_err(|e| e.message)?
        .into_iter()
        .map(alert_mail::facts)
        .collect();
    posts.shuffle(&mut StdRng::seed_from_u64(o.seed));
    let (mut ours, mut matches) = (Vec::new(), 0usize);
    for p in posts.iter().take(MATCHED_POSTS) {
        let t = Instant::now();
        matches += std::hint::black_box(index.matching(p, &networks)).len();
        ours.push(t.elapsed());
    }
    let mut naive = Vec::new();
    for p in posts.iter().take(NAIVE_POSTS) {
        let t = Instant::now();
        std::hint::black_box(index.matching_naively(p, &networks));
        naive.push(t.elapsed());
    }
    ours.sort_unstable();
    naive.sort_unstable();
    let _ = writeln!(r, "| mesure | p50 | p95 | p99 | n | objectif | référence naïve | naïf p50 | naïf p95 |\n|---|---:|---:|---:|---:|---|---|---:|---:|");
    let _ = writeln!(
        r,
        "| une annonce contre {} alertes (index ; {:.1} alertes trouvées par annonce) | {:.3} | {:.3} | {:.3} | {} | p95 ≤ {MATCH_GOAL_MS} ms | chaque alerte testée | {:.3} | {:.3} |",
        index.len(),
        matches as f64 / ours.len().max(1) as f64,
        quantile_ms(&ours, 0.5),
        quantile_ms(&ours, 0.95),
        quantile_ms(&ours, 0.99),
        ours.len(),
        quantile_ms(&naive, 0.5),
        quantile_ms(&naive, 0.95),
    );
    let _ = writeln!(r, "\nIndex des {} alertes construit en {build_ms:.0} ms (filtres lus, centres des rayons résolus).\n", index.len());
    drop(index);
    drop(posts);
    drop(due);

    // 2. Summaries.
    eprintln!("résumés / summaries…");
    let index = Arc::new(PostIndex::default());
    index.load(&pool).await.map_err(|e| e.to_string())?;
    let state = super::bench_state(&config, &pool, index)?;
    let naive_s = naive_summaries(&state, &pool, now).await?;
    // The peak from here on: Linux resets the high-water mark on this write.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before_mb = status_mb("self", "VmHWM:");
    let outbox_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&pool).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mails = alert_mail::run(&state, &state.signer, now).await.map_err(|e| e.message)?;
    let took = started.elapsed().as_secs_f64();
    let peak_mb = status_mb("self", "VmHWM:");
    let outbox_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&pool).await.map_err(|e| e.to_string())?;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE next_due_at <= $1").bind(now).fetch_one(&pool).await.map_err(|e| e.to_string())?;
    if left > 0 || outbox_after - outbox_before != mails as i64 {
        return Err(format!("résumés incomplets / summaries incomplete: {left} alertes restantes, {mails} courriels"));
    }
    let _ = writeln!(
        r,
        "| résumés quotidiens de {total} alertes | durée | courriels | pic mémoire du processus |\n|---|---:|---:|---:|\n\
         | nos résumés (`mail::alerts::run`, objectif ≤ {SUMMARIES_GOAL_S} s) | {took:.1} s | {mails} | {peak_mb:.0} Mo (au début : {before_mb:.0} Mo) |\n\
         | naïf : une recherche de la liste par alerte (index en mémoire), {NAIVE_ALERTS} alertes mesurées, extrapolé | {:.1} s | — | — |\n",
        naive_s * total as f64 / NAIVE_ALERTS as f64,
    );

    // 3. Outbox.
    if let Some(smtp) = &o.smtp {
        eprintln!("boîte d’envoi / outbox…");
        r.push_str(&outbox(&state, smtp, Duration::from_secs(o.seconds)).await?);
    }
    print!("{r}");
    Ok(())
}

/// The naive summaries: the list's search once per alert (`since` its last sending, the
/// first page of ten), for the first `NAIVE_ALERTS` alerts; seconds taken.
async fn naive_summaries(state: &app::state::AppState, pool: &Pool, now: DateTime<Utc>) -> Result<f64, String> {
    let due = app::db::alerts::due_batch(pool, now, NAIVE_ALERTS as i64).await.map_err(|e| e.message)?;
    let started = Instant::now();
    for a in due.iter().take(NAIVE_ALERTS) {
        let f = PostFilter::from_params(&Params::parse(&a.query), Grammar::LIST);
        let s = app::search::PostSearch { since: Some(a.sent_until), ..app::search::of_filter(pool, &f, None).await.map_err(|e| e.message)? };
        std::hint::black_box(app::search::rank(state, &s, 0, 10).await.map_err(|e| e.message)?);
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Every alert confirmed and due now, its last sending one day of posts ago; returns
/// that instant.
async fn make_due(pool: &Pool, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let posts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(pool).await.map_err(|e| e.to_string())?;
    let offset = ((posts as f64 * NEW_POSTS_SHARE) as i64).max(1);
    let since: DateTime<Utc> = sqlx::query_scalar("SELECT published_at FROM posts WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1 OFFSET $1")
        .bind(offset)
        .fetch_one(pool)
        .await
        .map_err(|e| e.to_string())?;
    sqlx::query("UPDATE alerts SET confirmed_at = created_at, sent_until = $1, next_due_at = $2")
        .bind(since)
        .bind(now - chrono::Duration::seconds(1))
        .execute(pool)
        .await
        .map_err(|e| e.to_string())?;
    sqlx::query("UPDATE alert_subscribers SET mails_suspended_at = NULL").execute(pool).await.map_err(|e| e.to_string())?;
    Ok(since)
}

/// `n` visitors' alerts, `ALERTS_PER_ADDRESS` per address (`alerte-synth-<n>@example.org`):
/// a third around a commune (5 to 100 km), a fifth in a commune, a fifth in a
/// département, the rest anywhere; each with a kind half the time, one or two
/// categories often, and words a quarter of the time (drawn from the posts' texts).
pub async fn generate_alerts(pool: &Pool, n: u64, seed: u64) -> Result<(), String> {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_add(77));
    let places: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.insee, co.departement FROM posts p JOIN communes co ON co.insee = p.insee GROUP BY p.insee, co.departement ORDER BY p.insee",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| e.to_string())?;
    let categories: Vec<String> = sqlx::query_scalar("SELECT slug FROM categories ORDER BY id").fetch_all(pool).await.map_err(|e| e.to_string())?;
    let texts: Vec<String> = sqlx::query_scalar("SELECT search_folded FROM posts ORDER BY id LIMIT 2000").fetch_all(pool).await.map_err(|e| e.to_string())?;
    let words: Vec<String> = texts.iter().flat_map(|t| t.split(' ')).filter(|w| w.chars().count() >= 4).map(String::from).collect();
    if places.is_empty() || words.is_empty() {
        return Err("générez d’abord des annonces / generate posts first".into());
    }
    let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM alert_subscribers").fetch_one(pool).await.map_err(|e| e.to_string())?;
    let now = app::db::now();
    let addresses = n.div_ceil(ALERTS_PER_ADDRESS);
    let mut made = 0u64;
    for chunk_start in (0..addresses).step_by(500) {
        let count = (addresses - chunk_start).min(500);
        let mut tx = app::db::begin_write(pool).await.map_err(|e| e.to_string())?;
        let mut qb = sqlx::QueryBuilder::<app::db::Db>::new("INSERT INTO alert_subscribers (email, created_at) ");
        qb.push_values(0..count, |mut b, i| {
            b.push_bind(format!("alerte-synth-{}@example.org", first as u64 + chunk_start + i + 1)).push_bind(now);
        });
        qb.push(" RETURNING id");
        let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *tx).await.map_err(|e| e.to_string())?;
        let mut rows = Vec::new();
        for id in ids {
            for _ in 0..ALERTS_PER_ADDRESS {
                if made < n {
                    rows.push((id, random_query(&mut rng, &places, &categories, &words)));
                    made += 1;
                }
            }
        }
        let mut qb = sqlx::QueryBuilder::<app::db::Db>::new(
            "INSERT INTO alerts (subscriber_id, query, frequency, created_at, confirmed_at, sent_until, next_due_at) ",
        );
        qb.push_values(rows, |mut b, (id, query)| {
            b.push_bind(id).push_bind(query).push_bind(app::model::AlertFrequency::Daily).push_bind(now).push_bind(now).push_bind(now).push_bind(now);
        });
        qb.build().execute(&mut *tx).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn random_query(rng: &mut StdRng, places: &[(String, String)], categories: &[String], words: &[String]) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match rng.gen_range(0..100) {
        0..=49 => pairs.push(("type", "besoin".into())),
        50..=69 => pairs.push(("type", "ressource".into())),
        _ => {}
    }
    let picked = rng.gen_range(0..100);
    if picked < 60 {
        for c in categories.choose_multiple(rng, if picked < 20 { 2 } else { 1 }) {
            pairs.push(("categorie", c.clone()));
        }
    }
    let (insee, departement) = &places[rng.gen_range(0..places.len())];
    match rng.gen_range(0..100) {
        0..=32 => {
            pairs.push(("commune", insee.clone()));
            pairs.push(("rayon", RADIUS_CHOICES[rng.gen_range(0..RADIUS_CHOICES.len())].to_string()));
        }
        33..=52 => pairs.push(("commune", insee.clone())),
        53..=72 => pairs.push(("departement", departement.clone())),
        _ => {}
    }
    if rng.gen_range(0..4) == 0 {
        pairs.push(("q", words[rng.gen_range(0..words.len())].clone()));
    }
    alert_mail::canonical(&pairs.iter().map(|(k, v)| format!("{k}={}", app::model::encode(v))).collect::<Vec<_>>().join("&"))
}

/// Requests a page paces: a busy territory's site, not a load test (a closed loop on 2
/// cores would take the CPU the sender needs, and measure that instead).
const PAGES_PER_SECOND: f64 = 20.0;

/// `/partage` requested `PAGES_PER_SECOND` times a second for `duration`: sorted latencies.
async fn paced(router: &axum::Router, page: &str, duration: Duration) -> Result<Vec<Duration>, String> {
    let mut times = Vec::new();
    let started = Instant::now();
    let every = Duration::from_secs_f64(1.0 / PAGES_PER_SECOND);
    while started.elapsed() < duration {
        let due = started + every * times.len() as u32;
        tokio::time::sleep_until(due.into()).await;
        let t = Instant::now();
        super::get(router, page).await?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    Ok(times)
}

/// The outbox sender for `duration` against the SMTP server at `smtp`: mails per second,
/// and `/partage`'s latency before and while it sends.
async fn outbox(state: &app::state::AppState, smtp: &str, duration: Duration) -> Result<String, String> {
    let pool = &state.pool;
    let router = super::bench_router(state.clone()).await?;
    let page = "/partage?q=benev&type=besoin";
    for _ in 0..20 {
        super::get(&router, page).await?;
    }
    let quiet = paced(&router, page, Duration::from_secs(10)).await?;
    let (host, port) = smtp.rsplit_once(':').ok_or("--smtp HÔTE:PORT")?;
    let config = server::config::SmtpConfig {
        url: format!("smtp://{smtp}"),
        from: "Coin du partage <ne-pas-repondre@example.org>".parse().map_err(|_| "adresse d’expéditeur")?,
        host: host.to_string(),
        port: port.parse().map_err(|_| "--smtp HÔTE:PORT")?,
    };
    let mailer = server::mailer::Mailer::new(&config)?;
    let sent = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetch_one(pool).await.map_err(|e| e.to_string()) };
    let before = sent().await?;
    let task = tokio::spawn(mailer.run(pool.clone()));
    let started = Instant::now();
    let busy = paced(&router, page, duration).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let after = sent().await?;
    task.abort();
    let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL").fetch_one(pool).await.map_err(|e| e.to_string())?;
    let rate = (after - before) as f64 / elapsed;
    Ok(format!(
        "| boîte d’envoi vers un serveur SMTP local ({smtp}) | valeur | objectif |\n|---|---:|---|\n\
         | courriels envoyés par seconde, soutenu sur {elapsed:.0} s ({} envoyés, {failed} en échec) | {rate:.1} | ≥ {OUTBOX_GOAL_PER_S} |\n\
         | `{page}` à {PAGES_PER_SECOND} req/s, p95 sans envoi ({} requêtes) | {:.2} ms | — |\n\
         | `{page}` à {PAGES_PER_SECOND} req/s, p95 pendant l’envoi ({} requêtes) | {:.2} ms | ≤ 2 × sans envoi |\n",
        after - before,
        quiet.len(),
        quantile_ms(&quiet, 0.95),
        busy.len(),
        quantile_ms(&busy, 0.95),
    ))
}
