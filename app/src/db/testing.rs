//! Throw-away databases for tests, on the compiled backend: a temporary SQLite file, or
//! a fresh PostgreSQL database created through `TEST_DATABASE_URL` (an account allowed
//! to create databases). A missing `TEST_DATABASE_URL` under `postgres` fails the test:
//! PostgreSQL runs are never skipped.
//!
//! Only with the `test-support` feature, which the server's `[dev-dependencies]` turn on:
//! test builds have it, the shipped server does not.

use std::sync::atomic::{AtomicU32, Ordering};

use super::Pool;

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestDb {
    pub pool: Pool,
    pub url: String,
    cleanup: Cleanup,
}

/// What `drop_db` removes: one variant per backend.
enum Cleanup {
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    File(std::path::PathBuf),
    #[cfg(feature = "postgres")]
    Database { admin_url: String, name: String },
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("coin_test_{}_{}_{}", std::process::id(), n, nanos)
}

impl TestDb {
    /// An empty, migrated database.
    pub async fn new() -> Self {
        let (url, cleanup) = Self::create().await;
        let pool = super::connect(&url, 5).await.expect("connect to the test database");
        super::migrate(&pool).await.expect("migrate the test database");
        super::settings::ensure(&pool).await.expect("settings row");
        TestDb { pool, url, cleanup }
    }

    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    async fn create() -> (String, Cleanup) {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        (format!("sqlite://{}", path.display()), Cleanup::File(path))
    }

    #[cfg(feature = "postgres")]
    async fn create() -> (String, Cleanup) {
        use sqlx::Connection;
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .expect("TEST_DATABASE_URL must name a PostgreSQL server for the postgres test run");
        let name = unique_name();
        let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
        let url = match admin_url.rfind('/') {
            Some(i) if admin_url[..i].contains("://") && i > admin_url.find("://").unwrap_or(0) + 2 => {
                let query = admin_url[i..].find('?').map(|q| &admin_url[i + q..]).unwrap_or("");
                format!("{}/{}{}", &admin_url[..i], name, query)
            }
            _ => panic!("TEST_DATABASE_URL must end with /database"),
        };
        (url, Cleanup::Database { admin_url, name })
    }

    /// Closes the pool and removes the database.
    pub async fn drop_db(self) {
        self.pool.close().await;
        match self.cleanup {
            #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{}", path.display(), suffix));
                }
            }
            #[cfg(feature = "postgres")]
            Cleanup::Database { admin_url, name } => {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            }
        }
    }
}
