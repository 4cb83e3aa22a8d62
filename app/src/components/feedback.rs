//! What a page says while its data loads, or when an action or a read failed: one markup
//! each, so that every page announces them the same way to screen readers.

use leptos::prelude::*;

use crate::i18n as t;

/// A Suspense's fallback while a page's data loads: `<Suspense fallback=Loading>`.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="muted">{t::LOADING}</p> }
}

/// An error where the data or the answer would have been (a failed read, a refused
/// action), announced at once.
#[component]
pub fn ErrorNote(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="error" role="alert">{message}</p> }
}

/// A page-level refusal in a framed notice (an invalid link, a refused form's summary).
#[component]
pub fn ErrorNotice(#[prop(into)] message: String) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert"><p>{message}</p></div> }
}
