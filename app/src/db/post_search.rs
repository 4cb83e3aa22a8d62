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
//! for the page) whatever the words and the place, and usually `limit`. The order is
//! then applied here, the same code on both backends: exact whenever everything
//! matching was read, and within the newest matches otherwise (relevance ranks the
//! newest 500 matches of a common word; so does distance with a common word).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row};

use super::home::POST_IS_PUBLIC;
use super::{Db, Pool, seam};
use crate::error::AppResult;
use crate::model::{BBox, PostFilter, PostKind, ShareSort, Urgency};

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
/// Relevance (BM25's usual constants): term-frequency saturation and length weight.
const K1: f64 = 1.2;
const B: f64 = 0.75;

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

    fn has_place(&self) -> bool {
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

/// The ordered candidates: ids (with the distance when ordering by distance), and
/// whether more posts matched than could be ordered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranked {
    pub posts: Vec<RankedPost>,
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

/// One candidate and what it is ordered by.
#[derive(Clone, Debug, PartialEq)]
struct Candidate {
    id: i64,
    published_at: Option<DateTime<Utc>>,
    urgency: Urgency,
    /// Squared distance in degrees of latitude (distance order only).
    sq: Option<f64>,
    /// Length of the folded text and occurrences of each word (relevance only).
    len: i64,
    tf: Vec<i64>,
}

/// The public posts of a search, ordered, at most `s.limit`.
pub async fn rank(pool: &Pool, s: &PostSearch) -> AppResult<Ranked> {
    let read = choose_read(pool, s).await?;
    let mut candidates = match read {
        Read::Rings => read_rings(pool, s).await?,
        _ => {
            let rows = candidate_query(s, read, None).build().fetch_all(pool).await?;
            rows.iter().map(|r| candidate(r, s)).collect::<Result<Vec<_>, _>>()?
        }
    };
    // A limited read returns one row more than the limit, in the order it stops by (so
    // the first ones are kept); the others return everything, kept after ordering.
    let limited = matches!(read, Read::NewestTextMatches | Read::ListOrder | Read::Rings);
    let more = candidates.len() as i64 > s.limit;
    if limited {
        candidates.truncate(s.limit.max(0) as usize);
    }
    order(&mut candidates, s.sort);
    candidates.truncate(s.limit.max(0) as usize);
    Ok(Ranked {
        posts: candidates.iter().map(|c| RankedPost { id: c.id, km: c.sq.map(|sq| sq.sqrt() * KM_PER_DEGREE) }).collect(),
        more,
    })
}

/// Picks the read (see the module documentation). The probes read at most
/// `sqrt(limit × posts)` index entries each.
pub async fn choose_read(pool: &Pool, s: &PostSearch) -> AppResult<Read> {
    let limit = s.limit.max(1);
    let posts: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM posts").fetch_one(pool).await?;
    let cap = limit.max(((limit as f64) * (posts.max(1) as f64)).sqrt() as i64);
    let text = match s.words.is_empty() {
        true => None,
        false => Some(seam::count_text_matches(pool, &s.words, cap + 1).await?),
    };
    if text.is_some_and(|t| t <= limit) {
        return Ok(Read::AllTextMatches);
    }
    let place = match s.has_place() {
        false => None,
        true => {
            let mut probe = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1 FROM posts p WHERE TRUE");
            push_place(&mut probe, s);
            probe.push(" LIMIT ").push_bind(cap + 1).push(") AS t");
            Some(probe.build_query_scalar::<i64>().fetch_one(pool).await?)
        }
    };
    Ok(choose(text, place, limit, posts, cap, s.sort == ShareSort::Distance && s.origin.is_some()))
}

/// The read of [`choose_read`] from the probes' counts (each capped at `cap + 1`). Costs
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

/// The nearest posts: boxes growing around the origin until one holds more than
/// `limit` posts within its inscribed circle (those are then exactly the nearest), or
/// covers the world; posts without a point come last.
async fn read_rings(pool: &Pool, s: &PostSearch) -> AppResult<Vec<Candidate>> {
    let mut km = FIRST_RING_KM;
    loop {
        let rows = candidate_query(s, Read::Rings, Some(km)).build().fetch_all(pool).await?;
        let mut found = rows.iter().map(|r| candidate(r, s)).collect::<Result<Vec<_>, _>>()?;
        if found.len() as i64 > s.limit {
            return Ok(found);
        }
        if km >= WORLD_KM {
            let rows = candidate_query(s, Read::Rings, None).build().fetch_all(pool).await?;
            found.extend(rows.iter().map(|r| candidate(r, s)).collect::<Result<Vec<_>, _>>()?);
            return Ok(found);
        }
        km *= RING_GROWTH;
    }
}

/// The SQL reading candidates. `ring`: with [`Read::Rings`], the radius in km (`None`:
/// the posts without a point).
fn candidate_query<'a>(s: &'a PostSearch, read: Read, ring: Option<f64>) -> QueryBuilder<'a, Db> {
    let mut qb = QueryBuilder::<Db>::new("SELECT p.id, p.published_at, p.urgency, CAST(LENGTH(p.search_folded) AS BIGINT) AS len");
    if let Some(o) = s.origin {
        qb.push(", ");
        push_squared_distance(&mut qb, o);
        qb.push(" AS sq");
    }
    if s.sort == ShareSort::Relevance {
        for w in &s.words {
            // Occurrences of the word (as a prefix) in the folded text.
            let pattern = word_pattern(w);
            qb.push(format!(", CAST((LENGTH({HAYSTACK}) - LENGTH(REPLACE({HAYSTACK}, "))
                .push_bind(pattern.clone())
                .push(format!(", ''))) / {} AS BIGINT)", pattern.chars().count()));
        }
    }
    let text_driven = matches!(read, Read::AllTextMatches | Read::NewestTextMatches);
    if text_driven {
        qb.push(seam::TEXT_DRIVEN_FROM);
    } else {
        qb.push(" FROM posts p");
        match read {
            Read::ListOrder if s.sort == ShareSort::Urgency => qb.push(seam::posts_indexed_by("posts_urgency_idx")),
            Read::ListOrder => qb.push(seam::posts_indexed_by("posts_recent_idx")),
            Read::Rings if ring.is_some() => qb.push(seam::posts_indexed_by("posts_place_idx")),
            Read::AllOfPlace => qb.push(place_index(s).map(seam::posts_indexed_by).unwrap_or_default()),
            _ => &mut qb,
        };
    }
    qb.push(" LEFT JOIN structures s ON s.id = p.structure_id");
    if s.bbox.is_some() {
        qb.push(" LEFT JOIN communes co ON co.insee = p.insee");
    }
    qb.push(" WHERE ");
    if text_driven {
        seam::push_text_driven_match(&mut qb, &s.words);
        qb.push(" AND ");
    }
    qb.push(POST_IS_PUBLIC);
    push_place(&mut qb, s);
    if let Some(k) = s.kind {
        qb.push(" AND p.kind = ").push_bind(k);
    }
    if let Some(c) = &s.category {
        qb.push(" AND p.category_id = (SELECT id FROM categories WHERE slug = ").push_bind(c.clone()).push(")");
    }
    if let Some(b) = s.bbox {
        // What the API shows of an individual's post is its commune: that must be in the
        // box too (its stored point is the commune's centroid anyway).
        qb.push(" AND (p.location_precision = 'address' OR (co.lat BETWEEN ")
            .push_bind(b.min_lat)
            .push(" AND ")
            .push_bind(b.max_lat)
            .push(" AND co.lon BETWEEN ")
            .push_bind(b.min_lon)
            .push(" AND ")
            .push_bind(b.max_lon)
            .push("))");
    }
    if !text_driven {
        for w in &s.words {
            qb.push(format!(" AND {HAYSTACK} LIKE ")).push_bind(format!("%{}%", word_pattern(w)));
        }
    }
    match (read, s.origin) {
        (Read::NewestTextMatches, _) => {
            qb.push(format!(" ORDER BY {} LIMIT ", seam::TEXT_NEWEST_FIRST)).push_bind(s.limit + 1);
        }
        (Read::ListOrder, _) => {
            qb.push(if s.sort == ShareSort::Urgency {
                format!(" ORDER BY {URGENCY_RANK}, p.published_at DESC, p.id DESC LIMIT ")
            } else {
                " ORDER BY p.published_at DESC, p.id DESC LIMIT ".to_string()
            })
            .push_bind(s.limit + 1);
        }
        (Read::Rings, Some(o)) => {
            match ring {
                Some(km) => {
                    push_box(&mut qb, o.ring(km));
                    qb.push(" AND ");
                    push_squared_distance(&mut qb, o);
                    qb.push(" <= ").push_bind((km / KM_PER_DEGREE).powi(2));
                    qb.push(" ORDER BY sq, p.id DESC");
                }
                None => {
                    qb.push(" AND p.lat IS NULL ORDER BY p.id DESC");
                }
            }
            qb.push(" LIMIT ").push_bind(s.limit + 1);
        }
        _ => {}
    }
    qb
}

