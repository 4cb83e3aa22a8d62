//! The public posts in memory, for the « Coin du partage » list, `GET /api/v1/posts`
//! and the map's words and places: their words (an inverted index of the folded text),
//! places, kinds, categories and sort keys. A search then reads no row it does not
//! show: it gathers the matches of its words from the index (or walks every post when
//! there are none), checks the other filters on each, and orders all of them exactly
//! ([`ranking`]) — where the database path (`search::database`) has to bound its read
//! to stay fast and ranks only the newest matches of a common word. Figures in
//! docs/benchmarks.md §1.
//!
//! **Freshness.** Loaded once from the database (in the background at start-up: the
//! database answers meanwhile), then kept current from the change log the map follows
//! too (`change_log`). Every search first asks the log for its last number (one indexed
//! read) and applies what is new, so a search sees every write committed before it — a
//! member finds the post they just published. [`PostIndex::follow`] also reads the log
//! every second looking back for late commits, as the map does. Applying a change
//! re-reads the post, so seeing one twice is harmless.
//!
//! **Memory.** 56 bytes per post, 8 per distinct word of its text, the sorted word list
//! and the merged lists of common search words. A changed post is appended anew and its
//! old entry left dead until dead entries reach a quarter of all, then the postings are
//! compacted.

mod ranking;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::QueryBuilder;

use super::{IdSet, PostSearch, Ranked};
use crate::change_log::{self, Cursor, Item};
use crate::db::posts::POST_IS_PUBLIC;
use crate::db::cache::ReferenceCache;
use crate::db::{Db, Pool, backend};
use crate::error::AppResult;
use crate::model::PostKind;

/// Ids per `IN (…)` list: well under both backends' bind limits.
const CHUNK: usize = 500;
/// Dead entries tolerated before compaction, at least.
const MIN_DEAD: usize = 1_000;

/// What a post row holds for the index: id, kind, category, structure, commune,
/// département, point, the commune's centroid, precise address or not, publication,
/// urgency, folded text, public or not.
type Row = (
    i64,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    bool,
    Option<DateTime<Utc>>,
    String,
    String,
    bool,
);

const SELECT: &str = "SELECT p.id, p.kind, p.category_id, p.structure_id, p.insee, co.departement, p.lat, p.lon, co.lat, co.lon,
        p.location_precision = 'address', p.published_at, p.urgency, p.search_folded";
const FROM: &str = " FROM posts p LEFT JOIN structures s ON s.id = p.structure_id LEFT JOIN communes co ON co.insee = p.insee";

/// One public post: 56 bytes, since searches without words or with a common one walk
/// most of them (commune, département and centroid are in the commune table).
#[derive(Clone, Debug)]
struct Doc {
    id: i64,
    /// Microseconds since 1970 (`i64::MIN` if never published).
    published: i64,
    /// The post's point (`NaN` when it has none).
    lat: f64,
    lon: f64,
    category: u32,
    /// `NONE` for an individual's post.
    structure: u32,
    /// Index in `Inner::communes` (`NONE` without a commune).
    commune: u32,
    /// Characters of the folded text (relevance's length).
    len: u32,
    kind: PostKind,
    /// 0 high, 1 normal, 2 low (the list's urgency order).
    urgency: u8,
    address: bool,
    live: bool,
}

/// « No structure », « no commune ».
const NONE: u32 = u32::MAX;

/// A commune posts refer to: its code, département and centroid.
#[derive(Debug)]
struct Commune {
    insee: Box<str>,
    departement: Option<Box<str>>,
    centroid: Option<(f64, f64)>,
}

/// A word's posting: the post's slot and how many words of its text start with it.
#[derive(Clone, Copy, Debug)]
struct Posting {
    slot: u32,
    tf: u16,
}

