//! Server functions: thin — the request's context (`Ctx`: state, session, user), a plain
//! async function of the services, shared types back. One file per resource. The role
//! each may be called by is `policy`'s, checked before they run (`server::authz`).
//!
//! May import: the services (`auth`, `structures`, `sharing`, `coordination`), `db`, `policy`, `state`, `model`, `i18n`, `error`, `components` (types the pages share). Only `components` and `pages` import it (to call the server functions).

pub mod account;
pub mod auth;
pub mod choices;
pub mod communes;
#[cfg(feature = "ssr")]
pub mod context;
pub mod coordination;
pub mod directory;
pub mod home;
pub mod map;
pub mod posts;
pub mod resources;
pub mod settings;
pub mod structures;

pub use account::*;
pub use auth::*;
pub use choices::*;
pub use communes::*;
#[cfg(feature = "ssr")]
pub use context::Ctx;
pub use coordination::*;
pub use directory::*;
pub use home::*;
pub use map::*;
pub use posts::*;
pub use resources::*;
pub use settings::*;
pub use structures::*;

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
        // An argument renamed with `#[server(rename)]` is listed under its form field.
        assert_eq!(super::declared_fields("reply_to_post"), Some(&["post_id", "message", "reply_as"][..]));
        assert_eq!(super::declared_fields("edit_label"), Some(&["kind", "action", "id", "name", "other"][..]));
        assert_eq!(super::declared_fields("log_out"), Some(&[][..]));
        assert_eq!(super::declared_fields("nothing_here"), None);
    }
}
