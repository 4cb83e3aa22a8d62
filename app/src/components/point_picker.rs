//! The point picker of the publish form, for a structure's post: a small map where a
//! click, or dragging the marker, chooses the exact place; an address search when the
//! instance has a geocoder (BAN, asked by the server). The point travels in two hidden
//! fields; the server checks it (`PostForm::check`, then within 30 km of the commune).
//! Without JavaScript, or without a point, the commune field places the post. The
//! address search and the commune field are the keyboard's ways to place a post; the
//! chosen point is also written out as text.

use leptos::prelude::*;

use crate::api::search_addresses;
use crate::components::feedback::ErrorNote;
use crate::i18n as t;
use crate::model::AddressHit;

/// Where the picker looks: (latitude, longitude, zoom).
pub type Look = (f64, f64, u8);

/// The resource form's point picker: an island in a form otherwise served as plain HTML
/// (without it the commune, or the structure's place, places the resource).
#[island(lazy)]
pub fn ResourcePointPicker(lat: String, lon: String, look: Option<Look>, geocoder: bool, error: Option<String>) -> impl IntoView {
    let (lat, lon) = (RwSignal::new(lat), RwSignal::new(lon));
    view! {
        <PointPicker lat lon look=Signal::derive(move || look) geocoder error=Signal::derive(move || error.clone())
            hint=t::POINT_PICK_HINT_RESOURCE/>
    }
}

#[component]
pub fn PointPicker(
    /// The chosen point, as the hidden fields send it (empty: none).
    lat: RwSignal<String>,
    lon: RwSignal<String>,
    /// Where to look when there is no point yet (the commune typed, the structure).
    look: Signal<Option<Look>>,
    /// The instance offers address search.
    geocoder: bool,
    error: Signal<Option<String>>,
    /// What the hint says (default: a post's).
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let chosen = move || {
        let (a, b) = (lat.get(), lon.get());
        (!a.is_empty() && !b.is_empty()).then(|| format!("{a}, {b}"))
    };
    let clear = move |_| {
        lat.set(String::new());
        lon.set(String::new());
        #[cfg(feature = "hydrate")]
        browser::clear();
    };
    let error_id = "point-erreur";
    view! {
        <fieldset class="point-picker" aria-describedby="point-aide">
            <legend>{t::POINT_PICK_LEGEND}</legend>
            <p class="hint" id="point-aide">{hint.unwrap_or(t::POINT_PICK_HINT)}</p>
            {geocoder.then(|| view! { <AddressSearch lat lon/> })}
            <PickerMap lat lon look/>
            <p class="point-chosen" aria-live="polite">
                {move || chosen().map(|c| view! {
                    <span>{t::POINT_PICK_CHOSEN} " " {c}</span>
                    <button type="button" class="link-button" on:click=clear>{t::POINT_PICK_CLEAR}</button>
                })}
            </p>
            {move || error.get().map(|m| view! { <p class="error" id=error_id role="alert">{m}</p> })}
            <input type="hidden" name="form[lat]" value=lat.get_untracked() prop:value=move || lat.get()/>
            <input type="hidden" name="form[lon]" value=lon.get_untracked() prop:value=move || lon.get()/>
        </fieldset>
    }
}

/// The map itself, made in the browser once the map settings are fetched (the server
/// renders an empty box: nothing for hydration to compare).
#[component]
fn PickerMap(lat: RwSignal<String>, lon: RwSignal<String>, look: Signal<Option<Look>>) -> impl IntoView {
    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::start(container, lat, lon, look);
    #[cfg(not(feature = "hydrate"))]
    let _ = (lat, lon, look);
    view! { <div class="map-canvas" node_ref=container role="region" aria-label=t::POINT_PICK_MARKER></div> }
}

