//! `/partage.atom`: the list `/partage` as an Atom feed (RFC 4287), read with the list's
//! own filter (`Grammar::LIST`: the same parameters give the same posts), newest first.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};

use crate::db;
use crate::error::AppResult;
use crate::i18n as t;
use crate::model::{Grammar, Params, PostFilter, PostKind, ShareSort};
use crate::search;
use crate::state::AppState;

/// Entries per feed.
pub const ENTRIES: i64 = 50;

/// The feed of the list for `query` (the list page's query string).
pub async fn share(st: &AppState, query: &str) -> AppResult<String> {
    let params = Params::parse(query);
    let mut f = PostFilter::from_params(&params, Grammar::LIST);
    // A feed is read newest first, from its first entry, whatever order the page showed.
    f.sort = Some(ShareSort::Recent);
    f.page = 1;
    let search = search::of_filter(&st.pool, &f, None).await?;
    let ranked = search::rank(st, &search, 0, ENTRIES).await?;
    let cards = db::posts::cards(&st.pool, &ranked.posts.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let base = &st.site.public_url;
    let list = format!("{base}/partage{}", if query.is_empty() { String::new() } else { format!("?{query}") });
    let own = format!("{base}/partage.atom{}", if query.is_empty() { String::new() } else { format!("?{query}") });
    let stamp = |d: DateTime<Utc>| -> FixedDateTime { d.fixed_offset() };
    let updated = cards.iter().filter_map(|c| c.published_at).max().unwrap_or(DateTime::UNIX_EPOCH);
    let entries = cards
        .iter()
        .map(|c| {
            let url = format!("{base}/partage/{}", c.id);
            let kind = match c.kind {
                PostKind::Need => t::KIND_NEED,
                PostKind::Offer => t::KIND_OFFER,
            };
            let place = c.commune_name.as_deref().map(|n| format!(" · {n}")).unwrap_or_default();
            let author = c.structure_name.clone().unwrap_or_else(|| t::ATOM_INDIVIDUAL.to_string());
            Entry {
                title: Text::plain(c.title.clone()),
                id: url.clone(),
                updated: stamp(c.published_at.unwrap_or(updated)),
                published: c.published_at.map(stamp),
                authors: vec![Person { name: author.clone(), ..Default::default() }],
                categories: vec![Category {
                    term: c.category_slug.clone(),
                    label: Some(c.category_name.clone()),
                    ..Default::default()
                }],
                links: vec![Link { href: url, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Default::default() }],
                summary: Some(Text::plain(format!("{kind} · {}{place} — {author}", c.category_name))),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        title: Text::plain(t::ATOM_TITLE),
        id: own.clone(),
        updated: stamp(updated),
        lang: Some("fr".into()),
        links: vec![
            Link { href: own, rel: "self".into(), mime_type: Some("application/atom+xml".into()), ..Default::default() },
            Link { href: list, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Default::default() },
        ],
        entries,
        ..Default::default()
    };
    Ok(feed.to_string())
}
