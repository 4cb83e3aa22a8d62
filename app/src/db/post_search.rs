//! Which public posts a list shows and in what order, fast at 100,000 posts and more
//! (the `/partage` page and `GET /api/v1/posts`; figures in docs/benchmarks.md).
//!
//! A list orders and counts at most [`PostSearch::limit`] posts ([`CANDIDATES`] for the
//! `/partage` page); beyond that it says « plus de 500 » and asks for a narrower search.
//! The candidates are read through the one index that narrows most, because no planner
//! sees both sides: SQLite's cannot tell how many rows an FTS5 MATCH returns, and
//! reading posts first with a per-row MATCH costs ~50 µs a row. Bounded probes count
//! the matches of the words and the posts of the place (commune, département,
//! territory, map box), each up to `sqrt(limit × posts)`, and the cheaper read wins:
//!
//! - words found in at most `limit` posts: all their matches (text index);
//! - a place whose posts are fewer than what the newest matches would need to read:
//!   all its posts, the words checked on each row;
//! - else, with words: the newest matches (text index, by post id), the place checked
//!   on each row, until `limit` are found;
//! - else the list order itself: an index in that order (newest, most urgent), or for
//!   distance growing boxes around the commune until they hold enough posts.
//!
//! So a read visits at most about `sqrt(limit × posts)` rows (7,000 at 100,000 posts
//! for the page) whatever the words and the place, and usually `limit`. The same
//! statement then orders what it read and returns one page (`post_query`): exact
//! whenever everything matching was read, and within the newest matches otherwise
//! (relevance ranks the newest 500 matches of a common word; so does distance with a
//! common word).

use sqlx::Row;

use super::post_query::{self, Page};
use super::{Pool, seam};
use crate::error::AppResult;
use crate::model::{BBox, PostFilter, PostKind, ShareSort};

/// Posts the `/partage` list orders and counts at most: 25 pages of 20. Reading them is
/// most of a search's cost (~1 µs a row on SQLite), so this bounds every list.
pub const CANDIDATES: i64 = 500;
/// Kilometres per degree of latitude (and of longitude at the equator).
pub const KM_PER_DEGREE: f64 = 111.32;
/// Distance order: half-width of the first box around the commune, growth factor, and
/// the width after which a box covers the whole world.
const FIRST_RING_KM: f64 = 3.0;
const RING_GROWTH: f64 = 3.0;
const WORLD_KM: f64 = 20_100.0;
/// Relevance (BM25's usual constants): term-frequency saturation, length weight, and the
/// typical length of a post's folded text (a constant, so that a post's score depends on
/// it alone, whatever else was read).
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const AVERAGE_LEN: f64 = 200.0;

/// What a list asks for. Words are folded (see [`PostFilter::words`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PostSearch {
    pub words: Vec<String>,
    pub kind: Option<PostKind>,
    pub category: Option<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub territory: Option<String>,
    pub bbox: Option<BBox>,
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
            category: None,
            commune: None,
            departement: None,
            territory: None,
            bbox: None,
            origin: None,
            sort: ShareSort::Recent,
            limit: CANDIDATES,
        }
    }
}

impl PostSearch {
    /// The filter's search; distance falls back to the default order without an origin.
    pub fn new(f: &PostFilter, bbox: Option<BBox>, origin: Option<Origin>) -> Self {
        let sort = match f.effective_sort() {
            ShareSort::Distance if origin.is_none() => f.default_sort(),
            sort => sort,
        };
        PostSearch {
            words: f.words(),
            kind: f.kind,
            category: f.category.clone(),
            commune: f.commune.clone(),
            departement: f.departement.clone(),
            territory: f.territory.clone(),
            bbox,
            origin,
            sort,
            limit: CANDIDATES,
        }
    }

    pub(super) fn has_place(&self) -> bool {
        self.commune.is_some() || self.departement.is_some() || self.territory.is_some() || self.bbox.is_some()
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
        let (dlat, dlon) = (lat - self.lat, lon - self.lon);
        (dlat * dlat + dlon * dlon * self.lon_weight()).sqrt() * KM_PER_DEGREE
    }

    pub(super) fn lon_weight_sql(self) -> f64 {
        self.lon_weight()
    }

