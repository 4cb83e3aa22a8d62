//! The SQL of a search's database path ([`super::database`]): the candidates read
//! through the chosen index ([`Read`]), ordered and cut to one page in the same
//! statement, and the bounded probes; also the map's points of a search while the index
//! loads ([`points`]). Portable SQL with `$N` binds; what differs per backend comes
//! from `backend`.

use sqlx::QueryBuilder;

use super::{AVERAGE_LEN, B, K1, KM_PER_DEGREE, Origin, PostSearch};
use crate::db::posts::POST_IS_PUBLIC;
use crate::db::{Db, backend};
use crate::model::{BBox, ShareSort};

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

/// The columns of a page row.
pub struct Page;

impl Page {
    pub const ID: &'static str = "id";
    /// Squared distance in degrees of latitude (`NULL` without an origin).
    pub const SQ: &'static str = "sq";
    /// Candidates read: more than the limit means more posts match.
    pub const TOTAL: &'static str = "total";
}

/// One page of a search: candidates (`c`), numbered in the order the read stops by and
/// counted (`r`), the first `limit` ordered, `count` rows from `offset`.
pub fn page<'a>(s: &'a PostSearch, read: Read, ring: Option<f64>, offset: i64, count: i64) -> QueryBuilder<'a, Db> {
    let mut qb = QueryBuilder::<Db>::new("WITH c AS (");
    push_candidates(&mut qb, s, read, ring);
    qb.push("), r AS (SELECT c.*, COUNT(*) OVER () AS total, ROW_NUMBER() OVER (ORDER BY ");
    if read == Read::NewestTextMatches {
        qb.push("id DESC");
    } else {
        push_sort(&mut qb, s);
    }
    qb.push(") AS rn FROM c) SELECT id, sq, total FROM r WHERE rn <= ").push_bind(s.limit).push(" ORDER BY ");
    push_sort(&mut qb, s);
    qb.push(" LIMIT ").push_bind(count).push(" OFFSET ").push_bind(offset);
    qb
}

/// How many posts of the place there are, counted up to `cap` (place conditions only:
/// an upper bound, read from the place indexes alone).
pub fn place_probe(s: &PostSearch, cap: i64) -> QueryBuilder<'_, Db> {
    let mut qb = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1 FROM posts p WHERE TRUE");
    push_place(&mut qb, s);
    qb.push(" LIMIT ").push_bind(cap).push(") AS t");
    qb
}

/// How many matching posts lie within `km` of the origin, counted up to `limit + 1`.
pub fn ring_probe(s: &PostSearch, km: f64) -> QueryBuilder<'_, Db> {
    let mut qb = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT p.id");
    push_from_where(&mut qb, s, Read::Rings);
    if let Some(o) = s.origin {
        push_within(&mut qb, o, km);
    }
    qb.push(" LIMIT ").push_bind(s.limit + 1).push(") AS t");
    qb
}

/// The candidates and what they are ordered by.
fn push_candidates(qb: &mut QueryBuilder<'_, Db>, s: &PostSearch, read: Read, ring: Option<f64>) {
    qb.push(format!("SELECT p.id, p.published_at, {URGENCY_RANK} AS urgency_rank, "));
    match s.origin {
        Some(o) => push_squared_distance(qb, o),
        None => {
            qb.push("CAST(NULL AS DOUBLE PRECISION)");
        }
    }
    qb.push(" AS sq, CAST(LENGTH(p.search_folded) AS DOUBLE PRECISION) AS len");
    if s.sort == ShareSort::Relevance {
        for (i, w) in s.words.iter().enumerate() {
            // Occurrences of the word as the start of a word of the folded text.
            let pattern = word_pattern(w);
            qb.push(format!(", CAST((LENGTH({HAYSTACK}) - LENGTH(REPLACE({HAYSTACK}, "))
                .push_bind(pattern.clone())
                .push(format!(", ''))) / {} AS DOUBLE PRECISION) AS tf{i}", pattern.chars().count()));
        }
    }
    push_from_where(qb, s, read);
    match read {
        Read::NewestTextMatches => {
            qb.push(format!(" ORDER BY {} LIMIT ", backend::TEXT_NEWEST_FIRST)).push_bind(s.limit + 1);
        }
        Read::ListOrder => {
            qb.push(if s.sort == ShareSort::Urgency {
                format!(" ORDER BY {URGENCY_RANK}, p.published_at DESC, p.id DESC LIMIT ")
            } else {
                " ORDER BY p.published_at DESC, p.id DESC LIMIT ".to_string()
            })
            .push_bind(s.limit + 1);
        }
        Read::Rings => {
            match (ring, s.origin) {
                (Some(km), Some(o)) => {
                    push_within(qb, o, km);
                    qb.push(" ORDER BY sq, p.id DESC");
                }
                // The whole world: posts without a point last.
                _ => {
                    qb.push(" ORDER BY (p.lat IS NULL), sq, p.id DESC");
                }
            }
            qb.push(" LIMIT ").push_bind(s.limit + 1);
        }
        Read::AllTextMatches | Read::AllOfPlace => {}
    }
}

