//! « ← Page précédente · Page 2 sur 5 · Page suivante → » for server-rendered lists:
//! plain links, so it works without JavaScript.

use leptos::prelude::*;

use crate::i18n as t;

/// `href(n)` gives the address of page `n` (the list's filter with that page).
#[component]
pub fn Pagination(page: u32, pages: u32, href: impl Fn(u32) -> String) -> impl IntoView {
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    (pages > 1).then(|| view! {
        <nav class="pagination" aria-label=t::PAGINATION_LABEL>
            {prev.map(|h| view! { <a href=h rel="prev">{t::PAGE_PREVIOUS}</a> })}
            <span aria-current="page">{t::page_of(page, pages)}</span>
            {next.map(|h| view! { <a href=h rel="next">{t::PAGE_NEXT}</a> })}
        </nav>
    })
}
