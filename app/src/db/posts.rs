//! One post as its public page shows it.

use super::Pool;
use super::home::POST_IS_PUBLIC;
use crate::error::AppResult;
use crate::model::PostDetail;

/// The columns of a [`PostDetail`].
const DETAIL_SELECT: &str = "SELECT p.id, p.kind, p.status, p.urgency, p.title, p.description, p.quantity, p.starts_on, p.ends_on,
        p.mission_time, p.volunteers_needed, p.location_precision, p.published_at, p.expires_at,
        c.slug AS category_slug, c.name AS category_name,
        s.name AS structure_name, s.slug AS structure_slug,
        CASE WHEN p.location_precision = 'address' THEN s.address END AS address,
        co.name AS commune_name, co.departement AS departement,
        (SELECT COUNT(*) FROM participations pa WHERE pa.post_id = p.id AND pa.status = 'confirmed') AS volunteers_signed
    FROM posts p
    JOIN categories c ON c.id = p.category_id
    LEFT JOIN structures s ON s.id = p.structure_id
    LEFT JOIN communes co ON co.insee = p.insee";

/// A public post (`None` if unknown, draft, hidden, or its structure is not validated).
pub async fn public_detail(pool: &Pool, id: i64) -> AppResult<Option<PostDetail>> {
    Ok(sqlx::query_as(&format!("{DETAIL_SELECT} WHERE p.id = $1 AND {POST_IS_PUBLIC}")).bind(id).fetch_optional(pool).await?)
}

/// Any post, whatever its status: for its managers only (the caller checks).
pub async fn any_detail(pool: &Pool, id: i64) -> AppResult<Option<PostDetail>> {
    Ok(sqlx::query_as(&format!("{DETAIL_SELECT} WHERE p.id = $1")).bind(id).fetch_optional(pool).await?)
}

/// Where a post is placed, if it has a point.
pub async fn point_of(pool: &Pool, id: i64) -> AppResult<Option<(f64, f64)>> {
    let row: Option<(Option<f64>, Option<f64>)> = sqlx::query_as("SELECT lat, lon FROM posts WHERE id = $1").bind(id).fetch_optional(pool).await?;
    Ok(row.and_then(|(lat, lon)| lat.zip(lon)))
}

/// The posts I manage (my personal posts, and those of the structures I am an active
/// member of: see `publish::managers`), newest first, with their replies waiting.
pub async fn managed_by(pool: &Pool, user_id: i64) -> AppResult<Vec<crate::model::MyPost>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.kind, p.status, p.title, s.name AS structure_name, p.expires_at,
                (SELECT COUNT(*) FROM responses r WHERE r.post_id = p.id AND r.status = 'pending') AS pending_replies
         FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE p.status <> 'archived' AND ((p.author_id = $1 AND p.structure_id IS NULL) OR p.structure_id IN
               (SELECT m.structure_id FROM memberships m WHERE m.user_id = $1 AND m.status = 'active'))
         ORDER BY p.updated_at DESC, p.id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// The folded text posts are searched by: title and description.
pub fn search_text(title: &str, description: &str) -> String {
    crate::model::fold(&format!("{title} {description}"))
}

/// Fills `search_folded` for posts written before it existed, in batches.
pub async fn backfill_search(pool: &Pool) -> AppResult<u64> {
    let mut done = 0u64;
    loop {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, title, description FROM posts WHERE search_folded = '' LIMIT 5000").fetch_all(pool).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = super::begin_write(pool).await?;
        for (id, title, description) in &rows {
            let text = search_text(title, description);
            // A post whose text folds to nothing keeps a marker so the loop ends.
            let text = if text.is_empty() { " ".to_string() } else { text };
            sqlx::query("UPDATE posts SET search_folded = $1 WHERE id = $2").bind(text).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        done += rows.len() as u64;
    }
}

/// A public post as a card (`None` if it is not public).
pub async fn public_card(pool: &Pool, id: i64) -> AppResult<Option<crate::model::PostCard>> {
    use super::home::POST_CARD_SELECT;
    Ok(sqlx::query_as(&format!("{POST_CARD_SELECT} WHERE p.id = $1 AND {POST_IS_PUBLIC}")).bind(id).fetch_optional(pool).await?)
}

/// How many replies a post received.
pub async fn reply_count(pool: &Pool, id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE post_id = $1").bind(id).fetch_one(pool).await?)
}
