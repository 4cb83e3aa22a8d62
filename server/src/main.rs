//! Coin du partage — the server binary.
//!
//!   coin-du-partage                 serve the application (default)
//!   coin-du-partage backup FILE     online backup of the SQLite database into FILE
//!   coin-du-partage create-admin EMAIL
//!                                   first instance admin (password: COIN_ADMIN_PASSWORD or stdin)
//!   coin-du-partage help
//!
//! Anything else is answered with the usage and exit code 2. Synthetic data and
//! benchmarks are not here: they are `coin-du-partage-dev` (src/bin/coin-du-partage-dev/,
//! feature `dev-tools`), which this binary never contains.

use std::process::ExitCode;
use std::sync::Arc;

use app::state::{AppState, SiteConfig};
use server::config::{Config, LogFormat};
use server::{demo, startup};
use tracing_subscriber::EnvFilter;

fn usage() -> &'static str {
    "Utilisation / usage:
  coin-du-partage                     lance le serveur / run the server
  coin-du-partage backup FICHIER      sauvegarde la base SQLite / back up the SQLite database
  coin-du-partage create-admin EMAIL  crée le premier admin (mot de passe : COIN_ADMIN_PASSWORD ou entrée standard)
Données synthétiques et bancs d’essai : coin-du-partage-dev, hors de ce binaire (README, « Bancs d’essai »)
/ synthetic data and benchmarks: coin-du-partage-dev, not in this binary
"
}

