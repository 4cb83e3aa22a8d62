//! Metropolitan France's time: which calendar day an instant falls on in Paris, and when
//! a Paris day ends. Shared by the server and the browser; formatting is `i18n::dates`'.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Offset of Europe/Paris at a UTC instant: +2 h from the last Sunday of March 01:00 UTC
/// to the last Sunday of October 01:00 UTC, else +1 h (EU rule since 1996). Written out
/// to keep a time-zone database out of the browser bundle.
fn paris_offset_hours(utc: DateTime<Utc>) -> i64 {
    use chrono::{Datelike, TimeZone, Weekday};
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(utc.year(), month, 31).expect("March and October have 31 days");
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().expect("in range");
        }
        Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
    };
    if utc >= last_sunday(3) && utc < last_sunday(10) { 2 } else { 1 }
}

/// The date and time on a Paris clock at a UTC instant.
pub fn paris_local(utc: DateTime<Utc>) -> NaiveDateTime {
    (utc + chrono::Duration::hours(paris_offset_hours(utc))).naive_utc()
}

/// The calendar date in Paris of a UTC instant.
pub fn paris_date(utc: DateTime<Utc>) -> NaiveDate {
    paris_local(utc).date()
}

/// The last instant of a calendar day in Paris, in UTC (a post « valable jusqu'au »
/// that day expires when it ends).
pub fn end_of_paris_day(date: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midnight = Utc.from_utc_datetime(&(date + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("valid time"));
    midnight - chrono::Duration::hours(paris_offset_hours(midnight))
}

/// The UTC instant of a Paris clock time. Meant for times the clock shows once a day
/// (07:00): in the hour skipped or repeated by a daylight-saving change, the later offset
/// is taken.
pub fn paris_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    let summer = Utc.from_utc_datetime(&(local - chrono::Duration::hours(2)));
    if paris_offset_hours(summer) == 2 { summer } else { Utc.from_utc_datetime(&(local - chrono::Duration::hours(1))) }
}

/// The first `hour`:00 on a Paris clock strictly after `after`: the daily summaries'
/// sending time. A day with a daylight-saving change is 23 or 25 hours long, and the
/// summary still leaves at 07:00 on the clock, once.
pub fn next_paris_time(after: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let day = paris_date(after);
    let at = |d: NaiveDate| paris_to_utc(d.and_hms_opt(hour, 0, 0).expect("valid hour"));
    let today = at(day);
    if today > after { today } else { at(day + chrono::Days::new(1)) }
}

/// Today's date in Paris.
pub fn paris_today() -> NaiveDate {
    paris_date(Utc::now())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_daily_time_stays_at_seven_on_the_paris_clock_across_daylight_saving_changes() {
        use super::*;
        use chrono::TimeZone;
        let utc = |y, m, d, h, mi| Utc.with_ymd_and_hms(y, m, d, h, mi, 0).unwrap();
        // Winter (UTC+1): 07:00 Paris is 06:00 UTC.
        assert_eq!(next_paris_time(utc(2026, 1, 10, 5, 59), 7), utc(2026, 1, 10, 6, 0));
        assert_eq!(next_paris_time(utc(2026, 1, 10, 6, 0), 7), utc(2026, 1, 11, 6, 0));
        // Spring forward on Sunday 29 March 2026 at 01:00 UTC: Saturday's summary at
        // 06:00 UTC, Sunday's at 05:00 UTC — 23 hours apart, none skipped.
        assert_eq!(next_paris_time(utc(2026, 3, 28, 6, 30), 7), utc(2026, 3, 29, 5, 0));
        assert_eq!(next_paris_time(utc(2026, 3, 29, 5, 0), 7), utc(2026, 3, 30, 5, 0));
        // Fall back on Sunday 25 October 2026: 25 hours, none doubled.
        assert_eq!(next_paris_time(utc(2026, 10, 24, 5, 0), 7), utc(2026, 10, 25, 6, 0));
        assert_eq!(next_paris_time(utc(2026, 10, 25, 6, 0), 7), utc(2026, 10, 26, 6, 0));
        // Each instant maps back to 07:00 on the Paris clock.
        for at in [utc(2026, 3, 29, 5, 0), utc(2026, 10, 25, 6, 0), utc(2026, 7, 1, 5, 0)] {
            assert_eq!(paris_local(at).time(), chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap());
        }
    }

    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn paris_calendar_days() {
        // 23:30 UTC in winter is already the next day in Paris (+1).
        let winter = Utc.with_ymd_and_hms(2026, 1, 10, 23, 30, 0).unwrap();
        assert_eq!(super::paris_date(winter), NaiveDate::from_ymd_opt(2026, 1, 11).unwrap());
        // 22:30 UTC in summer is the next day too (+2), 21:30 is not.
        let summer = Utc.with_ymd_and_hms(2026, 7, 10, 22, 30, 0).unwrap();
        assert_eq!(super::paris_date(summer), NaiveDate::from_ymd_opt(2026, 7, 11).unwrap());
        let summer_early = Utc.with_ymd_and_hms(2026, 7, 10, 21, 30, 0).unwrap();
        assert_eq!(super::paris_date(summer_early), NaiveDate::from_ymd_opt(2026, 7, 10).unwrap());
        // DST switch 2026: 29 March and 25 October, at 01:00 UTC.
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap()), 1);
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()), 2);
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()), 1);
    }
}
