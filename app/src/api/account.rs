//! The signed-in user's own account: password, e-mail, data export, deletion.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::context::{noticed, noticed_link};

/// Signed in: a new password; the other sessions are closed.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    let Ctx { st, session, user } = Ctx::signed_in().await?;
    let current = session.id().map(|i| i.to_string()).unwrap_or_default();
    let done = crate::auth::account::change_password(&st.pool, &st.throttles, &current, &user, &current_password, &new_password).await;
    noticed(done, crate::i18n::PASSWORD_CHANGE_DONE)
}

/// Signed in: sends a confirmation link to a new address.
#[server(prefix = "/api", endpoint = "request_email_change")]
pub async fn request_email_change(new_email: String, password: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let sent = crate::auth::account::request_email_change(&st.pool, &st.throttles, &st.site.public_url, &user, &new_email, &password).await;
    noticed(sent, crate::i18n::EMAIL_CHANGE_DONE)
}

/// Public (the token is the credential): uses an e-mail change link.
#[server(prefix = "/api", endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<bool, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let changed = crate::auth::account::confirm_email_change(&st.pool, &token).await;
    noticed_link(changed, crate::i18n::EMAIL_CONFIRM_OK, crate::i18n::EMAIL_CONFIRM_BAD, Some("/compte"))
}

/// Signed in: « mes données », downloaded as a JSON file (a GET link, works without
/// JavaScript).
#[server(prefix = "/api", endpoint = "export_my_data", input = server_fn::codec::GetUrl)]
pub async fn export_my_data() -> Result<serde_json::Value, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let data = crate::auth::account::export(&st.pool, &user).await?;
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.insert_header(
            axum::http::header::CONTENT_DISPOSITION,
            axum::http::HeaderValue::from_static("attachment; filename=\"mes-donnees-coin-du-partage.json\""),
        );
    }
    Ok(data)
}

/// Signed in: deletes my account (password required), then ends the session.
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String, posts: Option<String>) -> Result<(), AppError> {
    let Ctx { st, session, user } = Ctx::signed_in().await?;
    let choice = posts.as_deref().and_then(crate::auth::account::leftovers);
    crate::auth::account::delete(&st.pool, &st.throttles, &user, &password, choice).await?;
    crate::auth::session::log_out(&st.pool, &session).await?;
    leptos_axum::redirect("/?compte=supprime");
    Ok(())
}

/// Instance admins: the audit log, newest first, 100 per page before `before` (an id).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(before: Option<i64>) -> Result<Vec<crate::model::AuditEntry>, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    if !user.is_instance_admin {
        return Err(AppError::forbidden());
    }
    crate::db::audit::page(&st.pool, before, 100).await
}

/// Signed in: my e-mail choices.
#[server(prefix = "/api", endpoint = "mail_settings")]
pub async fn mail_settings() -> Result<crate::model::MailSettings, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::mail::settings::settings(&st.pool, &user).await
}

/// Signed in: records my e-mail choices, one frequency per topic.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "save_mail_settings")]
pub async fn save_mail_settings(
    replies: String,
    messages: String,
    decisions: String,
    connections: String,
    moderation: String,
    volunteers: String,
    missions: String,
    expiry: String,
    invitations: String,
    suspend: Option<String>,
) -> Result<(), AppError> {
    use crate::model::MailTopic as T;
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let form = [
        (T::Replies, replies),
        (T::Messages, messages),
        (T::Decisions, decisions),
        (T::Connections, connections),
        (T::Moderation, moderation),
        (T::Volunteers, volunteers),
        (T::Missions, missions),
        (T::Expiry, expiry),
        (T::Invitations, invitations),
    ];
    let saved = crate::mail::settings::save(&st.pool, &user, &form, suspend.is_some()).await;
    noticed(saved, crate::i18n::MAILS_SAVED)
}

