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
