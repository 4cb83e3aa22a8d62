//! `GET /api/v1/map`: GeoJSON clusters and points of a viewport from the in-memory
//! index, kept current from the database's change log; French refusals; ETags.

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

use crate::helpers::{TestApp, body_text};

/// The whole world (overseas departments too).
const FRANCE: &str = "bbox=-180,-85,180,85";

async fn get(app: &TestApp, uri: &str) -> (u16, Value) {
    let res = app.get(uri).await;
    let status = res.status().as_u16();
    let body = body_text(res).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

/// Items counted by the features: a cluster's `point_count`, or 1.
fn total(fc: &Value) -> i64 {
    fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["point_count"].as_i64().unwrap_or(1)).sum()
}

fn point_ids(fc: &Value, kind: &str) -> Vec<i64> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == kind)
        .map(|f| f["properties"]["id"].as_i64().unwrap())
        .collect()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

/// Pooled resources the map shows: active, of a validated structure, placed.
async fn public_resources(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM shared_resources r JOIN structures s ON s.id = r.structure_id WHERE r.active = TRUE AND s.validation_status = 'validated' AND r.lat IS NOT NULL").await
}

async fn public_posts(app: &TestApp) -> i64 {
    count(app, &format!("SELECT COUNT(*) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.lat IS NOT NULL", app::db::posts::POST_IS_PUBLIC)).await
}

#[test]
fn the_map_answers_once_loaded_with_every_public_item_clustered() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (status, body) = get(&app, &format!("/api/v1/map?{FRANCE}&zoom=5")).await;
        assert_eq!(status, 503, "not loaded yet: {body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("se prépare"));

        app.sync_map().await;
        let (status, fc) = get(&app, &format!("/api/v1/map?{FRANCE}&zoom=5")).await;
        assert_eq!(status, 200);
        assert_eq!(fc["type"], "FeatureCollection");
        assert_eq!(fc["licence"], "CC BY-SA 4.0");
        let structures = count(&app, "SELECT COUNT(*) FROM structures WHERE validation_status = 'validated' AND lat IS NOT NULL").await;
        let posts = public_posts(&app).await;
        let resources = public_resources(&app).await;
        assert!(posts > 10 && structures > 5 && resources >= 3);
        assert_eq!(total(&fc), posts + structures + resources, "every public item once");
        let clusters: Vec<&Value> = fc["features"].as_array().unwrap().iter().filter(|f| f["properties"]["cluster"] == true).collect();
        assert!(!clusters.is_empty(), "France at zoom 5 groups the demo's items");
        for c in &clusters {
            let p = &c["properties"];
            let kinds: i64 = ["needs", "offers", "structures", "resources"].iter().map(|k| p[*k].as_i64().unwrap()).sum();
            assert_eq!(kinds, p["point_count"].as_i64().unwrap());
            assert_eq!(c["geometry"]["type"], "Point");
        }
        // Zoomed in on structures: single items with what a popup needs (at street level
        // even a structure and its posts at one address come one by one).
        let places: Vec<(f64, f64)> = sqlx::query_as("SELECT lon, lat FROM structures WHERE validation_status = 'validated' AND lat IS NOT NULL ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        let mut item = None;
        for (lon, lat) in places {
            let (_, near) = get(&app, &format!("/api/v1/map?bbox={},{},{},{}&zoom=20", lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)).await;
            item = near["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"].is_i64()).cloned();
            if item.is_some() {
                break;
            }
        }
        let item = item.expect("a single item somewhere");
        let p = &item["properties"];
        assert!(["need", "offer", "structure"].contains(&p["kind"].as_str().unwrap()));
        assert!(!p["title"].as_str().unwrap().is_empty());
        let url = p["url"].as_str().unwrap();
        assert!(url.starts_with("/partage/") || url.starts_with("/structures/"), "{url}");
        assert_eq!(p["category"].is_string(), p["kind"] != "structure");
        assert!(app.get(url).await.status().is_success(), "{url} opens");
        app.finish().await;
    });
}

