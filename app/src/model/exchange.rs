//! Responses, threads, notifications and volunteering: what the post page, « Mes
//! échanges » and « Bénévolat » show.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{PostCard, PostDetail, PostKind, PostStatus, ResponseStatus};
use crate::error::AppError;
use crate::i18n as t;

pub const MESSAGE_MIN_CHARS: usize = 2;
pub const MESSAGE_MAX_CHARS: usize = 2000;
pub const REPORT_MIN_CHARS: usize = 10;
pub const REPORT_MAX_CHARS: usize = 1000;
/// Cards count matching posts up to this many (« 10 ou plus »).
pub const MATCH_COUNT_CAP: i64 = 10;

/// A response or message body: trimmed, 2 to 2,000 characters, no control characters.
pub fn check_message(raw: &str, field: &str) -> Result<String, AppError> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < MESSAGE_MIN_CHARS || n > MESSAGE_MAX_CHARS || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(vec![AppError::field(field, t::ERR_MESSAGE)]));
    }
    Ok(s.to_string())
}

/// A report's reason: 10 to 1,000 characters.
pub fn check_report_reason(raw: &str) -> Result<String, AppError> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < REPORT_MIN_CHARS || n > REPORT_MAX_CHARS || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(vec![AppError::field("reason", t::ERR_REPORT_REASON)]));
    }
    Ok(s.to_string())
}

/// Contact details, revealed to both sides once a response is accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub structure_name: Option<String>,
    pub structure_email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseMessage {
    pub mine: bool,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A response with its thread, as one side sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseView {
    pub id: i64,
    pub post_id: i64,
    pub status: ResponseStatus,
    /// Sent by the viewer.
    pub mine: bool,
    pub responder_name: String,
    pub structure_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub messages: Vec<ResponseMessage>,
    /// The other side's contacts, once accepted.
    pub contact: Option<Contact>,
}

/// What the post page shows beyond the public post, depending on who looks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostViewer {
    pub signed_in: bool,
    /// The author, or a member of the structure.
    pub can_manage: bool,
    /// All responses for managers; the viewer's own response otherwise.
    pub responses: Vec<ResponseView>,
    /// The post side's contacts, for a responder whose response was accepted.
    pub post_contact: Option<Contact>,
    pub signed_up: bool,
    /// Volunteers' names, for managers of a mission.
    pub volunteers: Vec<String>,
    /// Validated structures I can respond as (`structure:<id>`, name).
    pub respond_as: Vec<super::Choice>,
}

/// A post's page: the post and what this viewer may see and do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostPageData {
    pub post: PostDetail,
    pub viewer: PostViewer,
    /// Open posts of the other kind that match (same category, nearest first).
    pub matches: Vec<PostCard>,
    pub match_total: i64,
}

/// A response I sent, in « Mes échanges ».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyResponse {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_kind: PostKind,
    pub status: ResponseStatus,
    pub updated_at: DateTime<Utc>,
}

/// A post I manage, in « Mes échanges ».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyPost {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: String,
    pub structure_name: Option<String>,
    pub pending_responses: i64,
    pub expires_at: Option<DateTime<Utc>>,
    /// Open posts of the other kind that match (open posts only, capped).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub matches: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NotificationView {
    pub id: i64,
    pub kind: super::NotificationKind,
    pub post_id: Option<i64>,
    pub post_title: Option<String>,
    /// The other post of a « mise en relation ».
    pub related_post_id: Option<i64>,
    pub related_post_title: Option<String>,
    /// A moderator's reason (post hidden or restored).
    pub detail: Option<String>,
    /// The structure and the territory of a network invitation.
    pub structure_id: Option<i64>,
    pub structure_name: Option<String>,
    pub territory_name: Option<String>,
    /// A booking event: the booking, its resource and its slot.
    pub booking_id: Option<i64>,
    pub resource_id: Option<i64>,
    pub resource_name: Option<String>,
    pub booking_starts_at: Option<DateTime<Utc>>,
    pub booking_ends_at: Option<DateTime<Utc>>,
    pub unread: bool,
    pub created_at: DateTime<Utc>,
}

impl NotificationView {
    /// A booking event's slot.
    pub fn booking_slot(&self) -> Option<crate::model::Slot> {
        Some(crate::model::Slot { start: self.booking_starts_at?, end: self.booking_ends_at? })
    }
}

/// A volunteering mission in lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MissionCard {
    pub id: i64,
    pub title: String,
    pub starts_on: Option<NaiveDate>,
    pub mission_time: Option<NaiveTime>,
    pub volunteers_needed: Option<i64>,
    pub volunteers_signed: i64,
    pub structure_name: Option<String>,
    pub commune_name: Option<String>,
}

/// « Mes échanges »: my posts, my responses, my missions, my notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchanges {
    pub posts: Vec<MyPost>,
    pub responses: Vec<MyResponse>,
    pub missions: Vec<MissionCard>,
    pub notifications: Vec<NotificationView>,
}

/// The volunteering page: upcoming missions, and mine when signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VolunteeringData {
    pub missions: Vec<MissionCard>,
    pub mine: Vec<MissionCard>,
}
