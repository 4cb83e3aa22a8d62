//! Writing posts: inserting one, who may publish as what, the post being edited,
//! status changes, and the similar open posts nearby shown before publishing.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::search_text;
use crate::db::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{Choice, LocationPrecision, PostCard, PostForm, PostKind, PostStatus, Urgency};

pub struct NewPost<'a> {
    pub kind: PostKind,
    pub category_id: i64,
    pub structure_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub quantity: Option<&'a str>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub mission_time: Option<NaiveTime>,
    pub volunteers_needed: Option<i64>,
    pub insee: Option<&'a str>,
    pub lat_lon: Option<(f64, f64)>,
    pub location_precision: LocationPrecision,
    pub urgency: Urgency,
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_post(tx: &mut Tx<'_>, p: &NewPost<'_>) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO posts (kind, category_id, structure_id, author_id, title, description, quantity, starts_on, ends_on,
                            mission_time, volunteers_needed, insee, lat, lon, location_precision, urgency, status,
                            published_at, expires_at, created_at, updated_at, search_folded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)
         RETURNING id",
    )
    .bind(p.kind)
    .bind(p.category_id)
    .bind(p.structure_id)
    .bind(p.author_id)
    .bind(p.title)
    .bind(p.description)
    .bind(p.quantity)
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(p.mission_time)
    .bind(p.volunteers_needed)
    .bind(p.insee)
    .bind(p.lat_lon.map(|x| x.0))
    .bind(p.lat_lon.map(|x| x.1))
    .bind(p.location_precision)
    .bind(p.urgency)
    .bind(p.status)
    .bind(p.published_at)
    .bind(p.expires_at)
    .bind(p.created_at)
    .bind(search_text(p.title, p.description))
    .fetch_one(&mut **tx)
    .await?)
}

/// The validated structures I am an active member of, as publish-as choices.
pub async fn author_choices(pool: &Pool, user_id: i64) -> AppResult<Vec<Choice>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.id, s.name FROM memberships m JOIN structures s ON s.id = m.structure_id
         WHERE m.user_id = $1 AND m.status = 'active' AND s.validation_status = 'validated'
         ORDER BY s.name_folded",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| Choice { slug: format!("structure:{id}"), name }).collect())
}

pub async fn categories(pool: &Pool) -> AppResult<Vec<Choice>> {
    Ok(sqlx::query_as("SELECT slug, name FROM categories ORDER BY position, name").fetch_all(pool).await?)
}

/// Whether this user is an active member of this validated structure.
pub async fn can_publish_as(pool: &Pool, user_id: i64, structure_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships m JOIN structures s ON s.id = m.structure_id
         WHERE m.user_id = $1 AND m.structure_id = $2 AND m.status = 'active' AND s.validation_status = 'validated'",
    )
    .bind(user_id)
    .bind(structure_id)
    .fetch_one(pool)
    .await?
        > 0)
}

/// The point a structure's posts are placed at: its commune and coordinates, and
/// whether it has an address to show.
pub async fn structure_place(pool: &Pool, structure_id: i64) -> AppResult<Option<(Option<String>, Option<(f64, f64)>, bool)>> {
    let row: Option<(Option<String>, Option<f64>, Option<f64>, Option<String>)> =
        sqlx::query_as("SELECT insee, lat, lon, address FROM structures WHERE id = $1").bind(structure_id).fetch_optional(pool).await?;
    Ok(row.map(|(insee, lat, lon, address)| (insee, lat.zip(lon), address.is_some_and(|a| !a.trim().is_empty()))))
}

/// Who manages a post: for a structure's post, the structure's active members (its
/// author too only while a member: someone who left or was removed manages nothing of
/// it any more); for a personal post, its author.
pub async fn managers(pool: &Pool, post_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT p.author_id FROM posts p WHERE p.id = $1 AND p.author_id IS NOT NULL AND p.structure_id IS NULL
         UNION
         SELECT m.user_id FROM posts p JOIN memberships m ON m.structure_id = p.structure_id
         WHERE p.id = $1 AND m.status = 'active'",
    )
    .bind(post_id)
    .fetch_all(pool)
    .await?)
}

/// A post's state as its managers see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostState {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub hidden: bool,
    pub title: String,
    pub structure_id: Option<i64>,
    pub author_id: Option<i64>,
    pub category_slug: String,
    pub volunteers_needed: Option<i64>,
}

pub async fn state(pool: &Pool, post_id: i64) -> AppResult<Option<PostState>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.kind, p.status, p.hidden, p.title, p.structure_id, p.author_id, c.slug AS category_slug, p.volunteers_needed
         FROM posts p JOIN categories c ON c.id = p.category_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(pool)
    .await?)
}

