//! Rows of the open-data posts API (`GET /api/v1/posts`): public fields only. Where an
//! individual's post is, is its commune: the point given is the commune's centroid
//! whatever the row holds, and there is no address.

use sqlx::QueryBuilder;

use super::POST_IS_PUBLIC;
use crate::db::{Db, Pool};
use crate::error::AppResult;
use crate::model::{LocationPrecision, PostKind, PostStatus, Urgency};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OpenPost {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub urgency: Urgency,
    pub title: String,
    pub description: String,
    pub category_slug: String,
    pub category_name: String,
    pub structure_name: Option<String>,
    pub structure_slug: Option<String>,
    pub insee: Option<String>,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
    pub location_precision: LocationPrecision,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The columns of [`OpenPost`] and the joins they need (no `WHERE`).
const SELECT: &str = "SELECT p.id, p.kind, p.status, p.urgency, p.title, p.description,
        c.slug AS category_slug, c.name AS category_name,
        s.name AS structure_name, s.slug AS structure_slug,
        p.insee, co.name AS commune_name, co.departement, p.location_precision,
        CASE WHEN p.location_precision = 'address' THEN p.lat ELSE co.lat END AS lat,
        CASE WHEN p.location_precision = 'address' THEN p.lon ELSE co.lon END AS lon,
        p.published_at, p.expires_at
    FROM posts p
    JOIN categories c ON c.id = p.category_id
    LEFT JOIN structures s ON s.id = p.structure_id
    LEFT JOIN communes co ON co.insee = p.insee";

/// Every public post, by id (the open-data exports stream it).
pub fn all_sql() -> String {
    format!("{SELECT} WHERE {POST_IS_PUBLIC} ORDER BY p.id")
}

/// The rows of an export statement ([`all_sql`], [`ALL_STRUCTURES_SQL`]) as the database
/// yields them, so a million rows never sit in memory.
pub fn stream<'a, R>(pool: &'a crate::db::Pool, sql: &'a str) -> impl futures_util::Stream<Item = Result<R, sqlx::Error>> + Send + 'a
where
    R: for<'r> sqlx::FromRow<'r, <crate::db::Db as sqlx::Database>::Row> + Send + Unpin + 'a,
{
    sqlx::query_as::<_, R>(sql).fetch(pool)
}

/// A public structure as the open-data exports give it: no address; of its contacts,
/// those it made public ([`OpenStructure::contacts`]).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OpenStructure {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: crate::model::StructureKind,
    pub description: String,
    pub insee: Option<String>,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub email_public: bool,
    pub phone_public: bool,
    pub website_public: bool,
}

impl OpenStructure {
    /// Its contacts as anyone sees them (the one rule, `Contacts::seen_by`).
    pub fn contacts(&self) -> crate::model::Contacts {
        crate::model::Contacts { email: self.email.clone(), phone: self.phone.clone(), website: self.website.clone() }.seen_by(
            crate::model::ContactVisibility { email: self.email_public, phone: self.phone_public, website: self.website_public },
            crate::model::ContactAudience::Anyone,
        )
    }
}

/// Every validated structure, by id.
pub const ALL_STRUCTURES_SQL: &str = "SELECT s.id, s.slug, s.name, s.kind, s.description, s.insee,
        co.name AS commune_name, COALESCE(co.departement, s.departement) AS departement, s.lat, s.lon,
        s.email, s.phone, s.website, s.email_public, s.phone_public, s.website_public
    FROM structures s LEFT JOIN communes co ON co.insee = s.insee
    WHERE s.validation_status = 'validated' ORDER BY s.id";

/// These public posts, in this order.
pub async fn by_ids(pool: &Pool, ids: &[i64]) -> AppResult<Vec<OpenPost>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE ");
    qb.push(POST_IS_PUBLIC).push(" AND p.id IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
    let mut found: Vec<OpenPost> = qb.build_query_as().fetch_all(pool).await?;
    found.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    Ok(found)
}

/// A public pooled resource as the open-data exports give it: its structure's name and
/// place (structures are public), no bookings.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OpenResource {
    pub id: i64,
    pub name: String,
    pub kind: crate::model::ResourceKind,
    pub description: String,
    pub conditions: String,
    pub contribution: String,
    pub time_unit: crate::model::TimeUnit,
    pub open_to_individuals: bool,
    pub structure_name: String,
    pub structure_slug: String,
    pub insee: Option<String>,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Every public resource (active, its structure validated), by id.
pub const ALL_RESOURCES_SQL: &str = "SELECT r.id, r.name, r.kind, r.description, r.conditions, r.contribution, r.time_unit,
        r.open_to_individuals, s.name AS structure_name, s.slug AS structure_slug, r.insee, co.name AS commune_name,
        co.departement, r.lat, r.lon
    FROM shared_resources r JOIN structures s ON s.id = r.structure_id LEFT JOIN communes co ON co.insee = r.insee
    WHERE r.active = TRUE AND s.validation_status = 'validated' ORDER BY r.id";
