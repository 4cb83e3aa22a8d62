//! Accounts on the server: password hashing on a bounded pool, single-use tokens,
//! sessions, and the sign-up / verification / login rules.
//!
//! May import: `db`, `model`, `i18n`, `error`. Never `api`, `pages` or `state` (the state holds its throttles, not the other way round).

pub mod account;
pub mod passwords;
pub mod service;
pub mod session;
pub mod signed;
pub mod throttle;
pub mod tokens;
