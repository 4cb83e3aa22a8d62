//! Alerts of visitors without an account: an e-mail address is enough, confirmed by a
//! link before anything is sent (double opt-in). The answer is the same whatever the
//! address (an account's, a known visitor's, a new one); an address gets at most one
//! confirmation mail per 24 hours (its link confirms every alert waiting at that
//! address), an IP address a few requests an hour (`Limit::VisitorAlertPerIp`); alerts
//! never confirmed are deleted after 7 days, with their address if it has no other.
//! Once confirmed, a visitor's alerts are sent like an account's, and stopped, made
//! weekly or all suspended from the signed links of their mails (`unsubscribe`).

use chrono::{DateTime, Utc};

use super::alerts;
use crate::auth::signed::{Purpose, Signer};
use crate::db::alerts::Owner;
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{Email, MAX_ALERTS, next_alert_time};
use crate::state::AppState;

pub const CONFIRM_PATH: &str = "/alertes/confirmer/";
/// How long a confirmation link works; also how long an unconfirmed alert is kept.
pub const PENDING_DAYS: i64 = 7;
/// Confirmation mails to one address, at most one per…
const RESEND_HOURS: i64 = 24;

/// Saves a visitor's alert, waiting for its address to be confirmed, and mails the
/// confirmation link unless one left in the last 24 hours. Nothing in the outcome tells
/// whether the address is known.
pub async fn subscribe(st: &AppState, signer: &Signer, email: &str, query: &str, frequency: &str) -> AppResult<()> {
    let email = Email::parse(email).map_err(|m| AppError::invalid(vec![AppError::field("email", m)]))?;
    let frequency = alerts::frequency(frequency)?;
    let query = alerts::canonical(query);
    let description = alerts::describe(st, &query).await?;
    let now = db::now();
    let mut tx = db::begin_write(&st.pool).await?;
    let (id, sent_at) = db::alerts::subscriber(&mut tx, email.as_str(), now).await?;
    if db::alerts::count_visitor(&mut tx, id).await? >= MAX_ALERTS as i64 {
        // Same answer: the address's owner can stop some from their mails.
        tx.commit().await?;
        return Ok(());
    }
    db::alerts::insert(&mut tx, Owner::Visitor(id), &query, frequency, false, now, next_alert_time(now, frequency), false).await?;
    if sent_at.is_none_or(|at| now - at >= chrono::Duration::hours(RESEND_HOURS)) {
        db::alerts::confirmation_sent(&mut tx, id, now).await?;
        let link = confirm_link(signer, &st.site.public_url, id, email.as_str(), now);
        let body = t::visitor_confirm_mail(&description, &link, PENDING_DAYS);
        db::outbox::enqueue(&mut tx, email.as_str(), t::VISITOR_CONFIRM_SUBJECT, &body).await?;
    }
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

fn confirm_link(signer: &Signer, public_url: &str, subscriber_id: i64, email: &str, now: DateTime<Utc>) -> String {
    let token = signer.sign(Purpose::AlertConfirm, format!("{subscriber_id}:{email}").as_bytes(), now + chrono::Duration::days(PENDING_DAYS));
    format!("{public_url}{CONFIRM_PATH}{token}")
}

/// Confirms the address of a link and its waiting alerts: `None` if the link is not
/// valid, else how many alerts were confirmed (0 when it had been used already).
pub async fn confirm(pool: &Pool, signer: &Signer, token: &str) -> AppResult<Option<usize>> {
    let now = db::now();
    let Ok(payload) = signer.verify(Purpose::AlertConfirm, token, now) else { return Ok(None) };
    let Some((id, email)) = String::from_utf8(payload).ok().and_then(|p| p.split_once(':').map(|(i, e)| (i.parse::<i64>().ok(), e.to_string()))) else {
        return Ok(None);
    };
    let Some(id) = id else { return Ok(None) };
    let mut tx = db::begin_write(pool).await?;
    let pending = db::alerts::confirm_address(&mut tx, id, &email).await?;
    for (alert, frequency) in &pending {
        db::alerts::confirm(&mut tx, *alert, now, next_alert_time(now, *frequency)).await?;
    }
    tx.commit().await?;
    Ok(Some(pending.len()))
}

/// Deletes what was never confirmed (see the module documentation).
pub async fn forget_unconfirmed(pool: &Pool, now: DateTime<Utc>) -> AppResult<u64> {
    db::alerts::forget_unconfirmed(pool, now - chrono::Duration::days(PENDING_DAYS)).await
}
