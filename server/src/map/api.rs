//! `GET /api/v1/map?bbox=minLon,minLat,maxLon,maxLat&zoom=Z&<filters>`: what a map
//! viewport shows, as a GeoJSON FeatureCollection following supercluster's convention:
//! a cluster has `cluster: true`, `point_count` and counts per kind (`needs`, `offers`,
//! `structures`); a single item has `id`, `kind` (`need`, `offer`, `structure`),
//! `title`, `category` (posts) and `url`. Its size is bounded (one feature per 64-px
//! cell at most, [`index::MAX_CELLS`]) whatever the number of items.
//!
//! Kind and category filters are read from the in-memory index. Words and places (`q`,
//! `commune`, `departement`, `reseau`) are answered by the post index in memory
//! (`app::search`, the lists' search: the same matches), whose set of post ids
//! the map index then clusters ([`MapIndex::query_kept`]); such requests are limited per
//! IP address (`Limit::SearchPerIp`). Only while the post index is still loading, after
//! start-up, the database answers with at most [`FALLBACK_LIMIT`] matching posts (the
//! newest), clustered the same way.
//!
//! The answer carries an ETag made of the data version and the query, the same on every
//! instance that has applied the same changes: an unchanged view costs a 304.

use std::hash::{Hash, Hasher};

use app::components::map::FeatureCollection;
use app::db::Pool;
use app::error::AppError;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::index::{self, Feature, ItemKind, Layer, MapIndex, Overlay, Viewport};
use super::{MapData, Snapshot};
use app::state::AppState;

/// Posts a word or place filter reads from the database at most.
pub const FALLBACK_LIMIT: i64 = 20_000;
/// Parameters this endpoint understands.
const PARAMS: &[&str] = &["bbox", "zoom", "type", "categorie", "q", "commune", "departement", "reseau"];

/// The parsed request.
#[derive(Clone, Debug, PartialEq)]
pub struct MapQuery {
    pub view: Viewport,
    pub kinds: Vec<ItemKind>,
    /// Category slugs.
    pub categories: Vec<String>,
    /// Filters the index cannot answer.
    pub words: String,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub territory: Option<String>,
}

impl MapQuery {
    fn has_words_or_places(&self) -> bool {
        !self.words.trim().is_empty() || self.commune.is_some() || self.departement.is_some() || self.territory.is_some()
    }
}

