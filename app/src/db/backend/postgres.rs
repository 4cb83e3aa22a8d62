//! PostgreSQL: the twin of `sqlite.rs` (same names, see `backend`).

use std::time::Duration;

use super::{ConnectError, check_url, clean_words, word_is_prefix};
use crate::db::{Db, Pool, Tx};

pub const BACKEND: &str = "postgres";
pub type SessionStore = tower_sessions_sqlx_store::PostgresStore;

pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, ConnectError> {
    use std::str::FromStr;

    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    check_url(url)?;
    let opts = PgConnectOptions::from_str(url).map_err(|e| ConnectError::BadUrl(e.to_string()))?;
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(opts)
        .await?)
}

/// Opens a transaction that may write: a plain `BEGIN`, PostgreSQL takes row locks as it
/// goes; rules that read then write across rows (last responsable) lock the row they
/// depend on with [`lock_structure`].
pub async fn begin_write(pool: &Pool) -> Result<Tx<'static>, sqlx::Error> {
    pool.begin().await
}

/// Serialises the transactions that check a rule over a structure's memberships (at least
/// one responsable): two removals of two different responsables would each see the other
/// still there under READ COMMITTED; locking the structure's row makes the second wait
/// and see the first one's result.
pub async fn lock_structure(tx: &mut Tx<'_>, structure_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT id FROM structures WHERE id = $1 FOR UPDATE").bind(structure_id).execute(&mut **tx).await?;
    Ok(())
}

/// The name of the constraint a database error violated (PostgreSQL names it).
pub fn violated_constraint(e: &dyn sqlx::error::DatabaseError) -> Option<String> {
    e.constraint().map(str::to_string)
}

/// A booking's time as stored: `timestamptz` (the SQLite twin stores a fixed-width text).
pub type SlotTime = chrono::DateTime<chrono::Utc>;

pub fn slot_time(at: chrono::DateTime<chrono::Utc>) -> SlotTime {
    at
}

/// Applies the embedded migrations.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../migrations/postgres").run(pool).await
}

