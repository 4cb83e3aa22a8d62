//! Bookings: a request (confirmed at once for the owner itself and its trusted partners,
//! else waiting for the owner's answer, its slot held 72 h), the owner's decision, a
//! cancellation by either side. The owner's rules are checked here; that two holders never
//! overlap is the database's to enforce (`db::bookings`), so two people asking for the
//! same slot at the same moment get one booking and one clear refusal with free slots.

use chrono::{DateTime, Duration, Utc};

use crate::db::{self, Pool, bookings::LineRow};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::mail::bookings::{Event, Links};
use crate::i18n as t;
use crate::model::{BookingForm, BookingLine, BookingStatus, MyBookingsData, SessionUser, Slot, pooling::*};

/// What a request became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Confirmed at once (the owner itself, or a trusted partner).
    Confirmed(i64),
    /// Waiting for the owner's answer.
    Requested(i64),
}

impl Outcome {
    pub fn id(self) -> i64 {
        match self {
            Outcome::Confirmed(id) | Outcome::Requested(id) => id,
        }
    }
}

/// Who books: a structure the user is an active member of, or the user alone.
fn read_booker(value: &str) -> Option<Option<i64>> {
    match value.trim() {
        "moi" => Some(None),
        v => v.strip_prefix("structure:").and_then(|id| id.parse().ok()).map(Some),
    }
}

