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

/// Whether `user` manages the structure's resources and answers their bookings: its
/// active members, the coordinators of a territory it belongs to, instance admins (the
/// same circle as for its profile).
pub async fn may_manage(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<bool> {
    if user.is_instance_admin {
        return Ok(db::structures::name_and_status(pool, structure_id).await?.is_some());
    }
    if matches!(db::structures::membership(pool, user.id, structure_id).await?, Some((_, MembershipStatus::Active))) {
        return Ok(true);
    }
    db::structures::coordinates_structure(pool, user.id, structure_id).await
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
