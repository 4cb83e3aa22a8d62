//! `coin-du-partage migrate-to <postgres-url> <fichier-sqlite>`: moves an instance from
//! SQLite to PostgreSQL (docs/deploiement.md, « Passer à PostgreSQL »).
//!
//! - The source is read in one read transaction: one consistent snapshot, even while the
//!   server still runs (writes made after it are not copied, and the command says so).
//! - The source's applied migrations must be exactly the binary's SQLite migrations; the
//!   target is migrated here, and refused if any copied table already holds rows (but
//!   the reference rows a first start writes, [`REPLACED`] by the source's).
//! - Every table is in [`COPIED`] or [`DERIVED`]; a source table in neither stops the
//!   command, and a test checks both lists against both schemas, so a table added later
//!   cannot be forgotten.
//! - Rows go through `COPY … FROM STDIN` (CSV) inside one target transaction, with the
//!   tables' triggers off, a long table's secondary indexes built after its rows (the change log is derived: it starts empty and the map and
//!   search indexes are rebuilt from the tables at start). Identities continue after the
//!   highest id the source ever gave (`sqlite_sequence`), so no deleted post's link is
//!   reused.
//! - Then every table is read back and its row count and checksum (an order-free sum of
//!   per-row SHA-256 over the canonical text of each copied column) must equal the
//!   source's; only then is the transaction committed: all or nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{Column, Connection, Row, TypeInfo, ValueRef};

/// Tables copied row by row: (name in SQLite, name in PostgreSQL).
pub const COPIED: &[(&str, &str)] = &[
    ("instance_settings", "instance_settings"),
    ("instance_secrets", "instance_secrets"),
    ("instance_texts", "instance_texts"),
    ("communes", "communes"),
    ("commune_postcodes", "commune_postcodes"),
    ("users", "users"),
    ("themes", "themes"),
    ("categories", "categories"),
    ("structures", "structures"),
    ("structure_themes", "structure_themes"),
    ("memberships", "memberships"),
    ("structure_invitations", "structure_invitations"),
    ("territories", "territories"),
    ("territory_communes", "territory_communes"),
    ("territory_structures", "territory_structures"),
    ("territory_coordinators", "territory_coordinators"),
    ("network_invitations", "network_invitations"),
    ("posts", "posts"),
    ("responses", "responses"),
    ("response_messages", "response_messages"),
    ("participations", "participations"),
    ("connections", "connections"),
    ("reports", "reports"),
    ("audit_log", "audit_log"),
    ("shared_resources", "shared_resources"),
    ("resource_partners", "resource_partners"),
    ("resource_closures", "resource_closures"),
    ("bookings", "bookings"),
    ("notifications", "notifications"),
    ("mail_preferences", "mail_preferences"),
    ("alerts", "alerts"),
    ("alert_subscribers", "alert_subscribers"),
    ("urgent_alert_runs", "urgent_alert_runs"),
    ("account_tokens", "account_tokens"),
    ("outbox", "outbox"),
    ("rate_limits", "rate_limits"),
    ("job_runs", "job_runs"),
    ("import_jobs", "import_jobs"),
    ("user_sessions", "user_sessions"),
    ("tower_sessions", "tower_sessions.session"),
];

/// Sessions: left out with `--sans-sessions` (everyone signs in again).
pub const SESSIONS: &[&str] = &["user_sessions", "tower_sessions"];

/// Derived tables, rebuilt rather than copied: the change log of the map and search
/// indexes (empty on the target; both indexes are read from the tables at start, and an
/// index file saved by the SQLite instance is refused since its change is not in the log)
/// and SQLite's full-text index of posts (PostgreSQL computes `posts.search_vector`).
pub const DERIVED: &[&str] = &["map_changes", "posts_fts"];

/// Rows the target may already hold without being in use: inserted by its migrations
/// (categories) or by a first start of the server (settings, key, communes). The source's
/// replace them; any other row makes the target « not empty ».
const REPLACED: &[&str] = &["categories", "themes", "instance_settings", "instance_secrets", "commune_postcodes", "communes"];

