use app::db::posts;
use app::model::PostKind;

use crate::helpers::db_with_demo;

#[test]
fn demo_data_loads_once_with_the_seeds_structures() {
    crate::helpers::run(async {
        let db = db_with_demo().await;
        let pool = &db.pool;
        // Idempotent: a second run sees a non-empty database and does nothing.
        assert!(server::demo::load_if_empty(pool).await.unwrap().is_none());

        let data = server::demo::parse().unwrap();
        let stats = posts::stats(pool).await.unwrap();
        assert_eq!(stats.structures as usize, data.structures.len());
        let open = |kind| data.posts.iter().filter(|p| p.kind == kind && matches!(p.status.as_str(), "published" | "in_progress")).count() as i64;
        assert_eq!(stats.open_needs, open("need"));
        assert_eq!(stats.open_offers, open("offer"));

        for name in ["Le 21", "Garage solidaire de Thiverny"] {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE name LIKE $1")
                .bind(format!("{name}%"))
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(n, 1, "{name} is in the demo data");
        }
        // Demo contacts never use real addresses.
        let foreign: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM structures WHERE email IS NOT NULL AND email NOT LIKE '%example.org'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(foreign, 0);
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email NOT LIKE '%@example.org'").fetch_one(pool).await.unwrap();
        assert_eq!(users, 0);
        // Individuals' posts are placed at their commune, never more precisely.
        let precise_individuals: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM posts WHERE structure_id IS NULL AND location_precision <> 'commune'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(precise_individuals, 0);

        let latest = posts::latest(pool, PostKind::Need, 6).await.unwrap();
        assert_eq!(latest.len(), 6);
        assert!(latest.windows(2).all(|w| w[0].published_at >= w[1].published_at), "newest first");
        assert!(latest.iter().all(|p| p.kind == PostKind::Need && p.status.is_open()));
        db.drop_db().await;
    })
}

#[test]
fn hidden_posts_and_pending_structures_stay_out_of_public_lists() {
    crate::helpers::run(async {
        let db = db_with_demo().await;
        let pool = &db.pool;
        let before = posts::stats(pool).await.unwrap();
        let newest = posts::latest(pool, PostKind::Need, 1).await.unwrap().remove(0);
        sqlx::query("UPDATE posts SET hidden = TRUE, hidden_reason = 'test' WHERE id = $1").bind(newest.id).execute(pool).await.unwrap();
        let after = posts::stats(pool).await.unwrap();
        assert_eq!(after.open_needs, before.open_needs - 1);
        assert!(posts::latest(pool, PostKind::Need, 50).await.unwrap().iter().all(|p| p.id != newest.id));

        let slug = newest.structure_slug.clone().expect("a structure's post");
        sqlx::query("UPDATE structures SET validation_status = 'pending' WHERE slug = $1").bind(&slug).execute(pool).await.unwrap();
        let pending = posts::stats(pool).await.unwrap();
        assert_eq!(pending.structures, before.structures - 1);
        assert!(posts::latest(pool, PostKind::Need, 200).await.unwrap().iter().all(|p| p.structure_slug.as_deref() != Some(&slug)));
        db.drop_db().await;
    })
}
