//! Pages for signed-in users: the content once the user is known, else a login prompt
//! that comes back to the page afterwards.

use leptos::prelude::*;

use crate::api::current_user;
use crate::components::feedback::{ErrorNote, Loading};
use crate::i18n as t;
use crate::model::SessionUser;

#[component]
pub fn RequireUser<F, V>(
    /// Where to come back after logging in.
    back_to: String,
    content: F,
) -> impl IntoView
where
    F: Fn(SessionUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let user = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=Loading>
            {move || user.get().map(|r| match r {
                Ok(Some(u)) => content(u).into_any(),
                Ok(None) => view! {
                    <p>{t::ERR_LOGIN_REQUIRED}</p>
                    <p><a class="button" href=format!("/connexion?suivant={}", back_to)>{t::LOGIN_TITLE}</a></p>
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}
