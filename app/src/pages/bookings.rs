//! « Réservations » (`/reservations`): my bookings and those of our resources, with the
//! requests waiting for an answer. Plain forms: accept, decline (with a reason), cancel.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AnswerBooking, CancelBooking, DecideBooking, RevokeBookingFeed, booking_answer_link, my_bookings};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{BookingLine, BookingStatus, pooling::BOOKING_REASON_MAX};

#[component]
pub fn MyBookingsPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::BOOKINGS_TITLE)/>
        <div class="wrap">
            <h1>{t::BOOKINGS_TITLE}</h1>
            <RequireUser back_to="/reservations".into() content=|_| view! { <MyBookingsLists/> }/>
        </div>
    }
}

#[component]
fn MyBookingsLists() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_bookings());
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(d) => view! {
                    <section aria-labelledby="reservations-miennes">
                        <h2 id="reservations-miennes">{t::BOOKINGS_MINE}</h2>
                        <BookingLines lines=d.mine owner_side=false/>
                        <p><a href="/ressources">{t::RESOURCES_TITLE}</a></p>
                    </section>
                    <section aria-labelledby="reservations-nos-ressources">
                        <h2 id="reservations-nos-ressources">{t::BOOKINGS_OF_OURS}</h2>
                        <BookingLines lines=d.of_ours owner_side=true/>
                    </section>
                    {d.feeds.into_iter().map(|(id, name, url)| view! {
                        <h3>{name}</h3>
                        <FeedLink url resource_id=None structure_id=Some(id)/>
                    }).collect_view()}
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

/// Bookings as a list; `owner_side` names the borrower, else the owner.
#[component]
pub fn BookingLines(lines: Vec<BookingLine>, owner_side: bool) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">{t::BOOKINGS_NONE}</p> }.into_any();
    }
    let decide = ServerAction::<DecideBooking>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    view! {
        <ul class="plain-list bookings">
            {lines.into_iter().map(|b| {
                let who = if owner_side { b.borrower.clone() } else { b.owner_name.clone() };
                let status = if b.status == BookingStatus::Confirmed && b.done(chrono::Utc::now()) { t::BOOKING_DONE } else { b.status.label() };
                // The word says the state; the colour only repeats it.
                let status_class = match b.status {
                    BookingStatus::Confirmed => "badge badge-ok",
                    BookingStatus::Requested => "badge badge-waiting",
                    _ => "badge badge-neutral",
                };
                let id = b.id.to_string();
                let (id_accept, id_decline, id2) = (id.clone(), id.clone(), id);
                let reason_id = format!("raison-{}", b.id);
                view! {
                    <li class="card booking">
                        <p><a href=format!("/ressources/{}", b.resource_id)><strong>{b.resource_name.clone()}</strong></a>
                            " — " {t::slot_fr(b.slot)}</p>
                        <p class="card-meta"><span class=status_class>{status}</span> " · " {who}
                            {b.hold_until.map(|h| view! { " · " {t::hold_until_fr(h)} })}</p>
                        {b.note.clone().map(|n| view! { <p class="prewrap">{n}</p> })}
                        {b.reason.clone().map(|r| view! { <p class="muted">{t::BOOKING_REASON_LABEL} " : " {r}</p> })}
                        {b.may_decide.then(|| view! {
                            <div class="actions">
                                <ActionForm action=decide>
                                    <input type="hidden" name="id" value=id_accept/>
                                    <input type="hidden" name="decision" value="accept"/>
                                    <button class="button" type="submit">{t::BOOKING_ACCEPT}</button>
                                </ActionForm>
                                <ActionForm action=decide>
                                    <input type="hidden" name="id" value=id_decline/>
                                    <input type="hidden" name="decision" value="decline"/>
                                    <label for=reason_id.clone()>{t::FIELD_BOOKING_REASON}</label>
                                    <input id=reason_id.clone() name="reason" type="text" maxlength=BOOKING_REASON_MAX/>
                                    <button class="button button-secondary" type="submit">{t::BOOKING_DECLINE}</button>
                                </ActionForm>
                            </div>
                        })}
                        {b.may_cancel.then(|| view! {
                            <ActionForm action=cancel>
                                <input type="hidden" name="id" value=id2/>
                                <button class="button button-secondary button-small" type="submit">{t::BOOKING_CANCEL}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// `/reservations/reponse/{jeton}`: the owner's link from the request's mail. Its GET
/// only shows the request and a button; the button's POST answers (a link opened by a
/// mail scanner changes nothing).
#[component]
pub fn BookingAnswerPage() -> impl IntoView {
    crate::components::form::provide_refused_form();
    let params = leptos_router::hooks::use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let t2 = token.clone();
    let data = Resource::new(move || t2.clone(), booking_answer_link);
    let action = ServerAction::<AnswerBooking>::new();
    view! {
        <Title text=t::page_title(t::BOOKING_ANSWER_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::BOOKING_ANSWER_TITLE}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(Some(v)) => {
                        let token = token.clone();
                        view! {
                            <p><a href=format!("/ressources/{}", v.resource_id)><strong>{v.resource_name.clone()}</strong></a>
                                " — " {t::slot_fr(v.slot)}</p>
                            <p>{v.borrower.clone()}</p>
                            {v.note.clone().map(|n| view! { <p class="prewrap">{n}</p> })}
                            <ActionForm action>
                                <input type="hidden" name="token" value=token/>
                                {(!v.accept).then(|| view! {
                                    <div class="field">
                                        <label for="reponse-raison">{t::FIELD_BOOKING_REASON}</label>
                                        <input id="reponse-raison" name="reason" type="text" maxlength=BOOKING_REASON_MAX/>
                                    </div>
                                })}
                                <button class="button" type="submit">
                                    {if v.accept { t::BOOKING_ANSWER_ACCEPT } else { t::BOOKING_ANSWER_DECLINE }}
                                </button>
                            </ActionForm>
                        }.into_any()
                    }
                    Ok(None) => view! { <p>{t::BOOKING_ANSWER_INVALID}</p> <p><a href="/reservations">{t::BOOKINGS_TITLE}</a></p> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// A secret calendar feed's address, and « révoquer » (a plain form).
#[component]
pub fn FeedLink(url: String, resource_id: Option<i64>, structure_id: Option<i64>) -> impl IntoView {
    let action = ServerAction::<RevokeBookingFeed>::new();
    view! {
        <section class="feed-link panel" aria-label=t::FEED_TITLE>
            <p><strong>{t::FEED_TITLE}</strong></p>
            <p class="muted">{t::FEED_INTRO}</p>
            <p><a href=url.clone() type="text/calendar" rel="nofollow">{url.clone()}</a></p>
            <ActionForm action>
                {resource_id.map(|id| view! { <input type="hidden" name="resource_id" value=id.to_string()/> })}
                {structure_id.map(|id| view! { <input type="hidden" name="structure_id" value=id.to_string()/> })}
                <button class="button button-secondary button-small" type="submit">{t::FEED_REVOKE}</button>
            </ActionForm>
        </section>
    }
}
