//! Types shared by the browser and the server. Database row mapping only under `ssr`.
//!
//! May import: `i18n` and `error` only — it is compiled for the browser too, and every other module builds on it.

pub mod account;
pub mod commune;
pub mod coordination;
pub mod directory;
pub mod enums;
pub mod exchange;
pub mod filter;
pub mod mail;
pub mod map;
pub mod pooling;
pub mod post;
pub mod publish;
pub mod share;
pub mod structure;
pub mod time;

pub use account::*;
pub use commune::*;
pub use coordination::*;
pub use directory::*;
pub use enums::*;
pub use exchange::*;
pub use filter::*;
pub use mail::*;
pub use map::*;
pub use pooling::*;
pub use post::*;
pub use publish::*;
pub use share::*;
pub use structure::*;
