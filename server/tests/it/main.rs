//! Integration tests: one binary, one module per area. Every test gets its own
//! database on the compiled backend (SQLite file, or a fresh PostgreSQL database).

mod helpers;

mod accounts;
mod alerts;
mod authz;
mod bookings;
mod bounds;
mod communes;
mod concurrency;
mod coordination;
mod database;
mod demo;
mod directory;
mod exchange_mails;
mod exchanges;
mod exports;
mod feeds;
#[cfg(feature = "postgres")]
mod instances;
mod links;
mod managers;
mod map;
mod memberships;
mod metrics;
#[cfg(feature = "postgres")]
mod migrate_to;
mod my_account;
mod places;
mod posts_api;
mod process;
mod router;
mod security;
mod served_html;
mod share;
mod smtp;
mod structure_rules;
mod territory_powers;
mod xss;
