//! In-app notifications: the header's badge and the « Mes échanges » list.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{MailFrequency, NotificationKind, NotificationView, Schedule};

/// Notifies each user once (a user listed twice gets one notification).
pub async fn notify(tx: &mut Tx<'_>, users: &[i64], kind: NotificationKind, post_id: i64, response_id: Option<i64>) -> AppResult<()> {
    notify_about(tx, users, kind, post_id, Extra { response_id, ..Extra::default() }).await
}

/// What a notification may carry besides its post.
#[derive(Default)]
pub struct Extra<'a> {
    pub response_id: Option<i64>,
    /// A booking event's booking (its notification has no post).
    pub booking_id: Option<i64>,
    /// The other post of a « mise en relation ».
    pub related_post_id: Option<i64>,
    /// A moderator's reason.
    pub detail: Option<&'a str>,
}

pub async fn notify_about(tx: &mut Tx<'_>, users: &[i64], kind: NotificationKind, post_id: i64, extra: Extra<'_>) -> AppResult<()> {
    let now = super::now();
    let mut seen = std::collections::HashSet::new();
    for user in users.iter().filter(|u| seen.insert(**u)) {
        // The mail to come, as the user chose for this kind's topic (`mail::exchanges`).
        let mail = Schedule::of(super::mail::frequency(tx, *user, kind.topic()).await?, now);
        insert(tx, *user, kind, Some(post_id), &extra, &mail, now).await?;
    }
    Ok(())
}

async fn insert(tx: &mut Tx<'_>, user: i64, kind: NotificationKind, post_id: Option<i64>, extra: &Extra<'_>, mail: &Schedule, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, post_id, response_id, related_post_id, detail, booking_id, created_at,
                                    mail_mode, mail_due_at, mailed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(user)
    .bind(kind)
    .bind(post_id)
    .bind(extra.response_id)
    .bind(extra.related_post_id)
    .bind(extra.detail)
    .bind(extra.booking_id)
    .bind(now)
    .bind(mail.mode)
    .bind(mail.due_at)
    .bind(mail.skipped_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A booking event for `user`, who chose `frequency` for the bookings topic. At once,
/// the booking's own mail tells them (`mail::bookings`), so this row is not mailed
/// again; daily, the summary carries it; never, nothing.
pub async fn notify_booking(tx: &mut Tx<'_>, user: i64, kind: NotificationKind, booking_id: i64, frequency: MailFrequency) -> AppResult<()> {
    let now = super::now();
    let mail = match frequency {
        MailFrequency::Daily => Schedule::of(frequency, now),
        MailFrequency::Now | MailFrequency::Never => Schedule { mode: None, due_at: None, skipped_at: Some(now) },
    };
    insert(tx, user, kind, None, &Extra { booking_id: Some(booking_id), ..Extra::default() }, &mail, now).await
}

/// Marks as read the booking events of a user (seen on « Mes réservations »).
pub async fn mark_bookings_read(pool: &Pool, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND booking_id IS NOT NULL")
        .bind(super::now())
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn unread_count(pool: &Pool, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(pool)
        .await?)
}

/// A notification with what the list and the mails name (titles, structure, territory).
const VIEW_SELECT: &str = "SELECT n.id, n.kind, n.post_id, p.title AS post_title, n.related_post_id, q.title AS related_post_title,
        n.detail, n.structure_id, s.name AS structure_name, t.name AS territory_name,
        n.booking_id, b.resource_id, r.name AS resource_name, b.starts_at AS booking_starts_at, b.ends_at AS booking_ends_at,
        n.read_at IS NULL AS unread, n.created_at
    FROM notifications n LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN posts q ON q.id = n.related_post_id
         LEFT JOIN structures s ON s.id = n.structure_id LEFT JOIN territories t ON t.id = n.territory_id
         LEFT JOIN bookings b ON b.id = n.booking_id LEFT JOIN shared_resources r ON r.id = b.resource_id";

/// The latest notifications, newest first.
pub async fn latest(pool: &Pool, user_id: i64, limit: i64) -> AppResult<Vec<NotificationView>> {
    Ok(sqlx::query_as(&format!("{VIEW_SELECT} WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2"))
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Marks as read what concerns one post (seen on its page), or everything (`None`).
pub async fn mark_read(pool: &Pool, user_id: i64, post_id: Option<i64>) -> AppResult<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 = 0 OR post_id = $3)")
        .bind(super::now())
        .bind(user_id)
        .bind(post_id.unwrap_or(0))
        .execute(pool)
        .await?;
    Ok(())
}

/// The mails due at `now`: one per (user, mode, post) for « at once » mails, one per
/// user for daily summaries (post 0). At most `limit`.
pub async fn due_mails(pool: &Pool, now: DateTime<Utc>, limit: i64) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT user_id, mail_mode, CASE WHEN mail_mode = 'now' THEN COALESCE(post_id, 0) ELSE 0 END
         FROM notifications WHERE mailed_at IS NULL AND mail_due_at <= $1 LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Takes the events of one mail, once: marks them mailed and returns them, oldest first.
/// An « at once » mail takes every waiting event of its post (those of the last minutes
/// too); a summary takes what is due. Two instances taking the same mail: the second
/// finds the rows already marked (PostgreSQL re-reads a row it waited for) and gets none.
pub async fn take_mail(tx: &mut Tx<'_>, user_id: i64, mode: &str, post_id: i64, now: DateTime<Utc>) -> AppResult<Vec<NotificationView>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "UPDATE notifications SET mailed_at = $4
         WHERE user_id = $1 AND mailed_at IS NULL AND mail_mode = $2
           AND CASE WHEN $2 = 'now' THEN COALESCE(post_id, 0) = $3 ELSE mail_due_at <= $4 END
         RETURNING id",
    )
    .bind(user_id)
    .bind(mode)
    .bind(post_id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut events: Vec<NotificationView> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("{VIEW_SELECT} WHERE n.id IN ({marks})");
        let mut query = sqlx::query_as(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        events.extend(query.fetch_all(&mut **tx).await?);
    }
    events.sort_by_key(|e| (e.created_at, e.id));
    Ok(events)
}
