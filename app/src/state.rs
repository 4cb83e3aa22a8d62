//! What every request handler and server function can reach on the server.

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

use crate::db::Pool;
use crate::error::{AppError, AppResult};

/// Public, non-secret configuration the pages need (map tiles, base URL).
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub public_url: String,
    pub tile_url: String,
    pub tile_attribution: String,
    /// Development instance: the e-mail outbox page is open to everyone.
    pub dev_mode: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub leptos_options: LeptosOptions,
    pub site: Arc<SiteConfig>,
    /// Rate limiters of this instance.
    pub throttles: Arc<crate::auth::throttle::Throttles>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state provided to pages and server functions (see `server::router`).
pub fn app_state() -> AppResult<AppState> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// The caller's IP address as the listener saw it (`"local"` when unknown, as in tests).
/// Behind a reverse proxy every request shares the proxy's address: the per-IP limits are
/// generous for that reason; per-account limits still hold.
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    match leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "local".to_string(),
    }
}