/// Asks for a slot of a resource at `now`.
pub async fn request(pool: &Pool, links: Links<'_>, user: &SessionUser, form: &BookingForm, now: DateTime<Utc>) -> AppResult<Outcome> {
    let r = db::resources::get(pool, form.resource_id).await?.filter(|r| r.active && r.structure_validated);
    let r = r.ok_or_else(|| AppError::not_found(t::RESOURCE_NOT_FOUND))?;
    let rules = r.rules();
    let mut errors = Vec::new();
    let day = crate::model::read_day(form.day.trim());
    if day.is_none() {
        errors.push(AppError::field("day", t::ERR_BOOKING_DAY));
    }
    let part = if rules.unit == crate::model::TimeUnit::Day && form.part.trim().is_empty() { Some(0) } else { form.part.trim().parse::<u32>().ok() };
    let part = part.filter(|p| *p < parts_per_day(rules.unit));
    if part.is_none() {
        errors.push(AppError::field("part", t::ERR_BOOKING_PART));
    }
    let units = form.units.trim().parse::<u16>().ok().filter(|u| (1..=UNITS_MAX).contains(u));
    if units.is_none() {
        errors.push(AppError::field("units", t::ERR_BOOKING_UNITS));
    }
    let note = form.note.trim();
    if note.chars().count() > BOOKING_NOTE_MAX {
        errors.push(AppError::field("note", t::too_long(BOOKING_NOTE_MAX)));
    }
    let mine = super::active_structures(pool, user).await?;
    let booker = read_booker(&form.booker).filter(|b| match b {
        Some(sid) => mine.iter().any(|(id, _)| id == sid),
        None => r.open_to_individuals,
    });
    if booker.is_none() {
        let message = if mine.is_empty() && !r.open_to_individuals { t::BOOKING_NOT_ALLOWED } else { t::ERR_BOOKING_BOOKER };
        errors.push(AppError::field("booker", message));
    }
    let (Some(day), Some(part), Some(units), Some(booker), true) = (day, part, units, booker, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let slot = slot_of(rules.unit, day, part, units);
    if part_of(rules.unit, slot.start) != Some((day, part)) {
        return Err(AppError::invalid(vec![AppError::field("part", t::ERR_BOOKING_PART)]));
    }
    let closures = db::resources::closures(pool, r.id).await?;
    if let Err(problem) = check_rules(&rules, &closures, now, slot, units) {
        let field = if matches!(problem, RuleProblem::TooShort(_) | RuleProblem::TooLong(_)) { "units" } else { "day" };
        return Err(AppError::invalid(vec![AppError::field(field, problem.message(rules.unit))]));
    }
    let trusted = match booker {
        Some(sid) => sid == r.structure_id || db::resources::partners(pool, r.id).await?.iter().any(|(id, _)| *id == sid),
        None => false,
    };
    let status = if trusted { BookingStatus::Confirmed } else { BookingStatus::Requested };
    let new = db::bookings::NewBooking {
        resource_id: r.id,
        booker_id: user.id,
        booker_structure_id: booker,
        slot,
        blocked: blocked(slot, rules.buffer_minutes),
        status,
        note: (!note.is_empty()).then_some(note),
        hold_until: (!trusted).then(|| now + Duration::hours(REQUEST_HOLD_HOURS)),
        now,
    };
    let mut tx = db::begin_write(pool).await?;
    db::bookings::lapse(&mut tx, Some(r.id), now).await?;
    let Some(id) = db::bookings::insert(&mut tx, &new).await? else {
        drop(tx);
        return Err(taken(pool, r.id, &rules, &closures, slot, units, now).await);
    };
    crate::mail::bookings::enqueue(&mut tx, links, if trusted { Event::ConfirmedAtOnce } else { Event::Requested }, id, Some(user.id), now).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(if trusted { Outcome::Confirmed(id) } else { Outcome::Requested(id) })
}

/// The refusal of a slot someone else holds, with the first free slots of the same length
/// from the one asked for.
async fn taken(pool: &Pool, resource_id: i64, rules: &BookingRules, closures: &[Closure], slot: Slot, units: u16, now: DateTime<Utc>) -> AppError {
    let horizon = now + Duration::days(i64::from(rules.horizon_days) + 1);
    let holders = match db::bookings::holders(pool, resource_id, slot.start, horizon, now).await {
        Ok(h) => h,
        Err(e) => return e,
    };
    let holders: Vec<Blocked> = holders.iter().map(|h| Blocked { start: h.starts_at, until: h.blocked_until }).collect();
    let free = free_slots(rules, closures, &holders, now, slot.start, units, FREE_SLOTS_SHOWN);
    let mut message = t::ERR_BOOKING_TAKEN.to_string();
    if !free.is_empty() {
        let list: Vec<String> = free.into_iter().map(t::slot_fr).collect();
        message = format!("{message} {} {}.", t::FREE_SLOTS_INTRO, list.join(" ; "));
    }
    AppError::new(ErrorCode::Conflict, message)
}

/// The owner's answer to a waiting request (any active member of the owner).
pub async fn decide(pool: &Pool, links: Links<'_>, user: &SessionUser, id: i64, accept: bool, reason: &str, now: DateTime<Utc>) -> AppResult<()> {
    let b = db::bookings::get(pool, id).await?.ok_or_else(|| AppError::not_found(t::ERR_NOT_FOUND))?;
    if !super::may_manage(pool, user, b.owner_id).await? {
        return Err(AppError::forbidden());
    }
    answer(pool, links, &b, accept, reason, now).await
}

/// The owner's answer through the link of the request's mail: the signed token is the
/// credential (for that booking, that answer, while the request holds its slot).
pub async fn decide_by_link(pool: &Pool, links: Links<'_>, token: &str, reason: &str, now: DateTime<Utc>) -> AppResult<()> {
    let invalid = || AppError::new(ErrorCode::Conflict, t::BOOKING_ANSWER_INVALID);
    let (id, accept) = crate::mail::bookings::read_answer(links.signer, token, now).ok_or_else(invalid)?;
    let b = db::bookings::get(pool, id).await?.ok_or_else(invalid)?;
    answer(pool, links, &b, accept, reason, now).await
}

async fn answer(pool: &Pool, links: Links<'_>, b: &db::bookings::BookingRow, accept: bool, reason: &str, now: DateTime<Utc>) -> AppResult<()> {
    let id = b.id;
    let reason = reason.trim();
    if reason.chars().count() > BOOKING_REASON_MAX {
        return Err(AppError::invalid(vec![AppError::field("reason", t::too_long(BOOKING_REASON_MAX))]));
    }
    let mut tx = db::begin_write(pool).await?;
    db::bookings::lapse(&mut tx, Some(b.resource_id), now).await?;
    if !db::bookings::decide(&mut tx, id, accept, (!reason.is_empty()).then_some(reason), now).await? {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_BOOKING_NOT_WAITING));
    }
    crate::mail::bookings::enqueue(&mut tx, links, if accept { Event::Accepted } else { Event::Declined }, id, None, now).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Cancels a booking: its owner's members at any time before its end, its borrower (the
/// user, or a member of the booking structure) until the owner's notice before the start.
pub async fn cancel(pool: &Pool, links: Links<'_>, user: &SessionUser, id: i64, reason: &str, now: DateTime<Utc>) -> AppResult<()> {
    let b = db::bookings::get(pool, id).await?.ok_or_else(|| AppError::not_found(t::ERR_NOT_FOUND))?;
    let owner = super::may_manage(pool, user, b.owner_id).await?;
    let borrower = b.booker_id == Some(user.id)
        || match b.booker_structure_id {
            Some(s) => super::active_structures(pool, user).await?.iter().any(|(id, _)| *id == s),
            None => false,
        };
    if !owner && !borrower {
        return Err(AppError::forbidden());
    }
    let reason = reason.trim();
    if reason.chars().count() > BOOKING_REASON_MAX {
        return Err(AppError::invalid(vec![AppError::field("reason", t::too_long(BOOKING_REASON_MAX))]));
    }
    if b.ends_at <= now {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_BOOKING_NOT_CANCELLABLE));
    }
    if !owner {
        let notice = db::resources::get(pool, b.resource_id).await?.map(|r| r.rules().notice_hours).unwrap_or(0);
        if b.status == BookingStatus::Confirmed && b.starts_at < now + Duration::hours(i64::from(notice)) {
            return Err(AppError::new(ErrorCode::Conflict, t::booking_cancel_too_late(notice)));
        }
    }
    let mut tx = db::begin_write(pool).await?;
    if !db::bookings::cancel(&mut tx, id, owner, (!reason.is_empty()).then_some(reason), now).await? {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_BOOKING_NOT_CANCELLABLE));
    }
    let event = if owner { Event::CancelledByOwner } else { Event::CancelledByBorrower };
    crate::mail::bookings::enqueue(&mut tx, links, event, id, Some(user.id), now).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Lines of a list, with what the viewer may do: `as_owner` for the owner's members.
