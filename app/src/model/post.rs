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

/// A post's public page. An individual's post carries its commune only, never an address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PostDetail {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub urgency: Urgency,
    pub title: String,
    pub description: String,
    pub quantity: Option<String>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub mission_time: Option<chrono::NaiveTime>,
    pub volunteers_needed: Option<i64>,
    pub location_precision: super::LocationPrecision,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub category_slug: String,
    pub category_name: String,
    pub structure_name: Option<String>,
    pub structure_slug: Option<String>,
    /// The structure's address when the post is placed there; never a person's.
    pub address: Option<String>,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
    pub volunteers_signed: i64,
}
