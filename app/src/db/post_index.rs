//! The public posts in memory, for the « Coin du partage » list and `GET /api/v1/posts`:
//! their words (an inverted index of the folded text), places, kinds, categories and
//! sort keys. A search then reads no row it does not show: it gathers the matches of
//! its words from the index (or walks every post when there are none), checks the other
//! filters on each, and orders all of them exactly — where the database path
//! (`post_search::rank_in_database`) has to bound its read to stay fast and ranks only
//! the newest matches of a common word. Figures in docs/benchmarks.md §1.
//!
//! **Freshness.** Loaded once from the database (in the background at start-up: the
//! database answers meanwhile), then kept current from the change log the map follows
//! (`map_changes`, filled by triggers on `posts` and `structures`, whoever writes).
//! Every search first asks the log for its last number (one indexed read) and applies
//! what is new, so a search sees every write committed before it — a member finds the
//! post they just published. On PostgreSQL a transaction may commit after one that
//! took a later number: [`PostIndex::follow`] reads the last [`LOOKBACK`] numbers
//! again every second, as the map does. Applying a change re-reads the post, so seeing
//! one twice is harmless.
//!
//! **Memory.** 56 bytes per post, 8 per distinct word of its text, the sorted word list
//! and the merged lists of common search words. A changed post is appended anew and its
//! old entry left dead until dead entries reach a quarter of all, then the postings are
//! compacted.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::QueryBuilder;

use super::home::POST_IS_PUBLIC;
use super::post_search::{self, KM_PER_DEGREE, PostSearch, Ranked, RankedPost};
use super::{Db, Pool, seam};
use crate::error::AppResult;
use crate::model::{BBox, PostKind, ShareSort};
use crate::state::AppState;

/// Change numbers read again by [`PostIndex::follow`] (see the module documentation).
pub const LOOKBACK: i64 = 1_000;
/// Changes applied per read of the log at most (the rest at the next one).
const BATCH: i64 = 5_000;
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
}

/// Postings a search word must span before its merged list is kept (by default).
const MERGE_FROM: usize = 20_000;
/// Merged lists kept at most (then they are all dropped and refilled by use).
const MERGED_KEPT: usize = 256;

/// Where the index stands in the change log.
#[derive(Default)]
struct Follow {
    /// Change numbers applied above `watermark - LOOKBACK`.
    applied: BTreeSet<i64>,
    watermark: i64,
}

