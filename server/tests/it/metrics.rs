//! `GET /metrics`: Prometheus' text format, for this machine only (or the addresses of
//! `COIN_METRICS_FROM`); requests counted by route template, the gauges read at once.

use axum::body::Body;
use axum::http::Request;

use crate::helpers::{TestApp, body_text};

/// A GET from `ip`, through a proxy when `forwarded_for` is given.
async fn get_from(app: &TestApp, uri: &str, ip: [u8; 4], forwarded_for: Option<&str>) -> (u16, String) {
    let mut req = Request::get(uri);
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::empty()).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
    let res = app.send(req).await;
    (res.status().as_u16(), body_text(res).await)
}

/// The value of the sample `line` starts with (`name{labels}`), if the page has it.
fn sample(text: &str, line: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
}

#[test]
fn metrics_count_routes_by_template_and_only_this_machine_reads_them() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let id: i64 = sqlx::query_scalar(&format!(
            "SELECT p.id FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} ORDER BY p.id LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let counted = r#"coin_http_requests_total{route="/partage/{id}",method="GET",status="200"}"#;
        let (status, before) = get_from(&app, "/metrics", [127, 0, 0, 1], None).await;
        assert_eq!(status, 200, "{before}");
        let n = sample(&before, counted).unwrap_or(0.0);
        for _ in 0..3 {
            assert_eq!(app.get(&format!("/partage/{id}")).await.status(), 200);
        }
        server::metrics::job("essai_metriques", false);
        // A mail waiting for an hour.
        sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ('a@example.org', 'Objet', 'Texte', $1)")
            .bind(chrono::Utc::now() - chrono::Duration::hours(1))
            .execute(&app.db.pool)
            .await
            .unwrap();
        let (_, text) = get_from(&app, "/metrics", [127, 0, 0, 1], None).await;
        // The route's template, never the id: labels stay few whatever the traffic.
        assert!(sample(&text, counted).unwrap() >= n + 3.0, "{text}");
        assert!(!text.contains(&format!("route=\"/partage/{id}\"")));
        let bucket = |l: &&str| l.starts_with("coin_http_request_duration_seconds_bucket{") && l.contains(r#"route="/partage/{id}""#) && l.contains(r#"le="0.1""#);
        assert!(text.lines().any(|l| bucket(&l)), "{text}");
        assert_eq!(sample(&text, r#"coin_job_failures_total{job="essai_metriques"}"#), Some(1.0));
        // Gauges, read now: the pool, the outbox, the indexes.
        let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.db.pool).await.unwrap();
        assert!(queued >= 1);
        assert_eq!(sample(&text, "coin_outbox_queued_mails "), Some(queued as f64));
        assert!(sample(&text, "coin_outbox_oldest_mail_age_seconds ").unwrap() >= 3600.0, "{text}");
        assert!(sample(&text, "coin_db_pool_connections ").unwrap() >= 1.0);
        assert!(sample(&text, "coin_map_index_items ").unwrap() > 100.0, "the demo's points");
        assert_eq!(sample(&text, "coin_map_index_changes_behind "), Some(0.0), "just synced");
        assert!((0.0..5.0).contains(&sample(&text, "coin_map_index_age_seconds ").unwrap()));
        assert_eq!(sample(&text, "coin_search_index_changes_behind "), Some(0.0));

        // Anyone else: the site's 404. From elsewhere; through a proxy that is not trusted
        // (behind nginx every request comes from 127.0.0.1: the forwarded client counts).
        assert_eq!(get_from(&app, "/metrics", [203, 0, 113, 9], None).await.0, 404);
        assert_eq!(get_from(&app, "/metrics", [127, 0, 0, 1], Some("203.0.113.9")).await.0, 404);
        assert_eq!(get_from(&app, "/metrics", [127, 0, 0, 1], Some("127.0.0.1")).await.0, 404, "an untrusted proxy's word is not taken");
        app.finish().await;
    });
}

/// Behind a trusted proxy, the client it names is judged; `COIN_METRICS_FROM` widens the
/// list (a Prometheus on the local network).
#[test]
fn behind_a_trusted_proxy_the_forwarded_client_is_judged() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_communes().await;
        let mut state = crate::helpers::state(&db, "target/site", false);
        state.site = std::sync::Arc::new(app::state::SiteConfig {
            trusted_proxies: app::net::TrustedProxies::parse("127.0.0.1").unwrap(),
            metrics_from: app::net::TrustedProxies::parse("127.0.0.1, 10.1.0.0/16").unwrap(),
            ..(*state.site).clone()
        });
        let sessions = server::startup::session_store(&db.pool).await.unwrap();
        let router = server::router::router(state, sessions, server::map::MapData::default());
        let get = |forwarded: Option<&'static str>| {
            let router = router.clone();
            async move {
                use tower::ServiceExt;
                let mut req = Request::get("/metrics");
                if let Some(f) = forwarded {
                    req = req.header("x-forwarded-for", f);
                }
                let mut req = req.body(Body::empty()).unwrap();
                req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))));
                router.oneshot(req).await.unwrap().status().as_u16()
            }
        };
        assert_eq!(get(Some("10.1.2.3")).await, 200, "a scraper of the allowed network, through the proxy");
        assert_eq!(get(Some("203.0.113.9")).await, 404, "the public, through the proxy");
        assert_eq!(get(None).await, 200, "the machine itself");
        db.drop_db().await;
    });
}
