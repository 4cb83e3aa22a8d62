//! A need's or an offer's public page (`/partage/{id}`), server-rendered.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::api::public_post;
use crate::i18n as t;
use crate::model::{PostDetail, PostKind, Urgency};
use crate::pages::not_found::NotFound;

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let post = Resource::new(id, public_post);
    view! {
        <Suspense fallback=|| view! { <div class="wrap"><p class="muted">{t::LOADING}</p></div> }>
            {move || post.get().map(|r| match r {
                Ok(Some(p)) => view! { <Detail p/> }.into_any(),
                Ok(None) => view! { <NotFound/> }.into_any(),
                Err(e) => view! { <div class="wrap"><p class="error" role="alert">{e.message}</p></div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Detail(p: PostDetail) -> impl IntoView {
    let kind_class = match p.kind {
        PostKind::Need => "tag tag-need",
        PostKind::Offer => "tag tag-offer",
    };
    let period = match (p.starts_on, p.ends_on) {
        (None, None) => t::PERIOD_ONGOING.to_string(),
        (Some(a), None) => format!("{} {}", t::PERIOD_FROM, t::date_fr(a)),
        (None, Some(b)) => format!("{} {}", t::PERIOD_UNTIL, t::date_fr(b)),
        (Some(a), Some(b)) if a == b => t::date_fr(a),
        (Some(a), Some(b)) => format!("{} {} {} {}", t::PERIOD_FROM, t::date_fr(a), t::PERIOD_TO, t::date_fr(b)),
    };
    let place = [p.address.clone(), p.commune_name.clone().map(|c| match &p.departement {
        Some(d) => format!("{c} ({d})"),
        None => c,
    })]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let volunteers = p.volunteers_needed.map(|n| t::volunteers_left(n, p.volunteers_signed));
    let summary: String = p.description.chars().take(160).collect();
    view! {
        <Title text=t::page_title(&p.title)/>
        <Meta name="description" content=summary/>
        <div class="wrap narrow post-page">
            <p><a href="/partage">{t::BACK_TO_SHARE}</a></p>
            <p class="card-tags">
                <span class=kind_class>{p.kind.label()}</span>
                <span class="tag tag-category">{p.category_name.clone()}</span>
                {(p.urgency == Urgency::High).then(|| view! { <span class="tag tag-urgent">{t::URGENCY_HIGH}</span> })}
                <span class="tag tag-category">{p.status.label()}</span>
            </p>
            <h1>{p.title.clone()}</h1>
            <p class="card-meta">
                {match (p.structure_name.clone(), p.structure_slug.clone()) {
                    (Some(n), Some(s)) => view! { <a href=format!("/structures/{s}")>{n}</a> }.into_any(),
                    _ => view! { <span>{t::BY_INDIVIDUAL}</span> }.into_any(),
                }}
                {p.published_at.map(|d| view! { " · " {t::PUBLISHED_ON} " " {t::date_fr(t::paris_date(d))} })}
            </p>
            <p class="pre-line">{p.description.clone()}</p>
            <dl class="facts">
                {p.quantity.clone().map(|q| view! { <dt>{t::POST_QUANTITY}</dt><dd>{q}</dd> })}
                <dt>{t::POST_PERIOD}</dt><dd>{period}</dd>
                {p.mission_time.map(|h| view! { <dt>{t::POST_TIME}</dt><dd>{h.format("%H h %M").to_string()}</dd> })}
                {volunteers.map(|v| view! { <dt>{t::POST_VOLUNTEERS}</dt><dd>{v}</dd> })}
                {(!place.is_empty()).then(|| view! { <dt>{t::POST_PLACE}</dt><dd>{place}</dd> })}
                {p.expires_at.map(|d| view! { <dt>{t::POST_EXPIRES}</dt><dd>{t::date_fr(t::paris_date(d))}</dd> })}
            </dl>
        </div>
    }
}
