//! Enforces `app::policy` in front of every server function: the endpoint's rule is
//! checked against the caller's role before the function runs. Unknown endpoints are
//! refused (deny by default).

use app::policy::{self, Role};
use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server functions live under `/api/<endpoint>`; the open-data REST API under `/api/v1/`.
pub fn server_fn_endpoint(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api/")?;
    (!rest.starts_with("v1/")).then_some(rest)
}

pub async fn authorize(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let rule = match server_fn_endpoint(&path) {
        Some(endpoint) => policy::rule_for(endpoint),
        // The REST API and downloads: routes listed in the policy are checked; an unknown
        // route is simply not found (the router answers 404), a page is the app's.
        None => match policy::rule_for_api(&path) {
            Some(rule) => Some(rule),
            None => return next.run(req).await,
        },
    };
    let Some(rule) = rule else {
        tracing::warn!(%path, "server function without a policy entry: refused");
        return app::error::AppError::forbidden().into_response();
    };
    if rule != policy::Rule::Public {
        let session = req.extensions().get::<tower_sessions::Session>().cloned();
        let role = match caller_role(&state, session).await {
            Ok(r) => r,
            Err(e) => return e.into_response(),
        };
        if !rule.allows(role, state.site.dev_mode) {
            let err = if role == Role::Visitor { app::error::AppError::unauthorized() } else { app::error::AppError::forbidden() };
            return (StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN), err).into_response();
        }
    }
    error_status(next.run(req).await).await
}

/// Leptos answers 500 to every server function error, including arguments it could not
/// read: give each `AppError` its own status (400 for a malformed request).
async fn error_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return app::error::AppError::internal("unreadable error body").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

async fn caller_role(state: &AppState, session: Option<tower_sessions::Session>) -> app::error::AppResult<Role> {
    let Some(session) = session else {
        return Ok(Role::Visitor);
    };
    match app::auth::session::current_user(&state.pool, &session).await? {
        Some(user) => app::policy::role_of(&state.pool, &user).await,
        None => Ok(Role::Visitor),
    }
}
