//! Who sees a structure's contacts. The rule itself is [`Contacts::seen_by`]: a field
//! the structure made public is shown to anyone, the others to insiders only
//! (`db::structures::contact_audience` says who they are for one viewer and one
//! structure). Here: the open data's view and the coordinators' exports' audience.

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::model::ContactAudience;
pub use crate::model::{Contacts, ContactVisibility};

/// What anyone sees of these structures' contacts, by id (the open-data API's page).
pub async fn public_of(pool: &Pool, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, Contacts>> {
    let rows = db::structures::contacts_of(pool, ids).await?;
    Ok(rows.into_iter().map(|(id, contacts, public)| (id, contacts.seen_by(public, ContactAudience::Anyone))).collect())
}

/// The audience of a coordinators' export: the structures of `scope` (a territory the
/// caller coordinates, as `coordination::scope::resolve` returns it) or, for an instance
/// admin, of the instance. Anyone else is `Anyone`.
pub fn audience_of_scope(user: &crate::model::SessionUser, scope: Option<i64>) -> ContactAudience {
    if user.is_instance_admin || scope.is_some() { ContactAudience::Insiders } else { ContactAudience::Anyone }
}
