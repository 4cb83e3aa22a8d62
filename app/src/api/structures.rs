//! Structures from the accounts' side: mine, join, declare, members, validation.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MyStructure, PendingStructure, StructureForm, StructureHit, MembersPage};

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::context::noticed;

/// Signed in: my memberships, invitations and requests.
#[server(prefix = "/api", endpoint = "my_structures")]
pub async fn my_structures() -> Result<Vec<MyStructure>, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::structures::members::mine(&st.pool, &user).await
}

/// Signed in: validated structures by name, to ask to join one.
#[server(prefix = "/api", endpoint = "find_structures")]
pub async fn find_structures(query: String) -> Result<Vec<StructureHit>, AppError> {
    let Ctx { st, .. } = Ctx::signed_in().await?;
    crate::structures::members::find(&st.pool, &query).await
}

/// Signed in: declares a structure (waits for validation); I become its responsable.
#[server(prefix = "/api", endpoint = "declare_structure")]
pub async fn declare_structure(form: StructureForm) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("declare:{}", user.id)).await?;
    noticed(crate::structures::declare::declare(&st.pool, &st.site.public_url, &user, form).await, crate::i18n::CREATE_STRUCTURE_DONE)
}

/// Signed in: asks to join a structure.
#[server(prefix = "/api", endpoint = "request_membership")]
pub async fn request_membership(structure_id: i64) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("join:{}", user.id)).await?;
    noticed(crate::structures::members::request(&st.pool, &st.site.public_url, &user, structure_id).await, crate::i18n::JOIN_REQUESTED)
}

/// Signed in: my own membership — `accept` an invitation, or `leave` (also declines an
/// invitation and cancels a request).
#[server(prefix = "/api", endpoint = "answer_membership")]
pub async fn answer_membership(structure_id: i64, action: String) -> Result<bool, AppError> {
    use crate::structures::members::OwnAction;
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let action = match action.as_str() {
        "accept" => OwnAction::Accept,
        "leave" => OwnAction::Leave,
        _ => return Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    };
    crate::structures::members::answer(&st.pool, &user, structure_id, action).await
}

/// Responsables of the structure (and instance admins): its members page.
#[server(prefix = "/api", endpoint = "structure_members")]
pub async fn structure_members(structure_id: i64) -> Result<MembersPage, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::structures::members::list(&st.pool, &user, structure_id).await
}

/// Responsables of the structure: invites someone by e-mail.
#[server(prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(structure_id: i64, email: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    noticed(crate::structures::members::invite(&st.pool, &st.throttles, &st.site.public_url, &user, structure_id, &email).await, crate::i18n::MEMBERS_INVITE_DONE)
}

/// Responsables of the structure: accept/refuse a request, remove a member, change a
/// role (`accept`, `refuse`, `remove`, `make_admin`, `make_member`), or withdraw an
/// invitation sent to an address (`cancel_invitation` with `email`).
#[server(prefix = "/api", endpoint = "manage_member")]
pub async fn manage_member(
    structure_id: i64,
    action: String,
    user_id: Option<i64>,
    email: Option<String>,
) -> Result<bool, AppError> {
    use crate::structures::members::{self, ManageAction};
    let Ctx { st, user: actor, .. } = Ctx::signed_in().await?;
    match (action.as_str(), user_id, email) {
        ("cancel_invitation", _, Some(email)) => members::cancel_invitation(&st.pool, &actor, structure_id, &email).await,
        (other, Some(user_id), _) => match ManageAction::parse(other) {
            Some(a) => members::manage(&st.pool, &actor, structure_id, user_id, a).await,
            None => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
        },
        _ => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    }
}

/// Coordinators and instance admins: structures waiting for their decision.
#[server(prefix = "/api", endpoint = "validation_queue")]
pub async fn validation_queue() -> Result<Vec<PendingStructure>, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::structures::declare::queue(&st.pool, &user).await
}

/// Coordinators of the structure's territory, instance admins: `validate` or `reject`
/// (with a reason sent to the declarant).
#[server(prefix = "/api", endpoint = "decide_structure")]
pub async fn decide_structure(structure_id: i64, decision: super::Verdict, reason: Option<String>) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let validate = decision == super::Verdict::Validate;
    crate::structures::declare::decide(&st.pool, &st.site.public_url, &user, structure_id, validate, reason.as_deref().unwrap_or(""))
        .await
}

/// Active members of the structure: its profile as the edit form shows it (slug, form).
#[server(prefix = "/api", endpoint = "structure_profile_form")]
pub async fn structure_profile_form(structure_id: i64) -> Result<(String, StructureForm), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::structures::profile::edit_form(&st.pool, &user, structure_id).await
}

/// Active members of the structure: saves its public profile, then shows it.
#[server(prefix = "/api", endpoint = "update_structure")]
pub async fn update_structure(structure_id: i64, form: StructureForm) -> Result<String, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::Publish, &format!("profile:{}", user.id)).await?;
    let slug = crate::structures::profile::update(&st.pool, &user, structure_id, form).await?;
    leptos_axum::redirect(&format!("/structures/{slug}"));
    Ok(slug)
}

/// Anyone holding a freshness reminder's link: which structure it is about (id, name, slug).
#[server(prefix = "/api", endpoint = "freshness_link")]
pub async fn freshness_link(token: String) -> Result<(i64, String, String), AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    crate::structures::freshness::lookup(&st.pool, &token).await
}

/// Anyone holding a freshness reminder's link: `a-jour` or `archiver` (one click from the
/// e-mail, confirmed on the page). Returns where to go next.
#[server(prefix = "/api", endpoint = "answer_freshness")]
pub async fn answer_freshness(token: String, choice: String) -> Result<String, AppError> {
    use crate::structures::freshness::{Answer, answer};
    let Ctx { st, .. } = Ctx::new().await?;
    let choice = Answer::parse(&choice).ok_or_else(|| AppError::bad_request(crate::i18n::ERR_BAD_REQUEST))?;
    let next = answer(&st.pool, &token, choice).await?;
    crate::api::context::notice(crate::i18n::FRESHNESS_THANKS, false);
    leptos_axum::redirect(&next);
    Ok(next)
}