#[derive(Default)]
struct Inner {
    docs: Vec<Doc>,
    slot_of: HashMap<i64, u32>,
    communes: Vec<Commune>,
    commune_of: HashMap<Box<str>, u32>,
    words: BTreeMap<Box<str>, Vec<Posting>>,
    dead: usize,
    /// Merged postings of search words spanning many words of the texts (« de » starts
    /// « de », « des », « depuis »…: ~10 postings per post, summed per post at each
    /// search otherwise). Filled by searches, kept current by [`Inner::insert`].
    merged: std::sync::Mutex<HashMap<Box<str>, Arc<Vec<Posting>>>>,
    /// Postings a search word must span before its merged list is kept.
    merge_from: usize,
    /// The matches of the last few searches the map asked for, newest last: a map user
    /// pans and zooms with the same words, and each view would walk the same postings
    /// again (« de » at 1M posts: about a third of the answer's time). Emptied by every
    /// change to the index, so a set is never older than the index it came from.
    matches: std::sync::Mutex<Vec<(MatchKey, Arc<IdSet>)>>,
}

/// What a set of matches depends on besides the index: the search's words and places
/// (a territory's members and communes are not in the index: such searches are not kept).
#[derive(Clone, Debug, PartialEq)]
struct MatchKey {
    words: Vec<String>,
    kind: Option<PostKind>,
    categories: Vec<i64>,
    commune: Option<String>,
    departement: Option<String>,
    bbox: Option<crate::model::BBox>,
    within: Option<(super::Origin, f64)>,
    since: Option<DateTime<Utc>>,
}

/// Sets of matches kept at most (a set is one bit per post id: 125 KB at 1M posts).
const MATCHES_KEPT: usize = 8;

/// Postings a search word must span before its merged list is kept (by default).
const MERGE_FROM: usize = 20_000;
/// Merged lists kept at most (then they are all dropped and refilled by use).
const MERGED_KEPT: usize = 256;

/// The index of one instance (in `AppState`); empty until [`PostIndex::load`].
pub struct PostIndex {
    inner: RwLock<Option<Inner>>,
    /// Where the index stands in the change log.
    log: tokio::sync::Mutex<Cursor>,
    /// The highest change number applied (read without the lock by every search).
    seen: AtomicI64,
    /// When the index last caught up with the log (Unix seconds; 0: never), for `/metrics`.
    synced_at: AtomicI64,
    merge_from: usize,
}

impl Default for PostIndex {
    fn default() -> Self {
        PostIndex::keeping_merged_from(MERGE_FROM)
    }
}

impl PostIndex {
    /// An index keeping the merged postings of search words spanning at least
    /// `postings` (tests use 0 to follow that path on small data).
    pub fn keeping_merged_from(postings: usize) -> Self {
        PostIndex { inner: RwLock::default(), log: Default::default(), seen: AtomicI64::new(0), synced_at: AtomicI64::new(0), merge_from: postings }
    }

    /// The highest change of the log the index has applied.
    pub fn seen(&self) -> i64 {
        self.seen.load(Ordering::Acquire)
    }

