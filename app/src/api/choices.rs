//! The closed sets server functions take from a form's buttons, read by serde: the
//! values are those the forms have always posted (`decision=accept`), so forms without
//! JavaScript and old links keep working, and any other value is refused before the
//! function runs (400, like every unreadable argument). Shared with the browser, which
//! builds the same arguments.

use serde::{Deserialize, Serialize};

/// A response or an invitation to a network: `accept` or `decline`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Decline,
}

/// A coordinator's verdict on a declared structure: `validate` or `reject`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Validate,
    Reject,
}

/// Signing up to a volunteering mission (`join`) or cancelling (`leave`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Join,
    Leave,
}
