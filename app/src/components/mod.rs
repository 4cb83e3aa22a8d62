pub mod commune_search;
pub mod form;
pub mod layout;
pub mod map;
pub mod pagination;
pub mod point_picker;
pub mod post_card;
pub mod require_user;
