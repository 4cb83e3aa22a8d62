//! Page frame: skip link, header with the main navigation, footer with the licence.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::{SiteInfo, current_user, get_site_info, unread_notifications};
use crate::i18n as t;

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    // Re-read on navigation, so the header follows login and logout.
    let user = Resource::new(move || location.pathname.get(), |_| current_user());
    let unread = Resource::new(move || location.pathname.get(), |_| unread_notifications());
    let account = move || match user.get() {
        Some(Ok(Some(u))) => view! {
            <a href="/compte/echanges" class="nav-exchanges">
                {t::EXCHANGES_TITLE}
                {move || unread.get().and_then(Result::ok).filter(|n| *n > 0).map(|n| view! {
                    " " <span class="badge">{n}<span class="visually-hidden">" " {t::unread(n)}</span></span>
                })}
            </a>
            " "
            <a href="/compte" class="button button-small"><span class="visually-hidden">{t::MY_ACCOUNT} " : "</span>{u.display_name}</a>
        }.into_any(),
        _ => view! { <a href="/connexion" class="button button-small">{t::NAV_LOGIN}</a> }.into_any(),
    };
    // aria-current marks the section the visitor is in (not colour alone: also underlined).
    let link = move |href: &'static str, label: &'static str| {
        let current = move || {
            let path = location.pathname.get();
            let here = if href == "/" { path == "/" } else { path == href || path.starts_with(&format!("{href}/")) };
            here.then_some("page")
        };
        view! { <li><a href=href aria-current=current>{label}</a></li> }
    };
    view! {
        <a class="skip-link" href="#contenu">{t::SKIP_TO_CONTENT}</a>
        <header class="site-header">
            <div class="wrap header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    {t::SITE_NAME}
                </a>
                <nav aria-label=t::NAV_MAIN_LABEL>
                    <ul class="nav-list">
                        {link("/carte", t::NAV_MAP)}
                        {link("/partage", t::NAV_SHARE)}
                        {link("/annuaire", t::NAV_DIRECTORY)}
                        {link("/ressources", t::NAV_RESOURCES)}
                        {link("/benevolat", t::NAV_VOLUNTEER)}
                        {link("/coordination", t::NAV_COORDINATION)}
                        <li class="nav-login"><Transition fallback=|| ()>{account}</Transition></li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_site_info());
    let licence = move || {
        info.get().and_then(Result::ok).map(|i: SiteInfo| {
            view! {
                {t::FOOTER_LICENCE_PREFIX} " " <a href=i.licence_url rel="license">{i.licence}</a> "."
            }
        })
    };
    view! {
        <footer class="site-footer">
            <div class="wrap footer-inner">
                <p><Suspense fallback=|| ()>{licence}</Suspense></p>
                <ul class="footer-links">
                    <li><a href="/mentions-legales">{t::FOOTER_LEGAL}</a></li>
                    <li><a href="/confidentialite">{t::FOOTER_PRIVACY}</a></li>
                </ul>
                <p class="credits">{t::FOOTER_DATA_CREDITS}</p>
            </div>
        </footer>
    }
}
