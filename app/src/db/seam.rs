//! The small backend-specific seam: connecting, migrating, backups, and (later) full-text
//! search, spatial filters, date bucketing. Everything else is portable SQL.

use std::time::Duration;

use super::Pool;

#[cfg(feature = "postgres")]
pub const BACKEND: &str = "postgres";
#[cfg(feature = "postgres")]
pub type SessionStore = tower_sessions_sqlx_store::PostgresStore;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub type SessionStore = tower_sessions_sqlx_store::SqliteStore;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const BACKEND: &str = "sqlite";

/// Why a database could not be opened, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "DATABASE_URL désigne une base « {found} » mais ce programme a été compilé pour « {BACKEND} ». \
         / DATABASE_URL points to a « {found} » database but this build uses « {BACKEND} » \
         (rebuild with --no-default-features --features {found})."
    )]
    WrongBackend { found: String },
    #[error("DATABASE_URL invalide : {0} / invalid DATABASE_URL: {0}")]
    BadUrl(String),
    #[error("impossible d’ouvrir la base de données : {0} / cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("impossible de créer le dossier de la base {0} : {1} / cannot create the database folder")]
    Folder(String, std::io::Error),
}

fn scheme_backend(url: &str) -> Option<&'static str> {
    let scheme = url.split(':').next().unwrap_or("");
    match scheme {
        "sqlite" => Some("sqlite"),
        "postgres" | "postgresql" => Some("postgres"),
        _ => None,
    }
}

/// Checks that a URL names the compiled backend, before anything touches the disk.
pub fn check_url(url: &str) -> Result<(), ConnectError> {
    match scheme_backend(url) {
        Some(b) if b == BACKEND => Ok(()),
        Some(b) => Err(ConnectError::WrongBackend { found: b.to_string() }),
        None => Err(ConnectError::BadUrl("le schéma doit être sqlite: ou postgres: / scheme must be sqlite: or postgres:".into())),
    }
}

/// SQLite: WAL journal (readers never block the writer), `synchronous = NORMAL` (safe
/// against application crashes; after a power loss the last transactions may be lost
/// but the file stays consistent — the usual choice with WAL), a 5 s busy timeout,
/// foreign keys on. The folder of the database file is created if missing.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
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

#[cfg(feature = "postgres")]
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, ConnectError> {
    use std::str::FromStr;

    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    check_url(url)?;
    let opts = PgConnectOptions::from_str(url)
        .map_err(|e| ConnectError::BadUrl(e.to_string()))?;
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(opts)
        .await?)
}

/// Opens a transaction that may write. On SQLite it takes the write lock at its start
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails with
/// SQLITE_BUSY_SNAPSHOT (« database is locked », code 517) when another writer committed
/// in between, and no busy timeout helps that case; an immediate one waits (busy timeout)
/// for the lock instead, so simultaneous writers queue rather than fail. Reads stay
/// concurrent (WAL). PostgreSQL takes row locks as it goes: a plain `BEGIN`; rules that
/// read then write across rows (last responsable) lock the row they depend on with
/// [`lock_structure`].
pub async fn begin_write(pool: &Pool) -> Result<super::Tx<'static>, sqlx::Error> {
    #[cfg(feature = "postgres")]
    return pool.begin().await;
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    return pool.begin_with("BEGIN IMMEDIATE").await;
}

/// Serialises the transactions that check a rule over a structure's memberships (at least
/// one responsable): on PostgreSQL, two removals of two different responsables would each
/// see the other still there under READ COMMITTED; locking the structure's row makes the
/// second wait and see the first one's result. On SQLite `begin_write` already serialises
/// writers.
pub async fn lock_structure(tx: &mut super::Tx<'_>, structure_id: i64) -> Result<(), sqlx::Error> {
    #[cfg(feature = "postgres")]
    sqlx::query("SELECT id FROM structures WHERE id = $1 FOR UPDATE").bind(structure_id).execute(&mut **tx).await?;
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    let _ = (tx, structure_id);
    Ok(())
}

/// Applies the embedded migrations of the compiled backend.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    #[cfg(feature = "postgres")]
    let migrator = sqlx::migrate!("../migrations/postgres");
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    let migrator = sqlx::migrate!("../migrations/sqlite");
    migrator.run(pool).await
}

/// Deletes the `user_sessions` rows (the "my sessions" list) whose session is gone or
/// expired in the session store, returning how many. The store's table and expiry type
/// are tower-sessions-sqlx-store's: `tower_sessions` with a text date on SQLite (compared
/// with `datetime()`, as the store itself does), `tower_sessions.session` with a
/// `timestamptz` on PostgreSQL. Login writes the store row before the list row, so a live
/// login is never caught in between.
pub async fn delete_dead_user_sessions(pool: &Pool) -> Result<u64, sqlx::Error> {
    #[cfg(feature = "postgres")]
    let live = "SELECT 1 FROM tower_sessions.session s WHERE s.id = user_sessions.session_id AND s.expiry_date > now()";
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    let live = "SELECT 1 FROM tower_sessions s WHERE s.id = user_sessions.session_id \
                AND datetime(s.expiry_date) > datetime('now')";
    let done = sqlx::query(&format!("DELETE FROM user_sessions WHERE NOT EXISTS ({live})")).execute(pool).await?;
    Ok(done.rows_affected())
}

