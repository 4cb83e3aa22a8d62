//! Inserts shared by the demo loader, the synthetic data generator and (later) the
//! publishing features. Each takes an open transaction: callers decide what is atomic.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::Tx;
use crate::error::AppResult;
use crate::model::{LocationPrecision, PostKind, PostStatus, StructureKind, Urgency, ValidationStatus, fold};

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub is_instance_admin: bool,
    pub email_verified: bool,
}

pub async fn insert_user(tx: &mut Tx<'_>, u: &NewUser<'_>) -> AppResult<i64> {
    let now = super::now();
    Ok(sqlx::query_scalar(
        "INSERT INTO users (email, email_verified_at, password_hash, display_name, is_instance_admin, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(u.email.trim().to_lowercase())
    .bind(u.email_verified.then_some(now))
    .bind(u.password_hash)
    .bind(u.display_name)
    .bind(u.is_instance_admin)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub struct NewStructure<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: StructureKind,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub insee: Option<&'a str>,
    pub postcode: Option<&'a str>,
    pub departement: Option<&'a str>,
    pub lat_lon: Option<(f64, f64)>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub website: Option<&'a str>,
    pub rna: Option<&'a str>,
    pub siret: Option<&'a str>,
    pub validation_status: ValidationStatus,
    pub created_by: Option<i64>,
}

pub async fn insert_structure(tx: &mut Tx<'_>, s: &NewStructure<'_>) -> AppResult<i64> {
    let now = super::now();
    let validated_at = (s.validation_status == ValidationStatus::Validated).then_some(now);
    Ok(sqlx::query_scalar(
        "INSERT INTO structures (slug, name, name_folded, kind, description, address, insee, postcode, departement,
                                 lat, lon, email, phone, website, rna, siret, validation_status, created_by,
                                 validated_at, created_at, updated_at, search_folded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)
         RETURNING id",
    )
    .bind(s.slug)
    .bind(s.name)
    .bind(fold(s.name))
    .bind(s.kind)
    .bind(s.description)
    .bind(s.address)
    .bind(s.insee)
    .bind(s.postcode)
    .bind(s.departement)
    .bind(s.lat_lon.map(|p| p.0))
    .bind(s.lat_lon.map(|p| p.1))
    .bind(s.email)
    .bind(s.phone)
    .bind(s.website)
    .bind(s.rna)
    .bind(s.siret)
    .bind(s.validation_status)
    .bind(s.created_by)
    .bind(validated_at)
    .bind(now)
    .bind(super::directory::search_text(s.name, s.description))
    .fetch_one(&mut **tx)
    .await?)
}

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
    .bind(super::posts::search_text(p.title, p.description))
    .fetch_one(&mut **tx)
    .await?)
}
