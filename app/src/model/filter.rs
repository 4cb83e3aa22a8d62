//! One filter of posts, read from and written to the URL: the list (`/partage`), the map
//! page and `GET /api/v1/map`, `GET /api/v1/posts`, the coordinators' list and its exports
//! all read their words, kinds, categories and place here, once. Each of them names the
//! parameters it understands in a [`Grammar`]; the coordinators' state and month, the
//! map's zoom and the directory's own fields extend the same [`Params`] reading.
//!
//! Reading never fails: it gives the filter and the [`Problem`]s met. Pages drop the bad
//! values (an old shared link still opens), the APIs refuse the request with the first
//! problem's French message (a client learns of its mistake).
//!
//! May import: the other `model` modules only (this runs in the browser too).

use serde::{Deserialize, Serialize};

use super::{PostKind, ShareSort, fold};

/// Characters of search words kept.
pub const SEARCH_MAX_CHARS: usize = 100;
/// Categories one filter names at most.
pub const MAX_CATEGORIES: usize = 20;
/// Pages a list can be asked for.
pub const MAX_PAGE: u32 = 10_000;
/// The radius around a commune (`rayon`), in kilometres.
pub const RADIUS_KM: std::ops::RangeInclusive<u16> = 1..=100;
/// The radii the forms offer.
pub const RADIUS_CHOICES: [u16; 6] = [5, 10, 20, 30, 50, 100];

/// A URL query as its pairs, repeated keys kept in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// `a=1&b=2` (without `?`), percent- and `+`-decoded.
    pub fn parse(raw: &str) -> Self {
        Params(url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect())
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        Params(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }

    /// The last non-empty value of `key`, trimmed (a form's hidden field and its visible
    /// twin: the later one wins, as the router's `get` does).
    pub fn one(&self, key: &str) -> Option<String> {
        self.0.iter().rev().filter(|(k, _)| k == key).map(|(_, v)| v.trim()).find(|v| !v.is_empty()).map(str::to_string)
    }

    /// Every value of `key`, repeated or comma-separated, trimmed, without duplicates.
    pub fn many(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for v in self.0.iter().filter(|(k, _)| k == key).flat_map(|(_, v)| v.split(',')) {
            let v = v.trim();
            if !v.is_empty() && !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        }
        out
    }

    /// What `read` finds in a query, for an API: the first unknown parameter or bad value
    /// is the French message refusing it.
    pub fn read_strict<T>(raw: &str, keys: &[&str], read: impl FnOnce(&Params) -> (T, Vec<Problem>)) -> Result<(Params, T), String> {
        let params = Params::parse(raw);
        if let Some(p) = params.unknown(keys) {
            return Err(p.message);
        }
        let (value, problems) = read(&params);
        match problems.into_iter().next() {
            Some(p) => Err(p.message),
            None => Ok((params, value)),
        }
    }

    /// A parameter outside `keys`, as a problem.
    pub fn unknown(&self, keys: &[&str]) -> Option<Problem> {
        self.0
            .iter()
            .find(|(k, _)| !keys.contains(&k.as_str()))
            .map(|(k, _)| Problem { key: "", message: format!("Paramètre inconnu : « {} ». Paramètres possibles : {}.", cut(k, 40), keys.join(", ")) })
    }
}

impl From<&leptos_router::params::ParamsMap> for Params {
    fn from(map: &leptos_router::params::ParamsMap) -> Self {
        Params::from_pairs(map.into_iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }
}

/// A value that could not be read, with what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The parameter (empty: the query as a whole).
    pub key: &'static str,
    pub message: String,
}

/// What a reader of the filter understands.
#[derive(Clone, Copy, Debug)]
pub struct Grammar {
    /// Parameters read; any other is unknown to it.
    pub keys: &'static [&'static str],
    /// `type=structure`: the map shows structures beside needs and offers.
    pub structures: bool,
    /// Longitudes past ±180° in `bbox` (a web map at low zoom shows more than the world).
    pub wide_box: bool,
}

