use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n as t;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t::page_title(t::NOT_FOUND_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::NOT_FOUND_TITLE}</h1>
            <p>{t::NOT_FOUND_TEXT}</p>
            <p><a class="button" href="/">{t::BACK_HOME}</a></p>
        </div>
    }
}

/// Error-boundary fallback: the French messages of the errors (never their causes).
pub fn error_list(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <h2>{t::ERROR_TITLE}</h2>
            <ul>
                {move || errors.get().into_iter().map(|(_, e)| {
                    let msg = e.downcast_ref::<AppError>().map(|a| a.message.clone())
                        .unwrap_or_else(|| t::ERR_INTERNAL.to_string());
                    view! { <li>{msg}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
