//! Unsubscribe links: `/desabonnement/{token}`, the token signed for one user and the
//! topics (exchange mails) or alerts of the mail that carries it. The token is the only credential: a mail client's
//! one-click POST (RFC 8058) comes without session or CSRF token. Applying it twice does
//! what applying it once did.

use chrono::{DateTime, Utc};

use crate::auth::signed::{Purpose, Signer};
use crate::db::alerts::Owner;
use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::model::{AlertFrequency, MailFrequency, MailTopic, next_alert_time};

/// How long a link of a mail keeps working.
pub const LINK_DAYS: i64 = 400;
pub const PATH: &str = "/desabonnement/";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsubscribe {
    pub owner: Owner,
    pub topics: Vec<MailTopic>,
    /// Alerts to stop (deleted).
    pub alerts: Vec<i64>,
    /// Alerts to send weekly rather than daily (« passer en hebdomadaire »: the same
    /// signed link, so that a visitor without an account can do it too).
    pub weekly: Vec<i64>,
}

const ALERT_PREFIX: &str = "alerte-";
const WEEKLY_PREFIX: &str = "hebdo-";

/// A visitor's address (no account) in a token: `v<id>`; an account is its bare id.
const VISITOR_PREFIX: &str = "v";

fn signed(signer: &Signer, public_url: &str, owner: Owner, items: &[String], now: DateTime<Utc>) -> String {
    let who = match owner {
        Owner::User(id) => id.to_string(),
        Owner::Visitor(id) => format!("{VISITOR_PREFIX}{id}"),
    };
    let payload = format!("{who}:{}", items.join(","));
    let token = signer.sign(Purpose::Unsubscribe, payload.as_bytes(), now + chrono::Duration::days(LINK_DAYS));
    format!("{public_url}{PATH}{token}")
}

/// The link that stops these topics of exchange mails.
pub fn link(signer: &Signer, public_url: &str, user_id: i64, topics: &[MailTopic], now: DateTime<Utc>) -> String {
    signed(signer, public_url, Owner::User(user_id), &topics.iter().map(|t| t.as_str().to_string()).collect::<Vec<_>>(), now)
}

/// The link that stops these alerts.
pub fn alerts_link(signer: &Signer, public_url: &str, owner: Owner, alerts: &[i64], now: DateTime<Utc>) -> String {
    signed(signer, public_url, owner, &alerts.iter().map(|id| format!("{ALERT_PREFIX}{id}")).collect::<Vec<_>>(), now)
}

/// The link that makes an alert weekly.
pub fn weekly_link(signer: &Signer, public_url: &str, owner: Owner, alert: i64, now: DateTime<Utc>) -> String {
    signed(signer, public_url, owner, &[format!("{WEEKLY_PREFIX}{alert}")], now)
}

/// What a token stops, if this instance signed it and it has not expired.
pub fn read(signer: &Signer, token: &str, now: DateTime<Utc>) -> Option<Unsubscribe> {
    let payload = signer.verify(Purpose::Unsubscribe, token, now).ok()?;
    let payload = String::from_utf8(payload).ok()?;
    let (user, items) = payload.split_once(':')?;
    let (mut topics, mut alerts, mut weekly) = (Vec::new(), Vec::new(), Vec::new());
    for item in items.split(',').filter(|t| !t.is_empty()) {
        if let Some(id) = item.strip_prefix(ALERT_PREFIX) {
            alerts.push(id.parse().ok()?);
        } else if let Some(id) = item.strip_prefix(WEEKLY_PREFIX) {
            weekly.push(id.parse().ok()?);
        } else {
            topics.push(MailTopic::parse(item)?);
        }
    }
    let owner = match user.strip_prefix(VISITOR_PREFIX) {
        Some(id) => Owner::Visitor(id.parse().ok()?),
        None => Owner::User(user.parse().ok()?),
    };
    // A visitor has alerts only.
    if matches!(owner, Owner::Visitor(_)) && !topics.is_empty() {
        return None;
    }
    Some(Unsubscribe { owner, topics, alerts, weekly })
}

/// Stops the link's topics and alerts, or every exchange and alert mail of the address
/// (`all`).
pub async fn apply(pool: &Pool, u: &Unsubscribe, all: bool) -> AppResult<()> {
    let mut tx = db::begin_write(pool).await?;
    match (u.owner, all) {
        (Owner::User(id), true) => db::mail::suspend(&mut tx, id).await?,
        (Owner::Visitor(id), true) => db::alerts::suspend_visitor(&mut tx, id).await?,
        (owner, false) => {
            if let Owner::User(id) = owner {
                let never: Vec<(MailTopic, MailFrequency)> = u.topics.iter().map(|t| (*t, MailFrequency::Never)).collect();
                db::mail::choose(&mut tx, id, &never, db::now()).await?;
            }
            db::alerts::delete_owned(&mut tx, owner, &u.alerts).await?;
            let next = next_alert_time(db::now(), AlertFrequency::Weekly);
            for id in &u.weekly {
                db::alerts::set_owned_frequency(&mut tx, owner, *id, AlertFrequency::Weekly, next).await?;
            }
        }
    }
    tx.commit().await?;
    tracing::info!(owner = ?u.owner, all, "unsubscribed from a mail link");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_carries_its_user_and_topics_and_nothing_else_reads() {
        let signer = Signer::new("une clé d’instance assez longue pour les tests, 32+");
        let now = Utc::now();
        let url = link(&signer, "https://coin.test", 42, &[MailTopic::Replies, MailTopic::Messages], now);
        let token = url.strip_prefix("https://coin.test/desabonnement/").unwrap();
        assert_eq!(
            read(&signer, token, now),
            Some(Unsubscribe { owner: Owner::User(42), topics: vec![MailTopic::Replies, MailTopic::Messages], alerts: vec![], weekly: vec![] })
        );
        let url = alerts_link(&signer, "https://coin.test", Owner::User(42), &[7, 9], now);
        let token2 = url.strip_prefix("https://coin.test/desabonnement/").unwrap();
        assert_eq!(read(&signer, token2, now), Some(Unsubscribe { owner: Owner::User(42), topics: vec![], alerts: vec![7, 9], weekly: vec![] }));
        let url = weekly_link(&signer, "https://coin.test", Owner::Visitor(5), 7, now);
        let token3 = url.strip_prefix("https://coin.test/desabonnement/").unwrap();
        assert_eq!(read(&signer, token3, now), Some(Unsubscribe { owner: Owner::Visitor(5), topics: vec![], alerts: vec![], weekly: vec![7] }));
        assert_eq!(read(&signer, token, now + chrono::Duration::days(LINK_DAYS + 1)), None);
        // A token of another purpose, or a changed one, reads as nothing.
        let flash = signer.sign(Purpose::FormFlash, b"42:replies", now + chrono::Duration::days(1));
        assert_eq!(read(&signer, &flash, now), None);
        assert_eq!(read(&signer, &token.replace('.', ".1"), now), None);
    }
}
