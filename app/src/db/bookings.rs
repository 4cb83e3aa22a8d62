//! Bookings of pooled resources. Which bookings hold their slot is one rule, written here
//! and in the schema: `confirmed`, and `requested` until `hold_until` (72 h). Writers turn
//! expired requests into `lapsed` in their own write transaction before anything else
//! (`lapse`), so the database's no-overlap check (`bookings_no_overlap`: PostgreSQL's
//! exclusion constraint, SQLite's triggers) only has to look at statuses. Booking times
//! are bound through `backend::slot_time` (SQLite: one fixed-width UTC text).

use chrono::{DateTime, Utc};

use super::backend::slot_time;
use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{Blocked, BookingStatus, Slot};

/// The name both backends give the no-overlap rule.
pub const NO_OVERLAP: &str = "bookings_no_overlap";

/// A booking as the services read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub resource_id: i64,
    pub owner_id: i64,
    pub booker_id: Option<i64>,
    pub booker_structure_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: BookingStatus,
    pub hold_until: Option<DateTime<Utc>>,
}

impl BookingRow {
    pub fn slot(&self) -> Slot {
        Slot { start: self.starts_at, end: self.ends_at }
    }
}

/// A new booking.
pub struct NewBooking<'a> {
    pub resource_id: i64,
    pub booker_id: i64,
    pub booker_structure_id: Option<i64>,
    pub slot: Slot,
    pub blocked: Blocked,
    pub status: BookingStatus,
    pub note: Option<&'a str>,
    pub hold_until: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// Requests of `resource_id` (all resources: `None`) whose hold ran out become `lapsed`;
/// returns their ids.
pub async fn lapse(tx: &mut Tx<'_>, resource_id: Option<i64>, now: DateTime<Utc>) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE bookings SET status = 'lapsed', decided_at = $2
         WHERE status = 'requested' AND hold_until <= $2 AND ($1 IS NULL OR resource_id = $1)
         RETURNING id",
    )
    .bind(resource_id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?)
}

/// Whether some request's hold ran out (read through the partial index of waiting requests).
pub async fn any_to_lapse(pool: &Pool, now: DateTime<Utc>) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM bookings WHERE status = 'requested' AND hold_until <= $1 LIMIT 1) AS due")
        .bind(now)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// Inserts a booking; `None` when its range meets one that holds its slot (the database
