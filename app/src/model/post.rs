use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{PostKind, PostStatus, Urgency};

/// A post as shown in lists and on the home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PostCard {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub urgency: Urgency,
    pub title: String,
    pub category_slug: String,
    pub category_name: String,
    /// None for an individual's post.
    pub structure_name: Option<String>,
    pub structure_slug: Option<String>,
    pub commune_name: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Live counts for the home page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeStats {
    pub structures: i64,
    pub open_needs: i64,
    pub open_offers: i64,
    pub communes: i64,
}

/// What the home page needs, fetched in one round trip.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub stats: HomeStats,
    pub latest_needs: Vec<PostCard>,
    pub latest_offers: Vec<PostCard>,
    pub licence: String,
    pub licence_url: String,
}
