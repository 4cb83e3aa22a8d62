//! Server functions: thin — get the state (and later the user and its permission),
//! call a plain async function, return shared types. One file per resource.

pub mod communes;
pub mod home;

pub use communes::*;
pub use home::*;