/// Public (the token is the credential): what an unsubscribe link stops, in words;
/// `None` when the link is not valid. Stopping is a plain POST to the link itself
/// (`server::unsubscribe`).
#[server(prefix = "/api", endpoint = "unsubscribe_link")]
pub async fn unsubscribe_link(token: String) -> Result<Option<crate::model::MailLinkView>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let Some(u) = crate::mail::unsubscribe::read(&st.signer, &token, crate::db::now()) else { return Ok(None) };
    let mut items: Vec<String> = u.topics.iter().map(|t| t.label().to_string()).collect();
    for (id, query) in crate::db::alerts::of_owner(&st.pool, u.owner).await? {
        if u.alerts.contains(&id) || u.weekly.contains(&id) {
            items.push(format!("{} {}", crate::i18n::ALERT_ONE, crate::mail::alerts::describe(&st, &query).await?));
        }
    }
    let account = matches!(u.owner, crate::db::alerts::Owner::User(_));
    Ok(Some(crate::model::MailLinkView { items, weekly: !u.weekly.is_empty(), account }))
}

/// Signed in: my alerts, in words.
#[server(prefix = "/api", endpoint = "my_alerts")]
pub async fn my_alerts() -> Result<Vec<crate::model::AlertView>, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::mail::alerts::list(&st, &user).await
}

/// Public: a list query in words (the alert about to be created).
#[server(prefix = "/api", endpoint = "describe_filter")]
pub async fn describe_filter(query: String) -> Result<String, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    let query: String = query.chars().take(2000).collect();
    crate::mail::alerts::describe(&st, &crate::mail::alerts::canonical(&query)).await
}

/// Signed in: saves the list's filter `query` as an alert.
#[server(prefix = "/api", endpoint = "create_alert")]
pub async fn create_alert(query: String, frequency: String, urgent: Option<String>) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let query: String = query.chars().take(2000).collect();
    let created = crate::mail::alerts::create(&st.pool, &user, &query, &frequency, urgent.is_some()).await;
    if created.is_ok() {
        leptos_axum::redirect("/compte/alertes");
    }
    noticed(created, crate::i18n::ALERT_CREATED)
}

/// Public: an alert for a visitor's address, sent once the address is confirmed by the
/// link mailed to it (same answer whatever the address).
#[server(prefix = "/api", endpoint = "subscribe_alert")]
pub async fn subscribe_alert(email: String, query: String, frequency: String) -> Result<(), AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::VisitorAlertPerIp, &crate::state::client_ip().await).await?;
    let query: String = query.chars().take(2000).collect();
    noticed(crate::mail::visitors::subscribe(&st, &st.signer, &email, &query, &frequency).await, crate::i18n::VISITOR_SENT)
}

/// Public: the link of a visitor's confirmation mail. `None`: not a valid link; else
/// the alerts it confirmed.
#[server(prefix = "/api", endpoint = "confirm_alert")]
pub async fn confirm_alert(token: String) -> Result<Option<usize>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    st.throttles.check(&st.pool, crate::auth::throttle::Limit::ResetUsePerIp, &crate::state::client_ip().await).await?;
    let confirmed = crate::mail::visitors::confirm(&st.pool, &st.signer, &token).await;
    // A plain form's outcome, on the page the browser comes back to.
    match confirmed {
        Ok(Some(0)) => super::context::notice(crate::i18n::CONFIRM_ALERT_ALREADY, false),
        Ok(Some(_)) => super::context::notice(crate::i18n::CONFIRM_ALERT_DONE, false),
        Ok(None) => super::context::notice(crate::i18n::CONFIRM_ALERT_BAD, true),
        Err(_) => {}
    }
    confirmed
}

/// Signed in: one of my alerts daily or weekly (`frequency`), urgent needs at once or not
/// (`urgent`: « oui » or « non »); an absent field is left as it is.
#[server(prefix = "/api", endpoint = "change_alert")]
pub async fn change_alert(id: i64, frequency: Option<String>, urgent: Option<String>) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let urgent = urgent.map(|u| u == "oui");
    noticed(crate::mail::alerts::change(&st.pool, &user, id, frequency.as_deref(), urgent).await, crate::i18n::ALERT_CHANGED)
}

/// Signed in: stops one of my alerts.
#[server(prefix = "/api", endpoint = "delete_alert")]
pub async fn delete_alert(id: i64) -> Result<(), AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    noticed(crate::mail::alerts::delete(&st.pool, &user, id).await, crate::i18n::ALERT_DELETED)
}