/// The index of one instance (in `AppState`); empty until [`PostIndex::load`].
pub struct PostIndex {
    inner: RwLock<Option<Inner>>,
    follow: tokio::sync::Mutex<Follow>,
    /// The highest change number applied (read without the lock by every search).
    seen: AtomicI64,
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
        PostIndex { inner: RwLock::default(), follow: Default::default(), seen: AtomicI64::new(0), merge_from: postings }
    }

    /// Whether the index has been loaded (searches go to the database until then).
    pub fn is_ready(&self) -> bool {
        self.inner.read().map(|i| i.is_some()).unwrap_or(false)
    }

    /// Reads every public post (notes where the log stands first: changes made meanwhile
    /// are applied again by the next catch-up).
    pub async fn load(&self, pool: &Pool) -> Result<usize, sqlx::Error> {
        let mut follow = self.follow.lock().await;
        let watermark = last_change(pool).await?;
        let mut inner = Inner { merge_from: self.merge_from, ..Inner::default() };
        let sql = format!("{SELECT}, TRUE{FROM} WHERE {POST_IS_PUBLIC}");
        let mut rows = sqlx::query_as::<_, Row>(&sql).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            inner.insert(row);
        }
        let count = inner.slot_of.len();
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = Some(inner);
        *follow = Follow { applied: BTreeSet::new(), watermark };
        self.seen.store(watermark, Ordering::Release);
        Ok(count)
    }

    /// Applies what the log holds beyond the last number seen: one indexed read when
    /// nothing changed. Called before every search.
    pub async fn catch_up(&self, pool: &Pool) -> Result<(), sqlx::Error> {
        let last = last_change(pool).await?;
        if last <= self.seen.load(Ordering::Acquire) {
            return Ok(());
        }
        self.apply(pool, false).await
    }

    /// Every second, until the process ends: the log's last [`LOOKBACK`] numbers again
    /// (late commits). Loads the index first if need be. Errors are logged and retried.
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
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.apply(&pool, true).await {
                tracing::warn!(error = %e, "recherche des annonces : lecture des changements impossible");
            }
        }
    }

    /// Applies the changes after the watermark (minus [`LOOKBACK`] when `look_back`).
    async fn apply(&self, pool: &Pool, look_back: bool) -> Result<(), sqlx::Error> {
        let mut follow = self.follow.lock().await;
        let from = if look_back { follow.watermark - LOOKBACK } else { follow.watermark };
        let rows: Vec<(i64, String, i64)> = sqlx::query_as("SELECT seq, item, item_id FROM map_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(from)
            .bind(BATCH)
            .fetch_all(pool)
            .await?;
        if rows.len() as i64 == BATCH && last_change(pool).await? - follow.watermark > TRIMMED_GAP {
            // So far behind that the log may have been trimmed past us: read everything.
            drop(follow);
            return self.load(pool).await.map(drop);
        }
        let fresh: Vec<&(i64, String, i64)> = rows.iter().filter(|r| !follow.applied.contains(&r.0)).collect();
        if fresh.is_empty() {
            return Ok(());
        }
        let posts: Vec<i64> = fresh.iter().filter(|r| r.1 == "post").map(|r| r.2).collect();
        let structures: Vec<i64> = fresh.iter().filter(|r| r.1 == "structure").map(|r| r.2).collect();
        let current = current(pool, &posts, &structures).await?;
        {
            let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
            let Some(inner) = guard.as_mut() else { return Ok(()) };
            for (id, row) in current {
                inner.remove(id);
                if let Some(row) = row {
                    inner.insert(row);
                }
            }
            inner.compact_if_needed();
        }
        let top = fresh.iter().map(|r| r.0).max().unwrap_or(0);
        for r in &fresh {
            follow.applied.insert(r.0);
        }
        follow.watermark = follow.watermark.max(top);
        let floor = follow.watermark - LOOKBACK;
        follow.applied = follow.applied.split_off(&floor);
        self.seen.store(follow.watermark, Ordering::Release);
        Ok(())
    }

    /// Every live post passing the search's words and filters (order and limit ignored).
    fn matching(&self, s: &PostSearch, category: Option<i64>, territory: Option<&Territory>) -> Option<IdSet> {
        let guard = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let inner = guard.as_ref()?;
        Some(inner.matching(s, category, territory))
    }

    /// A page of the search, ordered, like `post_search::rank_in_database` but exact:
    /// every match is counted and ordered (at most `s.limit` are paged). `territory`
    /// is the territory's structures and communes when the search names one.
    fn rank(&self, s: &PostSearch, category: Option<i64>, territory: Option<&Territory>, offset: i64, count: i64) -> Option<Ranked> {
        let guard = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let inner = guard.as_ref()?;
        Some(inner.rank(s, category, territory, offset, count))
    }
}

/// Changes kept in the log (`map_changes`) by the hourly trim (`map::sync::trim_changes`):
/// an instance further behind reloads everything.
pub const KEEP_CHANGES: i64 = 200_000;
/// Changes behind the log's end from which the log may have been trimmed past a reader.
pub const TRIMMED_GAP: i64 = KEEP_CHANGES / 2;

/// A territory's member structures and communes.
pub struct Territory {
    structures: HashSet<i64>,
    communes: HashSet<String>,
}

/// A page of the search from the index when it is loaded (after catching up with the
/// log), else `None`: the caller then asks the database.
pub async fn rank(st: &AppState, s: &PostSearch, offset: i64, count: i64) -> AppResult<Option<Ranked>> {
    let (index, pool) = (&st.posts, &st.pool);
    if !index.is_ready() {
        return Ok(None);
    }
    index.catch_up(pool).await?;
    let category = match &s.category {
        Some(slug) => match st.reference.categories(pool).await?.ids.get(slug) {
            Some(&id) => Some(id),
            None => return Ok(Some(Ranked::default())),
        },
        None => None,
    };
    let territory = match &s.territory {
        Some(slug) => Some(territory(pool, slug).await?),
        None => None,
    };
    Ok(index.rank(s, category, territory.as_ref(), offset, count))
}

