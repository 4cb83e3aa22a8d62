//! Reports of a post or a structure's profile, stored for the coordinators' queue.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{SessionUser, check_report_reason};

/// Records a report (`post` or `structure`); reporting twice the same thing is quiet.
pub async fn report(pool: &Pool, user: &SessionUser, target_kind: &str, target_id: i64, reason: &str) -> AppResult<()> {
    let reason = check_report_reason(reason)?;
    let exists = match target_kind {
        "post" => db::posts::public_detail(pool, target_id).await?.is_some(),
        "structure" => db::reports::structure_exists(pool, target_id).await?,
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    };
    if !exists {
        return Err(AppError::not_found(t::ERR_REPORT_TARGET));
    }
    db::reports::insert(pool, user.id, target_kind, target_id, &reason).await?;
    Ok(())
}