impl Grammar {
    /// The list `/partage` and `GET /api/v1/posts`.
    pub const LIST: Grammar =
        Grammar { keys: &["q", "type", "categorie", "commune", "rayon", "departement", "reseau", "tri", "pres", "depuis", "bbox", "page"], structures: false, wide_box: false };
    /// The map pages (`/carte`, `/embed`): where they look is [`super::MapView`].
    pub const MAP: Grammar = Grammar { keys: &["q", "type", "categorie", "commune", "departement", "reseau"], structures: true, wide_box: false };
    /// `GET /api/v1/map`: the map's filter plus a viewport (`bbox`, `zoom`).
    pub const MAP_API: Grammar =
        Grammar { keys: &["bbox", "zoom", "q", "type", "categorie", "commune", "departement", "reseau"], structures: true, wide_box: true };
    /// The coordinators' list and exports (`reseau` there picks the scope; `etat` and
    /// `mois` are theirs: [`super::CoordFilter`]).
    pub const COORDINATION: Grammar =
        Grammar { keys: &["reseau", "etat", "type", "categorie", "commune", "departement", "mois", "page"], structures: false, wide_box: false };

    fn reads(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }
}

/// What a filter shows: needs, offers, and on the map structures and pooled resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapKind {
    Need,
    Offer,
    Structure,
    /// A pooled resource to book (`/ressources/{id}`).
    Resource,
}

impl MapKind {
    pub const ALL: [MapKind; 4] = [MapKind::Need, MapKind::Offer, MapKind::Structure, MapKind::Resource];

    /// The URL value (`type=`).
    pub fn as_param(self) -> &'static str {
        match self {
            MapKind::Need => "besoin",
            MapKind::Offer => "ressource",
            MapKind::Structure => "structure",
            MapKind::Resource => "reservable",
        }
    }

    pub fn from_param(v: &str) -> Option<MapKind> {
        MapKind::ALL.into_iter().find(|k| k.as_param() == v)
    }

    /// The API's value (`kind` of a map feature).
    pub fn as_api(self) -> &'static str {
        match self {
            MapKind::Need => "need",
            MapKind::Offer => "offer",
            MapKind::Structure => "structure",
            MapKind::Resource => "resource",
        }
    }

    pub fn post(self) -> Option<PostKind> {
        match self {
            MapKind::Need => Some(PostKind::Need),
            MapKind::Offer => Some(PostKind::Offer),
            MapKind::Structure | MapKind::Resource => None,
        }
    }
}

impl From<PostKind> for MapKind {
    fn from(k: PostKind) -> Self {
        match k {
            PostKind::Need => MapKind::Need,
            PostKind::Offer => MapKind::Offer,
        }
    }
}

/// Where: the place fields the posts' filter shares with the directory's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// INSEE code of a commune.
    pub commune: Option<String>,
    /// Département code (« 30 », « 2A », « 974 »).
    pub departement: Option<String>,
    /// Territory or network slug.
    pub territory: Option<String>,
}

impl Place {
    /// `commune`, `departement`, `reseau` (those `keys` holds).
    pub fn read(params: &Params, keys: &[&str], problems: &mut Vec<Problem>) -> Self {
        let mut code = |key: &'static str, max: usize| {
            if keys.contains(&key) { read_code(params, key, max, problems) } else { None }
        };
        Place { commune: code("commune", 5), departement: code("departement", 3).map(|d| d.to_uppercase()), territory: code("reseau", 80) }
    }

    pub fn push_pairs(&self, pairs: &mut Vec<(&'static str, String)>) {
        for (key, value) in [("commune", &self.commune), ("departement", &self.departement), ("reseau", &self.territory)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.commune.is_none() && self.departement.is_none() && self.territory.is_none()
    }
}

/// Which posts: the one filter of the lists, the map, the APIs and the coordinators.
/// Empty fields filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PostFilter {
    /// Words, each matching the start of a word of the title or description.
    pub q: String,
    /// Empty: every kind (all of them chosen reads as none).
    pub kinds: Vec<MapKind>,
    /// Category slugs; empty: all.
    pub categories: Vec<String>,
    pub place: Place,
    /// Kilometres around `place.commune`'s centre instead of the commune alone
    /// ([`RADIUS_KM`]; read only with a commune).
    pub radius_km: Option<u16>,
    /// Posts published on or after this day (Paris time).
    pub since: Option<chrono::NaiveDate>,
    /// As chosen; `None` is the default (see [`PostFilter::effective_sort`]).
    pub sort: Option<ShareSort>,
    /// INSEE code of the commune distances are measured from.
    pub near: Option<String>,
    /// A map's box (« Rechercher dans cette zone »; a viewport on the map API).
    pub bbox: Option<BBox>,
    /// 1-based.
    pub page: u32,
}