/// The folded text with a space at both ends, so that « commence par » is « contient
/// ␣mot » and a whole word is « contient ␣mot␣ ».
const HAYSTACK: &str = "(' ' || p.search_folded || ' ')";

/// The list's urgency order; the same expression as the `posts_urgency_idx` index.
const URGENCY_RANK: &str = "CASE p.urgency WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END";

/// What a word must be found as in [`HAYSTACK`]: the start of a word, or for one
/// character the whole word (as the text indexes read it, see `seam::word_is_prefix`).
fn word_pattern(word: &str) -> String {
    if seam::word_is_prefix(word) { format!(" {word}") } else { format!(" {word} ") }
}

fn push_squared_distance(qb: &mut QueryBuilder<'_, Db>, o: Origin) {
    qb.push("((p.lat - ")
        .push_bind(o.lat)
        .push(") * (p.lat - ")
        .push_bind(o.lat)
        .push(") + (p.lon - ")
        .push_bind(o.lon)
        .push(") * (p.lon - ")
        .push_bind(o.lon)
        .push(") * ")
        .push_bind(o.lon_weight())
        .push(")");
}

fn push_box(qb: &mut QueryBuilder<'_, Db>, b: BBox) {
    qb.push(" AND p.lat BETWEEN ")
        .push_bind(b.min_lat)
        .push(" AND ")
        .push_bind(b.max_lat)
        .push(" AND p.lon BETWEEN ")
        .push_bind(b.min_lon)
        .push(" AND ")
        .push_bind(b.max_lon);
}

