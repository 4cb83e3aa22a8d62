//! Pooled resources and their bookings (« Mutualiser »): the owner's rules, slots on the
//! Paris clock, and the calendar a page shows. Shared by the server and the browser; the
//! database enforces the one rule that must hold under concurrency (no two holders of a
//! resource overlap: `bookings_no_overlap`), this module everything a form can check.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::time::{paris_date, paris_local, paris_to_utc};
use super::{BookingStatus, ResourceKind, TimeUnit};
use crate::i18n as t;

/// Limits of a resource's texts (characters) and of its lists.
pub const RESOURCE_NAME_MAX: usize = 120;
pub const RESOURCE_DESCRIPTION_MAX: usize = 4000;
pub const RESOURCE_CONDITIONS_MAX: usize = 2000;
pub const RESOURCE_HANDOVER_MAX: usize = 300;
pub const RESOURCE_CONTRIBUTION_MAX: usize = 300;
pub const BOOKING_NOTE_MAX: usize = 1000;
pub const BOOKING_REASON_MAX: usize = 500;
pub const CLOSURE_REASON_MAX: usize = 200;
pub const MAX_PARTNERS: usize = 50;
pub const MAX_CLOSURES: usize = 50;
/// Bounds of the owner's rules (the database checks the same).
pub const UNITS_MAX: u16 = 1000;
pub const NOTICE_HOURS_MAX: u32 = 2160;
pub const HORIZON_DAYS_MAX: u32 = 730;
pub const BUFFER_MINUTES_MAX: u32 = 10080;
/// A request holds its slot this long unless the owner decides sooner; then it lapses.
pub const REQUEST_HOLD_HOURS: i64 = 72;
/// Statuses that hold a slot (the exclusion constraint's and the triggers' list).
pub const HOLDING: [BookingStatus; 2] = [BookingStatus::Requested, BookingStatus::Confirmed];
/// Free slots offered when a request is refused for an overlap.
pub const FREE_SLOTS_SHOWN: usize = 5;

/// How an owner lends a resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingRules {
    pub unit: TimeUnit,
    pub min_units: u16,
    pub max_units: u16,
    /// Hours between the booking (or its cancellation by the borrower) and the start.
    pub notice_hours: u32,
    /// How far ahead one may book, in days.
    pub horizon_days: u32,
    /// Minutes kept free after each booking (cleaning, refuelling, return).
    pub buffer_minutes: u32,
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules { unit: TimeUnit::Day, min_units: 1, max_units: 7, notice_hours: 24, horizon_days: 180, buffer_minutes: 0 }
    }
}

/// Days a resource cannot be booked, both included (Paris dates).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closure {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub reason: String,
}

impl Closure {
    /// Whether the closure meets `[start, end)`.
    pub fn meets(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        let from = day_start(self.starts_on);
        let until = day_start(self.ends_on + chrono::Days::new(1));
        from < end && start < until
    }
}

/// A booking's time, half-open: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The range a holder blocks: its slot widened by the buffer, `[start, until)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    pub start: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl Blocked {
    pub fn overlaps(&self, other: &Blocked) -> bool {
        self.start < other.until && other.start < self.until
    }
}

/// Midnight on the Paris clock, in UTC.
pub fn day_start(date: NaiveDate) -> DateTime<Utc> {
    paris_to_utc(date.and_hms_opt(0, 0, 0).expect("midnight"))
}

/// How many parts a day has in a unit: 24 hours (23 or 25 hours on a daylight-saving day
/// are still numbered by the clock: see `part_start`), 2 half-days, 1 day.
pub fn parts_per_day(unit: TimeUnit) -> u32 {
    match unit {
        TimeUnit::Hour => 24,
        TimeUnit::HalfDay => 2,
        TimeUnit::Day => 1,
    }
}

