//! Replies, threads, notifications and volunteering: what the post page, « Mes
//! échanges » and « Bénévolat » show.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{PostCard, PostDetail, PostKind, PostStatus, ReplyStatus};
use crate::error::AppError;
use crate::i18n as t;

pub const REPLY_MIN_CHARS: usize = 2;
pub const REPLY_MAX_CHARS: usize = 2000;
pub const REPORT_MIN_CHARS: usize = 10;
pub const REPORT_MAX_CHARS: usize = 1000;
/// Cards count matching posts up to this many (« 10 ou plus »).
pub const MATCH_COUNT_CAP: i64 = 10;

/// A reply or message body: trimmed, 2 to 2,000 characters, no control characters.
pub fn check_message(raw: &str, field: &str) -> Result<String, AppError> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < REPLY_MIN_CHARS || n > REPLY_MAX_CHARS || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
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

/// Contact details, revealed to both sides once a reply is accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub structure_name: Option<String>,
    pub structure_email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyMessage {
    pub mine: bool,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A reply with its thread, as one side sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyView {
    pub id: i64,
    pub post_id: i64,
    pub status: ReplyStatus,
    /// Sent by the viewer.
    pub mine: bool,
    pub responder_name: String,
    pub structure_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub messages: Vec<ReplyMessage>,
    /// The other side's contacts, once accepted.
    pub contact: Option<Contact>,
}

/// What the post page shows beyond the public post, depending on who looks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostViewer {
    pub signed_in: bool,
    /// The author, or a member of the structure.
    pub can_manage: bool,
    /// All replies for managers; the viewer's own reply otherwise.
    pub replies: Vec<ReplyView>,
    /// The post side's contacts, for a responder whose reply was accepted.
    pub post_contact: Option<Contact>,
    pub signed_up: bool,
    /// Volunteers' names, for managers of a mission.
    pub volunteers: Vec<String>,
    /// Validated structures I can reply as (`structure:<id>`, name).
    pub reply_as: Vec<super::Choice>,
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

/// A reply I sent, in « Mes échanges ».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyReply {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_kind: PostKind,
    pub status: ReplyStatus,
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
    pub pending_replies: i64,
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
    pub unread: bool,
    pub created_at: DateTime<Utc>,
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

/// « Mes échanges »: my posts, my replies, my missions, my notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchanges {
    pub posts: Vec<MyPost>,
    pub replies: Vec<MyReply>,
    pub missions: Vec<MissionCard>,
    pub notifications: Vec<NotificationView>,
}

/// The volunteering page: upcoming missions, and mine when signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VolunteeringData {
    pub missions: Vec<MissionCard>,
    pub mine: Vec<MissionCard>,
}
