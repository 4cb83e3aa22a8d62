//! The dashboard and the coordinators' list of posts behind each of its figures.
//!
//! The figures of a scope are computed by a handful of grouped queries (`db::dashboard`)
//! and kept for [`FIGURES_TTL`] in this instance's [`FigureCache`]: a whole instance of
//! 100,000 posts takes several hundred milliseconds to count on SQLite, and a dashboard
//! read every week does not need them fresher than a minute. The moderation queue's size is
//! always read afresh (a coordinator acting on it sees it change at once).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};

use super::scope;
use crate::db::scope::Scope;
use crate::db::{self, Pool, dashboard as q};
use crate::error::AppResult;
use crate::model::{CoordFilter, CoordList, Dashboard, RECENT_DAYS, ScopeView, SessionUser};

/// How long a scope's figures are kept.
pub const FIGURES_TTL: StdDuration = StdDuration::from_secs(60);

/// Figures per scope, computed at most once per TTL in this instance.
pub struct FigureCache {
    ttl: StdDuration,
    entries: Mutex<HashMap<Scope, (Instant, Dashboard)>>,
}

impl Default for FigureCache {
    fn default() -> Self {
        Self::with_ttl(FIGURES_TTL)
    }
}

impl FigureCache {
    /// `ttl` zero: always computed (tests that change data between two reads).
    pub fn with_ttl(ttl: StdDuration) -> Self {
        FigureCache { ttl, entries: Mutex::new(HashMap::new()) }
    }

    fn get(&self, scope: Scope) -> Option<Dashboard> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(&scope).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, d)| d.clone())
    }

    fn put(&self, scope: Scope, d: &Dashboard) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
        entries.insert(scope, (Instant::now(), d.clone()));
    }
}

pub async fn load(pool: &Pool, cache: &FigureCache, user: &SessionUser, reseau: Option<&str>) -> AppResult<Dashboard> {
    let r = scope::resolve(pool, user, reseau).await?;
    let mut d = match cache.get(r.scope) {
        Some(d) => d,
        None => {
            let d = figures(pool, r.scope, Utc::now(), r.view.clone()).await?;
            cache.put(r.scope, &d);
            d
        }
    };
    (d.queue_len, d.queue_oldest) = db::moderation::queue_summary(pool, r.scope).await?;
    d.scope = r.view;
    Ok(d)
}

/// Every figure of one scope at `now`, uncached (the bench calls it directly).
pub async fn figures(pool: &Pool, scope: Scope, now: DateTime<Utc>, view: ScopeView) -> AppResult<Dashboard> {
    let recent = now - Duration::days(RECENT_DAYS);
    let by_category = q::by_category(pool, scope).await?;
    let (open_needs, open_offers) = by_category.iter().fold((0, 0), |(n, o), c| (n + c.needs, o + c.offers));
    let delays = q::first_response_delays(pool, scope, recent).await?;
    Ok(Dashboard {
        scope: view,
        open_needs,
        open_offers,
        by_category,
        by_commune: q::by_commune(pool, scope).await?,
        unanswered: q::unanswered(pool, scope, now).await?,
        fulfilled_this_month: q::fulfilled_since(pool, scope, q::month_start(now, 0)).await?,
        first_response_sample: delays.len() as i64,
        median_first_response_hours: q::median(delays),
        active_structures: q::active_structures(pool, scope, recent).await?,
        trend: q::trend(pool, scope, now).await?,
        unmet: q::unmet(pool, scope, now).await?,
        queue_len: 0,
        queue_oldest: None,
        computed_at: now,
    })
}

pub async fn list(pool: &Pool, user: &SessionUser, filter: &CoordFilter) -> AppResult<CoordList> {
    let r = scope::resolve(pool, user, filter.territory()).await?;
    let (rows, more) = q::posts_page(pool, r.scope, filter, Utc::now()).await?;
    let categories = db::posts::categories(pool).await?;
    Ok(CoordList { scope: r.view, categories, rows, more })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: i64) -> Dashboard {
        Dashboard {
            scope: ScopeView { current: None, name: String::new(), choices: Vec::new(), instance_wide: true },
            open_needs: n,
            open_offers: 0,
            by_category: Vec::new(),
            by_commune: Vec::new(),
            unanswered: [0, 0],
            fulfilled_this_month: 0,
            median_first_response_hours: None,
            first_response_sample: 0,
            active_structures: 0,
            trend: Vec::new(),
            unmet: Vec::new(),
            queue_len: 0,
            queue_oldest: None,
            computed_at: Utc::now(),
        }
    }

    #[test]
    fn figures_are_kept_per_scope_for_the_ttl() {
        let cache = FigureCache::with_ttl(StdDuration::from_millis(50));
        cache.put(Some(1), &sample(7));
        assert_eq!(cache.get(Some(1)).map(|d| d.open_needs), Some(7));
        assert!(cache.get(None).is_none(), "another scope");
        std::thread::sleep(StdDuration::from_millis(60));
        assert!(cache.get(Some(1)).is_none(), "expired");
        let off = FigureCache::with_ttl(StdDuration::ZERO);
        off.put(None, &sample(1));
        assert!(off.get(None).is_none());
    }
}
