//! `POST /desabonnement/{token}`: the one-click unsubscribe of RFC 8058 (a mail client
//! posts `List-Unsubscribe=One-Click`, without cookie or CSRF token: the signed token is
//! the only credential, and the security layer lets this path through) and the buttons
//! of the page at the same address (`app::pages::account::UnsubscribePage`).

use app::mail::unsubscribe;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn post(State(st): State<AppState>, Path(token): Path<String>, body: String) -> Response {
    let params = app::model::Params::parse(&body);
    let one_click = params.one("List-Unsubscribe").as_deref() == Some("One-Click");
    let all = params.one("tout").is_some();
    let Some(link) = unsubscribe::read(&st.signer, &token, app::db::now()) else {
        if one_click {
            return (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], app::i18n::UNSUBSCRIBE_BAD).into_response();
        }
        // The page says the link is not valid.
        return Redirect::to(&format!("{}{token}", unsubscribe::PATH)).into_response();
    };
    if let Err(e) = unsubscribe::apply(&st.pool, &link, all).await {
        return e.into_response();
    }
    if one_click {
        (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], app::i18n::UNSUBSCRIBE_ONE_CLICK).into_response()
    } else {
        let done = if all {
            "tout"
        } else if !link.weekly.is_empty() {
            "hebdo"
        } else {
            "1"
        };
        Redirect::to(&format!("{}{token}?fait={done}", unsubscribe::PATH)).into_response()
    }
}
