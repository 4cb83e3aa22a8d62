//! What every request handler and server function can reach on the server.
//!
//! May import: `auth` (throttles), `coordination`, `db`, `search` (the index it holds), `net`, `error`. Imported by the services that need the shared state and by `api`.

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
    /// Reverse proxies whose `X-Forwarded-For` names the client (`COIN_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::net::TrustedProxies,
    /// Who may read `/metrics` (`COIN_METRICS_FROM`).
    pub metrics_from: crate::net::TrustedProxies,
    /// The national address API's base URL (`COIN_GEOCODER_URL`), if configured.
    pub geocoder_url: Option<String>,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub leptos_options: LeptosOptions,
    pub site: Arc<SiteConfig>,
    /// Rate limits: per address in this process, per account in the database (`auth::throttle`).
    pub throttles: Arc<crate::auth::throttle::Throttles>,
    /// The coordination dashboard's figures of this instance, kept a minute per scope.
    pub figures: Arc<crate::coordination::dashboard::FigureCache>,
    /// The public posts in memory for the lists' and the map's searches (`search::index`).
    pub posts: Arc<crate::search::PostIndex>,
    /// Settings, categories and territories kept a second (`db::cache`).
    pub cache: Arc<crate::db::cache::ReferenceCache>,
    /// Signs and verifies tokens with the instance key (`auth::signed`).
    pub signer: Arc<crate::auth::signed::Signer>,
}

impl<'a> From<&'a AppState> for crate::search::Sources<'a> {
    fn from(st: &'a AppState) -> Self {
        crate::search::Sources { pool: &st.pool, index: &st.posts, cache: &st.cache }
    }
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

/// The caller's address as the key of per-IP rate limits (IPv4 address, IPv6 /64; see
/// `net::throttle_key`), `"local"` when unknown (as in tests). The socket peer, or, when
/// that peer is a trusted reverse proxy, the client it names in `X-Forwarded-For`.
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    let Ok(ConnectInfo(peer)) = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await else {
        return "local".to_string();
    };
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.unwrap_or_default();
    match leptos::prelude::use_context::<AppState>() {
        Some(st) => st.client_key(Some(peer.ip()), &headers),
        None => crate::net::throttle_key(peer.ip()),
    }
}

impl AppState {
    /// [`client_ip`] for plain request handlers: from the socket peer (`None` when
    /// unknown) and the request's headers.
    pub fn client_key(&self, peer: Option<std::net::IpAddr>, headers: &axum::http::HeaderMap) -> String {
        let Some(peer) = peer else {
            return "local".to_string();
        };
        let client = if self.site.trusted_proxies.contains(peer) {
            let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
            self.site.trusted_proxies.client_addr(peer, forwarded)
        } else {
            peer
        };
        crate::net::throttle_key(client)
    }
}