#[test]
fn filters_pick_kinds_and_categories() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let all = total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3")).await.1);
        let structures = total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&type=structure")).await.1);
        let posts = total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&type=besoin,ressource")).await.1);
        let resources = total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&type=reservable")).await.1);
        assert_eq!(structures + posts + resources, all);
        assert_eq!(resources, public_resources(&app).await);
        assert_eq!(posts, public_posts(&app).await);
        let (slug, in_category): (String, i64) = sqlx::query_as(&format!(
            "SELECT c.slug, COUNT(*) FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN structures s ON s.id = p.structure_id
             WHERE {} AND p.lat IS NOT NULL AND p.kind = 'need' GROUP BY c.slug ORDER BY COUNT(*) DESC LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let (status, fc) = get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&type=besoin&categorie={slug}")).await;
        assert_eq!(status, 200);
        assert_eq!(total(&fc), in_category);
        // An unknown category is no error: nothing matches.
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&categorie=inconnue")).await.1), 0);
        app.finish().await;
    });
}

#[test]
fn words_are_searched_in_the_database_and_clustered_alike() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        // Two public posts far apart (an individual's, a structure's in another commune)
        // get a word no other post holds: the search must find exactly those two, as
        // single points (at zoom 18 two places in different communes never cluster).
        let two: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT MIN(p.id) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.lat IS NOT NULL
             GROUP BY p.structure_id IS NULL ORDER BY MIN(p.id)",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(two.len(), 2, "an individual's post and a structure's");
        let communes: i64 = sqlx::query_scalar(&format!("SELECT COUNT(DISTINCT insee) FROM posts WHERE id IN ({}, {})", two[0], two[1]))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(communes, 2);
        sqlx::query(&format!(
            "UPDATE posts SET title = 'Zorglubienne ' || title, search_folded = 'zorglubienne ' || search_folded WHERE id IN ({}, {})",
            two[0], two[1]
        ))
        .execute(&app.db.pool)
        .await
        .unwrap();
        app.sync_map().await;
        let (status, fc) = get(&app, &format!("/api/v1/map?{FRANCE}&zoom=18&q=zorglub")).await;
        assert_eq!(status, 200, "{fc}");
        let mut ids = point_ids(&fc, "need").into_iter().chain(point_ids(&fc, "offer")).collect::<Vec<_>>();
        ids.sort();
        assert_eq!(ids, two, "exactly the two posts holding the word, as points: {fc}");
        assert_eq!(total(&fc), 2);
        // Clustered alike: at zoom 3 the same two items, whether grouped or not.
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=3&q=zorglub")).await.1), 2);
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=5&q=zzzqqqxxx")).await.1), 0);
        app.finish().await;
    });
}

