//! « Mise en relation »: a coordinator connects an open need with an open offer that
//! matches it; the managers of both posts are notified in the app, the link is kept.

use super::scope;
use crate::db::{self, Pool, notifications::Extra};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{ConnectView, NotificationKind, PostKind, SessionUser};
use crate::sharing::exchanges::MATCH_KM;

/// Offers proposed for a need.
const CANDIDATES: i64 = 20;

pub async fn view(pool: &Pool, user: &SessionUser, need_id: i64) -> AppResult<ConnectView> {
    let need = open_need(pool, user, need_id).await?;
    let candidates = match db::posts::point_of(pool, need_id).await? {
        Some(point) => db::posts::nearby(pool, PostKind::Offer, &need.category_slug, point, MATCH_KM, None, CANDIDATES).await?.1,
        None => Vec::new(),
    };
    Ok(ConnectView {
        responses: db::posts::response_count(pool, need_id).await?,
        connected: db::moderation::connected_offers(pool, need_id).await?,
        need,
        candidates,
    })
}

/// Connects them; `false` if they already were. The offer may lie outside the
/// coordinator's territory (a match across a boundary), but must be public and open.
pub async fn connect(pool: &Pool, user: &SessionUser, need_id: i64, offer_id: i64) -> AppResult<bool> {
    open_need(pool, user, need_id).await?;
    match db::posts::public_card(pool, offer_id).await? {
        Some(offer) if offer.kind == PostKind::Offer => {}
        _ => return Err(AppError::bad_request(t::ERR_CONNECT_OFFER)),
    }
    let need_managers = db::posts::managers(pool, need_id).await?;
    let offer_managers = db::posts::managers(pool, offer_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::moderation::connect(&mut tx, need_id, offer_id, user.id).await? {
        return Ok(false);
    }
    let extra = |other| Extra { related_post_id: Some(other), ..Extra::default() };
    db::notifications::notify_about(&mut tx, &need_managers, NotificationKind::Connection, need_id, extra(offer_id)).await?;
    db::notifications::notify_about(&mut tx, &offer_managers, NotificationKind::Connection, offer_id, extra(need_id)).await?;
    db::audit::record(&mut tx, Some(user.id), "post.connect", Some(("post", need_id)), &format!("{{\"offer\":{offer_id}}}")).await?;
    tx.commit().await?;
    Ok(true)
}

/// A public need of the user's territories.
async fn open_need(pool: &Pool, user: &SessionUser, need_id: i64) -> AppResult<crate::model::PostCard> {
    scope::require_post(pool, user, need_id).await?;
    match db::posts::public_card(pool, need_id).await? {
        Some(card) if card.kind == PostKind::Need => Ok(card),
        _ => Err(AppError::bad_request(t::ERR_CONNECT_NEED)),
    }
}
