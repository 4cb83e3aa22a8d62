//! Forms keep what was typed without JavaScript. A plain `<form>` post to a server
//! function that fails is redirected back to the form's page with the error in the URL
//! (Leptos' `__path`/`__err`); this middleware keeps the submitted fields for that one
//! page view, and hands them to the page (`FormFlash` in the request's extensions, read
//! by the form components).
//!
//! Limits: only the fields the server function declares (its arguments, and their
//! `name[…]` parts: `app::api::declared_fields`), never a password, at most
//! [`FLASH_MAX_BYTES`] of names and values in all (a field that would pass it is left
//! out). Where they wait: in the session of a signed-in user (its existing row); for a
//! visitor, in short-lived cookies signed with the instance key (`app::auth::signed`),
//! so that refused forms never create session rows.

use app::auth::signed::Purpose;
use app::components::form::{FormFlash, Notice};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

const KEY: &str = "form_flash";

/// Names and values kept at most, in bytes.
pub const FLASH_MAX_BYTES: usize = 8 * 1024;
/// How long a visitor's cookie is valid: the redirect follows at once.
const COOKIE_SECONDS: i64 = 120;
/// The cookies carrying a visitor's values: `coin_formulaire_0`, `_1`…, each under the
/// browsers' 4 KB per cookie.
const COOKIE: &str = "coin_formulaire_";
const COOKIE_CHUNK: usize = 3_800;
const MAX_COOKIES: usize = FLASH_MAX_BYTES * 2 / COOKIE_CHUNK + 1;

fn is_plain_form_post(req: &Request) -> bool {
    let header_has = |name: header::HeaderName, needle: &str| {
        req.headers().get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(needle))
    };
    req.method() == Method::POST
        && crate::authz::server_fn_endpoint(req.uri().path()).is_some()
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// The fields of a refused form worth keeping: declared by its server function, not a
/// password, within [`FLASH_MAX_BYTES`].
pub fn kept_values(endpoint: &str, body: &[u8]) -> Vec<(String, String)> {
    let Some(declared) = app::api::declared_fields(endpoint) else { return Vec::new() };
    let mut used = 0;
    let mut values = Vec::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        let top = name.split('[').next().unwrap_or_default();
        if !declared.contains(&top) || name.contains("password") {
            continue;
        }
        if used + name.len() + value.len() > FLASH_MAX_BYTES {
            continue;
        }
        used += name.len() + value.len();
        values.push((name.into_owned(), value.into_owned()));
    }
    values
}

