//! Pooled resources of structures (`shared_resources`): a van, a room, tools.

use super::Tx;
use crate::error::AppResult;

pub async fn insert(tx: &mut Tx<'_>, structure_id: i64, category_id: i64, name: &str, description: &str) -> AppResult<i64> {
    let now = super::now();
    Ok(sqlx::query_scalar(
        "INSERT INTO shared_resources (structure_id, category_id, name, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(structure_id)
    .bind(category_id)
    .bind(name)
    .bind(description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}
