//! `GET /api/v1/map?bbox=minLon,minLat,maxLon,maxLat&zoom=Z&<filters>`: what a map
//! viewport shows, as a GeoJSON FeatureCollection following supercluster's convention:
//! a cluster has `cluster: true`, `point_count` and counts per kind (`needs`, `offers`,
//! `structures`, `resources`); a single item has `id`, `kind` (`need`, `offer`,
//! `structure`, `resource`: a pooled resource to book), `title`, `category` (posts),
//! `structure` (a post's or resource's) and `url`. Its size is bounded (one feature per 64-px
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
use app::model::{MapKind, MapRequest, PostFilter};
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

/// The parsed request: the viewport as the index reads it, and the posts' filter.
#[derive(Clone, Debug, PartialEq)]
pub struct MapQuery {
    pub view: Viewport,
    /// Read with [`Grammar::MAP_API`]: words, kinds (structures too), categories, place.
    pub filter: PostFilter,
}

impl MapQuery {
    /// The kinds asked for, as the index names them (empty: all).
    pub fn kinds(&self) -> Vec<ItemKind> {
        self.filter.kinds.iter().map(|k| item_kind(*k)).collect()
    }
}

pub fn item_kind(k: MapKind) -> ItemKind {
    match k {
        MapKind::Need => ItemKind::Need,
        MapKind::Offer => ItemKind::Offer,
        MapKind::Structure => ItemKind::Structure,
        MapKind::Resource => ItemKind::Resource,
    }
}

/// Reads the query string ([`MapRequest::read`]); a French message for anything wrong.
pub fn parse(raw: &str) -> Result<MapQuery, String> {
    let r = MapRequest::read(raw)?;
    let b = r.bbox;
    Ok(MapQuery { view: Viewport { min_lon: b.min_lon, min_lat: b.min_lat, max_lon: b.max_lon, max_lat: b.max_lat, zoom: r.zoom }, filter: r.filter })
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
    Cluster { cluster: bool, point_count: u32, needs: u32, offers: u32, structures: u32, resources: u32 },
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
                properties: Properties::Cluster { cluster: true, point_count: *count, needs: kinds[0], offers: kinds[1], structures: kinds[2], resources: kinds[3] },
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
                    status: match (p.kind, p.in_progress) {
                        (ItemKind::Structure, true) => Some("stale"),
                        (ItemKind::Structure | ItemKind::Resource, _) => None,
                        (_, true) => Some("in_progress"),
                        (_, false) => Some("published"),
                    },
                    url: match p.kind {
                        ItemKind::Structure => format!("/structures/{}", p.slug),
                        ItemKind::Resource => format!("/ressources/{}", p.id),
                        ItemKind::Need | ItemKind::Offer => format!("/partage/{}", p.id),
                    },
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
    for c in &q.filter.categories {
        ids.push(categories.iter().find(|(_, s)| s == c)?.0);
    }
    Some(Layer::for_filter(&q.kinds(), &ids))
}

/// The features of a query against a snapshot, as GeoJSON (the in-memory path).
pub fn answer_from_index(snapshot: &Snapshot, q: &MapQuery) -> Vec<u8> {
    let features = match layers(q, &snapshot.categories) {
        Some(layers) => snapshot.index.query(&snapshot.overlay, q.view, &layers),
        None => Vec::new(),
    };
    to_geojson(&features, &snapshot.categories, (&snapshot.licence.0, &snapshot.licence.1), false)
}

/// The words and places of a map request, as a search of the post index (kinds and
/// categories are the map index's layers).
fn post_search(q: &MapQuery) -> app::search::PostSearch {
    let place = &q.filter.place;
    app::search::PostSearch {
        words: q.filter.words(),
        commune: place.commune.clone(),
        departement: place.departement.clone(),
        territory: place.territory.clone(),
        ..Default::default()
    }
}

/// Words or places: the posts the post index finds, clustered by the map index; `None`
/// while the post index is not loaded yet.
pub async fn answer_from_post_index(st: &AppState, snapshot: &Snapshot, q: &MapQuery) -> Result<Option<Vec<u8>>, AppError> {
    let Some(kept) = app::search::matching(st, &post_search(q)).await? else {
        return Ok(None);
    };
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
    let Some(snapshot) = data.snapshot() else {
        return Ok(None);
    };
    let Some(layers) = layers(&q, &snapshot.categories) else {
        return Ok(Some(FeatureCollection::default()));
    };
    let licence = (snapshot.licence.0.as_str(), snapshot.licence.1.as_str());
    let kept = if q.filter.has_words_or_place() { app::search::matching(st, &post_search(&q)).await? } else { None };
    let (bytes, cut) = if q.filter.has_words_or_place() && kept.is_none() {
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
    if q.filter.has_words_or_place() {
        let client = st.client_key(peer.map(|Extension(p)| p.0.ip()), &headers);
        if let Err(e) = st.throttles.check(&st.pool, app::auth::throttle::Limit::SearchPerIp, &client).await {
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
        let body = if q.filter.has_words_or_place() {
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
    fn a_request_becomes_the_index_view_and_layers() {
        let q = parse("bbox=-5.2,41.3,9.6,51.1&zoom=6.5&type=besoin,structure&categorie=materiel").unwrap();
        assert_eq!(q.view, Viewport { min_lon: -5.2, min_lat: 41.3, max_lon: 9.6, max_lat: 51.1, zoom: 6 });
        assert_eq!(q.kinds(), vec![ItemKind::Need, ItemKind::Structure]);
        assert_eq!(layers(&q, &[(3, "materiel".into())]), Some(Layer::for_filter(&[ItemKind::Need, ItemKind::Structure], &[3])));
        assert_eq!(layers(&q, &[(3, "vehicule".into())]), None, "an unknown category shows nothing");
        assert!(parse("bbox=1,2,3,4&zoom=3&couleur=bleu").unwrap_err().contains("inconnu"));
    }
}
