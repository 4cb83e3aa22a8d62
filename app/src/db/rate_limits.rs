//! Rate limits shared by every process on the database (the per-account ones: a brute
//! force spread over several instances is throttled as on one). GCRA, as governor does in
//! memory for the per-address limits: a key's row holds its theoretical arrival time.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::Pool;
use crate::error::AppResult;

/// The row's key: a digest, so no address or account number sits in the table.
fn digest(key: &str) -> String {
    Sha256::digest(key.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts one hit for `key` against `burst` hits, then one more every `period`. `None`
/// when allowed; else how long until the next one is. One statement, atomic on both
/// backends (the upsert's `WHERE` is evaluated on the row it locked).
pub async fn hit(pool: &Pool, key: &str, burst: u32, period: Duration, now_ms: i64) -> AppResult<Option<Duration>> {
    let (t, key) = (period.as_millis() as i64, digest(key));
    let tolerance = t * i64::from(burst);
    let allowed: Option<i64> = sqlx::query_scalar(
        "INSERT INTO rate_limits (key, tat_ms) VALUES ($1, $2 + $3) \
         ON CONFLICT (key) DO UPDATE \
           SET tat_ms = (CASE WHEN rate_limits.tat_ms > $2 THEN rate_limits.tat_ms ELSE $2 END) + $3 \
           WHERE (CASE WHEN rate_limits.tat_ms > $2 THEN rate_limits.tat_ms ELSE $2 END) + $3 - $2 <= $4 \
         RETURNING tat_ms",
    )
    .bind(&key)
    .bind(now_ms)
    .bind(t)
    .bind(tolerance)
    .fetch_optional(pool)
    .await?;
    if allowed.is_some() {
        return Ok(None);
    }
    let tat: i64 = sqlx::query_scalar("SELECT tat_ms FROM rate_limits WHERE key = $1").bind(&key).fetch_one(pool).await?;
    Ok(Some(Duration::from_millis((tat + t - tolerance - now_ms).max(1) as u64)))
}

/// Deletes the keys that have fully recovered; returns how many.
pub async fn forget_recovered(pool: &Pool, now_ms: i64) -> AppResult<u64> {
    Ok(sqlx::query("DELETE FROM rate_limits WHERE tat_ms < $1").bind(now_ms).execute(pool).await?.rows_affected())
}