/// Online backup into a new file. SQLite: `VACUUM INTO` writes a consistent, compacted
/// copy while the application keeps running. PostgreSQL: use `pg_dump` (see README).
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
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

#[cfg(feature = "postgres")]
pub async fn backup(_pool: &Pool, _target: &std::path::Path) -> Result<(), crate::error::AppError> {
    Err(crate::error::AppError::bad_request(
        "avec PostgreSQL, sauvegardez avec pg_dump (voir README) / with PostgreSQL, back up with pg_dump (see README)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_lines_give_their_row_estimate() {
        assert_eq!(plan_rows("Bitmap Heap Scan on posts  (cost=158.13..3712.95 rows=1307 width=4)"), 1307);
        assert_eq!(plan_rows("Result"), i64::MAX, "unknown: assume many");
    }

    #[test]
    fn urls_must_match_the_compiled_backend() {
        let other = if BACKEND == "sqlite" { "postgres://u@localhost/db" } else { "sqlite://data/x.db" };
        let own = if BACKEND == "sqlite" { "sqlite://data/x.db" } else { "postgres://u@localhost/db" };
        assert!(check_url(own).is_ok());
        let err = check_url(other).unwrap_err().to_string();
        assert!(err.contains("compilé pour"), "{err}");
        assert!(matches!(check_url("mysql://x"), Err(ConnectError::BadUrl(_))));
    }
}

/// The search words as both text indexes and the row check read them: letters and digits
/// only, empty words dropped.
fn clean_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a word matches as a prefix. A single letter or digit matches only itself: as a
/// prefix it would read a large part of the index (there is no one-character prefix
/// index) and narrow nothing.
pub fn word_is_prefix(word: &str) -> bool {
    word.chars().count() > 1
}

/// The text-index query for words: all of them, each a word prefix.
fn text_query(words: &[String]) -> String {
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    let (each, and) = (|w: &String| if word_is_prefix(w) { format!("\"{w}\"*") } else { format!("\"{w}\"") }, " AND ");
    #[cfg(feature = "postgres")]
    let (each, and) = (|w: &String| if word_is_prefix(w) { format!("{w}:*") } else { w.clone() }, " & ");
    words.iter().map(each).collect::<Vec<_>>().join(and)
}

/// Narrows a posts query (alias `p`) to posts whose folded title + description holds
/// every word as a word prefix: FTS5 with prefix indexes on SQLite, the GIN-indexed
/// `tsvector` on PostgreSQL. `words` come from `model::fold` (letters and digits only).
pub fn push_post_text_match(qb: &mut sqlx::QueryBuilder<'_, super::Db>, words: &[String]) {
    let words = clean_words(words);
    if words.is_empty() {
        return;
    }
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    qb.push(" AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ").push_bind(text_query(&words)).push(")");
    #[cfg(feature = "postgres")]
    qb.push(" AND p.search_vector @@ to_tsquery('simple', ").push_bind(text_query(&words)).push(")");
}

/// `FROM` of a posts query (alias `p`) read through the text index, to be followed by
/// joins and then [`push_text_driven_match`] as the first condition. On SQLite the FTS
/// table comes first and `CROSS JOIN` keeps it there (SQLite's planner cannot see how
/// many rows a MATCH returns, and reading posts first costs one FTS lookup per row);
/// PostgreSQL's planner weighs the GIN index itself.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const TEXT_DRIVEN_FROM: &str = " FROM posts_fts CROSS JOIN posts p ON p.id = posts_fts.rowid";
#[cfg(feature = "postgres")]
pub const TEXT_DRIVEN_FROM: &str = " FROM posts p";

/// Newest matches first, in the order the text index stores them (post ids).
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const TEXT_NEWEST_FIRST: &str = "posts_fts.rowid DESC";
#[cfg(feature = "postgres")]
pub const TEXT_NEWEST_FIRST: &str = "p.id DESC";

/// The match condition of a [`TEXT_DRIVEN_FROM`] query (`words` must not be empty).
pub fn push_text_driven_match(qb: &mut sqlx::QueryBuilder<'_, super::Db>, words: &[String]) {
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    qb.push("posts_fts MATCH ").push_bind(text_query(&clean_words(words)));
    #[cfg(feature = "postgres")]
    qb.push("p.search_vector @@ ").push(tsquery_literal(&clean_words(words)));
}

/// The text query written into the statement (PostgreSQL), not bound: a prepared
/// statement switches to one generic plan after five runs, and for a text search that
/// plan cannot tell « de » (most posts) from « triporteur » (1 %) — a bitmap over 90,000
/// rows took 23 ms where the word's own plan takes 4. With the words in its text, each
/// search is planned for them, and only these statements are (planning costs ~1 ms: the
/// other statements keep their cached plans). The words hold letters and digits only
/// ([`clean_words`]); quotes are doubled all the same.
#[cfg(feature = "postgres")]
fn tsquery_literal(words: &[String]) -> String {
    format!("to_tsquery('simple', '{}')", text_query(words).replace('\'', "''"))
}

/// How many posts (any status) hold all the words, so the caller can tell a rare word
/// from a common one. SQLite: counted in the FTS index up to `cap` (it reads doclists
/// lazily: at most `cap` entries). PostgreSQL: the planner's estimate (the GIN index
/// gives no cheap count: a bounded count read 3,000 rows for « de », ~4 ms, and a
/// bitmap of every match for a rarer word), which follows the column statistics closely
/// (kept by autovacuum; `generate` refreshes them after a bulk load).
pub async fn count_text_matches(pool: &Pool, words: &[String], cap: i64) -> Result<i64, sqlx::Error> {
    let words = clean_words(words);
    if words.is_empty() {
        return Ok(0);
    }
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    {
        let sql = "SELECT COUNT(*) FROM (SELECT 1 FROM posts_fts WHERE posts_fts MATCH $1 LIMIT $2) AS t";
        sqlx::query_scalar(sql).bind(text_query(&words)).bind(cap).fetch_one(pool).await
    }
    #[cfg(feature = "postgres")]
    {
        let sql = format!("EXPLAIN SELECT 1 FROM posts WHERE search_vector @@ {}", tsquery_literal(&words));
        let plan: Vec<String> = sqlx::query_scalar(&sql).fetch_all(pool).await?;
        // Not capped: how common a word is decides how far a newest-first scan goes.
        let _ = cap;
        Ok(plan_rows(plan.first().map(String::as_str).unwrap_or("")))
    }
}

/// The row estimate of a plan line (« … (cost=0.00..10.00 rows=1307 width=4) »).
#[cfg_attr(all(feature = "sqlite", not(feature = "postgres")), allow(dead_code))]
fn plan_rows(line: &str) -> i64 {
    line.split("rows=").nth(1).and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).unwrap_or(i64::MAX)
}

