//! Which alerts a post matches, without testing every alert. An alert is the list's
//! filter (`model::PostFilter`); this module applies it to one post in memory, by the
//! same rules as the search (`search::sql`, `search::index`): every word the start of a
//! word of the folded text (a one-character word, the whole word), the kind, one of the
//! categories, and the place — the commune, or within the radius of its centre; the
//! département; the network's structures or communes.
//!
//! [`AlertIndex`] files each alert under the one key a matching post must have — its
//! commune, the 0.5° cells its circle touches, its département, its network, else its
//! categories — so a post is tested against the alerts of its own keys only (figures in
//! docs/benchmarks.md §6, beside testing every alert).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::model::{PostFilter, PostKind};
use crate::search::{KM_PER_DEGREE, Origin};

/// A public post as the alerts see it.
#[derive(Clone, Debug)]
pub struct PostFacts {
    pub id: i64,
    pub kind: PostKind,
    pub category: String,
    pub structure: Option<i64>,
    pub insee: Option<String>,
    pub departement: Option<String>,
    /// (latitude, longitude).
    pub point: Option<(f64, f64)>,
    pub published: DateTime<Utc>,
    pub urgent: bool,
    /// The folded title and description (`posts.search_folded`).
    pub text: String,
}

/// A network's members and communes (`territory_structures`, `territory_communes`).
#[derive(Clone, Debug, Default)]
pub struct Network {
    pub structures: HashSet<i64>,
    pub communes: HashSet<String>,
}

/// Networks by slug.
pub type Networks = HashMap<String, Network>;

/// One alert, compiled.
#[derive(Clone, Debug)]
struct Compiled {
    id: i64,
    kind: Option<PostKind>,
    categories: Vec<String>,
    words: Vec<String>,
    commune: Option<String>,
    departement: Option<String>,
    territory: Option<String>,
    /// Centre and squared radius (`Origin::squared`'s unit).
    around: Option<(Origin, f64)>,
}

/// The key a post must have for an alert to be worth testing.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
enum Key {
    Commune(String),
    Cell(i32, i32),
    Departement(String),
    Territory(String),
    Category(String),
    Anything,
}

/// Cell side, in degrees: a 100 km circle touches about 30 cells, a 10 km one 1 to 4.
const CELL_DEGREES: f64 = 0.5;

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    ((lat / CELL_DEGREES).floor() as i32, (lon / CELL_DEGREES).floor() as i32)
}

/// Alerts filed by key.
#[derive(Default)]
pub struct AlertIndex {
    alerts: Vec<Compiled>,
    keys: HashMap<Key, Vec<u32>>,
}