fn main() -> ExitCode {
    // 8 MiB per worker: a debug build's page rendering nests futures deeply (release
    // builds need far less; the cost is address space, not memory).
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 << 20).build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("tokio: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(config).await,
        Some("backup") => match args.get(1) {
            Some(file) => backup(config, file).await,
            None => return usage_error("FICHIER manquant / missing FILE"),
        },
        Some("create-admin") => match args.get(1) {
            Some(email) => create_admin(config, email).await,
            None => return usage_error("EMAIL manquant / missing EMAIL"),
        },
        Some("help" | "--help" | "-h") => {
            print!("{}", usage());
            Ok(())
        }
        Some(other) => return usage_error(&format!("commande inconnue / unknown command: {other}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A command line this binary does not understand: why, the usage, exit code 2 (as a bad
/// setting), before anything touches the database.
fn usage_error(why: &str) -> ExitCode {
    eprintln!("{why}\n{}", usage());
    ExitCode::from(2)
}

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn serve(config: Config) -> Result<(), String> {
    tracing::info!(config = ?config, "starting");
    let pool = startup::prepare_database(&config).await.map_err(|e| e.to_string())?;
    if config.demo_data {
        match demo::load_if_empty(&pool).await {
            Ok(Some(summary)) => tracing::info!(%summary, "demo data loaded"),
            Ok(None) => tracing::info!("database not empty: demo data not loaded"),
            Err(e) => return Err(format!("données de démonstration / demo data: {}", e.message)),
        }
    }
    let leptos_options = startup::leptos_options(&config);
    let secret = startup::secret_key(&config, &pool).await.map_err(|e| e.to_string())?;
    let state = AppState {
        signer: Arc::new(app::auth::signed::Signer::new(&secret)),
        pool: pool.clone(),
        leptos_options,
        site: Arc::new(SiteConfig {
            public_url: config.public_url.clone(),
            tile_url: config.tile_url.clone(),
            tile_attribution: config.tile_attribution.clone(),
            dev_mode: config.dev_mode,
            trusted_proxies: config.trusted_proxies.clone(),
            metrics_from: config.metrics_from.clone(),
            geocoder_url: config.geocoder_url.clone(),
        }),
        throttles: Default::default(),
        figures: Default::default(),
        posts: Default::default(),
        cache: Default::default(),
    };
    // Forget rate-limit keys that have fully recovered, so memory stays bounded.
    let throttles = state.throttles.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            throttles.shrink();
        }
    });
    // Posts' expiry (reminders a week before, then « expiré ») and structures' freshness
    // (a reminder after a year, stale 30 days later): hourly, and once at start.
    let (expiry_pool, public_url) = (pool.clone(), config.public_url.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let done = app::sharing::expiry::run(&expiry_pool, app::db::now()).await;
            server::metrics::job("post_expiry", done.is_ok());
            match done {
                Ok((0, 0)) => {}
                Ok((reminded, expired)) => tracing::info!(reminded, expired, "post expiry"),
                Err(e) => tracing::warn!(error = %e.message, "post expiry failed"),
            }
            let done = app::structures::freshness::run(&expiry_pool, &public_url, app::db::now()).await;
            server::metrics::job("structure_freshness", done.is_ok());
            match done {
                Ok((0, 0)) => {}
                Ok((asked, stale)) => tracing::info!(asked, stale, "structure freshness"),
                Err(e) => tracing::warn!(error = %e.message, "structure freshness failed"),
            }
            let trimmed = app::change_log::trim(&expiry_pool).await;
            server::metrics::job("change_log_trim", trimmed.is_ok());
            if let Err(e) = trimmed {
                tracing::warn!(error = %e, "map change log trim failed");
            }
        }
    });
    // Exchange mails (at once, daily summaries, missions' reminders) and alerts into the outbox.
    let (mail_pool, mail_url, signer, alert_state) = (pool.clone(), config.public_url.clone(), state.signer.clone(), state.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(app::model::MAIL_TICK_SECONDS));
        loop {
            tick.tick().await;
            let done = app::mail::exchanges::run(&mail_pool, &mail_url, &signer, app::db::now()).await;
            server::metrics::job("exchange_mails", done.is_ok());
            match done {
                Ok(0) => {}
                Ok(mails) => tracing::info!(mails, "exchange mails enqueued"),
                Err(e) => tracing::warn!(error = %e.message, "exchange mails failed"),
            }
            let done = app::mail::alerts::run(&alert_state, &signer, app::db::now()).await;
            server::metrics::job("alert_mails", done.is_ok());
            match done {
                Ok(0) => {}
                Ok(mails) => tracing::info!(mails, "alert mails enqueued"),
                Err(e) => tracing::warn!(error = %e.message, "alert mails failed"),
            }
            let done = app::mail::alerts::run_urgent(&alert_state, &signer, app::db::now()).await;
            server::metrics::job("urgent_alert_mails", done.is_ok());
            match done {
                Ok(0) => {}
                Ok(mails) => tracing::info!(mails, "urgent-need alert mails enqueued"),
                Err(e) => tracing::warn!(error = %e.message, "urgent-need alert mails failed"),
            }
            let links = app::mail::bookings::Links { signer: &signer, public_url: &mail_url };
            let done = app::mail::bookings::run(&mail_pool, links, app::db::now()).await;
            server::metrics::job("booking_mails", done.is_ok());
            match done {
                Ok(0) => {}
                Ok(mails) => tracing::info!(mails, "booking mails enqueued (lapsed requests, reminders)"),
                Err(e) => tracing::warn!(error = %e.message, "booking mails failed"),
            }
            let done = app::mail::visitors::forget_unconfirmed(&alert_state.pool, app::db::now()).await;
            server::metrics::job("forget_unconfirmed_alerts", done.is_ok());
            match done {
                Ok(0) => {}
                Ok(alerts) => tracing::info!(alerts, "unconfirmed visitor alerts deleted"),
                Err(e) => tracing::warn!(error = %e.message, "deleting unconfirmed visitor alerts failed"),
            }
        }
    });
    if let Some(smtp) = &config.smtp {
        let mailer = server::mailer::Mailer::new(smtp)?;
        tracing::info!("SMTP: {}:{}", smtp.host, smtp.port);
        tokio::spawn(mailer.run(pool.clone()));
    }
    let sessions = startup::session_store(&pool).await.map_err(|e| e.to_string())?;
    // The map's index loads in the background: pages are served meanwhile.
    let map = server::map::MapData::default();
    tokio::spawn(server::map::sync::run(pool.clone(), map.clone(), config.map_index_file.clone()));
    // Likewise the lists' search index (`app::search::PostIndex`): the database answers
    // searches until it is loaded.
    tokio::spawn(state.posts.clone().follow(pool.clone()));
    let app = server::router::router(state, sessions, map);

    // Before the port opens: from then on a SIGTERM stops the server gracefully.
    let shutdown = startup::shutdown_signal();
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("impossible d’écouter sur {} : {e} / cannot listen on {}", config.site_addr, config.site_addr))?
        // Without TCP_NODELAY each streamed keep-alive response stalls ~40 ms (BUILD.md).
        .tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
    tracing::info!(address = %config.site_addr, public_url = %config.public_url, "listening");
    // Connection info gives server functions the client's address (rate limits).
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| format!("serveur / server: {e}"))?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn backup(config: Config, file: &str) -> Result<(), String> {
    let pool = app::db::connect(&config.database_url, 2).await.map_err(|e| e.to_string())?;
    app::db::backend::backup(&pool, std::path::Path::new(file)).await.map_err(|e| e.message)?;
    println!("sauvegarde écrite / backup written: {file}");
    Ok(())
}

async fn create_admin(config: Config, email: &str) -> Result<(), String> {
    let password = match std::env::var("COIN_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Mot de passe (12 caractères au moins), puis Entrée / password, then Enter:");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let pool = startup::prepare_database(&config).await.map_err(|e| e.to_string())?;
    let summary = server::admin::create_admin(&pool, email, &password).await.map_err(|e| e.message)?;
    println!("{summary}");
    Ok(())
}
