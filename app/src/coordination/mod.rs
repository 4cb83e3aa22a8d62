//! Espace coordination: what coordinators of a territory or network (and instance admins)
//! see and do — the dashboard, their list of posts, « mise en relation », moderation.
//! Plain async functions behind the server functions; every one resolves what the user
//! may look at ([`scope::resolve`]) or checks the object ([`scope::require_post`]) here.
//!
//! May import: `db`, `policy`, `sharing`, `structures`, `model`, `i18n`, `error`. Never `api` or `pages`.

pub mod connect;
pub mod dashboard;
pub mod import;
pub mod moderation;
pub mod scope;
pub mod settings;
pub mod territories;
