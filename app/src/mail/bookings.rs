//! Booking mails. Each is enqueued in the write transaction that changes the booking
//! (decision 38): a request and its mail to the owner commit together, a reminder or a
//! lapse notice is taken (`reminded_at`, `lapse_mailed_at`) in the transaction that
//! enqueues it, so two instances never both send it. The owner's mail carries accept and
//! decline links signed for that booking (`Purpose::BookingAnswer`, valid while the request
//! holds its slot); the borrower's confirmation carries the booking as an `.ics` file.
//!
//! Each event but the reminder is also an in-app notification of its recipients
//! (`db::notifications::notify_booking`), and its mail follows their choice for the
//! `bookings` topic: at once, this booking's own mail; in the daily summary, the
//! summary carries the notification instead; never, no mail. The reminder the day before
//! goes unless they chose never. Suspended or refused addresses get none.

use chrono::{DateTime, Duration, Utc};

use crate::auth::signed::{Purpose, Signer};
use crate::db::{self, Pool, Tx};
use crate::error::AppResult;
use crate::feeds::ical::{CalEvent, When, calendar, host_of};
use crate::i18n as t;
use crate::model::{MailFrequency, MailTopic, NotificationKind, Slot};

/// What the mails need to build their links.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub signer: &'a Signer,
    pub public_url: &'a str,
}

/// What happened to a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A request waits for the owner (mailed to its responsables, with the links).
    Requested,
    /// A trusted partner's booking, confirmed at once (the owner is told).
    ConfirmedAtOnce,
    Accepted,
    Declined,
    CancelledByOwner,
    CancelledByBorrower,
    Lapsed,
    /// The day before the start.
    Reminder,
}

/// The path of an owner's answer link.
pub const ANSWER_PATH: &str = "/reservations/reponse/";

/// Signs an owner's answer (`accept` or `decline`) to one request, valid until `until`.
pub fn answer_token(signer: &Signer, booking_id: i64, accept: bool, until: DateTime<Utc>) -> String {
    let verb = if accept { "accept" } else { "decline" };
    signer.sign(Purpose::BookingAnswer, format!("{booking_id}:{verb}").as_bytes(), until)
}

/// The booking and the answer an owner's link carries, if it is genuine and unexpired.
pub fn read_answer(signer: &Signer, token: &str, now: DateTime<Utc>) -> Option<(i64, bool)> {
    let payload = signer.verify(Purpose::BookingAnswer, token, now).ok()?;
    let text = String::from_utf8(payload).ok()?;
    let (id, verb) = text.split_once(':')?;
    let accept = match verb {
        "accept" => true,
        "decline" => false,
        _ => return None,
    };
    Some((id.parse().ok()?, accept))
}

/// The booking as a calendar file.
pub fn ics_of(f: &db::bookings::MailFacts, public_url: &str, now: DateTime<Utc>) -> String {
    let local = crate::model::time::paris_local;
    let event = CalEvent {
        uid: format!("reservation-{}@{}", f.id, host_of(public_url)),
        summary: t::booking_event_summary(&f.resource_name, &f.owner_name),
        description: t::booking_event_description(&f.borrower, f.note.as_deref()),
        location: (!f.handover.is_empty()).then(|| f.handover.clone()),
        url: format!("{public_url}/ressources/{}", f.resource_id),
        when: When::At { start: local(f.starts_at), end: Some(local(f.ends_at)) },
    };
    calendar(&f.resource_name, &[event], now)
}

