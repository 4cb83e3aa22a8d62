//! Coin du partage — the server binary.
//!
//!   coin-du-partage                 serve the application (default)
//!   coin-du-partage backup FILE     online backup of the SQLite database into FILE
//!   coin-du-partage create-admin EMAIL
//!                                   first instance admin (password: COIN_ADMIN_PASSWORD or stdin)
//!   coin-du-partage migrate-to POSTGRES-URL SQLITE-FILE [--sans-sessions]
//!                                   copies a SQLite instance into PostgreSQL (postgres build)
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
  coin-du-partage migrate-to URL-POSTGRESQL FICHIER-SQLITE [--sans-sessions]
                                      copie une instance SQLite dans PostgreSQL (binaire PostgreSQL) / copy a SQLite instance into PostgreSQL
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
    // Before the configuration: the copy reads its two databases from its arguments.
    if args.first().map(String::as_str) == Some("migrate-to") {
        return migrate_to(&args[1..]).await;
    }
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
    server::jobs::spawn_all(&state);
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

/// `migrate-to URL FILE [--sans-sessions]` (docs/deploiement.md, « Passer à PostgreSQL »).
async fn migrate_to(args: &[String]) -> ExitCode {
    let _ = tracing_subscriber::fmt().with_env_filter(EnvFilter::new("warn")).try_init();
    let sessions = !args.iter().any(|a| a == "--sans-sessions");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(url), Some(file), 2) = (positional.first(), positional.get(1), positional.len()) else {
        return usage_error("migrate-to : URL-POSTGRESQL FICHIER-SQLITE attendus / expected");
    };
    if let Some(unknown) = args.iter().find(|a| a.starts_with("--") && *a != "--sans-sessions") {
        return usage_error(&format!("option inconnue / unknown option: {unknown}"));
    }
    copy_to_postgres(url, file, sessions).await
}

#[cfg(feature = "postgres")]
async fn copy_to_postgres(url: &str, file: &str, sessions: bool) -> ExitCode {
    use server::migrate_to::{Options, migrate_to};
    let started = std::time::Instant::now();
    let path = std::path::Path::new(file);
    if !path.is_file() {
        eprintln!("fichier SQLite introuvable / SQLite file not found: {file}");
        return ExitCode::from(2);
    }
    eprintln!("Copie de {file} vers {} / copying", server::config::redact_url(url));
    let progress = |line: String| eprintln!("  {line}");
    match migrate_to(Options { source: path, target_url: url, sessions }, &progress).await {
        Ok(report) => {
            println!("{:<28} {:>10}  empreinte / checksum", "table", "lignes");
            for t in &report.copied {
                println!("{:<28} {:>10}  {}", t.table, t.rows, t.checksum);
            }
            if !report.skipped.is_empty() {
                println!("non copiées (--sans-sessions, chacun se reconnectera) : {}", report.skipped.join(", "));
            }
            println!("reconstruites au démarrage / rebuilt at start: {}", report.derived.join(", "));
            println!(
                "Copie terminée et vérifiée en {:.1} s. Démarrez le binaire PostgreSQL avec DATABASE_URL sur cette base. / Done.",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "postgres"))]
async fn copy_to_postgres(_: &str, _: &str, _: bool) -> ExitCode {
    eprintln!(
        "migrate-to est dans le binaire PostgreSQL : cargo build --release --no-default-features --features server/postgres \
         (README, « Passer à PostgreSQL ») / migrate-to is in the PostgreSQL build"
    );
    ExitCode::from(2)
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
