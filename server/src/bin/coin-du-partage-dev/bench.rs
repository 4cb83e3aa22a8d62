//! `coin-du-partage-dev bench [--posts N] [--runs N] [--seed N] [--only search,page,api,throughput,dashboard]`: the list and search
//! benchmarks of docs/benchmarks.md, on the database of `DATABASE_URL` (the backend this
//! binary was built for). Adds synthetic posts (server/src/generate.rs) until there are
//! N public or not, refreshes the planner statistics, then measures — each case next to
//! a naive baseline in the same run (bench/naive.rs) — and prints a Markdown report:
//!
//! - search: the data of one list page with relevance order, for a very common word, a
//!   rare word and a prefix;
//! - the list page `/partage?…` rendered by the real router (`oneshot`, no network);
//! - `GET /api/v1/posts` with a map box and a word, from a street to all of France;
//! - throughput of both at concurrency 1, 2, 4, 8;
//! - the coordination dashboard (bench/dashboard.rs), its figures and its page.

pub mod alerts;
pub mod bookings;
mod dashboard;
pub mod map;
mod map_http;
mod measure;
mod naive;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use app::db::Pool;
use app::search::PostIndex;
use app::model::{BBox, PostFilter};
use app::state::{AppState, SiteConfig};
use axum::body::Body;
use axum::http::Request;
use measure::{Budget, Latency, latency, throughput};
use server::config::Config;
use server::{generate, startup};
use tower::ServiceExt;

/// Goals of the issue (p95, milliseconds).
const SEARCH_GOAL_MS: f64 = 10.0;
const PAGE_GOAL_MS: f64 = 10.0;
const API_GOAL_MS: f64 = 5.0;
/// Where map boxes are centred: Paris, the densest place of the synthetic data.
const CENTRE: (f64, f64) = (48.8566, 2.3522);
/// Metropolitan France.
const FRANCE: BBox = BBox { min_lon: -5.2, min_lat: 41.3, max_lon: 9.6, max_lat: 51.1 };
/// Words: very common (~90 % of posts), rare (~1 %), a prefix (~15 %).
const COMMON: &str = "de";
const RARE: &str = "triporteur";
const PREFIX: &str = "benev";

#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub posts: u64,
    pub runs: usize,
    pub seed: u64,
    pub seconds_per_throughput: u64,
    /// Only these parts (`search`, `page`, `api`, `throughput`); all when empty.
    pub only: Vec<String>,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions { posts: 100_000, runs: 300, seed: 1, seconds_per_throughput: 3, only: Vec::new() }
    }
}

pub fn parse_args(args: &[String]) -> Result<BenchOptions, String> {
    let mut opts = BenchOptions::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--only" {
            let parts = it.next().ok_or("--only search,page,api,throughput,dashboard")?;
            opts.only = parts.split(',').map(String::from).collect();
            if let Some(bad) = opts.only.iter().find(|p| !["search", "page", "api", "throughput", "dashboard"].contains(&p.as_str())) {
                return Err(format!("--only : partie inconnue / unknown part: {bad}"));
            }
            continue;
        }
        let value = it.next().and_then(|v| v.replace('_', "").parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--posts", Some(v)) => opts.posts = v,
            ("--runs", Some(v)) if v >= 5 => opts.runs = v as usize,
            ("--seed", Some(v)) => opts.seed = v,
            ("--throughput-seconds", Some(v)) if v >= 1 => opts.seconds_per_throughput = v,
            _ => return Err(format!("option invalide / invalid option: {flag}")),
        }
    }
    Ok(opts)
}