/// Whether a source table is SQLite's or sqlx's own bookkeeping (or a full-text index's
/// shadow table), neither copied nor derived.
pub fn is_internal(table: &str) -> bool {
    table.starts_with("sqlite_") || table == "_sqlx_migrations" || table.starts_with("posts_fts_")
}

/// The SQLite migrations this binary carries: the source must have applied exactly these.
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("base SQLite illisible ({0}) : {1} / cannot open the SQLite database")]
    Source(String, sqlx::Error),
    #[error("base PostgreSQL injoignable : {0} / cannot reach the PostgreSQL database")]
    Target(sqlx::Error),
    #[error(
        "Les migrations appliquées à la base SQLite ne sont pas celles de ce binaire ({0}). Lancez une fois le \
         serveur SQLite de la même version que ce binaire pour les appliquer, puis recommencez. / The source's \
         migrations differ from this binary's."
    )]
    MigrationsDiffer(String),
    #[error(
        "La base PostgreSQL n’est pas vide (table {0} : {1} lignes). La copie ne fusionne pas deux instances : \
         donnez une base neuve. / The target database is not empty."
    )]
    TargetNotEmpty(String, i64),
    #[error(
        "Table inconnue dans la base SQLite : {0}. Ce binaire ne sait pas la copier ; utilisez la même version \
         pour la source et la copie. / Unknown table in the source."
    )]
    UnknownTable(String),
    #[error("Les colonnes de la table {table} diffèrent entre SQLite ({source_columns}) et PostgreSQL ({target_columns}).")]
    Columns { table: String, source_columns: String, target_columns: String },
    #[error("Valeur impossible à copier : table {table}, colonne {column} ({why}).")]
    Value { table: String, column: String, why: String },
    #[error(
        "Vérification échouée pour la table {table} : {source_rows} lignes et empreinte {source_sum} à la source, \
         {target_rows} lignes et empreinte {target_sum} copiées. Rien n’a été écrit. / Verification failed; \
         nothing was written."
    )]
    Verification { table: String, source_rows: u64, source_sum: String, target_rows: u64, target_sum: String },
    #[error("erreur pendant la copie ({0}) : {1}. Rien n’a été écrit. / copy failed; nothing was written.")]
    Copy(String, sqlx::Error),
}

impl MigrateError {
    fn copy(table: &str) -> impl FnOnce(sqlx::Error) -> MigrateError + '_ {
        move |e| MigrateError::Copy(table.to_string(), e)
    }
}

pub struct Options<'a> {
    pub source: &'a Path,
    pub target_url: &'a str,
    pub sessions: bool,
}

/// One copied table: its name (on the target), rows, and checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub table: String,
    pub rows: u64,
    pub checksum: String,
}

#[derive(Debug)]
pub struct Report {
    pub copied: Vec<Copied>,
    pub skipped: Vec<&'static str>,
    pub derived: Vec<&'static str>,
}

/// A column of a target table, and how its values are written and compared.
#[derive(Debug, Clone)]
struct Col {
    name: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Float,
    Text,
    Time,
    Date,
    /// A time of day (`HH:MM`, a mission's hour).
    Clock,
    Bytes,
}

impl Kind {
    fn of(pg_type: &str) -> Option<Kind> {
        Some(match pg_type {
            "bigint" | "integer" | "smallint" => Kind::Int,
            "boolean" => Kind::Bool,
            "double precision" | "real" => Kind::Float,
            "text" | "character varying" => Kind::Text,
            "timestamp with time zone" => Kind::Time,
            "date" => Kind::Date,
            "time without time zone" => Kind::Clock,
            "bytea" => Kind::Bytes,
            _ => return None,
        })
    }
}

/// A value in its canonical text (what COPY receives and what the checksum hashes), or NULL.
type Cell = Option<String>;

