//! Links people have shared keep working: the list, map, directory, coordination and API
//! URLs of before the filters were read in one place (`app::model::filter`) open and
//! filter the same way.

use serde_json::Value;

use crate::helpers::{TestApp, body_text, login_cookie};

async fn get(app: &TestApp, uri: &str, cookie: Option<&str>) -> (u16, String) {
    let mut req = axum::http::Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(axum::http::header::COOKIE, c);
    }
    let res = app.send(req.body(axum::body::Body::empty()).unwrap()).await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

#[test]
fn todays_links_open_and_filter_as_before() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let public = app::db::posts::POST_IS_PUBLIC;
        // A category, département and commune of a public need; a territory; two categories.
        let (category, departement, insee): (String, String, String) = sqlx::query_as(&format!(
            "SELECT c.slug, co.departement, p.insee FROM posts p JOIN categories c ON c.id = p.category_id
             JOIN communes co ON co.insee = p.insee LEFT JOIN structures s ON s.id = p.structure_id
             WHERE p.kind = 'need' AND {public} ORDER BY p.id LIMIT 1"
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let territory: String = sqlx::query_scalar("SELECT slug FROM territories ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await.unwrap();
        let other: String =
            sqlx::query_scalar("SELECT slug FROM categories WHERE slug <> $1 ORDER BY id LIMIT 1").bind(&category).fetch_one(&app.db.pool).await.unwrap();

        let coordinator = login_cookie(&app, "coordination@example.org", "partage-demo-2026").await;
        for (uri, cookie) in [
            (format!("/partage?q=velo&type=besoin&categorie={category}&departement={departement}&reseau={territory}&tri=urgence&page=1"), None),
            (format!("/partage?type=ressource&commune={insee}&tri=distance&depuis={insee}"), None),
            ("/partage?bbox=4.3,43.9,4.5,44.1&type=".to_string(), None),
            (format!("/carte?type=besoin&type=structure&categorie={category},{other}&lat=44.01&lon=4.42&z=12"), None),
            ("/embed?type=besoin&q=jardin".to_string(), None),
            (format!("/annuaire?q=jardin&type=association&departement={departement}&reseau={territory}&besoins=1&page=1"), None),
            (format!("/api/v1/posts?q=velo&type=besoin&categorie={category}&departement={departement}&reseau={territory}&tri=recent&page=1"), None),
            (format!("/api/v1/map?bbox=-5.2,41.3,9.6,51.1&zoom=6&type=besoin,structure&categorie={category}&q=jardin&departement={departement}"), None),
            (format!("/api/v1/structures?type=association&besoins=1&departement={departement}"), None),
            (
                format!("/coordination/annonces?reseau={territory}&etat=sans-reponse-7&type=besoin&categorie={category}&commune={insee}&mois=2026-05&page=1"),
                Some(&coordinator),
            ),
            (format!("/coordination/export/annonces.csv?reseau={territory}&etat=toutes&type=besoin&categorie={category}"), Some(&coordinator)),
        ] {
            let (status, body) = get(&app, &uri, cookie.map(String::as_str)).await;
            assert_eq!(status, 200, "{uri}: {}", body.chars().take(300).collect::<String>());
        }

        // The API filters as its parameters say: kind, category, département…
        let (_, body) = get(&app, &format!("/api/v1/posts?type=besoin&categorie={category}&departement={departement}"), None).await;
        let json: Value = serde_json::from_str(&body).unwrap();
        let expected = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM posts p JOIN categories c ON c.id = p.category_id JOIN communes co ON co.insee = p.insee
             LEFT JOIN structures s ON s.id = p.structure_id
             WHERE p.kind = 'need' AND c.slug = '{category}' AND co.departement = '{departement}' AND {public}"
            ),
        )
        .await;
        assert!(expected > 0);
        assert_eq!(json["total"].as_i64(), Some(expected.min(server::open_data::POSTS_LIMIT)), "{body}");
        for item in json["items"].as_array().unwrap() {
            assert_eq!((item["kind"].as_str(), item["category"]["slug"].as_str()), (Some("need"), Some(category.as_str())));
            assert_eq!(item["commune"]["departement"].as_str(), Some(departement.as_str()));
        }
        // …and several categories, repeated or comma-separated, as the map sends them.
        let both = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN structures s ON s.id = p.structure_id
             WHERE c.slug IN ('{category}', '{other}') AND {public}"
            ),
        )
        .await;
        let one = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN structures s ON s.id = p.structure_id
             WHERE c.slug = '{category}' AND {public}"
            ),
        )
        .await;
        assert!(both > one, "the second category adds posts");
        for uri in [format!("/api/v1/posts?categorie={category}&categorie={other}"), format!("/api/v1/posts?categorie={category},{other}")] {
            let (_, body) = get(&app, &uri, None).await;
            let json: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["total"].as_i64(), Some(both.min(server::open_data::POSTS_LIMIT)), "{uri}");
        }
        // The list page reads them alike: both boxes ticked.
        let (_, html) = get(&app, &format!("/partage?categorie={category},{other}"), None).await;
        for c in [&category, &other] {
            assert!(html.contains(&format!("value=\"{c}\" checked")), "the list keeps both categories");
        }

        // A bad value the pages drop is refused by the API, with a French message.
        let (status, _) = get(&app, "/partage?commune=%3Cscript%3E&type=velo", None).await;
        assert_eq!(status, 200);
        let (status, body) = get(&app, "/api/v1/posts?commune=%3Cscript%3E", None).await;
        assert_eq!(status, 400);
        assert!(body.contains("commune invalide"), "{body}");
        app.finish().await;
    })
}
