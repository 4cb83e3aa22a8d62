//! The signed-in user's own account: password and e-mail changes, "mes données"
//! export, deletion.

use chrono::Duration;
use serde_json::{Value, json};

use super::{passwords, tokens};
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{Email, SessionUser, check_new_password};

pub const EMAIL_CHANGE_HOURS: i64 = 48;

/// Checks the current password (the same limit as logins applies, keyed by account, so
/// this form cannot be used to guess it).
async fn confirm_password(pool: &Pool, throttles: &super::throttle::Throttles, user: &SessionUser, field: &str, password: &str) -> AppResult<String> {
    throttles.check(pool, super::throttle::Limit::LoginPerAccount, &user.email).await?;
    let stored = db::users::password_hash_of(pool, user.id).await?;
    if passwords::verify(password.to_string(), stored.clone()).await? {
        Ok(stored.unwrap_or_default())
    } else {
        Err(AppError::invalid(vec![AppError::field(field, t::ERR_CURRENT_PASSWORD)]))
    }
}

/// Changes the password and closes every other session of the account.
pub async fn change_password(
    pool: &Pool,
    throttles: &super::throttle::Throttles,
    current_session: &str,
    user: &SessionUser,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let mut fields = Vec::new();
    if let Err(m) = check_new_password(new) {
        fields.push(AppError::field("new_password", m));
    }
    confirm_password(pool, throttles, user, "current_password", current).await.map_err(|e| {
        if e.fields.is_empty() {
            return e; // throttled: its own message
        }
        AppError::invalid(e.fields.into_iter().chain(fields.clone()).collect())
    })?;
    if !fields.is_empty() {
        return Err(AppError::invalid(fields));
    }
    let hash = passwords::hash(new.to_string()).await?;
    let mut tx = db::begin_write(pool).await?;
    db::users::set_password(&mut tx, user.id, &hash).await?;
    db::users::retire_tokens(&mut tx, user.id, "reset_password").await?;
    db::users::forget_other_sessions(&mut tx, user.id, current_session).await?;
    let body = "Bonjour,\n\nLe mot de passe de votre compte Coin du partage vient d’être changé, et vos autres sessions \
                ont été fermées. Si ce n’était pas vous, demandez tout de suite un nouveau mot de passe avec « Mot de \
                passe oublié ? » sur la page de connexion.\n";
    db::outbox::enqueue(&mut tx, &user.email, t::MAIL_PASSWORD_CHANGED_SUBJECT, body).await?;
    db::audit::record(&mut tx, Some(user.id), "password.change", Some(("user", user.id)), "{}").await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Sends a confirmation link to the new address; nothing changes until it is used.
/// Whether the address is free is checked only then (no enumeration of accounts).
pub async fn request_email_change(
    pool: &Pool,
    throttles: &super::throttle::Throttles,
    public_url: &str,
    user: &SessionUser,
    new_email: &str,
    password: &str,
) -> AppResult<()> {
    let email = Email::parse(new_email).map_err(|m| AppError::invalid(vec![AppError::field("new_email", m)]));
    confirm_password(pool, throttles, user, "password", password).await.map_err(|e| match &email {
        Err(bad) => AppError::invalid(bad.fields.iter().cloned().chain(e.fields.clone()).collect()),
        Ok(_) => e,
    })?;
    let email = email?;
    throttles.check(pool, super::throttle::Limit::ResetPerAccount, &format!("email-change:{}", user.id)).await?;
    let (token, token_hash) = tokens::new_token();
    let mut tx = db::begin_write(pool).await?;
    db::users::retire_tokens(&mut tx, user.id, "change_email").await?;
    db::users::insert_email_change_token(&mut tx, user.id, &token_hash, email.as_str(), db::now() + Duration::hours(EMAIL_CHANGE_HOURS))
        .await?;
    let body = format!(
        "Bonjour,\n\nPour utiliser cette adresse avec votre compte Coin du partage, ouvrez ce lien (valable \
         {EMAIL_CHANGE_HOURS} heures) :\n{public_url}/compte/adresse?jeton={token}\n\nSi vous n’avez rien demandé, \
         ignorez ce message.\n"
    );
    db::outbox::enqueue(&mut tx, email.as_str(), t::MAIL_EMAIL_CHANGE_SUBJECT, &body).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Uses an e-mail change link. `false` if it is not valid or the address was taken
/// meanwhile. The old address is told.
pub async fn confirm_email_change(pool: &Pool, token: &str) -> AppResult<bool> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let mut tx = db::begin_write(pool).await?;
    let Some((user_id, new_email)) = db::users::consume_email_change(&mut tx, &tokens::hash_token(token)).await? else {
        return Ok(false);
    };
    let old_email = db::users::email_of(&mut tx, user_id).await?;
    if !db::users::set_email(&mut tx, user_id, &new_email).await? {
        return Ok(false);
    }
    db::structures::claim_invitations(&mut tx, user_id, &new_email).await?;
    let body = format!(
        "Bonjour,\n\nL’adresse e-mail de votre compte Coin du partage est désormais {new_email}. \
         Si ce n’était pas vous, écrivez aux administrateurs de l’instance.\n"
    );
    db::outbox::enqueue(&mut tx, &old_email, t::MAIL_EMAIL_CHANGED_SUBJECT, &body).await?;
    db::audit::record(&mut tx, Some(user_id), "email.change", Some(("user", user_id)), "{}").await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(true)
}

/// Everything the platform keeps about the user, as JSON (RGPD right of access and
/// portability). Password hash and session ids are secrets, not data: left out.
pub async fn export(pool: &Pool, user: &SessionUser) -> AppResult<Value> {
    let d = db::users::personal_data(pool, user.id).await?;
    let mails = db::mail::settings(pool, user.id).await?;
    let alerts = db::alerts::of_user(pool, user.id).await?;
    let (account, sessions, memberships, posts) = (d.account, d.sessions, d.memberships, d.posts);
    let (responses, messages, participations, reports, bookings) = (d.responses, d.messages, d.participations, d.reports, d.bookings);
    Ok(json!({
        "format": "coin-du-partage/mes-donnees/1",
        "exported_at": db::now(),
        "account": { "email": account.0, "display_name": account.1, "phone": account.2,
                     "created_at": account.3, "last_login_at": account.4 },
        "sessions": sessions.into_iter().map(|s| json!({ "user_agent": s.0, "created_at": s.1 })).collect::<Vec<_>>(),
        "memberships": memberships.into_iter().map(|m| json!({ "structure": m.0, "role": m.1, "status": m.2 })).collect::<Vec<_>>(),
        "posts": posts.into_iter().map(|p| json!({ "id": p.0, "kind": p.1, "title": p.2, "description": p.3, "status": p.4, "created_at": p.5 })).collect::<Vec<_>>(),
        "responses": responses.into_iter().map(|r| json!({ "id": r.0, "post_id": r.1, "message": r.2, "status": r.3, "created_at": r.4 })).collect::<Vec<_>>(),
        "messages": messages.into_iter().map(|m| json!({ "response_id": m.0, "body": m.1, "created_at": m.2 })).collect::<Vec<_>>(),
        "volunteering": participations.into_iter().map(|p| json!({ "post_id": p.0, "status": p.1, "created_at": p.2 })).collect::<Vec<_>>(),
        "mail_choices": mails.choices.iter().map(|(t, f)| json!({ "topic": t.as_str(), "frequency": f.as_str() })).collect::<Vec<_>>(),
        "mails_suspended": mails.suspended,
        "alerts": alerts.into_iter().map(|(_, query, frequency, urgent)| json!({ "query": query, "frequency": frequency.as_str(), "urgent_needs_at_once": urgent })).collect::<Vec<_>>(),
        "mail_refused": mails.refused.map(|(at, reason)| json!({ "at": at, "reason": reason })),
        "reports": reports.into_iter().map(|r| json!({ "target_kind": r.0, "target_id": r.1, "reason": r.2, "created_at": r.3 })).collect::<Vec<_>>(),
        "bookings": bookings.into_iter().map(|b| json!({ "resource": b.0, "starts_at": b.1, "ends_at": b.2, "status": b.3, "note": b.4, "for_structure": b.5 })).collect::<Vec<_>>(),
    }))
}

/// What becomes of what the user published in their own name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leftovers {
    /// Kept, signed « Compte supprimé ».
    Anonymise,
    /// Personal posts, responses and messages deleted.
    Delete,
}