/// Copies `source` into the PostgreSQL database at `target_url`; `progress` receives one
/// French line now and then (long tables every 100,000 rows).
pub async fn migrate_to(options: Options<'_>, progress: &(dyn Fn(String) + Sync)) -> Result<Report, MigrateError> {
    let source_name = options.source.display().to_string();
    // Read-only, and no WAL change from us: the running instance keeps its file as it is.
    let mut src = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(options.source).read_only(true))
        .await
        .map_err(|e| MigrateError::Source(source_name.clone(), e))?;
    let read = |e| MigrateError::Source(source_name.clone(), e);
    sqlx::query("BEGIN").execute(&mut src).await.map_err(read)?;
    check_migrations(&mut src).await?;
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetch_all(&mut src).await.map_err(read)?;
    for t in &tables {
        let known = is_internal(t) || DERIVED.contains(&t.as_str()) || COPIED.iter().any(|(s, _)| s == t);
        if !known {
            return Err(MigrateError::UnknownTable(t.clone()));
        }
    }
    let sequences: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>("SELECT name, seq FROM sqlite_sequence")
        .fetch_all(&mut src)
        .await
        .unwrap_or_default()
        .into_iter()
        .collect();
    progress(format!(
        "Instantané de {source_name} pris : les écritures faites après cet instant ne seront pas copiées (arrêtez le serveur \
         avant la copie). / Snapshot taken: writes made after it are not copied."
    ));

    let opts = PgConnectOptions::from_str(options.target_url).map_err(MigrateError::Target)?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect_with(opts).await.map_err(MigrateError::Target)?;
    app::db::migrate(&pool).await.map_err(|e| MigrateError::Target(e.into()))?;
    crate::startup::session_table(&pool).await.map_err(MigrateError::Target)?;
    let mut conn = pool.acquire().await.map_err(MigrateError::Target)?;
    let mut tx = conn.begin().await.map_err(MigrateError::Target)?;
    // Index builds after the long tables' loads, in memory rather than in sorted runs on disk.
    sqlx::query("SET LOCAL maintenance_work_mem = '256MB'").execute(&mut *tx).await.map_err(MigrateError::Target)?;

    let wanted: Vec<(&str, &str)> =
        COPIED.iter().copied().filter(|(s, _)| options.sessions || !SESSIONS.contains(s)).collect();
    let skipped = COPIED.iter().map(|(s, _)| *s).filter(|s| !options.sessions && SESSIONS.contains(s)).collect();
    for (_, target) in COPIED {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(target)))
            .fetch_one(&mut *tx)
            .await
            .map_err(MigrateError::Target)?;
        if rows > 0 && !REPLACED.contains(target) {
            return Err(MigrateError::TargetNotEmpty(target.to_string(), rows));
        }
    }
    let order = copy_order(&mut tx, &wanted).await?;
    for (_, target) in order.iter().rev().filter(|(_, t)| REPLACED.contains(t)) {
        sqlx::query(&format!("DELETE FROM {}", quoted(target))).execute(&mut *tx).await.map_err(MigrateError::copy(target))?;
    }

    let mut copied = Vec::new();
    for (source, target) in order {
        // The session store's table is made by the server's first start, not by a
        // migration: a file that never served has none, and no session to copy.
        if source == "tower_sessions" && !tables.iter().any(|t| t == source) {
            copied.push(Copied { table: target.to_string(), rows: 0, checksum: hex(0) });
            continue;
        }
        let cols = target_columns(&mut tx, target).await?;
        check_columns(&mut src, source, target, &cols).await?;
        sqlx::query(&format!("ALTER TABLE {} DISABLE TRIGGER USER", quoted(target)))
            .execute(&mut *tx)
            .await
            .map_err(MigrateError::copy(target))?;
        // A long table loads faster into a bare table whose indexes are built afterwards
        // (as pg_restore does): 14 indexes on posts, a GIN one among them.
        let big: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{source}\""))
            .fetch_one(&mut src)
            .await
            .map_err(|e| MigrateError::Source(source.into(), e))?;
        let rebuilt = if big >= 10_000 { drop_secondary_indexes(&mut tx, target).await? } else { Vec::new() };
        let (rows, sum) = copy_table(&mut src, &mut tx, source, target, &cols, progress).await?;
        if !rebuilt.is_empty() {
            progress(format!("{target} : {} index reconstruits…", rebuilt.len()));
        }
        for definition in rebuilt {
            sqlx::query(&definition).execute(&mut *tx).await.map_err(MigrateError::copy(target))?;
        }
        let (target_rows, target_sum) = target_checksum(&mut tx, target, &cols).await?;
        let (source_sum, target_sum) = (hex(sum), hex(target_sum));
        if rows != target_rows || source_sum != target_sum {
            return Err(MigrateError::Verification {
                table: target.to_string(),
                source_rows: rows,
                source_sum,
                target_rows,
                target_sum,
            });
        }
        sqlx::query(&format!("ALTER TABLE {} ENABLE TRIGGER USER", quoted(target)))
            .execute(&mut *tx)
            .await
            .map_err(MigrateError::copy(target))?;
        continue_identities(&mut tx, target, &cols, sequences.get(source).copied()).await?;
        progress(format!("{target} : {rows} lignes copiées et vérifiées (empreinte {})", &source_sum[..16]));
        copied.push(Copied { table: target.to_string(), rows, checksum: source_sum });
    }
    tx.commit().await.map_err(MigrateError::copy("COMMIT"))?;
    sqlx::query("COMMIT").execute(&mut src).await.map_err(read)?;
    // Planner statistics for the fresh tables (autovacuum would get there later).
    sqlx::query("ANALYZE").execute(&mut *conn).await.map_err(MigrateError::Target)?;
    copied.sort_by_key(|c| COPIED.iter().position(|(_, t)| *t == c.table));
    Ok(Report { copied, skipped, derived: DERIVED.to_vec() })
}

