//! Volunteering missions: signing up until the mission is full.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{NotificationKind, SessionUser, VOLUNTEERING};

/// Signs me up to a mission; refused when full, closed, or not a mission. I get a
/// confirmation by mail with the mission as an iCalendar file, ready for my calendar.
pub async fn sign_up(pool: &Pool, public_url: &str, user: &SessionUser, post_id: i64) -> AppResult<()> {
    // Read before the transaction: inside it, this connection holds SQLite's write lock
    // and another pooled connection may be waiting for it.
    let managers = db::posts::managers(pool, post_id).await?;
    let mut tx = db::begin_write(pool).await?;
    // Taken first, so that two sign-ups for the last place are counted one after the other.
    db::volunteers::lock_post(&mut tx, post_id).await?;
    let Some((status, needed, category, hidden)) = db::volunteers::mission(&mut tx, post_id).await? else {
        return Err(AppError::not_found(t::ERR_POST_NOT_FOUND));
    };
    let Some(needed) = needed.filter(|_| category == VOLUNTEERING) else {
        return Err(AppError::bad_request(t::ERR_NOT_A_MISSION));
    };
    if hidden || !status.is_open() {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_POST_CLOSED));
    }
    if db::volunteers::confirmed_count(&mut tx, post_id).await? >= needed {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_MISSION_FULL));
    }
    if !db::volunteers::confirm(&mut tx, post_id, user.id).await? {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_ALREADY_SIGNED_UP));
    }
    db::notifications::notify(&mut tx, &managers, NotificationKind::Volunteer, post_id, None).await?;
    if let Some(card) = db::volunteers::card(&mut tx, post_id).await? {
        let (subject, body) = t::mail_signed_up(&user.display_name, &card, &format!("{public_url}/partage/{post_id}"));
        let host = crate::feeds::ical::host_of(public_url);
        let ics = crate::feeds::ical::mission_event(&card, public_url, &host)
            .map(|e| crate::feeds::ical::calendar(&card.title, &[e], db::now()));
        db::outbox::enqueue_with_calendar(&mut tx, &user.email, &subject, &body, ics.as_deref()).await?;
    }
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Withdraws my sign-up; the mission's managers are told.
pub async fn cancel(pool: &Pool, user: &SessionUser, post_id: i64) -> AppResult<()> {
    let managers = db::posts::managers(pool, post_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if db::volunteers::cancel(&mut tx, post_id, user.id).await? {
        db::notifications::notify(&mut tx, &managers, NotificationKind::VolunteerWithdrawn, post_id, None).await?;
    }
    tx.commit().await?;
    Ok(())
}
