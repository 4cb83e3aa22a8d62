//! The « Coin du partage » list: one typed filter of needs and offers, serialised to the
//! URL query so a filtered view is a shareable link (the map will reuse it).

use serde::{Deserialize, Serialize};

use super::directory::is_code;
use super::{Choice, PostCard, PostKind, SEARCH_MAX_CHARS, encode, fold};

pub const SHARE_PAGE_SIZE: i64 = 20;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareSort {
    /// Newest first.
    #[default]
    Recent,
    /// Urgent first, then newest.
    Urgency,
    /// Best match of the search words first (only with words; the default then).
    Relevance,
    /// Nearest to a chosen commune first (only with one).
    Distance,
}

impl ShareSort {
    /// The URL value (`tri=`).
    pub fn as_param(self) -> &'static str {
        match self {
            ShareSort::Recent => "recent",
            ShareSort::Urgency => "urgence",
            ShareSort::Relevance => "pertinence",
            ShareSort::Distance => "distance",
        }
    }

    pub fn from_param(value: &str) -> Option<Self> {
        [ShareSort::Recent, ShareSort::Urgency, ShareSort::Relevance, ShareSort::Distance]
            .into_iter()
            .find(|s| s.as_param() == value)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PostFilter {
    /// Words, each matching the start of a word of the title or description.
    pub q: String,
    pub kind: Option<PostKind>,
    /// Category slug.
    pub category: Option<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    /// Territory or network slug.
    pub territory: Option<String>,
    /// As chosen; `None` is the default (see [`PostFilter::effective_sort`]).
    pub sort: Option<ShareSort>,
    /// INSEE code of the commune distances are measured from.
    pub near: Option<String>,
    /// A map's box (« Rechercher dans cette zone »), as [`BBox::to_param`] writes it.
    pub bbox: Option<String>,
    /// 1-based.
    pub page: u32,
}

impl PostFilter {
    /// Reads the URL query (French names: `q`, `type=besoin|ressource`, `categorie`,
    /// `commune`, `departement`, `reseau`, `tri=recent|urgence|pertinence|distance`,
    /// `depuis` (INSEE code), `page`). Unknown values are dropped, so an old link still opens.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        PostFilter {
            q: text("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            kind: text("type").and_then(|k| match k.as_str() {
                "besoin" => Some(PostKind::Need),
                "ressource" => Some(PostKind::Offer),
                _ => None,
            }),
            category: text("categorie").filter(|v| is_code(v, 60)),
            commune: text("commune").filter(|v| is_code(v, 5)),
            departement: text("departement").map(|v| v.to_uppercase()).filter(|v| is_code(v, 3)),
            territory: text("reseau").filter(|v| is_code(v, 80)),
            sort: text("tri").and_then(|v| ShareSort::from_param(&v)),
            near: text("depuis").map(|v| v.to_uppercase()).filter(|v| is_code(v, 5)),
            bbox: text("bbox").and_then(|b| BBox::parse(&b).ok()).map(|b| b.to_param()),
            page: text("page").and_then(|p| p.parse().ok()).filter(|p| (1..=10_000).contains(p)).unwrap_or(1),
        }
    }

    pub fn to_query(&self) -> String {
        self.to_pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    /// The URL parameters, in a stable order (forms repeat them as hidden fields).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", if k == PostKind::Need { "besoin" } else { "ressource" }.into()));
        }
        for (key, value) in [("categorie", &self.category), ("commune", &self.commune), ("departement", &self.departement), ("reseau", &self.territory)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if let Some(sort) = self.sort.filter(|s| *s != self.default_sort()) {
            pairs.push(("tri", sort.as_param().into()));
        }
        if let Some(near) = &self.near {
            pairs.push(("depuis", near.clone()));
        }
        if let Some(bbox) = &self.bbox {
            pairs.push(("bbox", bbox.clone()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// The map box the list is limited to.
    pub fn bbox(&self) -> Option<BBox> {
        self.bbox.as_deref().and_then(|b| BBox::parse(b).ok())
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self { page, ..self.clone() }
    }

    /// The search words as the index sees them: folded, at most 8.
    pub fn words(&self) -> Vec<String> {
        fold(&self.q).split(' ').filter(|w| !w.is_empty()).take(8).map(String::from).collect()
    }

    /// Relevance when there are search words, else newest first.
    pub fn default_sort(&self) -> ShareSort {
        if self.words().is_empty() { ShareSort::Recent } else { ShareSort::Relevance }
    }

    /// The order actually used: relevance needs words and distance a commune; without
    /// them the default applies (an unknown commune is caught by the query).
    pub fn effective_sort(&self) -> ShareSort {
        match self.sort {
            Some(ShareSort::Relevance) if self.words().is_empty() => ShareSort::Recent,
            Some(ShareSort::Distance) if self.near.is_none() => self.default_sort(),
            Some(sort) => sort,
            None => self.default_sort(),
        }
    }
}

/// One page of the list, with what the filter form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareData {
    pub items: Vec<PostCard>,
    /// Matching posts, counted up to the list's limit (see `more`).
    pub total: i64,
    /// More posts match than `total`: only the first ones can be ordered and paged.
    pub more: bool,
    pub page: u32,
    pub pages: u32,
    /// The order used (the requested one may not apply, see [`PostFilter::effective_sort`]).
    pub sort: ShareSort,
    /// With the distance order: the commune distances are measured from, and each item's
    /// distance in kilometres (same order as `items`; `None` for a post without a place).
    pub near: Option<NearCommune>,
    pub distances_km: Vec<Option<f64>>,
    /// Something the visitor should know about the request (e.g. an unknown commune).
    pub notice: Option<String>,
    pub categories: Vec<Choice>,
    pub territories: Vec<Choice>,
}

/// The commune a distance order starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearCommune {
    pub insee: String,
    pub name: String,
    pub postcode: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_pairs(pairs: &[(&str, &str)]) -> PostFilter {
        PostFilter::from_query(|k| pairs.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn the_post_filter_round_trips_through_the_url() {
        let f = PostFilter {
            q: "vélo cargo".into(),
            kind: Some(PostKind::Offer),
            category: Some("vehicule".into()),
            departement: Some("30".into()),
            sort: Some(ShareSort::Urgency),
            page: 2,
            ..Default::default()
        };
        let q = f.to_query();
        assert_eq!(q, "q=v%C3%A9lo+cargo&type=ressource&categorie=vehicule&departement=30&tri=urgence&page=2");
        let back = from_pairs(&[
            ("q", "vélo cargo"),
            ("type", "ressource"),
            ("categorie", "vehicule"),
            ("departement", "30"),
            ("tri", "urgence"),
            ("page", "2"),
        ]);
        assert_eq!(back, f);
        assert_eq!(from_pairs(&[("type", "need")]).kind, None, "French values only");
        let near = PostFilter { sort: Some(ShareSort::Distance), near: Some("30334".into()), page: 1, ..Default::default() };
        assert_eq!(near.to_query(), "tri=distance&depuis=30334");
        assert_eq!(from_pairs(&[("tri", "distance"), ("depuis", "30334")]), near);
        assert_eq!(from_pairs(&[("tri", "distance"), ("depuis", "30334; DROP")]).near, None, "codes only");
    }

    #[test]
    fn relevance_is_the_default_with_words_and_distance_needs_a_commune() {
        let words = from_pairs(&[("q", "vélo")]);
        assert_eq!(words.effective_sort(), ShareSort::Relevance);
        assert_eq!(words.to_query(), "q=v%C3%A9lo", "the default order is not written");
        let recent = from_pairs(&[("q", "vélo"), ("tri", "recent")]);
        assert_eq!((recent.effective_sort(), recent.to_query().as_str()), (ShareSort::Recent, "q=v%C3%A9lo&tri=recent"));
        assert_eq!(from_pairs(&[]).effective_sort(), ShareSort::Recent);
        assert_eq!(from_pairs(&[("tri", "pertinence")]).effective_sort(), ShareSort::Recent, "nothing to be relevant to");
        assert_eq!(from_pairs(&[("q", " - "), ("tri", "pertinence")]).effective_sort(), ShareSort::Recent);
        assert_eq!(from_pairs(&[("tri", "distance")]).effective_sort(), ShareSort::Recent, "no commune");
        assert_eq!(from_pairs(&[("q", "pain"), ("tri", "distance")]).effective_sort(), ShareSort::Relevance);
        assert_eq!(from_pairs(&[("tri", "distance"), ("depuis", "30334")]).effective_sort(), ShareSort::Distance);
        assert_eq!(from_pairs(&[("tri", "au hasard")]).sort, None);
    }
}

/// A map viewport, `bbox=minLon,minLat,maxLon,maxLat` (WGS 84 degrees, as web maps give
/// it). A box crossing the antimeridian is refused rather than read as the whole world.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// Parses the URL form, with a French message saying what is wrong.
    pub fn parse(value: &str) -> Result<Self, String> {
        let shape = "bbox attend quatre nombres séparés par des virgules : ouest,sud,est,nord \
                     (longitude et latitude en degrés, ex. bbox=4.3,43.9,4.5,44.1)";
        let numbers: Vec<f64> = value.split(',').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| shape.to_string())?;
        let [min_lon, min_lat, max_lon, max_lat] = numbers[..] else { return Err(shape.to_string()) };
        if [min_lon, min_lat, max_lon, max_lat].iter().any(|n| !n.is_finite()) {
            return Err(shape.to_string());
        }
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err("bbox : les longitudes vont de -180 à 180.".into());
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err("bbox : les latitudes vont de -90 à 90.".into());
        }
        if min_lon > max_lon || min_lat > max_lat {
            return Err("bbox : l’ouest doit précéder l’est et le sud le nord (ouest,sud,est,nord).".into());
        }
        Ok(BBox { min_lon, min_lat, max_lon, max_lat })
    }

    /// A web map's bounds, brought within ±180° of longitude and ±90° of latitude (at low
    /// zoom a map shows more than the world).
    pub fn from_bounds(west: f64, south: f64, east: f64, north: f64) -> Self {
        let lon = |v: f64| v.clamp(-180.0, 180.0);
        let lat = |v: f64| v.clamp(-90.0, 90.0);
        let (min_lon, max_lon) = if east - west >= 360.0 { (-180.0, 180.0) } else { (lon(west), lon(east)) };
        BBox { min_lon, min_lat: lat(south), max_lon, max_lat: lat(north) }
    }

    /// The URL form (5 decimals: about a metre).
    pub fn to_param(&self) -> String {
        format!("{:.5},{:.5},{:.5},{:.5}", self.min_lon, self.min_lat, self.max_lon, self.max_lat)
    }
}

