//! `/fraicheur?choix=a-jour|a-modifier|archiver&jeton=…`: the page a freshness reminder's
//! links open. The link only shows the choice; a button confirms it (mail scanners open
//! links, they do not press buttons).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AnswerFreshness, freshness_link};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::i18n as t;

#[component]
pub fn FreshnessPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    let choice = move || query.with(|q| q.get("choix").unwrap_or_default());
    let found = Resource::new(token, freshness_link);
    let answer = ServerAction::<AnswerFreshness>::new();
    let error = action_error(answer);
    view! {
        <Title text=t::page_title(t::FRESHNESS_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::FRESHNESS_TITLE}</h1>
            <FormError error/>
            <Suspense fallback=Loading>
                {move || found.get().map(|r| match r {
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                    Ok((id, name, slug)) => {
                        let choice = choice();
                        if let Some(Ok(next)) = answer.value().get() {
                            return view! {
                                <p role="status">{t::FRESHNESS_THANKS}</p>
                                <p><a class="button" href=next>{t::FRESHNESS_CONTINUE}</a></p>
                            }.into_any();
                        }
                        let (text, button) = match choice.as_str() {
                            "a-jour" => (t::FRESHNESS_UP_TO_DATE, Some(t::FRESHNESS_CONFIRM_UP_TO_DATE)),
                            "archiver" => (t::FRESHNESS_ARCHIVE, Some(t::FRESHNESS_CONFIRM_ARCHIVE)),
                            _ => (t::FRESHNESS_TO_EDIT, None),
                        };
                        view! {
                            <p><strong><a href=format!("/structures/{slug}")>{name}</a></strong></p>
                            <p>{text}</p>
                            {match button {
                                Some(label) => view! {
                                    <ActionForm action=answer>
                                        <input type="hidden" name="token" value=token()/>
                                        <input type="hidden" name="choice" value=choice.clone()/>
                                        <button class="button" type="submit">{label}</button>
                                    </ActionForm>
                                }.into_any(),
                                None => view! {
                                    <p><a class="button" href=format!("/connexion?suivant=/compte/structures/{id}/fiche")>{t::FRESHNESS_EDIT}</a></p>
                                }.into_any(),
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}
