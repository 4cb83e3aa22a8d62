//! Throw-away databases for tests, on the compiled backend: a temporary SQLite file, or
//! a fresh PostgreSQL database created through `TEST_DATABASE_URL` (an account allowed
//! to create databases). A missing `TEST_DATABASE_URL` under `postgres` fails the test:
//! PostgreSQL runs are never skipped.
//!
//! Only with the `test-support` feature, which the server's `[dev-dependencies]` turn on:
//! test builds have it, the shipped server does not.
//!
//! **Templates.** Migrations, 35,000 communes and the demo data take about a second per
//! test, most of a test's time. [`TestDb::from_template`] prepares such a database once per
//! test process and key, then gives each test its own copy: a file copy on SQLite, a
//! `CREATE DATABASE … TEMPLATE` on PostgreSQL (a few milliseconds). Each test still
//! owns its database; nothing is shared between tests but the starting state.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

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

/// The templates made so far in this process, by key: where each one is (a file path on
/// SQLite, a database name on PostgreSQL).
static TEMPLATES: Mutex<Option<HashMap<&'static str, Arc<tokio::sync::OnceCell<String>>>>> = Mutex::new(None);

impl TestDb {
    /// A copy of the template `key`, made by `prepare` on a migrated database the first
    /// time it is asked for in this process (see the module documentation).
    pub async fn from_template<F, Fut>(key: &'static str, prepare: F) -> Self
    where
        F: FnOnce(Pool) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let cell = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashMap::new).entry(key).or_default().clone();
        let template = cell
            .get_or_init(|| async {
                let db = TestDb::new().await;
                prepare(db.pool.clone()).await;
                db.into_template(key).await
            })
            .await
            .clone();
        let (url, cleanup) = Self::copy_of(&template).await;
        let pool = super::connect(&url, 5).await.expect("connect to the test database");
        TestDb { pool, url, cleanup }
    }

    /// Turns this database into a template; where it is.
    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    async fn into_template(self, key: &str) -> String {
        let dir = std::env::temp_dir();
        // Templates of test processes that have ended (a file per process and key).
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let pid = name.strip_prefix("coin_test_template_").and_then(|rest| rest.split('_').next()).and_then(|p| p.parse::<u32>().ok());
                if pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let path = dir.join(format!("coin_test_template_{}_{key}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        // One self-contained file (no WAL beside it) that a plain copy duplicates.
        sqlx::query(&format!("VACUUM INTO '{}'", path.display())).execute(&self.pool).await.expect("write the template");
        self.drop_db().await;
        path.display().to_string()
    }

    #[cfg(all(feature = "sqlite", not(feature = "postgres")))]
    async fn copy_of(template: &str) -> (String, Cleanup) {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        std::fs::copy(template, &path).expect("copy the template");
        (format!("sqlite://{}", path.display()), Cleanup::File(path))
    }

    /// Turns this database into a template; its name. Left on the server when the process
    /// ends: `scripts/postgres.sh` drops every `coin_test_%` database before a run.
    #[cfg(feature = "postgres")]
    async fn into_template(self, _key: &str) -> String {
        // A template must have no connection while it is copied.
        self.pool.close().await;
        match self.cleanup {
            Cleanup::Database { name, .. } => name,
        }
    }

    #[cfg(feature = "postgres")]
    async fn copy_of(template: &str) -> (String, Cleanup) {
        Self::create_from(Some(template)).await
    }

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
        Self::create_from(None).await
    }

    /// A new database, empty or a copy of `template`.
    #[cfg(feature = "postgres")]
    async fn create_from(template: Option<&str>) -> (String, Cleanup) {
        use sqlx::Connection;
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .expect("TEST_DATABASE_URL must name a PostgreSQL server for the postgres test run");
        let name = unique_name();
        let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
        let from = template.map(|t| format!(" TEMPLATE {t}")).unwrap_or_default();
        sqlx::query(&format!("CREATE DATABASE {name}{from}")).execute(&mut conn).await.expect("create test database");
        // A test database need not survive a crash: commits do not wait for the disk.
        // Everything else (locks, constraints, isolation) is as in production.
        sqlx::query(&format!("ALTER DATABASE {name} SET synchronous_commit = off")).execute(&mut conn).await.expect("test database settings");
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