/// refused it: two writers that both saw the slot free cannot both hold it).
pub async fn insert(tx: &mut Tx<'_>, b: &NewBooking<'_>) -> AppResult<Option<i64>> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO bookings (resource_id, booker_id, booker_structure_id, starts_at, ends_at, blocked_until,
                               status, note, hold_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(b.resource_id)
    .bind(b.booker_id)
    .bind(b.booker_structure_id)
    .bind(slot_time(b.slot.start))
    .bind(slot_time(b.slot.end))
    .bind(slot_time(b.blocked.until))
    .bind(b.status)
    .bind(b.note)
    .bind(b.hold_until)
    .bind(b.now)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_overlap(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether an error is the no-overlap rule's refusal.
pub fn is_overlap(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => super::backend::violated_constraint(db.as_ref()).as_deref() == Some(NO_OVERLAP),
        _ => false,
    }
}

const ROW: &str = "SELECT b.id, b.resource_id, r.structure_id AS owner_id, b.booker_id, b.booker_structure_id,
                          b.starts_at, b.ends_at, b.status, b.hold_until
                   FROM bookings b JOIN shared_resources r ON r.id = b.resource_id";

pub async fn get(pool: &Pool, id: i64) -> AppResult<Option<BookingRow>> {
    Ok(sqlx::query_as(&format!("{ROW} WHERE b.id = $1")).bind(id).fetch_optional(pool).await?)
}

/// A requested booking becomes confirmed or declined, if it is still waiting (not
/// lapsed: its hold runs until `hold_until`). Whether it changed.
pub async fn decide(tx: &mut Tx<'_>, id: i64, accept: bool, reason: Option<&str>, now: DateTime<Utc>) -> AppResult<bool> {
    let status = if accept { BookingStatus::Confirmed } else { BookingStatus::Declined };
    let done = sqlx::query(
        "UPDATE bookings SET status = $2, reason = $3, decided_at = $4, hold_until = NULL
         WHERE id = $1 AND status = 'requested' AND hold_until > $4",
    )
    .bind(id)
    .bind(status)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A holding booking is cancelled (by its owner's side or its borrower). Whether it
/// changed.
pub async fn cancel(tx: &mut Tx<'_>, id: i64, by_owner: bool, reason: Option<&str>, now: DateTime<Utc>) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', cancelled_by_owner = $2, reason = $3, cancelled_at = $4, hold_until = NULL
         WHERE id = $1 AND (status = 'confirmed' OR (status = 'requested' AND hold_until > $4))",
    )
    .bind(id)
    .bind(by_owner)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A holder as the calendar reads it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HolderRow {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub booker_id: Option<i64>,
    pub booker_structure_id: Option<i64>,
    pub label: String,
}

/// The bookings of a resource that hold a slot at `now` and whose range meets
/// `[from, until)`, in time order.
pub async fn holders(pool: &Pool, resource_id: i64, from: DateTime<Utc>, until: DateTime<Utc>, now: DateTime<Utc>) -> AppResult<Vec<HolderRow>> {
    Ok(sqlx::query_as(
        "SELECT b.id, b.starts_at, b.ends_at, b.blocked_until, b.booker_id, b.booker_structure_id,
                COALESCE(s.name, u.display_name, '') AS label
         FROM bookings b
         LEFT JOIN structures s ON s.id = b.booker_structure_id
         LEFT JOIN users u ON u.id = b.booker_id
         WHERE b.resource_id = $1 AND b.blocked_until > $2 AND b.starts_at < $3
           AND (b.status = 'confirmed' OR (b.status = 'requested' AND b.hold_until > $4))
         ORDER BY b.starts_at",
    )
    .bind(resource_id)
    .bind(slot_time(from))
    .bind(slot_time(until))
    .bind(now)
    .fetch_all(pool)
    .await?)
}

/// A booking in a list, with what its viewer needs to decide what to offer.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub resource_id: i64,
    pub resource_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub notice_hours: i32,
    pub booker_id: Option<i64>,
    pub borrower: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: BookingStatus,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub hold_until: Option<DateTime<Utc>>,
}

const LINE: &str = "SELECT b.id, b.resource_id, r.name AS resource_name, r.structure_id AS owner_id, o.name AS owner_name,
                           r.notice_hours, b.booker_id, COALESCE(bs.name, u.display_name, '') AS borrower,
                           b.starts_at, b.ends_at, b.status, b.note, b.reason, b.hold_until
                    FROM bookings b
                    JOIN shared_resources r ON r.id = b.resource_id
                    JOIN structures o ON o.id = r.structure_id
                    LEFT JOIN structures bs ON bs.id = b.booker_structure_id
                    LEFT JOIN users u ON u.id = b.booker_id";

/// One booking as a list shows it.
pub async fn line(pool: &Pool, id: i64) -> AppResult<Option<LineRow>> {
    Ok(sqlx::query_as(&format!("{LINE} WHERE b.id = $1")).bind(id).fetch_optional(pool).await?)
}

/// Bookings made by the user or for a structure the user is an active member of, the
/// latest first (at most `limit`).
pub async fn of_borrower(pool: &Pool, user_id: i64, limit: i64) -> AppResult<Vec<LineRow>> {
    Ok(sqlx::query_as(&format!(
        "{LINE} WHERE b.booker_id = $1
             OR b.booker_structure_id IN (SELECT structure_id FROM memberships WHERE user_id = $1 AND status = 'active')
         ORDER BY b.starts_at DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Bookings of the resources of structures the user is an active member of, the latest
/// first (at most `limit`); with `waiting_only`, the requests still waiting.
pub async fn of_owner_member(pool: &Pool, user_id: i64, resource_id: Option<i64>, waiting_only: bool, now: DateTime<Utc>, limit: i64) -> AppResult<Vec<LineRow>> {
    Ok(sqlx::query_as(&format!(
        "{LINE} WHERE r.structure_id IN (SELECT structure_id FROM memberships WHERE user_id = $1 AND status = 'active')
             AND ($2 IS NULL OR b.resource_id = $2)
             AND ($3 = FALSE OR (b.status = 'requested' AND b.hold_until > $4))
         ORDER BY b.starts_at DESC LIMIT $5"
    ))
    .bind(user_id)
    .bind(resource_id)
    .bind(waiting_only)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// A resource's whole history's count (the bench's and the tests' check).
pub async fn count_for(pool: &Pool, resource_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE resource_id = $1").bind(resource_id).fetch_one(pool).await?)
}

/// What a booking's mails say, read inside the transaction that enqueues them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailFacts {
    pub id: i64,
    pub resource_id: i64,
    pub resource_name: String,
    pub handover: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub borrower: String,
    /// The account that asked, while it is active.
    pub booker_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: BookingStatus,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub hold_until: Option<DateTime<Utc>>,
}

pub async fn mail_facts(tx: &mut Tx<'_>, id: i64) -> AppResult<MailFacts> {
    Ok(sqlx::query_as(
        "SELECT b.id, b.resource_id, r.name AS resource_name, r.handover, r.structure_id AS owner_id, o.name AS owner_name,
                COALESCE(bs.name, u.display_name, '') AS borrower, u.id AS booker_id,
                b.starts_at, b.ends_at, b.status, b.note, b.reason, b.hold_until
         FROM bookings b
         JOIN shared_resources r ON r.id = b.resource_id
         JOIN structures o ON o.id = r.structure_id
         LEFT JOIN structures bs ON bs.id = b.booker_structure_id
         LEFT JOIN users u ON u.id = b.booker_id AND u.status = 'active'
         WHERE b.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?)
}

/// A structure's active responsables (who answer requests).
pub async fn owner_users(tx: &mut Tx<'_>, structure_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.structure_id = $1 AND m.status = 'active' AND m.role = 'admin' AND u.status = 'active'
         ORDER BY u.id",
    )
    .bind(structure_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// Whether a confirmed booking starting before `until` still waits for its reminder.
pub async fn any_reminder_due(pool: &Pool, now: DateTime<Utc>, until: DateTime<Utc>) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM bookings WHERE status = 'confirmed' AND reminded_at IS NULL
                               AND starts_at > $1 AND starts_at <= $2 LIMIT 1) AS due",
    )
    .bind(slot_time(now))
    .bind(slot_time(until))
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Takes the reminders due (confirmed bookings starting within `(now, until]`): their ids.
pub async fn take_reminders(tx: &mut Tx<'_>, now: DateTime<Utc>, until: DateTime<Utc>) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE bookings SET reminded_at = $3
         WHERE status = 'confirmed' AND reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2
         RETURNING id",
    )
    .bind(slot_time(now))
    .bind(slot_time(until))
    .bind(now)
    .fetch_all(&mut **tx)
    .await?)
}

/// Takes the lapsed requests whose borrower was not told yet: their ids.
pub async fn take_lapsed(tx: &mut Tx<'_>, now: DateTime<Utc>) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE bookings SET lapse_mailed_at = $1 WHERE status = 'lapsed' AND lapse_mailed_at IS NULL RETURNING id",
    )
    .bind(now)
    .fetch_all(&mut **tx)
    .await?)
}

/// Whether some lapsed request's borrower was not told yet.
pub async fn any_lapsed_unmailed(pool: &Pool) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM bookings WHERE status = 'lapsed' AND lapse_mailed_at IS NULL LIMIT 1) AS due",
    )
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// The holding bookings of a resource (`resource_id`) or those a structure borrowed or
/// lent (`structure_id`) that end after `since`, for a calendar feed.
pub async fn for_feed(pool: &Pool, resource_id: Option<i64>, structure_id: Option<i64>, since: DateTime<Utc>, now: DateTime<Utc>, limit: i64) -> AppResult<Vec<LineRow>> {
    Ok(sqlx::query_as(&format!(
        "{LINE} WHERE ($1 IS NULL OR b.resource_id = $1)
             AND ($2 IS NULL OR b.booker_structure_id = $2 OR r.structure_id = $2)
             AND b.ends_at > $3
             AND (b.status = 'confirmed' OR (b.status = 'requested' AND b.hold_until > $4))
         ORDER BY b.starts_at LIMIT $5"
    ))
    .bind(resource_id)
    .bind(structure_id)
    .bind(slot_time(since))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