/// The source's applied migrations against the binary's: same versions, same checksums.
async fn check_migrations(src: &mut SqliteConnection) -> Result<(), MigrateError> {
    let applied: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *src)
            .await
            .map_err(|_| MigrateError::MigrationsDiffer("aucune migration appliquée / no migration applied".into()))?;
    let known: Vec<(i64, &[u8])> = SQLITE_MIGRATIONS.iter().map(|m| (m.version, m.checksum.as_ref())).collect();
    let (last_applied, last_known) = (applied.last().map_or(0, |m| m.0), known.last().map_or(0, |m| m.0));
    if applied.len() != known.len() || last_applied != last_known {
        return Err(MigrateError::MigrationsDiffer(format!("source : {last_applied}, binaire : {last_known}")));
    }
    for ((version, checksum), (k_version, k_checksum)) in applied.iter().zip(&known) {
        if version != k_version || checksum.as_slice() != *k_checksum {
            return Err(MigrateError::MigrationsDiffer(format!("migration {version} modifiée / changed")));
        }
    }
    Ok(())
}

/// `"name"`, or `"schema"."name"`.
fn quoted(table: &str) -> String {
    table.split('.').map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(".")
}

fn split_name(table: &str) -> (&str, &str) {
    table.split_once('.').unwrap_or(("public", table))
}

/// Parents before children (foreign keys), among the tables copied.
async fn copy_order<'a>(tx: &mut PgConnection, wanted: &[(&'a str, &'a str)]) -> Result<Vec<(&'a str, &'a str)>, MigrateError> {
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c \
         WHERE c.contype = 'f' AND c.conrelid <> c.confrelid",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(MigrateError::Target)?;
    let unquote = |s: &str| s.replace('"', "");
    let mut parents: BTreeMap<&str, HashSet<String>> = wanted.iter().map(|(_, t)| (*t, HashSet::new())).collect();
    for (child, parent) in edges {
        if let Some(set) = parents.get_mut(unquote(&child).as_str()) {
            set.insert(unquote(&parent));
        }
    }
    let mut done: HashSet<&str> = HashSet::new();
    let mut order = Vec::new();
    while order.len() < wanted.len() {
        let before = order.len();
        for &(s, t) in wanted {
            let ready = !done.contains(t) && parents[t].iter().all(|p| done.contains(p.as_str()) || !parents.contains_key(p.as_str()));
            if ready {
                done.insert(t);
                order.push((s, t));
            }
        }
        if order.len() == before {
            return Err(MigrateError::Copy("ordre des tables / table order".into(), sqlx::Error::Protocol("cycle".into())));
        }
    }
    Ok(order)
}

