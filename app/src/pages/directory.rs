//! The directory (`/annuaire`) and a structure's public page (`/structures/{slug}`).
//! Server-rendered with their data (indexable, fast, usable without JavaScript); the
//! filter form is a plain GET form whose URL is the shareable filtered view.

use leptos::prelude::*;

use crate::components::feedback::{ErrorNote, Loading};
use crate::pages::post::ReportForm;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{directory, structure_profile};
use crate::components::pagination::Pagination;
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{DirectoryData, DirectoryFilter, StructureCard, StructureKind, StructurePage};
use crate::pages::not_found::NotFound;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| DirectoryFilter::from_params(&crate::model::Params::from(q))));
    let data = Resource::new(move || filter.get(), directory);
    view! {
        <Title text=t::page_title(t::DIRECTORY_TITLE)/>
        <Meta name="description" content=t::DIRECTORY_INTRO/>
        <div class="wrap directory">
            <h1>{t::DIRECTORY_TITLE}</h1>
            <p class="lead">{t::DIRECTORY_INTRO}</p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(d) => view! { <Results data=d filter=filter.get_untracked()/> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Results(data: DirectoryData, filter: DirectoryFilter) -> impl IntoView {
    let selected = |current: Option<&str>, value: &str| current == Some(value);
    let kind = filter.kind.map(|k| k.as_str());
    let mut without_commune = filter.with_page(1);
    without_commune.place.commune = None;
    view! {
        <div class="directory-layout">
            <form class="filters panel" method="get" action="/annuaire" role="search" aria-label=t::DIRECTORY_FILTERS>
                <div class="field">
                    <label for="annuaire-q">{t::DIRECTORY_SEARCH}</label>
                    <p class="hint" id="annuaire-q-aide">{t::DIRECTORY_SEARCH_HINT}</p>
                    <input id="annuaire-q" name="q" type="search" maxlength="100" value=filter.q.clone()
                        aria-describedby="annuaire-q-aide"/>
                </div>
                <div class="field">
                    <label for="annuaire-type">{t::DIRECTORY_KIND}</label>
                    <select id="annuaire-type" name="type">
                        <option value="">{t::DIRECTORY_ALL}</option>
                        {StructureKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=selected(kind, k.as_str())>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="annuaire-theme">{t::DIRECTORY_THEME}</label>
                    <select id="annuaire-theme" name="theme">
                        <option value="">{t::DIRECTORY_ALL}</option>
                        {data.themes.iter().map(|c| view! {
                            <option value=c.slug.clone() selected=selected(filter.theme.as_deref(), &c.slug)>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="annuaire-reseau">{t::DIRECTORY_TERRITORY}</label>
                    <select id="annuaire-reseau" name="reseau">
                        <option value="">{t::DIRECTORY_ALL}</option>
                        {data.territories.iter().map(|c| view! {
                            <option value=c.slug.clone() selected=selected(filter.place.territory.as_deref(), &c.slug)>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="annuaire-dep">{t::DIRECTORY_DEPARTEMENT}</label>
                    <input id="annuaire-dep" name="departement" type="text" maxlength="3" inputmode="text" class="short"
                        value=filter.place.departement.clone().unwrap_or_default()/>
                </div>
                {filter.place.commune.clone().map(|insee| view! {
                    <input type="hidden" name="commune" value=insee/>
                    <p>{t::DIRECTORY_IN_COMMUNE} " " <strong>{data.commune_name.clone().unwrap_or_default()}</strong>
                        " (" <a href=format!("/annuaire?{}", without_commune.to_query())>{t::DIRECTORY_REMOVE_COMMUNE}</a> ")"</p>
                })}
                <label class="choice">
                    <input type="checkbox" name="besoins" value="1" checked=filter.open_needs/>
                    {t::DIRECTORY_OPEN_NEEDS}
                </label>
                <div class="actions">
                    <button class="button" type="submit">{t::DIRECTORY_APPLY}</button>
                    <a href="/annuaire">{t::DIRECTORY_RESET}</a>
                </div>
            </form>
            <section aria-labelledby="annuaire-resultats">
                <h2 id="annuaire-resultats" aria-live="polite">{t::structures_count(data.total)}</h2>
                {if data.items.is_empty() {
                    view! { <p>{t::DIRECTORY_NONE}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {data.items.into_iter().map(|s| view! { <li><StructureCardView s/></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Pagination page=data.page pages=data.pages
                    href=move |n| format!("/annuaire?{}", filter.with_page(n).to_query())/>
            </section>
        </div>
    }
}

#[component]
fn StructureCardView(s: StructureCard) -> impl IntoView {
    let place = match (s.commune, s.departement) {
        (Some(c), Some(d)) => Some(format!("{c} ({d})")),
        (Some(c), None) => Some(c),
        _ => None,
    };
    let summary = if s.summary.chars().count() >= 220 { format!("{}…", s.summary.trim_end()) } else { s.summary };
    view! {
        <article class="card">
            <p class="card-tags"><span class="tag tag-category">{s.kind.label()}</span></p>
            <h3 class="card-title"><a href=format!("/structures/{}", s.slug)>{s.name}</a></h3>
            {place.map(|p| view! { <p class="card-meta">{p}</p> })}
            <p class="summary">{summary}</p>
            <p class="card-meta">
                {(s.open_needs > 0).then(|| view! { <span class="tag tag-need">{s.open_needs} " " {t::OPEN_NEEDS_COUNT}</span> " " })}
                {(s.open_offers > 0).then(|| view! { <span class="tag tag-offer">{s.open_offers} " " {t::OPEN_OFFERS_COUNT}</span> })}
            </p>
        </article>
    }
}

#[component]
pub fn StructureProfilePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let profile = Resource::new(slug, structure_profile);
    view! {
        <Suspense fallback=|| view! { <div class="wrap"><Loading/></div> }>
            {move || profile.get().map(|r| match r {
                Ok(Some(p)) => view! { <Profile p/> }.into_any(),
                Ok(None) => view! { <NotFound/> }.into_any(),
                Err(e) => view! { <div class="wrap"><ErrorNote message=e.message/></div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Profile(p: StructurePage) -> impl IntoView {
    let place = [p.address.clone(), p.postcode.clone().zip(p.commune.clone()).map(|(cp, c)| format!("{cp} {c}"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let description: String = p.description.chars().take(160).collect();
    view! {
        <Title text=t::page_title(&p.name)/>
        <Meta name="description" content=description/>
        <div class="wrap profile">
            <p><a href="/annuaire">{t::BACK_TO_DIRECTORY}</a></p>
            <p class="card-tags"><span class="tag tag-category">{p.kind.label()}</span></p>
            <h1>{p.name.clone()}</h1>
            {p.viewer_is_member.then(|| view! {
                <div class="notice">
                    <p>{t::PROFILE_MEMBER_NOTE} " " <a href="/compte/structures">{t::PROFILE_MANAGE}</a></p>
                    <p class="button-row">
                        <a class="button button-small" href=format!("/compte/structures/{}/fiche", p.id)>{t::PROFILE_EDIT}</a>
                        <a class="button button-small button-secondary" href="/partage/publier">{t::PUBLISH_LINK}</a>
                    </p>
                </div>
            })}
            <div class="columns">
                <div>
                    <p class="pre-line">{p.description.clone()}</p>
                    {(!p.themes.is_empty()).then(|| view! {
                        <h2>{t::PROFILE_THEMES}</h2>
                        <p class="card-tags">{p.themes.iter().map(|th| view! { <span class="tag tag-category">{th.clone()}</span> }).collect_view()}</p>
                    })}
                </div>
                <aside class="panel" aria-label=t::PROFILE_CONTACT>
                    <h2>{t::PROFILE_CONTACT}</h2>
                    <dl class="facts">
                        {(!place.is_empty()).then(|| view! { <dt>{t::PROFILE_ADDRESS}</dt><dd>{place.clone()}</dd> })}
                        {p.email.clone().map(|e| view! { <dt>{t::FIELD_EMAIL}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                        {p.phone.clone().map(|ph| view! { <dt>{t::FIELD_PHONE}</dt><dd>{ph}</dd> })}
                        {p.website.clone().filter(|w| crate::model::is_web_address(w)).map(|w| view! {
                            <dt>{t::PROFILE_WEBSITE}</dt><dd><a href=w.clone() rel="noopener nofollow ugc">{w.clone()}</a></dd>
                        })}
                    </dl>
                    {p.lat.zip(p.lon).map(|(lat, lon)| view! { <StructureMap lat lon/> }.into_any())}
                    {(!p.territories.is_empty()).then(|| view! {
                        <h3>{t::PROFILE_NETWORKS}</h3>
                        <ul>{p.territories.iter().map(|c| view! {
                            <li><a href=format!("/annuaire?reseau={}", c.slug)>{c.name.clone()}</a></li>
                        }).collect_view()}</ul>
                    })}
                </aside>
            </div>
            <div class="columns">
                <section aria-labelledby="profil-besoins">
                    <h2 id="profil-besoins">{t::PROFILE_NEEDS}</h2>
                    {if p.needs.is_empty() { view! { <p class="muted">{t::PROFILE_NO_NEEDS}</p> }.into_any() } else {
                        p.needs.clone().into_iter().map(|post| view! { <PostCardView post/> }).collect_view().into_any()
                    }}
                </section>
                <section aria-labelledby="profil-offres">
                    <h2 id="profil-offres">{t::PROFILE_OFFERS}</h2>
                    {if p.offers.is_empty() { view! { <p class="muted">{t::PROFILE_NO_OFFERS}</p> }.into_any() } else {
                        p.offers.clone().into_iter().map(|post| view! { <PostCardView post/> }).collect_view().into_any()
                    }}
                </section>
            </div>
            <p class="feed-link"><a href=format!("/structures/{}/missions.ics", p.slug) type="text/calendar" rel="external">{t::ICAL_STRUCTURE_LINK}</a></p>
            {(p.viewer_signed_in && !p.viewer_is_member).then(|| {
                let action = ServerAction::<crate::api::Report>::new();
                view! { <ReportForm kind="structure" target_id=p.id action/> }
            })}
            {(!p.resources.is_empty()).then(|| view! {
                <section aria-labelledby="profil-materiel">
                    <h2 id="profil-materiel">{t::PROFILE_RESOURCES}</h2>
                    <ul class="plain-list">
                        {p.resources.iter().map(|(id, name, desc)| view! {
                            <li class="card"><a href=format!("/ressources/{id}")><strong>{name.clone()}</strong></a>
                                {(!desc.is_empty()).then(|| view! { <p class="card-meta">{desc.clone()}</p> })}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </div>
    }
}

/// The small map of a structure's page: its place and what is around, with a link to
/// the big map there. An island: the map is drawn in the browser.
#[island(lazy)]
fn StructureMap(lat: f64, lon: f64) -> impl IntoView {
    use crate::components::map::MapPanel;
    use crate::model::{MapView, PostFilter};
    // Fetched by the browser only, into a plain signal: the server renders the heading
    // and the link, the map appears once hydrated. Not a `LocalResource`: read under the
    // page's Suspense, one makes the server give up and serve the « Chargement… »
    // fallback instead of the whole profile (leptos' Suspense bails out on local
    // resources, which never resolve on the server).
    let settings = RwSignal::new(None::<crate::model::MapSettings>);
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Ok(s) = crate::api::get_map_settings().await {
            settings.set(Some(s));
        }
    });
    let view_here = MapView { lat, lon, zoom: 15 };
    let goto = RwSignal::new(None::<MapView>);
    view! {
        <section class="structure-map" aria-labelledby="profil-carte">
            <h3 id="profil-carte">{t::STRUCTURE_MAP}</h3>
            <div class="structure-map-box">
                {move || settings.get().map(|s| view! {
                    <MapPanel settings=s filter=Signal::stored(PostFilter::default()) initial=view_here goto
                        on_view=|_: (MapView, crate::model::BBox)| {} compact=true/>
                })}
            </div>
            <p><a href=format!("/carte?{}", crate::model::query(&view_here.to_pairs()))>{t::STRUCTURE_MAP_OPEN}</a></p>
        </section>
    }
}
