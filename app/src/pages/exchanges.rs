//! « Mes échanges » (`/compte/echanges`): what is new, my posts with the responses
//! waiting for me, the responses I sent, my upcoming missions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{ReadNotifications, my_exchanges};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{Exchanges, MissionCard};

#[component]
pub fn ExchangesPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::EXCHANGES_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::EXCHANGES_TITLE}</h1>
            <p><a class="button" href="/partage/publier">{t::PUBLISH_LINK}</a></p>
            <RequireUser back_to="/compte/echanges".into() content=move |_| view! { <Loaded/> }/>
        </div>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let read = ServerAction::<ReadNotifications>::new();
    let data = Resource::new(move || read.version().get(), |_| my_exchanges());
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(x) => view! { <Lists x read/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Lists(x: Exchanges, read: ServerAction<ReadNotifications>) -> impl IntoView {
    let Exchanges { posts, responses, missions, notifications } = x;
    let any_unread = notifications.iter().any(|n| n.unread);
    view! {
        <section aria-labelledby="nouveautes-titre">
            <h2 id="nouveautes-titre">{t::EXCHANGES_NOTIFICATIONS}</h2>
            {if notifications.is_empty() {
                view! { <p class="muted">{t::EXCHANGES_NOTIFICATIONS_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {notifications.into_iter().map(|n| { let slot = n.booking_slot(); view! {
                            <li class:unread=n.unread>
                                {n.unread.then(|| view! { <span class="tag tag-urgent">{t::NEW_BADGE}</span> " " })}
                                {n.kind.label()}
                                {n.post_id.zip(n.post_title).map(|(id, title)| view! {
                                    " : " <a href=format!("/partage/{id}")>{title}</a>
                                })}
                                {n.related_post_id.zip(n.related_post_title).map(|(id, title)| view! {
                                    " ↔ " <a href=format!("/partage/{id}")>{title}</a>
                                })}
                                {n.resource_id.zip(n.resource_name.clone()).map(|(id, name)| view! {
                                    " : " <a href=format!("/ressources/{id}")>{name}</a>
                                })}
                                {slot.map(|slot| view! { " — " {t::slot_fr(slot)} })}
                                {n.detail.map(|d| view! { " — " {t::MODERATION_REASON_SHOWN} " " <q>{d}</q> })}
                                {n.structure_id.zip(n.structure_name).map(|(id, name)| view! {
                                    " : « " {n.territory_name.unwrap_or_default()} " » → " {name} " — "
                                    <a href=format!("/compte/structures/{id}")>{t::NETWORK_INVITATION_ANSWER}</a>
                                })}
                                " · " <span class="muted">{t::date_fr(t::paris_date(n.created_at))}</span>
                            </li>
                        }}).collect_view()}
                    </ul>
                    {any_unread.then(|| view! {
                        <ActionForm action=read>
                            <button class="button button-secondary button-small" type="submit">{t::EXCHANGES_READ_ALL}</button>
                        </ActionForm>
                    })}
                }.into_any()
            }}
        </section>
        <section aria-labelledby="mes-annonces-titre">
            <h2 id="mes-annonces-titre">{t::EXCHANGES_MY_POSTS}</h2>
            {if posts.is_empty() {
                view! { <p class="muted">{t::EXCHANGES_MY_POSTS_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {posts.into_iter().map(|p| view! {
                            <li>
                                <span class="tag tag-category">{p.kind.label()}</span> " "
                                <a href=format!("/partage/{}", p.id)>{p.title}</a>
                                {p.structure_name.map(|s| view! { " (" {s} ")" })}
                                " · " {p.status.label()}
                                {(p.pending_responses > 0).then(|| view! { " · " <strong>{t::pending_responses(p.pending_responses)}</strong> })}
                                {(p.matches > 0).then(|| view! {
                                    " · " <a href=format!("/partage/{}#correspondances-titre", p.id)>{t::matches_short(p.matches, p.kind == crate::model::PostKind::Need)}</a>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="mes-reponses-titre">
            <h2 id="mes-reponses-titre">{t::EXCHANGES_MY_RESPONSES}</h2>
            {if responses.is_empty() {
                view! { <p class="muted">{t::EXCHANGES_MY_RESPONSES_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {responses.into_iter().map(|r| view! {
                            <li>
                                <a href=format!("/partage/{}", r.post_id)>{r.post_title}</a>
                                " · " <span class=format!("tag tag-reply-{}", r.status.as_str())>{r.status.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!missions.is_empty()).then(|| view! {
            <section aria-labelledby="mes-missions-titre">
                <h2 id="mes-missions-titre">{t::VOLUNTEER_MINE}</h2>
                <MissionList missions/>
            </section>
        })}
    }
}

/// Missions as a list: date and time, title, who, where, places left.
#[component]
pub fn MissionList(missions: Vec<MissionCard>) -> impl IntoView {
    view! {
        <ul class="cards">
            {missions.into_iter().map(|m| {
                let when = match (m.starts_on, m.mission_time) {
                    (Some(d), Some(h)) => format!("{} · {}", t::date_fr(d), h.format("%H h %M")),
                    (Some(d), None) => t::date_fr(d),
                    _ => String::new(),
                };
                let places = m.volunteers_needed.map(|n| t::volunteers_left(n, m.volunteers_signed));
                view! {
                    <li>
                        <article class="card mission-card">
                            <p class="card-tags"><span class="tag tag-need">{when}</span></p>
                            <h3 class="card-title"><a href=format!("/partage/{}", m.id)>{m.title}</a></h3>
                            <p class="card-meta">
                                {m.structure_name.unwrap_or_else(|| t::BY_INDIVIDUAL.to_string())}
                                {m.commune_name.map(|c| view! { " · " {c} })}
                            </p>
                            {places.map(|p| view! { <p><strong>{p}</strong></p> })}
                        </article>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
