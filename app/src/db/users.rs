//! Users, their sessions list, single-use tokens.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;

/// What login needs to know about an account.
#[derive(Debug, sqlx::FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: Option<String>,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub status: String,
}

pub async fn login_row(pool: &Pool, email: &str) -> AppResult<Option<LoginRow>> {
    Ok(sqlx::query_as("SELECT id, password_hash, email_verified_at, status FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?)
}

pub async fn email_exists(pool: &Pool, email: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1").bind(email).fetch_one(pool).await?;
    Ok(n > 0)
}

pub async fn session_user(pool: &Pool, user_id: i64, session_id: &str) -> AppResult<Option<crate::model::SessionUser>> {
    // The session must still be listed for the user: revoking a session removes it here.
    Ok(sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, u.is_instance_admin
         FROM users u JOIN user_sessions s ON s.user_id = u.id
         WHERE u.id = $1 AND s.session_id = $2 AND u.status = 'active'",
    )
    .bind(user_id)
    .bind(session_id)
    .fetch_optional(pool)
    .await?)
}

/// Lists a new session for the user, only if the account is active and its password hash
/// is still `password_hash` (a reset between the check and now wins). `false` otherwise.
pub async fn record_session(
    pool: &Pool,
    session_id: &str,
    user_id: i64,
    password_hash: &str,
    user_agent: &str,
) -> AppResult<bool> {
    let now = super::now();
    let mut tx = super::begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO user_sessions (session_id, user_id, user_agent, created_at, last_seen_at)
         SELECT $1, $2, $3, $4, $4 WHERE EXISTS
             (SELECT 1 FROM users WHERE id = $2 AND password_hash = $5 AND status = 'active')
         ON CONFLICT (session_id) DO UPDATE SET user_id = $2, last_seen_at = $4",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(user_agent)
    .bind(now)
    .bind(password_hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2").bind(now).bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn touch_session(pool: &Pool, session_id: &str, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE user_sessions SET last_seen_at = $1 WHERE session_id = $2 AND user_id = $3")
        .bind(super::now())
        .bind(session_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks every unused token of a purpose as used (after a reset, older links die too).
pub async fn retire_tokens(tx: &mut Tx<'_>, user_id: i64, purpose: &str) -> AppResult<()> {
    sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(super::now())
        .bind(user_id)
        .bind(purpose)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn forget_session<'e, E: sqlx::Executor<'e, Database = super::Db>>(db: E, session_id: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM user_sessions WHERE session_id = $1").bind(session_id).execute(db).await?;
    Ok(())
}

pub async fn insert_token(
    tx: &mut Tx<'_>,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(expires_at)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether a token is valid, unused and unexpired (a read; [`consume_token`] decides).
pub async fn token_is_live(pool: &super::Pool, purpose: &str, token_hash: &str) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(super::now())
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Marks a valid, unused, unexpired token as used and returns its user — atomically, so
/// a token works once even when two requests race.
pub async fn consume_token(tx: &mut Tx<'_>, purpose: &str, token_hash: &str) -> AppResult<Option<i64>> {
    let now = super::now();
    Ok(sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn mark_verified(tx: &mut Tx<'_>, user_id: i64) -> AppResult<()> {
    let now = super::now();
    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1), updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many territories a user coordinates, structures they run, structures they belong
/// to (active memberships): what their role is made of (`policy::role_of`).
pub async fn role_counts(pool: &Pool, user_id: i64) -> AppResult<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM territory_coordinators WHERE user_id = $1),
                (SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND status = 'active' AND role = 'admin'),
                (SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND status = 'active')",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

pub async fn set_password(tx: &mut Tx<'_>, user_id: i64, hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(super::now())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every session of a user: `current_user` requires the session to be listed here.
pub async fn forget_all_sessions(tx: &mut Tx<'_>, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM user_sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

/// (session id, user agent, opened at) of a user's sessions, newest first.
pub async fn sessions_of(pool: &Pool, user_id: i64) -> AppResult<Vec<(String, String, DateTime<Utc>)>> {
    Ok(sqlx::query_as(
        "SELECT session_id, user_agent, created_at FROM user_sessions WHERE user_id = $1 ORDER BY created_at DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

pub async fn email_of(tx: &mut Tx<'_>, user_id: i64) -> AppResult<String> {
    Ok(sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?)
}

pub async fn password_hash_of(pool: &Pool, user_id: i64) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND status = 'active'")
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .flatten())
}

/// Ends every session of a user but one (after a password change, the current one stays).
pub async fn forget_other_sessions(tx: &mut Tx<'_>, user_id: i64, keep: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM user_sessions WHERE user_id = $1 AND session_id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_email_change_token(
    tx: &mut Tx<'_>,
    user_id: i64,
    token_hash: &str,
    new_email: &str,
    expires_at: DateTime<Utc>,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, new_email, expires_at, created_at)
         VALUES ($1, 'change_email', $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(new_email)
    .bind(expires_at)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Uses an e-mail change token once: (user, new address).
pub async fn consume_email_change(tx: &mut Tx<'_>, token_hash: &str) -> AppResult<Option<(i64, String)>> {
    let now = super::now();
    Ok(sqlx::query_as(
        "UPDATE account_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = 'change_email' AND used_at IS NULL AND expires_at > $1
         RETURNING user_id, new_email",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Sets a new address; `false` if another account took it meanwhile.
pub async fn set_email(tx: &mut Tx<'_>, user_id: i64, email: &str) -> AppResult<bool> {
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut **tx)
        .await?;
    if taken > 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3")
        .bind(email)
        .bind(super::now())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// Everything kept about a user, read for their « mes données » export (the service
/// shapes it as JSON). Dates as stored text.
pub struct PersonalData {
    pub account: (String, String, Option<String>, String, Option<String>),
    pub sessions: Vec<(String, String)>,
    pub memberships: Vec<(String, String, String)>,
    pub posts: Vec<(i64, String, String, String, String, String)>,
    pub responses: Vec<(i64, i64, String, String, String)>,
    pub messages: Vec<(i64, String, String)>,
    pub participations: Vec<(i64, String, String)>,
    pub reports: Vec<(String, i64, String, String)>,
    /// Bookings the user asked for: (resource, start, end, status, note, for a structure).
    pub bookings: Vec<(String, String, String, String, Option<String>, Option<String>)>,
}

pub async fn personal_data(pool: &Pool, id: i64) -> AppResult<PersonalData> {
    async fn all<T>(pool: &Pool, sql: &str, id: i64) -> AppResult<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, <super::Db as sqlx::Database>::Row> + Send + Unpin,
    {
        Ok(sqlx::query_as(sql).bind(id).fetch_all(pool).await?)
    }
    Ok(PersonalData {
        account: sqlx::query_as(
            "SELECT email, display_name, phone, CAST(created_at AS TEXT), CAST(last_login_at AS TEXT) FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await?,
        sessions: all(pool, "SELECT user_agent, CAST(created_at AS TEXT) FROM user_sessions WHERE user_id = $1 ORDER BY created_at", id).await?,
        memberships: all(
            pool,
            "SELECT s.name, m.role, m.status FROM memberships m JOIN structures s ON s.id = m.structure_id WHERE m.user_id = $1",
            id,
        )
        .await?,
        posts: all(pool, "SELECT id, kind, title, description, status, CAST(created_at AS TEXT) FROM posts WHERE author_id = $1 ORDER BY id", id).await?,
        responses: all(
            pool,
            "SELECT id, post_id, message, status, CAST(created_at AS TEXT) FROM responses WHERE responder_id = $1 ORDER BY id",
            id,
        )
        .await?,
        messages: all(pool, "SELECT response_id, body, CAST(created_at AS TEXT) FROM response_messages WHERE author_id = $1 ORDER BY id", id).await?,
        participations: all(pool, "SELECT post_id, status, CAST(created_at AS TEXT) FROM participations WHERE user_id = $1 ORDER BY id", id).await?,
        reports: all(
            pool,
            "SELECT target_kind, target_id, reason, CAST(created_at AS TEXT) FROM reports WHERE reporter_id = $1 ORDER BY id",
            id,
        )
        .await?,
        bookings: all(
            pool,
            "SELECT r.name, CAST(b.starts_at AS TEXT), CAST(b.ends_at AS TEXT), b.status, b.note, s.name
             FROM bookings b JOIN shared_resources r ON r.id = b.resource_id LEFT JOIN structures s ON s.id = b.booker_structure_id
             WHERE b.booker_id = $1 ORDER BY b.starts_at",
            id,
        )
        .await?,
    })
}

/// Turns an account into an anonymous tombstone (no e-mail, name, phone or password) so
/// anonymised posts and threads keep their shape; sessions, tokens, memberships,
/// appointments and volunteering sign-ups go. With `delete_own`, the posts published in
/// the user's own name, their responses and messages go too.
pub async fn erase(tx: &mut Tx<'_>, id: i64, delete_own: bool, tombstone_name: &str) -> AppResult<()> {
    if delete_own {
        sqlx::query("DELETE FROM posts WHERE author_id = $1 AND structure_id IS NULL").bind(id).execute(&mut **tx).await?;
        sqlx::query("DELETE FROM responses WHERE responder_id = $1").bind(id).execute(&mut **tx).await?;
        sqlx::query("DELETE FROM response_messages WHERE author_id = $1").bind(id).execute(&mut **tx).await?;
    }
    // Bookings asked in one's own name: the future ones are cancelled (their slot freed),
    // every note is erased. Those asked for a structure stay the structure's.
    let now = super::now();
    sqlx::query(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = $2, cancelled_by_owner = FALSE, hold_until = NULL
         WHERE booker_id = $1 AND booker_structure_id IS NULL AND ends_at > $3
           AND (status = 'confirmed' OR (status = 'requested' AND hold_until > $2))",
    )
    .bind(id)
    .bind(now)
    .bind(super::backend::slot_time(now))
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE bookings SET note = NULL WHERE booker_id = $1 AND booker_structure_id IS NULL").bind(id).execute(&mut **tx).await?;
    for table in ["user_sessions", "account_tokens", "memberships", "territory_coordinators", "participations", "mail_preferences", "alerts"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1")).bind(id).execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE users SET email = $1, display_name = $2, phone = NULL, password_hash = NULL, is_instance_admin = $3,
                          status = 'deleted', updated_at = $4, mails_suspended_at = NULL, mail_refused_at = NULL,
                          mail_refused_reason = NULL
         WHERE id = $5",
    )
    .bind(format!("supprime-{id}@invalid"))
    .bind(tombstone_name)
    .bind(false)
    .bind(super::now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// E-mails of the active instance admins.
pub async fn instance_admin_emails(pool: &Pool) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT email FROM users WHERE is_instance_admin = $1 AND status = 'active'").bind(true).fetch_all(pool).await?)
}

pub async fn id_by_email(tx: &mut Tx<'_>, email: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut **tx).await?)
}

pub async fn make_instance_admin(tx: &mut Tx<'_>, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET is_instance_admin = TRUE, updated_at = $1 WHERE id = $2").bind(super::now()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub is_instance_admin: bool,
    pub email_verified: bool,
}

pub async fn insert_user(tx: &mut Tx<'_>, u: &NewUser<'_>) -> AppResult<i64> {
    let now = super::now();
    Ok(sqlx::query_scalar(
        "INSERT INTO users (email, email_verified_at, password_hash, display_name, is_instance_admin, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(u.email.trim().to_lowercase())
    .bind(u.email_verified.then_some(now))
    .bind(u.password_hash)
    .bind(u.display_name)
    .bind(u.is_instance_admin)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}
