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
    /// « N ressources correspondent », filled in by the [`MatchCounts`] island around
    /// the list.
    #[prop(optional)]
    match_badge: bool,
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
            {match_badge.then(|| view! { <MatchBadge post_id=post.id need=kind == PostKind::Need/> })}
        </article>
    }
}

/// How many open posts of the other kind match each listed post, asked once the page is
/// shown (`api::match_counts`): an island around the list, whose [`MatchBadge`]s read it.
#[derive(Clone, Copy)]
struct FoundMatches(RwSignal<Vec<(i64, i64)>>);

#[island]
pub fn MatchCounts(ids: Vec<i64>, children: Children) -> impl IntoView {
    let found = RwSignal::new(Vec::new());
    provide_context(FoundMatches(found));
    // Effects run in the browser only: the server sends the list without waiting.
    Effect::new(move |_| {
        let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        leptos::task::spawn_local(async move {
            if let Ok(c) = crate::api::match_counts(ids).await {
                found.set(c);
            }
        });
    });
    children()
}

#[island]
fn MatchBadge(post_id: i64, need: bool) -> impl IntoView {
    let found = use_context::<FoundMatches>().map(|f| f.0);
    let count = move || found.and_then(|f| f.with(|c| c.iter().find(|(p, _)| *p == post_id).map(|(_, n)| *n)));
    move || count().filter(|n| *n > 0).map(|n| view! {
        <p class="card-matches"><a href=format!("/partage/{post_id}#correspondances-titre")>{t::matches_short(n, need)}</a></p>
    })
}
