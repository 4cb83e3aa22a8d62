//! The one error type. What crosses the wire is a stable code and a French message;
//! the internal cause is logged on the server with `tracing` and never sent.
//!
//! May import: `db` (its error types, to classify them) and `i18n`. Everything else imports it.

use serde::{Deserialize, Serialize};

/// Stable, client-facing error codes (the UI may translate them later).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
        }
    }
}

/// A message about one form field (`field` is the input's `name`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    /// French, safe to show to users.
    pub message: String,
    /// Per-field messages of a refused form, in the form's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new() }
    }
    /// A form refused for the listed fields.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        Self { code: ErrorCode::BadRequest, message: crate::i18n::ERR_FORM.into(), fields }
    }
    pub fn field(field: &str, message: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), message: message.into() }
    }
    /// The message for one field, if any.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.field == field).map(|f| f.message.as_str())
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, crate::i18n::ERR_LOGIN_REQUIRED)
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, crate::i18n::ERR_FORBIDDEN)
    }
    /// An unexpected failure: the cause goes to the log, the user gets a fixed message.
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        {
            let at = std::panic::Location::caller();
            tracing::error!(%cause, file = at.file(), line = at.line(), "internal error");
        }
        #[cfg(not(feature = "ssr"))]
        let _ = cause;
        Self::new(ErrorCode::Internal, crate::i18n::ERR_INTERNAL)
    }
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request could not be understood: say so without echoing it.
            E::Args(_) | E::Deserialization(_) => Self::bad_request(crate::i18n::ERR_BAD_REQUEST),
            E::Request(_) | E::Response(_) => Self::new(ErrorCode::Unavailable, crate::i18n::ERR_NETWORK),
            other => Self::internal(other),
        }
    }
}

/// Constraints whose violation is the user's to fix: (constraint name, form field,
/// French message). Matched by name on both backends (`db::backend::violated_constraint`),
/// so concurrent writers that both passed the form's checks still get the message.
#[cfg(feature = "ssr")]
pub const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    ("structures_rna_live_key", "rna", crate::i18n::ERR_RNA_TAKEN),
    ("structures_siret_live_key", "siret", crate::i18n::ERR_SIRET_TAKEN),
];

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Self::not_found(crate::i18n::ERR_NOT_FOUND),
            // A rule the schema enforces, refused on the form's field in French
            // (`CONSTRAINT_FIELDS`); any other violation stays an internal error.
            sqlx::Error::Database(db) => {
                let known = crate::db::backend::violated_constraint(db.as_ref())
                    .and_then(|name| CONSTRAINT_FIELDS.iter().find(|(n, _, _)| *n == name));
                match known {
                    Some((_, field, message)) => Self::invalid(vec![Self::field(field, *message)]),
                    None => Self::internal(sqlx::Error::Database(db)),
                }
            }
            sqlx::Error::PoolTimedOut => {
                tracing::warn!("database pool timed out");
                Self::new(ErrorCode::Unavailable, crate::i18n::ERR_BUSY)
            }
            other => Self::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(serde_json::json!({ "error": { "code": self.code, "message": self.message } })))
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_carry_their_cause() {
        let e = AppError::internal("password=hunter2 at /secret/path");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(!e.message.contains("hunter2"));
        assert_eq!(e.status(), 500);
    }
}
