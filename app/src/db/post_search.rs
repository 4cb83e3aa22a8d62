//! Which public posts a list shows and in what order, fast at 100,000 posts and more
//! (the `/partage` page and `GET /api/v1/posts`; figures in docs/benchmarks.md).
//!
//! [`rank`] reads the instance's index in memory (`post_index`) once it is loaded; what
//! follows describes the database path, which answers until then
//! ([`rank_in_database`], also the benchmarks' comparison).
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

use super::post_index;
use super::post_query::{self, Page};
use super::{Pool, seam};
use crate::error::AppResult;
use crate::model::{BBox, PostFilter, PostKind, ShareSort};
use crate::state::AppState;

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
        self.squared(lat, lon).sqrt() * KM_PER_DEGREE
    }

    /// The squared distance in degrees of latitude (what the lists order by).
    pub fn squared(self, lat: f64, lon: f64) -> f64 {
        let (dlat, dlon) = (lat - self.lat, lon - self.lon);
        dlat * dlat + dlon * dlon * self.lon_weight()
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
/// first `s.limit` — from the instance's index in memory ([`post_index`]) once it is
/// loaded, else from the database.
pub async fn rank(st: &AppState, s: &PostSearch, offset: i64, count: i64) -> AppResult<Ranked> {
    match post_index::rank(st, s, offset, count).await? {
        Some(ranked) => Ok(ranked),
        None => rank_in_database(&st.pool, s, offset, count).await,
    }
}

/// [`rank`] from the database alone: one query reads the candidates, orders them and returns the page
/// with the number read, so only the page's rows reach the application (with SQLite,
/// sqlx hands rows over one by one from its worker thread: ~10 µs each).
pub async fn rank_in_database(pool: &Pool, s: &PostSearch, offset: i64, count: i64) -> AppResult<Ranked> {
    let read = choose_read(pool, s).await?;
    let ring = match read {
        Read::Rings => nearest_ring(pool, s).await?,
        _ => None,
    };
    let offset = offset.clamp(0, s.limit.max(0));
    let count = count.clamp(0, (s.limit - offset).max(0));
    let page = |offset| post_query::page(s, read, ring, offset, count);
    let mut rows = page(offset).build().persistent(seam::CACHE_SEARCH_PLANS).fetch_all(pool).await?;
    if rows.is_empty() && offset > 0 {
        // Past the end (an old link): the total comes with the first page.
        rows = page(0).build().persistent(seam::CACHE_SEARCH_PLANS).fetch_all(pool).await?;
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

/// Picks the read (see the module documentation): probes bounded by
/// `cap = sqrt(limit × posts)`, then the cheapest read by [`choose`].
pub async fn choose_read(pool: &Pool, s: &PostSearch) -> AppResult<Read> {
    let limit = s.limit.max(1);
    let posts: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM posts").fetch_one(pool).await?;
    let cap = limit.max(((limit as f64) * (posts.max(1) as f64)).sqrt() as i64);
    let text = match s.words.is_empty() {
        true => None,
        false => Some(seam::count_text_matches(pool, &s.words, cap + 1).await?),
    };
    let place = match s.has_place() && !text.is_some_and(|t| t <= limit) {
        false => None,
        true => Some(post_query::place_probe(s, cap + 1).build_query_scalar::<i64>().persistent(seam::CACHE_SEARCH_PLANS).fetch_one(pool).await?),
    };
    let by_distance = s.sort == ShareSort::Distance && s.origin.is_some();
    let scored = s.sort == ShareSort::Relevance && !s.words.is_empty();
    Ok(choose(Probes { text, place, limit, posts, cap, text_in_id_order: seam::TEXT_INDEX_IN_ID_ORDER, scored }, by_distance))
}

/// What [`choose`] decides from: the probes' counts (the place's capped at `cap + 1`,
/// so a capped count means « many »; the words' likewise on SQLite, an estimate on
/// PostgreSQL), the limit, the number of posts, how the text index hands matches over,
/// and whether the candidates are scored for relevance.
#[derive(Clone, Copy, Debug)]
pub struct Probes {
    pub text: Option<i64>,
    pub place: Option<i64>,
    pub limit: i64,
    pub posts: i64,
    pub cap: i64,
    pub text_in_id_order: bool,
    pub scored: bool,
}

/// What scoring one candidate for relevance costs, in row visits (it scans the text
/// once per word), and likewise checking the words on a row read through another index
/// (measured at 100,000 posts: a département's 3,000 posts checked for « benev » took
/// 18 ms, the 17,000 newest matches of « benev » walked for them 35 ms).
const SCORE_COST: f64 = 2.0;
const WORD_CHECK_COST: f64 = 1.0;

/// The cheapest read, counting as if words and places were unrelated: all the matches
/// (`text`) or all the place's posts (`place`), or the newest matches until `limit` of
/// them are in the place — `limit × posts / place` index steps when the text index is in
/// id order, `limit × posts / text` (divided again by the place's share) posts scanned
/// newest first when it is not —; else the list order (`limit` rows, or
/// `limit × posts / place` with a place). A capped place count is taken as every post
/// (it may be), and each candidate that reaches the relevance order costs
/// [`SCORE_COST`]. Exact reads win ties.
pub fn choose(p: Probes, by_distance: bool) -> Read {
    let n = p.posts.max(1) as f64;
    let limit = p.limit as f64;
    let rows = |count: i64| if count > p.cap { n } else { count.max(1) as f64 };
    let share = |count: Option<i64>| count.map_or(1.0, |c| (rows(c) / n).min(1.0));
    let score = if p.scored { SCORE_COST } else { 0.0 };
    let mut best = (f64::INFINITY, Read::ListOrder);
    let mut consider = |cost: f64, read: Read| {
        if cost < best.0 {
            best = (cost, read);
        }
    };
    if let Some(t) = p.text {
        // A capped count may hide every post.
        let t = rows(t);
        consider(t + score * t * share(p.place), Read::AllTextMatches);
    }
    if let Some(c) = p.place {
        let c = c as f64;
        let checks = if p.text.is_some() { WORD_CHECK_COST * c } else { 0.0 };
        consider(c + checks + score * c * share(p.text), Read::AllOfPlace);
    }
    match p.text {
        Some(t) => {
            let visits = if p.text_in_id_order {
                (limit / share(p.place)).min(rows(t))
            } else {
                limit / (share(Some(t)) * share(p.place))
            };
            consider(visits.min(n).max(limit) + score * limit, Read::NewestTextMatches);
        }
        None => consider((limit / share(p.place)).min(n), if by_distance { Read::Rings } else { Read::ListOrder }),
    }
    best.1
}

/// The distance order's box: the smallest of boxes growing around the origin whose
/// inscribed circle holds more than `limit` posts (those are then exactly the nearest);
/// `None` when even the whole world holds fewer (then everything is read, posts without
/// a point last). Each step counts at most `limit + 1` rows.
async fn nearest_ring(pool: &Pool, s: &PostSearch) -> AppResult<Option<f64>> {
    let mut km = FIRST_RING_KM;
    while km < WORLD_KM {
        let within: i64 = post_query::ring_probe(s, km).build_query_scalar().persistent(seam::CACHE_SEARCH_PLANS).fetch_one(pool).await?;
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
    fn the_cheaper_read_wins() {
        // 100,000 posts, 500 at most: probes capped at 7,071 (7,072 means « more »).
        let probes = |text, place, in_order, scored| Probes { text, place, limit: 500, posts: 100_000, cap: 7_071, text_in_id_order: in_order, scored };
        let read = |text, place, in_order| choose(probes(text, place, in_order, true), false);
        for in_order in [true, false] {
            assert_eq!(read(Some(120), None, in_order), Read::AllTextMatches, "a rare word");
            assert_eq!(read(Some(120), Some(7_072), in_order), Read::AllTextMatches);
            assert_eq!(read(Some(7_072), None, in_order), Read::NewestTextMatches, "a common word");
            assert_eq!(read(Some(7_072), Some(300), in_order), Read::AllOfPlace, "a small place");
            assert_eq!(read(None, Some(3_000), in_order), Read::AllOfPlace);
            assert_eq!(read(None, Some(7_072), in_order), Read::ListOrder, "a big place");
            assert_eq!(read(None, None, in_order), Read::ListOrder);
        }
        // SQLite walks the newest matches in its index; PostgreSQL scans posts for them.
        assert_eq!(read(Some(1_245), None, true), Read::NewestTextMatches, "500 index steps");
        assert_eq!(read(Some(1_132), Some(7_072), true), Read::NewestTextMatches, "a rare word, all of France: 500 scored, not 1,132");
        assert_eq!(choose(probes(Some(1_132), Some(2_000), true, false), false), Read::AllTextMatches, "1,132 rows, no more: exact");
        assert_eq!(read(Some(7_072), Some(3_000), true), Read::AllOfPlace, "a département and a prefix: 3,000 rows checked beat 16,700 walked");
        assert_eq!(read(Some(89_000), None, false), Read::NewestTextMatches, "~560 rows");
        assert_eq!(read(Some(17_000), Some(2_000), false), Read::AllOfPlace, "~2,000 rows beat ~147,000");
        assert_eq!(choose(probes(None, None, true, false), true), Read::Rings);
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