/// Every public post matching a search's words and places, from the index when it is
/// loaded (after catching up with the log), else `None`. The map asks it for words and
/// places, and reads the rest (points, titles, kinds, categories) from its own index.
pub async fn matching(st: &AppState, s: &PostSearch) -> AppResult<Option<IdSet>> {
    let (index, pool) = (&st.posts, &st.pool);
    if !index.is_ready() {
        return Ok(None);
    }
    index.catch_up(pool).await?;
    let category = match &s.category {
        Some(slug) => match st.reference.categories(pool).await?.ids.get(slug) {
            Some(&id) => Some(id),
            None => return Ok(Some(IdSet::default())),
        },
        None => None,
    };
    let territory = match &s.territory {
        Some(slug) => Some(territory(pool, slug).await?),
        None => None,
    };
    Ok(index.matching(s, category, territory.as_ref()))
}

/// A set of post ids: one bit per id up to the largest (ids are a database sequence, so
/// dense), tested in a few nanoseconds for each of the map's million points.
#[derive(Clone, Debug, Default)]
pub struct IdSet {
    bits: Vec<u64>,
    len: usize,
}

impl IdSet {
    pub fn insert(&mut self, id: i64) {
        let Ok(id) = usize::try_from(id) else { return };
        let word = id / 64;
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        let bit = 1u64 << (id % 64);
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            self.len += 1;
        }
    }

    #[inline]
    pub fn contains(&self, id: i64) -> bool {
        usize::try_from(id).is_ok_and(|id| self.bits.get(id / 64).is_some_and(|w| w & (1u64 << (id % 64)) != 0))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
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

async fn last_change(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM map_changes").fetch_one(pool).await
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

    fn rank(&self, s: &PostSearch, category: Option<i64>, territory: Option<&Territory>, offset: i64, count: i64) -> Ranked {
        let Some(filters) = self.filters(s, category, territory) else { return Ranked::default() };
        let limit = s.limit.max(0);
        let mut offset = offset.clamp(0, limit);
        // The first `wanted` in order hold the page, and the first page in case the
        // offset is past the end (known only once every match is counted).
        let wanted = (offset + count.max(0)).min(limit) as usize;
        let mut best = Best::new(wanted, s.sort);
        let relevance = s.sort == ShareSort::Relevance;
        match &s.words[..] {
            [] => {
                for slot in 0..self.docs.len() as u32 {
                    self.offer(&mut best, &filters, s, slot, |_| 0.0);
                }
            }
            // One word (the common case): its postings straight, no vector per match.
            [word] => {
                for p in self.postings(word).iter() {
                    self.offer(&mut best, &filters, s, p.slot, |d| if relevance { post_search::term_weight(i64::from(p.tf), i64::from(d.len)) } else { 0.0 });
                }
            }
            words => {
                let (candidates, tfs) = self.holding_all(words);
                for (k, &slot) in candidates.iter().enumerate() {
                    self.offer(&mut best, &filters, s, slot, |d| {
                        // `post_search::relevance`, without a vector per match.
                        if relevance { tfs.iter().map(|t| post_search::term_weight(i64::from(t[k]), i64::from(d.len))).sum() } else { 0.0 }
                    });
                }
            }
        }
        let found = best.found;
        let total = found.min(limit);
        if offset >= total && offset > 0 {
            // Past the end (an old link): the first page.
            offset = 0;
        }
        let end = (offset + count.max(0)).min(total) as usize;
        let posts = best
            .into_sorted()
            .get(offset as usize..end)
            .unwrap_or_default()
            .iter()
            .map(|m| RankedPost { id: m.id, km: m.sq.map(|sq| sq.sqrt() * KM_PER_DEGREE) })
            .collect();
        Ranked { posts, total, more: found > limit }
    }

    fn matching(&self, s: &PostSearch, category: Option<i64>, territory: Option<&Territory>) -> IdSet {
        let mut set = IdSet::default();
        let Some(filters) = self.filters(s, category, territory) else { return set };
        let mut add = |slot: u32| {
            let doc = &self.docs[slot as usize];
            if doc.live && filters.keep(doc) {
                set.insert(doc.id);
            }
        };
        match &s.words[..] {
            [] => (0..self.docs.len() as u32).for_each(&mut add),
            [word] => self.postings(word).iter().for_each(|p| add(p.slot)),
            words => self.holding_all(words).0.into_iter().for_each(&mut add),
        }
        set
    }

    /// Counts the post in `slot` if it is live and passes the filters, and keeps it if it
    /// is among the best so far (`score` is computed only then).
    #[inline]
    fn offer(&self, best: &mut Best, filters: &Filters<'_>, s: &PostSearch, slot: u32, score: impl FnOnce(&Doc) -> f64) {
        let doc = &self.docs[slot as usize];
        if !doc.live || !filters.keep(doc) {
            return;
        }
        let sq = s.origin.filter(|_| doc.has_point()).map(|o| o.squared(doc.lat, doc.lon));
        best.offer(Match { sq, score: score(doc), published: doc.published, id: doc.id, urgency: doc.urgency });
    }

    /// The live posts holding every word, by slot, with each word's frequency (one vector
    /// per word, aligned with the slots).
    fn holding_all(&self, words: &[String]) -> (Vec<u32>, Vec<Vec<u16>>) {
        let mut candidates: Vec<u32> = Vec::new();
        let mut tfs: Vec<Vec<u16>> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let list = self.postings(word);
            if i == 0 {
                let live = list.iter().filter(|p| self.docs[p.slot as usize].live);
                let (slots, tf): (Vec<u32>, Vec<u16>) = live.map(|p| (p.slot, p.tf)).unzip();
                candidates = slots;
                tfs.push(tf);
                continue;
            }
            // Both in slot order: one merge.
            let (mut kept, mut kept_tfs, mut tf) = (Vec::new(), vec![Vec::new(); tfs.len()], Vec::new());
            let mut j = 0;
            for (k, &slot) in candidates.iter().enumerate() {
                while j < list.len() && list[j].slot < slot {
                    j += 1;
                }
                if j < list.len() && list[j].slot == slot {
                    kept.push(slot);
                    for (w, t) in tfs.iter().enumerate() {
                        kept_tfs[w].push(t[k]);
                    }
                    tf.push(list[j].tf);
                }
            }
            kept_tfs.push(tf);
            candidates = kept;
            tfs = kept_tfs;
        }
        (candidates, tfs)
    }
}

