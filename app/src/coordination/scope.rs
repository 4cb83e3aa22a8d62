//! Which territory a coordinator is looking at, and whether an object is theirs.

use crate::db::Pool;
use crate::db::scope::{self as sql, Scope};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{ScopeView, SessionUser};

/// What a request may read: the scope, how it is shown, and every territory the user
/// coordinates (instance admins: empty, meaning everything).
pub struct Resolved {
    pub scope: Scope,
    pub view: ScopeView,
    pub territories: Vec<i64>,
}

/// The territory named by `reseau` if the user coordinates it; without one, the whole
/// instance for an instance admin, else the user's first territory. Refused to anyone
/// who coordinates nothing.
pub async fn resolve(pool: &Pool, user: &SessionUser, reseau: Option<&str>) -> AppResult<Resolved> {
    let mine = sql::territories_of(pool, user.id, user.is_instance_admin).await?;
    if mine.is_empty() && !user.is_instance_admin {
        return Err(AppError::forbidden());
    }
    let territories = if user.is_instance_admin { Vec::new() } else { mine.iter().map(|(id, _)| *id).collect() };
    let choices: Vec<_> = mine.iter().map(|(_, c)| c.clone()).collect();
    let chosen = match reseau {
        Some(slug) => Some(mine.iter().find(|(_, c)| c.slug == slug).ok_or_else(AppError::forbidden)?),
        None if user.is_instance_admin => None,
        None => mine.first(),
    };
    let view = ScopeView {
        current: chosen.map(|(_, c)| c.slug.clone()),
        name: chosen.map_or_else(|| t::COORD_SCOPE_INSTANCE.to_string(), |(_, c)| c.name.clone()),
        choices,
        instance_wide: user.is_instance_admin,
    };
    Ok(Resolved { scope: chosen.map(|(id, _)| *id), view, territories })
}

/// A post the user may moderate or connect: instance admins any; coordinators those of
/// their territories. Returns its kind.
pub async fn require_post(pool: &Pool, user: &SessionUser, post_id: i64) -> AppResult<crate::model::PostKind> {
    let r = resolve(pool, user, None).await?;
    sql::post_in_scope(pool, post_id, &r.territories).await?.ok_or_else(|| {
        // Not found and not theirs look the same: nothing is told about other territories.
        AppError::not_found(t::ERR_NOT_FOUND)
    })
}

/// A structure the user may moderate (instance admins any).
pub async fn require_structure(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<()> {
    let r = resolve(pool, user, None).await?;
    if user.is_instance_admin || sql::structure_in(pool, structure_id, &r.territories).await? {
        Ok(())
    } else {
        Err(AppError::not_found(t::ERR_NOT_FOUND))
    }
}