/// The post as its edit form shows it.
pub async fn as_form(pool: &Pool, post_id: i64) -> AppResult<Option<PostForm>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        kind: PostKind,
        category: String,
        title: String,
        description: String,
        quantity: Option<String>,
        starts_on: Option<NaiveDate>,
        ends_on: Option<NaiveDate>,
        mission_time: Option<chrono::NaiveTime>,
        volunteers_needed: Option<i64>,
        commune: Option<String>,
        postcode: Option<String>,
        precision: crate::model::LocationPrecision,
        urgency: crate::model::Urgency,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
        structure_id: Option<i64>,
        lat: Option<f64>,
        lon: Option<f64>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT p.kind, c.slug AS category, p.title, p.description, p.quantity, p.starts_on, p.ends_on, p.mission_time,
                p.volunteers_needed, co.name AS commune,
                (SELECT MIN(cp.postcode) FROM commune_postcodes cp WHERE cp.insee = p.insee) AS postcode,
                p.location_precision AS precision,
                p.urgency, p.expires_at, p.structure_id, p.lat, p.lon
         FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN communes co ON co.insee = p.insee
         WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(pool)
    .await?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let address = |r: &Row| r.precision == crate::model::LocationPrecision::Address && r.structure_id.is_some();
    let coordinate = |r: &Row, v: Option<f64>| if address(r) { v.map(|v| format!("{v:.6}")).unwrap_or_default() } else { String::new() };
    Ok(row.map(|r| PostForm {
        // Not editable; tells the form whose post it is (the point picker is a structure's).
        author: r.structure_id.map(|id| format!("structure:{id}")).unwrap_or_else(|| crate::model::AS_MYSELF.into()),
        lat: coordinate(&r, r.lat),
        lon: coordinate(&r, r.lon),
        kind: r.kind.as_str().into(),
        category: r.category,
        title: r.title,
        description: r.description,
        quantity: r.quantity.unwrap_or_default(),
        starts_on: date(r.starts_on),
        ends_on: date(r.ends_on),
        mission_time: r.mission_time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
        volunteers_needed: r.volunteers_needed.map(|n| n.to_string()).unwrap_or_default(),
        // A post placed at its structure's address keeps that place when the field is empty.
        commune: match (r.precision, r.commune, r.postcode) {
            (crate::model::LocationPrecision::Commune, Some(n), Some(cp)) => format!("{n} ({cp})"),
            _ => String::new(),
        },
        urgency: r.urgency.as_str().into(),
        expires_on: date(r.expires_at.map(|d| crate::model::time::paris_date(d))),
    }))
}

