//! Expiry of posts: a reminder a week before, then the status « expiré ». Run by the
//! server every hour. Both are notifications, mailed as their recipients chose
//! (`mail::exchanges`; in the daily summary unless they chose otherwise).

use chrono::{DateTime, Utc};

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::model::{EXPIRY_REMINDER_DAYS, NotificationKind};

/// One pass: reminds, then expires. Returns (reminded, expired).
pub async fn run(pool: &Pool, now: DateTime<Utc>) -> AppResult<(usize, usize)> {
    let mut reminded = 0;
    loop {
        let mut tx = db::begin_write(pool).await?;
        let due = db::posts::expiry::claim_reminders(&mut tx, now, now + chrono::Duration::days(EXPIRY_REMINDER_DAYS), 100).await?;
        if due.is_empty() {
            break;
        }
        for (post_id, _, _) in &due {
            let ids: Vec<i64> = db::posts::expiry::recipients(&mut tx, *post_id).await?.into_iter().map(|r| r.0).collect();
            db::notifications::notify(&mut tx, &ids, NotificationKind::ExpirySoon, *post_id, None).await?;
        }
        reminded += due.len();
        tx.commit().await?;
    }
    let expired = db::posts::expiry::expire_due(pool, now).await?;
    if !expired.is_empty() {
        let mut tx = db::begin_write(pool).await?;
        for post_id in &expired {
            let ids: Vec<i64> = db::posts::expiry::recipients(&mut tx, *post_id).await?.into_iter().map(|r| r.0).collect();
            db::notifications::notify(&mut tx, &ids, NotificationKind::Expired, *post_id, None).await?;
        }
        tx.commit().await?;
    }
    Ok((reminded, expired.len()))
}
