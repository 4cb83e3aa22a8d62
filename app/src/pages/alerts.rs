//! « Mes alertes » (`/compte/alertes`): the saved filters mailed at 07:00, and the form
//! that saves a new one (`?nouvelle=<the list's query>`, linked from `/partage`). Plain
//! forms: everything works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{ChangeAlert, ConfirmAlert, CreateAlert, DeleteAlert, SubscribeAlert, current_user, describe_filter, my_alerts};
use crate::components::feedback::{ErrorNote, ErrorNotice, Loading};
use crate::components::form::{FormError, action_error};
use crate::i18n as t;
use crate::model::{AlertFrequency, AlertView, encode};

#[component]
pub fn AlertsPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.read().get("nouvelle");
    let user = Resource::new(|| (), |_| current_user());
    let create = ServerAction::<CreateAlert>::new();
    let subscribe = ServerAction::<SubscribeAlert>::new();
    let change = ServerAction::<ChangeAlert>::new();
    let delete = ServerAction::<DeleteAlert>::new();
    let alerts = Resource::new(move || (change.version().get(), delete.version().get()), |_| my_alerts());
    let described = Resource::new(wanted, |q| async move {
        match q {
            Some(q) => describe_filter(q).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Title text=t::page_title(t::ALERTS_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::ALERTS_TITLE}</h1>
            <p class="muted">{t::ALERTS_INTRO}</p>
            <Suspense fallback=Loading>
                {move || user.get().map(|u| match u {
                    Ok(Some(_)) => view! {
                        {move || described.get().map(|d| match d {
                            Ok(Some(words)) => view! {
                                <NewAlert words query=wanted().unwrap_or_default() create/>
                            }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                        })}
                        {move || alerts.get().map(|r| match r {
                            Ok(list) if list.is_empty() => view! { <p>{t::ALERTS_NONE}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="plain-list">
                                    {list.into_iter().map(|a| view! { <AlertItem a change delete/> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                        })}
                    }.into_any(),
                    Ok(None) => {
                        let back = match wanted() {
                            Some(q) => format!("/compte/alertes?nouvelle={}", encode(&q)),
                            None => "/compte/alertes".to_string(),
                        };
                        view! {
                            {move || described.get().map(|d| match d {
                                Ok(Some(words)) => view! {
                                    <VisitorAlert words query=wanted().unwrap_or_default() subscribe/>
                                }.into_any(),
                                Ok(None) => view! { <p>{t::VISITOR_NO_FILTER}</p> }.into_any(),
                                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                            })}
                            <p>{t::VISITOR_OR_LOGIN}</p>
                            <p><a class="button button-secondary" href=format!("/connexion?suivant={}", encode(&back))>{t::LOGIN_TITLE}</a></p>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn NewAlert(words: String, query: String, create: ServerAction<CreateAlert>) -> impl IntoView {
    let error = action_error(create);
    view! {
        <section class="panel" aria-labelledby="nouvelle-alerte-titre">
            <h2 id="nouvelle-alerte-titre">{t::ALERT_NEW_TITLE}</h2>
            <p><strong>{words}</strong></p>
            <FormError error/>
            <ActionForm action=create>
                <input type="hidden" name="query" value=query/>
                <FrequencyChoice/>
                <label class="choice">
                    <input type="checkbox" name="urgent" value="oui"/>
                    " " {t::ALERT_URGENT}
                </label>
                <button class="button" type="submit">{t::ALERT_CREATE}</button>
            </ActionForm>
        </section>
    }
}

/// Daily (chosen) or weekly.
#[component]
fn FrequencyChoice() -> impl IntoView {
    view! {
        <fieldset class="choice-row">
            <legend>{t::ALERT_FREQUENCY}</legend>
            {AlertFrequency::ALL.iter().map(|f| view! {
                <label class="choice">
                    <input type="radio" name="frequency" value=f.as_str() checked=*f == AlertFrequency::Daily/>
                    " " {f.label()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A visitor's alert: the filter in words, an address and a frequency; nothing is sent
/// before the address is confirmed.
#[component]
fn VisitorAlert(words: String, query: String, subscribe: ServerAction<SubscribeAlert>) -> impl IntoView {
    let error = action_error(subscribe);
    view! {
        <section class="panel" aria-labelledby="alerte-visiteur-titre">
            <h2 id="alerte-visiteur-titre">{t::VISITOR_TITLE}</h2>
            <p><strong>{words}</strong></p>
            <Show when=move || matches!(subscribe.value().get(), Some(Ok(())))>
                <div class="notice" role="status"><p>{t::VISITOR_SENT}</p></div>
            </Show>
            <FormError error/>
            <ActionForm action=subscribe>
                <input type="hidden" name="query" value=query/>
                <div class="field">
                    <label for="alerte-email">{t::VISITOR_EMAIL}</label>
                    <p class="hint" id="alerte-email-aide">{t::VISITOR_HINT}</p>
                    <input id="alerte-email" name="email" type="email" autocomplete="email" required maxlength="254"
                        aria-describedby="alerte-email-aide"/>
                </div>
                <FrequencyChoice/>
                <button class="button" type="submit">{t::VISITOR_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

/// Where a visitor's confirmation link leads: a button (mail scanners open links; only
/// the POST confirms).
#[component]
pub fn ConfirmAlertPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmAlert>::new();
    view! {
        <Title text=t::page_title(t::CONFIRM_ALERT_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::CONFIRM_ALERT_TITLE}</h1>
            {move || match action.value().get() {
                Some(Ok(Some(0))) => view! { <div class="notice" role="status"><p>{t::CONFIRM_ALERT_ALREADY}</p></div> }.into_any(),
                Some(Ok(Some(_))) => view! { <div class="notice" role="status"><p>{t::CONFIRM_ALERT_DONE}</p></div> }.into_any(),
                Some(Ok(None)) => view! { <ErrorNotice message=t::CONFIRM_ALERT_BAD.to_string()/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice message=e.message/> }.into_any(),
                None => view! {
                    <p>{t::CONFIRM_ALERT_ASK}</p>
                    <ActionForm action>
                        <input type="hidden" name="token" value=token/>
                        <button class="button" type="submit">{t::CONFIRM_ALERT_SUBMIT}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn AlertItem(a: AlertView, change: ServerAction<ChangeAlert>, delete: ServerAction<DeleteAlert>) -> impl IntoView {
    let other = match a.frequency {
        AlertFrequency::Daily => AlertFrequency::Weekly,
        AlertFrequency::Weekly => AlertFrequency::Daily,
    };
    let list = if a.query.is_empty() { "/partage".to_string() } else { format!("/partage?{}", a.query) };
    view! {
        <li class="card">
            <p><strong>{a.description.clone()}</strong></p>
            <p class="card-meta">
                {a.frequency.label()} {a.urgent_now.then_some(format!(" · {}", t::ALERT_URGENT_ON))} " · " <a href=list>{t::ALERT_SEE}</a>
            </p>
            <div class="button-row">
                <ActionForm action=change>
                    <input type="hidden" name="id" value=a.id/>
                    <input type="hidden" name="frequency" value=other.as_str()/>
                    <button class="button button-small button-secondary" type="submit">{t::alert_switch(other)}</button>
                </ActionForm>
                <ActionForm action=change>
                    <input type="hidden" name="id" value=a.id/>
                    <input type="hidden" name="urgent" value=if a.urgent_now { "non" } else { "oui" }/>
                    <button class="button button-small button-secondary" type="submit">
                        {if a.urgent_now { t::ALERT_URGENT_DISABLE } else { t::ALERT_URGENT_ENABLE }}
                    </button>
                </ActionForm>
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=a.id/>
                    <button class="button button-small button-danger" type="submit"
                        aria-label=format!("{} : {}", t::ALERT_DELETE, a.description)>{t::ALERT_DELETE}</button>
                </ActionForm>
            </div>
        </li>
    }
}
