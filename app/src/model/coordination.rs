//! Espace coordination: the dashboard's figures, the coordinators' list of posts and its
//! URL filter, the moderation queue, « mise en relation ».

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Choice, Grammar, Params, PostCard, PostFilter, PostKind, PostStatus, query};

/// Days after which an open need without any response is flagged.
pub const UNANSWERED_DAYS: [i64; 2] = [7, 30];
/// Window of the median time to first response and of « active » structures.
pub const RECENT_DAYS: i64 = 90;
/// Months of the trend chart.
pub const TREND_MONTHS: usize = 12;
/// Communes listed on the dashboard (the busiest).
pub const TOP_COMMUNES: i64 = 12;
/// Unanswered needs drawn on the dashboard's map.
pub const UNMET_ON_MAP: i64 = 300;
/// Rows per page of the coordinators' list.
pub const COORD_PAGE: i64 = 50;
/// Moderation reasons (hide, restore, ban): bounds in characters.
pub const MODERATION_REASON_MIN: usize = 5;
pub const MODERATION_REASON_MAX: usize = 1000;
/// An item waiting longer than this is flagged in the queue.
pub const QUEUE_SLA_DAYS: i64 = 7;
/// Duplicates: a structure within this distance with a similar name.
pub const DUPLICATE_METERS: f64 = 100.0;

/// Which scopes a coordinator can choose, and the one shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeView {
    /// `None`: the whole instance (instance admins only).
    pub current: Option<String>,
    pub name: String,
    /// Territories and networks the user may look at.
    pub choices: Vec<Choice>,
    pub instance_wide: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CategoryCount {
    pub slug: String,
    pub name: String,
    pub needs: i64,
    pub offers: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CommuneCount {
    pub insee: String,
    pub name: String,
    pub needs: i64,
    pub offers: i64,
}

/// Posts published in one month (`YYYY-MM`, Paris time is not needed at this grain: UTC).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: String,
    pub needs: i64,
    pub offers: i64,
}

/// An open need without responses, for the dashboard's map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct UnmetNeed {
    pub id: i64,
    pub title: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub scope: ScopeView,
    pub open_needs: i64,
    pub open_offers: i64,
    pub by_category: Vec<CategoryCount>,
    pub by_commune: Vec<CommuneCount>,
    /// Open needs published more than 7 and 30 days ago without any response.
    pub unanswered: [i64; 2],
    pub fulfilled_this_month: i64,
    /// Median time from publication to the first response, over needs and offers published
    /// in the last [`RECENT_DAYS`] days that got one; with how many there were.
    pub median_first_response_hours: Option<f64>,
    pub first_response_sample: i64,
    /// Validated structures that published a post in the last [`RECENT_DAYS`] days.
    pub active_structures: i64,
    pub trend: Vec<MonthCount>,
    pub unmet: Vec<UnmetNeed>,
    /// Items in the moderation queue, and the oldest one's date (always current).
    pub queue_len: i64,
    pub queue_oldest: Option<DateTime<Utc>>,
    /// When the other figures were computed (they are kept a minute, see
    /// `coordination::dashboard::FigureCache`).
    pub computed_at: DateTime<Utc>,
}

/// Which posts the coordinators' list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordState {
    /// Published or in progress (the default).
    #[default]
    Open,
    /// Open needs published more than N days ago without responses (7 or 30).
    Unanswered(i64),
    /// Fulfilled since the first day of this month.
    FulfilledThisMonth,
    /// Every status but drafts.
    All,
}

impl CoordState {
    pub fn to_param(self) -> String {
        match self {
            CoordState::Open => "ouvertes".into(),
            CoordState::Unanswered(d) => format!("sans-reponse-{d}"),
            CoordState::FulfilledThisMonth => "pourvues-ce-mois".into(),
            CoordState::All => "toutes".into(),
        }
    }

    pub fn from_param(v: &str) -> Option<Self> {
        match v {
            "ouvertes" => Some(CoordState::Open),
            "pourvues-ce-mois" => Some(CoordState::FulfilledThisMonth),
            "toutes" => Some(CoordState::All),
            _ => v
                .strip_prefix("sans-reponse-")
                .and_then(|d| d.parse().ok())
                .filter(|d| UNANSWERED_DAYS.contains(d))
                .map(CoordState::Unanswered),
        }
    }
}

/// The coordinators' list filter: the posts' filter ([`Grammar::COORDINATION`]: `reseau`
/// picks the scope, `type`, `categorie`, `commune`, `departement`, `page`) extended by
/// `etat` and `mois` (`YYYY-MM`, publication month). Unknown values are dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CoordFilter {
    pub posts: PostFilter,
    pub state: CoordState,
    pub month: Option<String>,
}

impl CoordFilter {
    pub fn from_params(params: &Params) -> Self {
        CoordFilter {
            posts: PostFilter::from_params(params, Grammar::COORDINATION),
            state: params.one("etat").and_then(|v| CoordState::from_param(&v)).unwrap_or_default(),
            month: params.one("mois").filter(|m| is_month(m)),
        }
    }

