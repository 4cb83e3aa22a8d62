//! The mails of the exchanges: every notification (`db::notifications`) carries the mail
//! schedule its recipient chose for its topic — at once, gathered per post for
//! `GATHER_SECONDS`; in the daily summary at 07:00 Paris; never. The server runs [`run`]
//! every `MAIL_TICK_SECONDS` on each instance; taking a mail marks its events in the
//! transaction that puts it in the outbox, so one instance sends it, once, and a mail
//! missed while the server was down leaves at the next start.

use chrono::{DateTime, Timelike, Utc};

use super::{compose, unsubscribe};
use crate::auth::signed::Signer;
use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::model::time::{paris_date, paris_local};
use crate::model::{MailTopic, NotificationKind};

/// Mails taken per database round.
const BATCH: i64 = 100;
/// From this hour (Paris clock) the day-before reminders of tomorrow's missions are
/// written: before the daily summary, not in the night.
pub const MISSION_REMINDER_HOUR: u32 = 6;

/// One pass: writes the missions' reminders that are due, then puts every due mail in
/// the outbox. Returns the number of mails enqueued.
pub async fn run(pool: &Pool, public_url: &str, signer: &Signer, now: DateTime<Utc>) -> AppResult<usize> {
    remind_missions(pool, now).await?;
    let mut enqueued = 0;
    loop {
        let due = db::notifications::due_mails(pool, now, BATCH).await?;
        if due.is_empty() {
            break;
        }
        for (user_id, mode, post_id) in &due {
            enqueued += usize::from(send_one(pool, public_url, signer, *user_id, mode, *post_id, now).await?);
        }
    }
    if enqueued > 0 {
        db::outbox::wake();
    }
    Ok(enqueued)
}

/// Takes one mail's events and enqueues the mail; false when there was nothing left to
/// take (another instance took it) or the recipient receives no such mail now.
async fn send_one(pool: &Pool, public_url: &str, signer: &Signer, user_id: i64, mode: &str, post_id: i64, now: DateTime<Utc>) -> AppResult<bool> {
    let mut tx = db::begin_write(pool).await?;
    let events = db::notifications::take_mail(&mut tx, user_id, mode, post_id, now).await?;
    let recipient = if events.is_empty() { None } else { db::mail::recipient(&mut tx, user_id).await? };
    let Some((email, name)) = recipient else {
        // Taken all the same: a suspended or refused address does not get them later.
        tx.commit().await?;
        return Ok(false);
    };
    let mut topics: Vec<MailTopic> = Vec::new();
    for topic in events.iter().map(|e| e.kind.topic()) {
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    let unsubscribe_url = unsubscribe::link(signer, public_url, user_id, &topics, now);
    let mail = compose::exchange_mail(&name, &events, mode == "daily", public_url, &unsubscribe_url);
    db::outbox::enqueue_optional(
        &mut tx,
        &db::outbox::Optional {
            user_id: Some(user_id),
            recipient: &email,
            subject: &mail.subject,
            text: &mail.text,
            html: &mail.html,
            unsubscribe_url: &unsubscribe_url,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// From 06:00 (Paris), reminds the volunteers of tomorrow's missions, once per sign-up.
pub async fn remind_missions(pool: &Pool, now: DateTime<Utc>) -> AppResult<usize> {
    if paris_local(now).hour() < MISSION_REMINDER_HOUR {
        return Ok(0);
    }
    let tomorrow = paris_date(now) + chrono::Days::new(1);
    let mut tx = db::begin_write(pool).await?;
    let due = db::volunteers::take_reminders(&mut tx, tomorrow, now).await?;
    for (post_id, user_id) in &due {
        db::notifications::notify(&mut tx, &[*user_id], NotificationKind::MissionReminder, *post_id, None).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}
