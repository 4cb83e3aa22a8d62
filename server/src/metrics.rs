//! `GET /metrics`: the instance's figures in Prometheus' text format (0.0.4), through the
//! `prometheus-client` crate.
//!
//! - requests by matched route template (`/partage/{id}`, never the id itself: bounded
//!   labels), method and status; latency histograms by route;
//! - the database pool (connections open, idle);
//! - the outbox (mails waiting, age of the oldest);
//! - the map's and the search's indexes: changes of the log not applied yet, seconds
//!   since they last caught up;
//! - the background jobs' runs and failures (`job`, called by their loops).
//!
//! The counters live in one registry per process (the tests' routers share it, as they
//! share the process); the gauges are read when the page is asked for.
//!
//! **Who may read it**: only the addresses of `COIN_METRICS_FROM` (default: this machine,
//! `127.0.0.1, ::1`). A request that came through a reverse proxy is judged by the client
//! the proxy names when the proxy is trusted (`COIN_TRUSTED_PROXIES`), and refused when it
//! is not: behind nginx every request comes from 127.0.0.1, and the public must not read
//! this page. Anyone else gets the site's 404.

use std::net::{IpAddr, SocketAddr};
use std::sync::LazyLock;
use std::time::Instant;

use app::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::map::MapData;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: String,
}

/// Latency buckets, in seconds: the 100 ms goal sits in the middle.
const BUCKETS: [f64; 11] = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

fn latency_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// What the server counts as it runs.
struct Counters {
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    job_runs: Family<JobLabels, Counter>,
    job_failures: Family<JobLabels, Counter>,
}

static COUNTERS: LazyLock<Counters> = LazyLock::new(|| Counters {
    requests: Family::default(),
    latency: Family::new_with_constructor(latency_histogram),
    job_runs: Family::default(),
    job_failures: Family::default(),
});

/// A background job's run (its loop calls this after each pass).
pub fn job(name: &str, ok: bool) {
    let labels = JobLabels { job: name.to_string() };
    COUNTERS.job_runs.get_or_create(&labels).inc();
    if !ok {
        COUNTERS.job_failures.get_or_create(&labels).inc();
    }
}

/// The middleware: counts every request by its route template, method and status.
pub async fn record(req: Request, next: Next) -> Response {
    // Routes are templates (`/partage/{id}`); whatever matched none (files, 404) is one label.
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "(autre)".into());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    COUNTERS.latency.get_or_create(&RouteLabels { route: route.clone() }).observe(started.elapsed().as_secs_f64());
    COUNTERS.requests.get_or_create(&RequestLabels { route, method, status }).inc();
    res
}

/// Whether the caller may read the figures (see the module documentation).
pub fn allowed(st: &AppState, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
    let Some(peer) = peer else { return false };
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let through_proxy = !forwarded.is_empty() || headers.contains_key("forwarded");
    let client = match (through_proxy, st.site.trusted_proxies.contains(peer)) {
        (false, _) => peer,
        (true, true) => st.site.trusted_proxies.client_addr(peer, forwarded),
        (true, false) => return false,
    };
    st.site.metrics_from.contains(client)
}

/// `GET /metrics`.
pub async fn page(
    State(st): State<AppState>,
    Extension(map): Extension<MapData>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    if !allowed(&st, peer.map(|Extension(ConnectInfo(p))| p.ip()), &headers) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match render(&st, &map).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// A gauge set to `value`, registered under `name`.
fn gauge(registry: &mut Registry, name: &str, help: &str, value: i64) {
    let g: Gauge = Gauge::default();
    g.set(value);
    registry.register(name, help, g);
}

/// The page's text: the counters, then the gauges read now.
pub async fn render(st: &AppState, map: &MapData) -> Result<String, app::error::AppError> {
    let now = chrono::Utc::now();
    let age = |at: Option<chrono::DateTime<chrono::Utc>>| at.map_or(-1, |at| (now - at).num_seconds().max(0));
    let last = app::change_log::last(&st.pool).await?;
    let (queued, oldest) = app::db::outbox::queue(&st.pool).await?;

    let mut registry = Registry::with_prefix("coin");
    let c = &*COUNTERS;
    registry.register("http_requests", "Requêtes par route (modèle), méthode et statut", c.requests.clone());
    registry.register("http_request_duration_seconds", "Durée des requêtes par route (modèle)", c.latency.clone());
    registry.register("job_runs", "Passages des tâches de fond", c.job_runs.clone());
    registry.register("job_failures", "Passages en échec des tâches de fond", c.job_failures.clone());
    gauge(&mut registry, "db_pool_connections", "Connexions ouvertes du pool de la base", i64::from(st.pool.size()));
    gauge(&mut registry, "db_pool_idle_connections", "Connexions inactives du pool de la base", st.pool.num_idle() as i64);
    gauge(&mut registry, "outbox_queued_mails", "Courriels en attente d’envoi", queued);
    gauge(&mut registry, "outbox_oldest_mail_age_seconds", "Âge du plus ancien courriel en attente (0 : aucun)", oldest.map_or(0, |o| (now - o).num_seconds().max(0)));
    let snapshot = map.snapshot();
    gauge(&mut registry, "map_index_items", "Points de l’index de la carte (-1 : pas encore chargé)", snapshot.as_ref().map_or(-1, |s| (s.index.len() + s.overlay.items.len() - s.overlay.replaced.len()) as i64));
    gauge(&mut registry, "map_index_changes_behind", "Changements du journal pas encore appliqués à la carte", snapshot.as_ref().map_or(last, |s| (last - s.seq).max(0)));
    gauge(&mut registry, "map_index_age_seconds", "Secondes depuis que la carte a rattrapé le journal (-1 : jamais)", age(map.synced_at()));
    gauge(&mut registry, "search_index_changes_behind", "Changements du journal pas encore appliqués à la recherche", (last - st.posts.seen()).max(0));
    gauge(&mut registry, "search_index_age_seconds", "Secondes depuis que la recherche a rattrapé le journal (-1 : jamais)", age(st.posts.synced_at()));

    let mut text = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut text, &registry).map_err(app::error::AppError::internal)?;
    Ok(text)
}

/// The route, with what it reads.
pub fn routes(map: MapData) -> Router<AppState> {
    Router::new().route("/metrics", axum::routing::get(page).layer(Extension(map)))
}
