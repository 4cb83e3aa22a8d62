//! Responses to posts (« Je peux aider », « Ça m'intéresse »), their message threads and
//! the contacts revealed once a response is accepted.

use chrono::{DateTime, Utc};

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{Contact, ResponseMessage, ResponseStatus, ResponseView};

/// A new response with its first message; `None` if this person already responded.
pub async fn insert(tx: &mut Tx<'_>, post_id: i64, responder_id: i64, structure_id: Option<i64>, message: &str) -> AppResult<Option<i64>> {
    let now = super::now();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO responses (post_id, responder_id, structure_id, message, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $5)
         ON CONFLICT (post_id, responder_id) DO NOTHING RETURNING id",
    )
    .bind(post_id)
    .bind(responder_id)
    .bind(structure_id)
    .bind(message)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        insert_message(tx, id, responder_id, message).await?;
    }
    Ok(id)
}

pub async fn insert_message(tx: &mut Tx<'_>, response_id: i64, author_id: i64, body: &str) -> AppResult<()> {
    let now = super::now();
    sqlx::query("INSERT INTO response_messages (response_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(response_id)
        .bind(author_id)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE responses SET updated_at = $1 WHERE id = $2").bind(now).bind(response_id).execute(&mut **tx).await?;
    Ok(())
}

/// A response's post, responder and status.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ResponseState {
    pub id: i64,
    pub post_id: i64,
    pub responder_id: Option<i64>,
    pub status: ResponseStatus,
}

pub async fn state(pool: &Pool, response_id: i64) -> AppResult<Option<ResponseState>> {
    Ok(sqlx::query_as("SELECT id, post_id, responder_id, status FROM responses WHERE id = $1")
        .bind(response_id)
        .fetch_optional(pool)
        .await?)
}

/// Decides a pending response (compare-and-set).
pub async fn decide(tx: &mut Tx<'_>, response_id: i64, to: ResponseStatus) -> AppResult<bool> {
    let now = super::now();
    Ok(sqlx::query("UPDATE responses SET status = $1, decided_at = $2, updated_at = $2 WHERE id = $3 AND status = 'pending'")
        .bind(to)
        .bind(now)
        .bind(response_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    status: ResponseStatus,
    responder_id: Option<i64>,
    responder_name: Option<String>,
    responder_email: Option<String>,
    structure_name: Option<String>,
    structure_email: Option<String>,
    structure_phone: Option<String>,
    created_at: DateTime<Utc>,
}

/// The responses to a post: all of them (`only_by = None`, for its managers) or the one
/// by a given responder; each with its thread, read as `viewer`.
pub async fn for_post(pool: &Pool, post_id: i64, only_by: Option<i64>, viewer: i64) -> AppResult<Vec<ResponseView>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.status, r.responder_id, u.display_name AS responder_name, u.email AS responder_email,
                s.name AS structure_name, s.email AS structure_email, s.phone AS structure_phone, r.created_at
         FROM responses r LEFT JOIN users u ON u.id = r.responder_id LEFT JOIN structures s ON s.id = r.structure_id
         WHERE r.post_id = $1 AND ($2 = 0 OR r.responder_id = $2) AND r.status <> 'withdrawn'
         ORDER BY r.created_at, r.id",
    )
    .bind(post_id)
    .bind(only_by.unwrap_or(0))
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let messages = messages(pool, r.id, viewer).await?;
        let accepted = r.status == ResponseStatus::Accepted;
        let name = r.responder_name.unwrap_or_else(|| crate::i18n::DELETED_ACCOUNT.to_string());
        out.push(ResponseView {
            id: r.id,
            post_id,
            status: r.status,
            mine: r.responder_id == Some(viewer),
            responder_name: name.clone(),
            structure_name: r.structure_name.clone(),
            created_at: r.created_at,
            messages,
            // The responder's contacts reach the post's side only once accepted.
            contact: (accepted && r.responder_id != Some(viewer)).then(|| Contact {
                name,
                email: r.responder_email,
                structure_name: r.structure_name,
                structure_email: r.structure_email,
                phone: r.structure_phone,
            }),
        });
    }
    Ok(out)
}

async fn messages(pool: &Pool, response_id: i64, viewer: i64) -> AppResult<Vec<ResponseMessage>> {
    let rows: Vec<(Option<i64>, Option<String>, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT m.author_id, u.display_name, m.body, m.created_at FROM response_messages m LEFT JOIN users u ON u.id = m.author_id
         WHERE m.response_id = $1 ORDER BY m.created_at, m.id",
    )
    .bind(response_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author, name, body, at)| ResponseMessage {
            mine: author == Some(viewer),
            author_name: name.unwrap_or_else(|| crate::i18n::DELETED_ACCOUNT.to_string()),
            body,
            created_at: at,
        })
        .collect())
}

/// The post's side of an accepted response, as the responder sees it: its structure's
/// public contacts, or its author's.
pub async fn post_contact(pool: &Pool, post_id: i64) -> AppResult<Option<Contact>> {
    let row: Option<(Option<String>, Option<String>, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT u.display_name, u.email, s.name, s.email, s.phone FROM posts p
         LEFT JOIN users u ON u.id = p.author_id LEFT JOIN structures s ON s.id = p.structure_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, email, structure_name, structure_email, phone)| Contact {
        name: name.unwrap_or_else(|| crate::i18n::DELETED_ACCOUNT.to_string()),
        email,
        structure_name,
        structure_email,
        phone,
    }))
}

/// Responses I sent, newest activity first, with their post's title.
pub async fn sent_by(pool: &Pool, user_id: i64) -> AppResult<Vec<crate::model::MyResponse>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.post_id, p.title AS post_title, p.kind AS post_kind, r.status, r.updated_at
         FROM responses r JOIN posts p ON p.id = r.post_id
         WHERE r.responder_id = $1 AND r.status <> 'withdrawn' ORDER BY r.updated_at DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}
