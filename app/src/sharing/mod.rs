//! The Coin du partage: publishing and closing posts, responses and their threads,
//! volunteering sign-ups, reports, expiry, what a post's page shows to whom, and a page
//! of the list ([`list`], read through `search`). Plain async functions; the server
//! functions call them after the policy's role check, and the per-object checks
//! (manager of *this* post) happen here.
//!
//! May import: `db`, `search`, `state` (a list page reads the index it holds), `structures`, `model`, `i18n`, `error`. Never `api` or `pages`.

pub mod expiry;
pub mod exchanges;
pub mod geocode;
pub mod list;
pub mod publish;
pub mod reports;
pub mod responses;
pub mod volunteers;
