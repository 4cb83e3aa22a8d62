//! Coin du partage — the developer tools: synthetic data and benchmarks (docs/benchmarks.md).
//! Never shipped: built only with the `dev-tools` feature of `server`, so the operators'
//! binary cannot write a million synthetic rows into its database.
//!
//!   cargo build --release -p server --features dev-tools --bin coin-du-partage --bin coin-du-partage-dev
//!
//!   coin-du-partage-dev generate --posts N [--structures N] [--seed N]
//!                                   synthetic data (`server::generate`)
//!   coin-du-partage-dev bench [--posts N] [--runs N] [--seed N] [--throughput-seconds N] [--only PARTIES]
//!                                   list and search benchmarks
//!   coin-du-partage-dev bench-map [--posts N] [--queries N] [--seed N] [--out DIR] [--http] [--memoire-seule]
//!                                   map benchmarks (`--http` starts `coin-du-partage`, built beside)
//!   coin-du-partage-dev bench-alerts [--posts N] [--alerts N] [--seed N] [--smtp HOST:PORT] [--seconds N]
//!   coin-du-partage-dev bench-bookings [--history N] [--runs N] [--concurrent N] [--seed N]
//!                                   alert benchmarks (matching, daily summaries, outbox)
//!   coin-du-partage-dev help
//!
//! It uses the `server` library and `app` as the server binary does; nothing imports it.

use std::process::ExitCode;

use server::config::Config;
use server::{generate, startup};
use tracing_subscriber::EnvFilter;

mod bench;

fn usage() -> &'static str {
    "Utilisation / usage (outils de développement, hors du binaire livré / developer tools, not shipped):
  coin-du-partage-dev generate --posts N [--structures N] [--seed N]
                                      données synthétiques pour les bancs d’essai / synthetic benchmark data
  coin-du-partage-dev bench [--posts N] [--runs N] [--seed N] [--throughput-seconds N] [--only PARTIES]
                                      bancs d’essai de la liste et de la recherche / list and search benchmarks
  coin-du-partage-dev bench-map [--posts N] [--queries N] [--seed N] [--out DOSSIER] [--http] [--memoire-seule]
                                      bancs d’essai de la carte / map benchmarks
  coin-du-partage-dev bench-alerts [--posts N] [--alerts N] [--seed N] [--smtp HÔTE:PORT] [--seconds N]
  coin-du-partage-dev bench-bookings [--history N] [--runs N] [--concurrent N] [--seed N]
                                      bancs d’essai des alertes / alert benchmarks
"
}

fn main() -> ExitCode {
    // The server binary's runtime: the benchmarks render pages in this process, and a
    // debug build's page rendering nests futures deeply (8 MiB per worker).
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
    // Progress lines on the terminal, whatever `COIN_LOG_FORMAT` says for the server.
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(true).init();
    let result = match args.first().map(String::as_str) {
        Some("generate") => match parse_generate(&args[1..]) {
            Ok(opts) => run_generate(config, opts).await,
            Err(e) => return usage_error(&e),
        },
        Some("bench") => match bench::parse_args(&args[1..]) {
            Ok(opts) => bench::run(config, opts).await,
            Err(e) => return usage_error(&e),
        },
        Some("bench-map") => match bench::map::parse_args(&args[1..]) {
            Ok(opts) => bench::map::run(config, opts).await,
            Err(e) => return usage_error(&e),
        },
        Some("bench-alerts") => match bench::alerts::parse_args(&args[1..]) {
            Ok(opts) => bench::alerts::run(config, opts).await,
            Err(e) => return usage_error(&e),
        },
        Some("bench-bookings") => match bench::bookings::parse_args(&args[1..]) {
            Ok(opts) => bench::bookings::run(config, opts).await,
            Err(e) => return usage_error(&e),
        },
        Some("help" | "--help" | "-h") => {
            print!("{}", usage());
            Ok(())
        }
        Some(other) => return usage_error(&format!("commande inconnue / unknown command: {other}")),
        None => return usage_error("commande manquante / missing command"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A command line this binary does not understand: why, the usage, exit code 2.
fn usage_error(why: &str) -> ExitCode {
    eprintln!("{why}\n{}", usage());
    ExitCode::from(2)
}

fn parse_generate(args: &[String]) -> Result<generate::GenerateOptions, String> {
    let mut opts = generate::GenerateOptions::default();
    let mut structures = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().and_then(|v| v.replace('_', "").parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--posts", Some(v)) => opts.posts = v,
            ("--structures", Some(v)) => structures = Some(v),
            ("--seed", Some(v)) => opts.seed = v,
            _ => return Err(format!("option invalide / invalid option: {flag}")),
        }
    }
    opts.structures = structures.unwrap_or_else(|| generate::default_structures(opts.posts));
    Ok(opts)
}

async fn run_generate(config: Config, opts: generate::GenerateOptions) -> Result<(), String> {
    let pool = startup::prepare_database(&config).await.map_err(|e| e.to_string())?;
    let report = generate::generate(&pool, &opts).await.map_err(|e| e.message)?;
    println!("{report}");
    Ok(())
}
