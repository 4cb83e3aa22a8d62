//! Sign-up, e-mail verification and login: the rules, as plain async functions that the
//! server functions call and the tests drive directly.

use chrono::Duration;

use super::{passwords, tokens};
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{Email, check_display_name, check_new_password};

pub const VERIFY_TOKEN_HOURS: i64 = 48;

pub struct SignUp {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Checks every field and reports all problems at once, in the form's order.
pub fn validate_sign_up(form: &SignUp) -> Result<(Email, String), AppError> {
    let mut fields = Vec::new();
    let email = Email::parse(&form.email).map_err(|m| fields.push(AppError::field("email", m))).ok();
    let name = check_display_name(&form.display_name).map_err(|m| fields.push(AppError::field("display_name", m))).ok();
    if let Err(m) = check_new_password(&form.password) {
        fields.push(AppError::field("password", m));
    }
    match (email, name) {
        (Some(e), Some(n)) if fields.is_empty() => Ok((e, n)),
        _ => Err(AppError::invalid(fields)),
    }
}

/// Creates an unverified account and queues the confirmation e-mail. For an address
/// that already has an account the answer is the same (no account enumeration): its
/// owner gets an e-mail saying someone tried, and nothing else changes.
pub async fn sign_up(pool: &Pool, public_url: &str, form: SignUp) -> AppResult<()> {
    let (email, name) = validate_sign_up(&form)?;
    // Hash in both cases so both answers take the same time.
    let hash = passwords::hash(form.password).await?;
    let exists = db::users::email_exists(pool, email.as_str()).await?;
    let mut tx = db::begin_write(pool).await?;
    if exists {
        let body = format!(
            "Bonjour,\n\nQuelqu’un (vous peut-être) a voulu créer un compte sur Coin du partage avec cette adresse, \
             qui en possède déjà un. Si c’était vous, connectez-vous : {public_url}/connexion\n\n\
             Sinon, vous pouvez ignorer ce message : rien n’a changé sur votre compte.\n"
        );
        db::outbox::enqueue(&mut tx, email.as_str(), t::MAIL_EXISTS_SUBJECT, &body).await?;
        tx.commit().await?;
        db::outbox::wake();
        return Ok(());
    }
    let user_id = db::users::insert_user(
        &mut tx,
        &db::users::NewUser {
            email: email.as_str(),
            display_name: &name,
            password_hash: Some(&hash),
            is_instance_admin: false,
            email_verified: false,
        },
    )
    .await?;
    let (token, token_hash) = tokens::new_token();
    db::users::insert_token(&mut tx, user_id, "verify_email", &token_hash, db::now() + Duration::hours(VERIFY_TOKEN_HOURS))
        .await?;
    let body = format!(
        "Bonjour {name},\n\nPour activer votre compte Coin du partage, ouvrez ce lien (valable {VERIFY_TOKEN_HOURS} heures) :\n\
         {public_url}/compte/verification?jeton={token}\n\nSi vous n’êtes pas à l’origine de cette inscription, ignorez ce message.\n"
    );
    db::outbox::enqueue(&mut tx, email.as_str(), t::MAIL_VERIFY_SUBJECT, &body).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Consumes a verification token. `false` if it is unknown, used or expired.
pub async fn verify_email(pool: &Pool, token: &str) -> AppResult<bool> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let mut tx = db::begin_write(pool).await?;
    let Some(user_id) = db::users::consume_token(&mut tx, "verify_email", &tokens::hash_token(token)).await? else {
        return Ok(false);
    };
    db::users::mark_verified(&mut tx, user_id).await?;
    // Invitations sent to this address before the account existed now wait on it.
    let email = db::users::email_of(&mut tx, user_id).await?;
    db::structures::claim_invitations(&mut tx, user_id, &email).await?;
    tx.commit().await?;
    Ok(true)
}

/// Checks credentials; returns the user id and the hash the password matched (for
/// `session::log_in`). Unknown e-mail and wrong password give the same error after the
/// same work (a hash verification either way).
pub async fn check_credentials(pool: &Pool, email: &str, password: &str) -> AppResult<(i64, String)> {
    let failed = || AppError::new(ErrorCode::Unauthorized, t::LOGIN_FAILED);
    let email = Email::parse(email).map_err(|_| failed())?;
    let row = db::users::login_row(pool, email.as_str()).await?.filter(|r| r.status == "active");
    let stored = row.as_ref().and_then(|r| r.password_hash.clone());
    let ok = passwords::verify(password.to_string(), stored.clone()).await?;
    match row {
        Some(r) if ok && r.email_verified_at.is_none() => Err(AppError::new(ErrorCode::Forbidden, t::LOGIN_UNVERIFIED)),
        Some(r) if ok => Ok((r.id, stored.unwrap_or_default())),
        _ => Err(failed()),
    }
}

/// Login with its limits: per IP address, then per account (keyed by the normalised
/// e-mail, known or not, so the limit reveals nothing). Going over the per-account limit
/// is written to the audit log when the account exists.
pub async fn log_in_throttled(
    pool: &Pool,
    throttles: &super::throttle::Throttles,
    ip: &str,
    email: &str,
    password: &str,
) -> AppResult<(i64, String)> {
    use super::throttle::Limit;
    throttles.check(pool, Limit::LoginPerIp, ip).await?;
    let key = email.trim().to_lowercase();
    // Bounded keys: no e-mail is longer; a longer string cannot be an account.
    if key.len() > crate::model::EMAIL_MAX_CHARS {
        return Err(AppError::new(ErrorCode::Unauthorized, t::LOGIN_FAILED));
    }
    if let Err(e) = throttles.check(pool, Limit::LoginPerAccount, &key).await {
        if let Some(row) = db::users::login_row(pool, &key).await? {
            db::audit::event(pool, None, "login.throttled", Some(("user", row.id)), "{}").await?;
        }
        return Err(e);
    }
    check_credentials(pool, email, password).await
}

pub const RESET_TOKEN_MINUTES: i64 = 60;

/// Sends a reset link if the address has an active account. The caller answers the same
/// thing either way (no account enumeration).
pub async fn request_password_reset(pool: &Pool, public_url: &str, email: &str) -> AppResult<()> {
    let Ok(email) = Email::parse(email) else { return Ok(()) };
    let Some(row) = db::users::login_row(pool, email.as_str()).await?.filter(|r| r.status == "active") else {
        return Ok(());
    };
    let (token, token_hash) = tokens::new_token();
    let mut tx = db::begin_write(pool).await?;
    db::users::insert_token(&mut tx, row.id, "reset_password", &token_hash, db::now() + Duration::minutes(RESET_TOKEN_MINUTES))
        .await?;
    let body = format!(
        "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n\
         {public_url}/mot-de-passe/nouveau?jeton={token}\n\nSi vous n’avez rien demandé, ignorez ce message : \
         votre mot de passe actuel reste valable.\n"
    );
    db::outbox::enqueue(&mut tx, email.as_str(), t::MAIL_RESET_SUBJECT, &body).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(())
}

/// Sets a new password with a reset token (single use, one hour), confirms the address
/// (the link proved access to it) and closes every session of the account.
/// `false` if the token is not valid.
pub async fn reset_password(pool: &Pool, token: &str, password: &str) -> AppResult<bool> {
    check_new_password(password).map_err(|m| AppError::invalid(vec![AppError::field("password", m)]))?;
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    // The token is checked before hashing: hashing is deliberately slow and runs two at a
    // time for the whole instance, so random tokens must not reach it (they would stall
    // every login). It is checked again, and consumed, in the transaction below.
    let token_hash = tokens::hash_token(token);
    if !db::users::token_is_live(pool, "reset_password", &token_hash).await? {
        return Ok(false);
    }
    let hash = passwords::hash(password.to_string()).await?;
    let mut tx = db::begin_write(pool).await?;
    let Some(user_id) = db::users::consume_token(&mut tx, "reset_password", &token_hash).await? else {
        return Ok(false);
    };
    db::users::set_password(&mut tx, user_id, &hash).await?;
    db::users::retire_tokens(&mut tx, user_id, "reset_password").await?;
    db::users::mark_verified(&mut tx, user_id).await?;
    db::users::forget_all_sessions(&mut tx, user_id).await?;
    db::audit::record(&mut tx, Some(user_id), "password.reset", Some(("user", user_id)), "{}").await?;
    tx.commit().await?;
    Ok(true)
}

/// The outbox as a caller may see it: everything on a development instance; for instance
/// admins on a real one, with every link's token redacted (never a usable reset link of
/// someone else); nothing for anyone else.
pub async fn outbox_for(
    pool: &Pool,
    dev_instance: bool,
    user: Option<&crate::model::SessionUser>,
) -> AppResult<Vec<crate::model::OutboxMail>> {
    if dev_instance {
        return db::outbox::recent(pool, 50).await;
    }
    if !user.is_some_and(|u| u.is_instance_admin) {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    }
    let mut mails = db::outbox::recent(pool, 50).await?;
    for m in &mut mails {
        m.body = tokens::redact_links(&m.body);
    }
    Ok(mails)
}
