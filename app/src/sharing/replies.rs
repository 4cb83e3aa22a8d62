//! Replies to a post and their threads. A reply is visible to its responder and to the
//! post's managers only; contacts are revealed to both once the reply is accepted.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{NotificationKind, PostStatus, ReplyStatus, SessionUser, check_message};

/// « Je peux aider » / « Ça m'intéresse »: a reply with its first message, as myself
/// or as one of my structures (`structure:<id>`). Returns the reply's id.
pub async fn reply(pool: &Pool, user: &SessionUser, post_id: i64, message: &str, reply_as: &str) -> AppResult<i64> {
    let message = check_message(message, "message")?;
    let post = db::posts::state(pool, post_id).await?.ok_or_else(|| AppError::not_found(t::ERR_POST_NOT_FOUND))?;
    if post.hidden || !post.status.is_open() {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_POST_CLOSED));
    }
    let managers = db::posts::managers(pool, post_id).await?;
    if managers.contains(&user.id) {
        return Err(AppError::bad_request(t::ERR_REPLY_OWN_POST));
    }
    let structure_id = match reply_as.trim().strip_prefix("structure:") {
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
    let Some(id) = db::replies::insert(&mut tx, post_id, user.id, structure_id, &message).await? else {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_REPLY_TWICE));
    };
    db::notifications::notify(&mut tx, &managers, NotificationKind::Reply, post_id, Some(id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The post's managers accept or decline a pending reply; accepting can also move the
/// post to « en cours ».
pub async fn decide(pool: &Pool, user: &SessionUser, response_id: i64, accept: bool, in_progress: bool) -> AppResult<()> {
    let reply = db::replies::state(pool, response_id).await?.ok_or_else(|| AppError::not_found(t::ERR_REPLY_NOT_FOUND))?;
    let post = crate::sharing::publish::require_manager(pool, user, reply.post_id).await?;
    let to = if accept { ReplyStatus::Accepted } else { ReplyStatus::Declined };
    let mut tx = db::begin_write(pool).await?;
    if !db::replies::decide(&mut tx, response_id, to).await? {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_REPLY_DECIDED));
    }
    if let Some(responder) = reply.responder_id {
        let kind = if accept { NotificationKind::ReplyAccepted } else { NotificationKind::ReplyDeclined };
        db::notifications::notify(&mut tx, &[responder], kind, reply.post_id, Some(response_id)).await?;
    }
    tx.commit().await?;
    if accept && in_progress && post.status == PostStatus::Published {
        db::posts::set_status(pool, reply.post_id, PostStatus::Published, PostStatus::InProgress).await?;
    }
    Ok(())
}

/// A message in a reply's thread, by its responder or one of the post's managers.
pub async fn send_message(pool: &Pool, user: &SessionUser, response_id: i64, body: &str) -> AppResult<()> {
    let body = check_message(body, "body")?;
    let reply = db::replies::state(pool, response_id).await?.ok_or_else(|| AppError::not_found(t::ERR_REPLY_NOT_FOUND))?;
    let managers = db::posts::managers(pool, reply.post_id).await?;
    let is_responder = reply.responder_id == Some(user.id);
    if !is_responder && !managers.contains(&user.id) {
        return Err(AppError::forbidden());
    }
    if matches!(reply.status, ReplyStatus::Declined | ReplyStatus::Withdrawn) {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_REPLY_CLOSED));
    }
    let mut tx = db::begin_write(pool).await?;
    db::replies::insert_message(&mut tx, response_id, user.id, &body).await?;
    let others: Vec<i64> = if is_responder { managers } else { reply.responder_id.into_iter().collect() };
    db::notifications::notify(&mut tx, &others, NotificationKind::Message, reply.post_id, Some(response_id)).await?;
    tx.commit().await?;
    Ok(())
}