    /// The box holding every point within `km` (clamped to the world).
    pub(super) fn ring(self, km: f64) -> BBox {
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

/// How the candidates are read (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// Every match of the words.
    AllTextMatches,
    /// Every post of the place.
    AllOfPlace,
    /// The newest matches of the words.
    NewestTextMatches,
    /// The first posts in the list order.
    ListOrder,
    /// The nearest posts, in growing boxes.
    Rings,
}

/// A page of the public posts of a search, ordered: `count` from `offset` among the
/// first `s.limit`. One query reads the candidates, orders them and returns the page
/// with the number read, so only the page's rows reach the application (with SQLite,
/// sqlx hands rows over one by one from its worker thread: ~10 µs each).
pub async fn rank(pool: &Pool, s: &PostSearch, offset: i64, count: i64) -> AppResult<Ranked> {
    let read = choose_read(pool, s).await?;
    let ring = match read {
        Read::Rings => nearest_ring(pool, s).await?,
        _ => None,
    };
    let offset = offset.clamp(0, s.limit.max(0));
    let count = count.clamp(0, (s.limit - offset).max(0));
    let page = |offset| post_query::page(s, read, ring, offset, count);
    let mut rows = page(offset).build().fetch_all(pool).await?;
    if rows.is_empty() && offset > 0 {
        // Past the end (an old link): the total comes with the first page.
        rows = page(0).build().fetch_all(pool).await?;
    }
    let read_rows: i64 = match rows.first() {
        Some(r) => r.try_get(Page::TOTAL)?,
        None => 0,
    };
    let posts = rows
        .iter()
        .map(|r| {
            let sq: Option<f64> = if s.origin.is_some() { r.try_get(Page::SQ)? } else { None };
            Ok(RankedPost { id: r.try_get(Page::ID)?, km: sq.map(|sq| sq.sqrt() * KM_PER_DEGREE) })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Ranked { posts, total: read_rows.min(s.limit), more: read_rows > s.limit })
}

/// Picks the read (see the module documentation). Probes are bounded: the words are
/// counted up to `limit + 1`, the place up to `sqrt(limit × posts)`, and the words again
/// up to the place's count only when both matter.
pub async fn choose_read(pool: &Pool, s: &PostSearch) -> AppResult<Read> {
    let limit = s.limit.max(1);
    let posts: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM posts").fetch_one(pool).await?;
    let cap = limit.max(((limit as f64) * (posts.max(1) as f64)).sqrt() as i64);
    let mut text = match s.words.is_empty() {
        true => None,
        false => Some(seam::count_text_matches(pool, &s.words, limit + 1).await?),
    };
    if text.is_some_and(|t| t <= limit) {
        return Ok(Read::AllTextMatches);
    }
    let place = match s.has_place() {
        false => None,
        true => Some(post_query::place_probe(s, cap + 1).build_query_scalar::<i64>().fetch_one(pool).await?),
    };
    if let Some(p) = place.filter(|p| (limit + 1..=cap).contains(p)) {
        // The place wins unless the words are rarer still.
        if text.is_some() {
            text = Some(seam::count_text_matches(pool, &s.words, p + 1).await?);
        }
    }
    Ok(choose(text, place, limit, posts, cap, s.sort == ShareSort::Distance && s.origin.is_some()))
}

/// The read of [`choose_read`] from the probes' counts (each capped, see there). Costs
/// are rows visited: all of the place's posts; or the newest text matches until `limit`
/// fall in the place, about `limit × posts / place` if words and places are unrelated,
/// and never more than the matches; or the list order, likewise.
pub fn choose(text: Option<i64>, place: Option<i64>, limit: i64, posts: i64, cap: i64, by_distance: bool) -> Read {
    if text.is_some_and(|t| t <= limit) {
        return Read::AllTextMatches;
    }
    if let Some(p) = place {
        let ordered_cost = (limit as f64 * posts.max(1) as f64 / p.max(1) as f64).min(text.unwrap_or(i64::MAX) as f64);
        if p <= limit || (p <= cap && (p as f64) < ordered_cost) {
            return Read::AllOfPlace;
        }
    }
    if text.is_some() {
        Read::NewestTextMatches
    } else if by_distance {
        Read::Rings
    } else {
        Read::ListOrder
    }
}

/// The distance order's box: the smallest of boxes growing around the origin whose
/// inscribed circle holds more than `limit` posts (those are then exactly the nearest);
/// `None` when even the whole world holds fewer (then everything is read, posts without
/// a point last). Each step counts at most `limit + 1` rows.
async fn nearest_ring(pool: &Pool, s: &PostSearch) -> AppResult<Option<f64>> {
    let mut km = FIRST_RING_KM;
    while km < WORLD_KM {
        let within: i64 = post_query::ring_probe(s, km).build_query_scalar().fetch_one(pool).await?;
        if within > s.limit {
            return Ok(Some(km));
        }
        km *= RING_GROWTH;
    }
    Ok(None)
}

/// The relevance of a post, as the SQL computes it (`post_query`): BM25's term weighting
/// — each word counts more the more often it starts a word of the text, with diminishing
/// returns, and less in a long text than in a short one. Every candidate holds every
/// word, so the words' rarity (BM25's idf) would change the order little and is left out.
pub fn relevance(tf: &[i64], len: i64) -> f64 {
    tf.iter().map(|&n| n as f64 * (K1 + 1.0) / (n as f64 + K1 * ((1.0 - B) + (B / AVERAGE_LEN) * len as f64))).sum()
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
    fn the_cheaper_read_wins() {
        // 100,000 posts, 500 at most: probes capped at ~7,071.
        let (limit, posts, cap) = (500, 100_000, 7_071);
        let read = |text, place| choose(text, place, limit, posts, cap, false);
        assert_eq!(read(Some(120), None), Read::AllTextMatches, "a rare word");
        assert_eq!(read(Some(120), Some(7_072)), Read::AllTextMatches);
        assert_eq!(read(Some(7_072), None), Read::NewestTextMatches, "a common word");
        assert_eq!(read(Some(7_072), Some(300)), Read::AllOfPlace, "a small place");
        assert_eq!(read(Some(7_072), Some(3_000)), Read::AllOfPlace, "3,000 rows beat ~16,700");
        assert_eq!(read(Some(7_072), Some(7_072)), Read::NewestTextMatches, "a big place: ~7,000 rows at most");
        assert_eq!(read(Some(2_000), Some(5_000)), Read::NewestTextMatches, "2,000 matches beat 5,000 posts");
        assert_eq!(read(None, Some(3_000)), Read::AllOfPlace);
        assert_eq!(read(None, Some(7_072)), Read::ListOrder);
        assert_eq!(read(None, None), Read::ListOrder);
        assert_eq!(choose(None, None, limit, posts, cap, true), Read::Rings);
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
