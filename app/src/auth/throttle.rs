//! Rate limits, with a French message saying when to try again. Per account (sign-in,
//! reset requests, publishing, moderation) they are counted in the database, so they hold
//! across every instance sharing it ([`Limit::shared`], `db::rate_limits`); per address,
//! in each process (governor's keyed GCRA limiters: no write per search). Explicit limits:
//! - login: 10 attempts per account, then one more every 3 minutes; 50 per IP address,
//!   then one every 2 seconds (associations often share one address);
//! - sign-up: 10 per IP address, then one every 6 minutes;
//! - password reset requests: 10 per IP address, then one every 6 minutes; 3 per
//!   account, then one every 20 minutes (no mail bombing).
//! The same limiter is ready for posting and responding (`Limit::Publish`): 30 per account,
//! then one every 2 minutes.
//! - password reset links used: 20 per IP address, then one every 30 seconds;
//! - map and list reads with words or places (`/api/v1/map`, match counts): 120 per IP
//!   address, then 10 a second;
//! - full open-data exports (every post or structure, megabytes each): 10 per IP address,
//!   then one a minute (they may be cached five minutes; a reuser needs one now and then).

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::db::Pool;
use crate::error::{AppError, ErrorCode};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    LoginPerAccount,
    LoginPerIp,
    SignUpPerIp,
    ResetPerIp,
    ResetPerAccount,
    /// Reset links used (each a token check, then a password hash).
    ResetUsePerIp,
    /// Searches of the map and match counts, per IP address: each reads the index.
    SearchPerIp,
    Publish,
    /// Address searches (each one a call to the geocoder).
    Geocode,
    /// Coordinators' actions (hide, connect, merge, ban…): a busy queue, not a script.
    Moderate,
    /// Full open-data exports, per IP address.
    Export,
    /// Alerts asked for by visitors (an address to confirm each), per IP address.
    VisitorAlertPerIp,
}

impl Limit {
    /// Limits per account, counted in the database (one write per hit): the ones a brute
    /// force or a flood from one account would spread over several instances.
    pub fn shared(self) -> bool {
        matches!(self, Limit::LoginPerAccount | Limit::ResetPerAccount | Limit::Publish | Limit::Moderate)
    }

    /// (burst, one more every …)
    pub fn quota(self) -> (u32, Duration) {
        match self {
            Limit::LoginPerAccount => (10, Duration::from_secs(180)),
            Limit::LoginPerIp => (50, Duration::from_secs(2)),
            Limit::SignUpPerIp => (10, Duration::from_secs(360)),
            Limit::ResetPerIp => (10, Duration::from_secs(360)),
            Limit::ResetPerAccount => (3, Duration::from_secs(1200)),
            Limit::ResetUsePerIp => (20, Duration::from_secs(30)),
            Limit::SearchPerIp => (120, Duration::from_millis(100)),
            Limit::Publish => (30, Duration::from_secs(120)),
            Limit::Geocode => (60, Duration::from_secs(2)),
            Limit::Moderate => (120, Duration::from_secs(2)),
            Limit::Export => (10, Duration::from_secs(60)),
            Limit::VisitorAlertPerIp => (10, Duration::from_secs(360)),
        }
    }
}

pub struct Throttles {
    limiters: Vec<(Limit, DefaultKeyedRateLimiter<String>)>,
}

impl Default for Throttles {
    fn default() -> Self {
        let limiters = [
            Limit::LoginPerAccount,
            Limit::LoginPerIp,
            Limit::SignUpPerIp,
            Limit::ResetPerIp,
            Limit::ResetPerAccount,
            Limit::ResetUsePerIp,
            Limit::SearchPerIp,
            Limit::Publish,
            Limit::Geocode,
            Limit::Moderate,
            Limit::Export,
            Limit::VisitorAlertPerIp,
        ]
            .into_iter()
            .filter(|l| !l.shared())
            .map(|l| {
                let (burst, period) = l.quota();
                let quota = Quota::with_period(period)
                    .expect("non-zero period")
                    .allow_burst(NonZeroU32::new(burst).expect("non-zero burst"));
                (l, RateLimiter::keyed(quota))
            })
            .collect();
        Throttles { limiters }
    }
}

impl Throttles {
    /// Counts one attempt for `key`; refuses with 429 and the wait when over the limit.
    pub async fn check(&self, pool: &Pool, limit: Limit, key: &str) -> Result<(), AppError> {
        let wait = if limit.shared() {
            let (burst, period) = limit.quota();
            let key = format!("{limit:?}:{key}");
            crate::db::rate_limits::hit(pool, &key, burst, period, chrono::Utc::now().timestamp_millis()).await?
        } else {
            self.check_here(limit, key)
        };
        match wait {
            None => Ok(()),
            Some(wait) => {
                let minutes = wait.as_secs().div_ceil(60).max(1);
                Err(AppError::new(ErrorCode::TooManyRequests, crate::i18n::too_many(limit == Limit::Export, minutes)))
            }
        }
    }

    /// A limit counted in this process: the wait, if over.
    fn check_here(&self, limit: Limit, key: &str) -> Option<Duration> {
        let (_, limiter) = self.limiters.iter().find(|(l, _)| *l == limit)?;
        limiter.check_key(&key.to_string()).err().map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets keys whose limits have fully recovered (call from time to time).
    pub fn shrink(&self) {
        for (_, l) in &self.limiters {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_sign_up_from_one_address_waits_and_others_are_unaffected() {
        let t = Throttles::default();
        for _ in 0..10 {
            assert_eq!(t.check_here(Limit::SignUpPerIp, "192.0.2.1"), None);
        }
        let wait = t.check_here(Limit::SignUpPerIp, "192.0.2.1").expect("the eleventh waits");
        assert!(wait > Duration::from_secs(300) && wait <= Duration::from_secs(360), "{wait:?}");
        assert_eq!(t.check_here(Limit::SignUpPerIp, "192.0.2.2"), None);
        assert_eq!(t.check_here(Limit::LoginPerIp, "192.0.2.1"), None);
    }
}
