//! Text typed by users is rendered inert: an XSS corpus stored in every text field that a
//! page shows comes back escaped.

use crate::helpers::{TestApp, body_text};

const CORPUS: &[&str] = &[
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "\"><iframe src=javascript:alert(1)>",
    "</title><script>alert(2)</script>",
];

#[tokio::test]
async fn an_xss_corpus_in_every_displayed_field_renders_inert() {
    let app = TestApp::new().await;
    let pool = &app.db.pool;
    let payload = CORPUS.join(" ");
    // Structure name, post title, category name, commune name: every text of a post card.
    sqlx::query("UPDATE structures SET name = $1").bind(&payload).execute(pool).await.unwrap();
    sqlx::query("UPDATE posts SET title = $1, description = $1").bind(&payload).execute(pool).await.unwrap();
    sqlx::query("UPDATE categories SET name = $1").bind(&payload).execute(pool).await.unwrap();
    sqlx::query("UPDATE communes SET name = $1 WHERE insee IN (SELECT insee FROM posts)").bind(&payload).execute(pool).await.unwrap();
    sqlx::query("UPDATE instance_settings SET instance_name = $1").bind(&payload).execute(pool).await.unwrap();

    let html = body_text(app.get("/").await).await;
    assert!(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;") || html.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"),
        "the text is shown, escaped");
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<a href=\"javascript:", "</title><script>"] {
        if let Some(i) = html.find(raw) { panic!("raw markup `{raw}` reached the page: …{}…", &html[i.saturating_sub(200)..(i + 80).min(html.len())]); }
    }
    // Only our own scripts: the hydration loader, with the response's nonce.
    let scripts = html.matches("<script").count();
    let with_nonce = html.matches("<script type=\"module\" nonce=").count() + html.matches("<script nonce=").count();
    assert_eq!(scripts, with_nonce, "every script tag carries the nonce");
    app.finish().await;
}