    /// When the index last caught up with the log (`None`: not loaded yet).
    pub fn synced_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.synced_at.load(Ordering::Acquire), 0).filter(|_| self.is_ready())
    }

    fn mark_synced(&self) {
        self.synced_at.store(Utc::now().timestamp(), Ordering::Release);
    }

    /// Whether the index has been loaded (searches go to the database until then).
    pub fn is_ready(&self) -> bool {
        self.inner.read().map(|i| i.is_some()).unwrap_or(false)
    }

    /// Reads every public post (notes where the log stands first: changes made meanwhile
    /// are applied again by the next catch-up).
    pub async fn load(&self, pool: &Pool) -> Result<usize, sqlx::Error> {
        let mut log = self.log.lock().await;
        let watermark = change_log::last(pool).await?;
        let mut inner = Inner { merge_from: self.merge_from, ..Inner::default() };
        let sql = format!("{SELECT}, TRUE{FROM} WHERE {POST_IS_PUBLIC}");
        let mut rows = sqlx::query_as::<_, Row>(&sql).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            inner.insert(row);
        }
        let count = inner.slot_of.len();
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = Some(inner);
        *log = Cursor::at(watermark);
        self.seen.store(watermark, Ordering::Release);
        self.mark_synced();
        Ok(count)
    }

    /// Applies what the log holds beyond the last number seen: one indexed read when
    /// nothing changed. Called before every search.
    pub async fn catch_up(&self, pool: &Pool) -> Result<(), sqlx::Error> {
        let last = change_log::last(pool).await?;
        if last <= self.seen.load(Ordering::Acquire) {
            return Ok(());
        }
        self.apply(pool, false).await
    }

    /// Every second, until the process ends: the log again, looking back for late
    /// commits. Loads the index first if need be. Errors are logged and retried.
    pub async fn follow(self: Arc<Self>, pool: Pool) {
        while !self.is_ready() {
            match self.load(&pool).await {
                Ok(count) => tracing::info!(posts = count, "recherche des annonces prête"),
                Err(e) => {
                    tracing::error!(error = %e, "recherche des annonces : chargement impossible, nouvel essai dans 5 s");
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                }
            }
        }
        // Twice a second: a post published through another instance is in this one's
        // lists within a second (one indexed read of the change log when nothing changed).
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match self.apply(&pool, true).await {
                Ok(()) => self.mark_synced(),
                Err(e) => tracing::warn!(error = %e, "recherche des annonces : lecture des changements impossible"),
            }
        }
    }

    /// Applies the changes the log holds beyond the index's place in it.
    async fn apply(&self, pool: &Pool, look_back: bool) -> Result<(), sqlx::Error> {
        let mut log = self.log.lock().await;
        let changes = match log.read(pool, look_back).await? {
            change_log::Read::Fresh(changes) => changes,
            change_log::Read::Behind => {
                drop(log);
                return self.load(pool).await.map(drop);
            }
        };
        if changes.is_empty() {
            return Ok(());
        }
        let ids = |structures: bool| -> Vec<i64> {
            changes
                .iter()
                .filter_map(|c| match c.item {
                    Item::Post(id) if !structures => Some(id),
                    Item::Structure(id) if structures => Some(id),
                    _ => None,
                })
                .collect()
        };
        let current = current(pool, &ids(false), &ids(true)).await?;
        {
            let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
            let Some(inner) = guard.as_mut() else {
                return Ok(());
            };
            for (id, row) in current {
                inner.remove(id);
                if let Some(row) = row {
                    inner.insert(row);
                }
            }
            inner.compact_if_needed();
            inner.matches.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
        }
        log.applied(&changes);
        self.seen.store(log.watermark(), Ordering::Release);
        Ok(())
    }

    /// A page of the search from the index when it is loaded (after catching up with the
    /// log), else `None`: the caller then asks the database. Like the database path but
    /// exact: every match is counted and ordered (at most `s.limit` are paged).
    pub async fn rank(&self, pool: &Pool, cache: &ReferenceCache, s: &PostSearch, offset: i64, count: i64) -> AppResult<Option<Ranked>> {
        Ok(match self.prepare(pool, cache, s).await? {
            Prepared::NotLoaded => None,
            Prepared::Nothing => Some(Ranked::default()),
            Prepared::Ready { categories, territory } => self.read(|inner| inner.rank(s, &categories, territory.as_ref(), offset, count)),
        })
    }

    /// Every live post passing the search's words and filters (order and limit ignored),
    /// from the index when it is loaded (after catching up with the log), else `None`.
    pub async fn matching(&self, pool: &Pool, cache: &ReferenceCache, s: &PostSearch) -> AppResult<Option<Arc<IdSet>>> {
        Ok(match self.prepare(pool, cache, s).await? {
            Prepared::NotLoaded => None,
            Prepared::Nothing => Some(Arc::default()),
            Prepared::Ready { categories, territory: Some(territory) } => self.read(|inner| Arc::new(inner.matching(s, &categories, Some(&territory)))),
            Prepared::Ready { categories, territory: None } => self.read(|inner| inner.kept_matching(s, categories)),
        })
    }

    /// Catches the index up with the log and resolves the search's categories and territory.
    async fn prepare(&self, pool: &Pool, cache: &ReferenceCache, s: &PostSearch) -> AppResult<Prepared> {
        if !self.is_ready() {
            return Ok(Prepared::NotLoaded);
        }
        self.catch_up(pool).await?;
        // Unknown slugs match nothing (as the database path's `IN`): with none known,
        // nothing matches.
        let categories: Vec<i64> = if s.categories.is_empty() {
            Vec::new()
        } else {
            let ids = &cache.categories(pool).await?.ids;
            let known: Vec<i64> = s.categories.iter().filter_map(|slug| ids.get(slug).copied()).collect();
            if known.is_empty() {
                return Ok(Prepared::Nothing);
            }
            known
        };
        let territory = match &s.territory {
            Some(slug) => Some(territory(pool, slug).await?),
            None => None,
        };
        Ok(Prepared::Ready { categories, territory })
    }

    /// `f` on the loaded index (`None` if not loaded).
    fn read<T>(&self, f: impl FnOnce(&Inner) -> T) -> Option<T> {
        let guard = self.inner.read().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().map(f)
    }
}