/// The place conditions, each in a form an index can serve (the same rows as the
/// directory's territory filter).
fn push_place(qb: &mut QueryBuilder<'_, Db>, s: &PostSearch) {
    if let Some(insee) = &s.commune {
        qb.push(" AND p.insee = ").push_bind(insee.clone());
    }
    if let Some(d) = &s.departement {
        qb.push(" AND p.insee IN (SELECT insee FROM communes WHERE departement = ").push_bind(d.clone()).push(")");
    }
    if let Some(t) = &s.territory {
        qb.push(
            " AND (p.structure_id IN (SELECT ts.structure_id FROM territory_structures ts
                     JOIN territories tr ON tr.id = ts.territory_id WHERE tr.slug = ",
        )
        .push_bind(t.clone())
        .push(
            ") OR p.insee IN (SELECT tc.insee FROM territory_communes tc
                     JOIN territories tr ON tr.id = tc.territory_id WHERE tr.slug = ",
        )
        .push_bind(t.clone())
        .push("))");
    }
    if let Some(b) = s.bbox {
        push_box(qb, b);
    }
}

/// The index reading all posts of a place, where one is plainly best.
fn place_index(s: &PostSearch) -> Option<&'static str> {
    if s.commune.is_some() || (s.departement.is_some() && s.bbox.is_none()) {
        Some("posts_insee_idx")
    } else if s.bbox.is_some() {
        Some("posts_place_idx")
    } else {
        None
    }
}