impl AlertIndex {
    /// `alerts`: (id, filter, centre of its radius if it has one; an alert with a radius
    /// whose commune is unknown matches nothing, as on the list).
    pub fn new(alerts: impl IntoIterator<Item = (i64, PostFilter, Option<Origin>)>) -> Self {
        let mut index = AlertIndex::default();
        for (id, f, centre) in alerts {
            let slot = index.alerts.len() as u32;
            let around = match (f.radius_km, centre) {
                (Some(km), Some(c)) => Some((c, (f64::from(km) / KM_PER_DEGREE).powi(2))),
                _ => None,
            };
            let compiled = Compiled {
                id,
                kind: f.post_kind(),
                categories: f.categories.clone(),
                words: f.words(),
                commune: f.place.commune.clone().filter(|_| around.is_none()),
                departement: f.place.departement.clone(),
                territory: f.place.territory.clone(),
                around,
            };
            for key in keys_of(&compiled, f.radius_km) {
                index.keys.entry(key).or_default().push(slot);
            }
            index.alerts.push(compiled);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.alerts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.alerts.is_empty()
    }

    /// The ids of the alerts `post` matches.
    pub fn matching(&self, post: &PostFacts, networks: &Networks) -> Vec<i64> {
        let tokens: Vec<&str> = post.text.split(' ').filter(|t| !t.is_empty()).collect();
        let mut keys = vec![Key::Category(post.category.clone()), Key::Anything];
        if let Some(c) = &post.insee {
            keys.push(Key::Commune(c.clone()));
        }
        if let Some(d) = &post.departement {
            keys.push(Key::Departement(d.clone()));
        }
        if let Some((lat, lon)) = post.point {
            let (y, x) = cell(lat, lon);
            keys.push(Key::Cell(y, x));
        }
        for (slug, n) in networks {
            if post.structure.is_some_and(|s| n.structures.contains(&s)) || post.insee.as_ref().is_some_and(|c| n.communes.contains(c)) {
                keys.push(Key::Territory(slug.clone()));
            }
        }
        let mut out = Vec::new();
        for key in &keys {
            for slot in self.keys.get(key).map(Vec::as_slice).unwrap_or_default() {
                let a = &self.alerts[*slot as usize];
                if keeps(a, post, &tokens, networks) {
                    out.push(a.id);
                }
            }
        }
        out
    }

    /// What [`AlertIndex::matching`] answers, by testing every alert: the naive baseline
    /// of the benchmark, and the rule the tests hold the index to.
    pub fn matching_naively(&self, post: &PostFacts, networks: &Networks) -> Vec<i64> {
        let tokens: Vec<&str> = post.text.split(' ').filter(|t| !t.is_empty()).collect();
        self.alerts.iter().filter(|a| keeps(a, post, &tokens, networks)).map(|a| a.id).collect()
    }
}

/// Where an alert is filed: under exactly one family of keys, so that a post, which has
/// one key of each family, finds it at most once.
fn keys_of(a: &Compiled, radius_km: Option<u16>) -> Vec<Key> {
    if let Some((c, _)) = a.around {
        let km = f64::from(radius_km.unwrap_or(0));
        let dlat = km / KM_PER_DEGREE;
        let dlon = km / (KM_PER_DEGREE * c.lat.to_radians().cos().max(0.01));
        let (y0, x0) = cell(c.lat - dlat, c.lon - dlon);
        let (y1, x1) = cell(c.lat + dlat, c.lon + dlon);
        return (y0..=y1).flat_map(|y| (x0..=x1).map(move |x| Key::Cell(y, x))).collect();
    }
    if let Some(c) = &a.commune {
        return vec![Key::Commune(c.clone())];
    }
    if let Some(d) = &a.departement {
        return vec![Key::Departement(d.clone())];
    }
    if let Some(t) = &a.territory {
        return vec![Key::Territory(t.clone())];
    }
    if a.categories.is_empty() {
        vec![Key::Anything]
    } else {
        a.categories.iter().map(|c| Key::Category(c.clone())).collect()
    }
}

fn keeps(a: &Compiled, p: &PostFacts, tokens: &[&str], networks: &Networks) -> bool {
    a.kind.is_none_or(|k| k == p.kind)
        && (a.categories.is_empty() || a.categories.contains(&p.category))
        && a.commune.as_ref().is_none_or(|c| p.insee.as_ref() == Some(c))
        && a.departement.as_ref().is_none_or(|d| p.departement.as_ref() == Some(d))
        && a.territory.as_ref().is_none_or(|t| {
            networks.get(t).is_some_and(|n| {
                p.structure.is_some_and(|s| n.structures.contains(&s)) || p.insee.as_ref().is_some_and(|c| n.communes.contains(c))
            })
        })
        && a.around.is_none_or(|(o, sq)| p.point.is_some_and(|(lat, lon)| o.squared(lat, lon) <= sq))
        && a.words.iter().all(|w| tokens.iter().any(|t| spans(w, t)))
}

/// Whether a search word finds this word of a text (`search::index`'s rule).
fn spans(search: &str, word: &str) -> bool {
    if crate::db::backend::word_is_prefix(search) { word.starts_with(search) } else { word == search }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grammar, Params};

    fn filter(q: &str) -> PostFilter {
        PostFilter::from_params(&Params::parse(q), Grammar::LIST)
    }

    fn post(text: &str, category: &str, insee: &str, point: (f64, f64)) -> PostFacts {
        PostFacts {
            id: 1,
            kind: PostKind::Need,
            category: category.into(),
            structure: Some(7),
            insee: Some(insee.into()),
            departement: Some(insee[..2].into()),
            point: Some(point),
            published: Utc::now(),
            urgent: false,
            text: crate::model::fold(text),
        }
    }

    #[test]
    fn the_index_finds_what_testing_every_alert_finds() {
        let uzes = Origin { lat: 44.0125, lon: 4.4197 };
        let alerts = vec![
            (1, filter("type=besoin&categorie=vehicule"), None),
            (2, filter("commune=30334&rayon=30&q=camion"), Some(uzes)),
            (3, filter("commune=30334&rayon=5"), Some(uzes)),
            (4, filter("departement=30&type=ressource"), None),
            (5, filter("commune=30189"), None),
            (6, filter("q=camion+frigo"), None),
            (7, filter("reseau=uzege"), None),
            (8, filter("q=c"), None),
            (9, filter(""), None),
        ];
        let index = AlertIndex::new(alerts);
        let mut networks = Networks::new();
        networks.insert("uzege".into(), Network { structures: HashSet::from([7]), communes: HashSet::new() });
        // A need for a refrigerated van in Nîmes (30189, ~20 km from Uzès).
        let nimes = post("Un camion frigorifique", "vehicule", "30189", (43.8345, 4.3592));
        let mut got = index.matching(&nimes, &networks);
        got.sort();
        assert_eq!(got, vec![1, 2, 5, 6, 7, 9]);
        let mut naive = index.matching_naively(&nimes, &networks);
        naive.sort();
        assert_eq!(got, naive);
        // « c » is a whole word; « camion » and « frigo » both start words.
        let c = post("Vitamine C pour tous", "alimentation", "60637", (49.24, 2.27));
        assert_eq!(index.matching(&c, &Networks::new()), vec![8, 9]);
    }
}
