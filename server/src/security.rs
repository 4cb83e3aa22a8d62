//! HTTP protections applied to every response and every state-changing request:
//! security headers (CSP with Leptos' per-response nonce), and CSRF defence by origin
//! checking (plus `SameSite=Lax` cookies once sessions exist).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What the security layer needs to know about this instance.
#[derive(Clone, Debug)]
pub struct SecurityConfig {
    /// Origins allowed to send state-changing requests (`scheme://host[:port]`).
    pub allowed_origins: Vec<String>,
    /// Origin of the map tiles (allowed in `img-src`).
    pub tile_origin: Option<String>,
    /// Served over https: browsers are told to stay on https (HSTS).
    pub https: bool,
}

/// `scheme://host[:port]` of a URL (or of a tile URL template).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('{')).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

impl SecurityConfig {
    pub fn new(public_url: &str, tile_url: &str) -> Self {
        let own = origin_of(public_url).unwrap_or_default();
        let mut allowed_origins = vec![own.clone()];
        // A local instance is reached as 127.0.0.1 or localhost alike.
        for (a, b) in [("://127.0.0.1", "://localhost"), ("://localhost", "://127.0.0.1")] {
            if own.contains(a) {
                allowed_origins.push(own.replacen(a, b, 1));
            }
        }
        // Tile templates may use a {s} subdomain: allow the parent host's subdomains.
        let tile_origin = match origin_of(&tile_url.replace("{s}.", "*.")) {
            Some(o) => Some(o),
            None => origin_of(tile_url),
        };
        let https = own.starts_with("https://");
        SecurityConfig { allowed_origins, tile_origin, https }
    }

    /// The Content-Security-Policy of HTML pages. Scripts: only ours and the inline
    /// hydration scripts that carry this response's nonce; WASM compilation allowed.
    /// `embeddable`: the embeddable map (`/embed`), which any site may frame.
    pub fn page_csp(&self, nonce: &str, embeddable: bool) -> String {
        let tiles = self.tile_origin.as_deref().map(|o| format!(" {o}")).unwrap_or_default();
        let ancestors = if embeddable { "*" } else { "'none'" };
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
        )
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// Is this state-changing request from one of our own pages? `Origin` first (sent by
    /// browsers on every POST); else `Sec-Fetch-Site`; else `Referer`. A request with
    /// none of them is refused: browsers always send at least one.
    pub fn same_origin(&self, headers: &HeaderMap) -> bool {
        let get = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok());
        if let Some(origin) = get(header::ORIGIN) {
            return origin != "null" && self.origin_allowed(origin);
        }
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            return site == "same-origin";
        }
        if let Some(referer) = get(header::REFERER) {
            return origin_of(referer).is_some_and(|o| self.origin_allowed(&o));
        }
        false
    }
}

/// Sets the page CSP with the nonce Leptos generated for this response. Called in the
/// context of every server-rendered page (see `router`).
pub fn provide_page_csp(config: &SecurityConfig) {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let embeddable = use_context::<http::request::Parts>().is_some_and(|parts| parts.uri.path() == EMBED_PATH);
        if let Ok(value) = HeaderValue::from_str(&config.page_csp(&nonce, embeddable)) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The only page other sites may frame.
pub const EMBED_PATH: &str = "/embed";

const CSRF_MESSAGE: &str = "Requête refusée : elle ne provient pas d’une page de ce site. Rechargez la page puis réessayez.";

/// Middleware: refuses cross-origin state-changing requests, then adds the security
/// headers every response carries.
pub async fn protect(State(config): State<std::sync::Arc<SecurityConfig>>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // A mail client's one-click unsubscribe comes from elsewhere by design (RFC 8058):
    // its signed token is the credential, and it can only stop mails.
    let one_click = req.uri().path().starts_with(app::mail::unsubscribe::PATH);
    if !safe && !one_click && !config.same_origin(req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin request refused");
        let mut res = (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], CSRF_MESSAGE).into_response();
        add_headers(res.headers_mut(), false, config.https);
        return res;
    }
    let embeddable = req.uri().path() == EMBED_PATH;
    let with_cookie = req.headers().contains_key(header::COOKIE);
    let mut res = next.run(req).await;
    add_headers(res.headers_mut(), embeddable, config.https);
    // A page or answer for a signed-in browser may hold personal data: never stored in
    // a cache (static files keep their own long-lived Cache-Control).
    if with_cookie && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn add_headers(h: &mut HeaderMap, embeddable: bool, https: bool) {
    if https {
        // One year; no includeSubDomains: the instance may share its domain with other sites.
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(self), payment=()"));
    if !embeddable {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    // Responses without a page CSP (JSON, files, errors) get a strict one.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = if embeddable { "default-src 'none'" } else { "default-src 'none'; frame-ancestors 'none'" };
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SecurityConfig {
        SecurityConfig::new("http://127.0.0.1:3000", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://Partage.Example.org/chemin?x"), Some("https://partage.example.org".into()));
        assert_eq!(origin_of("https://{s}.tile.example.org/{z}"), None);
        assert_eq!(cfg().tile_origin.as_deref(), Some("https://tile.openstreetmap.org"));
        let c = SecurityConfig::new("https://partage.example.org", "https://{s}.tile.example.org/{z}/{x}/{y}.png");
        assert_eq!(c.tile_origin.as_deref(), Some("https://*.tile.example.org"));
    }

    #[test]
    fn same_origin_rules() {
        let c = cfg();
        assert!(c.same_origin(&headers(&[("origin", "http://127.0.0.1:3000")])));
        assert!(c.same_origin(&headers(&[("origin", "http://localhost:3000")])));
        assert!(!c.same_origin(&headers(&[("origin", "http://127.0.0.1:3001")])));
        assert!(!c.same_origin(&headers(&[("origin", "https://evil.example")])));
        assert!(!c.same_origin(&headers(&[("origin", "null")])));
        // Origin wins over a same-origin Sec-Fetch-Site.
        assert!(!c.same_origin(&headers(&[("origin", "https://evil.example"), ("sec-fetch-site", "same-origin")])));
        assert!(c.same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!c.same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!c.same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(c.same_origin(&headers(&[("referer", "http://127.0.0.1:3000/partage")])));
        assert!(!c.same_origin(&headers(&[("referer", "http://127.0.0.1:3000.evil.example/")])));
        assert!(!c.same_origin(&HeaderMap::new()));
    }

    #[test]
    fn hsts_only_on_https_instances() {
        let mut h = HeaderMap::new();
        add_headers(&mut h, false, cfg().https);
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let secure = SecurityConfig::new("https://partage.example.org", "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
        add_headers(&mut h, false, secure.https);
        assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    }

    #[test]
    fn the_page_csp_allows_only_our_scripts_and_the_nonce() {
        assert!(cfg().page_csp("n", true).ends_with("frame-ancestors *"), "the embeddable map may be framed");
        let csp = cfg().page_csp("abc123", false);
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("img-src 'self' data: https://tile.openstreetmap.org"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
