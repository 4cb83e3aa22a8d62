//! The e-mail choices of an account, as `/compte#courriels` shows and sends them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{MailFrequency, MailTopic};
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
