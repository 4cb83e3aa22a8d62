//! The « Coin du partage » list: its order and what a page holds (its filter is
//! [`super::PostFilter`], shared with the map and the APIs).

use serde::{Deserialize, Serialize};

use super::{Choice, PostCard};

pub const SHARE_PAGE_SIZE: i64 = 20;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareSort {
    /// Newest first.
    #[default]
    Recent,
    /// Urgent first, then newest.
    Urgency,
    /// Best match of the search words first (only with words; the default then).
    Relevance,
    /// Nearest to a chosen commune first (only with one).
    Distance,
}

impl ShareSort {
    /// The URL value (`tri=`).
    pub fn as_param(self) -> &'static str {
        match self {
            ShareSort::Recent => "recent",
            ShareSort::Urgency => "urgence",
            ShareSort::Relevance => "pertinence",
            ShareSort::Distance => "distance",
        }
    }

    pub fn from_param(value: &str) -> Option<Self> {
        [ShareSort::Recent, ShareSort::Urgency, ShareSort::Relevance, ShareSort::Distance]
            .into_iter()
            .find(|s| s.as_param() == value)
    }
}

/// One page of the list, with what the filter form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareData {
    pub items: Vec<PostCard>,
    /// Matching posts, counted up to the list's limit (see `more`).
    pub total: i64,
    /// More posts match than `total`: only the first ones can be ordered and paged.
    pub more: bool,
    pub page: u32,
    pub pages: u32,
    /// The order used (the requested one may not apply, see [`PostFilter::effective_sort`]).
    pub sort: ShareSort,
    /// With the distance order or a radius: the commune distances are measured from; with
    /// the distance order, each item's distance in kilometres (same order as `items`;
    /// `None` for a post without a place).
    pub near: Option<NearCommune>,
    pub distances_km: Vec<Option<f64>>,
    /// Something the visitor should know about the request (e.g. an unknown commune).
    pub notice: Option<String>,
    pub categories: Vec<Choice>,
    pub territories: Vec<Choice>,
}

/// The commune a distance order starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearCommune {
    pub insee: String,
    pub name: String,
    pub postcode: String,
}
