//! Server functions: thin — get the state (and later the user and its permission),
//! call a plain async function, return shared types. One file per resource.

pub mod account;
pub mod auth;
pub mod communes;
pub mod coordination;
pub mod directory;
pub mod home;
pub mod map;
pub mod posts;
pub mod settings;
pub mod structures;

pub use account::*;
pub use auth::*;
pub use communes::*;
pub use coordination::*;
pub use directory::*;
pub use home::*;
pub use map::*;
pub use posts::*;
pub use settings::*;
pub use structures::*;

/// Ends every server function: an error answers with its own HTTP status (401, 403,
/// 400…) instead of 500 — except for a plain form post without JavaScript, which keeps
/// Leptos' redirect back to the form.
#[cfg(feature = "ssr")]
pub fn finish<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    use leptos::prelude::use_context;
    if let Err(e) = &result {
        let plain_form = use_context::<axum::http::request::Parts>().is_some_and(|p| {
            p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if let (false, Some(opts)) = (plain_form, use_context::<leptos_axum::ResponseOptions>()) {
            if let Ok(status) = axum::http::StatusCode::from_u16(e.status()) {
                opts.set_status(status);
            }
        }
    }
    result
}
