//! `GET /api/v1/posts`: the list's filters plus a map box, public fields only (an
//! individual's post is placed at its commune), the licence, French refusals.

use serde_json::Value;

use crate::helpers::{TestApp, body_text};

async fn get(app: &TestApp, uri: &str) -> (u16, Value) {
    let res = app.get(uri).await;
    let status = res.status().as_u16();
    let body = body_text(res).await;
    (status, serde_json::from_str(&body).unwrap_or_else(|_| Value::String(body)))
}

fn ids(json: &Value) -> Vec<i64> {
    json["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect()
}

/// Public posts and where the API says they are: (id, lat, lon) — the structure's point
/// for an address, the commune's centroid for an individual.
async fn public_points(app: &TestApp) -> Vec<(i64, f64, f64)> {
    sqlx::query_as(&format!(
        "SELECT p.id,
                CASE WHEN p.location_precision = 'address' THEN p.lat ELSE co.lat END,
                CASE WHEN p.location_precision = 'address' THEN p.lon ELSE co.lon END
         FROM posts p LEFT JOIN structures s ON s.id = p.structure_id LEFT JOIN communes co ON co.insee = p.insee
         WHERE {} AND p.lat IS NOT NULL",
        app::db::posts::POST_IS_PUBLIC
    ))
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[test]
fn a_box_and_filters_give_the_public_posts_inside_with_the_licence() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        // The Uzès area (Gard) in the demo data.
        let (w, s, e, n) = (4.2, 43.8, 4.7, 44.2);
        let (status, json) = get(&app, &format!("/api/v1/posts?bbox={w},{s},{e},{n}")).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["licence"], "CC BY-SA 4.0");
        assert!(json["licence_url"].as_str().unwrap().starts_with("https://"));
        let mut want: Vec<i64> = public_points(&app)
            .await
            .into_iter()
            .filter(|(_, lat, lon)| (s..=n).contains(lat) && (w..=e).contains(lon))
            .map(|(id, ..)| id)
            .collect();
        assert!(want.len() > 20 && want.len() < 100, "more than one page, under the limit: {}", want.len());
        let mut got = ids(&json);
        for page in 2..=json["pages"].as_i64().unwrap() {
            let (_, next) = get(&app, &format!("/api/v1/posts?bbox={w},{s},{e},{n}&page={page}")).await;
            got.extend(ids(&next));
        }
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
        assert_eq!((json["total"].as_i64(), json["total_is_lower_bound"].as_bool()), (Some(want.len() as i64), Some(false)));
        for item in json["items"].as_array().unwrap() {
            let (lat, lon) = (item["location"]["lat"].as_f64().unwrap(), item["location"]["lon"].as_f64().unwrap());
            assert!((s..=n).contains(&lat) && (w..=e).contains(&lon));
            assert!(item["url"].as_str().unwrap().starts_with("http://127.0.0.1:3000/partage/"));
        }
        // Same filters as the list: a word, a kind.
        let (_, words) = get(&app, &format!("/api/v1/posts?bbox={w},{s},{e},{n}&q=benevoles&type=besoin")).await;
        for item in words["items"].as_array().unwrap() {
            assert_eq!(item["kind"], "need");
            let text = app::model::fold(&format!("{} {}", item["title"].as_str().unwrap(), item["description"].as_str().unwrap()));
            assert!(text.split(' ').any(|t| t.starts_with("benevoles")), "{text}");
        }
        assert!(ids(&words).iter().all(|id| want.contains(id)));
        // A box with nothing in it (the open sea).
        let (status, empty) = get(&app, "/api/v1/posts?bbox=-30,40,-29,41").await;
        assert_eq!((status, empty["total"].as_i64()), (200, Some(0)));
        app.finish().await;
    })
}

