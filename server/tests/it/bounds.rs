//! Expensive public paths stay bounded: the map's word and place searches read the post
//! index in memory (and agree with the database path), match counts and map searches
//! are limited per IP address, reset links are limited per IP address, and a filter
//! sent as a structure goes through the page's checked parser.

use serde_json::Value;

use crate::helpers::{TestApp, call, login_cookie};

const PW: &str = "partage-demo-2026";

/// Sends requests until one is refused (429): the first `burst` pass, then about one more
/// per `period` elapsed (GCRA), so the refusal comes between those two bounds.
async fn refused_after<F: std::future::Future<Output = u16>>(burst: u32, period: std::time::Duration, mut send: impl FnMut() -> F) -> u32 {
    let started = std::time::Instant::now();
    for n in 0..burst + 10_000 {
        let status = send().await;
        if status == 429 {
            let refill = (started.elapsed().as_secs_f64() / period.as_secs_f64()).ceil() as u32;
            assert!(n >= burst, "refused after {n} < {burst}");
            assert!(n <= burst + refill + 1, "refused after {n}, allowed {burst} + {refill}");
            return n;
        }
        assert_eq!(status, 200, "request {n}");
    }
    panic!("never refused");
}

/// Totals per cluster and ids of single points, in a stable order.
fn shape(geojson: &[u8]) -> (Vec<(i64, i64, i64)>, Vec<i64>) {
    let fc: Value = serde_json::from_slice(geojson).unwrap();
    let mut clusters = Vec::new();
    let mut points = Vec::new();
    for f in fc["features"].as_array().unwrap() {
        let p = &f["properties"];
        if p["cluster"] == true {
            clusters.push((p["point_count"].as_i64().unwrap(), p["needs"].as_i64().unwrap(), p["offers"].as_i64().unwrap()));
        } else {
            points.push(p["id"].as_i64().unwrap());
        }
    }
    clusters.sort_unstable();
    points.sort_unstable();
    (clusters, points)
}

#[test]
fn map_words_and_places_come_from_the_post_index_and_match_the_database_path() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let st = crate::helpers::state(&app.db, "target/site", false);
        st.posts.load(&app.db.pool).await.unwrap();
        let snapshot = app.map.snapshot().expect("map loaded");
        let (commune, departement): (String, String) = sqlx::query_as(
            "SELECT p.insee, c.departement FROM posts p JOIN communes c ON c.insee = p.insee WHERE p.status = 'published' ORDER BY p.id LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let territory: String = sqlx::query_scalar("SELECT slug FROM territories ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await.unwrap();
        let mut non_empty = 0;
        for query in [
            "q=de".to_string(),
            "q=velo".to_string(),
            "q=atelier+outils".to_string(),
            "q=de&type=besoin".to_string(),
            "q=de&categorie=vehicule,materiel".to_string(),
            format!("commune={commune}"),
            format!("departement={departement}"),
            format!("reseau={territory}"),
            format!("reseau={territory}&type=ressource&q=a"),
            "q=zzzqqqxxx".to_string(),
        ] {
            for view in ["bbox=-180,-85,180,85&zoom=2", "bbox=-5.5,41,10,51.5&zoom=6", "bbox=3.5,43.5,5,44.5&zoom=12", "bbox=-5.5,41,10,51.5&zoom=18"] {
                let q = server::map::api::parse(&format!("{view}&{query}")).unwrap();
                let from_index = server::map::api::answer_from_post_index(&st, &snapshot, &q).await.unwrap().expect("the post index is loaded");
                let from_db = server::map::api::answer_from_database(&app.db.pool, &snapshot, &q).await.unwrap();
                let (ours, theirs) = (shape(&from_index), shape(&from_db));
                assert_eq!(ours, theirs, "{view}&{query}");
                if !ours.1.is_empty() || !ours.0.is_empty() {
                    non_empty += 1;
                }
            }
        }
        assert!(non_empty >= 30, "most of these views show something: {non_empty}");
        app.finish().await;
    })
}

