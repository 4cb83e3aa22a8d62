#![recursion_limit = "256"]
//! Coin du partage — the Leptos application: shared types, pages, server functions.
//! Compiled twice: with `ssr` for the server, with `hydrate` for the browser (WASM).

pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod change_log;
pub mod components;
#[cfg(feature = "ssr")]
pub mod coordination;
pub mod error;
#[cfg(feature = "ssr")]
pub mod feeds;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod pages;
pub mod policy;
#[cfg(feature = "ssr")]
pub mod pooling;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod net;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod sharing;
#[cfg(feature = "ssr")]
pub mod structures;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::{Footer, Header};
use crate::i18n as t;
use crate::pages::account::{
    AccountPage, ConfirmEmailPage, ForgotPasswordPage, LoginPage, OutboxPage, ResetPasswordPage, SignUpPage, UnsubscribePage,
    VerifyPage,
};
use crate::pages::coordination::{AuditPage, CoordinationPage, ValidationPage};
use crate::pages::dashboard::{ConnectPage, CoordPostsPage, DashboardPage};
use crate::pages::freshness::FreshnessPage;
use crate::pages::import::ImportPage;
use crate::pages::settings::{SettingsPage, TerritoriesPage};
use crate::pages::moderation::ModerationPage;
use crate::pages::directory::{DirectoryPage, StructureProfilePage};
use crate::pages::home::HomePage;
use crate::pages::exchanges::ExchangesPage;
use crate::pages::post::PostPage;
use crate::pages::publish::{EditPostPage, PublishPage};
use crate::pages::volunteering::VolunteeringPage;
use crate::pages::share::SharePage;
use crate::pages::structures::{EditStructurePage, MyStructuresPage, StructureMembersPage};
use crate::pages::legal::{LegalPage, PrivacyPage};
use crate::pages::not_found::NotFound;
use crate::pages::map::{EmbedPage, MapPage};

/// The HTML document around the app (server side only).
///
/// It and `App` return an erased `AnyView`: the rendering code of every page is then
/// instantiated here, in `app`, once, instead of again in the server crate that renders
/// them (a release build of `server` spent 3½ minutes on app's view types; issue 17).
pub fn shell(options: LeptosOptions) -> AnyView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content=t::TAGLINE/>
                <link rel="icon" href="/favicon.ico"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
    .into_any()
}

#[component]
pub fn App() -> AnyView {
    provide_meta_context();
    crate::components::form::provide_refused_form();
    view! {
        <Title text=t::SITE_NAME/>
        <Router>
            <Header/>
            <main id="contenu" tabindex="-1">
                <crate::components::form::FlashNotice/>
                // Every page renders its data inline (SsrMode::Async): indexable, readable,
                // and its forms usable before the WASM has loaded or without JavaScript
                // (out-of-order streaming would need a script to place the content).
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/carte") view=MapPage ssr=SsrMode::Async/>
                    <Route path=path!("/embed") view=EmbedPage ssr=SsrMode::Async/>
                    <Route path=path!("/partage") view=SharePage ssr=SsrMode::Async/>
                    <Route path=path!("/partage/publier") view=PublishPage ssr=SsrMode::Async/>
                    <Route path=path!("/partage/:id") view=PostPage ssr=SsrMode::Async/>
                    <Route path=path!("/partage/:id/modifier") view=EditPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/annuaire") view=DirectoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/structures/:slug") view=StructureProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/benevolat") view=VolunteeringPage ssr=SsrMode::Async/>
                    <Route path=path!("/ressources") view=crate::pages::resources::ResourcesPage ssr=SsrMode::Async/>
                    <Route path=path!("/ressources/nouvelle") view=crate::pages::resources::NewResourcePage ssr=SsrMode::Async/>
                    <Route path=path!("/ressources/:id") view=crate::pages::resources::ResourcePage ssr=SsrMode::Async/>
                    <Route path=path!("/ressources/:id/modifier") view=crate::pages::resources::EditResourcePage ssr=SsrMode::Async/>
                    <Route path=path!("/reservations") view=crate::pages::bookings::MyBookingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reservations/reponse/:token") view=crate::pages::bookings::BookingAnswerPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination") view=CoordinationPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/validation") view=ValidationPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/tableau") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/annonces") view=CoordPostsPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/relier/:id") view=ConnectPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/moderation") view=ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/fraicheur") view=FreshnessPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reglages") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/coordination/territoires") view=TerritoriesPage ssr=SsrMode::Async/>
                    <Route path=path!("/a-propos") view=crate::pages::legal::AboutPage ssr=SsrMode::Async/>
                    <Route path=path!("/charte") view=crate::pages::legal::CharterPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/journal") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/territoires") view=crate::pages::territory_review::TerritoryReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/connexion") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/inscription") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/verification") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/adresse") view=ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/structures") view=MyStructuresPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/echanges") view=ExchangesPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/alertes") view=crate::pages::alerts::AlertsPage ssr=SsrMode::Async/>
                    <Route path=path!("/alertes/confirmer/:token") view=crate::pages::alerts::ConfirmAlertPage/>
                    <Route path=path!("/compte/structures/:id") view=StructureMembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/structures/:id/fiche") view=EditStructurePage ssr=SsrMode::Async/>
                    <Route path=path!("/desabonnement/:token") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe-oublie") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe/nouveau") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/dev/courriels") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/mentions-legales") view=LegalPage ssr=SsrMode::Async/>
                    <Route path=path!("/confidentialite") view=PrivacyPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
            <HydrationMark/>
        </Router>
    }
    .into_any()
}

/// Marks the page as interactive (`html[data-hydrated]`, read by the end-to-end tests and
/// by CSS if a control should wait): the last island of every page, and islands are
/// hydrated in document order, so the mark means that every island before it has been.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// The browser's entry point: only the islands of the page are hydrated (decision 37);
/// the rest of the page is the server's HTML, and its forms post as plain forms.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands that dispatch a server action follow its redirect with a page load (there
    // is no client-side router to do it).
    let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
        let _ = window().location().set_href(loc);
    });
    leptos::mount::hydrate_islands();
}
