//! The audit log of sensitive actions (no IP addresses, no message contents).

use super::Pool;
use crate::error::AppResult;

pub async fn record(pool: &Pool, actor: Option<i64>, action: &str, target: Option<(&str, i64)>, details: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_kind, target_id, details, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor)
    .bind(action)
    .bind(target.map(|t| t.0))
    .bind(target.map(|t| t.1))
    .bind(details)
    .bind(super::now())
    .execute(pool)
    .await?;
    Ok(())
}