impl PostFilter {
    /// Reads the parameters `g` understands (French names: `q`, `type=besoin|ressource`
    /// (`|structure` on the map; repeated or comma-separated), `categorie` (idem),
    /// `commune`, `rayon` (km around the commune), `departement`, `reseau`,
    /// `tri=recent|urgence|pertinence|distance`, `pres` (INSEE code distances are
    /// measured from), `depuis` (a date, AAAA-MM-JJ), `bbox`, `page`). A bad value is left
    /// out and said. `depuis` named the distance origin until alerts needed a date: a
    /// code there is still read as `pres`, so links shared before keep working.
    pub fn read(params: &Params, g: Grammar) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut f = PostFilter { page: 1, ..Default::default() };
        if g.reads("q") {
            f.q = params.one("q").map(|q| q.chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default();
        }
        if g.reads("type") {
            for v in params.many("type") {
                match MapKind::from_param(&v).filter(|k| g.structures || k.post().is_some()) {
                    Some(k) if !f.kinds.contains(&k) => f.kinds.push(k),
                    Some(_) => {}
                    None => problems.push(Problem {
                        key: "type",
                        message: format!(
                            "type inconnu : « {} ». Valeurs possibles : besoin, ressource{}.",
                            cut(&v, 40),
                            if g.structures { ", structure, reservable" } else { "" }
                        ),
                    }),
                }
            }
            if f.kinds.len() == if g.structures { MapKind::ALL.len() } else { 2 } {
                f.kinds.clear();
            }
        }
        if g.reads("categorie") {
            for c in params.many("categorie") {
                if !is_code(&c, 60) {
                    problems.push(invalid("categorie", &c));
                } else if f.categories.len() < MAX_CATEGORIES {
                    f.categories.push(c);
                }
            }
        }
        f.place = Place::read(params, g.keys, &mut problems);
        if g.reads("tri")
            && let Some(v) = params.one("tri")
        {
            f.sort = ShareSort::from_param(&v);
            if f.sort.is_none() {
                problems.push(Problem { key: "tri", message: "tri : « pertinence », « recent », « urgence » ou « distance ».".into() });
            }
        }
        if g.reads("rayon")
            && let Some(v) = params.one("rayon")
        {
            match v.parse::<u16>().ok().filter(|km| RADIUS_KM.contains(km)) {
                Some(_) if f.place.commune.is_none() => {
                    problems.push(Problem { key: "rayon", message: "rayon : choisissez aussi une commune (commune=<code INSEE>).".into() })
                }
                Some(km) => f.radius_km = Some(km),
                None => problems.push(Problem {
                    key: "rayon",
                    message: format!("rayon : un nombre entier de kilomètres, de {} à {}.", RADIUS_KM.start(), RADIUS_KM.end()),
                }),
            }
        }
        if g.reads("pres") {
            f.near = read_code(params, "pres", 5, &mut problems).map(|v| v.to_uppercase());
        }
        if g.reads("depuis")
            && let Some(v) = params.one("depuis")
        {
            match read_day(&v) {
                Some(d) => f.since = Some(d),
                _ if f.near.is_none() && v.len() == 5 && is_code(&v, 5) => f.near = Some(v.to_uppercase()),
                _ => problems.push(Problem { key: "depuis", message: format!("depuis : une date, AAAA-MM-JJ (reçu « {} »).", cut(&v, 20)) }),
            }
        }
        if g.reads("bbox")
            && let Some(v) = params.one("bbox")
        {
            match BBox::parse_with(&v, g.wide_box) {
                Ok(b) => f.bbox = Some(b),
                Err(message) => problems.push(Problem { key: "bbox", message }),
            }
        }
        if g.reads("page") {
            f.page = read_page(params, &mut problems);
        }
        (f, problems)
    }

    /// [`PostFilter::read`] for a page: bad values are dropped.
    pub fn from_params(params: &Params, g: Grammar) -> Self {
        Self::read(params, g).0
    }

    /// The filter as `g`'s reader would have read it: a filter sent to a server function
    /// as a structure goes through the same checks as the URL.
    pub fn checked(&self, g: Grammar) -> Self {
        Self::from_params(&Params::from_pairs(self.to_pairs()), g)
    }

