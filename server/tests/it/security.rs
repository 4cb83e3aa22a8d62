use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::{TestApp, body_text};

fn post(uri: &str, origin_headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    for (k, v) in origin_headers {
        b = b.header(*k, *v);
    }
    b.body(Body::from("q=uzes")).unwrap()
}

#[test]
fn state_changing_requests_from_another_origin_are_refused() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        // Server functions and plain form posts go through the same check.
        for uri in ["/api/communes", "/partage/nouveau", "/"] {
            for refused in [
                vec![("origin", "https://malveillant.example")],
                vec![("sec-fetch-site", "cross-site")],
                vec![("referer", "https://malveillant.example/page")],
                vec![],
            ] {
                let res = app.send(post(uri, &refused)).await;
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{uri} {refused:?}");
                assert!(body_text(res).await.contains("ne provient pas d’une page de ce site"));
            }
        }
        let ok = app.send(post("/api/communes", &[("origin", "http://127.0.0.1:3000")])).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let ok = app.send(post("/api/communes", &[("sec-fetch-site", "same-origin")])).await;
        assert_eq!(ok.status(), StatusCode::OK);
        // Reading is never blocked.
        assert_eq!(app.get("/").await.status(), StatusCode::OK);
        app.finish().await;
    })
}

#[test]
fn pages_carry_a_nonce_based_csp_and_the_other_security_headers() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let res = app.get("/").await;
        let status = res.status();
        let h = res.headers().clone();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        let html = body_text(res).await;
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap_or_else(|| panic!("no nonce in the page CSP (status {status}): {csp}\n{}", &html[..html.len().min(300)]))
            .split('\'')
            .next()
            .unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the header's nonce");
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("https://tile.openstreetmap.org"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h[header::REFERRER_POLICY], "strict-origin-when-cross-origin");
        // Each response gets its own nonce.
        let again = app.get("/").await.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert_ne!(again, csp);
        // Non-HTML responses get a strict policy too.
        let json = app.get("/healthz").await;
        assert_eq!(json.headers()[header::CONTENT_SECURITY_POLICY], "default-src 'none'; frame-ancestors 'none'");
        app.finish().await;
    })
}
