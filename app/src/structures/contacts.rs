//! Who sees a structure's contacts. The rule itself is [`Contacts::seen_by`]: a field
//! the structure made public is shown to anyone, the others to insiders only. This
//! module says who the insiders are, for one viewer and one structure.

use crate::db::Pool;
use crate::error::AppResult;
use crate::model::ContactAudience;
pub use crate::model::{Contacts, ContactVisibility};

/// The audience `viewer` (a user id; `None` for a visitor) belongs to for `structure_id`:
/// insiders are instance admins, the structure's active members, and the coordinators
/// of a territory it belongs to (by its commune, or as a member structure — the scope
/// of the coordinators' pages and exports).
pub async fn audience(pool: &Pool, viewer: Option<i64>, structure_id: i64) -> AppResult<ContactAudience> {
    let Some(user_id) = viewer else {
        return Ok(ContactAudience::Anyone);
    };
    let insider: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND is_instance_admin = TRUE)
             OR EXISTS (SELECT 1 FROM memberships WHERE user_id = $1 AND structure_id = $2 AND status = 'active')
             OR EXISTS (SELECT 1 FROM territory_coordinators co
                        WHERE co.user_id = $1 AND (
                          co.territory_id IN (SELECT ts.territory_id FROM territory_structures ts WHERE ts.structure_id = $2)
                          OR co.territory_id IN (SELECT tc.territory_id FROM territory_communes tc
                                                 JOIN structures s ON s.insee = tc.insee WHERE s.id = $2)))",
    )
    .bind(user_id)
    .bind(structure_id)
    .fetch_one(pool)
    .await?;
    Ok(if insider { ContactAudience::Insiders } else { ContactAudience::Anyone })
}

/// What `viewer` sees of one structure's contacts.
pub async fn seen_by(pool: &Pool, viewer: Option<i64>, structure_id: i64, contacts: Contacts, public: ContactVisibility) -> AppResult<Contacts> {
    Ok(contacts.seen_by(public, audience(pool, viewer, structure_id).await?))
}

/// Row of a structure's contacts with their visibility (the `*_public` columns).
#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub email_public: bool,
    pub phone_public: bool,
    pub website_public: bool,
}

impl ContactRow {
    pub fn seen_by(self, audience: ContactAudience) -> Contacts {
        Contacts { email: self.email, phone: self.phone, website: self.website }
            .seen_by(ContactVisibility { email: self.email_public, phone: self.phone_public, website: self.website_public }, audience)
    }
}

/// What anyone sees of these structures' contacts, by id (the open-data API's page).
pub async fn public_of(pool: &Pool, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, Contacts>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut qb = sqlx::QueryBuilder::<crate::db::Db>::new(
        "SELECT id, email, phone, website, email_public, phone_public, website_public FROM structures WHERE id IN (",
    );
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    let rows: Vec<ContactRow> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.seen_by(ContactAudience::Anyone))).collect())
}

/// The audience of a coordinators' export: the structures of `scope` (a territory the
/// caller coordinates, as `coordination::scope::resolve` returns it) or, for an instance
/// admin, of the instance. Anyone else is `Anyone`.
pub fn audience_of_scope(user: &crate::model::SessionUser, scope: Option<i64>) -> ContactAudience {
    if user.is_instance_admin || scope.is_some() { ContactAudience::Insiders } else { ContactAudience::Anyone }
}