#[test]
fn an_individuals_post_is_placed_at_its_commune_and_private_fields_never_show() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (id, insee): (i64, String) = sqlx::query_as(
            "SELECT id, insee FROM posts WHERE structure_id IS NULL AND status = 'published' AND hidden = FALSE AND insee IS NOT NULL LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .expect("the demo has an individual's post");
        let (clat, clon): (f64, f64) = sqlx::query_as("SELECT lat, lon FROM communes WHERE insee = $1").bind(&insee).fetch_one(pool).await.unwrap();
        // Even a point stored nearby (it never should be) stays private: the commune is shown.
        sqlx::query("UPDATE posts SET lat = $1, lon = $2 WHERE id = $3").bind(clat + 0.003).bind(clon + 0.002).bind(id).execute(pool).await.unwrap();
        let bbox = format!("{},{},{},{}", clon - 0.05, clat - 0.05, clon + 0.05, clat + 0.05);
        let (status, json) = get(&app, &format!("/api/v1/posts?bbox={bbox}")).await;
        assert_eq!(status, 200);
        let item = json["items"].as_array().unwrap().iter().find(|p| p["id"] == id).expect("in the box").clone();
        assert_eq!((item["location"]["lat"].as_f64(), item["location"]["lon"].as_f64()), (Some(clat), Some(clon)));
        assert_eq!(item["location"]["precision"], "commune");
        assert_eq!(item["structure"], Value::Null);
        assert_eq!(item["commune"]["insee"], insee.as_str());
        let mut keys = Vec::new();
        keys_of(&json, &mut keys);
        for private in ["author", "author_id", "email", "phone", "address", "hidden", "search_folded"] {
            assert!(!keys.contains(&private.to_string()), "{private} in {keys:?}");
        }
        // A box around the stored point but not the commune's centre does not reveal it.
        let around = format!("{},{},{},{}", clon + 0.0015, clat + 0.0025, clon + 0.0025, clat + 0.0035);
        let (_, json) = get(&app, &format!("/api/v1/posts?bbox={around}")).await;
        assert!(!ids(&json).contains(&id));
        // Hidden and draft posts are not public.
        sqlx::query("UPDATE posts SET hidden = TRUE WHERE id = $1").bind(id).execute(pool).await.unwrap();
        let (_, json) = get(&app, &format!("/api/v1/posts?bbox={bbox}")).await;
        assert!(!ids(&json).contains(&id));
        app.finish().await;
    })
}

/// Every object key in a JSON document.
fn keys_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| {
            out.push(k.clone());
            keys_of(v, out);
        }),
        Value::Array(a) => a.iter().for_each(|v| keys_of(v, out)),
        _ => {}
    }
}

#[test]
fn bad_parameters_are_refused_in_french() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        for (uri, says) in [
            ("/api/v1/posts?limit=5", "Paramètre inconnu"),
            ("/api/v1/posts?bbox=1,2,3", "quatre nombres"),
            ("/api/v1/posts?bbox=a,b,c,d", "quatre nombres"),
            ("/api/v1/posts?bbox=4.5,43,4.3,44", "l’ouest"),
            ("/api/v1/posts?bbox=4,91,5,92", "latitudes"),
            ("/api/v1/posts?tri=alphabetique", "tri :"),
            ("/api/v1/posts?type=need", "type inconnu :"),
            ("/api/v1/posts?page=0", "page :"),
            ("/api/v1/posts?tri=distance", "pres="),
            ("/api/v1/posts?tri=distance&pres=99999", "commune inconnue"),
            ("/api/v1/posts?tri=distance&pres=x;y", "pres invalide"),
            ("/api/v1/posts?depuis=hier", "AAAA-MM-JJ"),
            ("/api/v1/posts?rayon=10", "choisissez aussi une commune"),
            ("/api/v1/posts?commune=30334&rayon=0", "de 1 à 100"),
            ("/api/v1/posts?categorie=%3Cscript%3E", "categorie invalide"),
        ] {
            let (status, json) = get(&app, uri).await;
            assert_eq!(status, 400, "{uri}: {json}");
            assert!(json.to_string().contains(says), "{uri}: {json}");
        }
        app.finish().await;
    })
}

#[test]
fn pages_orders_and_distance() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, first) = get(&app, "/api/v1/posts").await;
        let total = first["total"].as_i64().unwrap();
        assert!(total > 20, "the demo has more than one page");
        assert_eq!((first["per_page"].as_i64(), first["pages"].as_i64()), (Some(20), Some((total + 19) / 20)));
        assert_eq!(first["sort"], "recent");
        let public: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {}",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let limit = server::open_data::POSTS_LIMIT;
        assert_eq!((total, first["total_is_lower_bound"].as_bool()), (public.min(limit), Some(public > limit)));
        let (_, second) = get(&app, "/api/v1/posts?page=2").await;
        assert_eq!(second["page"], 2);
        let (a, b) = (ids(&first), ids(&second));
        assert_eq!(a.len(), 20);
        assert!(b.iter().all(|id| !a.contains(id)), "pages do not overlap");
        let dates: Vec<&str> = first["items"].as_array().unwrap().iter().map(|p| p["published_at"].as_str().unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
        // With a word, relevance by default.
        let (_, words) = get(&app, "/api/v1/posts?q=velo").await;
        assert_eq!(words["sort"], "pertinence");
        // Nearest first from Uzès, with the distance.
        let (status, near) = get(&app, "/api/v1/posts?tri=distance&depuis=30334").await;
        assert_eq!(status, 200, "{near}");
        let km: Vec<f64> = near["items"].as_array().unwrap().iter().map(|p| p["distance_km"].as_f64().unwrap()).collect();
        assert!(km.windows(2).all(|w| w[0] <= w[1]) && km[0] < 30.0, "{km:?}");
        assert_eq!(first["items"][0]["distance_km"], Value::Null, "only when ordered by distance");
        app.finish().await;
    })
}
