//! CSV imports' progress, in the database so that any process answers the page polling it.

use chrono::{DateTime, Utc};

use super::Pool;
use crate::error::AppResult;
use crate::model::ImportStatus;

pub async fn insert(pool: &Pool, status: &ImportStatus, user_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    // Imports are kept a day, for the page to show how the last one ended.
    sqlx::query("DELETE FROM import_jobs WHERE started_at < $1").bind(now - chrono::Duration::days(1)).execute(pool).await?;
    sqlx::query("INSERT INTO import_jobs (id, user_id, total, started_at) VALUES ($1, $2, $3, $4)")
        .bind(status.id as i64)
        .bind(user_id)
        .bind(status.total as i64)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Writes where the import is (lines written, or the end and its outcome).
pub async fn save(pool: &Pool, status: &ImportStatus) -> AppResult<()> {
    sqlx::query("UPDATE import_jobs SET done = $2, finished = $3, created = $4, error = $5 WHERE id = $1")
        .bind(status.id as i64)
        .bind(status.done as i64)
        .bind(status.finished)
        .bind(status.created as i64)
        .bind(&status.error)
        .execute(pool)
        .await?;
    Ok(())
}

/// The import `id` if it belongs to `user_id`.
pub async fn get(pool: &Pool, id: u64, user_id: i64) -> AppResult<Option<ImportStatus>> {
    let row: Option<(i64, i64, bool, i64, Option<String>)> =
        sqlx::query_as("SELECT total, done, finished, created, error FROM import_jobs WHERE id = $1 AND user_id = $2")
            .bind(id as i64)
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(total, done, finished, created, error)| ImportStatus {
        id,
        total: total as usize,
        done: done as usize,
        finished,
        created: created as usize,
        error,
    }))
}
