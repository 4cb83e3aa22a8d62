//! The directory (« Annuaire »): one typed filter, serialised to the URL query so a
//! filtered view is a shareable link, and what a page of results holds.

use serde::{Deserialize, Serialize};

use super::filter::{Params, Place, Problem, SEARCH_MAX_CHARS, query, read_code, read_page};
use super::{PostCard, StructureKind};

pub const DIRECTORY_PAGE_SIZE: i64 = 20;

/// Filters of the directory. Empty fields filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    /// Words, each matching the start of a word of the name, description or commune.
    pub q: String,
    pub kind: Option<StructureKind>,
    /// Theme slug.
    pub theme: Option<String>,
    /// Commune, département, territory: read as the posts' filter reads them.
    pub place: Place,
    /// Only structures with at least one open need.
    pub open_needs: bool,
    /// 1-based.
    pub page: u32,
}

impl DirectoryFilter {
    /// Parameters of the directory (and of `GET /api/v1/structures`).
    pub const KEYS: &'static [&'static str] = &["q", "type", "theme", "commune", "departement", "reseau", "besoins", "page"];

    /// Reads the URL query (French parameter names); a bad value is left out and said.
    pub fn read(params: &Params) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let kind = params.one("type").and_then(|k| {
            let kind = StructureKind::parse(&k);
            if kind.is_none() {
                problems.push(Problem { key: "type", message: format!("type inconnu : « {} ».", k.chars().take(40).collect::<String>()) });
            }
            kind
        });
        let f = DirectoryFilter {
            q: params.one("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            kind,
            theme: read_code(params, "theme", 60, &mut problems),
            place: Place::read(params, Self::KEYS, &mut problems),
            open_needs: params.one("besoins").is_some_and(|v| v == "1" || v == "on"),
            page: read_page(params, &mut problems),
        };
        (f, problems)
    }

    /// [`DirectoryFilter::read`] for a page: bad values are dropped, so an old shared link
    /// still opens.
    pub fn from_params(params: &Params) -> Self {
        Self::read(params).0
    }

    /// The URL query of this filter (without `?`), for links and pagination.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.as_str().to_string()));
        }
        if let Some(t) = &self.theme {
            pairs.push(("theme", t.clone()));
        }
        self.place.push_pairs(&mut pairs);
        if self.open_needs {
            pairs.push(("besoins", "1".into()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query(&pairs)
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self { page, ..self.clone() }
    }

    /// The filter as the page's reader would have read it (a server function receives
    /// it as a structure).
    pub fn checked(&self) -> Self {
        Self::from_params(&Params::parse(&self.to_query()))
    }
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
    /// Its pooled resources: (id, name, description).
    pub resources: Vec<(i64, String, String)>,
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
            place: Place { departement: Some("2A".into()), ..Default::default() },
            open_needs: true,
            page: 3,
        };
        let q = f.to_query();
        assert_eq!(q, "q=%C3%A9co+%26+co&type=tiers_lieu&theme=jardins&departement=2A&besoins=1&page=3");
        assert_eq!(DirectoryFilter::from_params(&Params::parse(&q)), f);
        // Bad values are dropped, not fatal, and said.
        let (odd, problems) = DirectoryFilter::read(&Params::parse("type=secte&commune=%3Cscript%3E&page=-4"));
        assert_eq!(odd, DirectoryFilter { page: 1, ..Default::default() });
        assert_eq!(problems.iter().map(|p| p.key).collect::<Vec<_>>(), ["type", "commune", "page"]);
    }
}