/// The first `keep` matches in the list order among those offered, and how many were
/// offered: a buffer cut back to the best `keep` whenever it doubles, so tens of
/// thousands of matches cost one comparison each once the buffer is warm (a match not
/// better than the last kept one is dropped at once).
struct Best {
    keep: usize,
    sort: ShareSort,
    kept: Vec<Match>,
    /// The last of the best `keep` at the previous cut.
    worst: Option<Match>,
    found: i64,
}

impl Best {
    fn new(keep: usize, sort: ShareSort) -> Self {
        Best { keep, sort, kept: Vec::with_capacity(2 * keep.max(64)), worst: None, found: 0 }
    }

    #[inline]
    fn offer(&mut self, m: Match) {
        self.found += 1;
        if self.keep == 0 || self.worst.as_ref().is_some_and(|w| m.compare(self.sort, w).is_ge()) {
            return;
        }
        self.kept.push(m);
        if self.kept.len() >= 2 * self.keep.max(64) {
            self.cut();
        }
    }

    fn cut(&mut self) {
        if self.kept.len() > self.keep {
            let sort = self.sort;
            self.kept.select_nth_unstable_by(self.keep - 1, |a, b| a.compare(sort, b));
            self.kept.truncate(self.keep);
            self.worst = Some(self.kept[self.keep - 1]);
        }
    }

    fn into_sorted(mut self) -> Vec<Match> {
        self.cut();
        let sort = self.sort;
        self.kept.sort_unstable_by(|a, b| a.compare(sort, b));
        self.kept
    }
}