pub fn lines(rows: Vec<LineRow>, as_owner: bool, now: DateTime<Utc>) -> Vec<BookingLine> {
    rows.into_iter()
        .map(|r| {
            let waiting = r.status == BookingStatus::Requested && r.hold_until.is_some_and(|h| h > now);
            let status = if r.status == BookingStatus::Requested && !waiting { BookingStatus::Lapsed } else { r.status };
            let holds = status == BookingStatus::Confirmed || waiting;
            let notice = Duration::hours(i64::from(r.notice_hours.max(0)));
            // The owner answers a waiting request (accept, decline) rather than cancelling it.
            let may_cancel = holds
                && r.ends_at > now
                && if as_owner { status == BookingStatus::Confirmed } else { status == BookingStatus::Requested || r.starts_at >= now + notice };
            BookingLine {
                id: r.id,
                resource_id: r.resource_id,
                resource_name: r.resource_name,
                owner_name: r.owner_name,
                borrower: r.borrower,
                slot: Slot { start: r.starts_at, end: r.ends_at },
                status,
                note: r.note,
                reason: r.reason,
                hold_until: r.hold_until.filter(|_| waiting),
                may_decide: as_owner && waiting,
                may_cancel,
            }
        })
        .collect()
}

/// Bookings shown in each list of « Mes réservations ».
pub const LIST_LIMIT: i64 = 200;

/// « Mes réservations » (made by me or my structures) and « réservations de nos
/// ressources ».
pub async fn mine(pool: &Pool, links: Links<'_>, user: &SessionUser, now: DateTime<Utc>) -> AppResult<MyBookingsData> {
    let borrowed = db::bookings::of_borrower(pool, user.id, LIST_LIMIT).await?;
    let lent = db::bookings::of_owner_member(pool, user.id, None, false, now, LIST_LIMIT).await?;
    let mut feeds = Vec::new();
    for (id, name) in super::active_structures(pool, user).await? {
        if let Some((slug, generation)) = db::resources::structure_feed_by_id(pool, id).await? {
            feeds.push((id, name, crate::feeds::bookings::structure_feed_url(links.signer, links.public_url, &slug, id, generation)));
        }
    }
    // Seen here: the booking events of the header's badge.
    db::notifications::mark_bookings_read(pool, user.id).await?;
    Ok(MyBookingsData { mine: lines(borrowed, false, now), of_ours: lines(lent, true, now), feeds, now: Some(now) })
}

/// Turns every request whose hold ran out into `lapsed` (the background loop); how many.
pub async fn lapse_all(pool: &Pool, now: DateTime<Utc>) -> AppResult<usize> {
    // Most passes find nothing: no write transaction for them.
    if !db::bookings::any_to_lapse(pool, now).await? {
        return Ok(0);
    }
    let mut tx = db::begin_write(pool).await?;
    let ids = db::bookings::lapse(&mut tx, None, now).await?;
    tx.commit().await?;
    Ok(ids.len())
}

/// What an owner's answer link is about, if it is still valid (genuine, unexpired, the
/// request still waiting).
pub async fn answer_view(pool: &Pool, signer: &crate::auth::signed::Signer, token: &str, now: DateTime<Utc>) -> AppResult<Option<crate::model::BookingAnswerView>> {
    let Some((id, accept)) = crate::mail::bookings::read_answer(signer, token, now) else { return Ok(None) };
    let rows = db::bookings::line(pool, id).await?;
    Ok(rows
        .filter(|r| r.status == BookingStatus::Requested && r.hold_until.is_some_and(|h| h > now))
        .map(|r| crate::model::BookingAnswerView {
            accept,
            resource_id: r.resource_id,
            resource_name: r.resource_name,
            borrower: r.borrower,
            slot: Slot { start: r.starts_at, end: r.ends_at },
            note: r.note,
        }))
}
