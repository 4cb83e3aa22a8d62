//! The collaborative map (`/carte`): needs, resources and structures of the whole
//! territory, filtered like the list (the same URL parameters), with the view — centre
//! and zoom — in the URL too, so a filtered, zoomed map is a shareable link.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::get_map_settings;
use crate::components::commune_search::{CommuneHitList, commune_hits};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::map::{FeatureCollection, MapPanel, MapPin};
use crate::i18n as t;
use crate::model::{BBox, CommuneHit, Grammar, MapKind, MapSettings, MapView, Params, PostFilter};

#[component]
pub fn MapPage() -> impl IntoView {
    let params = use_query_map();
    let filter = params.with_untracked(|q| PostFilter::from_params(&Params::from(q), Grammar::MAP));
    let from_url = params.with_untracked(|q| MapView::from_query(|k| q.get(k)));
    let settings = Resource::new(|| (), |_| get_map_settings());
    let first = first_items_of(filter.clone(), from_url);
    view! {
        <Title text=t::page_title(t::NAV_MAP)/>
        <Meta name="description" content=t::MAP_INTRO/>
        <div class="wrap map-page">
            <h1>{t::MAP_TITLE}</h1>
            <p class="lead">{t::MAP_INTRO}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new({
                    let filter = filter.clone();
                    async move {
                        match settings.await {
                            Ok(s) => view! { <MapExplorer settings=s filter shown=from_url first=first.await/> }.into_any(),
                            Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The map with its filters, « aller à », zone links and embed code: one island, since
/// they share the filters and the view. A filter change applies in place (the map
/// refetches, the address bar follows with `replaceState`); without JavaScript the
/// filters are a GET form to `/carte`.
#[island(lazy)]
fn MapExplorer(settings: MapSettings, filter: PostFilter, shown: Option<MapView>, first: Option<FeatureCollection>) -> impl IntoView {
    let filter = RwSignal::new(filter);
    let seen = RwSignal::new(shown);
    let goto = RwSignal::new(None::<MapView>);
    let zone = RwSignal::new(None::<BBox>);
    let on_view = Callback::new(move |(v, b): (MapView, BBox)| {
        seen.set(Some(v));
        zone.set(Some(b));
        keep_in_url(&filter.get_untracked(), v);
    });
    // « Rechercher dans cette zone »: the list, same filters, limited to the box shown.
    let zone_list = move || {
        let mut list = filter.with(PostFilter::to_list);
        list.bbox = zone.get();
        format!("/partage?{}", list.to_query())
    };
    let initial = shown.unwrap_or(settings.default_view);
    view! {
        <div class="map-page-layout">
            <div class="map-side">
                <MapFilters filter settings=settings.clone() seen/>
                <PlaceJump goto/>
                <div class="map-zone">
                    <p class="button-row">
                        <a class="button" href=zone_list aria-describedby="carte-zone-aide">{t::MAP_SEARCH_ZONE}</a>
                        <a class="button button-secondary" href=move || format!("/partage?{}", filter.with(|f| f.to_list().to_query()))>{t::MAP_TO_LIST}</a>
                    </p>
                    <p class="hint" id="carte-zone-aide">{t::MAP_SEARCH_ZONE_HINT}</p>
                    <p><a href=move || format!("/compte/alertes?nouvelle={}", crate::model::encode(&filter.with(|f| f.to_list().to_query())))>
                        {t::ALERT_CREATE_LINK}</a></p>
                </div>
                <EmbedSnippet public_url=settings.public_url.clone() filter seen/>
            </div>
            <MapPanel settings filter=filter.into() initial goto on_view first/>
        </div>
    }
}

/// The first items of the view and filters of the page's URL, listed beside the map in
/// the served HTML (see `api::map::first_items`). Read once, when the page is created:
/// afterwards the map's own data drives the list, and a resource following the filters
/// would redraw the map (it is inside the same Suspense).
fn first_items_of(filter: PostFilter, view: Option<MapView>) -> Resource<Option<FeatureCollection>> {
    Resource::new(|| (), move |_| crate::api::map::first_items(filter.clone(), view))
}

/// Writes the view into the address bar without a navigation (the map keeps running).
fn keep_in_url(filter: &PostFilter, v: MapView) {
    #[cfg(feature = "hydrate")]
    {
        let mut pairs = filter.to_pairs();
        pairs.extend(v.to_pairs());
        let url = format!("/carte?{}", crate::model::query(&pairs));
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (filter, v);
}

/// The filters: a GET form to `/carte` (the address is the view). With JavaScript each
/// change applies at once, in place; without, the « Filtrer » button loads the page. The
/// current view travels in hidden fields.
#[component]
fn MapFilters(filter: RwSignal<PostFilter>, settings: MapSettings, seen: RwSignal<Option<MapView>>) -> impl IntoView {
    let apply = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.form()) {
                let _ = form.request_submit();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(query) = form_query(&ev) {
            ev.prevent_default();
            let next = PostFilter::from_params(&Params::parse(&query), Grammar::MAP);
            if let Some(v) = seen.get_untracked() {
                keep_in_url(&next, v);
            }
            filter.set(next);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let view_field = move |pick: fn(&MapView) -> String| move || seen.get().map(|v| pick(&v)).unwrap_or_default();
    let f = filter.get_untracked();
    view! {
        <form method="get" action="/carte" class="filters panel" role="search" aria-label=t::DIRECTORY_FILTERS on:submit=on_submit>
            <div class="field">
                <label for="carte-q">{t::DIRECTORY_SEARCH}</label>
                <p class="hint" id="carte-q-aide">{t::MAP_SEARCH_HINT}</p>
                <input id="carte-q" name="q" type="search" maxlength="100" value=f.q.clone() aria-describedby="carte-q-aide"/>
            </div>
            <fieldset on:change=apply>
                <legend>{t::MAP_SHOW}</legend>
                {MapKind::ALL.into_iter().map(|k| view! {
                    <label class="choice">
                        <input type="checkbox" name="type" value=k.as_param() checked=f.kinds.contains(&k)/>
                        " " <MapPin kind=k/> " " {t::map_kind_plural(k)}
                    </label>
                }).collect_view()}
                <p class="hint">{t::MAP_SHOW_HINT}</p>
            </fieldset>
            <fieldset on:change=apply>
                <legend>{t::SHARE_CATEGORY}</legend>
                {settings.categories.iter().map(|(slug, name)| view! {
                    <label class="choice">
                        <input type="checkbox" name="categorie" value=slug.clone() checked=f.categories.contains(slug)/>
                        " " {name.clone()}
                    </label>
                }).collect_view()}
            </fieldset>
            {f.place.commune.clone().map(|c| view! { <input type="hidden" name="commune" value=c/> })}
            {f.place.departement.clone().map(|d| view! { <input type="hidden" name="departement" value=d/> })}
            {f.place.territory.clone().map(|r| view! { <input type="hidden" name="reseau" value=r/> })}
            <input type="hidden" name="lat" prop:value=view_field(|v| format!("{:.5}", v.lat))/>
            <input type="hidden" name="lon" prop:value=view_field(|v| format!("{:.5}", v.lon))/>
            <input type="hidden" name="z" prop:value=view_field(|v| v.zoom.to_string())/>
            <button type="submit" class="button">{t::DIRECTORY_APPLY}</button>
        </form>
    }
}

/// The fields of the submitted form as a query string.
#[cfg(feature = "hydrate")]
fn form_query(ev: &leptos::ev::SubmitEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    params.to_string().as_string()
}

/// « Aller à une commune »: the offline communes lookup moves the map.
#[component]
fn PlaceJump(goto: RwSignal<Option<MapView>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let results = commune_hits(move || text.get());
    view! {
        <div class="panel place-jump" role="search" aria-label=t::MAP_PLACE>
            <label for="carte-lieu">{t::MAP_PLACE}</label>
            <p class="hint" id="carte-lieu-aide">{t::MAP_PLACE_HINT}</p>
            <input id="carte-lieu" type="search" autocomplete="off" maxlength="100" aria-describedby="carte-lieu-aide"
                aria-controls="carte-lieux" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            <div id="carte-lieux" aria-live="polite">
                <CommuneHitList typed=text hits=results pick=move |c: CommuneHit| {
                    let target = MapView { lat: c.lat, lon: c.lon, zoom: 13 };
                    view! { <button type="button" class="link-button" on:click=move |_| goto.set(Some(target))>{c.name}</button> }
                }/>
            </div>
        </div>
    }
}

/// « Intégrer cette carte »: the `<iframe>` a partner site (a network's wiki…) pastes,
/// for the current filters and view.
#[component]
fn EmbedSnippet(public_url: String, filter: RwSignal<PostFilter>, seen: RwSignal<Option<MapView>>) -> impl IntoView {
    let code = move || {
        let mut pairs = filter.with(PostFilter::to_pairs);
        if let Some(v) = seen.get() {
            pairs.extend(v.to_pairs());
        }
        let src = format!("{public_url}/embed?{}", crate::model::query(&pairs));
        format!(r#"<iframe src="{}" title="{}" width="100%" height="500" style="border:0" loading="lazy"></iframe>"#, src.replace('&', "&amp;").replace('"', "&quot;"), t::MAP_EMBED_FRAME_TITLE)
    };
    view! {
        <details class="panel embed-snippet">
            <summary>{t::MAP_EMBED}</summary>
            <p class="hint" id="carte-integrer-aide">{t::MAP_EMBED_HINT}</p>
            <label for="carte-integrer" class="visually-hidden">{t::MAP_EMBED}</label>
            <textarea id="carte-integrer" readonly rows="5" aria-describedby="carte-integrer-aide" prop:value=code></textarea>
        </details>
    }
}

/// `/embed?<filtres>&lat=&lon=&z=`: the map alone, for partners' sites (the only page
/// other sites may frame); links open in the framing window.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let params = use_query_map();
    let filter = params.with_untracked(|q| PostFilter::from_params(&Params::from(q), Grammar::MAP));
    let from_url = params.with_untracked(|q| MapView::from_query(|k| q.get(k)));
    let settings = Resource::new(|| (), |_| get_map_settings());
    let first = first_items_of(filter.clone(), from_url);
    view! {
        <Title text=t::page_title(t::NAV_MAP)/>
        <div class="embed-page">
            <Suspense fallback=Loading>
                {move || Suspend::new({
                    let filter = filter.clone();
                    async move {
                        match settings.await {
                            Ok(s) => view! { <MapEmbed settings=s filter shown=from_url first=first.await/> }.into_any(),
                            Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The embedded map and its link to the whole map at the same view.
#[island(lazy)]
fn MapEmbed(settings: MapSettings, filter: PostFilter, shown: Option<MapView>, first: Option<FeatureCollection>) -> impl IntoView {
    let goto = RwSignal::new(None::<MapView>);
    let seen = RwSignal::new(shown);
    let initial = shown.unwrap_or(settings.default_view);
    let pairs = filter.to_pairs();
    let whole_map = move || {
        let mut pairs = pairs.clone();
        if let Some(v) = seen.get() {
            pairs.extend(v.to_pairs());
        }
        format!("/carte?{}", crate::model::query(&pairs))
    };
    view! {
        <p class="embed-head">
            <a href=whole_map target="_blank" rel="noopener">{t::SITE_NAME} " — " {t::MAP_EMBED_OPEN}</a>
        </p>
        <MapPanel settings filter=Signal::stored(filter) initial goto
            on_view=move |(v, _): (MapView, BBox)| seen.set(Some(v)) embedded=true first/>
    }
}
