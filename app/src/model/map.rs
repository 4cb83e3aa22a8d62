//! Where the map looks, and the settings it draws with. Its filter is the list's
//! ([`super::PostFilter`] read with [`super::Grammar::MAP`]), so a map link becomes a list
//! link by changing its path.

use serde::{Deserialize, Serialize};

use super::BBox;

/// Where the map looks: centre and zoom (`lat`, `lon`, `z` in the URL).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub lat: f64,
    pub lon: f64,
    pub zoom: u8,
}

/// Zooms the map page allows (Leaflet's, within the API's 0–20).
pub const MAP_MIN_ZOOM: u8 = 2;
pub const MAP_MAX_ZOOM: u8 = 19;

impl MapView {
    /// The view of the URL, if it has a valid one.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<MapView> {
        let num = |k: &str| get(k).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
        let (lat, lon, zoom) = (num("lat")?, num("lon")?, num("z")?);
        ((-85.0..=85.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && (MAP_MIN_ZOOM as f64..=MAP_MAX_ZOOM as f64).contains(&zoom))
            .then_some(MapView { lat, lon, zoom: zoom as u8 })
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        vec![("lat", format!("{:.5}", self.lat)), ("lon", format!("{:.5}", self.lon)), ("z", self.zoom.to_string())]
    }

    /// The box a map of `width` × `height` CSS pixels shows around this centre at this
    /// zoom (Web Mercator, 256-px tiles, as Leaflet draws it). The server has no screen:
    /// the served list of the map pages uses [`SERVED_MAP_PX`].
    pub fn bbox(&self, width: f64, height: f64) -> BBox {
        use std::f64::consts::PI;
        let world = 256.0 * f64::from(1u32 << self.zoom.min(MAP_MAX_ZOOM));
        // The centre in world pixels, y growing southwards.
        let x = (self.lon / 360.0 + 0.5) * world;
        let y = (0.5 - (PI / 4.0 + self.lat.to_radians() / 2.0).tan().ln() / (2.0 * PI)) * world;
        let lon = |px: f64| (px / world - 0.5) * 360.0;
        let lat = |py: f64| (PI * (1.0 - 2.0 * py.clamp(0.0, world) / world)).sinh().atan().to_degrees();
        BBox::from_bounds(lon(x - width / 2.0), lat(y + height / 2.0), lon(x + width / 2.0), lat(y - height / 2.0))
    }
}

/// The size, in CSS pixels, of the map the served HTML of `/carte` and `/embed` lists
/// items for (a laptop's map; the browser's own map replaces the list once drawn).
pub const SERVED_MAP_PX: (f64, f64) = (800.0, 600.0);
/// Items the served list of a map page holds at most.
pub const SERVED_MAP_ITEMS: usize = 50;

/// Map settings the page needs from the instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    /// The instance's public address (for the embed snippet).
    pub public_url: String,
    pub tile_url: String,
    pub tile_attribution: String,
    pub default_view: MapView,
    pub licence: String,
    pub licence_url: String,
    /// Category slugs and names, in the instance's order.
    pub categories: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_checked() {
        let get = |s: &'static str| move |k: &str| url::form_urlencoded::parse(s.as_bytes()).find(|(key, _)| key == k).map(|(_, v)| v.into_owned());
        assert_eq!(MapView::from_query(get("lat=44.01&lon=4.42&z=12")), Some(MapView { lat: 44.01, lon: 4.42, zoom: 12 }));
        assert_eq!(MapView::from_query(get("lat=44.01&lon=4.42&z=40")), None);
        assert_eq!(MapView::from_query(get("lat=x&lon=4.42&z=4")), None);
        // At zoom 12 a tile spans 360/4096 degrees of longitude: 800 px are 3.125 tiles.
        let b = MapView { lat: 44.0, lon: 4.4, zoom: 12 }.bbox(800.0, 600.0);
        assert!((b.max_lon - b.min_lon - 3.125 * 360.0 / 4096.0).abs() < 1e-9, "{b:?}");
        assert!(((b.min_lon + b.max_lon) / 2.0 - 4.4).abs() < 1e-9 && b.min_lat < 44.0 && b.max_lat > 44.0);
        // Mercator stretches the north: as many pixels span fewer degrees there.
        assert!(b.max_lat - 44.0 < 44.0 - b.min_lat);
        // Near the centre a pixel spans cos(latitude) times its longitude in latitude.
        let half = 300.0 * 360.0 / (256.0 * 4096.0) * 44f64.to_radians().cos();
        for span in [b.max_lat - 44.0, 44.0 - b.min_lat] {
            assert!((span / half - 1.0).abs() < 0.01, "{span} vs {half}");
        }
        // Zoomed out past the world: clamped to it.
        let w = MapView { lat: 0.0, lon: 0.0, zoom: 2 }.bbox(4000.0, 4000.0);
        assert_eq!((w.min_lon, w.max_lon), (-180.0, 180.0));
        assert!(w.min_lat >= -90.0 && w.max_lat <= 90.0);
    }
}
