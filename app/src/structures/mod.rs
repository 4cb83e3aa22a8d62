//! Structures from the accounts' side: declaring one (→ validation queue), and its
//! members (requests, invitations, roles). Plain async functions: the server functions
//! call them after the policy's role check; per-object checks happen here.
//!
//! May import: `auth`, `db`, `policy`, `model`, `i18n`, `error`. Never `api` or `pages`.

pub mod contacts;
pub mod declare;
pub mod freshness;
pub mod members;
pub mod profile;

use crate::db::{self, Tx};
use crate::error::AppResult;

/// Queues one e-mail (sent by SMTP when configured, else on the dev outbox page).
pub(crate) async fn mail(tx: &mut Tx<'_>, to: &str, subject: &str, body: &str) -> AppResult<()> {
    db::outbox::enqueue(tx, to, subject, body).await
}
