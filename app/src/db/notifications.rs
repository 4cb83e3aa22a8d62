//! In-app notifications: the header's badge and the « Mes échanges » list.

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{NotificationKind, NotificationView};

/// Notifies each user once (a user listed twice gets one notification).
pub async fn notify(tx: &mut Tx<'_>, users: &[i64], kind: NotificationKind, post_id: i64, response_id: Option<i64>) -> AppResult<()> {
    notify_about(tx, users, kind, post_id, Extra { response_id, ..Extra::default() }).await
}

/// What a notification may carry besides its post.
#[derive(Default)]
pub struct Extra<'a> {
    pub response_id: Option<i64>,
    /// The other post of a « mise en relation ».
    pub related_post_id: Option<i64>,
    /// A moderator's reason.
    pub detail: Option<&'a str>,
}

pub async fn notify_about(tx: &mut Tx<'_>, users: &[i64], kind: NotificationKind, post_id: i64, extra: Extra<'_>) -> AppResult<()> {
    let now = super::now();
    let mut seen = std::collections::HashSet::new();
    for user in users.iter().filter(|u| seen.insert(**u)) {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, post_id, response_id, related_post_id, detail, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
            .bind(user)
            .bind(kind)
            .bind(post_id)
            .bind(extra.response_id)
            .bind(extra.related_post_id)
            .bind(extra.detail)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn unread_count(pool: &Pool, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(pool)
        .await?)
}

/// The latest notifications, newest first.
pub async fn latest(pool: &Pool, user_id: i64, limit: i64) -> AppResult<Vec<NotificationView>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.kind, n.post_id, p.title AS post_title, n.related_post_id, q.title AS related_post_title,
                n.detail, n.structure_id, s.name AS structure_name, t.name AS territory_name,
                n.read_at IS NULL AS unread, n.created_at
         FROM notifications n LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN posts q ON q.id = n.related_post_id
              LEFT JOIN structures s ON s.id = n.structure_id LEFT JOIN territories t ON t.id = n.territory_id
         WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Marks as read what concerns one post (seen on its page), or everything (`None`).
pub async fn mark_read(pool: &Pool, user_id: i64, post_id: Option<i64>) -> AppResult<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 = 0 OR post_id = $3)")
        .bind(super::now())
        .bind(user_id)
        .bind(post_id.unwrap_or(0))
        .execute(pool)
        .await?;
    Ok(())
}
