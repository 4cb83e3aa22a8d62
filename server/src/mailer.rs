//! Sends the outbox by SMTP (lettre) when `COIN_SMTP_URL` and `COIN_SMTP_FROM` are set.
//!
//! A background task polls every few seconds (and wakes at once when this instance
//! enqueues a mail), claims the oldest due mails in small batches, sends them as UTF-8
//! text (with an HTML alternative and the RFC 8058 List-Unsubscribe headers for the mails
//! a user may turn off) and marks them sent. The relay must DKIM-sign with those headers
//! covered (README, « Courriels »). A failure is recorded and retried with exponential
//! backoff, up to `outbox::MAX_ATTEMPTS` tries (about four hours), then given up.
//! Claims make instances sharing a database send each mail once; a mail whose instance
//! died between sending and marking it is sent again when its claim lapses (at least
//! once, never lost).
//!
//! Mail bodies carry single-use links: logs name a mail by its id only, and SMTP error
//! texts are stored and logged with e-mail addresses masked.

use std::time::Duration;

use app::db::outbox::{self, Claimed, MAX_ATTEMPTS};
use app::db::{self, Pool};
use app::error::AppResult;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::SmtpConfig;

/// Mails claimed, and sent concurrently, at once: few, so a slow relay holds few mails
/// back.
const BATCH: i64 = 10;
/// Longest SMTP conversation for one mail.
const SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a claim holds: more than a whole batch can take (sent at once, 60 s at most).
const LEASE_MINUTES: i64 = 10;
/// Poll interval: mails enqueued by other instances, and retries, are found this late.
pub const POLL: Duration = Duration::from_secs(5);

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    poll: Duration,
}

/// What one call to [`Mailer::deliver_due`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

enum Failure {
    /// May work later (relay down, temporary refusal, timed out).
    Retry(String),
    /// Can never work (the stored address or message is not valid).
    Never(String),
    /// The server refused the recipient or the mail for good (5xx at submission).
    Refused(String),
}

impl Mailer {
    pub fn new(config: &SmtpConfig) -> Result<Self, String> {
        // Checked at start-up already (config.rs); the URL is not repeated: it holds a password.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
            .map_err(|_| "COIN_SMTP_URL invalide / invalid COIN_SMTP_URL".to_string())?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Mailer { transport, from: config.from.clone(), poll: POLL })
    }

    pub fn with_poll_interval(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    /// Forever: deliver what is due, then wait for the next poll or a wake-up.
    pub async fn run(self, pool: Pool) {
        loop {
            let round = self.deliver_due(&pool).await;
            crate::metrics::job("outbox_delivery", round.is_ok());
            if let Err(e) = round {
                tracing::warn!(error = %e.message, "outbox delivery round failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(self.poll) => {}
                _ = outbox::woken() => {}
            }
        }
    }

    /// Sends every due mail, batch after batch, until none is left. Failed mails wait
    /// for their retry time, so the loop ends.
    pub async fn deliver_due(&self, pool: &Pool) -> AppResult<Round> {
        let mut round = Round::default();
        loop {
            let batch = outbox::claim(pool, BATCH, chrono::Duration::minutes(LEASE_MINUTES)).await?;
            if batch.is_empty() {
                return Ok(round);
            }
            // The batch's conversations at once (lettre keeps a pool of connections): a
            // relay's round trips overlap, so a burst of alert mails leaves at relay speed.
            let sent = futures_util::future::join_all(batch.iter().map(|mail| self.send(mail))).await;
            let mut delivered = Vec::new();
            for (mail, result) in batch.into_iter().zip(sent) {
                match result {
                    Ok(()) => {
                        tracing::info!(mail_id = mail.id, attempt = mail.attempts, "mail sent");
                        delivered.push(mail.id);
                        round.sent += 1;
                    }
                    Err(failure) => {
                        record_failure(pool, &mail, failure).await?;
                        round.failed += 1;
                    }
                }
            }
            outbox::mark_sent(pool, &delivered).await?;
        }
    }

    async fn send(&self, mail: &Claimed) -> Result<(), Failure> {
        let to: Mailbox =
            mail.recipient.parse().map_err(|_| Failure::Never("adresse du destinataire invalide / invalid recipient".into()))?;
        // Our own Message-ID on the sender's domain (relays and filters expect one).
        let message_id = format!("<{}.{:016x}@{}>", mail.id, rand::random::<u64>(), self.from.email.domain());
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str())
            .message_id(Some(message_id));
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let built = match (&mail.html, &mail.ics) {
            (Some(html), _) => builder.multipart(MultiPart::alternative_plain_html(mail.body.clone(), html.clone())),
            (None, Some(ics)) => {
                let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|_| Failure::Never("type iCalendar invalide / bad iCalendar type".into()))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(Attachment::new("invitation.ics".to_string()).body(ics.clone(), calendar)),
                )
            }
            (None, None) => builder.header(ContentType::TEXT_PLAIN).body(mail.body.clone()),
        };
        let message = built.map_err(|_| Failure::Never("message impossible à construire / cannot build the message".into()))?;
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(Failure::Refused(mask_addresses(&e.to_string()))),
            Ok(Err(e)) => Err(Failure::Retry(mask_addresses(&e.to_string()))),
            Err(_) => Err(Failure::Retry("délai dépassé / timed out".into())),
        }
    }
}

