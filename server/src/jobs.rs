//! The background jobs of a running server. Every process sharing a database starts them,
//! and each run is claimed in the database first (`db::jobs::claim`), so one process does
//! it: two instances never both send a reminder or a summary. What is per process (the
//! in-memory rate limits, the map and search indexes) is kept by each.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use app::db::Pool;
use app::error::AppError;
use app::state::AppState;

/// The hourly run: posts' expiry (reminders a week before, then « expiré »), structures'
/// freshness (a reminder after a year, stale 30 days later), the map change log's trim,
/// recovered rate-limit keys.
pub const HOURLY: &str = "hourly";
/// Mails into the outbox every `MAIL_TICK_SECONDS`: exchanges (at once, daily summaries,
/// missions' reminders), alerts, bookings (lapsed requests, reminders).
pub const MAILS: &str = "mails";

pub fn spawn_all(state: &AppState) {
    // Forget in-memory rate-limit keys that have fully recovered, so memory stays bounded.
    let throttles = state.throttles.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            throttles.shrink();
        }
    });
    let st = state.clone();
    tokio::spawn(periodic(state.pool.clone(), HOURLY, Duration::from_secs(3600), move || hourly(st.clone())));
    let st = state.clone();
    tokio::spawn(periodic(state.pool.clone(), MAILS, Duration::from_secs(app::model::MAIL_TICK_SECONDS), move || mails(st.clone())));
}

async fn hourly(st: AppState) {
    let (pool, now) = (&st.pool, app::db::now());
    report("post_expiry", app::sharing::expiry::run(pool, now).await);
    report("structure_freshness", app::structures::freshness::run(pool, &st.site.public_url, now).await);
    report("change_log_trim", app::change_log::trim(pool).await.map_err(AppError::from));
    report("rate_limits_forget", app::db::rate_limits::forget_recovered(pool, now.timestamp_millis()).await);
}

async fn mails(st: AppState) {
    let (pool, now, signer) = (&st.pool, app::db::now(), &*st.signer);
    report("exchange_mails", app::mail::exchanges::run(pool, &st.site.public_url, signer, now).await);
    report("alert_mails", app::mail::alerts::run(&st, signer, now).await);
    report("urgent_alert_mails", app::mail::alerts::run_urgent(&st, signer, now).await);
    let links = app::mail::bookings::Links { signer, public_url: &st.site.public_url };
    report("booking_mails", app::mail::bookings::run(pool, links, now).await);
    report("forget_unconfirmed_alerts", app::mail::visitors::forget_unconfirmed(pool, now).await);
}

/// Every `every` (and once at start), runs `step` if this process claims the run.
pub async fn periodic<F, Fut>(pool: Pool, name: &'static str, every: Duration, step: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        // A little under the period, so this process's next tick, a few ms early, finds
        // the run due when no other process took it.
        match app::db::jobs::claim(&pool, name, every - every / 20, app::db::now()).await {
            Ok(true) => step().await,
            Ok(false) => {}
            Err(e) => {
                crate::metrics::job(name, false);
                tracing::warn!(job = name, error = %e.message, "background job not claimed");
            }
        }
    }
}

/// Counts a task's run in the metrics and logs what it did (nothing when idle).
fn report<T: Debug + PartialEq + Default>(task: &'static str, done: Result<T, AppError>) {
    crate::metrics::job(task, done.is_ok());
    match done {
        Ok(n) if n == T::default() => {}
        Ok(n) => tracing::info!(task, done = ?n, "background job"),
        Err(e) => tracing::warn!(task, error = %e.message, "background job failed"),
    }
}