/// One line of the report: ours, the baseline, the goal.
struct Row {
    case: String,
    ours: Latency,
    naive: Option<(&'static str, Latency)>,
    goal_ms: Option<f64>,
}

pub async fn run(config: Config, opts: BenchOptions) -> Result<(), String> {
    let pool = startup::prepare_database(&config).await.map_err(|e| e.to_string())?;
    ensure_posts(&pool, opts.posts, opts.seed).await?;
    generate::refresh_statistics(&pool).await.map_err(|e| e.message)?;
    // The lists read the index in memory, as on a running server; the same router
    // without it reads the database (the path before the index), measured beside.
    let index = Arc::new(PostIndex::default());
    let started = std::time::Instant::now();
    let indexed = index.load(&pool).await.map_err(|e| e.to_string())?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let state = bench_state(&config, &pool, index.clone())?;
    let db_state = AppState { posts: Arc::new(PostIndex::default()), ..state.clone() };
    let router = bench_router(state.clone()).await?;
    let db_router = bench_router(db_state.clone()).await?;
    let budget = Budget { warmup: 10, runs: opts.runs, max_time: Duration::from_secs(10) };
    let naive_budget = Budget { warmup: 2, runs: opts.runs, max_time: Duration::from_secs(5) };

    let mut report = header(&pool).await?;
    let _ = writeln!(report, "Index des annonces en mémoire : {indexed} annonces publiques lues et indexées en {load_ms:.0} ms.\n");
    let wanted = |part: &str| opts.only.is_empty() || opts.only.iter().any(|p| p == part);
    let mut rows = Vec::new();
    if wanted("search") {
        eprintln!("recherche / search…");
        rows.extend(search_rows(&pool, [&state, &db_state], budget, naive_budget).await?);
    }
    if wanted("page") {
        eprintln!("page /partage…");
        rows.extend(page_rows(&pool, [&router, &db_router], budget, naive_budget).await?);
    }
    if wanted("api") {
        eprintln!("/api/v1/posts…");
        rows.extend(api_rows(&pool, [&router, &db_router], budget, naive_budget).await?);
    }
    if wanted("dashboard") {
        eprintln!("tableau de bord / dashboard…");
        for c in dashboard::rows(&pool, &router, &config.public_url, budget, naive_budget).await? {
            rows.push(Row {
                case: c.label,
                ours: c.ours,
                naive: Some(("toutes les annonces et réponses du périmètre lues, chiffres calculés en Rust", c.naive)),
                goal_ms: c.has_goal.then_some(dashboard::GOAL_MS),
            });
        }
    }
    write_rows(&mut report, &rows);
    if wanted("throughput") {
        eprintln!("débit / throughput…");
        report.push_str(&throughput_table(&pool, &router, Duration::from_secs(opts.seconds_per_throughput)).await?);
    }
    let missed = rows.iter().filter(|r| r.goal_ms.is_some_and(|g| r.ours.p95_ms > g)).count();
    let _ = writeln!(report, "\nObjectifs p95 manqués / p95 goals missed: {missed}");
    print!("{report}");
    Ok(())
}

/// Adds synthetic posts (`server::generate`) until the database holds `posts`.
pub(crate) async fn ensure_posts(pool: &Pool, posts: u64, seed: u64) -> Result<(), String> {
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(pool).await.map_err(|e| e.to_string())?;
    if (have as u64) < posts {
        eprintln!("génération de {} annonces / generating posts…", posts - have as u64);
        let report = generate::generate(pool, &generate::GenerateOptions::for_posts(posts - have as u64, seed)).await.map_err(|e| e.message)?;
        eprintln!("{report}");
    }
    Ok(())
}

/// The application's state on this database, with an empty site root (the pages
/// reference the bundle by name; no file is read).
pub(crate) fn bench_state(config: &Config, pool: &Pool, posts: Arc<PostIndex>) -> Result<AppState, String> {
    let site_root = std::env::temp_dir().join(format!("coin-bench-site-{}", std::process::id()));
    std::fs::create_dir_all(site_root.join("pkg")).map_err(|e| e.to_string())?;
    let leptos_options = leptos::prelude::LeptosOptions::builder()
        .output_name("coin-du-partage")
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .build();
    let state = AppState {
        signer: Arc::new(app::auth::signed::Signer::new(&crate::startup::generate_secret())),
        pool: pool.clone(),
        leptos_options,
        site: Arc::new(SiteConfig {
            public_url: config.public_url.clone(),
            tile_url: config.tile_url.clone(),
            tile_attribution: config.tile_attribution.clone(),
            dev_mode: false,
            trusted_proxies: Default::default(),
            metrics_from: config.metrics_from.clone(),
            geocoder_url: None,
        }),
        throttles: Default::default(),
        figures: Default::default(),
        posts,
        cache: Default::default(),
    };
    Ok(state)
}

/// The application's router with this state.
pub(crate) async fn bench_router(state: AppState) -> Result<axum::Router, String> {
    let sessions = startup::session_store(&state.pool).await.map_err(|e| e.to_string())?;
    // The map is not measured here (bench-map): its index is left unloaded.
    Ok(server::router::router(state, sessions, server::map::MapData::default()))
}

/// GETs `uri` through the router; anything but 200 is an error.
pub(crate) async fn get(router: &axum::Router, uri: &str) -> Result<(), String> {
    let res = router.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.map_err(|e| e.to_string())?;
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!("{uri}: {status} {}", String::from_utf8_lossy(&body[..body.len().min(300)])));
    }
    Ok(())
}