/// A territory's member structures and communes.
struct Territory {
    structures: HashSet<i64>,
    communes: HashSet<String>,
}

/// What a search needs before reading the index.
enum Prepared {
    /// Not loaded yet: the caller asks the database.
    NotLoaded,
    /// Only unknown categories: nothing matches.
    Nothing,
    /// Category ids (empty: all).
    Ready { categories: Vec<i64>, territory: Option<Territory> },
}

async fn territory(pool: &Pool, slug: &str) -> Result<Territory, sqlx::Error> {
    let structures: Vec<i64> = sqlx::query_scalar(
        "SELECT ts.structure_id FROM territory_structures ts JOIN territories tr ON tr.id = ts.territory_id WHERE tr.slug = $1",
    )
    .bind(slug)
    .fetch_all(pool)
    .await?;
    let communes: Vec<String> =
        sqlx::query_scalar("SELECT tc.insee FROM territory_communes tc JOIN territories tr ON tr.id = tc.territory_id WHERE tr.slug = $1")
            .bind(slug)
            .fetch_all(pool)
            .await?;
    Ok(Territory { structures: structures.into_iter().collect(), communes: communes.into_iter().collect() })
}

/// The current rows of these posts and of the posts of these structures (whose
/// visibility follows the structure's validation): `None` for a post gone.
async fn current(pool: &Pool, posts: &[i64], structures: &[i64]) -> Result<Vec<(i64, Option<Row>)>, sqlx::Error> {
    let mut found: BTreeMap<i64, Option<Row>> = posts.iter().map(|id| (*id, None)).collect();
    let public = format!("COALESCE(({POST_IS_PUBLIC}), FALSE)");
    for (ids, column) in [(posts, "p.id"), (structures, "p.structure_id")] {
        for chunk in ids.chunks(CHUNK) {
            let mut qb = QueryBuilder::<Db>::new(format!("{SELECT}, {public}{FROM} WHERE {column} IN ("));
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(")");
            for row in qb.build_query_as::<Row>().fetch_all(pool).await? {
                let public = row.14;
                found.insert(row.0, public.then_some(row));
            }
        }
    }
    Ok(found.into_iter().collect())
}


