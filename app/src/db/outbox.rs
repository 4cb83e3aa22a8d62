//! E-mails waiting to be sent (or, without SMTP, to be read on the dev outbox page).

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::OutboxMail;

pub async fn enqueue(tx: &mut Tx<'_>, recipient: &str, subject: &str, body: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(super::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn recent(pool: &Pool, limit: i64) -> AppResult<Vec<OutboxMail>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, subject, body, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
