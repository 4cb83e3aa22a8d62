//! What the map pages need from the instance: tiles, default view, licence, categories.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MapSettings;

#[cfg(feature = "ssr")]
use super::Ctx;

/// Public: the same for every visitor.
#[server(prefix = "/api", endpoint = "map_settings")]
pub async fn get_map_settings() -> Result<MapSettings, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let (settings, categories) = tokio::try_join!(st.cache.settings(&st.pool), st.cache.categories(&st.pool))?;
    let licence = settings.licence();
    Ok(MapSettings {
        public_url: st.site.public_url.clone(),
        tile_url: st.site.tile_url.clone(),
        tile_attribution: st.site.tile_attribution.clone(),
        default_view: crate::model::MapView {
            lat: settings.map_center_lat,
            lon: settings.map_center_lon,
            zoom: settings.map_zoom.clamp(crate::model::MAP_MIN_ZOOM as i64, crate::model::MAP_MAX_ZOOM as i64) as u8,
        },
        licence: licence.label().into(),
        licence_url: licence.url().into(),
        categories: categories.choices.iter().map(|c| (c.slug.clone(), c.name.clone())).collect(),
    })
}

/// How the pages reach the map's in-memory index, which lives in the server crate: it
/// provides this in the pages' context (`server::router`). Given a `/api/v1/map` query
/// string and a count, it answers the first items of that view one by one (no clusters),
/// and `None` while the index is still loading at start-up.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct MapFirstItems(pub std::sync::Arc<dyn Fn(String, usize) -> FirstItemsFuture + Send + Sync>);

#[cfg(feature = "ssr")]
pub type FirstItemsFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<crate::components::map::FeatureCollection>, AppError>> + Send>>;

/// The first [`SERVED_MAP_ITEMS`](crate::model::SERVED_MAP_ITEMS) items of a map page's
/// view (the URL's, else the instance's default) and filters, for the list beside the
/// map in the served HTML: without JavaScript, for search engines and before the map is
/// drawn, the page lists what is there. Not a server function: in the browser (a page
/// reached by a link) it answers nothing and the list waits for the map's own data,
/// which replaces this list anyway once drawn.
pub async fn first_items(filter: crate::model::PostFilter, view: Option<crate::model::MapView>) -> Option<crate::components::map::FeatureCollection> {
    #[cfg(feature = "ssr")]
    {
        let lister = use_context::<MapFirstItems>()?;
        let view = match view {
            Some(v) => v,
            None => get_map_settings().await.ok()?.default_view,
        };
        let (w, h) = crate::model::SERVED_MAP_PX;
        let b = view.bbox(w, h);
        let query = crate::components::map::data_query(b.min_lon, b.min_lat, b.max_lon, b.max_lat, view.zoom, &filter);
        match (lister.0)(query, crate::model::SERVED_MAP_ITEMS).await {
            Ok(list) => list,
            // The page still works (the map fetches its data): say it in the log only.
            Err(e) => {
                tracing::warn!(error = %e.message, "first items of a map page");
                None
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (filter, view);
        None
    }
}