/// Deletes the `user_sessions` rows (the "my sessions" list) whose session is gone or
/// expired in the session store (`tower_sessions.session`, its expiry a `timestamptz`),
/// returning how many. Login writes the store row before the list row, so a live login
/// is never caught in between.
pub async fn delete_dead_user_sessions(pool: &Pool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM user_sessions WHERE NOT EXISTS (SELECT 1 FROM tower_sessions.session s \
         WHERE s.id = user_sessions.session_id AND s.expiry_date > now())",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// With PostgreSQL, backups are `pg_dump`'s job (see README).
pub async fn backup(_pool: &Pool, _target: &std::path::Path) -> Result<(), crate::error::AppError> {
    Err(crate::error::AppError::bad_request(
        "avec PostgreSQL, sauvegardez avec pg_dump (voir README) / with PostgreSQL, back up with pg_dump (see README)",
    ))
}

/// The `tsquery` for words: all of them, each a word prefix.
fn text_query(words: &[String]) -> String {
    words.iter().map(|w| if word_is_prefix(w) { format!("{w}:*") } else { w.clone() }).collect::<Vec<_>>().join(" & ")
}

/// The text query written into the statement, not bound: a prepared statement switches
/// to one generic plan after five runs, and for a text search that plan cannot tell « de »
/// (most posts) from « triporteur » (1 %) — a bitmap over 90,000 rows took 23 ms where the
/// word's own plan takes 4. With the words in its text, each search is planned for them,
/// and only these statements are (planning costs ~1 ms: the other statements keep their
/// cached plans). The words hold letters and digits only ([`clean_words`]); quotes are
/// doubled all the same.
fn tsquery_literal(words: &[String]) -> String {
    format!("to_tsquery('simple', '{}')", text_query(words).replace('\'', "''"))
}

/// Narrows a posts query (alias `p`) to posts whose folded title + description holds
/// every word as a word prefix (the GIN-indexed `tsvector`). `words` come from
/// `model::fold` (letters and digits only).
pub fn push_post_text_match(qb: &mut sqlx::QueryBuilder<'_, Db>, words: &[String]) {
    let words = clean_words(words);
    if words.is_empty() {
        return;
    }
    qb.push(" AND p.search_vector @@ to_tsquery('simple', ").push_bind(text_query(&words)).push(")");
}

/// `FROM` of a posts query (alias `p`) read through the text index: PostgreSQL's planner
/// weighs the GIN index itself.
pub const TEXT_DRIVEN_FROM: &str = " FROM posts p";

/// Newest matches first.
pub const TEXT_NEWEST_FIRST: &str = "p.id DESC";

/// The match condition of a [`TEXT_DRIVEN_FROM`] query (`words` must not be empty).
pub fn push_text_driven_match(qb: &mut sqlx::QueryBuilder<'_, Db>, words: &[String]) {
    qb.push("p.search_vector @@ ").push(tsquery_literal(&clean_words(words)));
}

/// How many posts (any status) hold all the words, so the caller can tell a rare word
/// from a common one: the planner's estimate (the GIN index gives no cheap count: a
/// bounded count read 3,000 rows for « de », ~4 ms, and a bitmap of every match for a
/// rarer word), which follows the column statistics closely (kept by autovacuum;
/// `generate` refreshes them after a bulk load). Not capped: how common a word is decides
/// how far a newest-first scan goes.
pub async fn count_text_matches(pool: &Pool, words: &[String], cap: i64) -> Result<i64, sqlx::Error> {
    let words = clean_words(words);
    if words.is_empty() {
        return Ok(0);
    }
    let _ = cap;
    let sql = format!("EXPLAIN SELECT 1 FROM posts WHERE search_vector @@ {}", tsquery_literal(&words));
    let plan: Vec<String> = sqlx::query_scalar(&sql).fetch_all(pool).await?;
    Ok(plan_rows(plan.first().map(String::as_str).unwrap_or("")))
}

/// The row estimate of a plan line (« … (cost=0.00..10.00 rows=1307 width=4) »).
fn plan_rows(line: &str) -> i64 {
    line.split("rows=").nth(1).and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).unwrap_or(i64::MAX)
}

/// Whether a search's statements keep a prepared plan: no — a prepared statement
/// switches to one generic plan after five runs, blind to how many posts a box, a
/// département or a word selects (`/api/v1/posts` for a city box and « de »: 44 ms at
/// p50 with the generic plan, 11 ms planned for its values; docs/benchmarks.md); unnamed
/// statements are planned for their values each time (~1 ms).
pub const CACHE_SEARCH_PLANS: bool = false;

/// Whether the text index hands matches over in post-id order: GIN bitmaps are an
/// unordered set (the newest are found by scanning posts newest first).
pub const TEXT_INDEX_IN_ID_ORDER: bool = false;

/// Names the index a posts query (alias `p`) must read: PostgreSQL always has statistics
/// (autovacuum) and is left to choose.
pub fn posts_indexed_by(index: &str) -> String {
    let _ = index;
    String::new()
}

/// A post's publication month, `YYYY-MM` in UTC.
pub const PUBLISHED_MONTH: &str = "to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM')";

/// The posts of a territory (in its communes) or of its member structures: the planner
/// answered a union of the two with a scan of every post (80 ms per figure), but ORs two
/// bitmap index reads when the lists are arrays (16 ms). Pushed after `AND`, with the
/// territory's id bound twice by the caller.
pub const IN_TERRITORY: [&str; 3] = [
    "(p.insee = ANY(ARRAY(SELECT tc.insee FROM territory_communes tc WHERE tc.territory_id = ",
    ")) OR p.structure_id = ANY(ARRAY(SELECT ts.structure_id FROM territory_structures ts WHERE ts.territory_id = ",
    ")))",
];

#[cfg(test)]
mod tests {
    #[test]
    fn plan_lines_give_their_row_estimate() {
        assert_eq!(super::plan_rows("Bitmap Heap Scan on posts  (cost=158.13..3712.95 rows=1307 width=4)"), 1307);
        assert_eq!(super::plan_rows("Result"), i64::MAX, "unknown: assume many");
    }
}
