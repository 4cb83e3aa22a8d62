//! Freshness of structure profiles (migration 0012): who to remind, the one-click
//! answers, the stale flag.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;

/// Validated structures not updated since `before` and not asked yet (oldest first):
/// id, name, the e-mails of its responsables.
pub async fn to_remind(pool: &Pool, before: DateTime<Utc>, limit: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM structures WHERE validation_status = 'validated' AND updated_at < $1
           AND freshness_asked_at IS NULL ORDER BY updated_at, id LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Records that a reminder went out with these links (`false` if someone else did it).
pub async fn mark_asked(tx: &mut Tx<'_>, id: i64, token_hash: &str, now: DateTime<Utc>) -> AppResult<bool> {
    Ok(sqlx::query(
        "UPDATE structures SET freshness_asked_at = $1, freshness_token_hash = $2 WHERE id = $3 AND freshness_asked_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

/// Flags as stale the structures asked before `before` that did not answer; how many.
pub async fn flag_stale(pool: &Pool, before: DateTime<Utc>) -> AppResult<u64> {
    Ok(sqlx::query(
        "UPDATE structures SET stale = TRUE WHERE validation_status = 'validated' AND stale = FALSE
           AND freshness_asked_at IS NOT NULL AND freshness_asked_at < $1",
    )
    .bind(before)
    .execute(pool)
    .await?
    .rows_affected())
}

/// The structure a reminder's token belongs to: id, name, slug.
pub async fn by_token(pool: &Pool, token_hash: &str) -> AppResult<Option<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name, slug FROM structures WHERE freshness_token_hash = $1 AND validation_status = 'validated'",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?)
}

/// « Toujours à jour »: confirmed now; the reminder is answered.
pub async fn confirm(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query(
        "UPDATE structures SET updated_at = $1, stale = FALSE, freshness_asked_at = NULL, freshness_token_hash = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// « Archiver »: the structure leaves the directory and the map.
pub async fn archive(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query(
        "UPDATE structures SET validation_status = 'archived', updated_at = $1, stale = FALSE, freshness_asked_at = NULL,
                freshness_token_hash = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stale structures of a scope, longest-waiting first: id, slug, name, asked at.
pub async fn stale_in(pool: &Pool, scope: super::scope::Scope, limit: i64) -> AppResult<Vec<(i64, String, String, DateTime<Utc>)>> {
    let mut qb = sqlx::QueryBuilder::<super::Db>::new(
        "SELECT s.id, s.slug, s.name, s.freshness_asked_at FROM structures s
         WHERE s.stale = TRUE AND s.validation_status = 'validated' AND s.freshness_asked_at IS NOT NULL",
    );
    super::scope::push_structure_scope(&mut qb, scope);
    qb.push(" ORDER BY s.freshness_asked_at, s.id LIMIT ").push_bind(limit);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}
