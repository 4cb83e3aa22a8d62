//! Text typed by users is rendered inert: an XSS corpus stored in every text field that a
//! page shows comes back escaped.

use crate::helpers::{TestApp, body_text, login_cookie};

const CORPUS: &[&str] = &[
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "\"><iframe src=javascript:alert(1)>",
    "</title><script>alert(2)</script>",
];

#[test]
fn an_xss_corpus_in_every_displayed_field_renders_inert() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let payload = CORPUS.join(" ");
        // Structure name, post title, category name, commune name: every text of a post card.
        sqlx::query("UPDATE structures SET name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE posts SET title = $1, description = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE categories SET name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE communes SET name = $1 WHERE insee IN (SELECT insee FROM posts)").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE instance_settings SET instance_name = $1").bind(&payload).execute(pool).await.unwrap();

        sqlx::query("UPDATE structures SET description = $1, address = $1, website = $1, phone = $1, email = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE themes SET name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE territories SET name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE shared_resources SET name = $1, description = $1").bind(&payload).execute(pool).await.unwrap();
        assert_inert(&body_text(app.get("/").await).await);
        assert_inert(&body_text(app.get("/annuaire").await).await);
        let slug: String = sqlx::query_scalar("SELECT slug FROM structures WHERE EXISTS (SELECT 1 FROM shared_resources r WHERE r.structure_id = structures.id) LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
        let profile = body_text(app.get(&format!("/structures/{slug}")).await).await;
        assert_inert(&profile);
        assert!(!profile.contains("href=\"&lt;") && !profile.contains("href=\"<"), "a bad website is not linked");
        app.finish().await;
    })
}

/// The account and coordination pages show names, descriptions, e-mails and audit
/// details typed by users: the same corpus comes back inert there too.
#[test]
fn the_corpus_stays_inert_on_account_and_coordination_pages() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let payload = CORPUS.join(" ");
        // (RNA and SIRET name one live structure each: the payload plus the id.)
        sqlx::query("UPDATE structures SET name = $1, description = $1, website = $1, rna = $1 || id, siret = $1 || id, validation_status = 'pending'")
            .bind(&payload)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE users SET display_name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE communes SET name = $1 WHERE insee IN (SELECT insee FROM structures)").bind(&payload).execute(pool).await.unwrap();
        app::db::audit::event(pool, None, &payload, Some(("structure", 1)), &serde_json::json!({ "reason": payload }).to_string())
            .await
            .unwrap();
        let garage: i64 = sqlx::query_scalar("SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org'")
            .fetch_one(pool)
            .await
            .unwrap();
        let admin = login_cookie(&app, "admin@example.org", "partage-demo-2026").await;
        let responsable = login_cookie(&app, "responsable@example.org", "partage-demo-2026").await;
        let pages = [
            ("/compte", &responsable),
            ("/compte/structures", &responsable),
            (&*format!("/compte/structures/{garage}"), &responsable),
            ("/coordination/validation", &admin),
            ("/admin/journal", &admin),
        ];
        for (path, cookie) in pages {
            let res = app
                .send(axum::http::Request::get(path).header(axum::http::header::COOKIE, cookie.as_str()).body(axum::body::Body::empty()).unwrap())
                .await;
            let html = body_text(res).await;
            assert!(html.contains("alert(1)"), "{path} shows the stored text");
            assert_inert(&html);
        }
        app.finish().await;
    })
}

fn assert_inert(html: &str) {
    assert!(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;") || html.contains("&lt;script&gt;alert('xss')&lt;/script&gt;")
        || html.contains("\\u003cscript\\u003e") || html.contains("\\u003cscript>"),
        "the text is shown, escaped");
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<a href=\"javascript:", "</title><script>"] {
        if let Some(i) = html.find(raw) { panic!("raw markup `{raw}` reached the page: …{}…", &html[i.saturating_sub(200)..(i + 80).min(html.len())]); }
    }
    // Only our own scripts: the hydration loader, with the response's nonce.
    let scripts = html.matches("<script").count();
    let with_nonce = html.matches("<script type=\"module\" nonce=").count() + html.matches("<script nonce=").count();
    assert_eq!(scripts, with_nonce, "every script tag carries the nonce");
}

/// Responses, messages, contacts, missions and notifications: typed by users, shown to
/// others on the post page, « Mes échanges » and « Bénévolat ».
#[test]
fn the_corpus_stays_inert_in_threads_contacts_and_missions() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let payload = CORPUS.join(" ");
        let member = login_cookie(&app, "membre@example.org", "partage-demo-2026").await;
        let camille = login_cookie(&app, "camille@example.org", "partage-demo-2026").await;
        let structure: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let day = (chrono::Utc::now().date_naive() + chrono::Days::new(5)).format("%Y-%m-%d").to_string();
        let form = format!(
            "form[author]=structure:{structure}&form[kind]=need&form[category]=benevolat&form[title]=Mission+test&form[description]=Une+mission+de+test&form[starts_on]={day}&form[volunteers_needed]=3&intent=publish"
        );
        let (_, body) = crate::helpers::call(&app, "save_post", Some(&member), &form).await;
        let id: i64 = body.trim().parse().unwrap();
        let response = format!("post_id={id}&message={}&reply_as=moi", crate::helpers::urlencode(&payload));
        let (status, rid) = crate::helpers::call(&app, "reply_to_post", Some(&camille), &response).await;
        assert_eq!(status, 200, "{rid}");
        crate::helpers::call(&app, "decide_reply", Some(&member), &format!("response_id={}&decision=accept", rid.trim())).await;
        crate::helpers::call(&app, "volunteer", Some(&camille), &format!("post_id={id}&action=join")).await;
        // Names, titles and the structure's public contacts, all hostile.
        sqlx::query("UPDATE users SET display_name = $1").bind(&payload).execute(pool).await.unwrap();
        sqlx::query("UPDATE posts SET title = $1 WHERE id = $2").bind(&payload).bind(id).execute(pool).await.unwrap();
        sqlx::query("UPDATE structures SET name = $1, email = $1, phone = $1 WHERE id = $2").bind(&payload).bind(structure).execute(pool).await.unwrap();
        let pages = [
            (format!("/partage/{id}"), &member),
            (format!("/partage/{id}"), &camille),
            ("/compte/echanges".to_string(), &member),
            ("/compte/echanges".to_string(), &camille),
            ("/benevolat".to_string(), &camille),
        ];
        for (path, cookie) in pages {
            let res = app
                .send(axum::http::Request::get(&path).header(axum::http::header::COOKIE, cookie.as_str()).body(axum::body::Body::empty()).unwrap())
                .await;
            let html = body_text(res).await;
            assert!(html.contains("alert(1)"), "{path} shows the stored text");
            assert_inert(&html);
        }
        app.finish().await;
    })
}
