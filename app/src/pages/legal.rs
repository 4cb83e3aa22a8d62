//! The instance's texts: « À propos », the charter, the legal notice, the privacy policy.
//! The admins' version (`/admin/reglages`) when they wrote one, else the built-in text.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::instance_text;
use crate::components::feedback::Loading;
use crate::i18n as t;

/// The admins' text of `key` as paragraphs (blank lines between them), or `fallback`.
#[component]
fn InstanceText(key: &'static str, title: &'static str, children: ChildrenFn) -> impl IntoView {
    let text = Resource::new(move || key, |k| instance_text(k.to_string()));
    view! {
        <Title text=t::page_title(title)/>
        <div class="wrap narrow">
            <h1>{title}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let fallback = children.clone();
                    text.get().map(move |r| match r {
                        Ok(Some(body)) => body
                            .split("\n\n")
                            .filter(|p| !p.trim().is_empty())
                            .map(|p| view! { <p class="pre-line">{p.trim().to_string()}</p> })
                            .collect_view()
                            .into_any(),
                        _ => fallback().into_any(),
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn LegalPage() -> impl IntoView {
    view! {
        <InstanceText key="legal" title=t::LEGAL_TITLE>
            {t::LEGAL_PARAGRAPHS.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        </InstanceText>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <InstanceText key="privacy" title=t::PRIVACY_TITLE>
            {t::PRIVACY_SECTIONS.iter().map(|(h, p)| view! { <h2>{*h}</h2> <p>{*p}</p> }).collect_view()}
        </InstanceText>
    }
}

#[component]
pub fn AboutPage() -> impl IntoView {
    view! { <InstanceText key="about" title=t::ABOUT_TITLE><p>{t::ABOUT_DEFAULT}</p></InstanceText> }
}

#[component]
pub fn CharterPage() -> impl IntoView {
    view! { <InstanceText key="charter" title=t::CHARTER_TITLE><p>{t::CHARTER_DEFAULT}</p></InstanceText> }
}
