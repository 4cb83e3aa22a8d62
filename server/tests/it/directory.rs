//! The directory and structure pages, served as HTML with their data (no JavaScript).

use crate::helpers::{TestApp, body_text, call};

async fn page(app: &TestApp, uri: &str) -> (u16, String) {
    let res = app.get(uri).await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

#[test]
fn search_ignores_accents_and_case_and_matches_word_prefixes() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        for q in ["eco", "ECO", "éco", "Ecocentre", "pierre+terre"] {
            let (status, html) = page(&app, &format!("/annuaire?q={q}")).await;
            assert_eq!(status, 200);
            assert!(html.contains("Écocentre et Centre social Pierre et Terre"), "q={q}");
        }
        // A word prefix, not a substring in the middle of a word: « centre » finds
        // « Écocentre … Centre social » by its second word, « ocentre » finds nothing.
        let (_, html) = page(&app, "/annuaire?q=ocentre").await;
        assert!(html.contains("Aucune structure ne correspond"), "no infix match");
        // The JSON server function answers the same.
        let (status, json) = call(&app, "directory", None, "filter[q]=eco").await;
        assert_eq!(status, 200);
        let data: app::model::DirectoryData = serde_json::from_str(&json).unwrap();
        assert!(data.items.iter().any(|s| s.name.starts_with("Écocentre")));
        app.finish().await;
    })
}

#[test]
fn filters_combine_paginate_and_pending_structures_stay_out() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let validated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE validation_status = 'validated'").fetch_one(pool).await.unwrap();
        let (_, json) = call(&app, "directory", None, "filter[q]=").await;
        let all: app::model::DirectoryData = serde_json::from_str(&json).unwrap();
        assert_eq!(all.total, validated);
        assert_eq!(all.items.len() as i64, validated.min(20));
        assert_eq!(all.pages as i64, (validated + 19) / 20);
        // The last page holds the rest; a page beyond the end shows the last one.
        let (_, json) = call(&app, "directory", None, &format!("filter[page]={}", all.pages + 5)).await;
        let last: app::model::DirectoryData = serde_json::from_str(&json).unwrap();
        assert_eq!(last.page, all.pages);

        // Kind + département + open needs, each checked against the database.
        let (_, json) = call(&app, "directory", None, "filter[kind]=centre_social&filter[place][departement]=30&filter[open_needs]=true").await;
        let some: app::model::DirectoryData = serde_json::from_str(&json).unwrap();
        let expected: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM structures s WHERE validation_status = 'validated' AND kind = 'centre_social' AND departement = '30'
             AND EXISTS (SELECT 1 FROM posts p WHERE p.structure_id = s.id AND p.kind = 'need' AND p.hidden = FALSE AND p.status IN ('published', 'in_progress'))",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(some.total, expected);
        assert!(some.items.iter().all(|s| s.open_needs > 0 && s.departement.as_deref() == Some("30")));

        // A pending structure is neither listed nor has a page.
        let slug: String = sqlx::query_scalar("SELECT slug FROM structures WHERE name LIKE 'Écocentre%'").fetch_one(pool).await.unwrap();
        sqlx::query("UPDATE structures SET validation_status = 'pending' WHERE slug = $1").bind(&slug).execute(pool).await.unwrap();
        let (_, html) = page(&app, "/annuaire?q=ecocentre").await;
        assert!(!html.contains("Écocentre et Centre social"));
        assert_eq!(page(&app, &format!("/structures/{slug}")).await.0, 404);
        app.finish().await;
    })
}