#[test]
fn a_change_made_by_anyone_reaches_the_map_at_the_next_poll() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let before = total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=4")).await.1);
        // Written straight into the database, as another server instance would.
        let id: i64 = sqlx::query_scalar(&format!(
            "SELECT p.id FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.lat IS NOT NULL ORDER BY p.id LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("UPDATE posts SET hidden = TRUE WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=4")).await.1), before, "not yet polled");
        assert!(app.sync_map().await >= 1);
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=4")).await.1), before - 1, "hidden: off the map");
        // Moved to Brest and shown again.
        sqlx::query("UPDATE posts SET hidden = FALSE, lat = 48.39, lon = -4.49, title = 'Déplacée à Brest' WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        app.sync_map().await;
        let (_, brest) = get(&app, "/api/v1/map?bbox=-4.6,48.3,-4.4,48.5&zoom=15").await;
        let f = brest["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == id).expect("the post at Brest");
        assert_eq!(f["properties"]["title"], "Déplacée à Brest");
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=4")).await.1), before);
        // A structure that is no longer validated leaves the map with its posts and its
        // pooled resources.
        let (sid, with_posts): (i64, i64) = sqlx::query_as(&format!(
            "SELECT s.id, COUNT(p.id) FROM structures s JOIN posts p ON p.structure_id = s.id
             WHERE {} AND p.lat IS NOT NULL AND s.lat IS NOT NULL
               AND EXISTS (SELECT 1 FROM shared_resources r WHERE r.structure_id = s.id AND r.active = TRUE AND r.lat IS NOT NULL)
             GROUP BY s.id ORDER BY COUNT(p.id) DESC LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let with_resources: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shared_resources WHERE structure_id = $1 AND active = TRUE AND lat IS NOT NULL")
            .bind(sid)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(with_resources >= 1);
        sqlx::query("UPDATE structures SET validation_status = 'archived' WHERE id = $1").bind(sid).execute(&app.db.pool).await.unwrap();
        app.sync_map().await;
        assert_eq!(total(&get(&app, &format!("/api/v1/map?{FRANCE}&zoom=4")).await.1), before - 1 - with_posts - with_resources);
        app.finish().await;
    });
}

/// Pooled resources are markers of their own: `kind: resource`, their structure, a link
/// to their calendar; a resource deactivated, moved or created by anyone (another
/// instance, here straight into the database) follows at the next poll.
#[test]
fn pooled_resources_are_markers_of_their_own_and_follow_their_changes() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let resources = || async { get(&app, &format!("/api/v1/map?{FRANCE}&zoom=20&type=reservable")).await.1 };
        let (id, name, structure): (i64, String, String) = sqlx::query_as(
            "SELECT r.id, r.name, s.name FROM shared_resources r JOIN structures s ON s.id = r.structure_id
             WHERE r.active = TRUE AND s.validation_status = 'validated' AND r.lat IS NOT NULL ORDER BY r.id LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let (lon, lat): (f64, f64) = sqlx::query_as("SELECT lon, lat FROM shared_resources WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        let near = format!("bbox={},{},{},{}&zoom=20&type=reservable", lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002);
        let (_, fc) = get(&app, &format!("/api/v1/map?{near}")).await;
        let f = fc["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == id).expect("the resource on the map");
        let p = &f["properties"];
        assert_eq!(p["kind"], "resource");
        assert_eq!(p["title"], name.as_str());
        assert_eq!(p["structure"], structure.as_str());
        assert_eq!(p["url"], format!("/ressources/{id}"));
        assert!(p["category"].is_null() && p["status"].is_null());
        assert!(app.get(&format!("/ressources/{id}")).await.status().is_success());
        assert!(point_ids(&resources().await, "resource").contains(&id));
        assert!(point_ids(&resources().await, "need").is_empty(), "the filter keeps resources only");
        // The map page lists them in its HTML (no JavaScript needed), with their kind in words.
        let html = body_text(app.get("/carte?type=reservable").await).await;
        assert!(html.contains(&format!("href=\"/ressources/{id}\"")) && html.contains("À réserver"), "{html}");

        // Deactivated: off the map; moved to Brest and active again: there.
        sqlx::query("UPDATE shared_resources SET active = FALSE WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        assert!(app.sync_map().await >= 1);
        assert!(!point_ids(&resources().await, "resource").contains(&id));
        sqlx::query("UPDATE shared_resources SET active = TRUE, lat = 48.39, lon = -4.49 WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        app.sync_map().await;
        let (_, brest) = get(&app, "/api/v1/map?bbox=-4.6,48.3,-4.4,48.5&zoom=15&type=reservable").await;
        assert_eq!(point_ids(&brest, "resource"), vec![id]);
        // A structure's new resource, written by « another instance ».
        let sid: i64 = sqlx::query_scalar("SELECT structure_id FROM shared_resources WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        let new: i64 = sqlx::query_scalar(
            "INSERT INTO shared_resources (structure_id, name, description, kind, lat, lon, created_at, updated_at)
             VALUES ($1, 'Remorque', '', 'vehicle', 48.40, -4.48, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z') RETURNING id",
        )
        .bind(sid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        app.sync_map().await;
        let (_, brest) = get(&app, "/api/v1/map?bbox=-4.6,48.3,-4.4,48.5&zoom=18&type=reservable").await;
        let mut ids = point_ids(&brest, "resource");
        ids.sort();
        assert_eq!(ids, vec![id, new]);
        // At low zoom the two are one group, counted as resources.
        let (_, far) = get(&app, "/api/v1/map?bbox=-4.6,48.3,-4.4,48.5&zoom=5&type=reservable").await;
        let cluster = far["features"].as_array().unwrap().iter().find(|f| f["properties"]["cluster"] == true).expect("a group");
        assert_eq!(cluster["properties"]["resources"], 2);
        assert_eq!(cluster["properties"]["point_count"], 2);
        app.finish().await;
    });
}

#[test]
fn bad_requests_are_refused_in_french() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        for (query, says) in [
            ("zoom=5", "bbox est obligatoire"),
            ("bbox=a,b,c,d&zoom=5", "illisible"),
            ("bbox=1,2,3&zoom=5", "quatre nombres"),
            ("bbox=5,2,1,4&zoom=5", "inférieur"),
            ("bbox=1,-91,3,4&zoom=5", "latitudes"),
            ("bbox=1,2,3,4&zoom=21", "zoom"),
            ("bbox=1,2,3,4&zoom=x", "zoom"),
            ("bbox=1,2,3,4", "zoom est obligatoire"),
            ("bbox=1,2,3,4&zoom=5&tri=recent", "Paramètre inconnu"),
            ("bbox=1,2,3,4&zoom=5&type=camion", "type inconnu"),
        ] {
            let (status, body) = get(&app, &format!("/api/v1/map?{query}")).await;
            assert_eq!(status, 400, "{query}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains(says), "{query}: {message}");
        }
        // Longitudes past ±180 (Leaflet at zoom 0–2) are accepted.
        let (status, fc) = get(&app, "/api/v1/map?bbox=-540,-85,540,85&zoom=0").await;
        assert_eq!(status, 200);
        assert!(total(&fc) > 0);
        app.finish().await;
    });
}

#[test]
fn an_unchanged_view_costs_a_304() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let uri = format!("/api/v1/map?{FRANCE}&zoom=6");
        let res = app.get(&uri).await;
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/geo+json");
        let tag = res.headers()[header::ETAG].to_str().unwrap().to_string();
        let again = app.send(Request::get(&uri).header(header::IF_NONE_MATCH, &tag).body(Body::empty()).unwrap()).await;
        assert_eq!(again.status(), 304);
        sqlx::query("UPDATE posts SET title = title || ' !' WHERE id = (SELECT MIN(id) FROM posts)").execute(&app.db.pool).await.unwrap();
        app.sync_map().await;
        let changed = app.send(Request::get(&uri).header(header::IF_NONE_MATCH, &tag).body(Body::empty()).unwrap()).await;
        assert_eq!(changed.status(), 200, "new data, new tag");
        assert_ne!(changed.headers()[header::ETAG].to_str().unwrap(), tag);
        app.finish().await;
    });
}

#[test]
fn the_map_pages_render_and_only_the_embed_may_be_framed() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let res = app.get("/carte?type=besoin&categorie=materiel&lat=44.01&lon=4.42&z=12").await;
        assert_eq!(res.status(), 200);
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'") && res.headers()[header::X_FRAME_OPTIONS] == "DENY");
        let html = body_text(res).await;
        assert!(html.contains("La carte du partage") && html.contains("class=\"map-canvas\""));
        assert!(html.contains("Voir en liste") && html.contains("/partage?type=besoin&amp;categorie=materiel"), "the list link keeps the filters");
        assert!(html.contains("Intégrer cette carte"));
        assert!(!html.contains("leaflet.js"), "Leaflet is loaded by the map component, not by the page");

        let res = app.get("/embed?type=structure").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers().get(header::X_FRAME_OPTIONS).is_none());
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors *"), "{csp}");
        let html = body_text(res).await;
        assert!(html.contains("class=\"map-canvas\"") && html.contains("class=\"embed-page\""), "the map alone (the site's header and footer hidden by style)");
        // Any other page still refuses to be framed.
        let home = app.get("/").await;
        assert_eq!(home.headers()[header::X_FRAME_OPTIONS], "DENY");
        app.finish().await;
    });
}

