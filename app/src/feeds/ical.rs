//! iCalendar (RFC 5545) output, written with the `icalendar` crate (escaping, line
//! folding). Times are Paris clock times with `TZID=Europe/Paris` and the matching
//! VTIMEZONE (the EU rule since 1996), so calendars show the hour the page shows, across
//! daylight-saving changes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike};

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::i18n as t;
use crate::model::MissionCard;

pub const PARIS: &str = "Europe/Paris";

/// Europe/Paris as a VTIMEZONE: summer time from the last Sunday of March 02:00 to the last
/// Sunday of October 03:00 (local times).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// When an event takes place.
#[derive(Clone, Debug, PartialEq)]
pub enum When {
    /// Whole days, `from` to `to` included.
    Days { from: NaiveDate, to: NaiveDate },
    /// From a Paris clock time, to another if known.
    At { start: NaiveDateTime, end: Option<NaiveDateTime> },
}

#[derive(Clone, Debug)]
pub struct CalEvent {
    /// Unique and stable for this event on this instance.
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: String,
    pub when: When,
}

fn paris(at: NaiveDateTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone { date_time: at, tzid: PARIS.to_string() }
}

/// A whole calendar: `name` shown by calendar apps, `now` the stamp of every event.
pub fn calendar(name: &str, events: &[CalEvent], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(name).append_property(("X-WR-TIMEZONE", PARIS));
    for e in events {
        let mut ev = Event::new();
        ev.uid(&e.uid).summary(&e.summary).description(&e.description).url(&e.url).timestamp(now);
        if let Some(l) = &e.location {
            ev.location(l);
        }
        match e.when {
            When::Days { from, to } => {
                ev.starts(DatePerhapsTime::Date(from)).ends(DatePerhapsTime::Date(to + chrono::Days::new(1)));
            }
            When::At { start, end } => {
                ev.starts(paris(start));
                if let Some(end) = end {
                    ev.ends(paris(end));
                }
            }
        }
        cal.push(ev.done());
    }
    let text = cal.done().to_string();
    // The VTIMEZONE the TZIDs refer to, before the first event (the crate writes none).
    match text.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{VTIMEZONE}{}", &text[..i], &text[i..]),
        None => text,
    }
}

/// A mission as an event: at its time on its day, or its whole day(s) when no time is set.
pub fn mission_event(m: &MissionCard, public_url: &str, host: &str) -> Option<CalEvent> {
    let day = m.starts_on?;
    let when = match m.mission_time {
        Some(time) => When::At { start: day.and_time(time), end: None },
        None => When::Days { from: day, to: day },
    };
    let url = format!("{public_url}/partage/{}", m.id);
    let by = m.structure_name.as_deref().map(t::ical_mission_by).unwrap_or_default();
    Some(CalEvent {
        uid: format!("mission-{}@{host}", m.id),
        summary: m.title.clone(),
        description: format!("{by}{}{url}", t::ICAL_MISSION_LINK),
        location: m.commune_name.clone(),
        url,
        when,
    })
}

/// How many missions a calendar lists at most.
pub const MISSIONS_MAX: i64 = 500;

/// The upcoming missions (a structure's, or all), as a calendar. Missions without a day
/// are left out: a calendar cannot place them (the page `/benevolat` says so). `None`
/// when the structure does not exist.
pub async fn missions(pool: &Pool, public_url: &str, structure_slug: Option<&str>, now: DateTime<Utc>) -> AppResult<Option<String>> {
    let today = crate::model::time::paris_date(now);
    let (name, cards) = match structure_slug {
        Some(slug) => match db::volunteers::upcoming_of(pool, slug, today, MISSIONS_MAX).await? {
            Some((structure, cards)) => (t::ical_structure_missions(&structure), cards),
            None => return Ok(None),
        },
        None => (t::ICAL_MISSIONS.to_string(), db::volunteers::upcoming(pool, today, MISSIONS_MAX).await?),
    };
    let host = host_of(public_url);
    let events: Vec<CalEvent> = cards.iter().filter_map(|m| mission_event(m, public_url, &host)).collect();
    Ok(Some(calendar(&name, &events, now)))
}

/// `coin.example.org` from `https://coin.example.org:8443`: the UIDs' domain.
pub fn host_of(public_url: &str) -> String {
    url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "localhost".to_string())
}