/// When part `part` of `date` starts: the hour `part` (an hour the clock skips starts
/// with the next one), the morning (00:00) or afternoon (12:00), the day (00:00).
pub fn part_start(unit: TimeUnit, date: NaiveDate, part: u32) -> DateTime<Utc> {
    let hour = match unit {
        TimeUnit::Hour => part.min(23),
        TimeUnit::HalfDay => 12 * part.min(1),
        TimeUnit::Day => 0,
    };
    paris_to_utc(date.and_hms_opt(hour, 0, 0).expect("valid hour"))
}

/// The slot of `units` units from part `part` of `date`. Hours are real hours (a booking
/// over the October change lasts as long as it says); half-days and days end on the
/// clock's boundary, however long the day.
pub fn slot_of(unit: TimeUnit, date: NaiveDate, part: u32, units: u16) -> Slot {
    let start = part_start(unit, date, part);
    let end = match unit {
        TimeUnit::Hour => start + Duration::hours(i64::from(units)),
        TimeUnit::HalfDay => {
            let halves = part.min(1) + u32::from(units);
            part_start(unit, date + chrono::Days::new(u64::from(halves / 2)), halves % 2)
        }
        TimeUnit::Day => day_start(date + chrono::Days::new(u64::from(units))),
    };
    Slot { start, end }
}

/// The date and part a UTC instant starts, if it is a boundary of the unit.
pub fn part_of(unit: TimeUnit, at: DateTime<Utc>) -> Option<(NaiveDate, u32)> {
    use chrono::Timelike;
    let local = paris_local(at);
    let part = match unit {
        TimeUnit::Hour => local.hour(),
        TimeUnit::HalfDay => local.hour() / 12,
        TimeUnit::Day => 0,
    };
    (part_start(unit, local.date(), part) == at).then_some((local.date(), part))
}

/// The blocked range of a slot under a buffer.
pub fn blocked(slot: Slot, buffer_minutes: u32) -> Blocked {
    Blocked { start: slot.start, until: slot.end + Duration::minutes(i64::from(buffer_minutes)) }
}

/// Why a slot cannot be asked for, by the owner's rules (not by other bookings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleProblem {
    TooShort(u16),
    TooLong(u16),
    TooSoon(u32),
    TooFar(u32),
    Closed(NaiveDate, NaiveDate),
}

impl RuleProblem {
    pub fn message(&self, unit: TimeUnit) -> String {
        match self {
            RuleProblem::TooShort(n) => t::booking_too_short(*n, unit),
            RuleProblem::TooLong(n) => t::booking_too_long(*n, unit),
            RuleProblem::TooSoon(h) => t::booking_too_soon(*h),
            RuleProblem::TooFar(d) => t::booking_too_far(*d),
            RuleProblem::Closed(from, to) => t::booking_closed(*from, *to),
        }
    }
}

/// Whether `units` units from `slot.start` may be asked for at `now`.
pub fn check_rules(rules: &BookingRules, closures: &[Closure], now: DateTime<Utc>, slot: Slot, units: u16) -> Result<(), RuleProblem> {
    if units < rules.min_units {
        return Err(RuleProblem::TooShort(rules.min_units));
    }
    if units > rules.max_units {
        return Err(RuleProblem::TooLong(rules.max_units));
    }
    if slot.start < now + Duration::hours(i64::from(rules.notice_hours)) {
        return Err(RuleProblem::TooSoon(rules.notice_hours));
    }
    if slot.start > now + Duration::days(i64::from(rules.horizon_days)) {
        return Err(RuleProblem::TooFar(rules.horizon_days));
    }
    if let Some(c) = closures.iter().find(|c| c.meets(slot.start, slot.end)) {
        return Err(RuleProblem::Closed(c.starts_on, c.ends_on));
    }
    Ok(())
}

