//! « Mutualiser »: resources structures lend each other (a van, a room, a clède) and
//! their bookings. `resources` owns the owner's form, the list and a resource's page;
//! `bookings` the requests, decisions and cancellations, and the rule of which bookings
//! hold their slot (with `db::bookings` and the schema).
//!
//! May import: `db`, `model`, `i18n`, `error`, `structures` (commune resolution).

pub mod bookings;
pub mod resources;

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::model::{MembershipStatus, SessionUser};

/// Whether `user` is an active member of the structure (instance admins count as members
/// of every structure, as for the structure's own pages).
pub async fn is_active_member(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<bool> {
    if user.is_instance_admin {
        return Ok(db::structures::name_and_status(pool, structure_id).await?.is_some());
    }
    Ok(matches!(db::structures::membership(pool, user.id, structure_id).await?, Some((_, MembershipStatus::Active))))
}

/// The validated structures `user` is an active member of: (id, name).
pub async fn active_structures(pool: &Pool, user: &SessionUser) -> AppResult<Vec<(i64, String)>> {
    Ok(db::structures::my_structures(pool, user.id)
        .await?
        .into_iter()
        .filter(|s| s.status == MembershipStatus::Active && s.validation == crate::model::ValidationStatus::Validated)
        .map(|s| (s.id, s.name))
        .collect())
}

/// A structure's place: (INSEE code, lat, lon).
pub async fn structure_place(pool: &Pool, structure_id: i64) -> AppResult<Option<(String, f64, f64)>> {
    db::resources::structure_place(pool, structure_id).await
}
