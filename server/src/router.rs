//! `fn router(state) -> Router`, shared by `main` and the tests (driven with `oneshot`).

use std::sync::Arc;
use std::time::Duration;

use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::security::{self, SecurityConfig};

/// Largest request body accepted (forms and server-function calls). Uploads, when they
/// come, get their own, explicit limit.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// The structures CSV import sends its text form-encoded (1 MB of text, up to ×3 encoded).
pub const IMPORT_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How large a request body may be on this path.
pub fn body_limit(path: &str) -> usize {
    if matches!(path, "/api/preview_import" | "/api/start_import") { IMPORT_BODY_BYTES } else { MAX_BODY_BYTES }
}

/// Bounds every request body ([`body_limit`]): 413 at once when the announced length is
/// over, and the body itself cut at the limit whatever it announces.
async fn limit_body(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let max = body_limit(req.uri().path());
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|n| n > max) {
        return (StatusCode::PAYLOAD_TOO_LARGE, app::i18n::ERR_BODY_TOO_LARGE).into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::new(http_body_util::Limited::new(body, max)))).await
}

/// The app's routes, listed once per process. Listing them runs the whole app with
/// resource loading suspended through a *process-wide* flag (leptos_router's
/// `SuppressResourceLoad`): a page rendered at that moment by another router of the same
/// process would wait forever on its first resource (leptos issue #4773). The server
/// builds one router, but the tests build one per test, in parallel — a page then hung
/// until the 30 s timeout now and then.
static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::LazyLock::new(|| generate_route_list(App));

/// `map` is what `/api/v1/map` serves (kept current by `map::sync::run`).
pub fn router(state: AppState, sessions: app::db::backend::SessionStore, map: crate::map::MapData) -> Router {
    let routes = ROUTES.clone();
    let options = state.leptos_options.clone();
    // Every build's files are under /pkg/<hash>/ (`scripts/site.mjs`), the previous
    // build's too: they can be cached for a year. Otherwise the browser revalidates.
    let pkg_path = format!("{}/pkg", options.site_root);
    let pkg_cache = if crate::startup::content_addressed(&options) {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("no-cache")
    };
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, pkg_cache))
        .service(ServeDir::new(pkg_path).precompressed_br().precompressed_gzip());

    let security = Arc::new(SecurityConfig::new(&state.site.public_url, &state.site.tile_url));
    // The map pages list the first items of their view in their HTML, from the map's
    // index, which the app crate cannot name: reached through this function.
    let first_items = {
        let (st, map) = (state.clone(), map.clone());
        app::api::map::MapFirstItems(Arc::new(move |query: String, limit: usize| {
            let (st, map) = (st.clone(), map.clone());
            Box::pin(async move { crate::map::api::first_items(&st, &map, &query, limit).await })
        }))
    };
    let ctx = {
        let st = state.clone();
        let security = security.clone();
        move || {
            provide_context(st.clone());
            provide_context(first_items.clone());
            security::provide_page_csp(&security);
        }
    };
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/structures", get(crate::open_data::structures))
        .route("/api/v1/posts", get(crate::open_data::posts))
        .route("/api/v1/posts.geojson", get(crate::exports::posts_geojson))
        .route("/api/v1/posts.csv", get(crate::exports::posts_csv))
        .route("/api/v1/structures.geojson", get(crate::exports::structures_geojson))
        .route("/api/v1/structures.csv", get(crate::exports::structures_csv))
        .route("/api/v1/resources.geojson", get(crate::exports::resources_geojson))
        .route("/api/v1/resources.csv", get(crate::exports::resources_csv))
        .route("/api/v1/map", get(crate::map::api::map).layer(axum::Extension(map.clone())))
        .route("/coordination/export/annonces.csv", get(crate::coordination_export::posts_csv))
        .route("/coordination/export/annonces.geojson", get(crate::coordination_export::posts_geojson))
        .route("/coordination/export/structures.csv", get(crate::coordination_export::structures_csv))
        .route("/coordination/export/structures.geojson", get(crate::coordination_export::structures_geojson))
        .route("/coordination/export/structures.data-inclusion.json", get(crate::coordination_export::structures_data_inclusion))
        .route("/desabonnement/{token}", axum::routing::post(crate::unsubscribe::post))
        .route("/partage.atom", get(crate::feeds::share_atom))
        .route("/benevolat.ics", get(crate::feeds::missions_ics))
        .route("/structures/{slug}/missions.ics", get(crate::feeds::structure_missions_ics))
        .route("/structures/{slug}/reservations.ics", get(crate::feeds::structure_bookings_ics))
        .route("/ressources/{id}/agenda.ics", get(crate::feeds::resource_bookings_ics))
        .merge(crate::metrics::routes(map.clone()))
        .nest_service("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, ctx.clone(), app_shell)
        // Inside the session layer (below): the policy needs the caller's session.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::authz::authorize))
        // Outside the policy: a refused plain form keeps its fields for the page it returns to.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::form_flash::keep_refused_form))
        // Files of public/ (favicon…) and the 404 page for everything else.
        .fallback(file_and_error_handler_with_context::<AppState, _>(ctx, shell))
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(axum::middleware::from_fn_with_state(security, security::protect))
                .layer(axum::middleware::from_fn(limit_body))
                .layer(session_layer(sessions, state.site.public_url.starts_with("https://")))
                .layer(CompressionLayer::new())
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                )),
        )
        // Outermost: counts every request, with the route it matched.
        .layer(axum::middleware::from_fn(crate::metrics::record))
        .with_state(state)
}

/// Server-side sessions: cookie `HttpOnly`, `SameSite=Lax`, `Secure` on https, idle
/// expiry (the absolute limit is checked in `app::auth::session`).
fn session_layer(
    store: app::db::backend::SessionStore,
    secure: bool,
) -> tower_sessions::SessionManagerLayer<app::db::backend::SessionStore> {
    use tower_sessions::cookie::{SameSite, time};
    tower_sessions::SessionManagerLayer::new(store)
        .with_name("coin_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(tower_sessions::Expiry::OnInactivity(time::Duration::days(app::auth::session::IDLE_DAYS)))
}

/// Liveness and readiness: answers 200 only if the database answers.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = tokio::time::timeout(Duration::from_secs(2), app::db::ping(&state.pool))
        .await
        .is_ok_and(|r| r.is_ok());
    let (status, body) = if db_ok {
        (StatusCode::OK, serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        tracing::warn!("health check: database unavailable");
        (StatusCode::SERVICE_UNAVAILABLE, serde_json::json!({ "status": "error", "database": "unavailable" }))
    };
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body))
}