/// Whether a search's statements keep a prepared plan. PostgreSQL: no — a prepared
/// statement switches to one generic plan after five runs, blind to how many posts a
/// box, a département or a word selects (`/api/v1/posts` for a city box and « de »: 44 ms
/// at p50 with the generic plan, 11 ms planned for its values; docs/benchmarks.md);
/// unnamed statements are planned for their values each time (~1 ms). SQLite's planner
/// does not look at values: keep them.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const CACHE_SEARCH_PLANS: bool = true;
#[cfg(feature = "postgres")]
pub const CACHE_SEARCH_PLANS: bool = false;

/// Whether the text index hands matches over in post-id order (SQLite's FTS5 doclists
/// do: the newest matches cost one step each), or as an unordered set to sort
/// (PostgreSQL's GIN bitmaps: the newest are found by scanning posts newest first).
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const TEXT_INDEX_IN_ID_ORDER: bool = true;
#[cfg(feature = "postgres")]
pub const TEXT_INDEX_IN_ID_ORDER: bool = false;

/// Names the index a posts query (alias `p`) must read, where the application knows
/// better than the planner: SQLite without statistics (no `ANALYZE` has run) takes the
/// equality on `posts_public_idx` and sorts every open post. PostgreSQL always has
/// statistics (autovacuum) and is left to choose.
pub fn posts_indexed_by(index: &str) -> String {
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    return format!(" INDEXED BY {index}");
    #[cfg(feature = "postgres")]
    {
        let _ = index;
        String::new()
    }
}

/// A post's publication month, `YYYY-MM` in UTC (timestamps are RFC 3339 text on SQLite).
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const PUBLISHED_MONTH: &str = "substr(p.published_at, 1, 7)";
#[cfg(feature = "postgres")]
pub const PUBLISHED_MONTH: &str = "to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM')";

/// The posts of a territory (in its communes) or of its member structures — a union of two
/// index reads on SQLite, where an `OR` of the two conditions scanned every post (450 ms at
/// 100,000 posts); PostgreSQL's planner answered that union with a scan of every post
/// too (80 ms per figure), but ORs two bitmap index reads when the lists are arrays
/// (16 ms). Pushed after `AND`, with the territory's id bound twice by the caller.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub const IN_TERRITORY: [&str; 3] = [
    "p.id IN (SELECT x.id FROM posts x WHERE x.insee IN (SELECT tc.insee FROM territory_communes tc WHERE tc.territory_id = ",
    ") UNION SELECT x.id FROM posts x WHERE x.structure_id IN (SELECT ts.structure_id FROM territory_structures ts WHERE ts.territory_id = ",
    "))",
];
#[cfg(feature = "postgres")]
pub const IN_TERRITORY: [&str; 3] = [
    "(p.insee = ANY(ARRAY(SELECT tc.insee FROM territory_communes tc WHERE tc.territory_id = ",
    ")) OR p.structure_id = ANY(ARRAY(SELECT ts.structure_id FROM territory_structures ts WHERE ts.territory_id = ",
    ")))",
];