pub async fn keep_refused_form(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    if is_plain_form_post(&req) {
        let endpoint = crate::authz::server_fn_endpoint(req.uri().path()).unwrap_or_default().to_string();
        let (parts, body) = req.into_parts();
        // The body limit layer outside already caps the size.
        let Ok(bytes) = axum::body::to_bytes(body, crate::router::body_limit(parts.uri.path())).await else {
            return app::error::AppError::bad_request(app::i18n::ERR_BAD_REQUEST).into_response();
        };
        let mut res = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        let notice = res
            .headers_mut()
            .remove(app::api::context::NOTICE_HEADER)
            .and_then(|v| v.to_str().ok().and_then(Notice::from_header));
        let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
        let refused = location.as_deref().is_some_and(|l| l.contains("__err="));
        // A notice goes to the page the browser comes back to, marked like a refusal
        // (`__avis`) so that only that page view reads the flash.
        let noticed = match (notice.is_some() && !refused, &location) {
            (true, Some(l)) => HeaderValue::from_str(&with_marker(l)).ok().map(|v| res.headers_mut().insert(header::LOCATION, v)).is_some(),
            _ => false,
        };
        if refused || noticed {
            let values = if refused { kept_values(&endpoint, &bytes) } else { Vec::new() };
            let flash = FormFlash { values, notice };
            if session.id().is_some() {
                if let Err(e) = session.insert(KEY, flash).await {
                    tracing::warn!(error = %e, "could not keep a refused form");
                }
            } else {
                for cookie in visitor_cookies(&st, &flash) {
                    res.headers_mut().append(header::SET_COOKIE, cookie);
                }
            }
        }
        return res;
    }
    let mut req = req;
    let mut clear = 0;
    if req.method() == Method::GET && req.uri().query().is_some_and(|q| q.contains("__err=") || q.contains(NOTICE_MARKER)) {
        if let Ok(Some(flash)) = session.remove::<FormFlash>(KEY).await {
            req.extensions_mut().insert(flash);
        } else {
            let (flash, chunks) = read_visitor_cookies(&st, req.headers());
            clear = chunks;
            if let Some(flash) = flash {
                req.extensions_mut().insert(flash);
            }
        }
    }
    let mut res = next.run(req).await;
    // Read once: the cookies go with this page view.
    for i in 0..clear {
        if let Ok(v) = HeaderValue::from_str(&format!("{COOKIE}{i}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// The query parameter that tells the next page view to read a notice.
const NOTICE_MARKER: &str = "__avis=1";

/// `location` with [`NOTICE_MARKER`] (once) in its query.
fn with_marker(location: &str) -> String {
    if location.contains(NOTICE_MARKER) {
        return location.to_string();
    }
    let (path, fragment) = location.split_once('#').map_or((location, None), |(p, f)| (p, Some(f)));
    let sep = match path.find('?') {
        Some(i) if i + 1 < path.len() => "&",
        Some(_) => "",
        None => "?",
    };
    match fragment {
        Some(f) => format!("{path}{sep}{NOTICE_MARKER}#{f}"),
        None => format!("{path}{sep}{NOTICE_MARKER}"),
    }
}

/// The signed values, cut into cookies.
fn visitor_cookies(st: &AppState, flash: &FormFlash) -> Vec<HeaderValue> {
    let Ok(json) = serde_json::to_vec(flash) else { return Vec::new() };
    let expires = chrono::Utc::now() + chrono::Duration::seconds(COOKIE_SECONDS);
    let token = st.signer.sign(Purpose::FormFlash, &json, expires);
    let secure = if st.site.public_url.starts_with("https://") { "; Secure" } else { "" };
    token
        .as_bytes()
        .chunks(COOKIE_CHUNK)
        .take(MAX_COOKIES)
        .enumerate()
        .filter_map(|(i, chunk)| {
            let chunk = std::str::from_utf8(chunk).ok()?;
            HeaderValue::from_str(&format!("{COOKIE}{i}={chunk}; Path=/; Max-Age={COOKIE_SECONDS}; HttpOnly; SameSite=Lax{secure}")).ok()
        })
        .collect()
}

/// The values of a visitor's cookies if their signature holds, and how many cookies
/// there were (to clear them).
fn read_visitor_cookies(st: &AppState, headers: &axum::http::HeaderMap) -> (Option<FormFlash>, usize) {
    let mut chunks: Vec<(usize, String)> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            let (name, value) = c.trim().split_once('=')?;
            let i: usize = name.strip_prefix(COOKIE)?.parse().ok()?;
            (i < MAX_COOKIES).then(|| (i, value.to_string()))
        })
        .collect();
    if chunks.is_empty() {
        return (None, 0);
    }
    chunks.sort_by_key(|c| c.0);
    let count = chunks.len();
    let token: String = chunks.into_iter().map(|c| c.1).collect();
    let flash = st
        .signer
        .verify(Purpose::FormFlash, &token, chrono::Utc::now())
        .ok()
        .and_then(|json| serde_json::from_slice::<FormFlash>(&json).ok());
    (flash, count)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_notice_marker_goes_into_the_query_once_before_the_fragment() {
        assert_eq!(super::with_marker("/compte"), "/compte?__avis=1");
        assert_eq!(super::with_marker("/partage?q=v%C3%A9lo#fin"), "/partage?q=v%C3%A9lo&__avis=1#fin");
        assert_eq!(super::with_marker("/compte?__avis=1"), "/compte?__avis=1");
        assert_eq!(super::with_marker("/inscription?"), "/inscription?__avis=1");
        let n = app::components::form::Notice::from_header("ok:Demande+envoy%C3%A9e").unwrap();
        assert_eq!((n.text.as_str(), n.problem), ("Demande envoyée", false));
        assert!(app::components::form::Notice::from_header("probleme:Lien+p%C3%A9rim%C3%A9").unwrap().problem);
    }

    #[test]
    fn only_declared_fields_within_the_limit_and_never_a_password() {
        let body = "form%5Btitle%5D=V%C3%A9lo&form%5Bdescription%5D=Un+v%C3%A9lo&intent=publish&evil=1&password=secret&post_id=";
        let kept = super::kept_values("save_post", body.as_bytes());
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["form[title]", "form[description]", "intent", "post_id"]);
        assert_eq!(kept[0].1, "Vélo");
        assert!(super::kept_values("log_in", b"email=a%40b.fr&password=secret").iter().all(|(n, _)| n != "password"));
        assert!(super::kept_values("unknown_endpoint", b"a=b").is_empty());
        let big = format!("form%5Bdescription%5D={}&form%5Btitle%5D=Court", "x".repeat(9_000));
        let kept = super::kept_values("save_post", big.as_bytes());
        assert_eq!(kept, vec![("form[title]".to_string(), "Court".to_string())], "a value past 8 KB is left out");
        let total: usize = super::kept_values("save_post", format!("form%5Bdescription%5D={}", "y".repeat(8_000)).as_bytes()).iter().map(|(n, v)| n.len() + v.len()).sum();
        assert!(total <= super::FLASH_MAX_BYTES);
    }
}
