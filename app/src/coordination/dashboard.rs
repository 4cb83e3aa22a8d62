//! The dashboard and the coordinators' list of posts behind each of its figures.

use chrono::{DateTime, Duration, Utc};

use super::scope;
use crate::db::{self, Pool, dashboard as q};
use crate::error::AppResult;
use crate::model::{CoordFilter, CoordList, Dashboard, RECENT_DAYS, SessionUser};

pub async fn load(pool: &Pool, user: &SessionUser, reseau: Option<&str>) -> AppResult<Dashboard> {
    let r = scope::resolve(pool, user, reseau).await?;
    figures(pool, r.scope, Utc::now(), r.view).await
}

/// Every figure of one scope at `now` (the bench calls it directly).
pub async fn figures(pool: &Pool, scope: q::Scope, now: DateTime<Utc>, view: crate::model::ScopeView) -> AppResult<Dashboard> {
    let recent = now - Duration::days(RECENT_DAYS);
    let by_category = q::by_category(pool, scope).await?;
    let (open_needs, open_offers) = by_category.iter().fold((0, 0), |(n, o), c| (n + c.needs, o + c.offers));
    let (queue_len, queue_oldest) = db::moderation::queue_summary(pool, scope).await?;
    let delays = q::first_reply_delays(pool, scope, recent).await?;
    Ok(Dashboard {
        scope: view,
        open_needs,
        open_offers,
        by_category,
        by_commune: q::by_commune(pool, scope).await?,
        unanswered: q::unanswered(pool, scope, now).await?,
        fulfilled_this_month: q::fulfilled_since(pool, scope, q::month_start(now, 0)).await?,
        first_reply_sample: delays.len() as i64,
        median_first_reply_hours: q::median(delays),
        active_structures: q::active_structures(pool, scope, recent).await?,
        trend: q::trend(pool, scope, now).await?,
        unmet: q::unmet(pool, scope, now).await?,
        queue_len,
        queue_oldest,
    })
}

pub async fn list(pool: &Pool, user: &SessionUser, filter: &CoordFilter) -> AppResult<CoordList> {
    let r = scope::resolve(pool, user, filter.territory.as_deref()).await?;
    let (rows, more) = q::posts_page(pool, r.scope, filter, Utc::now()).await?;
    let categories = db::publish::categories(pool).await?;
    Ok(CoordList { scope: r.view, categories, rows, more })
}