/// The editable fields of a post.
pub struct PostChanges<'a> {
    pub kind: PostKind,
    pub category_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub quantity: Option<&'a str>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub mission_time: Option<chrono::NaiveTime>,
    pub volunteers_needed: Option<i64>,
    pub place: Option<(&'a str, (f64, f64), crate::model::LocationPrecision)>,
    pub urgency: crate::model::Urgency,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

pub async fn update(tx: &mut Tx<'_>, post_id: i64, c: &PostChanges<'_>) -> AppResult<()> {
    let now = crate::db::now();
    sqlx::query(
        "UPDATE posts SET kind = $1, category_id = $2, title = $3, description = $4, quantity = $5, starts_on = $6,
                ends_on = $7, mission_time = $8, volunteers_needed = $9, urgency = $10, expires_at = $11,
                expiry_reminded_at = NULL, search_folded = $12, updated_at = $13
         WHERE id = $14",
    )
    .bind(c.kind)
    .bind(c.category_id)
    .bind(c.title)
    .bind(c.description)
    .bind(c.quantity)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.mission_time)
    .bind(c.volunteers_needed)
    .bind(c.urgency)
    .bind(c.expires_at)
    .bind(search_text(c.title, c.description))
    .bind(now)
    .bind(post_id)
    .execute(&mut **tx)
    .await?;
    if let Some((insee, (lat, lon), precision)) = c.place {
        sqlx::query("UPDATE posts SET insee = $1, lat = $2, lon = $3, location_precision = $4 WHERE id = $5")
            .bind(insee)
            .bind(lat)
            .bind(lon)
            .bind(precision)
            .bind(post_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Moves a post from `from` to `to` (compare-and-set: a concurrent change wins once).
pub async fn set_status(pool: &Pool, post_id: i64, from: PostStatus, to: PostStatus) -> AppResult<bool> {
    let now = crate::db::now();
    let published = (to == PostStatus::Published && from == PostStatus::Draft).then_some(now);
    Ok(sqlx::query(
        "UPDATE posts SET status = $1, published_at = COALESCE($2, published_at), updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(published)
    .bind(now)
    .bind(post_id)
    .bind(from)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Open public posts of `kind` in a category within `radius_km` of a point, nearest
/// first (equirectangular distance: exact enough at these scales, no trigonometry in SQL).
pub async fn nearby(
    pool: &Pool,
    kind: PostKind,
    category: &str,
    (lat, lon): (f64, f64),
    radius_km: f64,
    exclude: Option<i64>,
    limit: i64,
) -> AppResult<(i64, Vec<PostCard>)> {
    use super::{POST_CARD_SELECT, POST_IS_PUBLIC};
    let dlat = radius_km / 111.2;
    let k = lat.to_radians().cos().max(0.01);
    let dlon = dlat / k;
    let near = format!(
        "{POST_IS_PUBLIC} AND p.kind = $1 AND c.slug = $2 AND p.lat BETWEEN $3 AND $4 AND p.lon BETWEEN $5 AND $6
         AND (p.lat - $7) * (p.lat - $7) + ($8 * (p.lon - $9)) * ($8 * (p.lon - $9)) <= $10 AND p.id <> $11"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        card: PostCard,
        total: i64,
    }
    // The window count is taken before LIMIT: the total and the nearest few in one query.
    let sql = POST_CARD_SELECT.replacen("SELECT ", "SELECT COUNT(*) OVER () AS total, ", 1)
        + &format!(" WHERE {near} ORDER BY (p.lat - $7) * (p.lat - $7) + ($8 * (p.lon - $9)) * ($8 * (p.lon - $9)), p.id LIMIT $12");
    let rows: Vec<Row> = sqlx::query_as(&sql)
    .bind(kind)
    .bind(category.to_string())
    .bind(lat - dlat)
    .bind(lat + dlat)
    .bind(lon - dlon)
    .bind(lon + dlon)
    .bind(lat)
    .bind(k)
    .bind(lon)
    .bind(dlat * dlat)
    .bind(exclude.unwrap_or(0))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let cards = rows.into_iter().map(|r| r.card).collect();
    Ok((total, cards))
}

/// Kind, category and point of public posts among `ids` (those without a point are left out).
pub async fn match_keys(pool: &Pool, ids: &[i64]) -> AppResult<Vec<(i64, PostKind, String, (f64, f64))>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<crate::db::Db>::new(
        "SELECT p.id, p.kind, c.slug, p.lat, p.lon FROM posts p JOIN categories c ON c.id = p.category_id
         LEFT JOIN structures s ON s.id = p.structure_id WHERE p.lat IS NOT NULL AND ",
    );
    qb.push(super::POST_IS_PUBLIC).push(" AND p.id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    let rows: Vec<(i64, PostKind, String, f64, f64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id, kind, cat, lat, lon)| (id, kind, cat, (lat, lon))).collect())
}

/// Like [`nearby`]'s total, but capped at `cap` (a card only says « 10 ou plus »), for
/// several posts in one query (one capped count per post, `UNION ALL`): a list's cards
/// ask for up to 50 at once. `posts` are (id, kind to count,
/// category slug, point).
pub async fn capped_counts_nearby(
    pool: &Pool,
    posts: &[(i64, PostKind, String, (f64, f64))],
    radius_km: f64,
    cap: i64,
) -> AppResult<Vec<(i64, i64)>> {
    use super::POST_IS_PUBLIC;
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<crate::db::Db>::new("");
    for (i, (id, kind, category, (lat, lon))) in posts.iter().enumerate() {
        let dlat = radius_km / 111.2;
        let k = lat.to_radians().cos().max(0.01);
        let dlon = dlat / k;
        if i > 0 {
            qb.push(" UNION ALL ");
        }
        qb.push("SELECT ").push_bind(*id).push(" AS id, (SELECT COUNT(*) FROM (SELECT 1 FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN structures s ON s.id = p.structure_id WHERE ");
        qb.push(POST_IS_PUBLIC).push(" AND p.kind = ").push_bind(*kind).push(" AND c.slug = ").push_bind(category.clone());
        qb.push(" AND p.lat BETWEEN ").push_bind(lat - dlat).push(" AND ").push_bind(lat + dlat);
        qb.push(" AND p.lon BETWEEN ").push_bind(lon - dlon).push(" AND ").push_bind(lon + dlon);
        qb.push(" AND (p.lat - ").push_bind(*lat).push(") * (p.lat - ").push_bind(*lat).push(") + (").push_bind(k).push(" * (p.lon - ").push_bind(*lon);
        qb.push(")) * (").push_bind(k).push(" * (p.lon - ").push_bind(*lon).push(")) <= ").push_bind(dlat * dlat);
        qb.push(" AND p.id <> ").push_bind(*id).push(" LIMIT ").push_bind(cap).push(") AS m) AS n");
    }
    Ok(qb.build_query_as().fetch_all(pool).await?)
}
