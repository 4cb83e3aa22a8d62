//! Publishing a need or an offer: the form as typed (checked the same way in the browser
//! and on the server), and what the form needs to show its choices.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{PostKind, Urgency};
use crate::error::{AppError, FieldError};
use crate::i18n as t;

pub const POST_TITLE_MIN_CHARS: usize = 5;
pub const POST_TITLE_MAX_CHARS: usize = 120;
pub const POST_DESCRIPTION_MIN_CHARS: usize = 10;
pub const POST_DESCRIPTION_MAX_CHARS: usize = 5000;
pub const POST_QUANTITY_MAX_CHARS: usize = 100;
pub const VOLUNTEERS_MAX: i64 = 500;
/// A post stays open 60 days unless its author says otherwise…
pub const DEFAULT_EXPIRY_DAYS: i64 = 60;
/// …and at most a year: a post nobody looks after should not linger.
pub const MAX_EXPIRY_DAYS: i64 = 365;
/// The author is reminded this many days before expiry.
pub const EXPIRY_REMINDER_DAYS: i64 = 7;
/// The category slug of volunteering missions.
pub const VOLUNTEERING: &str = "benevolat";
/// The `author` value meaning « à titre personnel ».
pub const AS_MYSELF: &str = "moi";

/// The publish / edit form, as typed. Every field is text so that nothing typed is
/// lost on the way back; missing fields read as empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostForm {
    /// `structure:<id>` or [`AS_MYSELF`]. Ignored when editing.
    pub author: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub quantity: String,
    /// `YYYY-MM-DD` (the date input's format); both empty = ongoing.
    pub starts_on: String,
    pub ends_on: String,
    /// `HH:MM`, volunteering missions only.
    pub mission_time: String,
    pub volunteers_needed: String,
    /// Empty = the structure's address; else a commune, « Nom (code postal) » or a postcode.
    pub commune: String,
    pub urgency: String,
    /// Empty = in [`DEFAULT_EXPIRY_DAYS`] days.
    pub expires_on: String,
    /// A precise point picked on the map (both empty: none). A structure's post only;
    /// within [`POINT_MAX_KM`] of its commune.
    pub lat: String,
    pub lon: String,
}

/// How far a picked point may be from the post's commune (or its structure's place).
pub const POINT_MAX_KM: f64 = 30.0;

/// The point of a picker's two hidden fields: none when both are empty, an error when
/// they are not a latitude and a longitude.
pub fn parse_point(lat: &str, lon: &str) -> Result<Option<(f64, f64)>, ()> {
    match (lat.trim(), lon.trim()) {
        ("", "") => Ok(None),
        (lat, lon) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) if lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0 => Ok(Some((lat, lon))),
            _ => Err(()),
        },
    }
}

/// The distance between two points (latitude, longitude), in kilometres (haversine).
pub fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let (dla, dlo) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Who a post is published as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostAuthor {
    Structure(i64),
    Myself,
}

/// The form once checked (the commune is resolved by the server).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedPost {
    pub author: PostAuthor,
    pub kind: PostKind,
    pub category: String,
    pub title: String,
    pub description: String,
    pub quantity: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub mission_time: Option<NaiveTime>,
    pub volunteers_needed: Option<i64>,
    pub commune: Option<String>,
    /// (latitude, longitude) picked on the map.
    pub point: Option<(f64, f64)>,
    pub urgency: Urgency,
    pub expires_on: NaiveDate,
}

fn trimmed(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    match raw.trim() {
        "" => Ok(None),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| ()),
    }
}

