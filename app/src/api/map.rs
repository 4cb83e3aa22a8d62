//! What the map pages need from the instance: tiles, default view, licence, categories.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MapSettings;

/// Public: the same for every visitor.
#[server(prefix = "/api", endpoint = "map_settings")]
pub async fn get_map_settings() -> Result<MapSettings, AppError> {
    super::finish(async move {
        let st = crate::state::app_state()?;
        let (settings, categories) = tokio::try_join!(st.reference.settings(&st.pool), st.reference.categories(&st.pool))?;
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
    .await)
}
