//! Posts reaching their expiry date: reminders a week before, then « expiré ».

use chrono::{DateTime, Utc};

use crate::db::{Pool, Tx};
use crate::error::AppResult;

/// Open posts expiring before `until` whose author has not been reminded yet; each is
/// marked as reminded in the same transaction as the caller's notifications.
pub async fn claim_reminders(tx: &mut Tx<'_>, now: DateTime<Utc>, until: DateTime<Utc>, limit: i64) -> AppResult<Vec<(i64, String, DateTime<Utc>)>> {
    let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, title, expires_at FROM posts
         WHERE status IN ('published', 'in_progress') AND expires_at > $1 AND expires_at <= $2 AND expiry_reminded_at IS NULL
         ORDER BY expires_at, id LIMIT $3",
    )
    .bind(now)
    .bind(until)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    for (id, _, _) in &rows {
        sqlx::query("UPDATE posts SET expiry_reminded_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut **tx).await?;
    }
    Ok(rows)
}

/// Moves every open post past its date to « expiré »; returns their ids.
pub async fn expire_due(pool: &Pool, now: DateTime<Utc>) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE posts SET status = 'expired', updated_at = $1
         WHERE status IN ('published', 'in_progress') AND expires_at <= $1 RETURNING id",
    )
    .bind(now)
    .fetch_all(pool)
    .await?)
}

/// Who hears about a post's expiry, with their e-mail addresses: its author while they
/// manage it (a personal post, or a structure's post while they are an active member),
/// else its structure's responsables.
pub async fn recipients(tx: &mut Tx<'_>, post_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "WITH author AS (
             SELECT u.id, u.email FROM posts p JOIN users u ON u.id = p.author_id
             WHERE p.id = $1 AND (p.structure_id IS NULL OR EXISTS (SELECT 1 FROM memberships m
                   WHERE m.structure_id = p.structure_id AND m.user_id = p.author_id AND m.status = 'active')))
         SELECT id, email FROM author
         UNION
         SELECT u.id, u.email FROM posts p JOIN memberships m ON m.structure_id = p.structure_id AND m.role = 'admin' AND m.status = 'active'
         JOIN users u ON u.id = m.user_id WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM author)",
    )
    .bind(post_id)
    .fetch_all(&mut **tx)
    .await?)
}