/// The first free slots of `units` units at or after `from` that the rules allow at
/// `now`, given the ranges other bookings hold: what a refused request is offered.
pub fn free_slots(
    rules: &BookingRules,
    closures: &[Closure],
    holders: &[Blocked],
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    units: u16,
    count: usize,
) -> Vec<Slot> {
    let mut found = Vec::new();
    let first_day = paris_date(from.max(now));
    let last_day = paris_date(now + Duration::days(i64::from(rules.horizon_days)));
    let mut day = first_day;
    while day <= last_day && found.len() < count {
        for part in 0..parts_per_day(rules.unit) {
            let slot = slot_of(rules.unit, day, part, units);
            if slot.start < from || part_of(rules.unit, slot.start) != Some((day, part)) {
                continue;
            }
            let range = blocked(slot, rules.buffer_minutes);
            if check_rules(rules, closures, now, slot, units).is_ok() && !holders.iter().any(|h| h.overlaps(&range)) {
                found.push(slot);
                if found.len() == count {
                    break;
                }
            }
        }
        day = day + chrono::Days::new(1);
    }
    found
}

/// What a calendar cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellState {
    Free,
    Taken,
    Closed,
    /// Before the notice or beyond the horizon: not open to requests.
    Unavailable,
}

/// One unit of one day in a calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarCell {
    pub part: u32,
    pub start: DateTime<Utc>,
    pub state: CellState,
    /// Who holds it, for the owner's members and the borrower only.
    pub holder: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// In the month shown (month view: the days of the neighbouring months that fill
    /// its first and last weeks are not).
    pub in_period: bool,
    pub cells: Vec<CalendarCell>,
}

/// A holder as the calendar knows it: its range and, for those allowed, its name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarHolder {
    pub slot: Slot,
    pub blocked: Blocked,
    pub label: Option<String>,
}

/// The cells of `days` (Paris dates) for a resource: each unit free, taken (held by a
/// booking or its buffer), closed, or not open to requests.
pub fn calendar_days(
    rules: &BookingRules,
    closures: &[Closure],
    holders: &[CalendarHolder],
    now: DateTime<Utc>,
    days: impl Iterator<Item = (NaiveDate, bool)>,
) -> Vec<CalendarDay> {
    days.map(|(date, in_period)| {
        let cells = (0..parts_per_day(rules.unit))
            .filter_map(|part| {
                let slot = slot_of(rules.unit, date, part, 1);
                // The hour the clock skips in March does not exist.
                if part_of(rules.unit, slot.start) != Some((date, part)) {
                    return None;
                }
                let unit_range = Blocked { start: slot.start, until: slot.end };
                let holder = holders.iter().find(|h| h.blocked.overlaps(&unit_range));
                let state = if let Some(_h) = holder {
                    CellState::Taken
                } else if closures.iter().any(|c| c.meets(slot.start, slot.end)) {
                    CellState::Closed
                } else if check_rules(&BookingRules { min_units: 1, max_units: UNITS_MAX, ..rules.clone() }, &[], now, slot, 1).is_err() {
                    CellState::Unavailable
                } else {
                    CellState::Free
                };
                Some(CalendarCell { part, start: slot.start, state, holder: holder.and_then(|h| h.label.clone()) })
            })
            .collect();
        CalendarDay { date, in_period, cells }
    })
    .collect()
}

/// The Monday-to-Sunday weeks covering a month.
pub fn month_days(year: i32, month: u32) -> Vec<(NaiveDate, bool)> {
    use chrono::Datelike;
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else { return Vec::new() };
    let start = first - chrono::Days::new(u64::from(first.weekday().num_days_from_monday()));
    let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    let Some(next) = next else { return Vec::new() };
    let mut days = Vec::new();
    let mut d = start;
    while d < next || d.weekday() != chrono::Weekday::Mon {
        days.push((d, d.month() == month));
        d = d + chrono::Days::new(1);
    }
    days
}

/// The seven days of the week (Monday first) containing `date`.
pub fn week_days(date: NaiveDate) -> Vec<(NaiveDate, bool)> {
    use chrono::Datelike;
    let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
    (0..7).map(|i| (monday + chrono::Days::new(i), true)).collect()
}

