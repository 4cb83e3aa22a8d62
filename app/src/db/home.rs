//! Read models of the home page.

use super::Pool;
use crate::error::AppResult;
use crate::model::{HomeStats, PostCard, PostKind};

/// The columns of a [`PostCard`]; joined with categories, structures and communes.
pub const POST_CARD_SELECT: &str = "SELECT p.id, p.kind, p.status, p.urgency, p.title,
        c.slug AS category_slug, c.name AS category_name,
        s.name AS structure_name, s.slug AS structure_slug,
        co.name AS commune_name, p.published_at
    FROM posts p
    JOIN categories c ON c.id = p.category_id
    LEFT JOIN structures s ON s.id = p.structure_id
    LEFT JOIN communes co ON co.insee = p.insee";

/// A post is public when published or in progress, not hidden by moderation, and its
/// structure (if any) has been validated.
pub const POST_IS_PUBLIC: &str = "p.hidden = FALSE AND p.status IN ('published', 'in_progress')
    AND (p.structure_id IS NULL OR s.validation_status = 'validated')";

pub async fn stats(pool: &Pool) -> AppResult<HomeStats> {
    let structures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE validation_status = 'validated'")
            .fetch_one(pool)
            .await?;
    let (open_needs, open_offers): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COALESCE(SUM(CASE WHEN p.kind = 'need' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN p.kind = 'offer' THEN 1 ELSE 0 END), 0)
         FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE {POST_IS_PUBLIC}"
    ))
    .fetch_one(pool)
    .await?;
    let communes: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (
            SELECT insee FROM structures WHERE validation_status = 'validated' AND insee IS NOT NULL
            UNION
            SELECT p.insee FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
            WHERE p.insee IS NOT NULL AND {POST_IS_PUBLIC}
         ) AS places"
    ))
    .fetch_one(pool)
    .await?;
    Ok(HomeStats { structures, open_needs, open_offers, communes })
}

pub async fn latest(pool: &Pool, kind: PostKind, limit: i64) -> AppResult<Vec<PostCard>> {
    Ok(sqlx::query_as(&format!(
        "{POST_CARD_SELECT} WHERE {POST_IS_PUBLIC} AND p.kind = $1 ORDER BY p.published_at DESC, p.id DESC LIMIT $2"
    ))
    .bind(kind)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
