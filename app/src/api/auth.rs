//! Accounts: sign-up, e-mail verification, login, logout, who am I, dev outbox.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{OutboxMail, SessionUser};

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::context::{noticed, noticed_link};

/// Public. Same answer whether or not the address already has an account.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(email: String, display_name: String, password: String) -> Result<(), AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let ip = crate::state::client_ip().await;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::SignUpPerIp, &ip).await?;
    let form = crate::auth::service::SignUp { email, display_name, password };
    noticed(crate::auth::service::sign_up(&st.pool, &st.site.public_url, form).await, crate::i18n::SIGNUP_DONE)
}

/// Public. Consumes a confirmation link's token.
#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<bool, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let verified = crate::auth::service::verify_email(&st.pool, &token).await;
    noticed_link(verified, crate::i18n::VERIFY_OK, crate::i18n::VERIFY_BAD, Some("/connexion"))
}

/// Public. Opens a session, then sends the browser to `next` (a local path) or the account page.
#[server(prefix = "/api", endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let Ctx { st, session, .. } = Ctx::new().await?;
    let ip = crate::state::client_ip().await;
    let (user_id, hash) =
        crate::auth::service::log_in_throttled(&st.pool, &st.throttles, &ip, &email, &password).await?;
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.map_err(AppError::internal)?;
    let agent = headers
        .get(axum::http::header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    crate::auth::session::log_in(&st.pool, &session, user_id, &hash, &agent).await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Only a local path may follow a login (no open redirect to another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        // Visible ASCII only: browsers drop tabs and newlines from URLs (`/\t/evil`
        // would become `//evil`), and a header value cannot carry other bytes.
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.bytes().all(|b| b.is_ascii_graphic()) => {
            p.to_string()
        }
        _ => "/compte".to_string(),
    }
}

/// Public. Same answer whether or not the address has an account.
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::throttle::Limit;
    let Ctx { st, .. } = Ctx::new().await?;
    st.throttles.check(&st.pool, Limit::ResetPerIp, &crate::state::client_ip().await).await?;
    let key = email.trim().to_lowercase();
    if key.len() > crate::model::EMAIL_MAX_CHARS {
        return noticed(Ok(()), crate::i18n::FORGOT_DONE); // cannot be an account; same answer as always
    }
    st.throttles.check(&st.pool, Limit::ResetPerAccount, &key).await?;
    noticed(crate::auth::service::request_password_reset(&st.pool, &st.site.public_url, &email).await, crate::i18n::FORGOT_DONE)
}

/// Public (the token is the credential). Limited per IP address like reset requests:
/// guessing tokens is pointless (256 bits) but each try costs a database read.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<bool, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::ResetUsePerIp, &crate::state::client_ip().await).await?;
    let reset = crate::auth::service::reset_password(&st.pool, &token, &password).await;
    noticed_link(reset, crate::i18n::RESET_DONE, crate::i18n::RESET_BAD, Some("/connexion"))
}

/// Signed-in users only (anyone may call it; it ends their own session).
#[server(prefix = "/api", endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let Ctx { st, session, .. } = Ctx::new().await?;
    crate::auth::session::log_out(&st.pool, &session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Public: the signed-in user, if any.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(Ctx::maybe_signed_in().await?.user)
}

/// Signed in: my open sessions.
#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<crate::model::SessionInfo>, AppError> {
    let Ctx { st, session, user } = Ctx::signed_in().await?;
    crate::auth::session::list(&st.pool, &session, &user).await
}

/// Signed in: closes one of my sessions (never someone else's).
#[server(prefix = "/api", endpoint = "revoke_session")]
pub async fn revoke_session(handle: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::auth::session::revoke(&st.pool, &user, &handle).await
}

/// The e-mail outbox: on development instances, or for instance admins.
#[server(prefix = "/api", endpoint = "dev_outbox")]
pub async fn dev_outbox() -> Result<Vec<OutboxMail>, AppError> {
    let Ctx { st, user, .. } = Ctx::maybe_signed_in().await?;
    crate::auth::service::outbox_for(&st.pool, st.site.dev_mode, user.as_ref()).await
}

/// Development instances only: puts in the outbox at once what waits for its time (the
/// « tout de suite » mails, the daily summaries and the alerts), as at the next 07:00.
/// So a tester — or the end-to-end tests — can read them on `/dev/courriels`.
#[server(prefix = "/api", endpoint = "dev_send_mails")]
pub async fn dev_send_mails() -> Result<usize, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    if !st.site.dev_mode {
        return Err(AppError::not_found(crate::i18n::ERR_NOT_FOUND));
    }
    let at = crate::model::time::next_paris_time(crate::db::now(), crate::model::DAILY_SUMMARY_HOUR);
    let mails = crate::mail::exchanges::run(&st.pool, &st.site.public_url, &st.signer, at).await?
        + crate::mail::alerts::run(&st, &st.signer, at).await?;
    super::context::notice(&crate::i18n::dev_mails_sent(mails), false);
    Ok(mails)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_follow_a_login() {
        assert_eq!(super::safe_next(Some("/partage/3")), "/partage/3");
        assert_eq!(super::safe_next(Some("//evil.example")), "/compte");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/compte");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/compte");
        assert_eq!(super::safe_next(None), "/compte");
        assert_eq!(super::safe_next(Some("/\t/evil.example")), "/compte");
        assert_eq!(super::safe_next(Some("/\n/evil.example")), "/compte");
        assert_eq!(super::safe_next(Some("/é")), "/compte");
        assert_eq!(super::safe_next(Some("/ /evil.example")), "/compte");
    }
}
