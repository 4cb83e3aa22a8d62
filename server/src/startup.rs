//! What happens before the first request: database, migrations, reference data.

use app::db::{self, Pool};
use leptos::prelude::LeptosOptions;

use crate::config::Config;

/// The French communes, bundled into the binary (see data/README.md for sources).
pub static COMMUNES_CSV: &[u8] = include_bytes!("../../data/communes.csv");

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Connect(#[from] db::backend::ConnectError),
    #[error("migration de la base impossible : {0} / database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("préparation de la base impossible : {0} / database preparation failed")]
    Prepare(String),
    /// Live structures share an RNA or SIRET number: migration 0016 makes them unique.
    #[error(
        "Des structures actives (validées ou en attente) partagent un numéro RNA ou SIRET, qui doit désormais \
         désigner une seule structure. Corrigez le numéro de l’une d’elles, ou retirez-la de l’annuaire \
         (validation_status = 'archived'), puis relancez le serveur :\n{}\n\
         / Live structures share an RNA or SIRET number; fix or archive them, then restart.",
        .0.join("\n")
    )]
    DuplicateIdentifiers(Vec<String>),
}

/// The migration that makes RNA and SIRET unique among live structures.
pub const IDENTIFIERS_MIGRATION: i64 = 16;

/// Connects, migrates, creates the settings row and the secret key, loads the communes.
pub async fn prepare_database(config: &Config) -> Result<Pool, StartupError> {
    let pool = db::connect(&config.database_url, config.db_max_connections).await?;
    migrate(&pool).await?;
    prepare_reference_data(&pool).await.map_err(|e| StartupError::Prepare(e.message))?;
    if config.secret_key.is_none() {
        db::settings::secret_or_create(&pool, "secret_key", generate_secret)
            .await
            .map_err(|e| StartupError::Prepare(e.message))?;
    }
    Ok(pool)
}

/// The instance key: `COIN_SECRET_KEY`, else the one generated at first start and kept
/// in the database (the same for every instance sharing it).
pub async fn secret_key(config: &Config, pool: &Pool) -> Result<String, StartupError> {
    match &config.secret_key {
        Some(k) => Ok(k.clone()),
        None => db::settings::secret_or_create(pool, "secret_key", generate_secret).await.map_err(|e| StartupError::Prepare(e.message)),
    }
}

/// Applies the migrations, after checking what one of them cannot fix by itself: before
/// migration 0016, live structures sharing an RNA or SIRET number stop the start-up with
/// their list (docs/decisions.md §29: an operator decides which one keeps the number; merging
/// two validated structures is not something to do unasked).
pub async fn migrate(pool: &Pool) -> Result<(), StartupError> {
    // A fresh database has no migrations table yet: nothing to check.
    if db::migration_applied(pool, IDENTIFIERS_MIGRATION).await == Some(false) {
        let duplicates = db::structures::live_identifier_duplicates(pool).await.map_err(|e| StartupError::Prepare(e.message))?;
        if !duplicates.is_empty() {
            return Err(StartupError::DuplicateIdentifiers(duplicates));
        }
    }
    db::migrate(pool).await?;
    Ok(())
}

/// Idempotent: settings row and communes (only if the table is empty).
pub async fn prepare_reference_data(pool: &Pool) -> app::error::AppResult<()> {
    db::settings::ensure(pool).await?;
    db::directory::backfill_search(pool).await?;
    db::posts::backfill_search(pool).await?;
    app::pooling::resources::backfill_search_text(pool).await?;
    let started = std::time::Instant::now();
    let n = db::communes::import_if_empty(pool, COMMUNES_CSV).await?;
    if n > 0 {
        tracing::info!(communes = n, ms = started.elapsed().as_millis() as u64, "communes loaded");
    }
    Ok(())
}

/// 256 random bits, hex-encoded.
pub fn generate_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Leptos options from our config: the listen address is ours (`LEPTOS_SITE_ADDR`), the
/// site root is what `scripts/build.sh` produced.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    LeptosOptions::builder()
        .output_name("coin-du-partage")
        .site_pkg_dir(site_pkg_dir(&site_root))
        .site_root(site_root)
        .site_addr(config.site_addr)
        .build()
}

/// The folder of the browser files under the site root: `pkg/<hash>`, named after their
/// content by `scripts/site.mjs` (which writes that name to `pkg/current`), or `pkg`
/// for a site assembled otherwise.
fn site_pkg_dir(site_root: &str) -> String {
    match std::fs::read_to_string(std::path::Path::new(site_root).join("pkg/current")) {
        Ok(id) if !id.trim().is_empty() => format!("pkg/{}", id.trim()),
        _ => "pkg".into(),
    }
}

/// Whether the browser files are in a folder named after their content (then they can
/// be cached for a year).
pub fn content_addressed(options: &LeptosOptions) -> bool {
    options.site_pkg_dir.starts_with("pkg/")
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM: axum then stops accepting and lets
/// in-flight requests finish.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    // The handlers are installed now, not when the future is first polled: a SIGTERM
    // arriving once the port is open but before the server polls it would otherwise
    // meet the default action and kill the process uncleanly.
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        tracing::info!("shutdown signal received, finishing in-flight requests");
    }
}

/// Creates the session store's table if missing (nothing else: no cleaning task;
/// `migrate-to` prepares its target with it).
pub async fn session_table(pool: &Pool) -> Result<(), sqlx::Error> {
    db::backend::SessionStore::new(pool.clone()).migrate().await
}

/// The session store on the application's database, migrated, with background tasks
/// deleting expired sessions every hour, and then their rows in the sessions list.
pub async fn session_store(pool: &Pool) -> Result<db::backend::SessionStore, StartupError> {
    use tower_sessions::ExpiredDeletion;
    session_table(pool).await.map_err(|e| StartupError::Prepare(e.to_string()))?;
    let store = db::backend::SessionStore::new(pool.clone());
    let cleaner = store.clone();
    tokio::spawn(async move {
        if let Err(e) = cleaner.continuously_delete_expired(std::time::Duration::from_secs(3600)).await {
            tracing::warn!(error = %e, "expired-session cleanup stopped");
        }
    });
    // Without this, "my sessions" would keep listing devices whose session expired.
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match db::backend::delete_dead_user_sessions(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions removed from the sessions lists"),
                Err(e) => tracing::warn!(error = %e, "sessions-list cleanup failed"),
            }
        }
    });
    Ok(store)
}