/// Reads the query string; a French message for anything wrong.
pub fn parse(raw: &str) -> Result<MapQuery, String> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !PARAMS.contains(&k.as_str())) {
        return Err(format!("Paramètre inconnu : « {} ». Paramètres possibles : {}.", k.chars().take(40).collect::<String>(), PARAMS.join(", ")));
    }
    let one = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty());
    // Repeated or comma-separated.
    let many = |key: &str| -> Vec<String> {
        pairs.iter().filter(|(k, _)| k == key).flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>()).filter(|v| !v.is_empty()).collect()
    };
    let bbox = one("bbox").ok_or("Le paramètre bbox est obligatoire : bbox=ouest,sud,est,nord (degrés).")?;
    let n: Vec<f64> = bbox.split(',').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| format!("bbox illisible : « {} ». Attendu : quatre nombres ouest,sud,est,nord.", bbox.chars().take(80).collect::<String>()))?;
    let [min_lon, min_lat, max_lon, max_lat] = n[..] else {
        return Err("bbox doit compter quatre nombres : ouest,sud,est,nord.".into());
    };
    if n.iter().any(|v| !v.is_finite()) {
        return Err("bbox doit compter quatre nombres finis.".into());
    }
    if min_lon > max_lon || min_lat > max_lat {
        return Err("bbox : l’ouest doit être inférieur ou égal à l’est, et le sud au nord.".into());
    }
    if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
        return Err("bbox : les latitudes vont de -90 à 90.".into());
    }
    let zoom_text = one("zoom").ok_or("Le paramètre zoom est obligatoire (0 à 20).")?;
    let zoom = zoom_text.parse::<f64>().ok().filter(|z| z.is_finite() && (0.0..=index::MAX_ZOOM as f64).contains(z)).ok_or_else(|| format!("zoom doit être un nombre de 0 à {} (reçu « {} »).", index::MAX_ZOOM, zoom_text.chars().take(20).collect::<String>()))?;
    let mut kinds = Vec::new();
    for k in many("type") {
        kinds.push(match k.as_str() {
            "besoin" => ItemKind::Need,
            "ressource" => ItemKind::Offer,
            "structure" => ItemKind::Structure,
            other => return Err(format!("type inconnu : « {} ». Valeurs possibles : besoin, ressource, structure.", other.chars().take(40).collect::<String>())),
        });
    }
    let code = |key: &str, max: usize| -> Result<Option<String>, String> {
        match one(key) {
            Some(v) if app::model::directory::is_code(&v, max) => Ok(Some(v)),
            Some(v) => Err(format!("{key} invalide : « {} ».", v.chars().take(40).collect::<String>())),
            None => Ok(None),
        }
    };
    let categories = many("categorie");
    if let Some(bad) = categories.iter().find(|c| !app::model::directory::is_code(c, 60)) {
        return Err(format!("categorie invalide : « {} ».", bad.chars().take(40).collect::<String>()));
    }
    Ok(MapQuery {
        view: Viewport { min_lon, min_lat, max_lon, max_lat, zoom: zoom.floor() as u8 },
        kinds,
        categories,
        words: one("q").map(|q| q.chars().take(app::model::SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
        commune: code("commune", 5)?,
        departement: code("departement", 3)?.map(|d| d.to_uppercase()),
        territory: code("reseau", 80)?,
    })
}

/// The GeoJSON document.
#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Out<'a>>,
    /// Foreign members (RFC 7946 §6.1): the data's licence, and whether a word or place
    /// filter found more posts than were read.
    licence: &'a str,
    licence_url: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

#[derive(Serialize)]
struct Out<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
#[serde(untagged)]
enum Properties<'a> {
    Cluster { cluster: bool, point_count: u32, needs: u32, offers: u32, structures: u32 },
    Item {
        id: i64,
        kind: &'static str,
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        category: Option<&'a str>,
        /// A post's structure (its name).
        #[serde(skip_serializing_if = "Option::is_none")]
        structure: Option<&'a str>,
        /// A post's state: `published` (open) or `in_progress` (someone is on it).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<&'static str>,
        url: String,
    },
}

