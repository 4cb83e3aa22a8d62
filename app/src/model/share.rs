//! The « Coin du partage » list: one typed filter of needs and offers, serialised to the
//! URL query so a filtered view is a shareable link (the map will reuse it).

use serde::{Deserialize, Serialize};

use super::directory::is_code;
use super::{Choice, PostCard, PostKind, SEARCH_MAX_CHARS, encode};

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
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PostFilter {
    /// Words, each matching the start of a word of the title or description.
    pub q: String,
    pub kind: Option<PostKind>,
    /// Category slug.
    pub category: Option<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    /// Territory or network slug.
    pub territory: Option<String>,
    pub sort: ShareSort,
    /// 1-based.
    pub page: u32,
}

impl PostFilter {
    /// Reads the URL query (French names: `q`, `type=besoin|ressource`, `categorie`,
    /// `commune`, `departement`, `reseau`, `tri=recent|urgence`, `page`). Unknown values are
    /// dropped, so an old link still opens.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        PostFilter {
            q: text("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            kind: text("type").and_then(|k| match k.as_str() {
                "besoin" => Some(PostKind::Need),
                "ressource" => Some(PostKind::Offer),
                _ => None,
            }),
            category: text("categorie").filter(|v| is_code(v, 60)),
            commune: text("commune").filter(|v| is_code(v, 5)),
            departement: text("departement").map(|v| v.to_uppercase()).filter(|v| is_code(v, 3)),
            territory: text("reseau").filter(|v| is_code(v, 80)),
            sort: if text("tri").as_deref() == Some("urgence") { ShareSort::Urgency } else { ShareSort::Recent },
            page: text("page").and_then(|p| p.parse().ok()).filter(|p| (1..=10_000).contains(p)).unwrap_or(1),
        }
    }

    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", if k == PostKind::Need { "besoin" } else { "ressource" }.into()));
        }
        for (key, value) in [("categorie", &self.category), ("commune", &self.commune), ("departement", &self.departement), ("reseau", &self.territory)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if self.sort == ShareSort::Urgency {
            pairs.push(("tri", "urgence".into()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self { page, ..self.clone() }
    }
}

/// One page of the list, with what the filter form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareData {
    pub items: Vec<PostCard>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub categories: Vec<Choice>,
    pub territories: Vec<Choice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_post_filter_round_trips_through_the_url() {
        let f = PostFilter {
            q: "vélo cargo".into(),
            kind: Some(PostKind::Offer),
            category: Some("vehicule".into()),
            departement: Some("30".into()),
            sort: ShareSort::Urgency,
            page: 2,
            ..Default::default()
        };
        let q = f.to_query();
        assert_eq!(q, "q=v%C3%A9lo+cargo&type=ressource&categorie=vehicule&departement=30&tri=urgence&page=2");
        let pairs: Vec<(String, String)> = vec![
            ("q".into(), "vélo cargo".into()),
            ("type".into(), "ressource".into()),
            ("categorie".into(), "vehicule".into()),
            ("departement".into(), "30".into()),
            ("tri".into(), "urgence".into()),
            ("page".into(), "2".into()),
        ];
        let back = PostFilter::from_query(|k| pairs.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.clone()));
        assert_eq!(back, f);
        assert_eq!(PostFilter::from_query(|k| (k == "type").then(|| "need".to_string())).kind, None, "French values only");
    }
}
