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

/// A decision sent by a form: `accept` or `decline`.
#[cfg(feature = "ssr")]
pub fn accepted(decision: &str) -> Result<bool, crate::error::AppError> {
    match decision {
        "accept" => Ok(true),
        "decline" => Ok(false),
        _ => Err(crate::error::AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    }
}

#[cfg(feature = "ssr")]
mod form_fields {
    include!(concat!(env!("OUT_DIR"), "/form_fields.rs"));
}

/// A server function's argument names, `None` for an unknown endpoint: a refused plain
/// form keeps only these fields (and their `name[…]` parts).
#[cfg(feature = "ssr")]
pub fn declared_fields(endpoint: &str) -> Option<&'static [&'static str]> {
    form_fields::FORM_FIELDS.iter().find(|(e, _)| *e == endpoint).map(|(_, f)| *f)
}

#[cfg(all(test, feature = "ssr"))]
mod form_fields_tests {
    #[test]
    fn every_server_function_lists_its_arguments() {
        for (name, _) in crate::policy::SERVER_FUNCTIONS {
            assert!(super::declared_fields(name).is_some(), "{name} is missing from the generated form fields");
        }
        assert_eq!(super::declared_fields("save_post"), Some(&["post_id", "form", "intent"][..]));
        assert_eq!(super::declared_fields("edit_label"), Some(&["kind", "action", "id", "name", "other"][..]));
        assert_eq!(super::declared_fields("log_out"), Some(&[][..]));
        assert_eq!(super::declared_fields("nothing_here"), None);
    }
}