#[cfg(test)]
mod bbox_tests {
    use super::BBox;

    #[test]
    fn a_bbox_is_four_ordered_coordinates() {
        assert_eq!(BBox::parse("4.3, 43.9,4.5,44.1"), Ok(BBox { min_lon: 4.3, min_lat: 43.9, max_lon: 4.5, max_lat: 44.1 }));
        assert!(BBox::parse("-180,-90,180,90").is_ok());
        let wide = BBox::from_bounds(-250.0, -95.0, 250.0, 95.0);
        assert_eq!(wide.to_param(), "-180.00000,-90.00000,180.00000,90.00000");
        assert_eq!(BBox::parse(&wide.to_param()), Ok(wide));
        for bad in ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "NaN,1,2,3", "inf,1,2,3"] {
            assert!(BBox::parse(bad).unwrap_err().contains("quatre nombres"), "{bad}");
        }
        assert!(BBox::parse("4.5,43.9,4.3,44.1").unwrap_err().contains("l’ouest"), "west after east");
        assert!(BBox::parse("4.3,44.1,4.5,43.9").unwrap_err().contains("le sud"));
        assert!(BBox::parse("4.3,-91,4.5,43.9").unwrap_err().contains("latitudes"));
        assert!(BBox::parse("170,0,181,1").unwrap_err().contains("longitudes"));
    }
}