/// The post index keeps the matches of recent map searches (a user pans with the same
/// words): a post published afterwards must still show at once.
#[test]
fn a_kept_map_search_sees_a_post_published_after_it() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let st = crate::helpers::state(&app.db, "target/site", false);
        st.posts.load(&app.db.pool).await.unwrap();
        let snapshot = app.map.snapshot().expect("map loaded");
        let q = server::map::api::parse("bbox=-5.5,41,10,51.5&zoom=18&q=xylophone").unwrap();
        let points = |geojson: Vec<u8>| shape(&geojson).1;
        let before = server::map::api::answer_from_post_index(&st, &snapshot, &q).await.unwrap().expect("loaded");
        assert!(points(before).is_empty(), "no post says xylophone yet");
        let cookie = login_cookie(&app, "responsable@example.org", server::demo::DEMO_PASSWORD).await;
        let structure: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let form = format!(
            "form[author]=structure:{structure}&form[kind]=offer&form[category]=materiel&form[title]=Xylophone+%C3%A0+pr%C3%AAter\
             &form[description]=Pour+un+atelier+musique+avec+les+enfants+du+quartier.&intent=publish"
        );
        let (status, body) = call(&app, "save_post", Some(&cookie), &form).await;
        assert_eq!(status, 200, "{body}");
        app.sync_map().await;
        let snapshot = app.map.snapshot().expect("map loaded");
        let after = server::map::api::answer_from_post_index(&st, &snapshot, &q).await.unwrap().expect("loaded");
        assert_eq!(points(after).len(), 1, "the new post is found, not the set kept before it");
        app.finish().await;
    })
}

#[test]
fn map_searches_are_limited_per_address_and_plain_views_are_not() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let (burst, period) = app::auth::throttle::Limit::SearchPerIp.quota();
        refused_after(burst, period, || async { app.get("/api/v1/map?bbox=-5.5,41,10,51.5&zoom=6&q=de").await.status().as_u16() }).await;
        let res = app.get("/api/v1/map?bbox=-5.5,41,10,51.5&zoom=6&commune=30334").await;
        assert_eq!(res.status(), 429, "places count too");
        assert!(crate::helpers::body_text(res).await.contains("réessayez"));
        assert_eq!(app.get("/api/v1/map?bbox=-5.5,41,10,51.5&zoom=6").await.status(), 200, "kinds and categories come from the map index alone");
        app.finish().await;
    })
}

#[test]
fn match_counts_agree_with_the_rule_and_are_limited_per_address() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let public = app::db::posts::POST_IS_PUBLIC;
        let rows: Vec<(i64, String, i64, f64, f64)> = sqlx::query_as(&format!(
            "SELECT p.id, p.kind, p.category_id, p.lat, p.lon FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
             WHERE {public} AND p.lat IS NOT NULL ORDER BY p.id"
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(rows.len() >= 20);
        // The rule, computed here: other kind, same category, within 30 km, capped at 10.
        let expected = |&(id, ref kind, category, lat, lon): &(i64, String, i64, f64, f64)| {
            let dlat = 30.0 / 111.2;
            let k = f64::cos(lat.to_radians()).max(0.01);
            let n = rows
                .iter()
                .filter(|o| o.0 != id && o.1 != *kind && o.2 == category)
                .filter(|o| (o.3 - lat).powi(2) + (k * (o.4 - lon)).powi(2) <= dlat * dlat)
                .count() as i64;
            (id, n.min(app::model::MATCH_COUNT_CAP))
        };
        let ids: Vec<String> = rows.iter().take(50).map(|r| r.0.to_string()).collect();
        let (status, body) = call(&app, "match_counts", None, &format!("ids={}", ids.join(","))).await;
        assert_eq!(status, 200, "{body}");
        let mut got: Vec<(i64, i64)> = serde_json::from_str(&body).unwrap();
        got.sort_unstable();
        let want: Vec<(i64, i64)> = rows.iter().take(50).map(expected).collect();
        assert_eq!(got, want);
        assert!(want.iter().any(|(_, n)| *n > 0), "some posts have matches in the demo data");
        // Limited per address.
        let (burst, period) = app::auth::throttle::Limit::SearchPerIp.quota();
        refused_after(burst - 1, period, || async { call(&app, "match_counts", None, "ids=1").await.0 }).await;
        app.finish().await;
    })
}

