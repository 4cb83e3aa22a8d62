//! The directory and structure pages (public, server-rendered).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DirectoryData, DirectoryFilter, PostFilter, ShareData, StructurePage};

#[cfg(feature = "ssr")]
use super::Ctx;

/// Public: a page of validated structures matching the filter.
#[server(prefix = "/api", endpoint = "directory")]
pub async fn directory(filter: DirectoryFilter) -> Result<DirectoryData, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    crate::db::directory::list(&st.pool, &st.cache, &filter.checked()).await
}

/// Public: a validated structure's page; `None` if there is none at this address.
#[server(prefix = "/api", endpoint = "structure_profile")]
pub async fn structure_profile(slug: String) -> Result<Option<StructurePage>, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    let profile = crate::db::directory::profile(&st.pool, &slug, user.map(|u| u.id)).await?;
    if profile.is_none() {
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            opts.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    Ok(profile)
}

/// Public: a page of needs and offers matching the filter (the « Coin du partage » list).
#[server(prefix = "/api", endpoint = "share_list")]
pub async fn share_list(filter: PostFilter) -> Result<ShareData, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    crate::sharing::list::page(&st, &filter.checked(crate::model::Grammar::LIST)).await
}
