//! One module per page or group of pages of the site, routed in `lib.rs`.
//!
//! May import: `api` (server functions), `components`, `model`, `i18n`, `error`. Never `db` or the services: what a page needs from the server goes through a server function.

pub mod account;
pub mod alerts;
pub mod bookings;
pub mod coordination;
pub mod dashboard;
pub mod directory;
pub mod exchanges;
pub mod freshness;
pub mod home;
pub mod import;
pub mod legal;
pub mod map;
pub mod moderation;
pub mod not_found;
pub mod post;
pub mod publish;
pub mod resources;
pub mod settings;
pub mod share;
pub mod territory_review;
pub mod volunteering;
pub mod structures;