fn filter(q: &str) -> PostFilter {
    PostFilter { q: q.into(), page: 1, ..Default::default() }
}

/// The comparison beside the naive baselines: the same request without the index.
const DATABASE_PATH: &str = "sans l’index : lecture bornée en base (chemin d’avant)";

async fn search_rows(pool: &Pool, [state, db_state]: [&AppState; 2], budget: Budget, naive_budget: Budget) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (label, word) in [("mot très courant", COMMON), ("mot rare", RARE), ("préfixe", PREFIX)] {
        let f = filter(word);
        let total = app::sharing::list::page(state, &f).await.map_err(|e| e.message)?.total;
        let ours = latency(budget, || async { app::sharing::list::page(state, &f).await.map(drop).map_err(|e| e.message) }).await?;
        let database = latency(budget, || async { app::sharing::list::page(db_state, &f).await.map(drop).map_err(|e| e.message) }).await?;
        let ranked = latency(naive_budget, || async { naive::unbounded_rank(pool, word).await.map(drop).map_err(|e| e.to_string()) }).await?;
        let scan = latency(naive_budget, || async { naive::like_scan(pool, word).await.map(drop).map_err(|e| e.to_string()) }).await?;
        let case = format!("recherche, {label} « {word} » ({total} classées), pertinence");
        rows.push(Row { case: case.clone(), ours: ours.clone(), naive: Some(("pertinence sur toutes les correspondances", ranked)), goal_ms: Some(SEARCH_GOAL_MS) });
        rows.push(Row { case: case.clone(), ours: ours.clone(), naive: Some(("LIKE '% mot%' sur toutes les annonces", scan)), goal_ms: Some(SEARCH_GOAL_MS) });
        rows.push(Row { case, ours, naive: Some((DATABASE_PATH, database)), goal_ms: Some(SEARCH_GOAL_MS) });
    }
    Ok(rows)
}

