//! Reading what the map shows from the database: everything (start-up, a reload after a
//! gap in the change log) or the current state of a few changed items.

use app::db::Pool;
use app::db::posts::POST_IS_PUBLIC;
use futures_util::TryStreamExt;
use sqlx::QueryBuilder;

use super::index::{Builder, Item, ItemKey, ItemKind};

/// A post, structure or resource row as the map reads it.
type Row = (i64, String, Option<i64>, f64, f64, String, String, Option<i64>, bool);

const POSTS: &str = "SELECT p.id, p.kind, p.category_id, p.lat, p.lon, p.title, '', p.structure_id, p.status = 'in_progress'
    FROM posts p LEFT JOIN structures s ON s.id = p.structure_id";
const STRUCTURES: &str = "SELECT s.id, 'structure', CAST(NULL AS BIGINT), s.lat, s.lon, s.name, s.slug, CAST(NULL AS BIGINT), s.stale = TRUE FROM structures s";
const STRUCTURE_IS_PUBLIC: &str = "s.validation_status = 'validated'";
const RESOURCES: &str = "SELECT r.id, 'resource', CAST(NULL AS BIGINT), r.lat, r.lon, r.name, '', r.structure_id, FALSE
    FROM shared_resources r JOIN structures s ON s.id = r.structure_id";
/// As `app::db::resources` lists them: active, of a validated structure.
const RESOURCE_IS_PUBLIC: &str = "r.active = TRUE AND s.validation_status = 'validated'";

fn item((id, kind, category, lat, lon, title, slug, structure, in_progress): Row) -> Item {
    let kind = match kind.as_str() {
        "need" => ItemKind::Need,
        "offer" => ItemKind::Offer,
        "resource" => ItemKind::Resource,
        _ => ItemKind::Structure,
    };
    Item { kind, id, category: category.and_then(|c| u16::try_from(c).ok()), lon, lat, title, slug, structure, in_progress }
}

/// Every item on the map, in a vector (the benchmark's rows in memory).
pub async fn all(pool: &Pool) -> Result<Vec<Item>, sqlx::Error> {
    let mut items = Vec::new();
    each(pool, |it| items.push(it)).await?;
    Ok(items)
}

/// Every item on the map, straight into an index builder (at start-up: no vector of
/// items with their strings in between).
pub async fn into_builder(pool: &Pool) -> Result<Builder, sqlx::Error> {
    let mut b = Builder::default();
    each(pool, |it| b.push(&it)).await?;
    Ok(b)
}

/// Streams every item on the map to `f`.
async fn each(pool: &Pool, mut f: impl FnMut(Item)) -> Result<(), sqlx::Error> {
    for sql in [
        format!("{POSTS} WHERE {POST_IS_PUBLIC} AND p.lat IS NOT NULL"),
        format!("{STRUCTURES} WHERE {STRUCTURE_IS_PUBLIC} AND s.lat IS NOT NULL"),
        format!("{RESOURCES} WHERE {RESOURCE_IS_PUBLIC} AND r.lat IS NOT NULL"),
    ] {
        let mut rows = sqlx::query_as::<_, Row>(&sql).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            f(item(row));
        }
    }
    Ok(())
}

/// The current state of these items: `Some` for those on the map, `None` for those
/// that are not (any more). A structure's change also re-reads its posts and resources,
/// whose visibility follows its validation.
pub async fn current(pool: &Pool, keys: &[ItemKey]) -> Result<Vec<(ItemKey, Option<Item>)>, sqlx::Error> {
    let mut posts: Vec<i64> = keys.iter().filter_map(|k| if let ItemKey::Post(id) = k { Some(*id) } else { None }).collect();
    let structures: Vec<i64> = keys.iter().filter_map(|k| if let ItemKey::Structure(id) = k { Some(*id) } else { None }).collect();
    let mut resources: Vec<i64> = keys.iter().filter_map(|k| if let ItemKey::Resource(id) = k { Some(*id) } else { None }).collect();
    for chunk in structures.chunks(CHUNK) {
        for (table, ids) in [("posts", &mut posts), ("shared_resources", &mut resources)] {
            let mut qb = QueryBuilder::new(format!("SELECT id FROM {table} WHERE structure_id IN ("));
            push_ids(&mut qb, chunk);
            ids.extend(qb.build_query_scalar::<i64>().fetch_all(pool).await?);
        }
    }
    for ids in [&mut posts, &mut resources] {
        ids.sort_unstable();
        ids.dedup();
    }
    let mut out = Vec::with_capacity(posts.len() + structures.len() + resources.len());
    for (ids, select, public, alias, key) in [
        (&posts, POSTS, POST_IS_PUBLIC, "p", ItemKey::Post as fn(i64) -> ItemKey),
        (&structures, STRUCTURES, STRUCTURE_IS_PUBLIC, "s", ItemKey::Structure),
        (&resources, RESOURCES, RESOURCE_IS_PUBLIC, "r", ItemKey::Resource),
    ] {
        for chunk in ids.chunks(CHUNK) {
            let mut qb = QueryBuilder::new(format!("{select} WHERE {public} AND {alias}.lat IS NOT NULL AND {alias}.id IN ("));
            push_ids(&mut qb, chunk);
            let found: Vec<Item> = qb.build_query_as::<Row>().fetch_all(pool).await?.into_iter().map(item).collect();
            for &id in chunk {
                let k = key(id);
                out.push((k, found.iter().find(|it| it.key() == k).cloned()));
            }
        }
    }
    Ok(out)
}

/// Ids per `IN (…)` list: well under both backends' bind limits.
const CHUNK: usize = 500;

fn push_ids(qb: &mut QueryBuilder<'_, app::db::Db>, ids: &[i64]) {
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
}

/// The newest public posts matching the words, places, kind and categories of a map
/// request, within its box when the box does not
/// cross the antimeridian: at most `limit`, and whether more matched.
pub async fn matching(pool: &Pool, q: &super::api::MapQuery, limit: i64) -> Result<(Vec<Item>, bool), sqlx::Error> {
    let v = q.view;
    let bbox = (v.max_lon - v.min_lon < 360.0 && v.min_lon >= -180.0 && v.max_lon <= 180.0)
        .then_some(app::model::BBox { min_lon: v.min_lon, min_lat: v.min_lat, max_lon: v.max_lon, max_lat: v.max_lat });
    let f = &q.filter;
    let post_kinds: Vec<ItemKind> = q.kinds().into_iter().filter(|k| k.is_post()).collect();
    if !f.kinds.is_empty() && post_kinds.is_empty() {
        return Ok((Vec::new(), false));
    }
    // The order is the newest first (`sql::points`), whatever the search would sort by.
    let search = app::search::PostSearch { bbox, ..app::search::PostSearch::new(f, None) };
    let rows: Vec<Row> = app::search::sql::points(&search, limit + 1).build_query_as().fetch_all(pool).await?;
    let more = rows.len() as i64 > limit;
    Ok((rows.into_iter().take(limit as usize).map(item).collect(), more))
}
