//! Every user-facing string, so that English can follow: one file per area of the site,
//! all re-exported here so that callers write `crate::i18n::NAME` whatever the file.
//! French typography: non-breaking space before « : ; ? ! » is left to the browser.
//! Imports nothing but `model` (closed sets it names, Paris time).

mod account;
mod coordination;
mod dates;
mod exchanges;
mod feeds;
mod home;
mod mails;
mod map;
mod pooling;
mod posts;
mod share;
mod site;
mod structures;

pub use account::*;
pub use coordination::*;
pub use dates::*;
pub use exchanges::*;
pub use feeds::*;
pub use home::*;
pub use mails::*;
pub use map::*;
pub use pooling::*;
pub use posts::*;
pub use share::*;
pub use site::*;
pub use structures::*;
// Dates are shown as Paris calendar days: the pages and services that format them find
// the day here too (`t::date_fr(t::paris_date(…))`).
pub use crate::model::time::{end_of_paris_day, paris_date, paris_today};

pub const SITE_NAME: &str = "Coin du partage";
pub const TAGLINE: &str = "Besoins et ressources des associations, partagés sur tout le territoire";

/// A title as a mail subject quotes it: at most 60 characters.
pub fn cut_title(title: &str) -> String {
    if title.chars().count() <= 60 { title.to_string() } else { format!("{}…", title.chars().take(59).collect::<String>()) }
}
