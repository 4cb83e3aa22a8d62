//! The « Coin du partage » list (`/partage`): needs and offers, searched and filtered by a
//! plain GET form whose URL is the shareable view; server-rendered with its data.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::share_list;
use crate::components::commune_search::{CommuneHitList, commune_hits};
use crate::components::post_card::MatchCounts;
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::pagination::Pagination;
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{CommuneHit, Grammar, NearCommune, Params, PostFilter, PostKind, ShareData, ShareSort};

#[component]
pub fn SharePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| PostFilter::from_params(&Params::from(q), Grammar::LIST)));
    let data = Resource::new(move || filter.get(), share_list);
    let typed = query.with_untracked(|q| q.get("lieu")).unwrap_or_default();
    view! {
        <Title text=t::page_title(t::NAV_SHARE)/>
        <Meta name="description" content=t::SHARE_INTRO/>
        <div class="wrap directory">
            <h1>{t::NAV_SHARE}</h1>
            <p class="lead">{t::SHARE_INTRO}</p>
            <p class="button-row">
                <a class="button" href="/partage/publier">{t::PUBLISH_LINK}</a>
                <a class="button button-secondary" href="/benevolat">{t::VOLUNTEER_TITLE}</a>
            </p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(d) => view! { <ShareResults data=d filter=filter.get_untracked() typed=typed.clone()/> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ShareResults(data: ShareData, filter: PostFilter, typed: String) -> impl IntoView {
    let count = if data.more { t::posts_count_at_least(data.total) } else { t::posts_count(data.total) };
    let distances = data.distances_km.clone();
    // The same list as a feed (newest first): announced in the head, and shown.
    let feed_query = PostFilter { page: 1, ..filter.clone() }.to_query();
    let feed = if feed_query.is_empty() { "/partage.atom".to_string() } else { format!("/partage.atom?{feed_query}") };
    view! {
        <leptos_meta::Link rel="alternate" type_="application/atom+xml" title=t::ATOM_LINK href=feed.clone()/>
        <div class="directory-layout">
            <div>
                <ShareFilters data=data.clone() filter=filter.clone()/>
                <NearPicker filter=filter.clone() near=data.near.clone() typed/>
            </div>
            <section aria-labelledby="partage-resultats">
                <h2 id="partage-resultats" aria-live="polite">{count}</h2>
                {data.more.then(|| view! { <p class="hint">{t::SHARE_MORE_HINT}</p> })}
                {data.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                {filter.bbox.is_some().then(|| {
                    let whole = PostFilter { bbox: None, page: 1, ..filter.clone() };
                    view! {
                        <p class="notice">{t::SHARE_IN_ZONE} " " <a href=format!("/partage?{}", whole.to_query())>{t::SHARE_ZONE_REMOVE}</a></p>
                    }
                })}
                {if data.items.is_empty() {
                    view! { <p>{t::SHARE_NONE}</p> }.into_any()
                } else {
                    // « N ressources correspondent »: counted once the page is shown (in the
                    // browser, by the island around the list), so the list itself stays as
                    // fast as its benchmark.
                    let ids: Vec<i64> = data.items.iter().map(|p| p.id).collect();
                    let cards = data.items.into_iter().enumerate().map(|(i, post)| {
                        let distance = distances.get(i).copied().flatten().map(t::distance_km);
                        view! { <PostCardView post distance match_badge=true/> }
                    }).collect_view();
                    view! { <MatchCounts ids>{cards}</MatchCounts> }.into_any()
                }}
                <Pagination page=data.page pages=data.pages
                    href=move |n| format!("/partage?{}", filter.with_page(n).to_query())/>
                <p class="feed-link">
                    <a href=format!("/compte/alertes?nouvelle={}", crate::model::encode(&feed_query))>{t::ALERT_CREATE_LINK}</a>
                    " · " <a href=feed type="application/atom+xml" rel="external">{t::ATOM_LINK}</a>
                </p>
            </section>
        </div>
    }
}

/// The filter form: a plain GET to `/partage`, so the URL is the view.
#[component]
fn ShareFilters(data: ShareData, filter: PostFilter) -> impl IntoView {
    let kind = filter.post_kind();
    let sort = data.sort;
    let has_words = !filter.words().is_empty();
    view! {
        <form class="filters panel" method="get" action="/partage" role="search" aria-label=t::DIRECTORY_FILTERS>
            <div class="field">
                <label for="partage-q">{t::DIRECTORY_SEARCH}</label>
                <p class="hint" id="partage-q-aide">{t::SHARE_SEARCH_HINT}</p>
                <input id="partage-q" name="q" type="search" maxlength="100" value=filter.q.clone()
                    aria-describedby="partage-q-aide"/>
            </div>
            <fieldset>
                <legend>{t::SHARE_KIND}</legend>
                <label class="choice"><input type="radio" name="type" value="" checked=kind.is_none()/> {t::SHARE_KIND_ALL}</label>
                <label class="choice"><input type="radio" name="type" value="besoin" checked=kind == Some(PostKind::Need)/> {t::SHARE_KIND_NEEDS}</label>
                <label class="choice"><input type="radio" name="type" value="ressource" checked=kind == Some(PostKind::Offer)/> {t::SHARE_KIND_OFFERS}</label>
            </fieldset>
            <fieldset>
                <legend>{t::SHARE_CATEGORY}</legend>
                <p class="hint">{t::SHARE_CATEGORY_HINT}</p>
                {data.categories.iter().map(|c| view! {
                    <label class="choice">
                        <input type="checkbox" name="categorie" value=c.slug.clone() checked=filter.categories.contains(&c.slug)/>
                        " " {c.name.clone()}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="partage-reseau">{t::DIRECTORY_TERRITORY}</label>
                <select id="partage-reseau" name="reseau">
                    <option value="">{t::DIRECTORY_ALL}</option>
                    {data.territories.iter().map(|c| view! {
                        <option value=c.slug.clone() selected=filter.place.territory.as_deref() == Some(c.slug.as_str())>{c.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="partage-dep">{t::DIRECTORY_DEPARTEMENT}</label>
                <input id="partage-dep" name="departement" type="text" maxlength="3" class="short"
                    value=filter.place.departement.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="partage-depuis">{t::SHARE_SINCE}</label>
                <input id="partage-depuis" name="depuis" type="date"
                    value=filter.since.map(crate::model::day_param).unwrap_or_default()/>
            </div>
            {filter.place.commune.clone().map(|insee| view! { <input type="hidden" name="commune" value=insee/> })}
            {filter.radius_km.map(|km| view! { <input type="hidden" name="rayon" value=km.to_string()/> })}
            {filter.near.clone().map(|insee| view! { <input type="hidden" name="pres" value=insee/> })}
            {filter.bbox.map(|b| view! { <input type="hidden" name="bbox" value=b.to_param()/> })}
            <div class="field">
                <label for="partage-tri">{t::SHARE_SORT}</label>
                <select id="partage-tri" name="tri">
                    {has_words.then(|| view! {
                        <option value="pertinence" selected=sort == ShareSort::Relevance>{t::SHARE_SORT_RELEVANCE}</option>
                    })}
                    <option value="recent" selected=sort == ShareSort::Recent>{t::SHARE_SORT_RECENT}</option>
                    <option value="urgence" selected=sort == ShareSort::Urgency>{t::SHARE_SORT_URGENCY}</option>
                    <option value="distance" selected=sort == ShareSort::Distance>{t::SHARE_SORT_DISTANCE}</option>
                </select>
            </div>
            <div class="actions">
                <button class="button" type="submit">{t::DIRECTORY_APPLY}</button>
                <a href="/partage">{t::DIRECTORY_RESET}</a>
            </div>
        </form>
    }
    .into_any()
}

/// The commune the distance order starts from: the chosen one (with a link to change
/// it), or a small search.
#[component]
fn NearPicker(filter: PostFilter, near: Option<NearCommune>, typed: String) -> impl IntoView {
    let Some(c) = near else {
        return view! { <NearSearch filter typed/> }.into_any();
    };
    let by_distance = filter.effective_sort() == ShareSort::Distance;
    let radius = filter.radius_km;
    // Changing the commune drops the order and the radius that came with it.
    let without = PostFilter { near: None, sort: None, radius_km: None, page: 1, ..filter.clone() };
    let without = match radius {
        Some(_) => PostFilter { place: crate::model::Place { commune: None, ..without.place.clone() }, ..without },
        None => without,
    };
    // The radius form keeps the rest of the filter and centres on this commune.
    let kept: Vec<(&'static str, String)> =
        PostFilter { radius_km: None, page: 1, place: crate::model::Place { commune: None, ..filter.place.clone() }, ..filter.clone() }
            .to_pairs();
    let no_radius = PostFilter { radius_km: None, place: crate::model::Place { commune: None, ..filter.place.clone() }, page: 1, ..filter };
    view! {
        <div class="panel">
            <p>
                {if by_distance { t::SHARE_NEAR } else { t::SHARE_AROUND }} " " <strong>{c.name}</strong> " (" {c.postcode} ") · "
                <a href=format!("/partage?{}", without.to_query())>{t::SHARE_NEAR_CHANGE}</a>
            </p>
            <form method="get" action="/partage" class="radius-form">
                {kept.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <input type="hidden" name="commune" value=c.insee.clone()/>
                <label for="partage-rayon">{t::SHARE_RADIUS}</label>
                " "
                <select id="partage-rayon" name="rayon">
                    {crate::model::RADIUS_CHOICES.iter().map(|km| view! {
                        <option value=km.to_string() selected=radius == Some(*km)>{t::radius_km(*km)}</option>
                    }).collect_view()}
                </select>
                " "
                <button class="button button-secondary" type="submit">{t::DIRECTORY_APPLY}</button>
            </form>
            {radius.map(|_| view! { <p><a href=format!("/partage?{}", no_radius.to_query())>{t::SHARE_RADIUS_REMOVE}</a></p> })}
        </div>
    }
    .into_any()
}

/// The search of the distance order's commune. Once hydrated, matching communes appear
/// as you type; before or without JavaScript, the form reloads the list with `lieu=` and
/// the page lists them. Each is a link to the list ordered by distance from it.
#[island]
fn NearSearch(filter: PostFilter, typed: String) -> impl IntoView {
    let query = RwSignal::new(typed);
    let results = commune_hits(move || query.get());
    let kept: Vec<(&'static str, String)> =
        PostFilter { near: None, sort: None, page: 1, ..filter.clone() }.to_pairs();
    view! {
        <form class="panel commune-search" method="get" action="/partage" role="search" aria-label=t::SHARE_NEAR>
            {kept.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <input type="hidden" name="tri" value="distance"/>
            <label for="partage-lieu">{t::SHARE_NEAR}</label>
            <p class="hint" id="partage-lieu-aide">{t::SHARE_NEAR_HINT}</p>
            <input id="partage-lieu" name="lieu" type="search" autocomplete="off" maxlength="100"
                aria-describedby="partage-lieu-aide" aria-controls="partage-lieux"
                prop:value=move || query.get() value=query.get_untracked()
                on:input=move |ev| query.set(event_target_value(&ev))/>
            <button class="button" type="submit">{t::DIRECTORY_APPLY}</button>
            <div id="partage-lieux" aria-live="polite">
                <CommuneHitList typed=query hits=results pick=move |c: CommuneHit| {
                    let to = PostFilter { near: Some(c.insee.clone()), sort: Some(ShareSort::Distance), page: 1, ..filter.clone() };
                    view! { <a href=format!("/partage?{}", to.to_query())>{c.name}</a> }
                }/>
            </div>
        </form>
    }
}