    /// The filter as the page's parser would have read it: a filter sent to the server
    /// function as a structure (`filter[state][Unanswered]=…`) goes through the same
    /// checks as the URL (days among [`UNANSWERED_DAYS`], codes, month, page).
    pub fn checked(&self) -> Self {
        let mut pairs = self.to_pairs();
        pairs.push(("page", self.posts.page.to_string()));
        CoordFilter::from_params(&Params::from_pairs(pairs))
    }

    /// The scope asked for (`reseau`).
    pub fn territory(&self) -> Option<&str> {
        self.posts.place.territory.as_deref()
    }

    /// The URL parameters, page excluded (forms and exports repeat them).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = self.posts.with_page(1).to_pairs();
        if self.state != CoordState::Open {
            v.push(("etat", self.state.to_param()));
        }
        if let Some(m) = &self.month {
            v.push(("mois", m.clone()));
        }
        v
    }

    pub fn to_query(&self) -> String {
        let mut pairs = self.to_pairs();
        if self.posts.page > 1 {
            pairs.push(("page", self.posts.page.to_string()));
        }
        query(&pairs)
    }

    /// `/coordination/annonces?…` for this filter.
    pub fn list_url(&self) -> String {
        let q = self.to_query();
        if q.is_empty() { "/coordination/annonces".into() } else { format!("/coordination/annonces?{q}") }
    }
}

/// `YYYY-MM` with a real month.
pub fn is_month(m: &str) -> bool {
    m.len() == 7
        && m.as_bytes()[4] == b'-'
        && m[..4].parse::<u16>().is_ok_and(|y| (2000..=2200).contains(&y))
        && m[5..].parse::<u8>().is_ok_and(|mo| (1..=12).contains(&mo))
}

/// A row of the coordinators' list (and of its CSV export).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CoordPost {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub hidden: bool,
    pub title: String,
    pub category_name: String,
    pub structure_name: Option<String>,
    pub commune_name: Option<String>,
    pub insee: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub responses: i64,
    pub first_response_at: Option<DateTime<Utc>>,
    pub connections: i64,
    /// An individual's post is at its commune's centroid.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A structure as the coordinators' exports give it. Its contacts are all there, with
/// which of them it made public: the export shows them through `Contacts::seen_by`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CoordStructure {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: super::StructureKind,
    pub description: String,
    pub address: Option<String>,
    pub insee: Option<String>,
    pub commune_name: Option<String>,
    pub postcode: Option<String>,
    pub departement: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub updated_at: DateTime<Utc>,
    pub open_needs: i64,
    pub open_offers: i64,
    pub email_public: bool,
    pub phone_public: bool,
    pub website_public: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoordList {
    pub scope: ScopeView,
    pub categories: Vec<Choice>,
    pub rows: Vec<CoordPost>,
    pub more: bool,
}

/// « Mise en relation »: a need, the offers that match it, and those already connected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectView {
    pub need: PostCard,
    pub responses: i64,
    pub candidates: Vec<PostCard>,
    pub connected: Vec<i64>,
}

/// Why an item is in the moderation queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueReason {
    New,
    Reported,
    PossibleDuplicate,
    LocationDoubtful,
    WaitingTooLong,
    Stale,
}

/// A structure that might be the same as a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DuplicateCandidate {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub commune: Option<String>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub validation_status: String,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub why: String,
}

/// A reason given by a reporter (the reporter's name is not shown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReportReason {
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// A reported post or structure profile with its open reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedItem {
    /// `post` or `structure`.
    pub target_kind: String,
    pub target_id: i64,
    pub title: String,
    pub url: String,
    pub hidden: bool,
    /// The account behind a personal post (instance admins may ban it).
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub reasons: Vec<ReportReason>,
    pub since: DateTime<Utc>,
    pub why: Vec<QueueReason>,
}

/// A new structure waiting for validation, with its possible duplicates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingItem {
    pub structure: super::PendingStructure,
    pub duplicates: Vec<DuplicateCandidate>,
    pub why: Vec<QueueReason>,
}

