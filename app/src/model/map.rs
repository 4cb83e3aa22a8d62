//! The map's filters and view: one type for the map page, the embed page and the URL of
//! `GET /api/v1/map`. The filter keys are the list's (`/partage`), so a map link becomes
//! a list link by changing its path; on the map, `type` and `categorie` may repeat.

use serde::{Deserialize, Serialize};

use super::directory::is_code;
use super::{BBox, PostFilter, PostKind, SEARCH_MAX_CHARS, encode};

/// What the map shows: needs, offers, structures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapKind {
    Need,
    Offer,
    Structure,
}

impl MapKind {
    pub const ALL: [MapKind; 3] = [MapKind::Need, MapKind::Offer, MapKind::Structure];

    /// The URL value (`type=`).
    pub fn as_param(self) -> &'static str {
        match self {
            MapKind::Need => "besoin",
            MapKind::Offer => "ressource",
            MapKind::Structure => "structure",
        }
    }

    pub fn from_param(v: &str) -> Option<MapKind> {
        MapKind::ALL.into_iter().find(|k| k.as_param() == v)
    }

    /// The API's value (`kind` of a feature).
    pub fn as_api(self) -> &'static str {
        match self {
            MapKind::Need => "need",
            MapKind::Offer => "offer",
            MapKind::Structure => "structure",
        }
    }
}

/// The map's filters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapFilter {
    pub q: String,
    /// Empty: all kinds.
    pub kinds: Vec<MapKind>,
    /// Category slugs; empty: all.
    pub categories: Vec<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub territory: Option<String>,
}

impl MapFilter {
    /// Reads URL parameters, dropping unknown or malformed values so an old link opens.
    pub fn from_query(get_all: impl Fn(&str) -> Vec<String>) -> Self {
        let one = |k: &str| get_all(k).into_iter().map(|v| v.trim().to_string()).find(|v| !v.is_empty());
        let many = |k: &str| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for v in get_all(k).iter().flat_map(|v| v.split(',')) {
                let v = v.trim().to_string();
                if !v.is_empty() && !out.contains(&v) {
                    out.push(v);
                }
            }
            out
        };
        let mut kinds: Vec<MapKind> = many("type").iter().filter_map(|v| MapKind::from_param(v)).collect();
        if kinds.len() == MapKind::ALL.len() {
            kinds.clear();
        }
        MapFilter {
            q: one("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            kinds,
            categories: many("categorie").into_iter().filter(|c| is_code(c, 60)).take(20).collect(),
            commune: one("commune").filter(|v| is_code(v, 5)),
            departement: one("departement").map(|v| v.to_uppercase()).filter(|v| is_code(v, 3)),
            territory: one("reseau").filter(|v| is_code(v, 80)),
        }
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.trim().is_empty() {
            pairs.push(("q", self.q.trim().to_string()));
        }
        pairs.extend(self.kinds.iter().map(|k| ("type", k.as_param().to_string())));
        pairs.extend(self.categories.iter().map(|c| ("categorie", c.clone())));
        for (key, value) in [("commune", &self.commune), ("departement", &self.departement), ("reseau", &self.territory)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        pairs
    }

    pub fn to_query(&self) -> String {
        query(&self.to_pairs())
    }

    pub fn shows(&self, kind: MapKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// The same filters on the list (`/partage` filters one kind and one category).
    pub fn to_list(&self) -> PostFilter {
        let kinds: Vec<PostKind> = self
            .kinds
            .iter()
            .filter_map(|k| match k {
                MapKind::Need => Some(PostKind::Need),
                MapKind::Offer => Some(PostKind::Offer),
                MapKind::Structure => None,
            })
            .collect();
        PostFilter {
            q: self.q.clone(),
            kind: if kinds.len() == 1 { Some(kinds[0]) } else { None },
            category: if self.categories.len() == 1 { Some(self.categories[0].clone()) } else { None },
            commune: self.commune.clone(),
            departement: self.departement.clone(),
            territory: self.territory.clone(),
            page: 1,
            ..Default::default()
        }
    }
}

impl PostFilter {
    /// The same filters on the map.
    pub fn to_map(&self) -> MapFilter {
        MapFilter {
            q: self.q.clone(),
            kinds: self.kind.map(|k| vec![if k == PostKind::Need { MapKind::Need } else { MapKind::Offer }]).unwrap_or_default(),
            categories: self.category.iter().cloned().collect(),
            commune: self.commune.clone(),
            departement: self.departement.clone(),
            territory: self.territory.clone(),
        }
    }
}

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

/// `k=v&k=v`, values encoded.
pub fn query(pairs: &[(&'static str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> MapFilter {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes()).into_owned().collect();
        MapFilter::from_query(|k| pairs.iter().filter(|(key, _)| key == k).map(|(_, v)| v.clone()).collect())
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = parse("q=v%C3%A9lo&type=besoin&type=structure&categorie=materiel,vehicule&departement=30&couleur=bleu");
        assert_eq!(f.kinds, vec![MapKind::Need, MapKind::Structure]);
        assert_eq!(f.categories, vec!["materiel", "vehicule"]);
        assert_eq!(f.departement.as_deref(), Some("30"));
        assert_eq!(parse(&f.to_query()), f);
        assert_eq!(parse("type=besoin,ressource,structure").kinds, vec![], "all kinds is no filter");
        assert_eq!(parse("categorie=%3Cscript%3E&type=velo"), MapFilter::default(), "malformed values dropped");
    }

    #[test]
    fn list_and_map_links_share_their_filters() {
        let list = PostFilter { q: "outils".into(), kind: Some(PostKind::Offer), category: Some("materiel".into()), page: 1, ..Default::default() };
        let map = list.to_map();
        assert_eq!(map.to_query(), "q=outils&type=ressource&categorie=materiel");
        assert_eq!(map.to_list().to_query(), list.to_query());
    }

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
