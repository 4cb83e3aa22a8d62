//! Searching the public posts: what a search asks ([`PostSearch`]), what it answers
//! ([`Ranked`], [`IdSet`]), and its two entry points — [`rank`], a page of the
//! `/partage` list and of `GET /api/v1/posts`, and [`matching`], the posts the map's
//! words and places keep.
//!
//! Both read the instance's index in memory ([`index`]: loaded in the background at
//! start-up, kept current from the change log) once it is loaded; until then [`rank`]
//! asks the database ([`database`], whose statements are in [`sql`]) and [`matching`]
//! answers `None` (the map then reads the database itself).
//!
//! Dependencies run one way: `state` holds the index and gives a search its
//! [`Sources`]; this module reads `db` (the pool, the reference data, `backend`) and
//! `change_log`, and nothing above them.

pub mod database;
pub mod index;
pub mod sql;

use crate::db::Pool;
use crate::db::cache::ReferenceCache;
use crate::error::AppResult;
use chrono::{DateTime, Utc};

use crate::model::time::paris_to_utc;
use crate::model::{BBox, PostFilter, PostKind, ShareSort};

pub use index::PostIndex;

/// Posts the `/partage` list orders and counts at most: 25 pages of 20. Reading them is
/// most of a search's cost (~1 µs a row on SQLite), so this bounds every list.
pub const CANDIDATES: i64 = 500;
/// Kilometres per degree of latitude (and of longitude at the equator).
pub const KM_PER_DEGREE: f64 = 111.32;
/// Relevance (BM25's usual constants): term-frequency saturation, length weight, and the
/// typical length of a post's folded text (a constant, so that a post's score depends on
/// it alone, whatever else was read).
const K1: f64 = 1.2;
const B: f64 = 0.75;
const AVERAGE_LEN: f64 = 200.0;

/// What a list asks for. Words are folded (see [`PostFilter::words`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PostSearch {
    pub words: Vec<String>,
    pub kind: Option<PostKind>,
    /// Category slugs; empty: all.
    pub categories: Vec<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub territory: Option<String>,
    pub bbox: Option<BBox>,
    /// Posts within so many kilometres of a point (a commune's centre and `rayon`).
    pub within: Option<(Origin, f64)>,
    /// Posts published at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Where distances are measured from; needed by [`ShareSort::Distance`].
    pub origin: Option<Origin>,
    pub sort: ShareSort,
    /// Posts ordered and counted at most.
    pub limit: i64,
}

impl Default for PostSearch {
    fn default() -> Self {
        PostSearch {
            words: Vec::new(),
            kind: None,
            categories: Vec::new(),
            commune: None,
            departement: None,
            territory: None,
            bbox: None,
            within: None,
            since: None,
            origin: None,
            sort: ShareSort::Recent,
            limit: CANDIDATES,
        }
    }
}

impl PostSearch {
    /// The filter's search; distance falls back to the default order without an origin.
    pub fn new(f: &PostFilter, origin: Option<Origin>) -> Self {
        let sort = match f.effective_sort() {
            ShareSort::Distance if origin.is_none() => f.default_sort(),
            sort => sort,
        };
        PostSearch {
            words: f.words(),
            kind: f.post_kind(),
            categories: f.categories.clone(),
            commune: f.place.commune.clone(),
            departement: f.place.departement.clone(),
            territory: f.place.territory.clone(),
            bbox: f.bbox,
            within: None,
            since: f.since.map(|d| paris_to_utc(d.and_time(chrono::NaiveTime::MIN))),
            origin,
            sort,
            limit: CANDIDATES,
        }
    }

    /// The posts within `km` of `centre` rather than those of the commune.
    pub fn around(self, centre: Origin, km: f64) -> Self {
        PostSearch { commune: None, within: Some((centre, km)), ..self }
    }

    fn has_place(&self) -> bool {
        self.commune.is_some() || self.departement.is_some() || self.territory.is_some() || self.bbox.is_some() || self.within.is_some()
    }
}

/// A point distances are measured from (a commune's centroid).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Origin {
    pub lat: f64,
    pub lon: f64,
}

impl Origin {
    /// cos²(lat₀): with it, Δlat² + Δlon²·cos²(lat₀) is the squared equirectangular
    /// distance in degrees of latitude — plain arithmetic, the same SQL on both backends,
    /// within 1 % of the great-circle distance over a few hundred kilometres.
    fn lon_weight(self) -> f64 {
        let c = self.lat.to_radians().cos();
        c * c
    }

    /// The distance to a point, in kilometres, as the SQL orders it.
    pub fn km_to(self, lat: f64, lon: f64) -> f64 {
        self.squared(lat, lon).sqrt() * KM_PER_DEGREE
    }

    /// The squared distance in degrees of latitude (what the lists order by).
    pub fn squared(self, lat: f64, lon: f64) -> f64 {
        let (dlat, dlon) = (lat - self.lat, lon - self.lon);
        dlat * dlat + dlon * dlon * self.lon_weight()
    }

