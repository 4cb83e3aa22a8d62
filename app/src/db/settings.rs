//! The single `instance_settings` row and server secrets.

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::DataLicence;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct InstanceSettings {
    pub instance_name: String,
    pub data_licence: String,
    pub map_center_lat: f64,
    pub map_center_lon: f64,
    pub map_zoom: i64,
}

impl InstanceSettings {
    pub fn licence(&self) -> DataLicence {
        DataLicence::parse(&self.data_licence).unwrap_or(DataLicence::CcBySa40)
    }
}

/// Creates the settings row with its defaults if missing.
pub async fn ensure(pool: &Pool) -> AppResult<()> {
    sqlx::query("INSERT INTO instance_settings (id, updated_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(super::now())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn get(pool: &Pool) -> AppResult<InstanceSettings> {
    Ok(sqlx::query_as(
        "SELECT instance_name, data_licence, map_center_lat, map_center_lon, map_zoom FROM instance_settings WHERE id = 1",
    )
    .fetch_one(pool)
    .await?)
}

/// Returns the named secret, creating it with `generate()` if absent. Safe when several
/// instances start together: the first insert wins and everyone reads the same value.
pub async fn secret_or_create(pool: &Pool, name: &str, generate: impl FnOnce() -> String) -> AppResult<String> {
    sqlx::query("INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(generate())
        .bind(super::now())
        .execute(pool)
        .await?;
    Ok(sqlx::query_scalar("SELECT value FROM instance_secrets WHERE name = $1").bind(name).fetch_one(pool).await?)
}

/// The admins' version of an instance text, if they wrote one.
pub async fn text(pool: &Pool, key: &str) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT body FROM instance_texts WHERE key = $1").bind(key).fetch_optional(pool).await?)
}

/// Saves an instance text (an empty one restores the built-in text).
pub async fn set_text(tx: &mut Tx<'_>, key: &str, body: &str, by: i64) -> AppResult<()> {
    if body.trim().is_empty() {
        sqlx::query("DELETE FROM instance_texts WHERE key = $1").bind(key).execute(&mut **tx).await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO instance_texts (key, body, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(body)
    .bind(by)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_map_view(tx: &mut Tx<'_>, lat: f64, lon: f64, zoom: i64) -> AppResult<()> {
    sqlx::query("UPDATE instance_settings SET map_center_lat = $1, map_center_lon = $2, map_zoom = $3, updated_at = $4 WHERE id = 1")
        .bind(lat)
        .bind(lon)
        .bind(zoom)
        .bind(super::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