impl PostForm {
    /// Every field's problem at once, in the form's order. `today` is the server's date
    /// in Paris (sent to the browser with the form's choices). `editing` skips the author.
    pub fn check(&self, today: NaiveDate, editing: bool) -> Result<CheckedPost, AppError> {
        let mut fields: Vec<FieldError> = Vec::new();
        let mut err = |f: &str, m: &str| fields.push(AppError::field(f, m));

        let author = match self.author.trim() {
            _ if editing => Some(PostAuthor::Myself),
            AS_MYSELF => Some(PostAuthor::Myself),
            s => s.strip_prefix("structure:").and_then(|id| id.parse().ok()).map(PostAuthor::Structure),
        };
        if author.is_none() {
            err("author", t::ERR_POST_AUTHOR);
        }
        let kind = PostKind::parse(self.kind.trim());
        match (kind, author) {
            (None, _) => err("kind", t::ERR_POST_KIND),
            (Some(PostKind::Need), Some(PostAuthor::Myself)) if !editing => err("kind", t::ERR_POST_NEED_AS_MYSELF),
            _ => {}
        }
        let category = self.category.trim().to_string();
        if category.is_empty() || !category.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_') {
            err("category", t::ERR_POST_CATEGORY);
        }
        let title = self.title.trim().to_string();
        let n = title.chars().count();
        if n < POST_TITLE_MIN_CHARS || n > POST_TITLE_MAX_CHARS || has_control(&title) {
            err("title", t::ERR_POST_TITLE);
        }
        let description = self.description.trim().to_string();
        let n = description.chars().count();
        if n < POST_DESCRIPTION_MIN_CHARS || n > POST_DESCRIPTION_MAX_CHARS || has_control(&description) {
            err("description", t::ERR_POST_DESCRIPTION);
        }
        let quantity = trimmed(&self.quantity);
        if quantity.as_deref().is_some_and(|q| q.chars().count() > POST_QUANTITY_MAX_CHARS || has_control(q)) {
            err("quantity", t::ERR_POST_QUANTITY);
        }
        let starts_on = date(&self.starts_on).unwrap_or_else(|_| {
            err("starts_on", t::ERR_DATE);
            None
        });
        let ends_on = date(&self.ends_on).unwrap_or_else(|_| {
            err("ends_on", t::ERR_DATE);
            None
        });
        if let (Some(a), Some(b)) = (starts_on, ends_on) {
            if b < a {
                err("ends_on", t::ERR_POST_PERIOD);
            }
        }
        if ends_on.is_some_and(|d| d < today) {
            err("ends_on", t::ERR_POST_PERIOD_PAST);
        }
        let volunteering = kind == Some(PostKind::Need) && category == VOLUNTEERING;
        let mission_time = match self.mission_time.trim() {
            "" => None,
            s => NaiveTime::parse_from_str(s, "%H:%M").ok().or_else(|| {
                err("mission_time", t::ERR_TIME);
                None
            }),
        };
        let volunteers_needed = match self.volunteers_needed.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n) if (1..=VOLUNTEERS_MAX).contains(&n) => Some(n),
                _ => {
                    err("volunteers_needed", t::ERR_POST_VOLUNTEERS);
                    None
                }
            },
        };
        if volunteering {
            if self.starts_on.trim().is_empty() {
                err("starts_on", t::ERR_MISSION_DATE);
            }
            if self.volunteers_needed.trim().is_empty() {
                err("volunteers_needed", t::ERR_POST_VOLUNTEERS);
            }
        }
        let commune = trimmed(&self.commune);
        if commune.is_none() && author == Some(PostAuthor::Myself) && !editing {
            err("commune", t::ERR_POST_COMMUNE_AS_MYSELF);
        }
        let point = parse_point(&self.lat, &self.lon).unwrap_or_else(|()| {
            err("point", t::ERR_POINT_INVALID);
            None
        });
        let urgency = match self.urgency.trim() {
            "" => Some(Urgency::Normal),
            s => Urgency::parse(s),
        };
        if urgency.is_none() {
            err("urgency", t::ERR_POST_URGENCY);
        }
        let expires_on = match date(&self.expires_on) {
            Ok(None) => Some(today + chrono::Days::new(DEFAULT_EXPIRY_DAYS as u64)),
            Ok(Some(d)) if d > today && d <= today + chrono::Days::new(MAX_EXPIRY_DAYS as u64) => Some(d),
            _ => {
                err("expires_on", t::ERR_POST_EXPIRY);
                None
            }
        };
        match (author, kind, urgency, expires_on) {
            (Some(author), Some(kind), Some(urgency), Some(expires_on)) if fields.is_empty() => Ok(CheckedPost {
                author,
                kind,
                category,
                title,
                description,
                quantity,
                starts_on,
                ends_on,
                // Date, time and head count only mean something for a mission.
                mission_time: if volunteering { mission_time } else { None },
                volunteers_needed: if volunteering { volunteers_needed } else { None },
                commune,
                point,
                urgency,
                expires_on,
            }),
            _ => Err(AppError::invalid(fields)),
        }
    }
}

