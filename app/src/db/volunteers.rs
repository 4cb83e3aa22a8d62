//! Sign-ups to volunteering missions (needs of category « bénévolat »).

use chrono::NaiveDate;

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{MissionCard, PostStatus};

/// Serialises sign-ups to one post: a no-op write takes the post's row lock on
/// PostgreSQL and the database's write lock on SQLite, so « count, then insert »
/// cannot overfill a mission under concurrent sign-ups.
pub async fn lock_post(tx: &mut Tx<'_>, post_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE posts SET id = id WHERE id = $1").bind(post_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn confirmed_count(tx: &mut Tx<'_>, post_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM participations WHERE post_id = $1 AND status = 'confirmed'")
        .bind(post_id)
        .fetch_one(&mut **tx)
        .await?)
}

/// Signs up (again, after a cancellation); false if already signed up.
pub async fn confirm(tx: &mut Tx<'_>, post_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO participations (post_id, user_id, status, created_at) VALUES ($1, $2, 'confirmed', $3)
         ON CONFLICT (post_id, user_id) DO UPDATE SET status = 'confirmed', created_at = excluded.created_at
         WHERE participations.status = 'cancelled'",
    )
    .bind(post_id)
    .bind(user_id)
    .bind(super::now())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

pub async fn cancel(tx: &mut Tx<'_>, post_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE participations SET status = 'cancelled' WHERE post_id = $1 AND user_id = $2 AND status = 'confirmed'")
        .bind(post_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

pub async fn is_signed_up(pool: &Pool, post_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM participations WHERE post_id = $1 AND user_id = $2 AND status = 'confirmed'",
    )
    .bind(post_id)
    .bind(user_id)
    .fetch_one(pool)
    .await?
        > 0)
}

/// The volunteers' names, for the mission's managers.
pub async fn names(pool: &Pool, post_id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT u.display_name FROM participations pa JOIN users u ON u.id = pa.user_id
         WHERE pa.post_id = $1 AND pa.status = 'confirmed' ORDER BY pa.created_at, pa.id",
    )
    .bind(post_id)
    .fetch_all(pool)
    .await?)
}

const MISSION_SELECT: &str = "SELECT p.id, p.title, p.starts_on, p.mission_time, p.volunteers_needed,
        (SELECT COUNT(*) FROM participations pa WHERE pa.post_id = p.id AND pa.status = 'confirmed') AS volunteers_signed,
        s.name AS structure_name, co.name AS commune_name
    FROM posts p
    JOIN categories c ON c.id = p.category_id
    LEFT JOIN structures s ON s.id = p.structure_id
    LEFT JOIN communes co ON co.insee = p.insee";

/// Upcoming public missions (from today), soonest first.
pub async fn upcoming(pool: &Pool, today: NaiveDate, limit: i64) -> AppResult<Vec<MissionCard>> {
    Ok(sqlx::query_as(&format!(
        "{MISSION_SELECT} WHERE {} AND p.kind = 'need' AND c.slug = 'benevolat' AND p.volunteers_needed IS NOT NULL
         AND p.starts_on >= $1 ORDER BY p.starts_on, p.mission_time, p.id LIMIT $2",
        super::posts::POST_IS_PUBLIC
    ))
    .bind(today)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// One mission as its card.
pub async fn card(tx: &mut Tx<'_>, post_id: i64) -> AppResult<Option<MissionCard>> {
    Ok(sqlx::query_as(&format!("{MISSION_SELECT} WHERE p.id = $1")).bind(post_id).fetch_optional(&mut **tx).await?)
}

/// A structure's upcoming public missions, with its name; `None` if no structure has
/// this slug.
pub async fn upcoming_of(pool: &Pool, slug: &str, today: NaiveDate, limit: i64) -> AppResult<Option<(String, Vec<MissionCard>)>> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM structures WHERE slug = $1 AND validation_status = 'validated'")
        .bind(slug)
        .fetch_optional(pool)
        .await?;
    let Some(name) = name else { return Ok(None) };
    let cards = sqlx::query_as(&format!(
        "{MISSION_SELECT} WHERE {} AND p.kind = 'need' AND c.slug = 'benevolat' AND p.volunteers_needed IS NOT NULL
         AND p.starts_on >= $1 AND s.slug = $2 ORDER BY p.starts_on, p.mission_time, p.id LIMIT $3",
        super::posts::POST_IS_PUBLIC
    ))
    .bind(today)
    .bind(slug)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(Some((name, cards)))
}

/// My upcoming missions.
pub async fn mine(pool: &Pool, user_id: i64, today: NaiveDate) -> AppResult<Vec<MissionCard>> {
    Ok(sqlx::query_as(&format!(
        "{MISSION_SELECT} JOIN participations me ON me.post_id = p.id AND me.user_id = $1 AND me.status = 'confirmed'
         WHERE p.starts_on >= $2 AND p.status IN ('published', 'in_progress') ORDER BY p.starts_on, p.mission_time, p.id"
    ))
    .bind(user_id)
    .bind(today)
    .fetch_all(pool)
    .await?)
}

/// A mission's status, volunteers needed and category (None if no such post).
pub async fn mission(tx: &mut Tx<'_>, post_id: i64) -> AppResult<Option<(PostStatus, Option<i64>, String, bool)>> {
    Ok(sqlx::query_as(
        "SELECT p.status, p.volunteers_needed, c.slug, p.hidden FROM posts p JOIN categories c ON c.id = p.category_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Takes the day-before reminders of the missions held on `day`, once per sign-up:
/// (post, volunteer) of the confirmed sign-ups to open, visible missions not yet reminded.
pub async fn take_reminders(tx: &mut Tx<'_>, day: NaiveDate, now: chrono::DateTime<chrono::Utc>) -> AppResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "UPDATE participations SET reminded_at = $2
         WHERE reminded_at IS NULL AND status = 'confirmed'
           AND post_id IN (SELECT id FROM posts WHERE starts_on = $1 AND hidden = $3 AND status IN ('published', 'in_progress'))
         RETURNING post_id, user_id",
    )
    .bind(day)
    .bind(now)
    .bind(false)
    .fetch_all(&mut **tx)
    .await?)
}