/// A post hidden by moderation (restorable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct HiddenPost {
    pub id: i64,
    pub title: String,
    pub hidden_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub scope: ScopeView,
    pub pending: Vec<PendingItem>,
    pub reported: Vec<ReportedItem>,
    pub hidden: Vec<HiddenPost>,
    /// Structures that did not answer their yearly reminder: (id, slug, name, asked at).
    pub stale: Vec<(i64, String, String, DateTime<Utc>)>,
    pub oldest: Option<DateTime<Utc>>,
    /// Instance admins may ban accounts.
    pub can_ban: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_round_trips_through_the_url() {
        let f = CoordFilter {
            posts: PostFilter {
                kinds: vec![crate::model::MapKind::Need],
                categories: vec!["vehicule".into()],
                place: crate::model::Place { commune: Some("30334".into()), territory: Some("pays-d-uzes".into()), ..Default::default() },
                page: 3,
                ..Default::default()
            },
            state: CoordState::Unanswered(30),
            month: Some("2026-05".into()),
        };
        let q = f.to_query();
        assert_eq!(q, "type=besoin&categorie=vehicule&commune=30334&reseau=pays-d-uzes&etat=sans-reponse-30&mois=2026-05&page=3");
        assert_eq!(CoordFilter::from_params(&Params::parse(&q)), f);
        assert_eq!(f.checked(), f);
        let odd = CoordFilter::from_params(&Params::parse("q=pain&tri=urgence&bbox=1,2,3,4&etat=sans-reponse-12&mois=2026-13"));
        assert_eq!(odd, CoordFilter { posts: PostFilter { page: 1, ..Default::default() }, ..Default::default() }, "what the list does not read is left out");
        assert_eq!(CoordState::from_param("sans-reponse-12"), None, "only the dashboard's thresholds");
        assert!(!is_month("2026-13") && is_month("2026-01") && !is_month("26-01-01"));
    }
}

/// Structures CSV import: at most this many bytes of text and lines.
pub const IMPORT_MAX_BYTES: usize = 1_000_000;
pub const IMPORT_MAX_ROWS: usize = 5_000;
/// Valid lines shown in the preview (every line in error is shown).
pub const IMPORT_PREVIEW_VALID: usize = 50;

/// One line of an import, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    pub kind: String,
    pub commune: String,
    /// French messages, « colonne : problème »; empty when the line is valid.
    pub errors: Vec<String>,
}

/// What an import would do; nothing is written for a preview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub valid: usize,
    pub invalid: usize,
    /// Every line in error, then the first valid ones.
    pub lines: Vec<ImportLine>,
    /// Columns of the file that are not read.
    pub ignored_columns: Vec<String>,
}

/// A running or finished import (polled by the page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub id: u64,
    pub total: usize,
    pub done: usize,
    pub finished: bool,
    /// Structures created (all of them, or none).
    pub created: usize,
    pub error: Option<String>,
}

/// The admins' vocabularies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelKind {
    Category,
    Theme,
}

impl LabelKind {
    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "category" => Some(LabelKind::Category),
            "theme" => Some(LabelKind::Theme),
            _ => None,
        }
    }
}

/// A category or theme, with how many posts or structures use it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LabelRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
    pub used: i64,
}

pub const LABEL_NAME_MAX: usize = 60;
pub const INSTANCE_TEXT_MAX: usize = 20_000;
/// The instance texts admins may write: (key, French title, page).
pub const INSTANCE_TEXTS: [(&str, &str, &str); 4] = [
    ("about", "À propos", "/a-propos"),
    ("charter", "Charte de la communauté", "/charte"),
    ("legal", "Mentions légales", "/mentions-legales"),
    ("privacy", "Données personnelles", "/confidentialite"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub categories: Vec<LabelRow>,
    pub themes: Vec<LabelRow>,
    /// (key, the admins' text, or empty for the built-in one).
    pub texts: Vec<(String, String)>,
    pub map_lat: f64,
    pub map_lon: f64,
    pub map_zoom: i64,
}

/// Communes listed by name on a territory's card (the count is always given).
pub const TERRITORY_COMMUNES_LISTED: i64 = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TerritoryView {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub commune_count: i64,
    pub communes: Vec<(String, String)>,
    pub members: Vec<(i64, String, String)>,
    /// Structures invited to join, until their responsables answer: (id, name, slug).
    pub invited: Vec<(i64, String, String)>,
    /// Coordinators' display names (their e-mail addresses are not shown).
    pub coordinators: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TerritoriesView {
    pub territories: Vec<TerritoryView>,
    /// Instance admins create territories and appoint coordinators.
    pub admin: bool,
}

/// What coordinators added to their territories before only admins could (communes) and
/// before a structure had to accept (members), read from the audit log, for the admins to
/// review (`/admin/territoires`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoordinatorAddition {
    /// The audit log row.
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The coordinator's display name.
    pub coordinator: Option<String>,
    pub territory_id: i64,
    pub territory_name: Option<String>,
    pub what: AdditionKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AdditionKind {
    /// A commune as typed (name or postcode); `changed` is 0 or 1.
    Commune { value: String, changed: i64 },
    /// A whole département (its code) and how many communes it added.
    Departement { code: String, changed: i64 },
    /// A member structure (its name and slug while it exists) and whether it still is one.
    Member { structure_id: i64, name: Option<String>, slug: Option<String>, still_member: bool },
}

/// The admins' review page: coordinators' additions, and invitations waiting for an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoordinatorReview {
    pub additions: Vec<CoordinatorAddition>,
    pub pending: Vec<super::NetworkInvitation>,
}

/// Rows of the review read from the audit log (newest first).
pub const REVIEW_MAX_ROWS: i64 = 500;
