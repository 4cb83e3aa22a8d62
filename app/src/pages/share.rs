//! The « Coin du partage » list (`/partage`): needs and offers, searched and filtered by a
//! plain GET form whose URL is the shareable view; server-rendered with its data.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::share_list;
use crate::components::commune_search::{CommuneHitList, CommuneHits, commune_hits};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::pagination::Pagination;
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{CommuneHit, Grammar, NearCommune, Params, PostFilter, PostKind, ShareData, ShareSort};

/// The match counts of the listed posts, loaded in the browser.
#[derive(Clone, Copy)]
struct MatchCounts(RwSignal<Vec<(i64, i64)>>);

#[component]
pub fn SharePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| PostFilter::from_params(&Params::from(q), Grammar::LIST)));
    let data = Resource::new(move || filter.get(), share_list);
    // « N ressources correspondent »: counted once the page is shown (in the browser), so
    // the list itself stays as fast as its benchmark. Owned by the page, not by the list's
    // view, which Suspense may render more than once.
    let ids = Memo::new(move |_| {
        data.get().and_then(Result::ok).map(|d| d.items.iter().map(|p| p.id.to_string()).collect::<Vec<_>>().join(",")).unwrap_or_default()
    });
    let counts = LocalResource::new(move || {
        let ids = ids.get();
        async move { if ids.is_empty() { Ok(Vec::new()) } else { crate::api::match_counts(ids).await } }
    });
    // Copied into a plain signal by an effect, which runs in the browser only: a local
    // resource read under the list's Suspense would keep the server waiting, and the
    // page would be served with its « Chargement… » fallback instead of the list.
    let found = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(Ok(c)) = counts.get() {
            found.set(c);
        }
    });
    provide_context(MatchCounts(found));
    // The commune search of the distance order lives here, outside the list's Suspense:
    // state created inside it would be disposed while the server still renders it.
    let place = RwSignal::new(query.with_untracked(|q| q.get("lieu")).unwrap_or_default());
    let places = commune_hits(move || place.get());
    let picker = NearSearch { text: place, results: places };
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
                    Ok(d) => view! { <ShareResults data=d filter=filter.get_untracked() picker/> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ShareResults(data: ShareData, filter: PostFilter, picker: NearSearch) -> impl IntoView {
    let count = if data.more { t::posts_count_at_least(data.total) } else { t::posts_count(data.total) };
    let distances = data.distances_km.clone();
    view! {
        <div class="directory-layout">
            <div>
                <ShareFilters data=data.clone() filter=filter.clone()/>
                <NearPicker filter=filter.clone() near=data.near.clone() search=picker/>
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
                    let counts = expect_context::<MatchCounts>().0;
                    data.items.into_iter().enumerate().map(|(i, post)| {
                        let distance = distances.get(i).copied().flatten().map(t::distance_km);
                        let id = post.id;
                        // A plain closure over the page's resource: nothing owned by this view.
                        let matches: std::sync::Arc<dyn Fn() -> Option<i64> + Send + Sync> = std::sync::Arc::new(move || {
                            counts.with(|c| c.iter().find(|(p, _)| *p == id).map(|(_, n)| *n))
                        });
                        view! { <PostCardView post distance matches=Some(matches)/> }
                    }).collect_view().into_any()
                }}
                <Pagination page=data.page pages=data.pages
                    href=move |n| format!("/partage?{}", filter.with_page(n).to_query())/>
            </section>
        </div>
    }
}

/// The filter form: a plain GET to `/partage`, so the URL is the view.
#[component]
fn ShareFilters(data: ShareData, filter: PostFilter) -> impl IntoView {
    let kind = filter.post_kind();
    // Several categories come from a map link: kept as one choice of the select.
    let several = (filter.categories.len() > 1).then(|| filter.categories.join(","));
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
            <div class="field">
                <label for="partage-categorie">{t::SHARE_CATEGORY}</label>
                <select id="partage-categorie" name="categorie">
                    <option value="">{t::DIRECTORY_ALL}</option>
                    {several.clone().map(|all| view! { <option value=all selected>{t::share_categories_chosen(filter.categories.len())}</option> })}
                    {data.categories.iter().map(|c| view! {
                        <option value=c.slug.clone() selected=filter.categories == [c.slug.clone()]>{c.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
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
            {filter.place.commune.clone().map(|insee| view! { <input type="hidden" name="commune" value=insee/> })}
            {filter.near.clone().map(|insee| view! { <input type="hidden" name="depuis" value=insee/> })}
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

/// The text typed in the commune search of the distance order, and the communes found.
#[derive(Clone, Copy)]
struct NearSearch {
    text: RwSignal<String>,
    results: CommuneHits,
}

/// The commune the distance order starts from: the chosen one (with a link to change
/// it), or a small search. Once hydrated, matching communes appear as you type; before
/// or without JavaScript, the form reloads the list with `lieu=` and the page lists them.
/// Each is a link to the list ordered by distance from it.
#[component]
fn NearPicker(filter: PostFilter, near: Option<NearCommune>, search: NearSearch) -> impl IntoView {
    if let Some(c) = near {
        let without = PostFilter { near: None, sort: None, page: 1, ..filter };
        return view! {
            <p class="panel">
                {t::SHARE_NEAR} " " <strong>{c.name}</strong> " (" {c.postcode} ") · "
                <a href=format!("/partage?{}", without.to_query())>{t::SHARE_NEAR_CHANGE}</a>
            </p>
        }
        .into_any();
    }
    let NearSearch { text: query, results } = search;
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
    .into_any()
}
