//! The change log `map_changes` and the one way to follow it. Database triggers on
//! `posts`, `structures` and `shared_resources` (migrations 0010, 0012, 0014, 0021) log
//! every write there, whoever
//! makes it, so that each instance keeps its indexes in memory current by reading the
//! log: the public map (`server::map::sync`) and the lists' search
//! (`search::PostIndex`). Both read it through a [`Cursor`]: the same SQL, watermark and
//! look-back, written once here.
//!
//! It lives in the app crate, beside the search index, because the server crate (which
//! holds the map) depends on this one and not the other way round. It reads the
//! database only (`db`) and knows nothing of what its readers keep: each reader owns
//! its cursor, since they load at different moments (the map from its index file or
//! the database, the search from the database) and so stand at different places in
//! the log.
//!
//! **Late commits.** Change numbers come from a sequence, so on PostgreSQL a transaction
//! may commit after one that took a later number. A reader that looks back (every
//! second) reads the last [`LOOKBACK`] numbers again and skips those already applied: a
//! late commit is seen as long as fewer than that many changes commit while it is open.
//! Applying a change re-reads the item, so reading one twice is harmless.

use std::collections::BTreeSet;

use crate::db::Pool;

/// Change numbers read again by a look-back (see the module documentation).
pub const LOOKBACK: i64 = 1_000;
/// Changes read at once at most (the rest at the next read).
const BATCH: i64 = 5_000;
/// Changes kept in the log by [`trim`]: a reader further behind reloads everything.
const KEEP_CHANGES: i64 = 200_000;
/// Changes behind the log's end from which the log may have been trimmed past a reader.
const TRIMMED_GAP: i64 = KEEP_CHANGES / 2;

/// What a change is about (the log's `item` and `item_id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Post(i64),
    Structure(i64),
    /// A pooled resource (`shared_resources`): the map shows it; the lists' search does not.
    Resource(i64),
}

/// One entry of the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub item: Item,
}

impl Change {
    fn from_row((seq, item, id): (i64, String, i64)) -> Change {
        // The table's check constraint allows these three only.
        let item = match item.as_str() {
            "structure" => Item::Structure(id),
            "resource" => Item::Resource(id),
            _ => Item::Post(id),
        };
        Change { seq, item }
    }
}

/// What a [`Cursor`] finds in the log.
#[derive(Debug)]
pub enum Read {
    /// The changes not applied yet, in log order (possibly none).
    Fresh(Vec<Change>),
    /// So far behind that the log may have been trimmed past the cursor: the reader
    /// reloads everything and starts a new cursor.
    Behind,
}

/// Where a reader stands in the log: its watermark (the highest change applied) and the
/// changes applied within the look-back below it.
#[derive(Debug, Default)]
pub struct Cursor {
    applied: BTreeSet<i64>,
    watermark: i64,
}

impl Cursor {
    /// A reader that has applied everything up to `watermark` (it loaded then).
    pub fn at(watermark: i64) -> Cursor {
        Cursor { applied: BTreeSet::new(), watermark }
    }

    pub fn watermark(&self) -> i64 {
        self.watermark
    }

    /// The changes after the watermark (after `watermark - LOOKBACK` with `look_back`)
    /// not applied yet. Nothing is marked: the reader calls [`Cursor::applied`] once it
    /// has applied them, so that a failure leaves them to the next read.
    pub async fn read(&self, pool: &Pool, look_back: bool) -> Result<Read, sqlx::Error> {
        let from = if look_back { self.watermark - LOOKBACK } else { self.watermark };
        let rows: Vec<(i64, String, i64)> = sqlx::query_as("SELECT seq, item, item_id FROM map_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(from)
            .bind(BATCH)
            .fetch_all(pool)
            .await?;
        if rows.len() as i64 == BATCH && last(pool).await? - self.watermark > TRIMMED_GAP {
            return Ok(Read::Behind);
        }
        Ok(Read::Fresh(rows.into_iter().filter(|r| !self.applied.contains(&r.0)).map(Change::from_row).collect()))
    }

    /// Notes these changes as applied and moves the watermark past them.
    pub fn applied(&mut self, changes: &[Change]) {
        self.applied.extend(changes.iter().map(|c| c.seq));
        self.watermark = self.watermark.max(changes.iter().map(|c| c.seq).max().unwrap_or(0));
        self.applied = self.applied.split_off(&(self.watermark - LOOKBACK));
    }
}

/// The log's last change number (0 when empty): one indexed read.
pub async fn last(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM map_changes").fetch_one(pool).await
}

/// The change logged at `seq`, if the log still has it.
pub async fn at(pool: &Pool, seq: i64) -> Result<Option<Change>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT item, item_id FROM map_changes WHERE seq = $1").bind(seq).fetch_optional(pool).await?;
    Ok(row.map(|(item, id)| Change::from_row((seq, item, id))))
}

/// Trims the log to its last [`KEEP_CHANGES`] entries (run with the hourly jobs).
pub async fn trim(pool: &Pool) -> Result<u64, sqlx::Error> {
    let last = last(pool).await?;
    let done = sqlx::query("DELETE FROM map_changes WHERE seq <= $1").bind(last - KEEP_CHANGES).execute(pool).await?;
    Ok(done.rows_affected())
}
