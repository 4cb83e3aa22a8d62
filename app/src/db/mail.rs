//! E-mail choices per account (`mail_preferences`, « tout suspendre », a refused
//! address) and the notifications' mail schedule that follows from them.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{MailFrequency, MailSettings, MailTopic, NotificationKind, Schedule};

/// The user's frequency for a topic: their choice, else the topic's default.
pub async fn frequency(tx: &mut Tx<'_>, user_id: i64, topic: MailTopic) -> AppResult<MailFrequency> {
    let chosen: Option<MailFrequency> =
        sqlx::query_scalar("SELECT frequency FROM mail_preferences WHERE user_id = $1 AND topic = $2")
            .bind(user_id)
            .bind(topic)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(chosen.unwrap_or(topic.default_frequency()))
}

pub async fn settings(pool: &Pool, user_id: i64) -> AppResult<MailSettings> {
    let rows: Vec<(MailTopic, MailFrequency)> =
        sqlx::query_as("SELECT topic, frequency FROM mail_preferences WHERE user_id = $1").bind(user_id).fetch_all(pool).await?;
    let (suspended, refused_at, reason): (Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<String>) =
        sqlx::query_as("SELECT mails_suspended_at, mail_refused_at, mail_refused_reason FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    let choices = MailTopic::ALL
        .iter()
        .map(|t| (*t, rows.iter().find(|r| r.0 == *t).map_or(t.default_frequency(), |r| r.1)))
        .collect();
    Ok(MailSettings { choices, suspended: suspended.is_some(), refused: refused_at.map(|at| (at, reason.unwrap_or_default())) })
}

/// Records choices; the notifications of these topics not yet mailed follow the new
/// choice.
pub async fn choose(
    tx: &mut Tx<'_>,
    user_id: i64,
    choices: &[(MailTopic, MailFrequency)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    for (topic, frequency) in choices {
        sqlx::query(
            "INSERT INTO mail_preferences (user_id, topic, frequency) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, topic) DO UPDATE SET frequency = excluded.frequency",
        )
        .bind(user_id)
        .bind(topic)
        .bind(frequency)
        .execute(&mut **tx)
        .await?;
        let kinds: Vec<&str> = NotificationKind::ALL.iter().filter(|k| k.topic() == *topic).map(|k| k.as_str()).collect();
        let s = Schedule::of(*frequency, now);
        for kind in kinds {
            sqlx::query(
                "UPDATE notifications SET mail_mode = $3, mail_due_at = $4, mailed_at = $5
                 WHERE user_id = $1 AND kind = $2 AND mailed_at IS NULL",
            )
            .bind(user_id)
            .bind(kind)
            .bind(s.mode)
            .bind(s.due_at)
            .bind(s.skipped_at)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// « Tout suspendre » from a mail's link: nothing else changes.
pub async fn suspend(tx: &mut Tx<'_>, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET mails_suspended_at = COALESCE(mails_suspended_at, $2) WHERE id = $1")
        .bind(user_id)
        .bind(super::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// « Tout suspendre » on or off. Turning it off, or saving one's choices, also lifts a
/// refusal of the SMTP server (the user has seen it and may have fixed the address).
pub async fn set_suspended(tx: &mut Tx<'_>, user_id: i64, suspended: bool) -> AppResult<()> {
    sqlx::query(
        "UPDATE users SET mails_suspended_at = CASE WHEN $2 THEN COALESCE(mails_suspended_at, $3) END,
                          mail_refused_at = NULL, mail_refused_reason = NULL
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(suspended)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The SMTP server refused this user's address for good (5xx at submission).
pub async fn mark_refused(pool: &Pool, user_id: i64, reason: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET mail_refused_at = $2, mail_refused_reason = $3 WHERE id = $1")
        .bind(user_id)
        .bind(super::now())
        .bind(reason)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whom an exchange mail goes to: (e-mail, display name), if they may receive one now
/// (active, address confirmed, not suspended, not refused).
pub async fn recipient(tx: &mut Tx<'_>, user_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT email, display_name FROM users
         WHERE id = $1 AND status = 'active' AND email_verified_at IS NOT NULL
           AND mails_suspended_at IS NULL AND mail_refused_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}
