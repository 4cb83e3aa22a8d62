//! Server functions of the Coin du partage's writing side: publish, edit, close, respond,
//! threads, volunteering, reports, « Mes échanges ». Thin: who is asking, a rate limit
//! on writes, then a plain function of `crate::sharing`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Exchanges, NearbyPosts, PostForm, PostPageData, PublishChoices, VolunteeringData};

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::context::noticed;

/// One write budget per account and kind of write (`Limit::Publish`).
#[cfg(feature = "ssr")]
async fn throttle(st: &crate::state::AppState, what: &str, user: &crate::model::SessionUser) -> Result<(), AppError> {
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("{what}:{}", user.id)).await
}

/// Sends a plain form (no JavaScript) or the app to `path` after a successful write.
#[cfg(feature = "ssr")]
fn go_to(path: &str) {
    leptos_axum::redirect(path);
}

/// Signed in: street addresses matching `q`, from the national address API (BAN) the
/// instance configures (`COIN_GEOCODER_URL`), called by this server, never by browsers.
/// Rate-limited per account.
#[server(prefix = "/api", endpoint = "search_addresses")]
pub async fn search_addresses(q: String) -> Result<Vec<crate::model::AddressHit>, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Geocode, &user.id.to_string()).await?;
    crate::sharing::geocode::search(st.site.geocoder_url.as_deref(), &q).await
}

/// Signed in: what the publish form offers me; with `post_id`, the post to edit
/// (its managers only).
#[server(prefix = "/api", endpoint = "publish_context")]
pub async fn publish_context(post_id: Option<i64>) -> Result<PublishChoices, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::sharing::publish::context(&st.pool, &user, post_id, st.site.geocoder_url.is_some()).await
}

/// Signed in: creates a post (`post_id` empty) or saves one I manage. `intent`:
/// `publish`, `draft` (a new post kept as a draft) or `save` (changes only). Goes to the
/// post's page.
#[server(prefix = "/api", endpoint = "save_post")]
pub async fn save_post(post_id: Option<i64>, form: PostForm, intent: String) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    throttle(&st, "post", &user).await?;
    let publish = intent == "publish";
    let id = match post_id {
        Some(id) => crate::sharing::publish::update(&st.pool, &user, id, &form, publish).await.map(|_| id)?,
        None => crate::sharing::publish::create(&st.pool, &user, &form, !publish).await?,
    };
    go_to(&format!("/partage/{id}"));
    Ok(id)
}

/// Signed in: open posts of the other kind, same category, near the chosen commune
/// (or the chosen structure), while writing a post.
#[server(prefix = "/api", endpoint = "similar_posts")]
pub async fn similar_posts(kind: String, category: String, commune: String, author: String) -> Result<NearbyPosts, AppError> {
    let Ctx { st, .. } = Ctx::signed_in().await?;
    let Some(kind) = crate::model::PostKind::parse(&kind) else { return Ok(NearbyPosts::default()) };
    let structure = author.strip_prefix("structure:").and_then(|s| s.parse().ok());
    crate::sharing::publish::similar_nearby(&st.pool, kind, &category, &commune, structure).await
}

/// Public: a post's page, with what this viewer may see (its responses, its contacts
/// once accepted, its volunteers). `None` (and a 404) for a post this viewer cannot see.
#[server(prefix = "/api", endpoint = "post_page")]
pub async fn post_page(id: i64) -> Result<Option<PostPageData>, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    let page = crate::sharing::exchanges::post_page(&st.pool, user.as_ref(), id).await?;
    if page.is_none() {
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            opts.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    Ok(page)
}

/// Signed in, managers of the post: publish a draft (`published`), « pourvu »
/// (`fulfilled`), « en cours » (`in_progress`), back online, or archive (`archived`).
#[server(prefix = "/api", endpoint = "set_post_status")]
pub async fn set_post_status(post_id: i64, status: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let to = crate::model::PostStatus::parse(&status).ok_or_else(|| AppError::bad_request(crate::i18n::ERR_BAD_REQUEST))?;
    crate::sharing::publish::set_status(&st.pool, &user, post_id, to).await?;
    Ok(())
}