async fn page_rows(pool: &Pool, [router, db_router]: [&axum::Router; 2], budget: Budget, naive_budget: Budget) -> Result<Vec<Row>, String> {
    let cases: [(&str, &str, Vec<String>, Option<&str>); 5] = [
        ("/partage", "toutes, plus récentes", vec![], None),
        ("/partage?q=de", "mot très courant, pertinence", vec![COMMON.into()], None),
        ("/partage?q=triporteur", "mot rare, pertinence", vec![RARE.into()], None),
        ("/partage?q=benev&departement=13", "préfixe + département", vec![PREFIX.into()], Some("13")),
        ("/partage?tri=distance&depuis=69123", "distance depuis Lyon", vec![], None),
    ];
    let mut rows = Vec::new();
    for (uri, label, words, dep) in cases {
        let ours = latency(budget, || get(router, uri)).await?;
        let naive = latency(naive_budget, || async { naive::previous_list(pool, &words, dep).await.map(drop).map_err(|e| e.to_string()) }).await?;
        let database = latency(budget, || get(db_router, uri)).await?;
        rows.push(Row { case: format!("page `{uri}` ({label})"), ours: ours.clone(), naive: Some((DATABASE_PATH, database)), goal_ms: Some(PAGE_GOAL_MS) });
        rows.push(Row {
            case: format!("page `{uri}` ({label})"),
            ours,
            naive: Some(("requête de la liste d’avant (compte exact, tri de tout), données seules", naive)),
            goal_ms: Some(PAGE_GOAL_MS),
        });
    }
    Ok(rows)
}

/// A box of half-width `km` around the centre (`None`: France).
fn viewport(km: Option<f64>) -> BBox {
    let Some(km) = km else { return FRANCE };
    let dlat = km / app::search::KM_PER_DEGREE;
    let dlon = dlat / CENTRE.0.to_radians().cos();
    BBox { min_lon: CENTRE.1 - dlon, min_lat: CENTRE.0 - dlat, max_lon: CENTRE.1 + dlon, max_lat: CENTRE.0 + dlat }
}

async fn api_rows(pool: &Pool, [router, db_router]: [&axum::Router; 2], budget: Budget, naive_budget: Budget) -> Result<Vec<Row>, String> {
    let sizes = [("rue", Some(0.25)), ("quartier", Some(1.5)), ("ville", Some(8.0)), ("département", Some(50.0)), ("région", Some(200.0)), ("France", None)];
    let mut rows = Vec::new();
    for (label, km) in sizes {
        let b = viewport(km);
        for word in [COMMON, RARE] {
            let uri = format!("/api/v1/posts?bbox={:.4},{:.4},{:.4},{:.4}&q={word}", b.min_lon, b.min_lat, b.max_lon, b.max_lat);
            let (found, _) = naive::bbox_scan(pool, b, word).await.map_err(|e| e.to_string())?;
            let ours = latency(budget, || get(router, &uri)).await?;
            let naive = latency(naive_budget, || async { naive::bbox_scan(pool, b, word).await.map(drop).map_err(|e| e.to_string()) }).await?;
            let database = latency(budget, || get(db_router, &uri)).await?;
            let case = format!("`/api/v1/posts` {label} + « {word} » ({found} annonces)");
            rows.push(Row { case: case.clone(), ours: ours.clone(), naive: Some((DATABASE_PATH, database)), goal_ms: Some(API_GOAL_MS) });
            rows.push(Row {
                case,
                ours,
                naive: Some(("boîte sans index + LIKE", naive)),
                goal_ms: Some(API_GOAL_MS),
            });
        }
    }
    Ok(rows)
}

async fn throughput_table(pool: &Pool, router: &axum::Router, duration: Duration) -> Result<String, String> {
    let city = viewport(Some(8.0));
    let api = format!("/api/v1/posts?bbox={:.4},{:.4},{:.4},{:.4}&q={COMMON}", city.min_lon, city.min_lat, city.max_lon, city.max_lat);
    let page = "/partage?q=benev".to_string();
    let mut out = String::from("\n| débit (requêtes/s) | c=1 | c=2 | c=4 | c=8 |\n|---|---:|---:|---:|---:|\n");
    for (label, uri) in [("`/api/v1/posts` ville + « de »", api), ("page `/partage?q=benev`", page)] {
        let mut line = format!("| {label} |");
        for workers in [1, 2, 4, 8] {
            let (router, uri) = (router.clone(), uri.clone());
            let rate = throughput(workers, duration, move || {
                let (router, uri) = (router.clone(), uri.clone());
                async move { get(&router, &uri).await }
            })
            .await?;
            let _ = write!(line, " {rate:.0} |");
        }
        out.push_str(&line);
        out.push('\n');
    }
    let mut line = "| naïf : boîte ville sans index + LIKE « de » (SQL seul) |".to_string();
    for workers in [1, 2, 4, 8] {
        let pool = pool.clone();
        let rate = throughput(workers, duration, move || {
            let pool = pool.clone();
            async move { naive::bbox_scan(&pool, city, COMMON).await.map(drop).map_err(|e| e.to_string()) }
        })
        .await?;
        let _ = write!(line, " {rate:.0} |");
    }
    out.push_str(&line);
    out.push('\n');
    Ok(out)
}

