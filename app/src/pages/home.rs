use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::get_home;
use crate::components::commune_search::CommuneSearch;
use crate::components::feedback::Loading;
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{HomeData, PostCard};

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Title text=format!("{} — {}", t::SITE_NAME, t::TAGLINE)/>
        <section class="hero">
            <div class="wrap">
                <h1>{t::HOME_TITLE}</h1>
                <p class="lead">{t::HOME_INTRO}</p>
                <p class="hero-actions">
                    <a class="button" href="/partage/publier">{t::HOME_CTA_PUBLISH}</a>
                    <a class="button button-secondary" href="/partage">{t::HOME_CTA_BROWSE}</a>
                </p>
            </div>
        </section>
        <div class="wrap">
            <Suspense fallback=Loading>
                <ErrorBoundary fallback=crate::pages::not_found::error_list>
                    {move || home.get().map(|r| r.map(|data| view! { <HomeContent data/> }))}
                </ErrorBoundary>
            </Suspense>
            <section class="panel" aria-labelledby="commune-q">
                <CommuneSearch/>
            </section>
        </div>
    }
}

#[component]
fn HomeContent(data: HomeData) -> impl IntoView {
    let s = data.stats;
    view! {
        <section aria-label=t::HOME_STATS_LABEL>
            <ul class="stats">
                <li><strong data-stat="structures">{s.structures}</strong> " " {t::STAT_STRUCTURES}</li>
                <li><strong data-stat="needs">{s.open_needs}</strong> " " {t::STAT_OPEN_NEEDS}</li>
                <li><strong data-stat="offers">{s.open_offers}</strong> " " {t::STAT_OPEN_OFFERS}</li>
                <li><strong data-stat="communes">{s.communes}</strong> " " {t::STAT_COMMUNES}</li>
            </ul>
        </section>
        <div class="columns">
            <PostList title=t::HOME_LATEST_NEEDS id="derniers-besoins" posts=data.latest_needs/>
            <PostList title=t::HOME_LATEST_OFFERS id="dernieres-ressources" posts=data.latest_offers/>
        </div>
    }
}

#[component]
fn PostList(title: &'static str, id: &'static str, posts: Vec<PostCard>) -> impl IntoView {
    view! {
        <section class="post-list" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {if posts.is_empty() {
                view! { <p class="muted">{t::HOME_NONE_YET}</p> }.into_any()
            } else {
                posts.into_iter().map(|post| view! { <PostCardView post/> }).collect_view().into_any()
            }}
        </section>
    }
}
