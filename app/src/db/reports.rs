//! Reports of posts and profiles, handled later in the coordinators' queue.

use super::Pool;
use crate::error::AppResult;

/// Stores a report; a second open report of the same thing by the same person is
/// not repeated (returns false).
pub async fn insert(pool: &Pool, reporter: i64, target_kind: &str, target_id: i64, reason: &str) -> AppResult<bool> {
    let already: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reports WHERE reporter_id = $1 AND target_kind = $2 AND target_id = $3 AND status = 'open'",
    )
    .bind(reporter)
    .bind(target_kind)
    .bind(target_id)
    .fetch_one(pool)
    .await?;
    if already > 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO reports (reporter_id, target_kind, target_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(reporter)
        .bind(target_kind)
        .bind(target_id)
        .bind(reason)
        .bind(super::now())
        .execute(pool)
        .await?;
    Ok(true)
}

/// Whether a public structure with this id exists (the profile being reported).
pub async fn structure_exists(pool: &Pool, id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM structures WHERE id = $1 AND validation_status = 'validated'")
        .bind(id)
        .fetch_one(pool)
        .await?
        > 0)
}
