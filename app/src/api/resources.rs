//! Server functions of « Mutualiser »: resources (list, page, form) and bookings
//! (request, decide, cancel, mine). Thin: who is asking, a rate limit on writes, then a
//! plain function of `crate::pooling`.

use leptos::prelude::*;

use crate::api::Decision;
use crate::error::AppError;
use crate::model::{BookingForm, MyBookingsData, ResourceForm, ResourceFormData, ResourceListData, ResourcePageData};

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::context::noticed;

/// The signer and address the booking mails build their links with.
#[cfg(feature = "ssr")]
fn links(st: &crate::state::AppState) -> crate::mail::bookings::Links<'_> {
    crate::mail::bookings::Links { signer: &st.signer, public_url: &st.site.public_url }
}

/// Public: a page of resources matching the list's query string.
#[server(prefix = "/api", endpoint = "resource_list")]
pub async fn resource_list(query: String) -> Result<ResourceListData, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    let q = crate::model::ResourceQuery::read(&crate::model::Params::parse(&query));
    let (items, total) = crate::pooling::resources::list(
        &st.pool,
        q.q.as_deref().unwrap_or(""),
        q.kind,
        q.place.commune.as_deref(),
        q.place.departement.as_deref(),
        q.page,
    )
    .await?;
    let commune_name = match &q.place.commune {
        Some(c) => crate::db::communes::by_insee(&st.pool, c).await?.map(|h| h.name),
        None => None,
    };
    let may_publish = match &user {
        Some(u) => !crate::pooling::active_structures(&st.pool, u).await?.is_empty(),
        None => false,
    };
    let signed_in = user.is_some();
    Ok(ResourceListData { items, total, per_page: crate::pooling::resources::PER_PAGE, query: q, commune_name, may_publish, signed_in })
}

/// Public: a resource's page with its calendar (`mois=AAAA-MM` or `semaine=AAAA-MM-JJ`);
/// who booked shows to the owner's members and to the borrower only. `None` (and a 404)
/// for a resource this viewer cannot see.
#[server(prefix = "/api", endpoint = "resource_page")]
pub async fn resource_page(id: i64, mois: Option<String>, semaine: Option<String>) -> Result<Option<ResourcePageData>, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    let now = crate::db::now();
    let view = crate::model::CalendarView::read(mois.as_deref(), semaine.as_deref(), crate::model::time::paris_date(now));
    let page = crate::pooling::resources::page(&st.pool, links(&st), user.as_ref(), id, view, now).await?;
    if page.is_none() {
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            opts.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    Ok(page)
}

/// Signed in: the resource form's choices; with `id`, the resource to edit (its owner's
/// members only).
#[server(prefix = "/api", endpoint = "resource_editor")]
pub async fn resource_editor(id: Option<i64>) -> Result<ResourceFormData, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::pooling::resources::form_data(&st.pool, &user, id, st.site.geocoder_url.is_some()).await
}

/// Signed in (an active member of the owner): creates (`id` empty) or saves a resource;
/// goes to its page.
#[server(prefix = "/api", endpoint = "save_resource")]
pub async fn save_resource(id: Option<i64>, form: ResourceForm) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("resource:{}", user.id)).await?;
    let id = noticed(crate::pooling::resources::save(&st.pool, &user, id, &form).await, crate::i18n::RESOURCE_SAVED)?;
    leptos_axum::redirect(&format!("/ressources/{id}"));
    Ok(id)
}

/// Signed in: asks for a slot (confirmed at once for the owner and its trusted partners);
/// back to the resource's page with the outcome. A slot someone holds is refused (409)
/// with the free slots of the same length.
#[server(prefix = "/api", endpoint = "request_booking")]
pub async fn request_booking(form: BookingForm) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("booking:{}", user.id)).await?;
    let outcome = crate::pooling::bookings::request(&st.pool, links(&st), &user, &form, crate::db::now()).await;
    let text = match outcome {
        Ok(crate::pooling::bookings::Outcome::Confirmed(_)) => crate::i18n::BOOKING_CONFIRMED_NOW,
        _ => crate::i18n::BOOKING_REQUEST_SENT,
    };
    let outcome = noticed(outcome, text)?;
    leptos_axum::redirect(&format!("/ressources/{}", form.resource_id));
    Ok(outcome.id())
}

/// Signed in (an active member of the owner): accepts or declines a waiting request.
#[server(prefix = "/api", endpoint = "decide_booking")]
pub async fn decide_booking(id: i64, decision: Decision, reason: Option<String>) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let accept = decision == Decision::Accept;
    let done = crate::pooling::bookings::decide(&st.pool, links(&st), &user, id, accept, reason.as_deref().unwrap_or(""), crate::db::now()).await;
    noticed(done, if accept { crate::i18n::BOOKING_ACCEPTED_NOTICE } else { crate::i18n::BOOKING_DECLINED_NOTICE })
}

/// Signed in (the owner's members, or the borrower within the notice): cancels a booking.
#[server(prefix = "/api", endpoint = "cancel_booking")]
pub async fn cancel_booking(id: i64, reason: Option<String>) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let done = crate::pooling::bookings::cancel(&st.pool, links(&st), &user, id, reason.as_deref().unwrap_or(""), crate::db::now()).await;
    noticed(done, crate::i18n::BOOKING_CANCELLED_NOTICE)
}

/// Signed in: « Mes réservations » and « réservations de nos ressources ».
#[server(prefix = "/api", endpoint = "my_bookings")]
pub async fn my_bookings() -> Result<MyBookingsData, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::pooling::bookings::mine(&st.pool, links(&st), &user, crate::db::now()).await
}

/// Public (the signed link is the credential): what an owner's answer link is about, for
/// its confirmation page; `None` when the link is no longer valid.
#[server(prefix = "/api", endpoint = "booking_answer_link")]
pub async fn booking_answer_link(token: String) -> Result<Option<crate::model::BookingAnswerView>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    crate::pooling::bookings::answer_view(&st.pool, &st.signer, &token, crate::db::now()).await
}

/// Public (the signed link is the credential): the owner's answer from the request's mail.
#[server(prefix = "/api", endpoint = "answer_booking")]
pub async fn answer_booking(token: String, reason: Option<String>) -> Result<(), AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let done = crate::pooling::bookings::decide_by_link(&st.pool, links(&st), &token, reason.as_deref().unwrap_or(""), crate::db::now()).await;
    noticed(done, crate::i18n::BOOKING_ANSWER_DONE)
}

/// Signed in (an active member): a new key for a resource's calendar feed (`resource_id`)
/// or a structure's bookings feed (`structure_id`); the old address stops working.
#[server(prefix = "/api", endpoint = "revoke_booking_feed")]
pub async fn revoke_booking_feed(resource_id: Option<i64>, structure_id: Option<i64>) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let done = match (resource_id, structure_id) {
        (Some(id), _) => crate::pooling::resources::revoke_feed(&st.pool, &user, id).await,
        (None, Some(id)) => crate::pooling::resources::revoke_structure_feed(&st.pool, &user, id).await,
        (None, None) => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    };
    noticed(done, crate::i18n::FEED_REVOKED)
}