/// A matching post: its squared distance from the origin (in degrees of latitude),
/// relevance, and its other sort keys — copied here so that ordering tens of thousands
/// of matches reads them in a row rather than from every post.
#[derive(Clone, Copy)]
struct Match {
    sq: Option<f64>,
    score: f64,
    published: i64,
    id: i64,
    urgency: u8,
}

impl Match {
    /// The list order (the same as the database path's `post_query::push_sort`).
    fn compare(&self, sort: ShareSort, b: &Match) -> std::cmp::Ordering {
        let a = self;
        let newest = || b.published.cmp(&a.published).then(b.id.cmp(&a.id));
        match sort {
            ShareSort::Recent => newest(),
            ShareSort::Urgency => a.urgency.cmp(&b.urgency).then_with(newest),
            ShareSort::Distance => match (a.sq, b.sq) {
                (Some(x), Some(y)) => x.total_cmp(&y).then(b.id.cmp(&a.id)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => b.id.cmp(&a.id),
            },
            ShareSort::Relevance => b.score.total_cmp(&a.score).then_with(newest),
        }
    }
}

impl Doc {
    fn has_point(&self) -> bool {
        !self.lat.is_nan()
    }
}

/// A search's filters other than words, resolved against the index: ids as the posts
/// hold them, and the communes of its commune or département.
struct Filters<'a> {
    kind: Option<PostKind>,
    category: Option<u32>,
    /// Per commune of the table, whether it is in the place (a bitmap: no hashing per post).
    communes: Option<Vec<bool>>,
    territory: Option<(HashSet<u32>, Vec<bool>)>,
    bbox: Option<BBox>,
    communes_table: &'a [Commune],
}

impl Inner {
    /// `None` when nothing can match (an unknown category).
    fn filters(&self, s: &PostSearch, category: Option<i64>, territory: Option<&Territory>) -> Option<Filters<'_>> {
        let of = |keep: &dyn Fn(&Commune) -> bool| -> Vec<bool> { self.communes.iter().map(keep).collect() };
        let communes = match (&s.commune, &s.departement) {
            (None, None) => None,
            (c, d) => Some(of(&|co: &Commune| {
                c.as_deref().is_none_or(|c| &*co.insee == c) && d.as_deref().is_none_or(|d| co.departement.as_deref() == Some(d))
            })),
        };
        let territory = territory.map(|t| {
            let structures = t.structures.iter().filter_map(|id| u32::try_from(*id).ok()).collect();
            (structures, of(&|co: &Commune| t.communes.contains(&*co.insee)))
        });
        let category = match category {
            Some(c) => Some(u32::try_from(c).ok()?),
            None => None,
        };
        Some(Filters { kind: s.kind, category, communes, territory, bbox: s.bbox, communes_table: &self.communes })
    }
}

impl Filters<'_> {
    /// The search's filters other than words (`post_query::push_place` and the rest).
    fn keep(&self, d: &Doc) -> bool {
        self.kind.is_none_or(|k| k == d.kind)
            && self.category.is_none_or(|c| c == d.category)
            && self.communes.as_ref().is_none_or(|set| in_set(set, d.commune))
            && self.territory.as_ref().is_none_or(|(structures, communes)| structures.contains(&d.structure) || in_set(communes, d.commune))
            && self.bbox.is_none_or(|b| {
                d.has_point()
                    && inside(b, (d.lat, d.lon))
                    && (d.address || self.communes_table.get(d.commune as usize).and_then(|c| c.centroid).is_some_and(|c| inside(b, c)))
            })
    }
}

fn in_set(set: &[bool], commune: u32) -> bool {
    set.get(commune as usize).copied().unwrap_or(false)
}

fn inside(b: BBox, (lat, lon): (f64, f64)) -> bool {
    lat >= b.min_lat && lat <= b.max_lat && lon >= b.min_lon && lon <= b.max_lon
}

/// Whether a search word finds this word of a text: as its start, or for one character
/// as the whole word (`seam::word_is_prefix`).
fn spans(search: &str, word: &str) -> bool {
    if seam::word_is_prefix(search) { word.starts_with(search) } else { word == search }
}
