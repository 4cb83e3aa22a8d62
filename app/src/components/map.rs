//! The map component: Leaflet (driven by `map.js`, loaded on first use so only pages
//! with a map download it) showing `GET /api/v1/map` for the filters and the view, with
//! a legend and, beside it, the list of what the map shows — links to the items and
//! zoom buttons for the groups — so the map's content is reachable by keyboard and
//! screen reader. Markers differ by shape and symbol, not by colour alone.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n as t;
use crate::model::{BBox, MapKind, MapSettings, MapView, PostFilter};

/// A `/api/v1/map` answer, as the list reads it; also the first items of the view that
/// the server puts in the HTML of the map pages (`api::map::first_items`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureCollection {
    pub features: Vec<GeoFeature>,
    #[serde(default)]
    pub truncated: bool,
    /// The served list only: the view holds more items than it lists.
    #[serde(default)]
    pub cut: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoFeature {
    pub geometry: Geometry,
    pub properties: Properties,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    pub coordinates: [f64; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Properties {
    Cluster {
        point_count: u32,
        needs: u32,
        offers: u32,
        structures: u32,
        #[serde(default)]
        resources: u32,
    },
    Item {
        id: i64,
        kind: String,
        title: String,
        #[serde(default)]
        category: Option<String>,
        #[serde(default)]
        structure: Option<String>,
        #[serde(default)]
        status: Option<String>,
        url: String,
    },
}

/// The URL of the map data for a box, a zoom and filters.
pub fn data_url(west: f64, south: f64, east: f64, north: f64, zoom: u8, filter: &PostFilter) -> String {
    format!("/api/v1/map?{}", data_query(west, south, east, north, zoom, filter))
}

/// The query string of [`data_url`].
pub fn data_query(west: f64, south: f64, east: f64, north: f64, zoom: u8, filter: &PostFilter) -> String {
    let filters = filter.to_query();
    let sep = if filters.is_empty() { "" } else { "&" };
    format!("bbox={west:.5},{south:.5},{east:.5},{north:.5}&zoom={zoom}{sep}{filters}")
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "need" => t::MAP_KIND_NEED,
        "offer" => t::MAP_KIND_OFFER,
        "resource" => t::MAP_KIND_RESOURCE,
        _ => t::MAP_KIND_STRUCTURE,
    }
}

/// The legend's marker for a kind (the same markup the map draws).
#[component]
pub fn MapPin(kind: MapKind) -> impl IntoView {
    let symbol = match kind {
        MapKind::Need => "!",
        MapKind::Offer => "+",
        MapKind::Structure => "⌂",
        MapKind::Resource => "▦",
    };
    view! {
        <span class=format!("map-pin map-pin-{}", kind.as_api()) aria-hidden="true">
            <span class="map-pin-symbol">{symbol}</span>
        </span>
    }
}

#[component]
pub fn MapLegend(filter: Signal<PostFilter>) -> impl IntoView {
    view! {
        <ul class="map-legend" aria-label=t::MAP_LEGEND>
            {MapKind::ALL.into_iter().map(|k| view! {
                <li class:muted=move || !filter.with(|f| f.shows(k))>
                    <MapPin kind=k/> " " {kind_label(k.as_api())}
                </li>
            }).collect_view()}
            <li><span class="map-cluster map-cluster-legend" aria-hidden="true"><span class="map-cluster-count">"12"</span></span> " " {t::MAP_KIND_CLUSTER}</li>
        </ul>
    }
}

/// The map with its list. `goto` moves it (commune search); `on_view` hears where it is
/// (centre and zoom, and the box it shows).
#[component]
pub fn MapPanel(
    settings: MapSettings,
    filter: Signal<PostFilter>,
    initial: MapView,
    goto: RwSignal<Option<MapView>>,
    #[prop(into)] on_view: Callback<(MapView, BBox)>,
    /// Links open in the parent window (the embed page).
    #[prop(optional)]
    embedded: bool,
    /// A small map (a structure's page): no legend bar nor list beside it.
    #[prop(optional)]
    compact: bool,
    /// The list the server found for the view (`api::map::first_items`): in the HTML, so
    /// the page lists what is there without JavaScript and before the map is drawn; the
    /// map's own data replaces it.
    #[prop(optional_no_strip)]
    first: Option<FeatureCollection>,
) -> impl IntoView {
    let container = NodeRef::<leptos::html::Div>::new();
    let frame = NodeRef::<leptos::html::Div>::new();
    let visible = RwSignal::new(first);
    let status = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    browser::start(browser::Wiring { container, settings: settings.clone(), filter, initial, goto, on_view, visible, status });
    #[cfg(not(feature = "hydrate"))]
    let _ = (&initial, on_view);
    let categories = settings.categories.clone();
    let category_name = move |slug: &str| categories.iter().find(|(s, _)| s == slug).map(|(_, n)| n.clone()).unwrap_or_else(|| slug.to_string());
    let target = if embedded { Some("_parent") } else { None };
    let fullscreen = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = frame.get() {
            browser::fullscreen(&el);
        }
    };
    view! {
        <div class="map-frame" class:map-compact=compact node_ref=frame>
            {(!compact).then(|| view! {
                <div class="map-toolbar">
                    <MapLegend filter/>
                    <button type="button" class="button button-secondary map-fullscreen" on:click=fullscreen>{t::MAP_FULLSCREEN}</button>
                </div>
            })}
            <div class="map-layout">
                <div class="map-canvas" node_ref=container role="region" aria-label=t::MAP_REGION>
                    // Text only: with JavaScript on, browsers parse a noscript's content as
                    // text, and hydration must find what the server sent.
                    <noscript>{t::MAP_NEEDS_JS}</noscript>
                </div>
                {(!compact).then(|| view! {
                <section class="map-list" aria-labelledby="map-list-title">
                    <h2 id="map-list-title">{t::MAP_LIST_TITLE}</h2>
                    <p class="muted" role="status" aria-live="polite">{move || status.get()}</p>
                    {move || match visible.get() {
                        None => view! { <p class="muted">{t::MAP_LOADING}</p> }.into_any(),
                        Some(fc) if fc.features.is_empty() => view! { <p>{t::MAP_EMPTY}</p> }.into_any(),
                        Some(fc) => {
                            let category_name = category_name.clone();
                            view! {
                                {fc.truncated.then(|| view! { <p class="hint">{t::MAP_TRUNCATED}</p> })}
                                {fc.cut.then(|| view! { <p class="hint">{t::map_first_items(crate::model::SERVED_MAP_ITEMS)}</p> })}
                                <ul class="map-items">
                                    {fc.features.into_iter().map(|f| {
                                        let [lon, lat] = f.geometry.coordinates;
                                        match f.properties {
                                            Properties::Item { kind, title, category, structure, status, url, .. } => {
                                                let mut meta: Vec<String> = category.map(|c| category_name(&c)).into_iter().collect();
                                                meta.extend(structure);
                                                if status.as_deref() == Some("in_progress") {
                                                    meta.push(t::MAP_IN_PROGRESS.to_string());
                                                }
                                                if status.as_deref() == Some("stale") {
                                                    meta.push(t::MAP_STALE.to_string());
                                                }
                                                let meta = (!meta.is_empty()).then(|| meta.join(" · "));
                                                view! {
                                                    <li class=format!("map-item map-item-{kind}")>
                                                        <span class="map-item-kind">{kind_label(&kind)}</span>
                                                        <a href=url target=target>{title}</a>
                                                        {meta.map(|m| view! { <span class="muted">" · " {m}</span> })}
                                                    </li>
                                                }.into_any()
                                            }
                                            Properties::Cluster { point_count, needs, offers, structures, resources } => {
                                                let label = t::map_cluster(point_count, [needs, offers, structures, resources]);
                                                view! {
                                                    <li class="map-item map-item-cluster">
                                                        <button type="button" class="link-button"
                                                            on:click=move |_| {
                                                                let zoom = current_zoom().saturating_add(2).min(crate::model::MAP_MAX_ZOOM);
                                                                goto.set(Some(MapView { lat, lon, zoom }));
                                                            }>
                                                            {label}
                                                        </button>
                                                    </li>
                                                }.into_any()
                                            }
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }}
                    <p><a href=move || format!("/partage?{}", filter.with(|f| f.to_list().to_query())) target=target>{t::MAP_LIST_ALL}</a></p>
                </section>
                })}
            </div>
            <p class="map-licence muted">{t::MAP_DATA_LICENCE} " " <a href=settings.licence_url.clone() target=target rel="license">{settings.licence.clone()}</a></p>
        </div>
    }
}

/// The zoom the map shows now (the browser's map; a default on the server).
fn current_zoom() -> u8 {
    #[cfg(feature = "hydrate")]
    return browser::current_zoom();
    #[cfg(not(feature = "hydrate"))]
    6
}

/// A small map of given points (title and link each), framed to show them all: the
/// dashboard's unanswered needs. Drawn in the browser once hydrated; the page lists the
/// same points as links for everyone else. An island.
#[island(lazy)]
pub fn StaticPointsMap(points: Vec<(f64, f64, String, String)>) -> impl IntoView {
    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        use leptos::task::spawn_local;
        let settings = RwSignal::new(None::<MapSettings>);
        spawn_local(async move {
            if let Ok(s) = crate::api::get_map_settings().await {
                settings.set(Some(s));
            }
        });
        let started = StoredValue::new(false);
        Effect::new(move |_| {
            let (Some(el), Some(settings)) = (container.get(), settings.get()) else {
                return;
            };
            if started.get_value() {
                return;
            }
            started.set_value(true);
            let opts = serde_json::json!({
                "tileUrl": settings.tile_url, "attribution": settings.tile_attribution,
                "label": t::MAP_KIND_NEED, "points": points,
            })
            .to_string();
            let _ = browser::points_create(&el, &opts);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = points;
    view! {
        <div class="map-frame map-compact">
            <div class="map-canvas" node_ref=container role="region" aria-label=t::DASHBOARD_UNMET></div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
pub(crate) mod browser {
    use std::cell::Cell;

    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    use super::{FeatureCollection, data_url};
    use crate::i18n as t;
    use crate::model::{BBox, MapSettings, MapView, PostFilter};

    #[wasm_bindgen(module = "/src/components/map.js")]
    extern "C" {
        #[wasm_bindgen(js_name = mapCreate)]
        fn map_create(container: &web_sys::HtmlElement, opts: &str, on_move: &js_sys::Function) -> js_sys::Promise;
        #[wasm_bindgen(js_name = mapDraw)]
        fn map_draw(handle: &JsValue, text: &str);
        #[wasm_bindgen(js_name = mapSetView)]
        fn map_set_view(handle: &JsValue, lat: f64, lon: f64, zoom: f64);
        #[wasm_bindgen(js_name = mapFetch)]
        fn map_fetch(url: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = toggleFullscreen)]
        fn toggle_fullscreen(el: &web_sys::HtmlElement) -> js_sys::Promise;
        #[wasm_bindgen(js_name = pickerCreate)]
        pub(crate) fn picker_create(container: &web_sys::HtmlElement, opts: &str, on_pick: &js_sys::Function) -> js_sys::Promise;
        #[wasm_bindgen(js_name = pickerSet)]
        pub(crate) fn picker_set(handle: &JsValue, lat: f64, lon: f64, zoom: f64);
        #[wasm_bindgen(js_name = pickerView)]
        pub(crate) fn picker_view(handle: &JsValue, lat: f64, lon: f64, zoom: f64);
        #[wasm_bindgen(js_name = pickerClear)]
        pub(crate) fn picker_clear(handle: &JsValue);
        #[wasm_bindgen(js_name = pointsCreate)]
        pub(crate) fn points_create(container: &web_sys::HtmlElement, opts: &str) -> js_sys::Promise;
    }

    thread_local! {
        static ZOOM: Cell<u8> = const { Cell::new(6) };
    }

    pub fn current_zoom() -> u8 {
        ZOOM.with(Cell::get)
    }

    pub fn fullscreen(el: &web_sys::HtmlElement) {
        let _ = toggle_fullscreen(el);
    }

    pub struct Wiring {
        pub container: NodeRef<leptos::html::Div>,
        pub settings: MapSettings,
        pub filter: Signal<PostFilter>,
        pub initial: MapView,
        pub goto: RwSignal<Option<MapView>>,
        pub on_view: Callback<(MapView, BBox)>,
        pub visible: RwSignal<Option<FeatureCollection>>,
        pub status: RwSignal<String>,
    }

    pub fn start(w: Wiring) {
        let Wiring { container, settings, filter, initial, goto, on_view, visible, status } = w;
        let handle: StoredValue<Option<JsValue>, LocalStorage> = StoredValue::new_local(None);
        let ready = RwSignal::new(false);
        let bounds = RwSignal::new(None::<(f64, f64, f64, f64, u8)>);
        Effect::new(move |_| {
            let Some(el) = container.get() else { return };
            if handle.with_value(Option::is_some) {
                return;
            }
            let on_move = Closure::<dyn FnMut(f64, f64, f64, f64, f64, f64, f64)>::new(move |w, s, e, n, z: f64, lat, lon| {
                let zoom = z.round().clamp(0.0, 20.0) as u8;
                ZOOM.with(|c| c.set(zoom));
                bounds.set(Some((w, s, e, n, zoom)));
                on_view.run((MapView { lat, lon, zoom }, BBox::from_bounds(w, s, e, n)));
            });
            let labels = serde_json::json!({
                "kinds": { "need": t::MAP_KIND_NEED, "offer": t::MAP_KIND_OFFER, "structure": t::MAP_KIND_STRUCTURE, "resource": t::MAP_KIND_RESOURCE },
                "categories": settings.categories.iter().cloned().collect::<std::collections::BTreeMap<String, String>>(),
                "inProgress": t::MAP_IN_PROGRESS,
                "stale": t::MAP_STALE,
                "openPost": t::MAP_OPEN_POST,
                "openStructure": t::MAP_OPEN_STRUCTURE,
                "openResource": t::MAP_OPEN_RESOURCE,
                "clusterPrefix": t::MAP_CLUSTER_PREFIX,
                "clusterWords": t::MAP_CLUSTER_WORDS,
            });
            let opts = serde_json::json!({
                "lat": initial.lat, "lon": initial.lon, "zoom": initial.zoom,
                "tileUrl": settings.tile_url, "attribution": settings.tile_attribution, "labels": labels,
            })
            .to_string();
            let promise = map_create(&el, &opts, on_move.as_ref().unchecked_ref());
            // The map calls it for as long as the page lives.
            on_move.forget();
            spawn_local(async move {
                match JsFuture::from(promise).await {
                    Ok(h) => {
                        handle.set_value(Some(h));
                        ready.set(true);
                    }
                    Err(_) => status.set(t::MAP_LOAD_FAILED.to_string()),
                }
            });
        });
        // New data whenever the view or the filters change; late answers are dropped.
        let latest = StoredValue::new(0u64);
        Effect::new(move |_| {
            let (Some((w, s, e, n, z)), true) = (bounds.get(), ready.get()) else {
                return;
            };
            let url = data_url(w, s, e, n, z, &filter.get());
            latest.update_value(|g| *g += 1);
            let mine = latest.get_value();
            spawn_local(async move {
                let answer = JsFuture::from(map_fetch(&url)).await;
                if latest.get_value() != mine {
                    return;
                }
                match answer.ok().and_then(|v| v.as_string()) {
                    Some(text) => {
                        handle.with_value(|h| {
                            if let Some(h) = h {
                                map_draw(h, &text);
                            }
                        });
                        let parsed: Option<FeatureCollection> = serde_json::from_str(&text).ok();
                        let count = parsed.as_ref().map_or(0, |fc| fc.features.len());
                        status.set(t::map_shown(count));
                        visible.set(parsed);
                    }
                    None => status.set(t::MAP_FETCH_FAILED.to_string()),
                }
            });
        });
        Effect::new(move |_| {
            let (Some(v), true) = (goto.get(), ready.get()) else {
                return;
            };
            handle.with_value(|h| {
                if let Some(h) = h {
                    map_set_view(h, v.lat, v.lon, f64::from(v.zoom));
                }
            });
        });
    }
}
