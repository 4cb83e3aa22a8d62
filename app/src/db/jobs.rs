//! Background jobs run by one process at a time: each run is claimed in the database, so
//! two instances on one database never both send the reminders or the summaries.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Pool;
use crate::error::AppResult;

/// Claims the job `name` if its next run is due, and sets the next one `every` later.
/// `true` when this process won it (at most one per period, whatever the number of
/// processes asking at the same moment).
pub async fn claim(pool: &Pool, name: &str, every: Duration, now: DateTime<Utc>) -> AppResult<bool> {
    let now_ms = now.timestamp_millis();
    sqlx::query("INSERT INTO job_runs (name, next_run_ms) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(pool)
        .await?;
    let won = sqlx::query(
        "UPDATE job_runs SET next_run_ms = $2, runs = runs + 1, last_run_at = $3 WHERE name = $1 AND next_run_ms <= $4",
    )
    .bind(name)
    .bind(now_ms + every.as_millis() as i64)
    .bind(now)
    .bind(now_ms)
    .execute(pool)
    .await?;
    Ok(won.rows_affected() == 1)
}

/// How many runs of `name` were claimed, by every process.
pub async fn runs(pool: &Pool, name: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT runs FROM job_runs WHERE name = $1").bind(name).fetch_optional(pool).await?.unwrap_or(0))
}
