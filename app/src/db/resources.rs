//! Pooled resources of structures (`shared_resources`): a van, a room, a clède; their
//! trusted partners and closed periods. A resource is public while it is active and its
//! structure validated.

use chrono::NaiveDate;

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{BookingRules, Closure, LocationPrecision, ResourceKind, TimeUnit};

/// What a resource's owner writes (create and edit).
pub struct ResourceFields<'a> {
    pub structure_id: i64,
    pub category_id: Option<i64>,
    pub name: &'a str,
    pub kind: ResourceKind,
    pub description: &'a str,
    pub conditions: &'a str,
    pub place: Option<(&'a str, f64, f64)>,
    /// A point picked on the map (`Address`), or the commune's or structure's place.
    pub precision: LocationPrecision,
    pub handover: &'a str,
    pub contribution: &'a str,
    pub open_to_individuals: bool,
    pub rules: &'a BookingRules,
    pub search_text: &'a str,
}

/// Binds the fields an owner writes, as `$1`…`$18` in the order of [`FIELD_COLUMNS`].
fn bind_fields<'q>(
    q: sqlx::query::Query<'q, super::Db, <super::Db as sqlx::Database>::Arguments<'q>>,
    f: &'q ResourceFields<'q>,
) -> sqlx::query::Query<'q, super::Db, <super::Db as sqlx::Database>::Arguments<'q>> {
    let (insee, lat, lon) = split_place(f.place);
    q.bind(f.category_id)
        .bind(f.name)
        .bind(f.description)
        .bind(f.kind)
        .bind(f.conditions)
        .bind(insee)
        .bind(lat)
        .bind(lon)
        .bind(f.handover)
        .bind(f.contribution)
        .bind(f.open_to_individuals)
        .bind(f.rules.unit)
        .bind(i32::from(f.rules.min_units))
        .bind(i32::from(f.rules.max_units))
        .bind(f.rules.notice_hours as i32)
        .bind(f.rules.horizon_days as i32)
        .bind(f.rules.buffer_minutes as i32)
        .bind(f.precision)
}

/// The columns [`bind_fields`] fills, in its order (then `search_text`).
const FIELD_COLUMNS: [&str; 18] = [
    "category_id", "name", "description", "kind", "conditions", "insee", "lat", "lon", "handover", "contribution",
    "open_to_individuals", "time_unit", "min_units", "max_units", "notice_hours", "horizon_days", "buffer_minutes",
    "location_precision",
];
/// The first placeholder after the fields.
const NEXT: usize = FIELD_COLUMNS.len() + 1;

pub async fn insert(tx: &mut Tx<'_>, f: &ResourceFields<'_>) -> AppResult<i64> {
    let placeholders: Vec<String> = (1..NEXT).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO shared_resources ({}, search_text, structure_id, created_at, updated_at)
         VALUES ({}, ${NEXT}, ${}, ${}, ${}) RETURNING id",
        FIELD_COLUMNS.join(", "),
        placeholders.join(", "),
        NEXT + 1,
        NEXT + 2,
        NEXT + 2
    );
    let row: (i64,) = bind_fields(sqlx::query(&sql), f)
        .bind(f.search_text)
        .bind(f.structure_id)
        .bind(super::now())
        .fetch_one(&mut **tx)
        .await
        .map(|r| (sqlx::Row::get(&r, 0),))?;
    Ok(row.0)
}

