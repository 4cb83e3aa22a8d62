//! The e-mail choices of `/compte#courriels`.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{MailFrequency, MailSettings, MailTopic, SessionUser};

pub async fn settings(pool: &Pool, user: &SessionUser) -> AppResult<MailSettings> {
    db::mail::settings(pool, user.id).await
}

/// Records a choice for every topic (`form`: topic name → frequency name) and « tout
/// suspendre ». Saving also lifts an SMTP refusal: the user has seen the note.
pub async fn save(pool: &Pool, user: &SessionUser, form: &[(MailTopic, String)], suspended: bool) -> AppResult<()> {
    let mut choices = Vec::with_capacity(form.len());
    let mut bad = Vec::new();
    for (topic, value) in form {
        match MailFrequency::parse(value.trim()) {
            Some(f) => choices.push((*topic, f)),
            None => bad.push(AppError::field(topic.as_str(), t::ERR_MAIL_FREQUENCY)),
        }
    }
    if !bad.is_empty() {
        return Err(AppError::invalid(bad));
    }
    let mut tx = db::begin_write(pool).await?;
    db::mail::choose(&mut tx, user.id, &choices, db::now()).await?;
    db::mail::set_suspended(&mut tx, user.id, suspended).await?;
    tx.commit().await?;
    Ok(())
}
