//! The single `instance_settings` row and server secrets.

use super::Pool;
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
