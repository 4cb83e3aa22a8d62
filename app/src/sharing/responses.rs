//! Responses to a post and their threads. A response is visible to its responder and to the
//! post's managers only; contacts are revealed to both once the response is accepted.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{NotificationKind, PostStatus, ResponseStatus, SessionUser, check_message};

/// « Je peux aider » / « Ça m'intéresse »: a response with its first message, as myself
/// or as one of my structures (`structure:<id>`). Returns the response's id.
pub async fn respond(pool: &Pool, user: &SessionUser, post_id: i64, message: &str, respond_as: &str) -> AppResult<i64> {
    let message = check_message(message, "message")?;
    let post = db::posts::state(pool, post_id).await?.ok_or_else(|| AppError::not_found(t::ERR_POST_NOT_FOUND))?;
    if post.hidden || !post.status.is_open() {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_POST_CLOSED));
    }
    let managers = db::posts::managers(pool, post_id).await?;
    if managers.contains(&user.id) {
        return Err(AppError::bad_request(t::ERR_RESPONSE_OWN_POST));
    }
    let structure_id = match respond_as.trim().strip_prefix("structure:") {
        Some(id) => {
            let id: i64 = id.parse().map_err(|_| AppError::bad_request(t::ERR_BAD_REQUEST))?;
            if !db::posts::can_publish_as(pool, user.id, id).await? {
                return Err(AppError::invalid(vec![AppError::field("reply_as", t::ERR_POST_AUTHOR)]));
            }
            Some(id)
        }
        None => None,
    };
    let mut tx = db::begin_write(pool).await?;
    let Some(id) = db::responses::insert(&mut tx, post_id, user.id, structure_id, &message).await? else {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_RESPONSE_TWICE));
    };
    db::notifications::notify(&mut tx, &managers, NotificationKind::Response, post_id, Some(id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The post's managers accept or decline a pending response; accepting can also move the
/// post to « en cours ».
pub async fn decide(pool: &Pool, user: &SessionUser, response_id: i64, accept: bool, in_progress: bool) -> AppResult<()> {
    let response = db::responses::state(pool, response_id).await?.ok_or_else(|| AppError::not_found(t::ERR_RESPONSE_NOT_FOUND))?;
    let post = crate::sharing::publish::require_manager(pool, user, response.post_id).await?;
    let to = if accept { ResponseStatus::Accepted } else { ResponseStatus::Declined };
    let mut tx = db::begin_write(pool).await?;
    if !db::responses::decide(&mut tx, response_id, to).await? {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_RESPONSE_DECIDED));
    }
    if let Some(responder) = response.responder_id {
        let kind = if accept { NotificationKind::ResponseAccepted } else { NotificationKind::ResponseDeclined };
        db::notifications::notify(&mut tx, &[responder], kind, response.post_id, Some(response_id)).await?;
    }
    tx.commit().await?;
    if accept && in_progress && post.status == PostStatus::Published {
        db::posts::set_status(pool, response.post_id, PostStatus::Published, PostStatus::InProgress).await?;
    }
    Ok(())
}

/// A message in a response's thread, by its responder or one of the post's managers.
pub async fn send_message(pool: &Pool, user: &SessionUser, response_id: i64, body: &str) -> AppResult<()> {
    let body = check_message(body, "body")?;
    let response = db::responses::state(pool, response_id).await?.ok_or_else(|| AppError::not_found(t::ERR_RESPONSE_NOT_FOUND))?;
    let managers = db::posts::managers(pool, response.post_id).await?;
    let is_responder = response.responder_id == Some(user.id);
    if !is_responder && !managers.contains(&user.id) {
        return Err(AppError::forbidden());
    }
    if matches!(response.status, ResponseStatus::Declined | ResponseStatus::Withdrawn) {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_RESPONSE_CLOSED));
    }
    let mut tx = db::begin_write(pool).await?;
    db::responses::insert_message(&mut tx, response_id, user.id, &body).await?;
    let others: Vec<i64> = if is_responder { managers } else { response.responder_id.into_iter().collect() };
    db::notifications::notify(&mut tx, &others, NotificationKind::Message, response.post_id, Some(response_id)).await?;
    tx.commit().await?;
    Ok(())
}
