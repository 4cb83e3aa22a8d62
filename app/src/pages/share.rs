//! The « Coin du partage » list (`/partage`): needs and offers, searched and filtered by a
//! plain GET form whose URL is the shareable view; server-rendered with its data.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::share_list;
use crate::components::pagination::Pagination;
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{PostFilter, PostKind, ShareData, ShareSort};

#[component]
pub fn SharePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| PostFilter::from_query(|k| q.get(k))));
    let data = Resource::new(move || filter.get(), share_list);
    view! {
        <Title text=t::page_title(t::NAV_SHARE)/>
        <Meta name="description" content=t::SHARE_INTRO/>
        <div class="wrap directory">
            <h1>{t::NAV_SHARE}</h1>
            <p class="lead">{t::SHARE_INTRO}</p>
            <Suspense fallback=|| view! { <p class="muted">{t::LOADING}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(d) => view! { <ShareResults data=d filter=filter.get_untracked()/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ShareResults(data: ShareData, filter: PostFilter) -> impl IntoView {
    let kind = filter.kind;
    view! {
        <div class="directory-layout">
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
                        {data.categories.iter().map(|c| view! {
                            <option value=c.slug.clone() selected=filter.category.as_deref() == Some(c.slug.as_str())>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="partage-reseau">{t::DIRECTORY_TERRITORY}</label>
                    <select id="partage-reseau" name="reseau">
                        <option value="">{t::DIRECTORY_ALL}</option>
                        {data.territories.iter().map(|c| view! {
                            <option value=c.slug.clone() selected=filter.territory.as_deref() == Some(c.slug.as_str())>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="partage-dep">{t::DIRECTORY_DEPARTEMENT}</label>
                    <input id="partage-dep" name="departement" type="text" maxlength="3" class="short"
                        value=filter.departement.clone().unwrap_or_default()/>
                </div>
                {filter.commune.clone().map(|insee| view! { <input type="hidden" name="commune" value=insee/> })}
                <div class="field">
                    <label for="partage-tri">{t::SHARE_SORT}</label>
                    <select id="partage-tri" name="tri">
                        <option value="recent" selected=filter.sort == ShareSort::Recent>{t::SHARE_SORT_RECENT}</option>
                        <option value="urgence" selected=filter.sort == ShareSort::Urgency>{t::SHARE_SORT_URGENCY}</option>
                    </select>
                </div>
                <div class="actions">
                    <button class="button" type="submit">{t::DIRECTORY_APPLY}</button>
                    <a href="/partage">{t::DIRECTORY_RESET}</a>
                </div>
            </form>
            <section aria-labelledby="partage-resultats">
                <h2 id="partage-resultats" aria-live="polite">{t::posts_count(data.total)}</h2>
                {if data.items.is_empty() {
                    view! { <p>{t::SHARE_NONE}</p> }.into_any()
                } else {
                    data.items.into_iter().map(|post| view! { <PostCardView post/> }).collect_view().into_any()
                }}
                <Pagination page=data.page pages=data.pages
                    href=move |n| format!("/partage?{}", filter.with_page(n).to_query())/>
            </section>
        </div>
    }
}
