//! SQL only. The backend is chosen at compile time (`sqlite` default, `postgres`):
//! queries are written once with `$N` placeholders and portable SQL; what differs per
//! backend lives in [`backend`].
//!
//! May import: `model`, `i18n` (French messages of constraint errors), `error`. Nothing above it: no service, `search`, `state` or `api`.

pub mod alerts;
pub mod audit;
pub mod bookings;
pub mod cache;
pub mod communes;
pub mod dashboard;
pub mod directory;
pub mod freshness;
pub mod imports;
pub mod jobs;
pub mod labels;
pub mod mail;
pub mod moderation;
pub mod notifications;
pub mod outbox;
pub mod posts;
pub mod rate_limits;
pub mod reports;
pub mod resources;
pub mod responses;
pub mod scope;
pub mod backend;
pub mod settings;
pub mod structures;
pub mod territories;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod users;
pub mod volunteers;

use chrono::{DateTime, SubsecRound, Utc};

#[cfg(feature = "postgres")]
pub type Db = sqlx::Postgres;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub type Db = sqlx::Sqlite;
#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
compile_error!("choose a database backend: feature `sqlite` (default) or `postgres`");

pub type Pool = sqlx::Pool<Db>;
pub type Tx<'a> = sqlx::Transaction<'a, Db>;

/// The current time as stored: UTC, microsecond precision (PostgreSQL's), so a value
/// read back equals the value written on both backends.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub use backend::{BACKEND, begin_write, connect, migrate};

/// Whether the database answers (the health check).
pub async fn ping(pool: &Pool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// Whether a migration has been applied; `None` when the database has no migrations
/// table yet (a fresh database).
pub async fn migration_applied(pool: &Pool, version: i64) -> Option<bool> {
    let n: Result<i64, sqlx::Error> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1").bind(version).fetch_one(pool).await;
    n.ok().map(|n| n > 0)
}