#[test]
fn a_restart_reads_the_index_file_then_catches_up_and_refuses_another_databases_file() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let file = std::env::temp_dir().join(format!("coin-it-carte-{}-{}.index", std::process::id(), crate::helpers::rand_suffix()));
        let first = server::map::MapData::default();
        server::map::sync::Follower::start(&app.db.pool, &first, Some(file.clone())).await.unwrap();
        let all = |data: &server::map::MapData| data.snapshot().map(|s| s.index.len() + s.overlay.items.len() - s.overlay.replaced.len());
        let loaded = all(&first).unwrap();
        for _ in 0..100 {
            if file.exists() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(file.exists(), "the index is saved after a full build");

        // Changed while « the instance was down »: a post hidden.
        let id: i64 = sqlx::query_scalar(&format!(
            "SELECT p.id FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.lat IS NOT NULL ORDER BY p.id LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("UPDATE posts SET hidden = TRUE WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        let restarted = server::map::MapData::default();
        let mut follower = server::map::sync::Follower::start(&app.db.pool, &restarted, Some(file.clone())).await.unwrap();
        assert_eq!(all(&restarted), Some(loaded), "read back from the file, as saved");
        follower.poll(&app.db.pool, &restarted).await.unwrap();
        assert_eq!(all(&restarted), Some(loaded - 1), "then the changes logged since");

        // Another database (same file): its stamp is not in that log, so it is not used.
        let other = TestApp::new().await;
        sqlx::query("DELETE FROM map_changes").execute(&other.db.pool).await.unwrap();
        sqlx::query("UPDATE posts SET hidden = TRUE").execute(&other.db.pool).await.unwrap();
        let elsewhere = server::map::MapData::default();
        server::map::sync::Follower::start(&other.db.pool, &elsewhere, Some(file.clone())).await.unwrap();
        let structures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE validation_status = 'validated' AND lat IS NOT NULL").fetch_one(&other.db.pool).await.unwrap();
        let resources = public_resources(&other).await;
        assert_eq!(all(&elsewhere), Some((structures + resources) as usize), "read from its own database");
        let _ = std::fs::remove_file(&file);
        other.finish().await;
        app.finish().await;
    });
}

