use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n as t;

#[component]
pub fn LegalPage() -> impl IntoView {
    view! {
        <Title text=format!("{} — {}", t::LEGAL_TITLE, t::SITE_NAME)/>
        <div class="wrap narrow">
            <h1>{t::LEGAL_TITLE}</h1>
            {t::LEGAL_PARAGRAPHS.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        </div>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text=format!("{} — {}", t::PRIVACY_TITLE, t::SITE_NAME)/>
        <div class="wrap narrow">
            <h1>{t::PRIVACY_TITLE}</h1>
            {t::PRIVACY_SECTIONS.iter().map(|(h, p)| view! { <h2>{*h}</h2> <p>{*p}</p> }).collect_view()}
        </div>
    }
}
