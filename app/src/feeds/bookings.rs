//! Secret calendar feeds of bookings: a resource's (`/ressources/{id}/agenda.ics?cle=…`,
//! for its owner) and a structure's (`/structures/{slug}/reservations.ics?cle=…`: what it
//! borrows and what its resources lend). The key is a token of the signing module
//! (`Purpose::BookingFeed`) naming the resource or structure and a generation: « révoquer »
//! bumps the generation, and every older key stops working. Who booked is in these feeds,
//! so a missing or wrong key is a 404 like an unknown resource.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::auth::signed::{Purpose, Signer};
use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::i18n as t;
use crate::model::BookingStatus;

use super::ical::{CalEvent, When, calendar, host_of};

/// Feed keys do not expire; they are revoked.
fn never() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).single().expect("valid date")
}

/// How far back a feed goes.
pub const FEED_DAYS_BACK: i64 = 90;
/// At most this many bookings in a feed.
pub const FEED_MAX: i64 = 2000;

fn payload(kind: &str, id: i64, generation: i32) -> String {
    format!("{kind}:{id}:{generation}")
}

pub fn resource_key(signer: &Signer, id: i64, generation: i32) -> String {
    signer.sign(Purpose::BookingFeed, payload("ressource", id, generation).as_bytes(), never())
}

pub fn structure_key(signer: &Signer, id: i64, generation: i32) -> String {
    signer.sign(Purpose::BookingFeed, payload("structure", id, generation).as_bytes(), never())
}

fn key_is(signer: &Signer, key: &str, expected: &str, now: DateTime<Utc>) -> bool {
    signer.verify(Purpose::BookingFeed, key, now).is_ok_and(|p| p == expected.as_bytes())
}

/// The feed's address with its key (`public_url` + path + `?cle=`).
pub fn resource_feed_url(signer: &Signer, public_url: &str, id: i64, generation: i32) -> String {
    format!("{public_url}/ressources/{id}/agenda.ics?cle={}", resource_key(signer, id, generation))
}

pub fn structure_feed_url(signer: &Signer, public_url: &str, slug: &str, id: i64, generation: i32) -> String {
    format!("{public_url}/structures/{slug}/reservations.ics?cle={}", structure_key(signer, id, generation))
}

fn events(rows: Vec<db::bookings::LineRow>, public_url: &str) -> Vec<CalEvent> {
    let host = host_of(public_url);
    let local = crate::model::time::paris_local;
    rows.into_iter()
        .map(|r| CalEvent {
            uid: format!("reservation-{}@{host}", r.id),
            summary: if r.status == BookingStatus::Requested {
                t::booking_feed_waiting(&r.resource_name, &r.borrower)
            } else {
                t::booking_feed_summary(&r.resource_name, &r.borrower)
            },
            description: t::booking_event_description(&r.borrower, r.note.as_deref()),
            location: None,
            url: format!("{public_url}/ressources/{}", r.resource_id),
            when: When::At { start: local(r.starts_at), end: Some(local(r.ends_at)) },
        })
        .collect()
}

/// A resource's feed, if `key` is its current key.
pub async fn resource_feed(pool: &Pool, signer: &Signer, public_url: &str, id: i64, key: &str, now: DateTime<Utc>) -> AppResult<Option<String>> {
    let Some(r) = db::resources::get(pool, id).await? else { return Ok(None) };
    if !key_is(signer, key, &payload("ressource", id, r.feed_generation), now) {
        return Ok(None);
    }
    let rows = db::bookings::for_feed(pool, Some(id), None, now - Duration::days(FEED_DAYS_BACK), now, FEED_MAX).await?;
    Ok(Some(calendar(&r.name, &events(rows, public_url), day_stamp(now))))
}

/// A structure's feed, if `key` is its current key.
pub async fn structure_feed(pool: &Pool, signer: &Signer, public_url: &str, slug: &str, key: &str, now: DateTime<Utc>) -> AppResult<Option<String>> {
    let Some((id, generation)) = db::resources::structure_feed(pool, slug).await? else { return Ok(None) };
    if !key_is(signer, key, &payload("structure", id, generation), now) {
        return Ok(None);
    }
    let rows = db::bookings::for_feed(pool, None, Some(id), now - Duration::days(FEED_DAYS_BACK), now, FEED_MAX).await?;
    Ok(Some(calendar(t::BOOKINGS_FEED_NAME, &events(rows, public_url), day_stamp(now))))
}

/// The day's start: the same bookings give the same file (and ETag) all day.
fn day_stamp(now: DateTime<Utc>) -> DateTime<Utc> {
    crate::model::day_start(crate::model::time::paris_date(now))
}
