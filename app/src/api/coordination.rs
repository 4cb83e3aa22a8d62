//! Espace coordination: the dashboard, the coordinators' list of posts, « mise en
//! relation », the moderation queue and its actions. The policy requires a coordinator
//! (instance admins for bans); each function then checks the territory or the object.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ConnectView, CoordFilter, CoordList, Dashboard, ModerationQueue};

#[cfg(feature = "ssr")]
use super::Ctx;

/// A coordinator's or admin's action, counted against their rate limit (also used by
/// `api::settings`).
#[cfg(feature = "ssr")]
pub(super) async fn acting() -> Result<Ctx<crate::model::SessionUser>, AppError> {
    let cx = Ctx::signed_in().await?;
    cx.st.throttles.check(&cx.st.pool, crate::auth::throttle::Limit::Moderate, &format!("moderate:{}", cx.user.id)).await?;
    Ok(cx)
}

/// Coordinators: the figures of one of their territories (instance admins: any, or all).
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard(reseau: Option<String>) -> Result<Dashboard, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::dashboard::load(&st.pool, &st.figures, &user, reseau.as_deref()).await
}

/// Coordinators: the posts behind a dashboard figure.
#[server(prefix = "/api", endpoint = "coordination_posts")]
pub async fn coordination_posts(filter: CoordFilter) -> Result<CoordList, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::dashboard::list(&st.pool, &user, &filter.checked()).await
}

/// Coordinators: a need of their territory and the open offers that match it.
#[server(prefix = "/api", endpoint = "connection_candidates")]
pub async fn connection_candidates(need_id: i64) -> Result<ConnectView, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::connect::view(&st.pool, &user, need_id).await
}

/// Coordinators: connects a need of their territory with an open offer.
#[server(prefix = "/api", endpoint = "connect_posts")]
pub async fn connect_posts(need_id: i64, offer_id: i64) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    let connected = crate::coordination::connect::connect(&st.pool, &user, need_id, offer_id).await;
    if matches!(connected, Ok(true)) {
        crate::api::context::notice(crate::i18n::CONNECT_OK, false);
    }
    connected
}

/// Coordinators: what waits for them in one of their territories.
#[server(prefix = "/api", endpoint = "moderation_queue")]
pub async fn get_moderation_queue(reseau: Option<String>) -> Result<ModerationQueue, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::moderation::queue(&st.pool, &user, reseau.as_deref()).await
}

/// Coordinators: `hide` or `restore` a post of their territory, with a reason sent to
/// its author.
#[server(prefix = "/api", endpoint = "moderate_post")]
pub async fn moderate_post(post_id: i64, action: String, reason: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    let hide = match action.as_str() {
        "hide" => true,
        "restore" => false,
        _ => return Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    };
    crate::coordination::moderation::set_post_hidden(&st.pool, &user, post_id, hide, &reason).await
}

/// Coordinators: closes the reports of a post or profile (`post` | `structure`).
#[server(prefix = "/api", endpoint = "dismiss_reports")]
pub async fn dismiss_reports(target_kind: String, target_id: i64) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::moderation::dismiss(&st.pool, &user, &target_kind, target_id).await
}

/// Coordinators: removes a reported structure from the directory, with a reason.
#[server(prefix = "/api", endpoint = "archive_structure")]
pub async fn archive_structure(structure_id: i64, reason: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::moderation::archive_structure(&st.pool, &user, structure_id, &reason).await
}

/// Coordinators: merges a new structure into the existing one it duplicates.
#[server(prefix = "/api", endpoint = "merge_structure")]
pub async fn merge_structure(from_id: i64, into_id: i64) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::moderation::merge(&st.pool, &user, from_id, into_id).await
}

/// Instance admins: bans an account.
#[server(prefix = "/api", endpoint = "ban_user")]
pub async fn ban_user(user_id: i64, reason: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::moderation::ban(&st.pool, &user, user_id, &reason).await
}

/// Coordinators: what importing this CSV text would do (nothing is written).
#[server(prefix = "/api", endpoint = "preview_import")]
pub async fn preview_import(reseau: Option<String>, csv: String) -> Result<crate::model::ImportPreview, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::import::preview(&st.pool, &user, reseau.as_deref(), &csv).await
}

/// Coordinators: imports a CSV whose every line is valid (all or nothing), in the background.
#[server(prefix = "/api", endpoint = "start_import")]
pub async fn start_import(reseau: Option<String>, csv: String) -> Result<crate::model::ImportStatus, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::import::start(&st.pool, &user, reseau.as_deref(), &csv).await
}

/// Coordinators: how far one of their imports went.
#[server(prefix = "/api", endpoint = "import_status")]
pub async fn import_status(id: u64) -> Result<crate::model::ImportStatus, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::import::status(&st.pool, &user, id).await
}

/// Coordinators: the territories they may act on (the import form's choice).
#[server(prefix = "/api", endpoint = "coordination_scope")]
pub async fn coordination_scope(reseau: Option<String>) -> Result<crate::model::ScopeView, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    Ok(crate::coordination::scope::resolve(&st.pool, &user, reseau.as_deref()).await?.view)
}
