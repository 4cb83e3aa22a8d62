//! SQLite: the twin of `postgres.rs` (same names, see `backend`).

use std::time::Duration;

use super::{ConnectError, check_url, clean_words, word_is_prefix};
use crate::db::{Db, Pool, Tx};

pub const BACKEND: &str = "sqlite";
pub type SessionStore = tower_sessions_sqlx_store::SqliteStore;

/// WAL journal (readers never block the writer), `synchronous = NORMAL` (safe against
/// application crashes; after a power loss the last transactions may be lost but the
/// file stays consistent — the usual choice with WAL), a 5 s busy timeout, foreign keys
/// on. The folder of the database file is created if missing.
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, ConnectError> {
    use std::str::FromStr;

    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

    check_url(url)?;
    let opts = SqliteConnectOptions::from_str(url)
        .map_err(|e| ConnectError::BadUrl(e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        // Planner statistics for tables that lack them or changed much (SQLite's advice
        // for long-lived connections; bounded work): without them SQLite reads open
        // posts through posts_public_idx and sorts them all.
        .pragma("analysis_limit", "400")
        .pragma("optimize", "0x10002")
        // Reads through the OS page cache shared by all connections, instead of a copy
        // into each connection's 2 MB cache: a list touches a few hundred scattered rows,
        // and at 100,000 posts read() calls were half of its time (docs/benchmarks.md).
        .pragma("mmap_size", "268435456");
    let file = opts.get_filename();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        if file.as_os_str() != ":memory:" {
            std::fs::create_dir_all(dir).map_err(|e| ConnectError::Folder(dir.display().to_string(), e))?;
        }
    }
    Ok(SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(opts)
        .await?)
}

/// Opens a transaction that may write, taking the write lock at its start
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails with
/// SQLITE_BUSY_SNAPSHOT (« database is locked », code 517) when another writer committed
/// in between, and no busy timeout helps that case; an immediate one waits (busy timeout)
/// for the lock instead, so simultaneous writers queue rather than fail. Reads stay
/// concurrent (WAL).
pub async fn begin_write(pool: &Pool) -> Result<Tx<'static>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Serialises the transactions that check a rule over a structure's memberships: on
/// SQLite `begin_write` already serialises writers (see `postgres.rs`).
pub async fn lock_structure(tx: &mut Tx<'_>, structure_id: i64) -> Result<(), sqlx::Error> {
    let _ = (tx, structure_id);
    Ok(())
}

/// The name of the constraint a database error violated. SQLite names only the columns
/// of a violated unique index (« UNIQUE constraint failed: structures.rna »), so its
/// unique indexes are listed here by their columns (the names are the same on both
/// backends, decision 2).
pub fn violated_constraint(e: &dyn sqlx::error::DatabaseError) -> Option<String> {
    const SQLITE_UNIQUE_INDEXES: &[(&str, &str)] =
        &[("structures.rna", "structures_rna_live_key"), ("structures.siret", "structures_siret_live_key")];
    // A trigger's refusal carries the rule's name as its whole message (migration 0020).
    if e.message() == crate::db::bookings::NO_OVERLAP {
        return Some(e.message().to_string());
    }
    if e.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    let columns = e.message().strip_prefix("UNIQUE constraint failed: ")?;
    SQLITE_UNIQUE_INDEXES.iter().find(|(c, _)| *c == columns).map(|(_, name)| name.to_string())
}

/// A booking's time as stored: one fixed-width UTC text, `YYYY-MM-DDTHH:MM:00Z`, so that
/// the no-overlap triggers compare instants by comparing text (slots are whole minutes).
pub type SlotTime = String;

pub fn slot_time(at: chrono::DateTime<chrono::Utc>) -> SlotTime {
    at.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// Applies the embedded migrations.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../migrations/sqlite").run(pool).await
}

/// Deletes the `user_sessions` rows (the "my sessions" list) whose session is gone or
/// expired in the session store (`tower_sessions`, its expiry a text date compared with
/// `datetime()` as the store itself does), returning how many. Login writes the store
/// row before the list row, so a live login is never caught in between.
pub async fn delete_dead_user_sessions(pool: &Pool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM user_sessions WHERE NOT EXISTS (SELECT 1 FROM tower_sessions s WHERE s.id = user_sessions.session_id \
         AND datetime(s.expiry_date) > datetime('now'))",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Online backup into a new file: `VACUUM INTO` writes a consistent, compacted copy while
/// the application keeps running.
pub async fn backup(pool: &Pool, target: &std::path::Path) -> Result<(), crate::error::AppError> {
    if target.exists() {
        return Err(crate::error::AppError::bad_request(format!(
            "le fichier {} existe déjà / the file already exists",
            target.display()
        )));
    }
    let path = target.to_str().ok_or_else(|| crate::error::AppError::bad_request("chemin non UTF-8 / non UTF-8 path"))?;
    sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await?;
    Ok(())
}

/// The FTS5 query for words: all of them, each a word prefix.
fn text_query(words: &[String]) -> String {
    words.iter().map(|w| if word_is_prefix(w) { format!("\"{w}\"*") } else { format!("\"{w}\"") }).collect::<Vec<_>>().join(" AND ")
}

/// Narrows a posts query (alias `p`) to posts whose folded title + description holds
/// every word as a word prefix (FTS5 with prefix indexes). `words` come from
/// `model::fold` (letters and digits only).
pub fn push_post_text_match(qb: &mut sqlx::QueryBuilder<'_, Db>, words: &[String]) {
    let words = clean_words(words);
    if words.is_empty() {
        return;
    }
    qb.push(" AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ").push_bind(text_query(&words)).push(")");
}

/// `FROM` of a posts query (alias `p`) read through the text index, to be followed by
/// joins and then [`push_text_driven_match`] as the first condition. The FTS table comes
/// first and `CROSS JOIN` keeps it there (SQLite's planner cannot see how many rows a
/// MATCH returns, and reading posts first costs one FTS lookup per row).
pub const TEXT_DRIVEN_FROM: &str = " FROM posts_fts CROSS JOIN posts p ON p.id = posts_fts.rowid";

/// Newest matches first, in the order the text index stores them (post ids).
pub const TEXT_NEWEST_FIRST: &str = "posts_fts.rowid DESC";

/// The match condition of a [`TEXT_DRIVEN_FROM`] query (`words` must not be empty).
pub fn push_text_driven_match(qb: &mut sqlx::QueryBuilder<'_, Db>, words: &[String]) {
    qb.push("posts_fts MATCH ").push_bind(text_query(&clean_words(words)));
}

/// How many posts (any status) hold all the words, so the caller can tell a rare word
/// from a common one: counted in the FTS index up to `cap` (it reads doclists lazily: at
/// most `cap` entries).
pub async fn count_text_matches(pool: &Pool, words: &[String], cap: i64) -> Result<i64, sqlx::Error> {
    let words = clean_words(words);
    if words.is_empty() {
        return Ok(0);
    }
    let sql = "SELECT COUNT(*) FROM (SELECT 1 FROM posts_fts WHERE posts_fts MATCH $1 LIMIT $2) AS t";
    sqlx::query_scalar(sql).bind(text_query(&words)).bind(cap).fetch_one(pool).await
}

/// Whether a search's statements keep a prepared plan: yes, SQLite's planner does not
/// look at values (see `postgres.rs`).
pub const CACHE_SEARCH_PLANS: bool = true;

/// Whether the text index hands matches over in post-id order: FTS5 doclists do (the
/// newest matches cost one step each).
pub const TEXT_INDEX_IN_ID_ORDER: bool = true;

/// Names the index a posts query (alias `p`) must read, where the application knows
/// better than the planner: SQLite without statistics (no `ANALYZE` has run) takes the
/// equality on `posts_public_idx` and sorts every open post.
pub fn posts_indexed_by(index: &str) -> String {
    format!(" INDEXED BY {index}")
}

/// A post's publication month, `YYYY-MM` in UTC (timestamps are RFC 3339 text).
pub const PUBLISHED_MONTH: &str = "substr(p.published_at, 1, 7)";

/// The posts of a territory (in its communes) or of its member structures — a union of two
/// index reads, where an `OR` of the two conditions scanned every post (450 ms at 100,000
/// posts). Pushed after `AND`, with the territory's id bound twice by the caller.
pub const IN_TERRITORY: [&str; 3] = [
    "p.id IN (SELECT x.id FROM posts x WHERE x.insee IN (SELECT tc.insee FROM territory_communes tc WHERE tc.territory_id = ",
    ") UNION SELECT x.id FROM posts x WHERE x.structure_id IN (SELECT ts.structure_id FROM territory_structures ts WHERE ts.territory_id = ",
    "))",
];
