#![recursion_limit = "256"]
//! The server side of Coin du partage: configuration, router, start-up tasks, demo data.
//! `main.rs` is a thin command-line front; tests use this library directly.

pub mod admin;
pub mod authz;
pub mod config;
pub mod coordination_export;
pub mod demo;
pub mod exports;
pub mod form_flash;
pub mod generate;
pub mod mailer;
pub mod map;
pub mod open_data;
pub mod router;
pub mod security;
pub mod startup;