/// A resource as lists and cards show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceCard {
    pub id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub summary: String,
    pub structure_name: String,
    pub structure_slug: String,
    pub commune: Option<String>,
    pub unit: TimeUnit,
    pub contribution: String,
}

/// A resource's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourcePageData {
    pub card: ResourceCard,
    pub description: String,
    pub conditions: String,
    pub handover: String,
    pub rules: BookingRules,
    pub open_to_individuals: bool,
    pub closures: Vec<Closure>,
    pub partners: Vec<String>,
    pub point: Option<(f64, f64)>,
    /// The viewer is a member of the owner (sees who booked, manages).
    pub manager: bool,
    pub signed_in: bool,
    /// The structures the viewer may book for, and whether the viewer may book alone.
    pub book_as: Vec<(i64, String)>,
    pub may_book_alone: bool,
    pub calendar: Vec<CalendarDay>,
    /// `mois` (YYYY-MM) or `semaine` (a date) of the calendar shown, and its neighbours.
    pub view: CalendarView,
    /// The owner's bookings waiting for a decision, for its members.
    pub waiting: Vec<BookingLine>,
    /// The resource's secret calendar feed, for its members.
    pub feed_url: Option<String>,
}

/// Which calendar a resource page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalendarView {
    Month { year: i32, month: u32 },
    Week { monday: NaiveDate },
}

impl CalendarView {
    /// Reads `mois=YYYY-MM` or `semaine=YYYY-MM-DD` (else this month in Paris).
    pub fn read(mois: Option<&str>, semaine: Option<&str>, today: NaiveDate) -> CalendarView {
        use chrono::Datelike;
        if let Some(d) = semaine.and_then(super::filter::read_day) {
            return CalendarView::Week { monday: week_days(d)[0].0 };
        }
        let month = mois.and_then(|m| {
            let (y, mo) = m.split_once('-')?;
            let (y, mo) = (y.parse::<i32>().ok()?, mo.parse::<u32>().ok()?);
            ((2000..=2100).contains(&y) && (1..=12).contains(&mo)).then_some((y, mo))
        });
        let (year, month) = month.unwrap_or((today.year(), today.month()));
        CalendarView::Month { year, month }
    }

    pub fn days(self) -> Vec<(NaiveDate, bool)> {
        match self {
            CalendarView::Month { year, month } => month_days(year, month),
            CalendarView::Week { monday } => week_days(monday),
        }
    }

    /// The query of the previous and next views.
    pub fn neighbours(self) -> (String, String) {
        match self {
            CalendarView::Month { year, month } => {
                let prev = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
                let next = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
                (format!("mois={}-{:02}", prev.0, prev.1), format!("mois={}-{:02}", next.0, next.1))
            }
            CalendarView::Week { monday } => (
                format!("semaine={}", super::filter::day_param(monday - chrono::Days::new(7))),
                format!("semaine={}", super::filter::day_param(monday + chrono::Days::new(7))),
            ),
        }
    }
}

/// A booking in a list (« mes réservations », the owner's requests).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingLine {
    pub id: i64,
    pub resource_id: i64,
    pub resource_name: String,
    pub owner_name: String,
    pub borrower: String,
    pub slot: Slot,
    pub status: BookingStatus,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub hold_until: Option<DateTime<Utc>>,
    /// What the viewer may do with it.
    pub may_decide: bool,
    pub may_cancel: bool,
}

impl BookingLine {
    /// Confirmed and over.
    pub fn done(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Confirmed && self.slot.end <= now
    }
}

/// « Mes réservations » and « réservations de nos ressources ».
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyBookingsData {
    pub mine: Vec<BookingLine>,
    pub of_ours: Vec<BookingLine>,
    /// Each of my structures' secret bookings feed: (structure id, name, address).
    pub feeds: Vec<(i64, String, String)>,
    pub now: Option<DateTime<Utc>>,
}

