//! The e-mail choices of an account, as `/compte#courriels` shows and sends them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AlertFrequency, MailFrequency, MailTopic};
use super::time::next_paris_time;

/// Hour (Paris clock) the daily summaries leave.
pub const DAILY_SUMMARY_HOUR: u32 = 7;
/// How long an « at once » mail waits for more events of its post before it leaves: the
/// sender looks every [`MAIL_TICK_SECONDS`], so it leaves at most 5 minutes after the
/// first event, with every event of those minutes in it.
pub const GATHER_SECONDS: i64 = 270;
pub const MAIL_TICK_SECONDS: u64 = 20;

/// When a notification's mail leaves: `mode` `now` or `daily` at `due_at`; or never
/// (`skipped_at` set: taken as mailed without a mail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub mode: Option<&'static str>,
    pub due_at: Option<DateTime<Utc>>,
    pub skipped_at: Option<DateTime<Utc>>,
}

impl Schedule {
    /// The schedule of an event notified at `now` to someone who chose `frequency`.
    pub fn of(frequency: MailFrequency, now: DateTime<Utc>) -> Schedule {
        match frequency {
            MailFrequency::Now => {
                Schedule { mode: Some("now"), due_at: Some(now + chrono::Duration::seconds(GATHER_SECONDS)), skipped_at: None }
            }
            MailFrequency::Daily => {
                Schedule { mode: Some("daily"), due_at: Some(next_paris_time(now, DAILY_SUMMARY_HOUR)), skipped_at: None }
            }
            MailFrequency::Never => Schedule { mode: None, due_at: None, skipped_at: Some(now) },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailSettings {
    /// Every topic, in [`MailTopic::ALL`]'s order, with the user's choice or its default.
    pub choices: Vec<(MailTopic, MailFrequency)>,
    /// « Tout suspendre ».
    pub suspended: bool,
    /// When and why the SMTP server refused the address for good.
    pub refused: Option<(DateTime<Utc>, String)>,
}

/// Alerts one account may keep.
pub const MAX_ALERTS: usize = 20;
/// New posts an alert's mail lists; « voir les N autres » opens the list for the rest.
pub const ALERT_POSTS_SHOWN: usize = 10;

/// What a mail's signed link (`/desabonnement/…`) does, in words: the mails or alerts
/// it stops, or (`weekly`) the alert it makes weekly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailLinkView {
    pub items: Vec<String>,
    pub weekly: bool,
    /// An account's link (a visitor has no mail settings to go to).
    pub account: bool,
}

/// An alert as `/compte/alertes` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: i64,
    /// The list's query (`/partage?{query}`).
    pub query: String,
    /// The filter in words: « Besoins, Véhicule, à Uzès ».
    pub description: String,
    pub frequency: AlertFrequency,
    /// Urgent needs are mailed at once.
    pub urgent_now: bool,
}

/// When an alert's next mail is due after `after`: the next 07:00 on the Paris clock,
/// a Monday for weekly alerts.
pub fn next_alert_time(after: DateTime<Utc>, frequency: AlertFrequency) -> DateTime<Utc> {
    use chrono::Datelike;
    let mut at = next_paris_time(after, DAILY_SUMMARY_HOUR);
    if frequency == AlertFrequency::Weekly {
        while super::time::paris_date(at).weekday() != chrono::Weekday::Mon {
            at = next_paris_time(at, DAILY_SUMMARY_HOUR);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn weekly_alerts_leave_on_monday_at_seven_also_across_daylight_saving() {
        let utc = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        // Wednesday 25 March 2026 → Monday 30 March, after the change to summer time.
        assert_eq!(next_alert_time(utc(2026, 3, 25, 12), AlertFrequency::Weekly), utc(2026, 3, 30, 5));
        // Monday 26 October 2026 07:00 is 06:00 UTC again (winter).
        assert_eq!(next_alert_time(utc(2026, 10, 20, 12), AlertFrequency::Weekly), utc(2026, 10, 26, 6));
        // Sent on a Monday at 07:00: next Monday, not the same instant.
        assert_eq!(next_alert_time(utc(2026, 10, 26, 6), AlertFrequency::Weekly), utc(2026, 11, 2, 6));
        assert_eq!(next_alert_time(utc(2026, 10, 26, 6), AlertFrequency::Daily), utc(2026, 10, 27, 6));
    }
}
