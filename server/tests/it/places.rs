//! Where posts go: a point picked on the map for a structure's post (within 30 km of its
//! commune, French refusal beyond), never for an individual's; street addresses from
//! the national address API only when configured, called by the server.

use crate::helpers::{TestApp, call, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";

async fn member_structure(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar(
        "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    format!("structure:{id}")
}

fn form(author: &str, kind: &str, extra: &str) -> String {
    format!(
        "form[author]={}&form[kind]={kind}&form[category]=materiel&form[title]={}&form[description]={}{extra}&intent=publish",
        urlencode(author),
        urlencode("Tables pliantes"),
        urlencode("Dix tables pliantes pour une fête de quartier, à venir chercher sur place.")
    )
}

async fn place(app: &TestApp, id: i64) -> (String, f64, f64) {
    sqlx::query_as("SELECT location_precision, lat, lon FROM posts WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

#[test]
fn a_structure_places_its_post_on_a_point_near_its_commune_and_an_individual_cannot() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let author = member_structure(&app).await;
        let uzes = format!("&form[commune]={}", urlencode("Uzès (30700)"));

        // 2 km from Uzès' centre: kept as typed, at address precision.
        let (status, body) = call(&app, "save_post", Some(&member), &form(&author, "need", &format!("{uzes}&form[lat]=44.0300&form[lon]=4.4300"))).await;
        assert_eq!(status, 200, "{body}");
        let id: i64 = body.trim().parse().unwrap();
        assert_eq!(place(&app, id).await, ("address".into(), 44.03, 4.43));
        // The edit form gives the point back.
        let (_, ctx) = call(&app, "publish_context", Some(&member), &format!("post_id={id}")).await;
        assert!(ctx.contains("\"lat\":\"44.030000\"") && ctx.contains(&format!("\"author\":\"{author}\"")), "{ctx}");

        // Marseille is not near Uzès: refused in French, nothing written.
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(&app.db.pool).await.unwrap();
        let (status, body) = call(&app, "save_post", Some(&member), &form(&author, "need", &format!("{uzes}&form[lat]=43.2965&form[lon]=5.3698"))).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("plus de 30 km") && body.contains("\"point\""), "{body}");
        let (status, body) = call(&app, "save_post", Some(&member), &form(&author, "need", &format!("{uzes}&form[lat]=abc&form[lon]=4.43"))).await;
        assert_eq!(status, 400);
        assert!(body.contains("Point illisible"), "{body}");
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(before, after);

        // An individual's offer stays at its commune's centroid whatever point is sent.
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let (status, body) = call(&app, "save_post", Some(&camille), &form("moi", "offer", &format!("{uzes}&form[lat]=44.0300&form[lon]=4.4300"))).await;
        assert_eq!(status, 200, "{body}");
        let id: i64 = body.trim().parse().unwrap();
        let centre: (f64, f64) = sqlx::query_as("SELECT lat, lon FROM communes WHERE name = 'Uzès'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(place(&app, id).await, ("commune".into(), centre.0, centre.1));
        app.finish().await;
    });
}

/// A stand-in for the national address API on a local port: answers `/search/` in
/// BAN's GeoJSON shape and records the query string it got.
async fn fake_ban() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::extract::RawQuery;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/search/",
        axum::routing::get(move |RawQuery(q): RawQuery| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(q.unwrap_or_default());
                axum::Json(serde_json::json!({
                    "type": "FeatureCollection",
                    "features": [{
                        "type": "Feature",
                        "geometry": { "type": "Point", "coordinates": [4.4197, 44.0125] },
                        "properties": { "label": "1 Place aux Herbes 30700 Uzès", "score": 0.9, "citycode": "30334" }
                    }]
                }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

#[test]
fn addresses_come_from_the_configured_geocoder_through_the_server_only() {
    crate::helpers::run(async {
        // Not configured: a clear French answer, and the form says there is no search.
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let (status, body) = call(&app, "search_addresses", Some(&member), "q=place+aux+herbes").await;
        assert_eq!(status, 404, "{body}");
        assert!(body.contains("pas proposée"), "{body}");
        let (_, ctx) = call(&app, "publish_context", Some(&member), "").await;
        assert!(ctx.contains("\"geocoder\":false"), "{ctx}");
        app.finish().await;

        let (url, seen) = fake_ban().await;
        let app = TestApp::with_geocoder(url).await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        assert_eq!(call(&app, "search_addresses", None, "q=place+aux+herbes").await.0, 401, "signed in only");
        let (status, body) = call(&app, "search_addresses", Some(&member), "q=1+place+aux+herbes+uz%C3%A8s").await;
        assert_eq!(status, 200, "{body}");
        let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(hits[0]["label"], "1 Place aux Herbes 30700 Uzès");
        assert_eq!(hits[0]["lat"], 44.0125);
        let asked = seen.lock().unwrap().clone();
        assert_eq!(asked.len(), 1);
        assert!(asked[0].contains("q=1+place+aux+herbes+uz%C3%A8s") || asked[0].contains("q=1%20place"), "{asked:?}");
        assert!(asked[0].contains("limit=5"));
        let (status, body) = call(&app, "search_addresses", Some(&member), "q=ab").await;
        assert_eq!(status, 400);
        assert!(body.contains("3 à 200"), "{body}");
        let (_, ctx) = call(&app, "publish_context", Some(&member), "").await;
        assert!(ctx.contains("\"geocoder\":true"), "{ctx}");
        app.finish().await;

        // A geocoder that does not answer: a French message, no detail.
        let app = TestApp::with_geocoder("http://127.0.0.1:9".into()).await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let (status, body) = call(&app, "search_addresses", Some(&member), "q=place+aux+herbes").await;
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("ne répond pas") && !body.contains("127.0.0.1"), "{body}");
        app.finish().await;
    });
}
