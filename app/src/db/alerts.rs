//! Saved filters mailed on a schedule (`mail::alerts`).

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::AlertFrequency;

/// Serialises the alert writes of one user: a no-op write takes the user's row lock on
/// PostgreSQL (the database's write lock on SQLite), as `volunteers::lock_post` does.
pub async fn lock_user(tx: &mut Tx<'_>, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET id = id WHERE id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn count(tx: &mut Tx<'_>, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE user_id = $1").bind(user_id).fetch_one(&mut **tx).await?)
}

pub async fn insert(tx: &mut Tx<'_>, user_id: i64, query: &str, frequency: AlertFrequency, now: DateTime<Utc>, due: DateTime<Utc>) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO alerts (user_id, query, frequency, created_at, sent_until, next_due_at) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(query)
    .bind(frequency)
    .bind(now)
    .bind(due)
    .fetch_one(&mut **tx)
    .await?)
}

/// (id, query, frequency) of a user's alerts, oldest first.
pub async fn of_user(pool: &Pool, user_id: i64) -> AppResult<Vec<(i64, String, AlertFrequency)>> {
    Ok(sqlx::query_as("SELECT id, query, frequency FROM alerts WHERE user_id = $1 ORDER BY id").bind(user_id).fetch_all(pool).await?)
}

/// Changes the frequency of one of the user's alerts; false if they have no such alert.
pub async fn set_frequency(
    e: impl sqlx::Executor<'_, Database = super::Db>,
    user_id: i64,
    id: i64,
    frequency: AlertFrequency,
    due: DateTime<Utc>,
) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE alerts SET frequency = $3, next_due_at = $4 WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .bind(frequency)
        .bind(due)
        .execute(e)
        .await?
        .rows_affected()
        == 1)
}

/// Deletes some of the user's alerts (another user's ids are left alone).
pub async fn delete(tx: &mut Tx<'_>, user_id: i64, ids: &[i64]) -> AppResult<u64> {
    let mut n = 0;
    for id in ids {
        n += sqlx::query("DELETE FROM alerts WHERE id = $1 AND user_id = $2").bind(id).bind(user_id).execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

/// Users with an alert due at `now`.
pub async fn due_users(pool: &Pool, now: DateTime<Utc>, limit: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT DISTINCT user_id FROM alerts WHERE next_due_at <= $1 LIMIT $2")
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// An alert due for a sending.
#[derive(Debug, sqlx::FromRow)]
pub struct DueAlert {
    pub id: i64,
    pub query: String,
    pub frequency: AlertFrequency,
    pub sent_until: DateTime<Utc>,
}

/// The user's alerts due at `now` (not taken: see [`take`]).
pub async fn due_of(pool: &Pool, user_id: i64, now: DateTime<Utc>) -> AppResult<Vec<DueAlert>> {
    Ok(sqlx::query_as("SELECT id, query, frequency, sent_until FROM alerts WHERE user_id = $1 AND next_due_at <= $2 ORDER BY id")
        .bind(user_id)
        .bind(now)
        .fetch_all(pool)
        .await?)
}

/// Takes a due alert for this sending: moves it to its next time and to « sent until »
/// `read_at`. False if another instance took it first (its `next_due_at` moved on; on
/// PostgreSQL the row is re-read after the lock).
pub async fn take(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>, next: DateTime<Utc>, read_at: DateTime<Utc>) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE alerts SET next_due_at = $3, sent_until = $4 WHERE id = $1 AND next_due_at <= $2")
        .bind(id)
        .bind(now)
        .bind(next)
        .bind(read_at)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}