    /// The box holding every point within `km` (clamped to the world).
    fn ring(self, km: f64) -> BBox {
        let dlat = km / KM_PER_DEGREE;
        let dlon = km / (KM_PER_DEGREE * self.lat.to_radians().cos().max(0.01));
        BBox {
            min_lon: (self.lon - dlon).max(-180.0),
            min_lat: (self.lat - dlat).max(-90.0),
            max_lon: (self.lon + dlon).min(180.0),
            max_lat: (self.lat + dlat).min(90.0),
        }
    }
}

/// The search of a filter, with its radius resolved: the posts within `rayon` km of the
/// commune's centre (an unknown commune keeps its own filter, which nothing matches).
/// `origin` is where distances are measured from; without one, the radius's centre.
pub async fn of_filter(pool: &Pool, f: &PostFilter, origin: Option<Origin>) -> AppResult<PostSearch> {
    let centre = match (&f.place.commune, f.radius_km) {
        (Some(code), Some(_)) => crate::db::communes::by_insee(pool, code).await?.map(|c| Origin { lat: c.lat, lon: c.lon }),
        _ => None,
    };
    let search = PostSearch::new(f, origin.or(centre));
    Ok(match (centre, f.radius_km) {
        (Some(c), Some(km)) => search.around(c, f64::from(km)),
        _ => search,
    })
}

/// One page of an ordered search: its posts (with the distance when ordering by
/// distance), how many were ordered (at most the limit), and whether more matched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranked {
    pub posts: Vec<RankedPost>,
    pub total: i64,
    pub more: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankedPost {
    pub id: i64,
    pub km: Option<f64>,
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

/// What a search reads: the database, the instance's index and the reference cache
/// (category slugs). `AppState` gives one (`From<&AppState>`, in `state`).
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub pool: &'a Pool,
    pub index: &'a PostIndex,
    pub cache: &'a ReferenceCache,
}

/// A page of the public posts of a search, ordered: `count` from `offset` among the
/// first `s.limit` — from the instance's index in memory once it is loaded (after
/// catching up with the change log), else from the database.
pub async fn rank<'a>(from: impl Into<Sources<'a>>, s: &PostSearch, offset: i64, count: i64) -> AppResult<Ranked> {
    let from = from.into();
    match from.index.rank(from.pool, from.cache, s, offset, count).await? {
        Some(ranked) => Ok(ranked),
        None => database::rank_in_database(from.pool, s, offset, count).await,
    }
}

/// Every public post matching a search's words and places (order and limit ignored),
/// from the index when it is loaded (after catching up with the change log), else
/// `None`. The map asks it for words and places, and reads the rest (points, titles,
/// kinds, categories) from its own index.
pub async fn matching<'a>(from: impl Into<Sources<'a>>, s: &PostSearch) -> AppResult<Option<std::sync::Arc<IdSet>>> {
    let from = from.into();
    from.index.matching(from.pool, from.cache, s).await
}

/// The relevance of a post, as the SQL computes it ([`sql`]): BM25's term weighting
/// — each word counts more the more often it starts a word of the text, with diminishing
/// returns, and less in a long text than in a short one. Every candidate holds every
/// word, so the words' rarity (BM25's idf) would change the order little and is left out.
pub fn relevance(tf: &[i64], len: i64) -> f64 {
    tf.iter().map(|&n| term_weight(n, len)).sum()
}

/// One word's part of [`relevance`]: `n` words of a text of `len` characters start with it.
pub fn term_weight(n: i64, len: i64) -> f64 {
    n as f64 * (K1 + 1.0) / (n as f64 + K1 * ((1.0 - B) + (B / AVERAGE_LEN) * len as f64))
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_rewards_repetition_and_short_texts() {
        assert!(relevance(&[2], 40) > relevance(&[1], 40));
        assert!(relevance(&[1], 40) > relevance(&[1], 400));
        assert!(relevance(&[2], 60) > relevance(&[1], 300), "twice in a title beats once in a long text");
        assert!(relevance(&[1, 1], 100) > relevance(&[1, 0], 100));
        assert_eq!(relevance(&[0], 100), 0.0);
    }

    #[test]
    fn distances_are_equirectangular_kilometres() {
        let uzes = Origin { lat: 44.0125, lon: 4.4197 };
        let nimes = (43.8367, 4.3601);
        let km = uzes.km_to(nimes.0, nimes.1);
        assert!((km - 20.2).abs() < 0.5, "Uzès–Nîmes ≈ 20 km, got {km}");
        assert_eq!(uzes.km_to(uzes.lat, uzes.lon), 0.0);
        // The ring's inscribed circle holds exactly the points within its radius.
        let b = uzes.ring(10.0);
        assert!((uzes.km_to(b.max_lat, uzes.lon) - 10.0).abs() < 1e-9);
        assert!((uzes.km_to(uzes.lat, b.max_lon) - 10.0).abs() < 1e-9);
        let pole = Origin { lat: 89.9, lon: 179.0 }.ring(50.0);
        assert!(pole.max_lat <= 90.0 && pole.max_lon <= 180.0 && pole.min_lon >= -180.0);
    }
}
