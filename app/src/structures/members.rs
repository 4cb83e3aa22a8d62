//! Members of a structure: join requests, invitations, roles. Responsables (structure
//! admins) manage members; a structure always keeps at least one responsable.

use crate::auth::throttle::{Limit, Throttles};
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{Email, MemberRole, MembershipStatus, MyStructure, SessionUser, StructureHit, MembersPage};

pub async fn mine(pool: &Pool, user: &SessionUser) -> AppResult<Vec<MyStructure>> {
    db::structures::my_structures(pool, user.id).await
}

pub async fn find(pool: &Pool, query: &str) -> AppResult<Vec<StructureHit>> {
    if query.chars().count() > 100 {
        return Err(AppError::bad_request(t::ERR_QUERY_TOO_LONG));
    }
    db::structures::search_validated(pool, query, 20).await
}

/// Asks to join a validated structure; its responsables are told by e-mail.
pub async fn request(pool: &Pool, public_url: &str, user: &SessionUser, structure_id: i64) -> AppResult<()> {
    let Some((name, status)) = db::structures::name_and_status(pool, structure_id).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    if status != "validated" {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    }
    let admins = db::structures::admins(pool, structure_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::structures::insert_membership(&mut tx, user.id, structure_id, MemberRole::Member, MembershipStatus::Requested)
        .await?
    {
        return Err(AppError::new(crate::error::ErrorCode::Conflict, t::ERR_ALREADY_MEMBER));
    }
    let body = format!(
        "Bonjour,\n\n{who} demande à rejoindre « {name} » sur Coin du partage. Acceptez ou refusez sa demande :\n\
         {public_url}/compte/structures/{structure_id}\n",
        who = user.display_name
    );
    for (_, _, email) in &admins {
        super::mail(&mut tx, email, t::MAIL_JOIN_REQUEST_SUBJECT, &body).await?;
    }
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// What a user does with their own membership: accept or decline an invitation,
/// cancel a request, leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnAction {
    Accept,
    Leave,
}

pub async fn answer(pool: &Pool, user: &SessionUser, structure_id: i64, action: OwnAction) -> AppResult<bool> {
    match action {
        OwnAction::Accept => db::structures::activate(pool, user.id, structure_id, MembershipStatus::Invited).await,
        OwnAction::Leave => remove(pool, user, user.id, structure_id).await,
    }
}

/// Removes a membership, refusing to leave a structure without any responsable.
async fn remove(pool: &Pool, actor: &SessionUser, user_id: i64, structure_id: i64) -> AppResult<bool> {
    let mut tx = db::begin_write(pool).await?;
    db::backend::lock_structure(&mut tx, structure_id).await?;
    let Some(was) = db::structures::delete_membership(&mut tx, user_id, structure_id).await? else {
        return Ok(false);
    };
    // Counted after the lock: two responsables removed at the same moment cannot each
    // see the other still there.
    if was == (MemberRole::Admin, MembershipStatus::Active) && db::structures::admin_count(&mut tx, structure_id).await? == 0 {
        return Err(AppError::bad_request(t::ERR_LAST_ADMIN));
    }
    if actor.id != user_id {
        db::audit::record(&mut tx, Some(actor.id), "membership.remove", Some(("structure", structure_id)),
            &serde_json::json!({ "user": user_id }).to_string()).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The members page of a structure (its responsables and instance admins only).
pub async fn list(pool: &Pool, actor: &SessionUser, structure_id: i64) -> AppResult<MembersPage> {
    crate::policy::require_structure_admin(pool, actor, structure_id).await?;
    let Some((name, _)) = db::structures::name_and_status(pool, structure_id).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    Ok(MembersPage {
        id: structure_id,
        name,
        members: db::structures::members(pool, structure_id).await?,
        pending_emails: db::structures::pending_invitations(pool, structure_id).await?,
        network_invitations: db::territories::invitations(pool, Some(structure_id)).await?,
    })
}

/// Invites someone by e-mail. The answer is the same whether or not the address has an
/// account (no enumeration): with an account, an invitation waits on their "Mes
/// structures"; without, it waits for their sign-up.
pub async fn invite(
    pool: &Pool,
    throttles: &Throttles,
    public_url: &str,
    actor: &SessionUser,
    structure_id: i64,
    email: &str,
) -> AppResult<()> {
    crate::policy::require_structure_admin(pool, actor, structure_id).await?;
    let email = Email::parse(email).map_err(|m| AppError::invalid(vec![AppError::field("email", m)]))?;
    throttles.check(pool, Limit::Publish, &format!("invite:{}", actor.id)).await?;
    let Some((name, status)) = db::structures::name_and_status(pool, structure_id).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    // A structure nobody has checked yet sends no mail in the platform's name.
    if status != "validated" {
        return Err(AppError::invalid(vec![AppError::field("email", t::ERR_INVITE_NOT_VALIDATED)]));
    }
    let existing = db::users::login_row(pool, email.as_str()).await?.filter(|r| r.status == "active");
    let mut tx = db::begin_write(pool).await?;
    let link = match &existing {
        Some(row) if row.email_verified_at.is_some() => {
            db::structures::insert_membership(&mut tx, row.id, structure_id, MemberRole::Member, MembershipStatus::Invited)
                .await?;
            format!("{public_url}/compte/structures")
        }
        _ => {
            db::structures::insert_invitation(&mut tx, structure_id, email.as_str(), actor.id).await?;
            format!("{public_url}/inscription")
        }
    };
    let body = format!(
        "Bonjour,\n\n{who} vous invite à rejoindre « {name} » sur Coin du partage, la plateforme où les structures \
         du territoire partagent leurs besoins et leurs ressources.\n\nPour accepter, connectez-vous (ou créez un compte \
         avec cette adresse) puis ouvrez « Mes structures » :\n{link}\n\nSi vous ne connaissez pas cette structure, \
         ignorez ce message.\n",
        who = actor.display_name
    );
    super::mail(&mut tx, email.as_str(), t::MAIL_INVITE_SUBJECT, &body).await?;
    db::audit::record(&mut tx, Some(actor.id), "membership.invite", Some(("structure", structure_id)), "{}").await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// What a responsable does with a member or applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManageAction {
    AcceptRequest,
    RefuseRequest,
    Remove,
    MakeAdmin,
    MakeMember,
}

impl ManageAction {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "accept" => Self::AcceptRequest,
            "refuse" => Self::RefuseRequest,
            "remove" => Self::Remove,
            "make_admin" => Self::MakeAdmin,
            "make_member" => Self::MakeMember,
            _ => return None,
        })
    }
}