async fn record_failure(pool: &Pool, mail: &Claimed, failure: Failure) -> AppResult<()> {
    let (error, retry_at) = match failure {
        Failure::Retry(e) if mail.attempts < MAX_ATTEMPTS => (e, Some(db::now() + outbox::retry_delay(mail.attempts))),
        // A mail the user may turn off: their address gets no more such mails until
        // they look at it on /compte. Account mails keep their retries (the address may
        // come back; the user waits for that mail).
        // (An optional mail is one with an unsubscribe link: an account's exchanges and
        // alerts, or a visitor's alerts.)
        Failure::Refused(e) if mail.unsubscribe_url.is_some() => {
            match mail.user_id {
                Some(user_id) => app::db::mail::mark_refused(pool, user_id, &e).await?,
                None => app::db::alerts::refuse_visitor_address(pool, &mail.recipient).await?,
            }
            tracing::warn!(mail_id = mail.id, user_id = mail.user_id, "address refused for good: no more optional mails to it");
            (e, None)
        }
        Failure::Refused(e) if mail.attempts < MAX_ATTEMPTS => (e, Some(db::now() + outbox::retry_delay(mail.attempts))),
        Failure::Retry(e) | Failure::Never(e) | Failure::Refused(e) => (e, None),
    };
    outbox::mark_failed(pool, mail.id, &error, retry_at).await?;
    match retry_at {
        Some(at) => tracing::warn!(mail_id = mail.id, attempt = mail.attempts, %error, retry_at = %at, "mail not sent, will retry"),
        None => tracing::error!(mail_id = mail.id, attempts = mail.attempts, %error, "mail not sent, given up"),
    }
    Ok(())
}

/// SMTP replies often quote the recipient (`550 <bob@example.org>: unknown user`): every
/// word holding an `@` is masked before the text reaches the log or the database.
pub fn mask_addresses(text: &str) -> String {
    let masked: Vec<&str> = text.split_whitespace().map(|w| if w.contains('@') { "[adresse]" } else { w }).collect();
    masked.join(" ").chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_in_smtp_errors_are_masked() {
        let text = "permanent error (550): 5.1.1 <bob@example.org>: Recipient address rejected";
        assert_eq!(
            super::mask_addresses(text),
            "permanent error (550): 5.1.1 [adresse] Recipient address rejected"
        );
        assert!(super::mask_addresses(&"x".repeat(1000)).len() <= 300);
    }
}