/// Enqueues the mails of `event` for booking `id`, inside the transaction that made it.
/// `actor`, who made it happen, is not told of their own act (a responsable booking their
/// structure's own van).
pub async fn enqueue(tx: &mut Tx<'_>, links: Links<'_>, event: Event, id: i64, actor: Option<i64>, now: DateTime<Utc>) -> AppResult<()> {
    let f = db::bookings::mail_facts(tx, id).await?;
    let to_owner = matches!(event, Event::Requested | Event::ConfirmedAtOnce | Event::CancelledByBorrower);
    let users = if to_owner { db::bookings::owner_users(tx, f.owner_id).await? } else { f.booker_id.into_iter().collect() };
    let mut addresses = Vec::new();
    for user in users.into_iter().filter(|u| Some(*u) != actor) {
        let frequency = db::mail::frequency(tx, user, MailTopic::Bookings).await?;
        if let Some(kind) = notification_of(event) {
            db::notifications::notify_booking(tx, user, kind, id, frequency).await?;
        }
        let mailed = match event {
            Event::Reminder => frequency != MailFrequency::Never,
            _ => frequency == MailFrequency::Now,
        };
        if mailed && let Some((email, _)) = db::mail::recipient(tx, user).await? {
            addresses.push((user, email));
        }
    }
    if addresses.is_empty() {
        return Ok(());
    }
    let slot = t::slot_fr(Slot { start: f.starts_at, end: f.ends_at });
    let page = format!("{}/ressources/{}", links.public_url, f.resource_id);
    let mine = format!("{}/reservations", links.public_url);
    if to_owner {
        let (subject, body) = match event {
            Event::Requested => {
                let until = f.hold_until.unwrap_or(now + Duration::hours(crate::model::REQUEST_HOLD_HOURS));
                let accept = format!("{}{ANSWER_PATH}{}", links.public_url, answer_token(links.signer, id, true, until));
                let decline = format!("{}{ANSWER_PATH}{}", links.public_url, answer_token(links.signer, id, false, until));
                (
                    t::booking_requested_subject(&f.resource_name),
                    t::booking_requested_body(&f.borrower, &f.resource_name, &slot, f.note.as_deref(), &accept, &decline, &t::hold_until_fr(until), &mine),
                )
            }
            Event::ConfirmedAtOnce => {
                (t::booking_partner_subject(&f.resource_name), t::booking_partner_body(&f.borrower, &f.resource_name, &slot, f.note.as_deref(), &mine))
            }
            _ => (t::booking_cancelled_subject(&f.resource_name), t::booking_cancelled_by_borrower_body(&f.borrower, &f.resource_name, &slot, &mine)),
        };
        for (user, to) in &addresses {
            send(tx, links, *user, to, &subject, &body, None, now).await?;
        }
        return Ok(());
    }
    // To the borrower (the account that asked; none left if it was deleted).
    let (subject, body, ics) = match event {
        Event::Accepted => (
            t::booking_accepted_subject(&f.resource_name),
            t::booking_accepted_body(&f.resource_name, &f.owner_name, &slot, &f.handover, &page),
            Some(ics_of(&f, links.public_url, now)),
        ),
        Event::Declined => (
            t::booking_declined_subject(&f.resource_name),
            t::booking_declined_body(&f.resource_name, &f.owner_name, &slot, f.reason.as_deref(), &page),
            None,
        ),
        Event::CancelledByOwner => (
            t::booking_cancelled_subject(&f.resource_name),
            t::booking_cancelled_by_owner_body(&f.resource_name, &f.owner_name, &slot, f.reason.as_deref(), &page),
            None,
        ),
        Event::Lapsed => (t::booking_lapsed_subject(&f.resource_name), t::booking_lapsed_body(&f.resource_name, &f.owner_name, &slot, &page), None),
        _ => (
            t::booking_reminder_subject(&f.resource_name),
            t::booking_reminder_body(&f.resource_name, &f.owner_name, &slot, &f.handover, &page),
            Some(ics_of(&f, links.public_url, now)),
        ),
    };
    for (user, to) in &addresses {
        send(tx, links, *user, to, &subject, &body, ics.as_deref(), now).await?;
    }
    Ok(())
}

/// One booking mail into the outbox. Its topic is one the user may turn off
/// (`/compte#courriels`), so it ends with the settings and a stop link, which the sender
/// also puts in the List-Unsubscribe headers (one click, RFC 8058), as the exchange mails do.
#[allow(clippy::too_many_arguments)]
async fn send(tx: &mut Tx<'_>, links: Links<'_>, user: i64, to: &str, subject: &str, body: &str, ics: Option<&str>, now: DateTime<Utc>) -> AppResult<()> {
    let stop = super::unsubscribe::link(links.signer, links.public_url, user, &[MailTopic::Bookings], now);
    let body = format!("{}\n\n{}", body.trim_end(), super::compose::text_footer(links.public_url, &stop));
    db::outbox::enqueue_optional_plain(tx, user, to, subject, &body, ics, &stop).await
}

/// The in-app notification of an event (the reminder has none: the mail is the reminder).
fn notification_of(event: Event) -> Option<NotificationKind> {
    Some(match event {
        Event::Requested => NotificationKind::BookingRequested,
        Event::ConfirmedAtOnce => NotificationKind::BookingPartner,
        Event::Accepted => NotificationKind::BookingAccepted,
        Event::Declined => NotificationKind::BookingDeclined,
        Event::CancelledByOwner | Event::CancelledByBorrower => NotificationKind::BookingCancelled,
        Event::Lapsed => NotificationKind::BookingLapsed,
        Event::Reminder => return None,
    })
}

/// Reminders go out this long before the start.
pub const REMINDER_HOURS: i64 = 24;

/// The background pass: lapse the requests whose hold ran out, tell their borrowers, and
/// remind the borrowers whose booking starts within a day. How many mails.
pub async fn run(pool: &Pool, links: Links<'_>, now: DateTime<Utc>) -> AppResult<usize> {
    crate::pooling::bookings::lapse_all(pool, now).await?;
    let mut mails = 0;
    if db::bookings::any_lapsed_unmailed(pool).await? {
        let mut tx = db::begin_write(pool).await?;
        let ids = db::bookings::take_lapsed(&mut tx, now).await?;
        for id in &ids {
            enqueue(&mut tx, links, Event::Lapsed, *id, None, now).await?;
        }
        tx.commit().await?;
        mails += ids.len();
    }
    let until = now + Duration::hours(REMINDER_HOURS);
    if db::bookings::any_reminder_due(pool, now, until).await? {
        let mut tx = db::begin_write(pool).await?;
        let ids = db::bookings::take_reminders(&mut tx, now, until).await?;
        for id in &ids {
            enqueue(&mut tx, links, Event::Reminder, *id, None, now).await?;
        }
        tx.commit().await?;
        mails += ids.len();
    }
    if mails > 0 {
        db::outbox::wake();
    }
    Ok(mails)
}
