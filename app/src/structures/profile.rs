//! A structure's public profile, edited by its active members: same form and same
//! checks as the declaration. The slug stays, so shared links keep working.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{MembershipStatus, SessionUser, StructureForm};

/// Refuses anyone but an active member of the structure (and instance admins).
async fn require_member(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<()> {
    if user.is_instance_admin {
        return Ok(());
    }
    match db::structures::membership(pool, user.id, structure_id).await? {
        Some((_, MembershipStatus::Active)) => Ok(()),
        _ => Err(AppError::forbidden()),
    }
}

/// The profile as its edit form shows it, with its public page's slug.
pub async fn edit_form(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<(String, StructureForm)> {
    require_member(pool, user, structure_id).await?;
    db::structures::as_form(pool, structure_id).await?.ok_or_else(|| AppError::not_found(t::ERR_STRUCTURE_NOT_FOUND))
}

/// Saves the profile; returns its slug.
pub async fn update(pool: &Pool, user: &SessionUser, structure_id: i64, form: StructureForm) -> AppResult<String> {
    require_member(pool, user, structure_id).await?;
    let (checked, commune) = super::declare::checked_with_commune(pool, &form).await?;
    let mut tx = db::begin_write(pool).await?;
    let slug = db::structures::update_profile(&mut tx, structure_id, &checked, &commune).await?.ok_or_else(|| AppError::not_found(t::ERR_STRUCTURE_NOT_FOUND))?;
    db::audit::record(&mut tx, Some(user.id), "structure.update", Some(("structure", structure_id)), "{}").await?;
    tx.commit().await?;
    Ok(slug)
}