pub async fn manage(pool: &Pool, actor: &SessionUser, structure_id: i64, user_id: i64, action: ManageAction) -> AppResult<bool> {
    crate::policy::require_structure_admin(pool, actor, structure_id).await?;
    let current = db::structures::membership(pool, user_id, structure_id).await?;
    let done = match (action, current) {
        (ManageAction::AcceptRequest, Some((_, MembershipStatus::Requested))) => {
            db::structures::activate(pool, user_id, structure_id, MembershipStatus::Requested).await?
        }
        (ManageAction::RefuseRequest, Some((_, MembershipStatus::Requested)))
        | (ManageAction::Remove, Some(_)) => remove(pool, actor, user_id, structure_id).await?,
        (ManageAction::MakeAdmin | ManageAction::MakeMember, Some((_, MembershipStatus::Active))) => {
            let role = if action == ManageAction::MakeAdmin { MemberRole::Admin } else { MemberRole::Member };
            let mut tx = db::begin_write(pool).await?;
            db::backend::lock_structure(&mut tx, structure_id).await?;
            db::structures::set_role(&mut tx, user_id, structure_id, role).await?;
            if db::structures::admin_count(&mut tx, structure_id).await? == 0 {
                return Err(AppError::bad_request(t::ERR_LAST_ADMIN));
            }
            let details = serde_json::json!({ "user": user_id, "role": role.as_str() }).to_string();
            db::audit::record(&mut tx, Some(actor.id), "membership.role", Some(("structure", structure_id)), &details).await?;
            tx.commit().await?;
            true
        }
        _ => false,
    };
    Ok(done)
}

/// Withdraws an invitation sent to an address without an account.
pub async fn cancel_invitation(pool: &Pool, actor: &SessionUser, structure_id: i64, email: &str) -> AppResult<bool> {
    crate::policy::require_structure_admin(pool, actor, structure_id).await?;
    db::structures::delete_invitation(pool, structure_id, &email.trim().to_lowercase()).await
}
