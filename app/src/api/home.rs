//! Server functions of the public front: the home page's counts and latest posts
//! (`home`), and the instance name and data licence every page's footer shows
//! (`site_info`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::HomeData;

#[cfg(feature = "ssr")]
use super::Ctx;

/// Instance name and data licence, shown in every page's footer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SiteInfo {
    pub instance_name: String,
    pub licence: String,
    pub licence_url: String,
}

#[server(prefix = "/api", endpoint = "site_info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let s = st.cache.settings(&st.pool).await?;
    let licence = s.licence();
    Ok(SiteInfo { instance_name: s.instance_name.clone(), licence: licence.label().into(), licence_url: licence.url().into() })
}

/// Counts and latest posts for the home page, in one round trip. Public.
#[server(prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let pool = &st.pool;
    let (stats, latest_needs, latest_offers, settings) = tokio::try_join!(
        crate::db::posts::stats(pool),
        crate::db::posts::latest(pool, crate::model::PostKind::Need, 6),
        crate::db::posts::latest(pool, crate::model::PostKind::Offer, 6),
        st.cache.settings(pool),
    )?;
    let licence = settings.licence();
    Ok(HomeData {
        stats,
        latest_needs,
        latest_offers,
        licence: licence.label().into(),
        licence_url: licence.url().into(),
    })
}