fn candidate(row: &<Db as sqlx::Database>::Row, s: &PostSearch) -> Result<Candidate, sqlx::Error> {
    let sq = if s.origin.is_some() { row.try_get::<Option<f64>, _>("sq")? } else { None };
    let tf = if s.sort == ShareSort::Relevance {
        let first = 4 + usize::from(s.origin.is_some());
        (0..s.words.len()).map(|i| row.try_get::<i64, _>(first + i)).collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(Candidate {
        id: row.try_get("id")?,
        published_at: row.try_get("published_at")?,
        urgency: row.try_get("urgency")?,
        sq,
        len: row.try_get("len")?,
        tf,
    })
}

/// Orders candidates; ties go to the newest post.
fn order(candidates: &mut [Candidate], sort: ShareSort) {
    let newest = |a: &Candidate, b: &Candidate| b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id));
    match sort {
        ShareSort::Recent => candidates.sort_by(newest),
        ShareSort::Urgency => candidates.sort_by(|a, b| urgency_rank(a.urgency).cmp(&urgency_rank(b.urgency)).then_with(|| newest(a, b))),
        ShareSort::Distance => candidates.sort_by(|a, b| match (a.sq, b.sq) {
            (Some(x), Some(y)) => x.total_cmp(&y).then(b.id.cmp(&a.id)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => b.id.cmp(&a.id),
        }),
        ShareSort::Relevance => {
            let average = candidates.iter().map(|c| c.len.max(1) as f64).sum::<f64>() / candidates.len().max(1) as f64;
            let mut scored: Vec<(f64, Candidate)> = candidates.iter().map(|c| (relevance(&c.tf, c.len, average), c.clone())).collect();
            scored.sort_by(|(x, a), (y, b)| y.total_cmp(x).then_with(|| newest(a, b)));
            for (slot, (_, c)) in candidates.iter_mut().zip(scored) {
                *slot = c;
            }
        }
    }
}

fn urgency_rank(u: Urgency) -> u8 {
    match u {
        Urgency::High => 0,
        Urgency::Normal => 1,
        Urgency::Low => 2,
    }
}

/// BM25's term weighting over the candidates: each word counts more the more often it
/// occurs, with diminishing returns, and less in a long text than in a short one. Every
/// candidate holds every word, so the words' rarity (BM25's idf) would not change the
/// order much and is left out.
pub fn relevance(tf: &[i64], len: i64, average_len: f64) -> f64 {
    let norm = K1 * (1.0 - B + B * len.max(1) as f64 / average_len.max(1.0));
    tf.iter().map(|&n| n as f64 * (K1 + 1.0) / (n as f64 + norm)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_rewards_repetition_and_short_texts() {
        assert!(relevance(&[2], 40, 100.0) > relevance(&[1], 40, 100.0));
        assert!(relevance(&[1], 40, 100.0) > relevance(&[1], 400, 100.0));
        assert!(relevance(&[2], 60, 100.0) > relevance(&[1], 300, 100.0), "twice in a title beats once in a long text");
        assert!(relevance(&[1, 1], 100, 100.0) > relevance(&[1, 0], 100, 100.0));
        assert_eq!(relevance(&[0], 100, 100.0), 0.0);
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

    fn c(id: i64, day: u32, urgency: Urgency, sq: Option<f64>, len: i64, tf: Vec<i64>) -> Candidate {
        use chrono::TimeZone;
        Candidate { id, published_at: Some(Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()), urgency, sq, len, tf }
    }

    #[test]
    fn each_order_and_its_ties() {
        let base = vec![
            c(1, 10, Urgency::Low, Some(4.0), 300, vec![1]),
            c(2, 12, Urgency::High, None, 50, vec![2]),
            c(3, 11, Urgency::High, Some(1.0), 100, vec![1]),
            c(4, 11, Urgency::Normal, Some(1.0), 100, vec![1]),
        ];
        let ids = |sort| {
            let mut v = base.clone();
            order(&mut v, sort);
            v.iter().map(|c| c.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(ShareSort::Recent), vec![2, 4, 3, 1], "same day: the higher id first");
        assert_eq!(ids(ShareSort::Urgency), vec![2, 3, 4, 1]);
        assert_eq!(ids(ShareSort::Distance), vec![4, 3, 1, 2], "no point: last");
        assert_eq!(ids(ShareSort::Relevance), vec![2, 4, 3, 1]);
    }
}
