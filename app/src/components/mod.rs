//! View pieces several pages share (forms, feedback, map, pagination…).
//!
//! May import: `api` (server functions a component calls), `model`, `i18n`, `error`. Never `pages`.

pub mod charts;
pub mod commune_search;
pub mod feedback;
pub mod form;
pub mod layout;
pub mod map;
pub mod pagination;
pub mod point_picker;
pub mod post_card;
pub mod require_user;
