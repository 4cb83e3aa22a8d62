//! The naive baselines each measurement is compared with, in the same run on the same
//! data: what one would write without bounding the work.
//!
//! - `like_scan`: the words checked on every public post (`LIKE '% mot%'`), newest first,
//!   with an exact count;
//! - `unbounded_rank`: the text index, then relevance over every match (FTS5 `bm25`,
//!   PostgreSQL `ts_rank`), with an exact count;
//! - `previous_list`: the list's query before this work (text index for the words, exact
//!   count, sort of every match);
//! - `bbox_scan`: a map box and a word with no index on the place (`lat + 0` keeps the
//!   planners off the index), newest 50 and an exact count.

use app::db::posts::{POST_CARD_SELECT, POST_IS_PUBLIC};
use app::db::{Db, Pool};
use app::model::{BBox, PostCard};
use sqlx::QueryBuilder;

const PAGE: i64 = 20;

fn card_from() -> &'static str {
    &POST_CARD_SELECT[POST_CARD_SELECT.find("FROM posts").expect("a FROM clause")..]
}

fn like(word: &str) -> String {
    format!("% {word}%")
}

pub async fn like_scan(pool: &Pool, word: &str) -> Result<(i64, Vec<PostCard>), sqlx::Error> {
    let filter = format!(" WHERE {POST_IS_PUBLIC} AND (' ' || p.search_folded) LIKE $1");
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {}{filter}", card_from())).bind(like(word)).fetch_one(pool).await?;
    let cards = sqlx::query_as(&format!("{POST_CARD_SELECT}{filter} ORDER BY p.published_at DESC, p.id DESC LIMIT {PAGE}"))
        .bind(like(word))
        .fetch_all(pool)
        .await?;
    Ok((total, cards))
}

pub async fn unbounded_rank(pool: &Pool, word: &str) -> Result<(i64, Vec<i64>), sqlx::Error> {
    #[cfg(not(feature = "postgres"))]
    let (from, rank, query) = (
        "FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid LEFT JOIN structures s ON s.id = p.structure_id WHERE posts_fts MATCH $1",
        "bm25(posts_fts)",
        format!("\"{word}\"*"),
    );
    #[cfg(feature = "postgres")]
    let (from, rank, query) = (
        "FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE p.search_vector @@ to_tsquery('simple', $1)",
        "-ts_rank(p.search_vector, to_tsquery('simple', $1))",
        format!("{word}:*"),
    );
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from} AND {POST_IS_PUBLIC}")).bind(&query).fetch_one(pool).await?;
    let ids = sqlx::query_scalar(&format!("SELECT p.id {from} AND {POST_IS_PUBLIC} ORDER BY {rank}, p.id DESC LIMIT {PAGE}"))
        .bind(&query)
        .fetch_all(pool)
        .await?;
    Ok((total, ids))
}

pub async fn previous_list(pool: &Pool, words: &[String], departement: Option<&str>) -> Result<(i64, Vec<PostCard>), sqlx::Error> {
    let push_filter = |qb: &mut QueryBuilder<'_, Db>| {
        qb.push(" WHERE ").push(POST_IS_PUBLIC);
        app::db::backend::push_post_text_match(qb, words);
        if let Some(d) = departement {
            qb.push(" AND co.departement = ").push_bind(d.to_string());
        }
    };
    let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) {}", card_from()));
    push_filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let mut qb = QueryBuilder::<Db>::new(POST_CARD_SELECT);
    push_filter(&mut qb);
    qb.push(format!(" ORDER BY p.published_at DESC, p.id DESC LIMIT {PAGE}"));
    Ok((total, qb.build_query_as().fetch_all(pool).await?))
}

pub async fn bbox_scan(pool: &Pool, b: BBox, word: &str) -> Result<(i64, Vec<i64>), sqlx::Error> {
    let filter = format!(
        " FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
          WHERE {POST_IS_PUBLIC} AND (p.lat + 0) BETWEEN $1 AND $2 AND (p.lon + 0) BETWEEN $3 AND $4
            AND (' ' || p.search_folded) LIKE $5"
    );
    let (count, page) = (format!("SELECT COUNT(*){filter}"), format!("SELECT p.id{filter} ORDER BY p.id DESC LIMIT 50"));
    let bind = |q| sqlx::query_scalar::<Db, i64>(q).bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon).bind(like(word));
    let total = bind(&count).fetch_one(pool).await?;
    let ids = bind(&page).fetch_all(pool).await?;
    Ok((total, ids))
}

/// The map without clustering: every public post and structure of the box, as GeoJSON
/// (plain `serde_json` values, as a straightforward implementation would build them);
/// returns the body's size.
pub async fn all_in_box(pool: &Pool, v: server::map::index::Viewport) -> Result<usize, sqlx::Error> {
    let rows: Vec<(i64, String, f64, f64, String)> = sqlx::query_as(&format!(
        "SELECT p.id, p.kind, p.lon, p.lat, p.title FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE {POST_IS_PUBLIC} AND p.lat BETWEEN $1 AND $2 AND p.lon BETWEEN $3 AND $4
         UNION ALL
         SELECT s.id, 'structure', s.lon, s.lat, s.name FROM structures s
         WHERE s.validation_status = 'validated' AND s.lat BETWEEN $1 AND $2 AND s.lon BETWEEN $3 AND $4"
    ))
    .bind(v.min_lat)
    .bind(v.max_lat)
    .bind(v.min_lon)
    .bind(v.max_lon)
    .fetch_all(pool)
    .await?;
    let features = rows
        .into_iter()
        .map(|(id, kind, lon, lat, title)| {
            let mut props = serde_json::Map::new();
            props.insert("id".into(), id.into());
            props.insert("kind".into(), kind.into());
            props.insert("title".into(), title.into());
            serde_json::json!({ "type": "Feature", "geometry": { "type": "Point", "coordinates": [lon, lat] }, "properties": props })
        })
        .collect::<Vec<_>>();
    let body = serde_json::to_vec(&serde_json::json!({ "type": "FeatureCollection", "features": features })).unwrap_or_default();
    Ok(body.len())
}