/// Drops the indexes of `table` that back no constraint; returns their definitions.
async fn drop_secondary_indexes(tx: &mut PgConnection, table: &str) -> Result<Vec<String>, MigrateError> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(i.oid) \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace \
         WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
    )
    .bind(quoted(table))
    .fetch_all(&mut *tx)
    .await
    .map_err(MigrateError::copy(table))?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await.map_err(MigrateError::copy(table))?;
    }
    Ok(indexes.into_iter().map(|(_, definition)| definition).collect())
}

/// The target table's columns that take values (not the generated ones), with their kinds.
async fn target_columns(tx: &mut PgConnection, table: &str) -> Result<Vec<Col>, MigrateError> {
    let (schema, name) = split_name(table);
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position",
    )
    .bind(schema)
    .bind(name)
    .fetch_all(&mut *tx)
    .await
    .map_err(MigrateError::Target)?;
    rows.into_iter()
        .map(|(name, ty)| match Kind::of(&ty) {
            Some(kind) => Ok(Col { name, kind }),
            None => Err(MigrateError::Value { table: table.into(), column: name, why: format!("type {ty} non pris en charge") }),
        })
        .collect()
}

async fn check_columns(src: &mut SqliteConnection, source: &str, target: &str, cols: &[Col]) -> Result<(), MigrateError> {
    let mut source_cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
        .bind(source)
        .fetch_all(&mut *src)
        .await
        .map_err(|e| MigrateError::Source(source.into(), e))?;
    let mut target_cols: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
    source_cols.sort();
    target_cols.sort();
    if source_cols != target_cols {
        return Err(MigrateError::Columns {
            table: target.into(),
            source_columns: source_cols.join(", "),
            target_columns: target_cols.join(", "),
        });
    }
    Ok(())
}

/// Streams the source rows into `COPY … FROM STDIN` in CSV, 1 MB at a time; returns the
/// number of rows and their checksum.
async fn copy_table(
    src: &mut SqliteConnection,
    tx: &mut PgConnection,
    source: &str,
    target: &str,
    cols: &[Col],
    progress: &(dyn Fn(String) + Sync),
) -> Result<(u64, u128), MigrateError> {
    let names = cols.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ");
    let mut copy = tx
        .copy_in_raw(&format!("COPY {} ({names}) FROM STDIN WITH (FORMAT csv)", quoted(target)))
        .await
        .map_err(MigrateError::copy(target))?;
    let select = format!("SELECT {names} FROM \"{source}\"");
    let mut rows = sqlx::query(&select).fetch(&mut *src);
    let (mut n, mut sum, mut buf) = (0u64, 0u128, Vec::with_capacity(1 << 20));
    while let Some(row) = rows.try_next().await.map_err(|e| MigrateError::Source(source.into(), e))? {
        let cells = cols.iter().enumerate().map(|(i, c)| source_cell(&row, i, c, target)).collect::<Result<Vec<_>, _>>()?;
        sum = sum.wrapping_add(row_hash(&cells));
        write_csv(&mut buf, &cells);
        n += 1;
        if buf.len() >= 1 << 20 {
            copy.send(std::mem::take(&mut buf)).await.map_err(MigrateError::copy(target))?;
            buf.reserve(1 << 20);
        }
        if n % 100_000 == 0 {
            progress(format!("{target} : {n} lignes…"));
        }
    }
    drop(rows);
    if !buf.is_empty() {
        copy.send(buf).await.map_err(MigrateError::copy(target))?;
    }
    copy.finish().await.map_err(MigrateError::copy(target))?;
    Ok((n, sum))
}

/// Reads the copied table back (with the target's own types) into the same canonical text.
async fn target_checksum(tx: &mut PgConnection, target: &str, cols: &[Col]) -> Result<(u64, u128), MigrateError> {
    let names = cols.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ");
    let select = format!("SELECT {names} FROM {}", quoted(target));
    let mut rows = sqlx::query(&select).fetch(&mut *tx);
    let (mut n, mut sum) = (0u64, 0u128);
    while let Some(row) = rows.try_next().await.map_err(MigrateError::copy(target))? {
        let cells = cols.iter().enumerate().map(|(i, c)| target_cell(&row, i, c)).collect::<Result<Vec<_>, sqlx::Error>>();
        sum = sum.wrapping_add(row_hash(&cells.map_err(MigrateError::copy(target))?));
        n += 1;
    }
    Ok((n, sum))
}

