//! Type a commune name or postcode, see matching communes as you type (offline lookup).
//! Interactive once hydrated; without JavaScript the form submits to the directory.

use leptos::prelude::*;

use crate::api::search_communes;
use crate::i18n as t;

#[component]
pub fn CommuneSearch() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().chars().count() < 2 { Ok(Vec::new()) } else { search_communes(q).await }
        },
    );
    view! {
        <form class="commune-search" role="search" action="/annuaire" method="get"
            on:submit=move |ev| ev.prevent_default()>
            <label for="commune-q">{t::HOME_COMMUNE_SEARCH}</label>
            <p class="hint" id="commune-q-hint">{t::HOME_COMMUNE_SEARCH_HINT}</p>
            <input id="commune-q" name="commune" type="search" autocomplete="off" maxlength="100"
                aria-describedby="commune-q-hint" aria-controls="commune-results"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev)) />
            <div id="commune-results" aria-live="polite">
                <Transition fallback=|| ()>
                    {move || results.get().map(|r| match r {
                        Ok(list) if list.is_empty() && query.with(|q| q.trim().chars().count() >= 2) =>
                            view! { <p class="muted">{t::HOME_COMMUNE_NO_RESULT}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="commune-list">
                                {list.into_iter().map(|c| view! {
                                    <li>
                                        <a href=format!("/annuaire?commune={}", c.insee)>{c.name}</a>
                                        <span class="muted">" " {c.postcode} " · dép. " {c.departement}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    })}
                </Transition>
            </div>
        </form>
    }
}
