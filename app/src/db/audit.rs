//! The audit log of sensitive actions (no IP addresses, no message contents).

use super::{Pool, Tx};
use crate::error::AppResult;

/// Records a change in the transaction that makes it: the row exists if and only if the
/// change does.
pub async fn record(tx: &mut Tx<'_>, actor: Option<i64>, action: &str, target: Option<(&str, i64)>, details: &str) -> AppResult<()> {
    insert(&mut **tx, actor, action, target, details).await
}

/// Records an event that changes nothing else (an export downloaded, a login throttled).
pub async fn event(pool: &Pool, actor: Option<i64>, action: &str, target: Option<(&str, i64)>, details: &str) -> AppResult<()> {
    insert(pool, actor, action, target, details).await
}

async fn insert<'e, E: sqlx::Executor<'e, Database = super::Db>>(
    db: E,
    actor: Option<i64>,
    action: &str,
    target: Option<(&str, i64)>,
    details: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_kind, target_id, details, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor)
    .bind(action)
    .bind(target.map(|t| t.0))
    .bind(target.map(|t| t.1))
    .bind(details)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// A page of the log, newest first, older than `before` (an id) when given.
pub async fn page(pool: &Pool, before: Option<i64>, limit: i64) -> AppResult<Vec<crate::model::AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT a.id, u.display_name AS actor_name, a.action, a.target_kind, a.target_id, a.details, a.created_at
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await?)
}
