//! E-mails waiting to be sent (or, without SMTP, to be read on the dev outbox page), and
//! their delivery state: claimed by one instance, sent, or waiting for a retry.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::OutboxMail;

/// Tries before a mail is given up. With the backoff of [`retry_delay`] the last try
/// comes about 4 h 15 min after the first: long enough for an SMTP outage or a
/// maintenance window.
pub const MAX_ATTEMPTS: i64 = 10;

/// Wait after the `attempts`-th failure: 30 s, doubling each time (30 s, 1 min, 2 min, …,
/// 128 min before the tenth try).
pub fn retry_delay(attempts: i64) -> chrono::Duration {
    let doublings = attempts.clamp(1, 12) - 1;
    chrono::Duration::seconds(30 << doublings)
}

/// Wakes the sender of this process (see `wake`): enqueuing functions call it after
/// their transaction commits, so a confirmation mail leaves at once rather than at the
/// next poll. Other instances find the mail at their next poll.
static WAKE: tokio::sync::Notify = tokio::sync::Notify::const_new();

pub fn wake() {
    WAKE.notify_one();
}

pub async fn woken() {
    WAKE.notified().await;
}

pub async fn enqueue(tx: &mut Tx<'_>, recipient: &str, subject: &str, body: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(super::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A mail its recipient may turn off: with an HTML alternative and the link of its
/// List-Unsubscribe header.
pub struct Optional<'a> {
    /// The account's; `None` for a visitor's alerts (`alert_subscribers`).
    pub user_id: Option<i64>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    pub unsubscribe_url: &'a str,
}

pub async fn enqueue_optional(tx: &mut Tx<'_>, mail: &Optional<'_>) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, html, unsubscribe_url, user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(mail.recipient)
    .bind(mail.subject)
    .bind(mail.text)
    .bind(mail.html)
    .bind(mail.unsubscribe_url)
    .bind(mail.user_id)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A plain-text mail of an account that may turn its topic off (booking mails): the link
/// of its List-Unsubscribe header, and a calendar file attached if there is one.
pub async fn enqueue_optional_plain(
    tx: &mut Tx<'_>,
    user_id: i64,
    recipient: &str,
    subject: &str,
    body: &str,
    ics: Option<&str>,
    unsubscribe_url: &str,
) -> AppResult<()> {
    insert_plain(tx, recipient, subject, body, ics, Some((user_id, unsubscribe_url))).await
}

/// A mail with an iCalendar file attached (`invitation.ics`), if there is one.
pub async fn enqueue_with_calendar(tx: &mut Tx<'_>, recipient: &str, subject: &str, body: &str, ics: Option<&str>) -> AppResult<()> {
    insert_plain(tx, recipient, subject, body, ics, None).await
}

/// A plain-text mail, with its calendar file and, for a mail its account may turn off, the
/// account and the unsubscribe link.
async fn insert_plain(
    tx: &mut Tx<'_>,
    recipient: &str,
    subject: &str,
    body: &str,
    ics: Option<&str>,
    optional: Option<(i64, &str)>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, ics, unsubscribe_url, user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(ics)
    .bind(optional.map(|(_, url)| url))
    .bind(optional.map(|(user, _)| user))
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn recent(pool: &Pool, limit: i64) -> AppResult<Vec<OutboxMail>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, subject, body, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// A mail this instance has claimed and now tries to send.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// Set on mails the user may turn off: a permanent refusal stops that user's mails.
    pub user_id: Option<i64>,
    /// An iCalendar file to attach.
    pub ics: Option<String>,
    /// Including this try.
    pub attempts: i64,
}

/// Claims up to `batch` due mails, oldest first, until `now + lease`, and counts the
/// try. One statement, portable: the conditions are checked again on each row itself,
/// so on PostgreSQL a concurrent claim that committed first makes the row drop out here
/// (the row is re-read after the lock) instead of being sent twice; SQLite serialises
/// writers anyway.
pub async fn claim(pool: &Pool, batch: i64, lease: chrono::Duration) -> AppResult<Vec<Claimed>> {
    let now = super::now();
    let mut mails: Vec<Claimed> = sqlx::query_as(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND attempts < $3
                        AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
                        AND (claimed_until IS NULL OR claimed_until <= $2)
                      ORDER BY id LIMIT $4)
           AND sent_at IS NULL AND attempts < $3
           AND (claimed_until IS NULL OR claimed_until <= $2)
         RETURNING id, recipient, subject, body, html, unsubscribe_url, user_id, ics, attempts",
    )
    .bind(now + lease)
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .bind(batch)
    .fetch_all(pool)
    .await?;
    mails.sort_by_key(|m| m.id);
    Ok(mails)
}

/// The mails waiting to leave (not sent, not given up) and the oldest one's date.
pub async fn queue(pool: &Pool) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    Ok(sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL AND attempts < $1")
        .bind(MAX_ATTEMPTS)
        .fetch_one(pool)
        .await?)
}

pub async fn mark_sent(pool: &Pool, ids: &[i64]) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    // One statement for a batch: one write (and on SQLite one commit) per batch, not per mail.
    let mut qb = sqlx::QueryBuilder::<super::Db>::new("UPDATE outbox SET sent_at = ");
    qb.push_bind(super::now()).push(", claimed_until = NULL, last_error = NULL WHERE id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    qb.build().execute(pool).await?;
    Ok(())
}

/// Records a failed try. `retry_at: None` gives the mail up (it can never be sent, e.g.
/// an invalid address); so does reaching [`MAX_ATTEMPTS`].
pub async fn mark_failed(pool: &Pool, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> AppResult<()> {
    sqlx::query(
        "UPDATE outbox SET claimed_until = NULL, last_error = $2, next_attempt_at = $3,
                attempts = CASE WHEN $4 THEN $5 ELSE attempts END
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .bind(retry_at.is_none())
    .bind(MAX_ATTEMPTS)
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_and_end_after_about_four_hours() {
        assert_eq!(retry_delay(1), chrono::Duration::seconds(30));
        assert_eq!(retry_delay(2), chrono::Duration::seconds(60));
        let total: i64 = (1..MAX_ATTEMPTS).map(|a| retry_delay(a).num_seconds()).sum();
        assert!((4 * 3600..5 * 3600).contains(&total), "{total}");
    }
}
