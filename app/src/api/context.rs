//! What a server function knows of its request: the instance's state, the caller's
//! session and, when it asks, who is signed in. Every server function starts with one
//! of `Ctx::new`, `Ctx::maybe_signed_in` or `Ctx::signed_in`. Server side only; reads
//! `state` and `auth::session`.
//!
//! Errors need nothing more: the authz middleware (`server::authz`) answers each
//! `AppError` with its own status, and a plain form post keeps Leptos' redirect back.

use tower_sessions::Session;

use crate::error::{AppError, AppResult};
use crate::model::SessionUser;
use crate::state::AppState;

/// A server function's request. `U` is who is asking, as far as the function needs to
/// know: `()` (not at all), `Option<SessionUser>` (public, shows more to users) or
/// `SessionUser` (signed-in users only).
pub struct Ctx<U = ()> {
    pub st: AppState,
    pub session: Session,
    pub user: U,
}

impl Ctx {
    /// The state and the session, without reading the database.
    pub async fn new() -> AppResult<Self> {
        let st = crate::state::app_state()?;
        let session = leptos_axum::extract::<Session>().await.map_err(AppError::internal)?;
        Ok(Ctx { st, session, user: () })
    }

    /// The signed-in user, if any.
    pub async fn maybe_signed_in() -> AppResult<Ctx<Option<SessionUser>>> {
        let Ctx { st, session, .. } = Ctx::new().await?;
        let user = crate::auth::session::current_user(&st.pool, &session).await?;
        Ok(Ctx { st, session, user })
    }

    /// The signed-in user, else 401.
    pub async fn signed_in() -> AppResult<Ctx<SessionUser>> {
        let Ctx { st, session, user } = Ctx::maybe_signed_in().await?;
        Ok(Ctx { st, session, user: user.ok_or_else(AppError::unauthorized)? })
    }
}

/// The header a server function sets to name the outcome of a plain form post; the
/// form-flash middleware (`server::form_flash`) removes it and shows the text on the page
/// the browser comes back to. Calls from islands ignore it (they show their own outcome).
pub const NOTICE_HEADER: &str = "x-coin-avis";

/// Says what a plain form's submission did (« Demande envoyée »…), or why nothing was done
/// (`problem`), on the page the browser comes back to.
pub fn notice(text: &str, problem: bool) {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let value: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
        let tone = if problem { "probleme" } else { "ok" };
        if let Ok(v) = http::HeaderValue::from_str(&format!("{tone}:{value}")) {
            opts.insert_header(http::HeaderName::from_static(NOTICE_HEADER), v);
        }
    }
}

/// `result`, with `text` as the notice of a plain form when it succeeded.
pub fn noticed<T>(result: AppResult<T>, text: &str) -> AppResult<T> {
    if result.is_ok() {
        notice(text, false);
    }
    result
}

/// For answers that say whether a link still held: `ok` when it did (and then the
/// browser goes to `then`, if given), `bad` as a problem when it did not.
pub fn noticed_link(result: AppResult<bool>, ok: &str, bad: &str, then: Option<&str>) -> AppResult<bool> {
    match result {
        Ok(true) => {
            notice(ok, false);
            if let Some(path) = then {
                leptos_axum::redirect(path);
            }
        }
        Ok(false) => notice(bad, true),
        Err(_) => {}
    }
    result
}
