//! The « Coin du partage » list: full-text search behind the backend seam (FTS5 / tsvector)
//! checked against the same rule computed in Rust, filters, order, pagination.

use app::model::{PostFilter, ShareData, fold};

use crate::helpers::{TestApp, body_text, call};

async fn list(app: &TestApp, form: &str) -> ShareData {
    let (status, json) = call(app, "share_list", None, form).await;
    assert_eq!(status, 200, "{json}");
    serde_json::from_str(&json).unwrap()
}

/// Public posts whose folded title + description has every query word as a word prefix.
async fn expected(app: &TestApp, q: &str) -> i64 {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.title, p.description FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE p.hidden = FALSE AND p.status IN ('published', 'in_progress')
           AND (p.structure_id IS NULL OR s.validation_status = 'validated')",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let words: Vec<String> = fold(q).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
    rows.iter()
        .filter(|(t, d)| {
            let text = fold(&format!("{t} {d}"));
            words.iter().all(|w| text.split(' ').any(|tok| tok.starts_with(w.as_str())))
        })
        .count() as i64
}

#[test]
fn search_finds_words_by_prefix_without_accents_as_the_rule_says() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        for q in ["velo", "VÉLO", "vel", "besoin benevoles", "camion", "cuisine service", "zzzz"] {
            let data = list(&app, &format!("filter[q]={}", crate::helpers::urlencode(q))).await;
            assert_eq!(data.total, expected(&app, q).await, "q={q}");
        }
        assert!(list(&app, "filter[q]=velo").await.total > 0, "the demo has bikes");
        // A post's text change reaches the index; a deleted post leaves it.
        let id: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE status = 'published' AND hidden = FALSE AND structure_id IS NOT NULL LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE posts SET title = 'Tandem électrique', search_folded = $1 WHERE id = $2")
            .bind(app::db::posts::search_text("Tandem électrique", ""))
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let found = list(&app, "filter[q]=tandem+electr").await;
        assert_eq!(found.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![id]);
        sqlx::query("DELETE FROM posts WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        assert_eq!(list(&app, "filter[q]=tandem").await.total, 0);
        app.finish().await;
    })
}

#[test]
fn filters_and_order_and_a_shareable_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let needs = list(&app, "filter[kind]=need&filter[q]=").await;
        assert!(needs.total > 0 && needs.items.iter().all(|p| p.kind == app::model::PostKind::Need));
        let cat = list(&app, "filter[category]=benevolat&filter[q]=").await;
        assert!(cat.items.iter().all(|p| p.category_slug == "benevolat"));
        let urgent = list(&app, "filter[sort]=urgency&filter[q]=").await;
        assert_eq!(urgent.items.first().map(|p| p.urgency), Some(app::model::Urgency::High));
        // The page served for a shared link holds the results, before any JavaScript.
        let f = PostFilter { q: "velo".into(), ..Default::default() };
        let html = body_text(app.get(&format!("/partage?{}", f.to_query())).await).await;
        let first = list(&app, "filter[q]=velo").await.items.remove(0);
        assert!(html.contains(&first.title.replace('\'', "&#39;")) || html.contains(&first.title));
        assert!(html.contains("value=\"velo\""), "the form shows the search");
        app.finish().await;
    })
}
