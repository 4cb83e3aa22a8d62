use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CommuneHit;

#[cfg(feature = "ssr")]
use super::Ctx;

/// Offline commune lookup by name or postcode. Public.
#[server(prefix = "/api", endpoint = "communes")]
pub async fn search_communes(q: String) -> Result<Vec<CommuneHit>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    crate::db::communes::lookup(&st.pool, &q, 8).await
}
