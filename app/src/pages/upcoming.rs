use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n as t;

/// Sections whose features land in later milestones: a plain page saying so,
/// so the navigation never leads to an error.
#[component]
pub fn Upcoming(title: &'static str) -> impl IntoView {
    view! {
        <Title text=t::page_title(title)/>
        <div class="wrap narrow">
            <h1>{title}</h1>
            <p>{t::COMING_SOON}</p>
            <p><a class="button" href="/">{t::BACK_HOME}</a></p>
        </div>
    }
}
