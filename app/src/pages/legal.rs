use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n as t;

#[component]
pub fn LegalPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::LEGAL_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::LEGAL_TITLE}</h1>
            {t::LEGAL_PARAGRAPHS.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        </div>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::PRIVACY_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::PRIVACY_TITLE}</h1>
            {t::PRIVACY_SECTIONS.iter().map(|(h, p)| view! { <h2>{*h}</h2> <p>{*p}</p> }).collect_view()}
        </div>
    }
}
