use leptos::prelude::*;

use crate::i18n as t;
use crate::model::{PostCard, PostKind, Urgency};

/// One need or offer in a list. Kind and urgency are spelled out, never colour alone.
#[component]
pub fn PostCardView(
    post: PostCard,
    /// « à 12 km » when the list is ordered by distance.
    #[prop(default = None)]
    distance: Option<String>,
    /// How many open posts of the other kind match (loaded after the page, see
    /// `match_counts`); `None` while unknown.
    #[prop(default = None)]
    matches: Option<std::sync::Arc<dyn Fn() -> Option<i64> + Send + Sync>>,
) -> impl IntoView {
    let kind = post.kind;
    let kind_class = match post.kind {
        PostKind::Need => "tag tag-need",
        PostKind::Offer => "tag tag-offer",
    };
    let by = post.structure_name.clone().unwrap_or_else(|| t::BY_INDIVIDUAL.to_string());
    let by_link = post.structure_slug.clone().map(|s| format!("/structures/{s}"));
    let date = post.published_at.map(|d| t::date_fr(t::paris_date(d)));
    view! {
        <article class="card post-card">
            <p class="card-tags">
                <span class=kind_class>{post.kind.label()}</span>
                <span class="tag tag-category">{post.category_name.clone()}</span>
                {(post.urgency == Urgency::High).then(|| view! { <span class="tag tag-urgent">{t::URGENCY_HIGH}</span> })}
            </p>
            <h3 class="card-title"><a href=format!("/partage/{}", post.id)>{post.title.clone()}</a></h3>
            <p class="card-meta">
                {match by_link {
                    Some(href) => view! { <a href=href>{by}</a> }.into_any(),
                    None => view! { <span>{by}</span> }.into_any(),
                }}
                {post.commune_name.clone().map(|c| view! { " · " <span>{c}</span> })}
                {date.map(|d| view! { " · " <span>{t::PUBLISHED_ON} " " {d}</span> })}
                {distance.map(|d| view! { " · " <strong class="distance">{d}</strong> })}
            </p>
            {matches.map(|m| move || m().filter(|n| *n > 0).map(|n| view! {
                <p class="card-matches"><a href=format!("/partage/{}#correspondances-titre", post.id)>{t::matches_short(n, kind == PostKind::Need)}</a></p>
            }))}
        </article>
    }
}
