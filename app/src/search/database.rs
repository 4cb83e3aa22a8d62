//! Which public posts a list shows and in what order, fast at 100,000 posts and more
//! (the `/partage` page and `GET /api/v1/posts`; figures in docs/benchmarks.md).
//!
//! The database path of [`super::rank`], which answers until the instance's index in
//! memory is loaded ([`rank_in_database`], also the benchmarks' comparison). Its
//! statements are built by [`super::sql`]; it takes only a pool.
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
//! statement then orders what it read and returns one page ([`sql::page`]): exact
//! whenever everything matching was read, and within the newest matches otherwise
//! (relevance ranks the newest 500 matches of a common word; so does distance with a
//! common word).

use sqlx::Row;

use super::sql::{self, Page, Read};
use super::{KM_PER_DEGREE, PostSearch, Ranked, RankedPost};
use crate::db::{Pool, backend};
use crate::error::AppResult;
use crate::model::ShareSort;

/// Distance order: half-width of the first box around the commune, growth factor, and
/// the width after which a box covers the whole world.
const FIRST_RING_KM: f64 = 3.0;
const RING_GROWTH: f64 = 3.0;
const WORLD_KM: f64 = 20_100.0;

/// [`super::rank`] from the database alone: one query reads the candidates, orders them and returns the page
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
    let page = |offset| sql::page(s, read, ring, offset, count);
    let mut rows = page(offset).build().persistent(backend::CACHE_SEARCH_PLANS).fetch_all(pool).await?;
    if rows.is_empty() && offset > 0 {
        // Past the end (an old link): the total comes with the first page.
        rows = page(0).build().persistent(backend::CACHE_SEARCH_PLANS).fetch_all(pool).await?;
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
        false => Some(backend::count_text_matches(pool, &s.words, cap + 1).await?),
    };
    let place = match s.has_place() && !text.is_some_and(|t| t <= limit) {
        false => None,
        true => Some(sql::place_probe(s, cap + 1).build_query_scalar::<i64>().persistent(backend::CACHE_SEARCH_PLANS).fetch_one(pool).await?),
    };
    let by_distance = s.sort == ShareSort::Distance && s.origin.is_some();
    let scored = s.sort == ShareSort::Relevance && !s.words.is_empty();
    Ok(choose(Probes { text, place, limit, posts, cap, text_in_id_order: backend::TEXT_INDEX_IN_ID_ORDER, scored }, by_distance))
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
        let within: i64 = sql::ring_probe(s, km).build_query_scalar().persistent(backend::CACHE_SEARCH_PLANS).fetch_one(pool).await?;
        if within > s.limit {
            return Ok(Some(km));
        }
        km *= RING_GROWTH;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