#[test]
fn reset_links_are_checked_before_hashing_and_limited_per_address() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (limit, _) = app::auth::throttle::Limit::ResetUsePerIp.quota();
        for i in 0..limit {
            let token = format!("{:064x}", i);
            let (status, body) = call(&app, "reset_password", None, &format!("token={token}&password=un+secret+assez+long")).await;
            assert_eq!((status, body.trim()), (200, "false"), "an unknown token is refused without a hash");
        }
        let (status, body) = call(&app, "reset_password", None, &format!("token={:064x}&password=un+secret+assez+long", 7)).await;
        assert_eq!(status, 429, "{body}");
        app.finish().await;
    })
}

#[test]
fn a_coordinators_filter_sent_as_a_structure_is_checked_like_the_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let ids = |body: &str| -> Vec<i64> {
            let v: Value = serde_json::from_str(body).unwrap();
            v["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
        };
        let (status, open) = call(&app, "coordination_posts", Some(&coord), "filter[state]=Open&filter[posts][page]=1").await;
        assert_eq!(status, 200, "{open}");
        // Days outside the dashboard's thresholds (once a panic in the date arithmetic)
        // fall back to the default, as in the URL.
        for days in ["9223372036854775807", "-9223372036854775808", "12"] {
            let (status, body) = call(&app, "coordination_posts", Some(&coord), &format!("filter[state][Unanswered]={days}&filter[posts][page]=1")).await;
            assert_eq!(status, 200, "{days}: {body}");
            assert_eq!(ids(&body), ids(&open), "{days}");
        }
        let (status, body) = call(&app, "coordination_posts", Some(&coord), "filter[state]=Open&filter[posts][page]=4000000000").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(ids(&body), ids(&open), "a page out of range is the first");
        app.finish().await;
    })
}

async fn session_rows(app: &TestApp) -> i64 {
    let table = if app::db::BACKEND == "postgres" { "tower_sessions.session" } else { "tower_sessions" };
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.db.pool).await.unwrap()
}

/// A visitor's refused form comes back through signed cookies, not a new session row,
/// with only the fields its server function declares; a forged cookie is ignored.
#[test]
fn a_visitors_refused_form_travels_in_signed_cookies_without_a_session() {
    use axum::body::Body;
    use axum::http::{Request, header};
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let before = session_rows(&app).await;
        let form = "email=pas-une-adresse&display_name=Cl%C3%A9mence+du+jardin&password=un-secret-assez-long&extra=valeur-inventee";
        let res = app
            .send(
                Request::post("/api/sign_up")
                    .header(header::ORIGIN, crate::helpers::ORIGIN)
                    .header(header::REFERER, format!("{}/inscription", crate::helpers::ORIGIN))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "text/html,application/xhtml+xml")
                    .body(Body::from(form))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), 302);
        let location = res.headers().get(header::LOCATION).unwrap().to_str().unwrap().trim_start_matches(crate::helpers::ORIGIN).to_string();
        let cookies: Vec<String> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .collect();
        assert!(!cookies.is_empty() && cookies.iter().all(|c| c.starts_with("coin_formulaire_")), "{cookies:?}");
        assert_eq!(session_rows(&app).await, before, "no session row for a visitor's refused form");
        let page = |cookie: String| {
            let (app, location) = (&app, location.clone());
            async move {
                let res = app.send(Request::get(&location).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await;
                crate::helpers::body_text(res).await
            }
        };
        let html = page(cookies.join("; ")).await;
        assert!(html.contains("Clémence du jardin") && html.contains("pas-une-adresse"), "what was typed is back");
        assert!(!html.contains("un-secret-assez-long") && !html.contains("valeur-inventee"), "never a password nor an undeclared field");
        // A cookie changed by the browser is ignored.
        let forged: Vec<String> = cookies.iter().map(|c| c.replacen("coin_formulaire_0=", "coin_formulaire_0=A", 1)).collect();
        let html = page(forged.join("; ")).await;
        assert!(!html.contains("Clémence du jardin"));
        app.finish().await;
    })
}
