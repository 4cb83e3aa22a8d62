#![recursion_limit = "256"]
//! The server side of Coin du partage: configuration, router, start-up tasks, demo data.
//! It builds on `app` (pages, server functions, database); nothing in it imports a binary.
//! Two command-line fronts use it: `main.rs`, the shipped server, and
//! `bin/coin-du-partage-dev/` (benchmarks, feature `dev-tools`); tests use it directly.

pub mod admin;
pub mod authz;
pub mod config;
pub mod coordination_export;
pub mod demo;
pub mod exports;
pub mod feeds;
pub mod form_flash;
pub mod jobs;
/// Synthetic data for the benchmarks and the tests at scale: only with `dev-tools` (the
/// dev binary; the tests turn it on through `[dev-dependencies]`), so the shipped server
/// cannot fill its database with it.
#[cfg(feature = "dev-tools")]
pub mod generate;
pub mod mailer;
pub mod metrics;
pub mod map;
#[cfg(feature = "postgres")]
pub mod migrate_to;
pub mod open_data;
pub mod router;
pub mod security;
pub mod startup;
pub mod unsubscribe;