/// Signed in: « Je peux aider » / « Ça m'intéresse », as myself or one of my structures.
/// The endpoint and its `reply_as` field keep their published names (forms, clients).
#[server(prefix = "/api", endpoint = "reply_to_post")]
pub async fn respond_to_post(post_id: i64, message: String, #[server(rename = "reply_as")] respond_as: String) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    throttle(&st, "response", &user).await?;
    crate::sharing::responses::respond(&st.pool, &user, post_id, &message, &respond_as).await
}

/// Signed in, managers of the post: accept (`accept`) or decline (`decline`) a response;
/// `in_progress` (a checkbox) also moves the post to « en cours ». The endpoint keeps its
/// published name.
#[server(prefix = "/api", endpoint = "decide_reply")]
pub async fn decide_response(response_id: i64, decision: super::Decision, in_progress: Option<String>) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let accept = decision == super::Decision::Accept;
    crate::sharing::responses::decide(&st.pool, &user, response_id, accept, in_progress.is_some()).await
}

/// Signed in, the two sides of a response: a message in its thread.
#[server(prefix = "/api", endpoint = "send_message")]
pub async fn send_message(response_id: i64, body: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    throttle(&st, "message", &user).await?;
    crate::sharing::responses::send_message(&st.pool, &user, response_id, &body).await
}

/// Signed in: sign up to a volunteering mission (`join`) or cancel (`leave`).
#[server(prefix = "/api", endpoint = "volunteer")]
pub async fn volunteer(post_id: i64, action: super::Attendance) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    match action {
        super::Attendance::Join => {
            throttle(&st, "volunteer", &user).await?;
            crate::sharing::volunteers::sign_up(&st.pool, &st.site.public_url, &user, post_id).await
        }
        super::Attendance::Leave => crate::sharing::volunteers::cancel(&st.pool, &user, post_id).await,
    }
}

/// Signed in: reports a post (`post`) or a structure's profile (`structure`).
#[server(prefix = "/api", endpoint = "report")]
pub async fn report(target_kind: String, target_id: i64, reason: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    throttle(&st, "report", &user).await?;
    noticed(crate::sharing::reports::report(&st.pool, &user, &target_kind, target_id, &reason).await, crate::i18n::REPORT_DONE)
}

/// Signed in: « Mes échanges » (my posts, my responses, my missions, my notifications).
#[server(prefix = "/api", endpoint = "my_exchanges")]
pub async fn my_exchanges() -> Result<Exchanges, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::sharing::exchanges::mine(&st.pool, &user).await
}

/// Signed in: marks all my notifications as read.
#[server(prefix = "/api", endpoint = "read_notifications")]
pub async fn read_notifications() -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::db::notifications::mark_read(&st.pool, user.id, None).await
}

/// Public: my unread notifications (the header's badge); 0 for visitors.
#[server(prefix = "/api", endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    match user {
        Some(u) => crate::db::notifications::unread_count(&st.pool, u.id).await,
        None => Ok(0),
    }
}

/// Public: upcoming volunteering missions, and mine when signed in.
#[server(prefix = "/api", endpoint = "volunteering")]
pub async fn volunteering() -> Result<VolunteeringData, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    crate::sharing::exchanges::volunteering(&st.pool, user.as_ref()).await
}

/// Public: for each listed post (ids separated by commas, at most 50), how many open
/// posts of the other kind match it, counted up to [`MATCH_COUNT_CAP`].
#[server(prefix = "/api", endpoint = "match_counts")]
pub async fn match_counts(ids: String) -> Result<Vec<(i64, i64)>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::SearchPerIp, &crate::state::client_ip().await).await?;
    let max = crate::sharing::exchanges::MATCH_COUNTS_MAX_IDS;
    let ids: Vec<i64> = ids.split(',').filter_map(|s| s.trim().parse().ok()).take(max).collect();
    crate::sharing::exchanges::match_counts(&st.pool, &ids).await
}
