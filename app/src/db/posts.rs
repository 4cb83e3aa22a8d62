//! One post as its public page shows it.

use super::Pool;
use super::home::POST_IS_PUBLIC;
use crate::error::AppResult;
use crate::model::PostDetail;

/// A public post (`None` if unknown, draft, hidden, or its structure is not validated).
pub async fn public_detail(pool: &Pool, id: i64) -> AppResult<Option<PostDetail>> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.kind, p.status, p.urgency, p.title, p.description, p.quantity, p.starts_on, p.ends_on,
                p.mission_time, p.volunteers_needed, p.location_precision, p.published_at, p.expires_at,
                c.slug AS category_slug, c.name AS category_name,
                s.name AS structure_name, s.slug AS structure_slug,
                CASE WHEN p.location_precision = 'address' THEN s.address END AS address,
                co.name AS commune_name, co.departement AS departement,
                (SELECT COUNT(*) FROM participations pa WHERE pa.post_id = p.id AND pa.status = 'confirmed') AS volunteers_signed
         FROM posts p
         JOIN categories c ON c.id = p.category_id
         LEFT JOIN structures s ON s.id = p.structure_id
         LEFT JOIN communes co ON co.insee = p.insee
         WHERE p.id = $1 AND {POST_IS_PUBLIC}"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}
