pub mod commune_search;
pub mod layout;
pub mod post_card;