#[test]
fn a_structure_page_is_server_rendered_with_its_posts_and_a_shareable_filtered_link_opens() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (slug, name, insee): (String, String, String) = sqlx::query_as(
            "SELECT s.slug, s.name, s.insee FROM structures s WHERE s.validation_status = 'validated'
             AND EXISTS (SELECT 1 FROM posts p WHERE p.structure_id = s.id AND p.status = 'published' AND p.hidden = FALSE) ORDER BY s.id LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let title: String = sqlx::query_scalar("SELECT title FROM posts WHERE structure_id = (SELECT id FROM structures WHERE slug = $1) AND status = 'published' AND hidden = FALSE LIMIT 1")
            .bind(&slug)
            .fetch_one(pool)
            .await
            .unwrap();
        let (status, html) = page(&app, &format!("/structures/{slug}")).await;
        assert_eq!(status, 200);
        let esc = |s: &str| s.replace('&', "&amp;").replace('\'', "&#39;").replace('<', "&lt;");
        assert!(html.contains(&esc(&name)) || html.contains(&name), "name in the served HTML");
        assert!(html.contains(&esc(&title)) || html.contains(&title), "its posts in the served HTML");
        assert!(html.contains(&format!("<title>{}", esc(&name))) || html.contains(&format!("<title>{name}")));
        assert_eq!(page(&app, "/structures/nexiste-pas").await.0, 404);

        // The home page's commune links open the directory filtered on that commune.
        let commune: String = sqlx::query_scalar("SELECT name FROM communes WHERE insee = $1").bind(&insee).fetch_one(pool).await.unwrap();
        let (_, html) = page(&app, &format!("/annuaire?commune={insee}&type=&theme=&besoins=")).await;
        assert!(html.contains(&esc(&commune)) || html.contains(&commune));
        assert!(html.contains(&esc(&name)) || html.contains(&name));
        app.finish().await;
    })
}


#[test]
fn the_open_data_api_lists_structures_with_the_same_filters_and_the_licence() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (status, body) = page(&app, "/api/v1/structures?q=eco&type=centre_social").await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["licence"], "CC BY-SA 4.0");
        let items = json["items"].as_array().unwrap();
        assert!(items.iter().any(|s| s["name"].as_str().unwrap().starts_with("Écocentre")));
        assert!(items.iter().all(|s| s["kind"] == "centre_social"));
        assert!(items[0]["url"].as_str().unwrap().starts_with("http://127.0.0.1:3000/structures/"));
        // Only public fields: no e-mail, phone, SIRET or creator of a structure.
        for private in ["email", "phone", "siret", "created_by", "rna"] {
            assert!(items.iter().all(|s| s.get(private).is_none()), "{private}");
        }
        let (status, body) = page(&app, "/api/v1/structures?categorie=x").await;
        assert_eq!(status, 400);
        assert!(body.contains("Paramètre inconnu"));
        let (_, body) = page(&app, "/api/v1/structures?page=2").await;
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["page"], 2);
        assert_eq!(page(&app, "/api/v1/nexiste-pas").await.0, 404);
        app.finish().await;
    })
}

#[test]
fn a_post_page_shows_a_public_post_and_hides_drafts_hidden_posts_and_home_addresses() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (id, title): (i64, String) = sqlx::query_as(
            "SELECT p.id, p.title FROM posts p JOIN structures s ON s.id = p.structure_id
             WHERE p.status = 'published' AND p.hidden = FALSE AND s.validation_status = 'validated' ORDER BY p.id LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let (status, html) = page(&app, &format!("/partage/{id}")).await;
        assert_eq!(status, 200);
        let esc = |s: &str| s.replace('&', "&amp;").replace('\'', "&#39;").replace('<', "&lt;");
        assert!(html.contains(&esc(&title)) || html.contains(&title));
        sqlx::query("UPDATE posts SET hidden = TRUE, hidden_reason = 'test' WHERE id = $1").bind(id).execute(pool).await.unwrap();
        assert_eq!(page(&app, &format!("/partage/{id}")).await.0, 404, "hidden by moderation");
        sqlx::query("UPDATE posts SET hidden = FALSE, status = 'draft' WHERE id = $1").bind(id).execute(pool).await.unwrap();
        assert_eq!(page(&app, &format!("/partage/{id}")).await.0, 404, "a draft is not public");
        assert_eq!(page(&app, "/partage/999999").await.0, 404);

        // An individual's post: its commune, never an address, even if one were stored nearby.
        // (The demo has such posts: a missing one fails instead of skipping the check.)
        let pid: i64 = sqlx::query_scalar(
            "SELECT id FROM posts WHERE structure_id IS NULL AND status = 'published' AND hidden = FALSE ORDER BY id LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("UPDATE posts SET location_precision = 'address' WHERE id = $1").bind(pid).execute(pool).await.unwrap();
        let (status, html) = page(&app, &format!("/partage/{pid}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Un particulier"));
        let (_, json) = call(&app, "post_page", None, &format!("id={pid}")).await;
        let page: app::model::PostPageData = serde_json::from_str::<Option<_>>(&json).unwrap().unwrap();
        assert!(page.post.address.is_none(), "no address for an individual");
        app.finish().await;
    })
}
