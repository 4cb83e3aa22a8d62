//! Server-side sessions (tower-sessions, stored in the database): who is signed in.
//! Idle expiry comes from the session layer (7 days); the absolute limit (30 days after
//! login) is checked here. The id is rotated at login (no session fixation).

use tower_sessions::Session;

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::model::SessionUser;

const USER_ID: &str = "uid";
const LOGIN_AT: &str = "login_at";
const SEEN_DAY: &str = "seen_day";
pub const IDLE_DAYS: i64 = 7;
pub const ABSOLUTE_DAYS: i64 = 30;

fn err(e: tower_sessions::session::Error) -> AppError {
    AppError::internal(e)
}

/// `password_hash` is the hash the credentials were checked against: if a password reset
/// changed it meanwhile, the login fails instead of opening a session.
pub async fn log_in(pool: &Pool, session: &Session, user_id: i64, password_hash: &str, user_agent: &str) -> AppResult<()> {
    // Drop what an anonymous session may have carried, then take a new id.
    if let Some(old) = session.id() {
        db::users::forget_session(pool, &old.to_string()).await?;
    }
    session.clear().await;
    session.cycle_id().await.map_err(err)?;
    session.insert(USER_ID, user_id).await.map_err(err)?;
    session.insert(LOGIN_AT, db::now().timestamp()).await.map_err(err)?;
    session.save().await.map_err(err)?;
    let id = session.id().ok_or_else(|| AppError::internal("session without id after save"))?;
    // Bounded, yet long enough to keep the markers at the end (Edge's `Edg/…` comes after
    // some 110 characters).
    let agent: String = user_agent.chars().take(256).collect();
    if db::users::record_session(pool, &id.to_string(), user_id, password_hash, &agent).await? {
        Ok(())
    } else {
        session.flush().await.map_err(err)?;
        Err(AppError::new(crate::error::ErrorCode::Unauthorized, crate::i18n::LOGIN_FAILED))
    }
}

pub async fn log_out(pool: &Pool, session: &Session) -> AppResult<()> {
    if let Some(id) = session.id() {
        db::users::forget_session(pool, &id.to_string()).await?;
    }
    session.flush().await.map_err(err)
}

/// The signed-in user, or `None` (and the session is closed if it outlived its limit
/// or was revoked).
pub async fn current_user(pool: &Pool, session: &Session) -> AppResult<Option<SessionUser>> {
    let uid: Option<i64> = session.get(USER_ID).await.map_err(err)?;
    let (Some(uid), Some(id)) = (uid, session.id()) else { return Ok(None) };
    let login_at: i64 = session.get(LOGIN_AT).await.map_err(err)?.unwrap_or(0);
    let fresh = db::now().timestamp() - login_at < ABSOLUTE_DAYS * 86_400;
    let user = if fresh { db::users::session_user(pool, uid, &id.to_string()).await? } else { None };
    match &user {
        None => log_out(pool, session).await?,
        // Sessions are saved only when modified: touching them once a day slides the
        // idle expiry (7 days) for people who keep using the site.
        Some(u) => {
            let today = db::now().timestamp() / 86_400;
            if session.get::<i64>(SEEN_DAY).await.map_err(err)? != Some(today) {
                session.insert(SEEN_DAY, today).await.map_err(err)?;
                db::users::touch_session(pool, &id.to_string(), u.id).await?;
            }
        }
    }
    Ok(user)
}

/// A public handle for a session id (first 16 hex digits of its SHA-256).
pub fn handle_of(session_id: &str) -> String {
    super::tokens::hash_token(session_id)[..16].to_string()
}

/// The signed-in user's open sessions, the current one marked.
pub async fn list(pool: &Pool, session: &Session, user: &SessionUser) -> AppResult<Vec<crate::model::SessionInfo>> {
    let current = session.id().map(|i| i.to_string());
    Ok(db::users::sessions_of(pool, user.id)
        .await?
        .into_iter()
        .map(|(id, user_agent, created_at)| crate::model::SessionInfo {
            handle: handle_of(&id),
            device: device_label(&user_agent),
            created_at,
            current: current.as_deref() == Some(id.as_str()),
        })
        .collect())
}

/// Closes one of the user's own sessions, found by its handle. Only sessions of this
/// user are considered: another user's handle matches nothing.
pub async fn revoke(pool: &Pool, user: &SessionUser, handle: &str) -> AppResult<bool> {
    for (id, ..) in db::users::sessions_of(pool, user.id).await? {
        if handle_of(&id) == handle {
            let mut tx = db::begin_write(pool).await?;
            db::users::forget_session(&mut *tx, &id).await?;
            db::audit::record(&mut tx, Some(user.id), "session.revoke", Some(("user", user.id)), "{}").await?;
            tx.commit().await?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// A short French label for a user agent, « Firefox sur Linux », to recognise a device in
/// the sessions list without showing the whole string. A few well-known markers, checked
/// in an order that matters: Chromium-based browsers also say `Chrome/`, Chrome also says
/// `Safari/`, Android also says `Linux`.
pub fn device_label(user_agent: &str) -> String {
    let has = |marker: &str| user_agent.contains(marker);
    let browser = if ["Edg/", "EdgA/", "EdgiOS/", "Edge/"].iter().any(|m| has(m)) {
        Some("Edge")
    } else if has("OPR/") || has("Opera") {
        Some("Opera")
    } else if has("SamsungBrowser/") {
        Some("Samsung Internet")
    } else if has("Vivaldi/") {
        Some("Vivaldi")
    } else if has("Firefox/") || has("FxiOS/") {
        Some("Firefox")
    } else if has("Chrome/") || has("CriOS/") {
        Some("Chrome")
    } else if has("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if has("iPhone") {
        Some("iPhone")
    } else if has("iPad") {
        Some("iPad")
    } else if has("Android") {
        Some("Android")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("Windows") {
        Some("Windows")
    } else if has("Macintosh") || has("Mac OS X") {
        Some("macOS")
    } else if has("Linux") || has("X11") {
        Some("Linux")
    } else {
        None
    };
    let browser = browser.unwrap_or(crate::i18n::DEVICE_UNKNOWN_BROWSER);
    match system {
        Some(system) => crate::i18n::device_on(browser, system),
        None => browser.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn user_agents_read_as_browser_and_system() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox sur Linux"),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
                "Chrome sur Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                "Safari sur iPhone",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
                "Safari sur macOS",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
                "Edge sur Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
                "Opera sur Windows",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
                "Samsung Internet sur Android",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
                "Chrome sur iPad",
            ),
            ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome sur ChromeOS"),
            ("curl/8.5.0", "Navigateur inconnu"),
            ("", "Navigateur inconnu"),
            ("Mozilla/5.0 (Linux; Android 14) Quelque chose", "Navigateur inconnu sur Android"),
        ];
        for (ua, label) in cases {
            assert_eq!(device_label(ua), label, "{ua}");
        }
    }
}