#[test]
fn popups_get_the_structure_and_state_of_posts() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, name): (i64, String) = sqlx::query_as(&format!(
            "SELECT p.id, s.name FROM posts p JOIN structures s ON s.id = p.structure_id WHERE {} AND p.lat IS NOT NULL AND s.lat IS NOT NULL ORDER BY p.id LIMIT 1",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("UPDATE posts SET status = 'in_progress' WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        app.sync_map().await;
        let (lon, lat): (f64, f64) = sqlx::query_as("SELECT lon, lat FROM posts WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        let bbox = format!("bbox={},{},{},{}", lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001);
        let find = |fc: &Value| fc["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == id && f["properties"]["kind"] != "structure").cloned();
        let (_, fc) = get(&app, &format!("/api/v1/map?{bbox}&zoom=20")).await;
        let p = find(&fc).unwrap_or_else(|| panic!("post {id} at street level: {fc}"))["properties"].clone();
        assert_eq!(p["structure"], name.as_str());
        assert_eq!(p["status"], "in_progress");
        // The same from the database path (words), names from the map's index.
        let word: String = sqlx::query_scalar("SELECT title FROM posts WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        let word = word.split_whitespace().max_by_key(|w| w.chars().count()).unwrap().to_string();
        let (_, fc) = get(&app, &format!("/api/v1/map?{bbox}&zoom=20&q={}", crate::helpers::urlencode(&word))).await;
        assert_eq!(find(&fc).expect("found by its word")["properties"]["structure"], name.as_str());
        app.finish().await;
    });
}
