//! Communes found as you type (offline lookup): the resource that asks for them, the
//! list that shows them (home, the list's distance order, the map's « aller à »), the
//! suggestions of a commune field (publish and structure forms), and the home page's
//! search. Interactive once hydrated; without JavaScript each form still submits.

use leptos::prelude::*;

use crate::api::search_communes;
use crate::components::feedback::ErrorNote;
use crate::error::AppError;
use crate::i18n as t;
use crate::model::CommuneHit;

/// What the lookup found, `None` while it runs.
pub type CommuneHits = Resource<Result<Vec<CommuneHit>, AppError>>;

/// Below two characters a word matches too much to help: nothing is asked.
fn worth_asking(typed: &str) -> bool {
    typed.trim().chars().count() >= 2
}

/// The communes matching what `typed` returns, asked again whenever it changes.
pub fn commune_hits(typed: impl Fn() -> String + Send + Sync + 'static) -> CommuneHits {
    Resource::new(typed, |q| async move { if worth_asking(&q) { search_communes(q).await } else { Ok(Vec::new()) } })
}

/// The communes found for `typed`, each shown by `pick` (a link or a button to it) with
/// its postcode and département; « no commune » once there was something to look for.
#[component]
pub fn CommuneHitList<F, V>(typed: RwSignal<String>, hits: CommuneHits, pick: F) -> impl IntoView
where
    F: Fn(CommuneHit) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| ()>
            {move || hits.get().map(|r| match r {
                Ok(list) if list.is_empty() && typed.with(|q| worth_asking(q)) =>
                    view! { <p class="muted">{t::HOME_COMMUNE_NO_RESULT}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="commune-list">
                        {list.into_iter().map(|c| {
                            let (postcode, departement) = (c.postcode.clone(), c.departement.clone());
                            view! {
                                <li>
                                    {pick.clone()(c)}
                                    <span class="muted">" " {postcode} " · dép. " {departement}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Transition>
    }
}

/// The suggestions of a commune field (`list="communes-proposees"`): « Nom (code postal) ».
#[component]
pub fn CommuneDatalist(hits: CommuneHits) -> impl IntoView {
    view! {
        <datalist id="communes-proposees">
            <Transition fallback=|| ()>
                {move || hits.get().and_then(Result::ok).map(|list| list.into_iter().map(|c| view! {
                    <option value=format!("{} ({})", c.name, c.postcode)></option>
                }).collect_view())}
            </Transition>
        </datalist>
    }
}

/// The home page's search: matching communes link to the directory around them.
#[island]
pub fn CommuneSearch() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = commune_hits(move || query.get());
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
                <CommuneHitList typed=query hits=results
                    pick=|c: CommuneHit| view! { <a href=format!("/annuaire?commune={}", c.insee)>{c.name}</a> }/>
            </div>
        </form>
    }
}