/// Coordinates to 5 decimals (about a metre): what a map needs, and fewer bytes.
fn round(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

/// Serialises features to GeoJSON bytes.
pub fn to_geojson(features: &[Feature<'_>], categories: &[(u16, String)], licence: (&str, &str), truncated: bool) -> Vec<u8> {
    let slug = |c: Option<u16>| c.and_then(|c| categories.iter().find(|(id, _)| *id == c)).map(|(_, s)| s.as_str());
    let features = features
        .iter()
        .map(|f| match f {
            Feature::Cluster { lon, lat, count, kinds } => Out {
                kind: "Feature",
                geometry: Point { kind: "Point", coordinates: [round(*lon), round(*lat)] },
                properties: Properties::Cluster { cluster: true, point_count: *count, needs: kinds[0], offers: kinds[1], structures: kinds[2] },
            },
            Feature::Point(p) => Out {
                kind: "Feature",
                geometry: Point { kind: "Point", coordinates: [round(p.lon), round(p.lat)] },
                properties: Properties::Item {
                    id: p.id,
                    kind: p.kind.as_str(),
                    title: p.title,
                    category: slug(p.category),
                    structure: p.structure,
                    // A structure's flag is « stale » (its profile went unconfirmed for a year).
                    status: match (p.kind == ItemKind::Structure, p.in_progress) {
                        (true, true) => Some("stale"),
                        (true, false) => None,
                        (false, true) => Some("in_progress"),
                        (false, false) => Some("published"),
                    },
                    url: if p.kind == ItemKind::Structure { format!("/structures/{}", p.slug) } else { format!("/partage/{}", p.id) },
                },
            },
        })
        .collect();
    let doc = Collection { kind: "FeatureCollection", features, licence: licence.0, licence_url: licence.1, truncated };
    serde_json::to_vec(&doc).unwrap_or_default()
}

/// The layers of the index a query reads; `None` if a category is unknown (no item).
pub fn layers(q: &MapQuery, categories: &[(u16, String)]) -> Option<Vec<Layer>> {
    let mut ids = Vec::new();
    for c in &q.categories {
        ids.push(categories.iter().find(|(_, s)| s == c)?.0);
    }
    Some(Layer::for_filter(&q.kinds, &ids))
}

/// The features of a query against a snapshot, as GeoJSON (the in-memory path).
pub fn answer_from_index(snapshot: &Snapshot, q: &MapQuery) -> Vec<u8> {
    let features = match layers(q, &snapshot.categories) {
        Some(layers) => snapshot.index.query(&snapshot.overlay, q.view, &layers),
        None => Vec::new(),
    };
    to_geojson(&features, &snapshot.categories, (&snapshot.licence.0, &snapshot.licence.1), false)
}

/// The words and places of a map request, as a search of the post index.
fn post_search(q: &MapQuery) -> app::search::PostSearch {
    let filter = app::model::PostFilter { q: q.words.clone(), ..Default::default() };
    app::search::PostSearch {
        words: filter.words(),
        commune: q.commune.clone(),
        departement: q.departement.clone(),
        territory: q.territory.clone(),
        ..Default::default()
    }
}

/// Words or places: the posts the post index finds, clustered by the map index; `None`
/// while the post index is not loaded yet.
pub async fn answer_from_post_index(st: &AppState, snapshot: &Snapshot, q: &MapQuery) -> Result<Option<Vec<u8>>, AppError> {
    let Some(kept) = app::search::matching(st, &post_search(q)).await? else { return Ok(None) };
    let features = match layers(q, &snapshot.categories) {
        Some(layers) => snapshot.index.query_kept(&snapshot.overlay, q.view, &layers, &kept),
        None => Vec::new(),
    };
    Ok(Some(to_geojson(&features, &snapshot.categories, (&snapshot.licence.0, &snapshot.licence.1), false)))
}

/// Words or places while the post index loads: the matching posts from the database,
/// clustered on the fly.
pub async fn answer_from_database(pool: &Pool, snapshot: &Snapshot, q: &MapQuery) -> Result<Vec<u8>, AppError> {
    let (items, truncated) = super::load::matching(pool, q, FALLBACK_LIMIT).await?;
    // The posts' structures are not in this small index: their names come from the map's.
    let structure_of: std::collections::HashMap<i64, i64> = items.iter().filter_map(|it| Some((it.id, it.structure?))).collect();
    let index = tokio::task::spawn_blocking(move || MapIndex::build(items)).await.map_err(AppError::internal)?;
    let none = Overlay::default();
    let mut features = match layers(q, &snapshot.categories) {
        Some(layers) => index.query(&none, q.view, &layers),
        None => Vec::new(),
    };
    for f in &mut features {
        if let Feature::Point(p) = f
            && let Some(&sid) = structure_of.get(&p.id)
        {
            p.structure = snapshot.index.structure_name(&snapshot.overlay, sid);
        }
    }
    Ok(to_geojson(&features, &snapshot.categories, (&snapshot.licence.0, &snapshot.licence.1), truncated))
}

/// The first `limit` items of a view one by one, no clusters (`app::api::map::first_items`:
/// the list the map pages send in their HTML); `None` while the map index is loading.
/// Kinds and categories read the map index, spread over the view; words and places take
/// the matches of the post index, as [`answer_from_post_index`] does (the database's
/// newest matches while the post index loads, as [`answer_from_database`]).
pub async fn first_items(st: &AppState, data: &MapData, raw: &str, limit: usize) -> Result<Option<FeatureCollection>, AppError> {
    let q = parse(raw).map_err(AppError::bad_request)?;
    let Some(snapshot) = data.snapshot() else { return Ok(None) };
    let Some(layers) = layers(&q, &snapshot.categories) else { return Ok(Some(FeatureCollection::default())) };
    let licence = (snapshot.licence.0.as_str(), snapshot.licence.1.as_str());
    let kept = if q.has_words_or_places() { app::search::matching(st, &post_search(&q)).await? } else { None };
    let (bytes, cut) = if q.has_words_or_places() && kept.is_none() {
        // Several kinds or categories are filtered here, after the read: read more.
        let (items, more) = super::load::matching(&st.pool, &q, 4 * limit as i64).await?;
        let mut features: Vec<Feature<'_>> = items
            .iter()
            .filter(|it| layers.iter().any(|l| l.holds(it.kind, it.category)))
            .map(|it| {
                let structure = it.structure.and_then(|sid| snapshot.index.structure_name(&snapshot.overlay, sid));
                Feature::Point(index::PointView { lon: it.lon, lat: it.lat, kind: it.kind, id: it.id, category: it.category, title: &it.title, slug: &it.slug, structure, in_progress: it.in_progress })
            })
            .collect();
        let cut = more || features.len() > limit;
        features.truncate(limit);
        (to_geojson(&features, &snapshot.categories, licence, false), cut)
    } else {
        let (features, cut) = snapshot.index.sample(&snapshot.overlay, q.view, &layers, kept.as_deref(), limit);
        (to_geojson(&features, &snapshot.categories, licence, false), cut)
    };
    // The API's own GeoJSON, read back as the page's type: one format for both.
    let mut fc: FeatureCollection = serde_json::from_slice(&bytes).map_err(AppError::internal)?;
    fc.cut = cut;
    Ok(Some(fc))
}

fn etag(snapshot: &Snapshot, raw: &str) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    raw.hash(&mut h);
    format!("W/\"m{}-{:x}\"", snapshot.seq, h.finish())
}

/// The handler.
pub async fn map(
    State(st): State<AppState>,
    Extension(data): Extension<MapData>,
    peer: Option<Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let raw = raw.unwrap_or_default();
    let q = match parse(&raw) {
        Ok(q) => q,
        Err(message) => return AppError::bad_request(message).into_response(),
    };
    if q.has_words_or_places() {
        let client = st.client_key(peer.map(|Extension(p)| p.0.ip()), &headers);
        if let Err(e) = st.throttles.check(app::auth::throttle::Limit::SearchPerIp, &client) {
            return e.into_response();
        }
    }
    let Some(snapshot) = data.snapshot() else {
        let mut res = AppError::new(app::error::ErrorCode::Unavailable, "La carte se prépare, réessayez dans un instant.").into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return res;
    };
    let tag = etag(&snapshot, &raw);
    let matches = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = if q.has_words_or_places() {
            let from_index = match answer_from_post_index(&st, &snapshot, &q).await {
                Ok(b) => b,
                Err(e) => return e.into_response(),
            };
            match from_index {
                Some(b) => b,
                None => match answer_from_database(&st.pool, &snapshot, &q).await {
                    Ok(b) => b,
                    Err(e) => return e.into_response(),
                },
            }
        } else {
            answer_from_index(&snapshot, &q)
        };
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"))], body).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked_in_french() {
        let ok = parse("bbox=-5.2,41.3,9.6,51.1&zoom=6&type=besoin,structure&categorie=materiel").unwrap();
        assert_eq!(ok.view.zoom, 6);
        assert_eq!(ok.kinds, vec![ItemKind::Need, ItemKind::Structure]);
        assert_eq!(ok.categories, vec!["materiel"]);
        assert!(!ok.has_words_or_places());
        // Leaflet sends longitudes past ±180 at low zoom: accepted, wrapped by the index.
        assert!(parse("bbox=-250,-85,250,85&zoom=0").is_ok());
        assert!(parse("bbox=1,2,3,4&zoom=4.7").is_ok_and(|q| q.view.zoom == 4));
        for (bad, says) in [
            ("zoom=3", "obligatoire"),
            ("bbox=a,b,c,d&zoom=3", "illisible"),
            ("bbox=1,2,3&zoom=3", "quatre"),
            ("bbox=3,2,1,4&zoom=3", "inférieur"),
            ("bbox=1,-95,3,4&zoom=3", "latitudes"),
            ("bbox=1,2,3,4&zoom=21", "zoom"),
            ("bbox=1,2,3,4&zoom=-1", "zoom"),
            ("bbox=1,2,3,4", "zoom est obligatoire"),
            ("bbox=1,2,3,4&zoom=3&couleur=bleu", "inconnu"),
            ("bbox=1,2,3,4&zoom=3&type=velo", "type inconnu"),
            ("bbox=1,2,3,4&zoom=3&categorie=%3Cscript%3E", "categorie invalide"),
            ("bbox=NaN,2,3,4&zoom=3", "finis"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert!(parse("bbox=1,2,3,4&zoom=3&q=vélo").unwrap().has_words_or_places());
    }
}
