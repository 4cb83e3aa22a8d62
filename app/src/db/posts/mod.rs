//! Posts (needs and offers): the rule of what is public, the reads of one post and of
//! cards, and, in submodules, publishing and editing, the open-data rows and the expiry
//! reminders. Every item is reachable as `db::posts::…` (the submodules' are
//! re-exported), except `open_data` and `expiry`, named by their module.

mod publishing;
pub mod expiry;
pub mod open_data;

pub use publishing::*;

use sqlx::QueryBuilder;

use super::{Db, Pool};
use crate::error::AppResult;
use crate::model::{HomeStats, PostCard, PostDetail, PostKind};

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
/// member of: see `publish::managers`), newest first, with their responses waiting.
pub async fn managed_by(pool: &Pool, user_id: i64) -> AppResult<Vec<crate::model::MyPost>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.kind, p.status, p.title, s.name AS structure_name, p.expires_at,
                (SELECT COUNT(*) FROM responses r WHERE r.post_id = p.id AND r.status = 'pending') AS pending_responses
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
        let mut tx = crate::db::begin_write(pool).await?;
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
    Ok(sqlx::query_as(&format!("{POST_CARD_SELECT} WHERE p.id = $1 AND {POST_IS_PUBLIC}")).bind(id).fetch_optional(pool).await?)
}

/// How many responses a post received.
pub async fn response_count(pool: &Pool, id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE post_id = $1").bind(id).fetch_one(pool).await?)
}

/// The cards of these public posts, in this order.
pub async fn cards(pool: &Pool, ids: &[i64]) -> AppResult<Vec<PostCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Db>::new(POST_CARD_SELECT);
    qb.push(" WHERE ").push(POST_IS_PUBLIC).push(" AND p.id IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
    let mut found: Vec<PostCard> = qb.build_query_as().fetch_all(pool).await?;
    found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(found)
}
