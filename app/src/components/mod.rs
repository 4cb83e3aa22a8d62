pub mod commune_search;
pub mod form;
pub mod layout;
pub mod post_card;
pub mod require_user;
