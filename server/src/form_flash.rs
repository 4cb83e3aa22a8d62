//! Forms keep what was typed without JavaScript. A plain `<form>` post to a server
//! function that fails is redirected back to the form's page with the error in the URL
//! (Leptos' `__path`/`__err`); this middleware keeps the submitted fields in the session
//! for that one page view, and hands them to the page (`FormFlash` in the request's
//! extensions, read by the form components). Password fields are never kept.

use app::components::form::FormFlash;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

const KEY: &str = "form_flash";

fn is_plain_form_post(req: &Request) -> bool {
    let header_has = |name: header::HeaderName, needle: &str| {
        req.headers().get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(needle))
    };
    req.method() == Method::POST
        && crate::authz::server_fn_endpoint(req.uri().path()).is_some()
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// Longer values (a pasted CSV file) are not kept in the session.
const FLASH_MAX_VALUE: usize = 64 * 1024;

pub async fn keep_refused_form(req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    if is_plain_form_post(&req) {
        let (parts, body) = req.into_parts();
        // The body limit layer outside already caps the size.
        let Ok(bytes) = axum::body::to_bytes(body, crate::router::body_limit(parts.uri.path())).await else {
            return app::error::AppError::bad_request(app::i18n::ERR_BAD_REQUEST).into_response();
        };
        let res = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        let refused = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.contains("__err="));
        if refused {
            let values: Vec<(String, String)> = url::form_urlencoded::parse(&bytes)
                .filter(|(name, value)| !name.contains("password") && value.len() <= FLASH_MAX_VALUE)
                .map(|(n, v)| (n.into_owned(), v.into_owned()))
                .collect();
            if let Err(e) = session.insert(KEY, FormFlash { values }).await {
                tracing::warn!(error = %e, "could not keep a refused form");
            }
        }
        return res;
    }
    let mut req = req;
    if req.method() == Method::GET && req.uri().query().is_some_and(|q| q.contains("__err=")) {
        if let Ok(Some(flash)) = session.remove::<FormFlash>(KEY).await {
            req.extensions_mut().insert(flash);
        }
    }
    next.run(req).await
}