/// A resource's form (create and edit), as sent by the browser.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceForm {
    pub structure_id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub category: String,
    pub description: String,
    #[serde(default)]
    pub conditions: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub handover: String,
    #[serde(default)]
    pub contribution: String,
    #[serde(default)]
    pub open_to_individuals: Option<String>,
    pub unit: String,
    pub min_units: String,
    pub max_units: String,
    pub notice_hours: String,
    pub horizon_days: String,
    pub buffer_minutes: String,
    /// Trusted partners: structure ids, comma-separated or repeated.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Closed periods, one per line: `AAAA-MM-JJ AAAA-MM-JJ raison`.
    #[serde(default)]
    pub closures: String,
    /// A point picked on the map (the point picker's hidden fields; both empty: none).
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lon: String,
}

/// A booking request, as sent by the browser: a day, a part of it, a length.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingForm {
    pub resource_id: i64,
    pub day: String,
    #[serde(default)]
    pub part: String,
    pub units: String,
    /// `structure:<id>`, or `moi` (an individual, where the owner allows it).
    pub booker: String,
    #[serde(default)]
    pub note: String,
}

/// The resource list's parameters: read with the posts' filter readers (`Params`, `Place`,
/// `read_page`), so `commune`, `departement`, `q` and `page` mean the same on both lists.
pub const RESOURCE_KEYS: &[&str] = &["q", "type", "commune", "departement", "page"];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceQuery {
    pub q: Option<String>,
    pub kind: Option<ResourceKind>,
    pub place: super::Place,
    pub page: u32,
}

impl ResourceQuery {
    /// Reads the list's URL; bad values are dropped (an old link still opens).
    pub fn read(params: &super::Params) -> Self {
        let mut problems = Vec::new();
        let q = params.one("q").map(|q| q.chars().take(super::SEARCH_MAX_CHARS).collect());
        let kind = params.one("type").and_then(|k| ResourceKind::parse(&k));
        let place = super::Place::read(params, &["commune", "departement"], &mut problems);
        let page = super::read_page(params, &mut problems);
        ResourceQuery { q, kind, place, page }
    }

    /// The same list at `page`, as a query string.
    pub fn to_query(&self, page: u32) -> String {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.as_str().to_string()));
        }
        self.place.push_pairs(&mut pairs);
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        super::query(&pairs)
    }
}

/// A page of the resource list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceListData {
    pub items: Vec<ResourceCard>,
    pub total: i64,
    pub per_page: i64,
    pub query: ResourceQuery,
    /// The commune filtered on, by name.
    pub commune_name: Option<String>,
    /// The viewer may publish a resource (an active member of a validated structure).
    pub may_publish: bool,
    pub signed_in: bool,
}

/// The resource form's choices and current values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceFormData {
    pub id: Option<i64>,
    pub form: ResourceForm,
    /// Structures the user may publish for: (id, name).
    pub structures: Vec<(i64, String)>,
    /// Structures that may be chosen as trusted partners: (id, name).
    pub partner_choices: Vec<(i64, String)>,
    /// Where the point picker looks first: the resource's place, else its structure's.
    pub look: Option<(f64, f64, u8)>,
    /// Street addresses can be searched (the instance has a geocoder).
    pub geocoder: bool,
}

