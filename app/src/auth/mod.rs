//! Accounts on the server: password hashing on a bounded pool, single-use tokens,
//! sessions, and the sign-up / verification / login rules.

pub mod account;
pub mod passwords;
pub mod service;
pub mod session;
pub mod signed;
pub mod throttle;
pub mod tokens;