/// « Chercher une adresse »: the server asks the geocoder; choosing a result places the
/// point there.
#[component]
fn AddressSearch(lat: RwSignal<String>, lon: RwSignal<String>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let search = Action::new(|q: &String| search_addresses(q.clone()));
    let pick = move |hit: &AddressHit| {
        lat.set(format!("{:.6}", hit.lat));
        lon.set(format!("{:.6}", hit.lon));
        #[cfg(feature = "hydrate")]
        browser::show(hit.lat, hit.lon);
    };
    let go = move || {
        let q = text.get_untracked();
        if q.trim().chars().count() >= 3 {
            search.dispatch(q);
        }
    };
    view! {
        <div class="field address-search">
            <label for="adresse">{t::ADDRESS_SEARCH}</label>
            <p class="hint" id="adresse-aide">{t::ADDRESS_SEARCH_HINT}</p>
            <div class="button-row">
                // Enter searches instead of sending the whole form.
                <input id="adresse" type="search" autocomplete="off" maxlength=crate::model::ADDRESS_QUERY_MAX_CHARS aria-describedby="adresse-aide"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); go(); }/>
                <button type="button" class="button button-secondary" on:click=move |_| go()>{t::ADDRESS_SUBMIT}</button>
            </div>
            <div aria-live="polite">
                {move || search.value().get().map(|r| match r {
                    Ok(hits) if hits.is_empty() => view! { <p class="muted">{t::ADDRESS_NONE}</p> }.into_any(),
                    Ok(hits) => view! {
                        <ul class="address-hits">
                            {hits.into_iter().map(|h| {
                                let label = h.label.clone();
                                view! { <li><button type="button" class="link-button" on:click=move |_| pick(&h)>{label}</button></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    use super::Look;
    use crate::components::map::browser::{picker_clear, picker_create, picker_set, picker_view};
    use crate::i18n as t;
    use crate::model::MapSettings;

    thread_local! {
        /// The page's one picker (Leaflet's map object).
        static HANDLE: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
    }

    fn with_handle(f: impl FnOnce(&JsValue)) {
        HANDLE.with(|h| {
            if let Some(h) = h.borrow().as_ref() {
                f(h);
            }
        });
    }

    pub fn clear() {
        with_handle(|h| picker_clear(h));
    }

    pub fn show(lat: f64, lon: f64) {
        with_handle(|h| picker_set(h, lat, lon, 17.0));
    }

    pub fn start(container: NodeRef<leptos::html::Div>, lat: RwSignal<String>, lon: RwSignal<String>, look: Signal<Option<Look>>) {
        let ready = RwSignal::new(false);
        let settings = RwSignal::new(None::<MapSettings>);
        spawn_local(async move {
            if let Ok(s) = crate::api::get_map_settings().await {
                settings.set(Some(s));
            }
        });
        Effect::new(move |_| {
            let (Some(el), Some(settings)) = (container.get(), settings.get()) else { return };
            if ready.get_untracked() {
                return;
            }
            let point = lat.get_untracked().parse::<f64>().ok().zip(lon.get_untracked().parse::<f64>().ok());
            let (clat, clon, zoom) = match (point, look.get_untracked()) {
                (Some((a, b)), _) => (a, b, 16),
                (None, Some(l)) => l,
                (None, None) => (settings.default_view.lat, settings.default_view.lon, settings.default_view.zoom),
            };
            let on_pick = Closure::<dyn FnMut(f64, f64)>::new(move |a: f64, b: f64| {
                lat.set(format!("{a:.6}"));
                lon.set(format!("{b:.6}"));
            });
            let opts = serde_json::json!({
                "lat": clat, "lon": clon, "zoom": zoom, "tileUrl": settings.tile_url, "attribution": settings.tile_attribution,
                "marker": point.map(|(a, b)| [a, b]), "label": t::POINT_PICK_MARKER,
            })
            .to_string();
            let promise = picker_create(&el, &opts, on_pick.as_ref().unchecked_ref());
            on_pick.forget();
            spawn_local(async move {
                if let Ok(h) = JsFuture::from(promise).await {
                    HANDLE.with(|slot| *slot.borrow_mut() = Some(h));
                    ready.set(true);
                }
            });
        });
        // A new commune typed: look there (the point, if any, stays until moved).
        Effect::new(move |_| {
            let (Some((a, b, z)), true) = (look.get(), ready.get()) else { return };
            if lat.get_untracked().is_empty() {
                with_handle(|h| picker_view(h, a, b, f64::from(z)));
            }
        });
    }
}