/// After explicit ids, the identity continues after the highest id ever given.
async fn continue_identities(tx: &mut PgConnection, target: &str, cols: &[Col], sqlite_seq: Option<i64>) -> Result<(), MigrateError> {
    for col in cols.iter().filter(|c| c.kind == Kind::Int) {
        let sequence: Option<String> = sqlx::query_scalar("SELECT pg_get_serial_sequence($1, $2)")
            .bind(quoted(target))
            .bind(&col.name)
            .fetch_one(&mut *tx)
            .await
            .map_err(MigrateError::copy(target))?;
        let Some(sequence) = sequence else { continue };
        let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(\"{}\")::bigint FROM {}", col.name, quoted(target)))
            .fetch_one(&mut *tx)
            .await
            .map_err(MigrateError::copy(target))?;
        let next = max.unwrap_or(0).max(sqlite_seq.unwrap_or(0)) + 1;
        sqlx::query("SELECT setval($1, $2, false)")
            .bind(sequence)
            .bind(next)
            .execute(&mut *tx)
            .await
            .map_err(MigrateError::copy(target))?;
    }
    Ok(())
}

fn row_hash(cells: &[Cell]) -> u128 {
    let mut h = Sha256::new();
    for c in cells {
        match c {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    u128::from_le_bytes(h.finalize()[..16].try_into().expect("16 bytes"))
}

fn hex(sum: u128) -> String {
    format!("{sum:032x}")
}

/// CSV as PostgreSQL's COPY reads it: NULL is an empty unquoted field, every value is
/// quoted (so an empty text stays a text), quotes doubled.
fn write_csv(buf: &mut Vec<u8>, cells: &[Cell]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        if let Some(s) = c {
            buf.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    buf.push(b'"');
                }
                buf.push(b);
            }
            buf.push(b'"');
        }
    }
    buf.push(b'\n');
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";
const CLOCK_FORMAT: &str = "%H:%M:%S%.6f";

/// A source value in the canonical text of the target column's kind.
fn source_cell(row: &SqliteRow, i: usize, col: &Col, table: &str) -> Result<Cell, MigrateError> {
    let bad = |why: String| MigrateError::Value { table: table.into(), column: col.name.clone(), why };
    let raw = row.try_get_raw(i).map_err(|e| bad(e.to_string()))?;
    if raw.is_null() {
        return Ok(None);
    }
    let storage = raw.type_info().name().to_string();
    let get_err = |e: sqlx::Error| bad(e.to_string());
    let cell = match (col.kind, storage.as_str()) {
        (Kind::Int, "INTEGER") => row.try_get::<i64, _>(i).map_err(get_err)?.to_string(),
        (Kind::Bool, "INTEGER") => match row.try_get::<i64, _>(i).map_err(get_err)? {
            0 => "false".into(),
            1 => "true".into(),
            v => return Err(bad(format!("booléen attendu, {v} trouvé"))),
        },
        (Kind::Float, "INTEGER" | "REAL") => float(row.try_get::<f64, _>(i).map_err(get_err)?).ok_or_else(|| bad("nombre non fini".into()))?,
        (Kind::Text, "TEXT") => {
            let s: String = row.try_get(i).map_err(get_err)?;
            if s.contains('\0') {
                return Err(bad("caractère nul".into()));
            }
            s
        }
        (Kind::Text, "INTEGER") => row.try_get::<i64, _>(i).map_err(get_err)?.to_string(),
        (Kind::Time, "TEXT") => {
            let s: String = row.try_get(i).map_err(get_err)?;
            parse_time(&s).ok_or_else(|| bad(format!("date illisible « {s} »")))?.format(TIME_FORMAT).to_string()
        }
        // The session store keeps its expiry as Unix seconds on SQLite.
        (Kind::Time, "INTEGER") => {
            let secs: i64 = row.try_get(i).map_err(get_err)?;
            DateTime::from_timestamp(secs, 0).ok_or_else(|| bad(format!("date hors limites {secs}")))?.format(TIME_FORMAT).to_string()
        }
        (Kind::Date, "TEXT") => {
            let s: String = row.try_get(i).map_err(get_err)?;
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| bad(format!("date illisible « {s} »")))?.to_string()
        }
        (Kind::Clock, "TEXT") => {
            let s: String = row.try_get(i).map_err(get_err)?;
            let t = NaiveTime::parse_from_str(&s, "%H:%M:%S%.f").or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M"));
            t.map_err(|_| bad(format!("heure illisible « {s} »")))?.format(CLOCK_FORMAT).to_string()
        }
        (Kind::Bytes, "BLOB") => bytea(&row.try_get::<Vec<u8>, _>(i).map_err(get_err)?),
        (kind, storage) => return Err(bad(format!("{storage} stocké pour une colonne {kind:?}"))),
    };
    Ok(Some(cell))
}