/// What an owner's answer link is about (its confirmation page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingAnswerView {
    pub accept: bool,
    pub resource_id: i64,
    pub resource_name: String,
    pub borrower: String,
    pub slot: Slot,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn days_and_half_days_follow_the_paris_clock_across_daylight_saving() {
        // 28 March 2027 is 23 hours long, 31 October 2027 25.
        let spring = slot_of(TimeUnit::Day, d(2027, 3, 28), 0, 1);
        assert_eq!(spring.start, Utc.with_ymd_and_hms(2027, 3, 27, 23, 0, 0).unwrap());
        assert_eq!(spring.end - spring.start, Duration::hours(23));
        let autumn = slot_of(TimeUnit::Day, d(2027, 10, 31), 0, 1);
        assert_eq!(autumn.end - autumn.start, Duration::hours(25));
        let afternoon = slot_of(TimeUnit::HalfDay, d(2027, 10, 30), 1, 2);
        assert_eq!(afternoon.start, Utc.with_ymd_and_hms(2027, 10, 30, 10, 0, 0).unwrap());
        assert_eq!(afternoon.end, Utc.with_ymd_and_hms(2027, 10, 31, 11, 0, 0).unwrap(), "ends at noon the next day, winter time");
        assert_eq!(part_of(TimeUnit::HalfDay, afternoon.end), Some((d(2027, 10, 31), 1)));
        // 02:00 does not exist on 28 March: the hour is not a boundary of its own.
        assert_eq!(part_of(TimeUnit::Hour, part_start(TimeUnit::Hour, d(2027, 3, 28), 2)), Some((d(2027, 3, 28), 3)));
        let hours = calendar_days(&BookingRules { unit: TimeUnit::Hour, ..Default::default() }, &[], &[], spring.start, [(d(2027, 3, 28), true)].into_iter());
        assert_eq!(hours[0].cells.len(), 23);
    }

    #[test]
    fn rules_and_free_slots() {
        let now = Utc.with_ymd_and_hms(2027, 5, 3, 8, 0, 0).unwrap();
        let rules = BookingRules { unit: TimeUnit::Day, min_units: 1, max_units: 3, notice_hours: 48, horizon_days: 30, buffer_minutes: 0 };
        let closures = [Closure { starts_on: d(2027, 5, 10), ends_on: d(2027, 5, 11), reason: "révision".into() }];
        assert_eq!(check_rules(&rules, &closures, now, slot_of(TimeUnit::Day, d(2027, 5, 4), 0, 1), 1), Err(RuleProblem::TooSoon(48)));
        assert_eq!(check_rules(&rules, &closures, now, slot_of(TimeUnit::Day, d(2027, 5, 9), 0, 2), 2), Err(RuleProblem::Closed(d(2027, 5, 10), d(2027, 5, 11))));
        assert_eq!(check_rules(&rules, &closures, now, slot_of(TimeUnit::Day, d(2027, 5, 6), 0, 4), 4), Err(RuleProblem::TooLong(3)));
        assert_eq!(check_rules(&rules, &closures, now, slot_of(TimeUnit::Day, d(2027, 7, 6), 0, 1), 1), Err(RuleProblem::TooFar(30)));
        let taken = slot_of(TimeUnit::Day, d(2027, 5, 6), 0, 2);
        let holders = [blocked(taken, 0)];
        let free = free_slots(&rules, &closures, &holders, now, slot_of(TimeUnit::Day, d(2027, 5, 6), 0, 1).start, 2, 3);
        // 6–7 taken, 8–9 free, 9–10 and 10-11 meet the closure, 12–13 free.
        assert_eq!(free.iter().map(|s| paris_date(s.start)).collect::<Vec<_>>(), vec![d(2027, 5, 8), d(2027, 5, 12), d(2027, 5, 13)]);
        // Back to back is allowed; a buffer pushes the next start.
        let next = slot_of(TimeUnit::Day, d(2027, 5, 8), 0, 1);
        assert!(!blocked(taken, 0).overlaps(&blocked(next, 0)));
        assert!(blocked(taken, 60).overlaps(&blocked(next, 0)));
    }

    #[test]
    fn months_are_whole_weeks() {
        let days = month_days(2027, 2);
        assert_eq!(days.len() % 7, 0);
        assert_eq!(days[0].0, d(2027, 2, 1));
        assert_eq!(days.iter().filter(|(_, inside)| *inside).count(), 28);
        assert_eq!(CalendarView::read(Some("2027-13"), None, d(2027, 5, 3)), CalendarView::Month { year: 2027, month: 5 });
        assert_eq!(CalendarView::read(None, Some("2027-05-06"), d(2027, 5, 3)), CalendarView::Week { monday: d(2027, 5, 3) });
    }
}