impl Inner {
    fn insert(&mut self, row: Row) {
        let (id, kind, category, structure, insee, departement, lat, lon, co_lat, co_lon, address, published, urgency, text, _) = row;
        let slot = self.docs.len() as u32;
        let mut counts: HashMap<&str, u16> = HashMap::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let n = counts.entry(word).or_default();
            *n = n.saturating_add(1);
        }
        for merged in self.merged.get_mut().unwrap_or_else(|e| e.into_inner()).iter_mut() {
            let (key, list) = merged;
            let tf = counts.iter().filter(|(w, _)| spans(key, w)).fold(0u16, |n, (_, tf)| n.saturating_add(*tf));
            if tf > 0 {
                Arc::make_mut(list).push(Posting { slot, tf });
            }
        }
        for (word, tf) in counts {
            match self.words.get_mut(word) {
                Some(list) => list.push(Posting { slot, tf }),
                None => {
                    self.words.insert(word.into(), vec![Posting { slot, tf }]);
                }
            }
        }
        let commune = match insee {
            Some(insee) => match self.commune_of.get(insee.as_str()) {
                Some(&i) => i,
                None => {
                    let i = self.communes.len() as u32;
                    self.commune_of.insert(insee.as_str().into(), i);
                    self.communes.push(Commune { insee: insee.into(), departement: departement.map(Into::into), centroid: co_lat.zip(co_lon) });
                    i
                }
            },
            None => NONE,
        };
        self.docs.push(Doc {
            id,
            published: published.map_or(i64::MIN, |d| d.timestamp_micros()),
            lat: lat.filter(|_| lon.is_some()).unwrap_or(f64::NAN),
            lon: lon.filter(|_| lat.is_some()).unwrap_or(f64::NAN),
            category: u32::try_from(category).unwrap_or(NONE),
            structure: structure.and_then(|s| u32::try_from(s).ok()).unwrap_or(NONE),
            commune,
            len: text.chars().count() as u32,
            kind: if kind == "need" { PostKind::Need } else { PostKind::Offer },
            urgency: match urgency.as_str() {
                "high" => 0,
                "normal" => 1,
                _ => 2,
            },
            address,
            live: true,
        });
        self.slot_of.insert(id, slot);
    }

    fn remove(&mut self, id: i64) {
        if let Some(slot) = self.slot_of.remove(&id) {
            self.docs[slot as usize].live = false;
            self.dead += 1;
        }
    }

    /// Drops dead entries once they are a quarter of all (renumbering the slots).
    fn compact_if_needed(&mut self) {
        if self.dead < MIN_DEAD.max(self.docs.len() / 4) {
            return;
        }
        let mut new_slot = vec![u32::MAX; self.docs.len()];
        let mut docs = Vec::with_capacity(self.docs.len() - self.dead);
        for (old, doc) in std::mem::take(&mut self.docs).into_iter().enumerate() {
            if doc.live {
                new_slot[old] = docs.len() as u32;
                docs.push(doc);
            }
        }
        self.words.retain(|_, list| {
            list.retain_mut(|p| {
                p.slot = new_slot[p.slot as usize];
                p.slot != u32::MAX
            });
            !list.is_empty()
        });
        self.slot_of = docs.iter().enumerate().map(|(slot, d)| (d.id, slot as u32)).collect();
        self.docs = docs;
        self.dead = 0;
        self.merged.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The postings of a search word, by slot: per post, how many words of its text
    /// start with it (or, for one character, are that word). Dead slots included.
    fn postings(&self, word: &str) -> Arc<Vec<Posting>> {
        if let Some(list) = self.merged.lock().unwrap_or_else(|e| e.into_inner()).get(word) {
            return list.clone();
        }
        let lists: Vec<&Vec<Posting>> = self
            .words
            .range::<str, _>((Bound::Included(word), Bound::Unbounded))
            .take_while(|(w, _)| w.starts_with(word))
            .filter(|(w, _)| spans(word, w))
            .map(|(_, list)| list)
            .collect();
        let spanned: usize = lists.iter().map(|l| l.len()).sum();
        let merged = match lists[..] {
            [] => Vec::new(),
            [one] => {
                let mut one = one.clone();
                one.sort_unstable_by_key(|p| p.slot);
                one
            }
            _ => {
                let mut tf = vec![0u16; self.docs.len()];
                for p in lists.iter().flat_map(|l| l.iter()) {
                    let t = &mut tf[p.slot as usize];
                    *t = t.saturating_add(p.tf);
                }
                tf.iter().enumerate().filter(|(_, n)| **n > 0).map(|(slot, n)| Posting { slot: slot as u32, tf: *n }).collect()
            }
        };
        let merged = Arc::new(merged);
        if spanned >= self.merge_from {
            let mut kept = self.merged.lock().unwrap_or_else(|e| e.into_inner());
            if kept.len() >= MERGED_KEPT {
                kept.clear();
            }
            kept.insert(word.into(), merged.clone());
        }
        merged
    }
}

impl Doc {
    fn has_point(&self) -> bool {
        !self.lat.is_nan()
    }
}


/// Whether a search word finds this word of a text: as its start, or for one character
/// as the whole word (`backend::word_is_prefix`).
fn spans(search: &str, word: &str) -> bool {
    if backend::word_is_prefix(search) { word.starts_with(search) } else { word == search }
}