    /// The URL parameters, in a stable order (forms repeat them as hidden fields).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        if !self.q.trim().is_empty() {
            pairs.push(("q", self.q.trim().to_string()));
        }
        pairs.extend(self.kinds.iter().map(|k| ("type", k.as_param().to_string())));
        pairs.extend(self.categories.iter().map(|c| ("categorie", c.clone())));
        self.place.push_pairs(&mut pairs);
        if let Some(km) = self.radius_km.filter(|_| self.place.commune.is_some()) {
            pairs.push(("rayon", km.to_string()));
        }
        if let Some(since) = self.since {
            pairs.push(("depuis", day_param(since)));
        }
        if let Some(sort) = self.sort.filter(|s| *s != self.default_sort()) {
            pairs.push(("tri", sort.as_param().into()));
        }
        if let Some(near) = &self.near {
            pairs.push(("pres", near.clone()));
        }
        if let Some(bbox) = &self.bbox {
            pairs.push(("bbox", bbox.to_param()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    pub fn to_query(&self) -> String {
        query(&self.to_pairs())
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self { page, ..self.clone() }
    }

    /// The one kind of post chosen, if one is (`None`: both, or none of them).
    pub fn post_kind(&self) -> Option<PostKind> {
        match self.kinds.iter().filter_map(|k| k.post()).collect::<Vec<_>>()[..] {
            [k] => Some(k),
            _ => None,
        }
    }

    /// Whether items of `kind` pass the kinds filter.
    pub fn shows(&self, kind: MapKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// Words or a place: what the map's index of points cannot answer alone.
    pub fn has_words_or_place(&self) -> bool {
        !self.words().is_empty() || !self.place.is_empty()
    }

    /// The same filter on the list (which shows posts only: structures and resources are
    /// left out).
    pub fn to_list(&self) -> PostFilter {
        let kinds: Vec<MapKind> = self.kinds.iter().copied().filter(|k| k.post().is_some()).collect();
        PostFilter { kinds: if kinds.len() == 2 { Vec::new() } else { kinds }, page: 1, ..self.clone() }
    }

    /// The same filter on the map (which has no order, box or pages: the view is its own).
    pub fn to_map(&self) -> PostFilter {
        PostFilter {
            q: self.q.clone(),
            kinds: self.kinds.clone(),
            categories: self.categories.clone(),
            place: self.place.clone(),
            page: 1,
            ..Default::default()
        }
    }

    /// The commune distances are measured from: the chosen one, else the centre of the
    /// radius.
    pub fn origin_code(&self) -> Option<&str> {
        self.near.as_deref().or(self.place.commune.as_deref().filter(|_| self.radius_km.is_some()))
    }

    /// The search words as the index sees them: folded, at most 8.
    pub fn words(&self) -> Vec<String> {
        fold(&self.q).split(' ').filter(|w| !w.is_empty()).take(8).map(String::from).collect()
    }

    /// Whether `q` holds a letter or a digit: what decides the default order. Unlike
    /// [`Self::words`] it needs no transliteration table (deunicode's is 500 KB), so the
    /// browser's islands can build the same links as the server; symbols alone (« 🍂 »,
    /// which the index reads as words) keep the newest-first order.
    pub fn has_search_text(&self) -> bool {
        self.q.chars().any(char::is_alphanumeric)
    }

    /// Relevance when there are search words, else newest first.
    pub fn default_sort(&self) -> ShareSort {
        if self.has_search_text() { ShareSort::Relevance } else { ShareSort::Recent }
    }

    /// The order actually used: relevance needs words and distance a commune; without
    /// them the default applies (an unknown commune is caught by the query).
    pub fn effective_sort(&self) -> ShareSort {
        match self.sort {
            Some(ShareSort::Relevance) if !self.has_search_text() => ShareSort::Recent,
            Some(ShareSort::Distance) if self.origin_code().is_none() => self.default_sort(),
            Some(sort) => sort,
            None => self.default_sort(),
        }
    }
}

/// `AAAA-MM-JJ`, years 2000 to 2100. Written out rather than with chrono's `format` and
/// `parse_from_str`: the filter runs in the browser's islands, and chrono's formatting
/// machinery weighs about 10 KB of WASM there.
pub fn read_day(v: &str) -> Option<chrono::NaiveDate> {
    let mut parts = v.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    chrono::NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

/// The URL form of a day: `AAAA-MM-JJ`.
pub fn day_param(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `page`: 1 when absent.
pub fn read_page(params: &Params, problems: &mut Vec<Problem>) -> u32 {
    match params.one("page") {
        None => 1,
        Some(p) => p.parse().ok().filter(|p| (1..=MAX_PAGE).contains(p)).unwrap_or_else(|| {
            problems.push(Problem { key: "page", message: format!("page : un nombre entier de 1 à {MAX_PAGE}.") });
            1
        }),
    }
}

/// A slug or code parameter ([`is_code`]).
pub fn read_code(params: &Params, key: &'static str, max: usize, problems: &mut Vec<Problem>) -> Option<String> {
    let v = params.one(key)?;
    if is_code(&v, max) {
        Some(v)
    } else {
        problems.push(invalid(key, &v));
        None
    }
}

fn invalid(key: &'static str, value: &str) -> Problem {
    Problem { key, message: format!("{key} invalide : « {} ».", cut(value, 40)) }
}

/// At most `n` characters of what a client sent, for a message.
fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A slug or code taken from a URL: ASCII letters, digits, `-` and `_`, bounded.
pub fn is_code(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

/// `k=v&k=v`, values encoded.
pub fn query(pairs: &[(&'static str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// A map's box, `bbox=minLon,minLat,maxLon,maxLat` (WGS 84 degrees, as web maps give
/// it). A box crossing the antimeridian is refused rather than read as the whole world.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl Eq for BBox {}

impl std::hash::Hash for BBox {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for v in [self.min_lon, self.min_lat, self.max_lon, self.max_lat] {
            v.to_bits().hash(h);
        }
    }
}

impl BBox {
    /// Parses the URL form within ±180° of longitude, with a French message saying what
    /// is wrong.
    pub fn parse(value: &str) -> Result<Self, String> {
        Self::parse_with(value, false)
    }

    /// [`BBox::parse`]; `wide`: longitudes past ±180° too (the map API wraps them).
    pub fn parse_with(value: &str, wide: bool) -> Result<Self, String> {
        let unreadable = || {
            format!(
                "bbox illisible : « {} ». Attendu : quatre nombres séparés par des virgules, ouest,sud,est,nord \
                 (longitude et latitude en degrés, ex. bbox=4.3,43.9,4.5,44.1).",
                cut(value, 80)
            )
        };
        let numbers: Vec<f64> = value.split(',').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| unreadable())?;
        let [min_lon, min_lat, max_lon, max_lat] = numbers[..] else {
            return Err(unreadable());
        };
        if numbers.iter().any(|n| !n.is_finite()) {
            return Err("bbox doit compter quatre nombres finis.".into());
        }
        if !wide && (!(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon)) {
            return Err("bbox : les longitudes vont de -180 à 180.".into());
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err("bbox : les latitudes vont de -90 à 90.".into());
        }
        if min_lon > max_lon || min_lat > max_lat {
            return Err("bbox : l’ouest doit être inférieur ou égal à l’est, et le sud au nord (ouest,sud,est,nord).".into());
        }
        Ok(BBox { min_lon, min_lat, max_lon, max_lat })
    }

    /// A web map's bounds, brought within ±180° of longitude and ±90° of latitude (at low
    /// zoom a map shows more than the world).
    pub fn from_bounds(west: f64, south: f64, east: f64, north: f64) -> Self {
        let lon = |v: f64| v.clamp(-180.0, 180.0);
        let lat = |v: f64| v.clamp(-90.0, 90.0);
        let (min_lon, max_lon) = if east - west >= 360.0 { (-180.0, 180.0) } else { (lon(west), lon(east)) };
        BBox { min_lon, min_lat: lat(south), max_lon, max_lat: lat(north) }
    }

    /// The URL form (5 decimals: about a metre).
    pub fn to_param(&self) -> String {
        format!("{:.5},{:.5},{:.5},{:.5}", self.min_lon, self.min_lat, self.max_lon, self.max_lat)
    }
}

/// `GET /api/v1/map`: a viewport is a filter plus a box (`bbox`, required) and a zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRequest {
    pub filter: PostFilter,
    pub bbox: BBox,
    /// Whole levels, 0 to [`MAP_API_MAX_ZOOM`].
    pub zoom: u8,
}

/// The deepest zoom the map API clusters for.
pub const MAP_API_MAX_ZOOM: u8 = 20;

impl MapRequest {
    /// The request, or the first thing wrong with it in French (unknown parameters
    /// included).
    pub fn read(raw: &str) -> Result<Self, String> {
        let g = Grammar::MAP_API;
        let (params, mut filter) = Params::read_strict(raw, g.keys, |p| PostFilter::read(p, g))?;
        let bbox = filter.bbox.take().ok_or("Le paramètre bbox est obligatoire : bbox=ouest,sud,est,nord (degrés).")?;
        let zoom_text = params.one("zoom").ok_or(format!("Le paramètre zoom est obligatoire (0 à {MAP_API_MAX_ZOOM})."))?;
        let zoom = zoom_text
            .parse::<f64>()
            .ok()
            .filter(|z| z.is_finite() && (0.0..=MAP_API_MAX_ZOOM as f64).contains(z))
            .ok_or_else(|| format!("zoom doit être un nombre de 0 à {MAP_API_MAX_ZOOM} (reçu « {} »).", cut(&zoom_text, 20)))?;
        Ok(MapRequest { filter, bbox, zoom: zoom.floor() as u8 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(q: &str) -> PostFilter {
        PostFilter::from_params(&Params::parse(q), Grammar::LIST)
    }

    fn map(q: &str) -> PostFilter {
        PostFilter::from_params(&Params::parse(q), Grammar::MAP)
    }

    #[test]
    fn the_list_filter_round_trips_through_the_url() {
        let f = PostFilter {
            q: "vélo cargo".into(),
            kinds: vec![MapKind::Offer],
            categories: vec!["vehicule".into()],
            place: Place { departement: Some("30".into()), ..Default::default() },
            sort: Some(ShareSort::Urgency),
            page: 2,
            ..Default::default()
        };
        let q = f.to_query();
        assert_eq!(q, "q=v%C3%A9lo+cargo&type=ressource&categorie=vehicule&departement=30&tri=urgence&page=2");
        assert_eq!(list(&q), f);
        assert_eq!(list("q=v%C3%A9lo+cargo&type=ressource&categorie=vehicule&departement=30&tri=urgence&page=2&x=1"), f, "unknown keys ignored");
        assert!(list("type=need").kinds.is_empty(), "French values only");
        assert!(list("type=structure").kinds.is_empty(), "no structures in the list");
        let near = PostFilter { sort: Some(ShareSort::Distance), near: Some("30334".into()), page: 1, ..Default::default() };
        assert_eq!(near.to_query(), "tri=distance&pres=30334");
        assert_eq!(list("tri=distance&pres=30334"), near);
        assert_eq!(list("tri=distance&depuis=30334"), near, "links from before `pres` still open");
        assert_eq!(list("tri=distance&pres=30334%3B+DROP").near, None, "codes only");
        let around = list("commune=30334&rayon=10&depuis=2026-11-30&categorie=vehicule&categorie=outils");
        assert_eq!((around.radius_km, around.since), (Some(10), chrono::NaiveDate::from_ymd_opt(2026, 11, 30)));
        assert_eq!(around.to_query(), "categorie=vehicule&categorie=outils&commune=30334&rayon=10&depuis=2026-11-30");
        assert_eq!(around.origin_code(), Some("30334"), "the radius's centre orders by distance");
        assert_eq!(list("departement=2a").place.departement.as_deref(), Some("2A"));
        // A form sends its hidden copy then the visible field: the later value wins.
        assert_eq!(list("q=a&q=b").q, "b");
    }

    #[test]
    fn relevance_is_the_default_with_words_and_distance_needs_a_commune() {
        let words = list("q=v%C3%A9lo");
        assert_eq!(words.effective_sort(), ShareSort::Relevance);
        assert_eq!(words.to_query(), "q=v%C3%A9lo", "the default order is not written");
        let recent = list("q=v%C3%A9lo&tri=recent");
        assert_eq!((recent.effective_sort(), recent.to_query().as_str()), (ShareSort::Recent, "q=v%C3%A9lo&tri=recent"));
        assert_eq!(list("").effective_sort(), ShareSort::Recent);
        assert_eq!(list("tri=pertinence").effective_sort(), ShareSort::Recent, "nothing to be relevant to");
        assert_eq!(list("q=+-+&tri=pertinence").effective_sort(), ShareSort::Recent);
        assert_eq!(list("tri=distance").effective_sort(), ShareSort::Recent, "no commune");
        assert_eq!(list("q=pain&tri=distance").effective_sort(), ShareSort::Relevance);
        assert_eq!(list("tri=distance&pres=30334").effective_sort(), ShareSort::Distance);
        assert_eq!(list("tri=distance&commune=30334&rayon=5").effective_sort(), ShareSort::Distance);
        assert_eq!(list("tri=distance&commune=30334").effective_sort(), ShareSort::Recent, "a commune alone is not an origin");
        assert_eq!(list("tri=au+hasard").sort, None);
        // Symbols alone: the index reads « 🍂 » as words, the order stays newest first.
        assert_eq!(list("q=%F0%9F%8D%82").effective_sort(), ShareSort::Recent);
        assert_eq!(list("q=%C3%89t%C3%A9").effective_sort(), ShareSort::Relevance, "accented letters are letters");
    }

    #[test]
    fn bad_values_are_said_in_french_and_left_out() {
        let (f, problems) = PostFilter::read(&Params::parse("type=velo&categorie=%3Cscript%3E&tri=x&page=0&bbox=1,2,3&commune=12%2C3&q=pain"), Grammar::LIST);
        assert_eq!(f, PostFilter { q: "pain".into(), page: 1, ..Default::default() });
        let keys: Vec<&str> = problems.iter().map(|p| p.key).collect();
        assert_eq!(keys, ["type", "categorie", "commune", "tri", "bbox", "page"]);
        assert!(problems[0].message.contains("besoin, ressource.") && problems[4].message.contains("quatre nombres"), "{problems:?}");
        let (f, problems) = PostFilter::read(&Params::parse("rayon=10&depuis=hier"), Grammar::LIST);
        assert_eq!((f.radius_km, f.since), (None, None));
        assert!(problems[0].message.contains("commune=") && problems[1].message.contains("AAAA-MM-JJ"), "{problems:?}");
        let (f, problems) = PostFilter::read(&Params::parse("commune=30334&rayon=500&depuis=2026-02-30"), Grammar::LIST);
        assert_eq!((f.radius_km, f.since, problems.len()), (None, None, 2));
        assert_eq!(read_day("2026-02-28").map(day_param).as_deref(), Some("2026-02-28"));
        for bad in ["2026-2-28", "26-02-28", "2026-02-28-1", "1999-01-01", "2026-13-01", "+026-01-01"] {
            assert_eq!(read_day(bad), None, "{bad}");
        }
        assert!(problems[0].message.contains("de 1 à 100"), "{problems:?}");
        let unknown = Params::parse("q=a&couleur=bleu").unknown(Grammar::LIST.keys).unwrap();
        assert!(unknown.message.contains("« couleur »"), "{unknown:?}");
    }

    #[test]
    fn the_map_takes_several_kinds_and_categories_and_structures() {
        let f = map("q=v%C3%A9lo&type=besoin&type=structure&categorie=materiel,vehicule&departement=30&couleur=bleu");
        assert_eq!(f.kinds, vec![MapKind::Need, MapKind::Structure]);
        assert_eq!(f.categories, vec!["materiel", "vehicule"]);
        assert_eq!(map(&f.to_query()), f);
        assert!(map("type=besoin,ressource,structure,reservable").kinds.is_empty(), "all kinds is no filter");
        assert_eq!(map("type=besoin,ressource,structure").kinds.len(), 3, "three kinds leave pooled resources out");
        assert_eq!(map("type=reservable").kinds, vec![MapKind::Resource]);
        let (list, problems) = PostFilter::read(&Params::parse("type=reservable"), Grammar::LIST);
        assert!(list.kinds.is_empty() && problems[0].message.contains("type inconnu"), "the list has posts only: {problems:?}");
        assert_eq!(map("type=besoin,ressource").kinds.len(), 2, "on the map, two kinds leave structures out");
        assert_eq!(map("categorie=%3Cscript%3E&type=velo"), PostFilter { page: 1, ..Default::default() }, "malformed values dropped");
        assert_eq!(map("page=3&tri=urgence&bbox=1,2,3,4").to_query(), "", "the map has no pages, order or box of its own");
        assert!(f.shows(MapKind::Need) && !f.shows(MapKind::Offer));
    }

    #[test]
    fn list_and_map_links_share_their_filters() {
        let l = list("q=outils&type=ressource&categorie=materiel&tri=urgence&page=2");
        let m = l.to_map();
        assert_eq!(m.to_query(), "q=outils&type=ressource&categorie=materiel");
        assert_eq!(m.to_list().to_query(), "q=outils&type=ressource&categorie=materiel");
        assert_eq!(map("type=besoin&type=ressource&type=structure").to_list().post_kind(), None);
        assert_eq!(map("type=besoin&type=structure").to_list().post_kind(), Some(PostKind::Need));
        assert_eq!(map("type=structure").to_list(), list(""), "structures only: every post on the list");
    }

    #[test]
    fn a_bbox_is_four_ordered_coordinates() {
        assert_eq!(BBox::parse("4.3, 43.9,4.5,44.1"), Ok(BBox { min_lon: 4.3, min_lat: 43.9, max_lon: 4.5, max_lat: 44.1 }));
        assert!(BBox::parse("-180,-90,180,90").is_ok());
        let wide = BBox::from_bounds(-250.0, -95.0, 250.0, 95.0);
        assert_eq!(wide.to_param(), "-180.00000,-90.00000,180.00000,90.00000");
        assert_eq!(BBox::parse(&wide.to_param()), Ok(wide));
        for bad in ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "NaN,1,2,3", "inf,1,2,3"] {
            assert!(BBox::parse(bad).unwrap_err().contains("quatre nombres"), "{bad}");
        }
        assert!(BBox::parse("4.5,43.9,4.3,44.1").unwrap_err().contains("l’ouest"), "west after east");
        assert!(BBox::parse("4.3,44.1,4.5,43.9").unwrap_err().contains("le sud"));
        assert!(BBox::parse("4.3,-91,4.5,43.9").unwrap_err().contains("latitudes"));
        assert!(BBox::parse("170,0,181,1").unwrap_err().contains("longitudes"));
        assert!(BBox::parse_with("-250,-85,250,85", true).is_ok(), "the map API wraps wide boxes");
    }

    #[test]
    fn map_requests_are_checked_in_french() {
        let ok = MapRequest::read("bbox=-5.2,41.3,9.6,51.1&zoom=6&type=besoin,structure&categorie=materiel").unwrap();
        assert_eq!(ok.zoom, 6);
        assert_eq!(ok.filter.kinds, vec![MapKind::Need, MapKind::Structure]);
        assert_eq!(ok.filter.categories, vec!["materiel"]);
        assert!(!ok.filter.has_words_or_place());
        // Leaflet sends longitudes past ±180 at low zoom: accepted, wrapped by the index.
        assert!(MapRequest::read("bbox=-250,-85,250,85&zoom=0").is_ok());
        assert!(MapRequest::read("bbox=1,2,3,4&zoom=4.7").is_ok_and(|q| q.zoom == 4));
        for (bad, says) in [
            ("zoom=3", "obligatoire"),
            ("bbox=a,b,c,d&zoom=3", "illisible"),
            ("bbox=1,2,3&zoom=3", "quatre"),
            ("bbox=3,2,1,4&zoom=3", "inférieur"),
            ("bbox=1,-95,3,4&zoom=3", "latitudes"),
            ("bbox=1,2,3,4&zoom=21", "zoom"),
            ("bbox=1,2,3,4&zoom=-1", "zoom"),
            ("bbox=1,2,3,4", "zoom est obligatoire"),
            ("bbox=1,2,3,4&zoom=3&couleur=bleu", "inconnu"),
            ("bbox=1,2,3,4&zoom=3&type=velo", "type inconnu"),
            ("bbox=1,2,3,4&zoom=3&categorie=%3Cscript%3E", "categorie invalide"),
            ("bbox=NaN,2,3,4&zoom=3", "finis"),
        ] {
            let e = MapRequest::read(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert!(MapRequest::read("bbox=1,2,3,4&zoom=3&q=v%C3%A9lo").unwrap().filter.has_words_or_place());
    }
}