async fn header(pool: &Pool) -> Result<String, String> {
    Ok(format!(
        "{}| mesure | p50 | p95 | p99 | n | objectif p95 | référence naïve | naïf p50 | naïf p95 | naïf p99 |\n\
         |---|---:|---:|---:|---:|---|---|---:|---:|---:|\n",
        header_line(pool).await?
    ))
}

/// The report's title (backend, posts) and machine line.
pub(crate) async fn header_line(pool: &Pool) -> Result<String, String> {
    #[cfg(not(feature = "postgres"))]
    let version_sql = "SELECT 'SQLite ' || sqlite_version()";
    #[cfg(feature = "postgres")]
    let version_sql = "SELECT split_part(version(), ' on ', 1)";
    let version: String = sqlx::query_scalar(version_sql).fetch_one(pool).await.map_err(|e| e.to_string())?;
    let (posts, public): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id",
        app::db::posts::POST_IS_PUBLIC
    ))
    .fetch_one(pool)
    .await
    .map_err(|e| e.to_string())?;
    let read = |path: &str, key: &str| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with(key)).map(|l| l.split_once([':', '=']).map(|x| x.1).unwrap_or(l).trim().trim_matches('"').to_string()))
            .unwrap_or_else(|| "?".into())
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    Ok(format!(
        "## {version} — {posts} annonces ({public} publiques)\n\n{} · {cores} cœurs · mémoire {} · {} · {}\n\n",
        read("/proc/cpuinfo", "model name"),
        read("/proc/meminfo", "MemTotal"),
        read("/etc/os-release", "PRETTY_NAME"),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
    ))
}

fn write_rows(out: &mut String, rows: &[Row]) {
    let ms = |v: f64| format!("{v:.2}");
    for r in rows {
        let goal = match r.goal_ms {
            Some(g) if r.ours.p95_ms <= g => format!("≤ {g} ms ✓"),
            Some(g) => format!("≤ {g} ms ✗"),
            None => String::new(),
        };
        let (what, n50, n95, n99) = match &r.naive {
            Some((what, l)) => (what.to_string(), ms(l.p50_ms), ms(l.p95_ms), ms(l.p99_ms)),
            None => Default::default(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {goal} | {what} | {n50} | {n95} | {n99} |",
            r.case,
            ms(r.ours.p50_ms),
            ms(r.ours.p95_ms),
            ms(r.ours.p99_ms),
            r.ours.runs
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_viewports() {
        let args: Vec<String> = ["--posts", "1_000", "--runs", "50"].iter().map(|s| s.to_string()).collect();
        let o = parse_args(&args).unwrap();
        assert_eq!((o.posts, o.runs), (1_000, 50));
        assert!(parse_args(&["--runs".to_string(), "2".to_string()]).is_err());
        assert!(parse_args(&["--nope".to_string()]).is_err());
        let only = parse_args(&["--only".to_string(), "api,search".to_string()]).unwrap().only;
        assert_eq!(only, vec!["api", "search"]);
        assert!(parse_args(&["--only".to_string(), "api,nope".to_string()]).is_err());
        let street = viewport(Some(0.25));
        assert!(street.max_lat - street.min_lat < 0.01 && street.min_lon < CENTRE.1 && CENTRE.1 < street.max_lon);
        assert_eq!(viewport(None), FRANCE);
    }
}