/// A target value in the same canonical text.
fn target_cell(row: &PgRow, i: usize, col: &Col) -> Result<Cell, sqlx::Error> {
    if row.try_get_raw(i)?.is_null() {
        return Ok(None);
    }
    let ty = row.column(i).type_info().name().to_string();
    Ok(Some(match col.kind {
        Kind::Int => match ty.as_str() {
            "INT2" => row.try_get::<i16, _>(i)?.to_string(),
            "INT4" => row.try_get::<i32, _>(i)?.to_string(),
            _ => row.try_get::<i64, _>(i)?.to_string(),
        },
        Kind::Bool => row.try_get::<bool, _>(i)?.to_string(),
        Kind::Float => match ty.as_str() {
            "FLOAT4" => float(row.try_get::<f32, _>(i)? as f64),
            _ => float(row.try_get::<f64, _>(i)?),
        }
        .unwrap_or_default(),
        Kind::Text => row.try_get::<String, _>(i)?,
        Kind::Time => row.try_get::<DateTime<Utc>, _>(i)?.format(TIME_FORMAT).to_string(),
        Kind::Date => row.try_get::<NaiveDate, _>(i)?.to_string(),
        Kind::Clock => row.try_get::<NaiveTime, _>(i)?.format(CLOCK_FORMAT).to_string(),
        Kind::Bytes => bytea(&row.try_get::<Vec<u8>, _>(i)?),
    }))
}

fn float(v: f64) -> Option<String> {
    v.is_finite().then(|| format!("{v:?}"))
}

fn bytea(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 + bytes.len() * 2);
    s.push_str("\\x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The time formats found in SQLite instances: RFC 3339 (the app's), and SQLite's own
/// `CURRENT_TIMESTAMP` (`2026-12-05 06:47:35`, UTC). Microseconds, as PostgreSQL keeps.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok().map(|t| t.and_utc()))?;
    let micros = t.timestamp_micros();
    DateTime::from_timestamp_micros(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_every_stored_format_to_the_microsecond() {
        let t = |s| parse_time(s).map(|t| t.format(TIME_FORMAT).to_string());
        assert_eq!(t("2026-11-22T23:00:00Z").as_deref(), Some("2026-11-22T23:00:00.000000Z"));
        assert_eq!(t("2026-12-02T06:47:36.255975+00:00").as_deref(), Some("2026-12-02T06:47:36.255975Z"));
        assert_eq!(t("2026-12-02T07:47:36.2559759+01:00").as_deref(), Some("2026-12-02T06:47:36.255975Z"));
        assert_eq!(t("2026-12-05 06:47:35").as_deref(), Some("2026-12-05T06:47:35.000000Z"));
        assert_eq!(t("hier"), None);
    }

    #[test]
    fn csv_keeps_null_apart_from_empty_text_and_doubles_quotes() {
        let mut buf = Vec::new();
        write_csv(&mut buf, &[None, Some(String::new()), Some("il a dit \"oui\",\npuis".into())]);
        assert_eq!(String::from_utf8(buf).unwrap(), ",\"\",\"il a dit \"\"oui\"\",\npuis\"\n");
    }

    #[test]
    fn a_null_and_an_empty_text_hash_differently() {
        assert_ne!(row_hash(&[None]), row_hash(&[Some(String::new())]));
        assert_ne!(row_hash(&[Some("ab".into()), Some("c".into())]), row_hash(&[Some("a".into()), Some("bc".into())]));
    }
}
