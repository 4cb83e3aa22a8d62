//! The directory (« Annuaire »): one typed filter, serialised to the URL query so a
//! filtered view is a shareable link, and what a page of results holds.

use serde::{Deserialize, Serialize};

use super::{PostCard, StructureKind};

pub const DIRECTORY_PAGE_SIZE: i64 = 20;
pub const SEARCH_MAX_CHARS: usize = 100;

/// Filters of the directory. Empty fields filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    /// Words, each matching the start of a word of the name, description or commune.
    pub q: String,
    pub kind: Option<StructureKind>,
    /// Theme slug.
    pub theme: Option<String>,
    /// INSEE code of a commune.
    pub commune: Option<String>,
    /// Département code (« 30 », « 2A », « 974 »).
    pub departement: Option<String>,
    /// Territory or network slug.
    pub territory: Option<String>,
    /// Only structures with at least one open need.
    pub open_needs: bool,
    /// 1-based.
    pub page: u32,
}

/// A slug or code taken from a URL: ASCII letters, digits, `-` and `_`, bounded.
pub fn is_code(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl DirectoryFilter {
    /// Reads the URL query (French parameter names). Unknown values are dropped rather
    /// than refused: an old shared link still opens.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        DirectoryFilter {
            q: text("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            kind: text("type").and_then(|k| StructureKind::parse(&k)),
            theme: text("theme").filter(|v| is_code(v, 60)),
            commune: text("commune").filter(|v| is_code(v, 5)),
            departement: text("departement").map(|v| v.to_uppercase()).filter(|v| is_code(v, 3)),
            territory: text("reseau").filter(|v| is_code(v, 80)),
            open_needs: text("besoins").is_some_and(|v| v == "1" || v == "on"),
            page: text("page").and_then(|p| p.parse().ok()).filter(|p| (1..=10_000).contains(p)).unwrap_or(1),
        }
    }

    /// The URL query of this filter (without `?`), for links and pagination.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.as_str().to_string()));
        }
        for (key, value) in [("theme", &self.theme), ("commune", &self.commune), ("departement", &self.departement), ("reseau", &self.territory)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if self.open_needs {
            pairs.push(("besoins", "1".into()));
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

/// Percent-encodes a query value (UTF-8 bytes outside the unreserved set).
pub fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A structure in the directory list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StructureCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: StructureKind,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub summary: String,
    pub open_needs: i64,
    pub open_offers: i64,
}

/// (slug, name) of a theme or territory, for the filter lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Choice {
    pub slug: String,
    pub name: String,
}

/// One page of the directory, with what the filter form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectoryData {
    pub items: Vec<StructureCard>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub themes: Vec<Choice>,
    pub territories: Vec<Choice>,
    /// Name of the commune filtered on, to show it.
    pub commune_name: Option<String>,
}

/// The public page of a structure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StructurePage {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: StructureKind,
    pub description: String,
    pub address: Option<String>,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    pub departement: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub themes: Vec<String>,
    pub territories: Vec<Choice>,
    pub needs: Vec<PostCard>,
    pub offers: Vec<PostCard>,
    /// Shared equipment: (name, description).
    pub resources: Vec<(String, String)>,
    /// The viewer is a member (may edit the profile).
    pub viewer_is_member: bool,
    /// The viewer is signed in (may report the profile).
    pub viewer_signed_in: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_round_trips_through_the_url() {
        let f = DirectoryFilter {
            q: "éco & co".into(),
            kind: Some(StructureKind::TiersLieu),
            theme: Some("jardins".into()),
            departement: Some("2A".into()),
            open_needs: true,
            page: 3,
            ..Default::default()
        };
        let q = f.to_query();
        assert_eq!(q, "q=%C3%A9co+%26+co&type=tiers_lieu&theme=jardins&departement=2A&besoins=1&page=3");
        let pairs: Vec<(String, String)> = q
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), percent_decode(v))
            })
            .collect();
        let back = DirectoryFilter::from_query(|k| pairs.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.clone()));
        assert_eq!(back, f);
        // Bad values are dropped, not fatal.
        let odd = DirectoryFilter::from_query(|k| match k {
            "type" => Some("secte".into()),
            "commune" => Some("<script>".into()),
            "page" => Some("-4".into()),
            _ => None,
        });
        assert_eq!(odd, DirectoryFilter { page: 1, ..Default::default() });
    }

    fn percent_decode(v: &str) -> String {
        let v = v.replace('+', " ");
        let mut out = Vec::new();
        let b = v.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