/// Deletes the account for good. The row stays as an anonymous tombstone (no e-mail,
/// name, phone or password) so anonymised posts and threads keep their shape; sessions,
/// tokens, memberships, appointments and volunteering sign-ups go.
pub async fn delete(
    pool: &Pool,
    throttles: &super::throttle::Throttles,
    user: &SessionUser,
    password: &str,
    leftovers: Option<Leftovers>,
) -> AppResult<()> {
    let choice = leftovers.ok_or_else(|| AppError::invalid(vec![AppError::field("posts", t::ERR_DELETE_CHOICE)]));
    confirm_password(pool, throttles, user, "password", password).await.map_err(|e| match &choice {
        Err(bad) => AppError::invalid(bad.fields.iter().cloned().chain(e.fields.clone()).collect()),
        Ok(_) => e,
    })?;
    let choice = choice?;
    let id = user.id;
    let mut tx = db::begin_write(pool).await?;
    // The last responsable of a structure cannot leave it without one (the same rule as
    // leaving or being removed, under the same lock).
    let orphaned = db::structures::structures_left_without_admin(&mut tx, id).await?;
    if !orphaned.is_empty() {
        return Err(AppError::invalid(vec![AppError::field("password", t::err_last_admin_of(&orphaned))]));
    }
    db::users::erase(&mut tx, id, choice == Leftovers::Delete, t::DELETED_ACCOUNT).await?;
    let details = json!({ "posts": if choice == Leftovers::Delete { "delete" } else { "anonymise" } }).to_string();
    db::audit::record(&mut tx, Some(id), "account.delete", Some(("user", id)), &details).await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses a request whose body says something impossible (a forged form).
pub fn leftovers(choice: &str) -> Option<Leftovers> {
    match choice {
        "anonymise" => Some(Leftovers::Anonymise),
        "delete" => Some(Leftovers::Delete),
        _ => None,
    }
}

