//! Structures from the accounts' side: mine, join, declare, members, validation.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MyStructure, PendingStructure, StructureForm, StructureHit, MembersPage};

#[cfg(feature = "ssr")]
use super::account::signed_in;

/// Signed in: my memberships, invitations and requests.
#[server(prefix = "/api", endpoint = "my_structures")]
pub async fn my_structures() -> Result<Vec<MyStructure>, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        crate::structures::members::mine(&st.pool, &user).await
    }
    .await)
}

/// Signed in: validated structures by name, to ask to join one.
#[server(prefix = "/api", endpoint = "find_structures")]
pub async fn find_structures(query: String) -> Result<Vec<StructureHit>, AppError> {
    super::finish(async move {
        let (st, _, _) = signed_in().await?;
        crate::structures::members::find(&st.pool, &query).await
    }
    .await)
}

/// Signed in: declares a structure (waits for validation); I become its responsable.
#[server(prefix = "/api", endpoint = "declare_structure")]
pub async fn declare_structure(form: StructureForm) -> Result<i64, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        st.throttles.check(crate::auth::throttle::Limit::Publish, &format!("declare:{}", user.id))?;
        crate::structures::declare::declare(&st.pool, &st.site.public_url, &user, form).await
    }
    .await)
}

/// Signed in: asks to join a structure.
#[server(prefix = "/api", endpoint = "request_membership")]
pub async fn request_membership(structure_id: i64) -> Result<(), AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        st.throttles.check(crate::auth::throttle::Limit::Publish, &format!("join:{}", user.id))?;
        crate::structures::members::request(&st.pool, &st.site.public_url, &user, structure_id).await
    }
    .await)
}

/// Signed in: my own membership — `accept` an invitation, or `leave` (also declines an
/// invitation and cancels a request).
#[server(prefix = "/api", endpoint = "answer_membership")]
pub async fn answer_membership(structure_id: i64, action: String) -> Result<bool, AppError> {
    super::finish(async move {
        use crate::structures::members::OwnAction;
        let (st, _, user) = signed_in().await?;
        let action = match action.as_str() {
            "accept" => OwnAction::Accept,
            "leave" => OwnAction::Leave,
            _ => return Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
        };
        crate::structures::members::answer(&st.pool, &user, structure_id, action).await
    }
    .await)
}

/// Responsables of the structure (and instance admins): its members page.
#[server(prefix = "/api", endpoint = "structure_members")]
pub async fn structure_members(structure_id: i64) -> Result<MembersPage, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        crate::structures::members::list(&st.pool, &user, structure_id).await
    }
    .await)
}

/// Responsables of the structure: invites someone by e-mail.
#[server(prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(structure_id: i64, email: String) -> Result<(), AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        crate::structures::members::invite(&st.pool, &st.throttles, &st.site.public_url, &user, structure_id, &email).await
    }
    .await)
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
    super::finish(async move {
        use crate::structures::members::{self, ManageAction};
        let (st, _, actor) = signed_in().await?;
        match (action.as_str(), user_id, email) {
            ("cancel_invitation", _, Some(email)) => members::cancel_invitation(&st.pool, &actor, structure_id, &email).await,
            (other, Some(user_id), _) => match ManageAction::parse(other) {
                Some(a) => members::manage(&st.pool, &actor, structure_id, user_id, a).await,
                None => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
            },
            _ => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
        }
    }
    .await)
}

/// Coordinators and instance admins: structures waiting for their decision.
#[server(prefix = "/api", endpoint = "validation_queue")]
pub async fn validation_queue() -> Result<Vec<PendingStructure>, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        crate::structures::declare::queue(&st.pool, &user).await
    }
    .await)
}

/// Coordinators of the structure's territory, instance admins: `validate` or `reject`
/// (with a reason sent to the declarant).
#[server(prefix = "/api", endpoint = "decide_structure")]
pub async fn decide_structure(structure_id: i64, decision: String, reason: Option<String>) -> Result<bool, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        let validate = match decision.as_str() {
            "validate" => true,
            "reject" => false,
            _ => return Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
        };
        crate::structures::declare::decide(&st.pool, &st.site.public_url, &user, structure_id, validate, reason.as_deref().unwrap_or(""))
            .await
    }
    .await)
}

/// Active members of the structure: its profile as the edit form shows it (slug, form).
#[server(prefix = "/api", endpoint = "structure_profile_form")]
pub async fn structure_profile_form(structure_id: i64) -> Result<(String, StructureForm), AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        crate::structures::profile::edit_form(&st.pool, &user, structure_id).await
    }
    .await)
}

/// Active members of the structure: saves its public profile, then shows it.
#[server(prefix = "/api", endpoint = "update_structure")]
pub async fn update_structure(structure_id: i64, form: StructureForm) -> Result<String, AppError> {
    super::finish(async move {
        let (st, _, user) = signed_in().await?;
        st.throttles.check(crate::auth::throttle::Limit::Publish, &format!("profile:{}", user.id))?;
        let slug = crate::structures::profile::update(&st.pool, &user, structure_id, form).await?;
        leptos_axum::redirect(&format!("/structures/{slug}"));
        Ok(slug)
    }
    .await)
}

/// Anyone holding a freshness reminder's link: which structure it is about (id, name, slug).
#[server(prefix = "/api", endpoint = "freshness_link")]
pub async fn freshness_link(token: String) -> Result<(i64, String, String), AppError> {
    super::finish(async move {
        let st = crate::state::app_state()?;
        crate::structures::freshness::lookup(&st.pool, &token).await
    }
    .await)
}

/// Anyone holding a freshness reminder's link: `a-jour` or `archiver` (one click from the
/// e-mail, confirmed on the page). Returns where to go next.
#[server(prefix = "/api", endpoint = "answer_freshness")]
pub async fn answer_freshness(token: String, choice: String) -> Result<String, AppError> {
    super::finish(async move {
        use crate::structures::freshness::{Answer, answer};
        let st = crate::state::app_state()?;
        let choice = Answer::parse(&choice).ok_or_else(|| AppError::bad_request(crate::i18n::ERR_BAD_REQUEST))?;
        answer(&st.pool, &token, choice).await
    }
    .await)
}
