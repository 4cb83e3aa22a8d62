use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CommuneHit;

/// Offline commune lookup by name or postcode. Public.
#[server(prefix = "/api", endpoint = "communes")]
pub async fn search_communes(q: String) -> Result<Vec<CommuneHit>, AppError> {
    super::finish(async move {
        let st = crate::state::app_state()?;
        crate::db::communes::lookup(&st.pool, &q, 8).await
    }
    .await)
}