/// `FROM` and `WHERE` of the candidates: the read's index, public posts, the filters.
fn push_from_where(qb: &mut QueryBuilder<'_, Db>, s: &PostSearch, read: Read) {
    let text_driven = matches!(read, Read::AllTextMatches | Read::NewestTextMatches);
    if text_driven {
        qb.push(backend::TEXT_DRIVEN_FROM);
    } else {
        qb.push(" FROM posts p");
        let index = match read {
            Read::ListOrder if s.sort == ShareSort::Urgency => Some("posts_urgency_idx"),
            Read::ListOrder => Some("posts_recent_idx"),
            Read::Rings if s.origin.is_some() => Some("posts_place_idx"),
            Read::AllOfPlace => place_index(s),
            _ => None,
        };
        if let Some(index) = index {
            qb.push(backend::posts_indexed_by(index));
        }
    }
    qb.push(" LEFT JOIN structures s ON s.id = p.structure_id");
    if s.bbox.is_some() {
        qb.push(" LEFT JOIN communes co ON co.insee = p.insee");
    }
    qb.push(" WHERE ");
    if text_driven {
        backend::push_text_driven_match(qb, &s.words);
        qb.push(" AND ");
    }
    qb.push(POST_IS_PUBLIC);
    push_place(qb, s);
    if let Some(k) = s.kind {
        qb.push(" AND p.kind = ").push_bind(k);
    }
    if !s.categories.is_empty() {
        qb.push(" AND p.category_id IN (SELECT id FROM categories WHERE slug IN (");
        let mut slugs = qb.separated(", ");
        for c in &s.categories {
            slugs.push_bind(c.clone());
        }
        qb.push("))");
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
}

/// The list order of a search, over the candidates' columns.
fn push_sort(qb: &mut QueryBuilder<'_, Db>, s: &PostSearch) {
    match s.sort {
        ShareSort::Recent => {
            qb.push("published_at DESC, id DESC");
        }
        ShareSort::Urgency => {
            qb.push("urgency_rank, published_at DESC, id DESC");
        }
        ShareSort::Distance => {
            qb.push("(sq IS NULL), sq, id DESC");
        }
        ShareSort::Relevance => {
            // `super::relevance`, term by term.
            qb.push("(0");
            for i in 0..s.words.len() {
                qb.push(format!(" + tf{i} * "))
                    .push_bind(K1 + 1.0)
                    .push(format!(" / (tf{i} + "))
                    .push_bind(K1)
                    .push(" * (")
                    .push_bind(1.0 - B)
                    .push(" + ")
                    .push_bind(B / AVERAGE_LEN)
                    .push(" * len))");
            }
            qb.push(") DESC, published_at DESC, id DESC");
        }
    }
}

/// The folded text with a space at both ends, so that « starts a word » is « contains
/// ␣word » and a whole word is « contains ␣word␣ ».
const HAYSTACK: &str = "(' ' || p.search_folded || ' ')";

/// The list's urgency order; the same expression as the `posts_urgency_idx` index.
const URGENCY_RANK: &str = "CASE p.urgency WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END";

/// What a word must be found as in [`HAYSTACK`]: the start of a word, or for one
/// character the whole word (as the text indexes read it, see `backend::word_is_prefix`).
fn word_pattern(word: &str) -> String {
    if backend::word_is_prefix(word) { format!(" {word}") } else { format!(" {word} ") }
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

/// Posts within `km` of the origin: its box (for the index), then the circle.
fn push_within(qb: &mut QueryBuilder<'_, Db>, o: Origin, km: f64) {
    push_box(qb, o.ring(km));
    qb.push(" AND ");
    push_squared_distance(qb, o);
    qb.push(" <= ").push_bind((km / KM_PER_DEGREE).powi(2));
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
    if let Some((centre, km)) = s.within {
        push_within(qb, centre, km);
    }
    if let Some(since) = s.since {
        qb.push(" AND p.published_at >= ").push_bind(since);
    }
}

/// The index reading all posts of a place, where one is plainly best.
fn place_index(s: &PostSearch) -> Option<&'static str> {
    if s.commune.is_some() || (s.departement.is_some() && s.bbox.is_none()) {
        Some("posts_insee_idx")
    } else if s.bbox.is_some() || s.within.is_some() {
        Some("posts_place_idx")
    } else {
        None
    }
}

/// The points of the public posts matching a search, newest first, at most `limit`
/// (the map's word and place filters, `server/src/map`): id, kind, category, latitude,
/// longitude, title, an empty slug, structure and whether it is « en cours ».
pub fn points(s: &PostSearch, limit: i64) -> QueryBuilder<'_, Db> {
    let mut qb = QueryBuilder::<Db>::new("SELECT p.id, p.kind, p.category_id, p.lat, p.lon, p.title, '', p.structure_id, p.status = 'in_progress'");
    let read = if s.words.is_empty() { Read::AllOfPlace } else { Read::AllTextMatches };
    push_from_where(&mut qb, s, read);
    qb.push(" AND p.lat IS NOT NULL ORDER BY p.id DESC LIMIT ").push_bind(limit);
    qb
}