/// Saves a resource of `f.structure_id`; whether it was one.
pub async fn update(tx: &mut Tx<'_>, id: i64, f: &ResourceFields<'_>) -> AppResult<bool> {
    let sets: Vec<String> = FIELD_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    let sql = format!(
        "UPDATE shared_resources SET {}, search_text = ${NEXT}, updated_at = ${} WHERE structure_id = ${} AND id = ${}",
        sets.join(", "),
        NEXT + 1,
        NEXT + 2,
        NEXT + 3
    );
    let done = bind_fields(sqlx::query(&sql), f)
        .bind(f.search_text)
        .bind(super::now())
        .bind(f.structure_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

fn split_place(place: Option<(&str, f64, f64)>) -> (Option<&str>, Option<f64>, Option<f64>) {
    match place {
        Some((insee, lat, lon)) => (Some(insee), Some(lat), Some(lon)),
        None => (None, None, None),
    }
}

/// Replaces a resource's trusted partners.
pub async fn set_partners(tx: &mut Tx<'_>, resource_id: i64, partners: &[i64]) -> AppResult<()> {
    sqlx::query("DELETE FROM resource_partners WHERE resource_id = $1").bind(resource_id).execute(&mut **tx).await?;
    for p in partners {
        sqlx::query("INSERT INTO resource_partners (resource_id, structure_id) VALUES ($1, $2)")
            .bind(resource_id)
            .bind(p)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Replaces a resource's closed periods.
pub async fn set_closures(tx: &mut Tx<'_>, resource_id: i64, closures: &[Closure]) -> AppResult<()> {
    sqlx::query("DELETE FROM resource_closures WHERE resource_id = $1").bind(resource_id).execute(&mut **tx).await?;
    for c in closures {
        sqlx::query("INSERT INTO resource_closures (resource_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4)")
            .bind(resource_id)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(&c.reason)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A resource as its page and the booking rules need it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ResourceRow {
    pub id: i64,
    pub structure_id: i64,
    pub structure_name: String,
    pub structure_slug: String,
    pub structure_validated: bool,
    pub category_id: Option<i64>,
    pub name: String,
    pub kind: ResourceKind,
    pub description: String,
    pub conditions: String,
    pub insee: Option<String>,
    pub commune: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub location_precision: LocationPrecision,
    pub handover: String,
    pub contribution: String,
    pub open_to_individuals: bool,
    pub time_unit: TimeUnit,
    pub min_units: i32,
    pub max_units: i32,
    pub notice_hours: i32,
    pub horizon_days: i32,
    pub buffer_minutes: i32,
    pub active: bool,
    pub feed_generation: i32,
}

impl ResourceRow {
    pub fn rules(&self) -> BookingRules {
        let units = |n: i32| u16::try_from(n.max(1)).unwrap_or(1);
        BookingRules {
            unit: self.time_unit,
            min_units: units(self.min_units),
            max_units: units(self.max_units),
            notice_hours: self.notice_hours.max(0) as u32,
            horizon_days: self.horizon_days.max(1) as u32,
            buffer_minutes: self.buffer_minutes.max(0) as u32,
        }
    }
}

const RESOURCE: &str = "SELECT r.id, r.structure_id, s.name AS structure_name, s.slug AS structure_slug,
                               (s.validation_status = 'validated') AS structure_validated, r.category_id, r.name, r.kind,
                               r.description, r.conditions, r.insee, c.name AS commune, r.lat, r.lon, r.location_precision, r.handover,
                               r.contribution, r.open_to_individuals, r.time_unit, r.min_units, r.max_units,
                               r.notice_hours, r.horizon_days, r.buffer_minutes, r.active, r.feed_generation
                        FROM shared_resources r JOIN structures s ON s.id = r.structure_id
                        LEFT JOIN communes c ON c.insee = r.insee";

pub async fn get(pool: &Pool, id: i64) -> AppResult<Option<ResourceRow>> {
    Ok(sqlx::query_as(&format!("{RESOURCE} WHERE r.id = $1")).bind(id).fetch_optional(pool).await?)
}

/// The same, inside a write transaction (the booking rules are read where they are applied).
pub async fn get_in(tx: &mut Tx<'_>, id: i64) -> AppResult<Option<ResourceRow>> {
    Ok(sqlx::query_as(&format!("{RESOURCE} WHERE r.id = $1")).bind(id).fetch_optional(&mut **tx).await?)
}

/// The public resources matching the list's filter: words (folded, every one must
/// appear), kind, commune, département; by name. At most `limit` from `offset`, and the
/// total.
pub async fn search(
    pool: &Pool,
    words: &[String],
    kind: Option<ResourceKind>,
    insee: Option<&str>,
    departement: Option<&str>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<ResourceRow>, i64)> {
    let mut qb = sqlx::QueryBuilder::<super::Db>::new("");
    let filter = |qb: &mut sqlx::QueryBuilder<'_, super::Db>| {
        qb.push(" WHERE r.active = TRUE AND s.validation_status = 'validated'");
        for w in words {
            qb.push(" AND r.search_text LIKE ").push_bind(format!("%{w}%"));
        }
        if let Some(k) = kind {
            qb.push(" AND r.kind = ").push_bind(k.as_str());
        }
        if let Some(i) = insee {
            qb.push(" AND r.insee = ").push_bind(i.to_string());
        }
        if let Some(d) = departement {
            qb.push(" AND c.departement = ").push_bind(d.to_string());
        }
    };
    qb.push(RESOURCE);
    filter(&mut qb);
    qb.push(" ORDER BY r.name, r.id LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    let rows = qb.build_query_as().fetch_all(pool).await?;
    let mut count = sqlx::QueryBuilder::<super::Db>::new(
        "SELECT COUNT(*) FROM shared_resources r JOIN structures s ON s.id = r.structure_id LEFT JOIN communes c ON c.insee = r.insee",
    );
    filter(&mut count);
    let total = count.build_query_scalar().fetch_one(pool).await?;
    Ok((rows, total))
}

/// A structure's active resources (its profile), by name.
pub async fn of_structure(pool: &Pool, structure_id: i64) -> AppResult<Vec<ResourceRow>> {
    Ok(sqlx::query_as(&format!("{RESOURCE} WHERE r.structure_id = $1 AND r.active = TRUE ORDER BY r.name"))
        .bind(structure_id)
        .fetch_all(pool)
        .await?)
}

pub async fn closures(pool: &Pool, resource_id: i64) -> AppResult<Vec<Closure>> {
    let rows: Vec<(NaiveDate, NaiveDate, String)> =
        sqlx::query_as("SELECT starts_on, ends_on, reason FROM resource_closures WHERE resource_id = $1 ORDER BY starts_on")
            .bind(resource_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(starts_on, ends_on, reason)| Closure { starts_on, ends_on, reason }).collect())
}

/// The same, inside a write transaction.
pub async fn closures_in(tx: &mut Tx<'_>, resource_id: i64) -> AppResult<Vec<Closure>> {
    let rows: Vec<(NaiveDate, NaiveDate, String)> =
        sqlx::query_as("SELECT starts_on, ends_on, reason FROM resource_closures WHERE resource_id = $1 ORDER BY starts_on")
            .bind(resource_id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().map(|(starts_on, ends_on, reason)| Closure { starts_on, ends_on, reason }).collect())
}

/// A resource's trusted partners: (id, name).
pub async fn partners(pool: &Pool, resource_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.name FROM resource_partners p JOIN structures s ON s.id = p.structure_id
         WHERE p.resource_id = $1 ORDER BY s.name",
    )
    .bind(resource_id)
    .fetch_all(pool)
    .await?)
}

/// Whether `structure_id` is a trusted partner of the resource, inside a write transaction.
pub async fn is_partner(tx: &mut Tx<'_>, resource_id: i64, structure_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resource_partners WHERE resource_id = $1 AND structure_id = $2")
        .bind(resource_id)
        .bind(structure_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Which of these ids are validated structures.
pub async fn validated_structures(pool: &Pool, ids: &[i64]) -> AppResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<super::Db>::new("SELECT id FROM structures WHERE validation_status = 'validated' AND id IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_all(pool).await?)
}

/// Rows whose search text was left empty by the migration (written before the column):
/// (id, name, description, conditions).
pub async fn without_search_text(pool: &Pool) -> AppResult<Vec<(i64, String, String, String)>> {
    Ok(sqlx::query_as("SELECT id, name, description, conditions FROM shared_resources WHERE search_text = ''")
        .fetch_all(pool)
        .await?)
}

pub async fn set_search_text(tx: &mut Tx<'_>, id: i64, text: &str) -> AppResult<()> {
    sqlx::query("UPDATE shared_resources SET search_text = $2 WHERE id = $1").bind(id).bind(text).execute(&mut **tx).await?;
    Ok(())
}

/// A structure's place, where its resources stand by default: (INSEE code, lat, lon).
pub async fn structure_place(pool: &Pool, structure_id: i64) -> AppResult<Option<(String, f64, f64)>> {
    Ok(sqlx::query_as::<_, (Option<String>, Option<f64>, Option<f64>)>("SELECT insee, lat, lon FROM structures WHERE id = $1")
        .bind(structure_id)
        .fetch_optional(pool)
        .await?
        .and_then(|(i, lat, lon)| Some((i?, lat?, lon?))))
}

/// The same, inside a write transaction (the demo data).
pub async fn structure_place_in(tx: &mut Tx<'_>, structure_id: i64) -> AppResult<Option<(String, f64, f64)>> {
    Ok(sqlx::query_as::<_, (Option<String>, Option<f64>, Option<f64>)>("SELECT insee, lat, lon FROM structures WHERE id = $1")
        .bind(structure_id)
        .fetch_optional(&mut **tx)
        .await?
        .and_then(|(i, lat, lon)| Some((i?, lat?, lon?))))
}

/// Validated structures by name, at most `limit`: the partners a form offers.
pub async fn partner_choices(pool: &Pool, limit: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM structures WHERE validation_status = 'validated' ORDER BY name_folded LIMIT $1")
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// A new generation of a resource's feed key (the old key stops working).
pub async fn bump_feed(tx: &mut Tx<'_>, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE shared_resources SET feed_generation = feed_generation + 1 WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// A structure's id and its bookings feed's generation, by slug.
pub async fn structure_feed(pool: &Pool, slug: &str) -> AppResult<Option<(i64, i32)>> {
    Ok(sqlx::query_as("SELECT id, bookings_feed_generation FROM structures WHERE slug = $1").bind(slug).fetch_optional(pool).await?)
}

/// A structure's slug and its bookings feed's generation, by id.
pub async fn structure_feed_by_id(pool: &Pool, id: i64) -> AppResult<Option<(String, i32)>> {
    Ok(sqlx::query_as("SELECT slug, bookings_feed_generation FROM structures WHERE id = $1").bind(id).fetch_optional(pool).await?)
}

pub async fn bump_structure_feed(tx: &mut Tx<'_>, structure_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE structures SET bookings_feed_generation = bookings_feed_generation + 1 WHERE id = $1")
        .bind(structure_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