/// What the publish form needs: who I can publish as, the categories, today's date
/// (the server's, in Paris), and — when editing — the post as it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishChoices {
    /// `structure:<id>` or [`AS_MYSELF`], with the name shown.
    pub authors: Vec<super::Choice>,
    pub categories: Vec<super::Choice>,
    pub today: NaiveDate,
    pub editing: Option<PostForm>,
    /// Where each structure I may publish as is: (`structure:<id>`, latitude, longitude),
    /// to open the point picker there.
    pub places: Vec<(String, f64, f64)>,
    /// Street addresses can be searched (the instance has a geocoder, BAN).
    pub geocoder: bool,
}

/// A street address found by the national address API (BAN).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddressHit {
    /// « 12 Rue de la République 30700 Uzès ».
    pub label: String,
    pub lat: f64,
    pub lon: f64,
}

/// Address searches: between 3 and this many characters.
pub const ADDRESS_QUERY_MAX_CHARS: usize = 200;

/// « N structures proposent déjà un véhicule à moins de 10 km »: open posts of the
/// opposite kind and the same category near a commune, shown before publishing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NearbyPosts {
    pub total: i64,
    pub radius_km: i64,
    pub posts: Vec<super::PostCard>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn need() -> PostForm {
        PostForm {
            author: "structure:3".into(),
            kind: "need".into(),
            category: "vehicule".into(),
            title: "Un camion samedi".into(),
            description: "Pour déménager la recyclerie, samedi matin.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_need_passes_with_defaults() {
        let c = need().check(today(), false).unwrap();
        assert_eq!(c.author, PostAuthor::Structure(3));
        assert_eq!(c.urgency, Urgency::Normal);
        assert_eq!(c.expires_on, NaiveDate::from_ymd_opt(2027, 1, 22).unwrap());
        assert_eq!(c.commune, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let f = PostForm { title: "abc".into(), description: "court".into(), ends_on: "2026-11-01".into(), ..need() };
        let e = f.check(today(), false).unwrap_err();
        let names: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["title", "description", "ends_on"]);
    }

    #[test]
    fn an_individual_offers_but_does_not_ask_and_gives_a_commune() {
        let f = PostForm { author: AS_MYSELF.into(), ..need() };
        let e = f.check(today(), false).unwrap_err();
        assert!(e.message_for("kind").is_some());
        assert!(e.message_for("commune").is_some());
        let f = PostForm { author: AS_MYSELF.into(), kind: "offer".into(), commune: "Uzès".into(), ..need() };
        assert!(f.check(today(), false).is_ok());
    }

    #[test]
    fn a_mission_needs_a_date_and_a_head_count() {
        let f = PostForm { category: VOLUNTEERING.into(), ..need() };
        let e = f.check(today(), false).unwrap_err();
        assert!(e.message_for("starts_on").is_some());
        assert!(e.message_for("volunteers_needed").is_some());
        let f = PostForm {
            category: VOLUNTEERING.into(),
            starts_on: "2026-12-05".into(),
            mission_time: "09:30".into(),
            volunteers_needed: "4".into(),
            ..need()
        };
        let c = f.check(today(), false).unwrap();
        assert_eq!(c.volunteers_needed, Some(4));
        assert_eq!(c.mission_time, NaiveTime::from_hms_opt(9, 30, 0));
    }

    #[test]
    fn expiry_is_in_the_future_and_within_a_year() {
        for bad in ["2026-11-23", "2028-01-01", "demain"] {
            let f = PostForm { expires_on: bad.into(), ..need() };
            assert!(f.check(today(), false).unwrap_err().message_for("expires_on").is_some(), "{bad}");
        }
    }
}
