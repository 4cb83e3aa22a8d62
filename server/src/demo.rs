//! The demo data set (server/demo/demo.json): real structures and places from the
//! project's source documents, with needs and offers written for the demo, plus one
//! account per role. Loaded in one transaction, only into a database without structures.

use std::collections::HashMap;

use app::db::posts::NewPost;
use app::db::structures::NewStructure;
use app::db::users::NewUser;
use app::db::{self, Pool, Tx};
use app::error::{AppError, AppResult};
use app::model::{
    BookingRules, BookingStatus, LabelKind, LocationPrecision, MemberRole, MembershipStatus, PostKind, PostStatus, ResourceKind, StructureKind, TimeUnit,
    Urgency, ValidationStatus,
};
use chrono::{Duration, NaiveTime};
use serde::Deserialize;

pub static DEMO_JSON: &str = include_str!("../demo/demo.json");

/// Password of every demo account (documented in README; demo instances only).
pub const DEMO_PASSWORD: &str = "partage-demo-2026";

#[derive(Deserialize)]
pub struct DemoData {
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    pub structures: Vec<Structure>,
    pub posts: Vec<Post>,
    pub shared_resources: Vec<SharedResource>,
    #[serde(default)]
    pub bookings: Vec<DemoBooking>,
}

/// A booking of a demo resource, some days from the day the demo is loaded.
#[derive(Deserialize)]
pub struct DemoBooking {
    /// The resource's name.
    pub resource: String,
    /// The borrowing structure's slug.
    pub borrower: String,
    pub in_days: i64,
    pub units: u16,
    /// `confirmed` or `requested`.
    pub status: String,
    /// The first hour or half-day (hour and half-day resources).
    #[serde(default)]
    pub part: u32,
    pub note: Option<String>,
}

/// Responsables of the structures of the bookings' demo (the CAM'S of Lo Solan): (e-mail,
/// display name, structure slug).
pub const POOLING_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("lo-solan@example.org", "Nadia (Lo Solan)", "centre-social-lo-solan"),
    ("epicerie-mourenx@example.org", "Paul (épicerie solidaire)", "epicerie-solidaire-mourenx-demo"),
    ("lagor@example.org", "Sylvie (comité des fêtes)", "comite-des-fetes-lagor-demo"),
];

#[derive(Deserialize)]
pub struct Theme {
    pub slug: String,
    pub name: String,
}

#[derive(Deserialize)]
pub struct Territory {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub communes: Vec<String>,
}

#[derive(Deserialize)]
pub struct Structure {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub themes: Vec<String>,
    pub address: Option<String>,
    pub insee: String,
    pub postcode: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub territories: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Structure(String),
    Citizen(String),
}

#[derive(Deserialize)]
pub struct Post {
    pub author: Author,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub quantity: Option<String>,
    pub urgency: String,
    pub status: String,
    pub published_days_ago: i64,
    pub starts_in_days: Option<i64>,
    pub ends_in_days: Option<i64>,
    pub mission_time: Option<String>,
    pub volunteers_needed: Option<i64>,
}

#[derive(Deserialize)]
pub struct SharedResource {
    pub structure: String,
    pub name: String,
    pub description: String,
    pub category: String,
    /// `vehicle`, `room`, `equipment`, `oven`, `tool`, `other`; else from the category.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub conditions: String,
    #[serde(default)]
    pub handover: String,
    #[serde(default)]
    pub contribution: String,
    /// `hour`, `half_day`, `day` (the default).
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub max_units: Option<u16>,
    #[serde(default)]
    pub notice_hours: Option<u32>,
    #[serde(default)]
    pub buffer_minutes: Option<u32>,
    #[serde(default)]
    pub open_to_individuals: bool,
    /// Slugs of the trusted partners.
    #[serde(default)]
    pub partners: Vec<String>,
}

/// Demo citizens: (handle, display name, home commune). E-mail: handle@example.org.
pub const CITIZENS: &[(&str, &str, &str)] = &[
    ("camille", "Camille", "59350"), // Lille
    ("yanis", "Yanis", "30334"),     // Uzès
    ("martine", "Martine", "48095"), // Mende
    ("theo", "Théo", "60635"),       // Thiverny
];

pub fn parse() -> AppResult<DemoData> {
    serde_json::from_str(DEMO_JSON).map_err(AppError::internal)
}

fn bad(what: impl std::fmt::Display) -> AppError {
    AppError::bad_request(format!("jeu de démonstration incohérent : {what}"))
}

/// Loads the demo data if the database has no structure yet. Returns a summary.
pub async fn load_if_empty(pool: &Pool) -> AppResult<Option<String>> {
    if db::structures::count(pool).await? > 0 {
        return Ok(None);
    }
    let data = parse()?;
    // Hash once, off the async threads (argon2 is deliberately slow).
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(DEMO_PASSWORD))
        .await
        .map_err(AppError::internal)?;
    let mut tx = app::db::begin_write(pool).await?;
    let summary = load(&mut tx, &data, &hash).await?;
    tx.commit().await?;
    Ok(Some(summary))
}

async fn commune_point(tx: &mut Tx<'_>, insee: &str) -> AppResult<(String, f64, f64)> {
    db::communes::centroid(tx, insee).await?.ok_or_else(|| bad(format!("commune {insee} inconnue ou sans coordonnées")))
}

/// A stable offset of a few hundred metres derived from a name, so that structures of
/// the same commune do not sit on one pixel (demo positions are commune centroids).
fn jitter(name: &str) -> (f64, f64) {
    let h = name.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let a = ((h & 0xffff) as f64 / 65535.0 - 0.5) * 0.008;
    let b = (((h >> 16) & 0xffff) as f64 / 65535.0 - 0.5) * 0.012;
    (a, b)
}

fn demo_user<'a>(email: &'a str, display_name: &'a str, hash: &'a str, is_instance_admin: bool) -> NewUser<'a> {
    NewUser { email, display_name, password_hash: Some(hash), is_instance_admin, email_verified: true }
}

async fn load(tx: &mut Tx<'_>, data: &DemoData, hash: &str) -> AppResult<String> {
    let now = db::now();
    let today = app::i18n::paris_date(now);

    let mut theme_ids = HashMap::new();
    for t in &data.themes {
        let id = db::labels::ensure(tx, LabelKind::Theme, &t.slug, &t.name).await?;
        theme_ids.insert(t.slug.as_str(), id);
    }

    let mut territory_ids = HashMap::new();
    for t in &data.territories {
        let id = db::territories::create(tx, &t.slug, &t.name, &t.description).await?;
        db::territories::add_communes(tx, id, &t.communes).await?;
        territory_ids.insert(t.slug.as_str(), id);
    }

    // Accounts, one per role.
    let admin_id = db::users::insert_user(tx, &demo_user("admin@example.org", "Admin de l’instance", hash, true)).await?;
    let coordinator_id =
        db::users::insert_user(tx, &demo_user("coordination@example.org", "Claire (coordination)", hash, false)).await?;
    let structure_admin_id =
        db::users::insert_user(tx, &demo_user("responsable@example.org", "Karim (responsable)", hash, false)).await?;
    let member_id = db::users::insert_user(tx, &demo_user("membre@example.org", "Inès (membre)", hash, false)).await?;
    let mut citizen_ids = HashMap::new();
    for (handle, name, insee) in CITIZENS {
        let email = format!("{handle}@example.org");
        let id = db::users::insert_user(tx, &demo_user(&email, name, hash, false)).await?;
        citizen_ids.insert(*handle, (id, *insee));
    }

    let mut structure_ids: HashMap<&str, (i64, String, f64, f64)> = HashMap::new();
    for s in &data.structures {
        let kind = StructureKind::parse(&s.kind).ok_or_else(|| bad(format!("type {}", s.kind)))?;
        let (dep, lat, lon) = commune_point(tx, &s.insee).await?;
        let (dlat, dlon) = jitter(&s.slug);
        let (lat, lon) = (lat + dlat, lon + dlon);
        let id = db::structures::insert_structure(
            tx,
            &NewStructure {
                slug: &s.slug,
                name: &s.name,
                kind,
                description: &s.description,
                address: s.address.as_deref(),
                insee: Some(&s.insee),
                postcode: Some(&s.postcode),
                departement: Some(&dep),
                lat_lon: Some((lat, lon)),
                email: s.email.as_deref(),
                phone: s.phone.as_deref(),
                website: s.website.as_deref(),
                rna: s.rna.as_deref(),
                siret: s.siret.as_deref(),
                validation_status: ValidationStatus::Validated,
                created_by: Some(admin_id),
            },
        )
        .await?;
        for th in &s.themes {
            let tid = theme_ids.get(th.as_str()).ok_or_else(|| bad(format!("thème {th}")))?;
            db::structures::add_theme(tx, id, *tid).await?;
        }
        for t in &s.territories {
            let tid = territory_ids.get(t.as_str()).ok_or_else(|| bad(format!("territoire {t}")))?;
            db::territories::set_member(tx, *tid, id, true).await?;
        }
        structure_ids.insert(s.slug.as_str(), (id, s.insee.clone(), lat, lon));
    }

    // Roles: the coordinator coordinates the first territory (the Pays d'Uzès network);
    // the structure admin runs a structure with needs (the solidarity garage if present),
    // the member belongs to a structure of the network.
    if let Some(t) = data.territories.first() {
        db::territories::set_coordinator(tx, territory_ids[t.slug.as_str()], coordinator_id, true).await?;
    }
    let pick = |pred: &dyn Fn(&Structure) -> bool| data.structures.iter().find(|s| pred(s)).or(data.structures.first());
    let admin_of = pick(&|s| s.slug.contains("garage"));
    let member_of = pick(&|s| data.territories.first().is_some_and(|t| s.territories.contains(&t.slug)));
    for (user_id, structure, role) in [(structure_admin_id, admin_of, MemberRole::Admin), (member_id, member_of, MemberRole::Member)] {
        if let Some(s) = structure {
            db::structures::insert_membership(tx, user_id, structure_ids[s.slug.as_str()].0, role, MembershipStatus::Active).await?;
        }
    }
    let acting_user: HashMap<&str, i64> = [(admin_of, structure_admin_id), (member_of, member_id)]
        .into_iter()
        .filter_map(|(s, u)| s.map(|s| (s.slug.as_str(), u)))
        .collect();

    let mut category_ids = HashMap::new();
    for p in &data.posts {
        let kind = PostKind::parse(&p.kind).ok_or_else(|| bad(format!("nature {}", p.kind)))?;
        let status = PostStatus::parse(&p.status).ok_or_else(|| bad(format!("statut {}", p.status)))?;
        let urgency = Urgency::parse(&p.urgency).ok_or_else(|| bad(format!("urgence {}", p.urgency)))?;
        let category_id = match category_ids.get(p.category.as_str()) {
            Some(id) => *id,
            None => {
                let id = db::labels::id_by_slug(tx, LabelKind::Category, &p.category).await?.ok_or_else(|| bad(format!("catégorie {}", p.category)))?;
                category_ids.insert(p.category.as_str(), id);
                id
            }
        };
        let (structure_id, author_id, insee, point, precision) = match &p.author {
            Author::Structure(slug) => {
                let (id, insee, lat, lon) =
                    structure_ids.get(slug.as_str()).cloned().ok_or_else(|| bad(format!("structure {slug}")))?;
                (Some(id), acting_user.get(slug.as_str()).copied(), insee, (lat, lon), LocationPrecision::Address)
            }
            Author::Citizen(handle) => {
                let (id, insee) = *citizen_ids.get(handle.as_str()).ok_or_else(|| bad(format!("habitant {handle}")))?;
                // An individual is placed at the commune's centroid, never at home.
                let (_, lat, lon) = commune_point(tx, insee).await?;
                (None, Some(id), insee.to_string(), (lat, lon), LocationPrecision::Commune)
            }
        };
        let published = now - Duration::days(p.published_days_ago);
        let mission_time = p
            .mission_time
            .as_deref()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad(format!("heure {t}"))))
            .transpose()?;
        db::posts::insert_post(
            tx,
            &NewPost {
                kind,
                category_id,
                structure_id,
                author_id,
                title: &p.title,
                description: &p.description,
                quantity: p.quantity.as_deref(),
                starts_on: p.starts_in_days.map(|d| today + Duration::days(d)),
                ends_on: p.ends_in_days.map(|d| today + Duration::days(d)),
                mission_time,
                volunteers_needed: p.volunteers_needed,
                insee: Some(&insee),
                lat_lon: Some(point),
                location_precision: precision,
                urgency,
                status,
                published_at: (status != PostStatus::Draft).then_some(published),
                expires_at: Some(published + Duration::days(60)),
                created_at: published,
            },
        )
        .await?;
    }

    let mut resource_ids: HashMap<&str, (i64, BookingRules)> = HashMap::new();
    for r in &data.shared_resources {
        let (sid, ..) = structure_ids.get(r.structure.as_str()).cloned().ok_or_else(|| bad(format!("structure {}", r.structure)))?;
        let cid = db::labels::id_by_slug(tx, LabelKind::Category, &r.category).await?.ok_or_else(|| bad(format!("catégorie {}", r.category)))?;
        let kind = match (r.kind.as_deref(), r.category.as_str()) {
            (Some(k), _) => ResourceKind::parse(k).ok_or_else(|| bad(format!("type de ressource {k}")))?,
            (None, "vehicule") => ResourceKind::Vehicle,
            (None, "local") => ResourceKind::Room,
            (None, _) => ResourceKind::Equipment,
        };
        let defaults = BookingRules::default();
        let unit = match r.unit.as_deref() {
            Some(u) => TimeUnit::parse(u).ok_or_else(|| bad(format!("unité {u}")))?,
            None => defaults.unit,
        };
        let rules = BookingRules {
            unit,
            max_units: r.max_units.unwrap_or(defaults.max_units),
            notice_hours: r.notice_hours.unwrap_or(defaults.notice_hours),
            buffer_minutes: r.buffer_minutes.unwrap_or(defaults.buffer_minutes),
            ..defaults
        };
        let place = db::resources::structure_place_in(tx, sid).await?;
        let search = app::pooling::resources::search_text(&r.name, &r.description, &r.conditions);
        let fields = db::resources::ResourceFields {
            structure_id: sid,
            category_id: Some(cid),
            name: &r.name,
            kind,
            description: &r.description,
            conditions: &r.conditions,
            place: place.as_ref().map(|(i, lat, lon)| (i.as_str(), *lat, *lon)),
            precision: app::model::LocationPrecision::Commune,
            handover: &r.handover,
            contribution: &r.contribution,
            open_to_individuals: r.open_to_individuals,
            rules: &rules,
            search_text: &search,
        };
        let id = db::resources::insert(tx, &fields).await?;
        let rules = rules.clone();
        let mut partners = Vec::new();
        for slug in &r.partners {
            let (pid, ..) = structure_ids.get(slug.as_str()).cloned().ok_or_else(|| bad(format!("partenaire {slug}")))?;
            partners.push(pid);
        }
        db::resources::set_partners(tx, id, &partners).await?;
        resource_ids.insert(r.name.as_str(), (id, rules));
    }

    // The pooling demo's responsables, then a few past and future bookings.
    let mut pooling_users: HashMap<&str, i64> = HashMap::new();
    for (email, name, slug) in POOLING_ACCOUNTS {
        let uid = db::users::insert_user(tx, &demo_user(email, name, hash, false)).await?;
        let (sid, ..) = structure_ids.get(slug).cloned().ok_or_else(|| bad(format!("structure {slug}")))?;
        db::structures::insert_membership(tx, uid, sid, MemberRole::Admin, MembershipStatus::Active).await?;
        pooling_users.insert(*slug, uid);
    }
    for b in &data.bookings {
        let (resource_id, rules) = resource_ids.get(b.resource.as_str()).cloned().ok_or_else(|| bad(format!("ressource {}", b.resource)))?;
        let (borrower, ..) = structure_ids.get(b.borrower.as_str()).cloned().ok_or_else(|| bad(format!("structure {}", b.borrower)))?;
        let booker = pooling_users.get(b.borrower.as_str()).copied().unwrap_or(admin_id);
        let day = if b.in_days >= 0 { today + chrono::Days::new(b.in_days as u64) } else { today - chrono::Days::new(b.in_days.unsigned_abs()) };
        let slot = app::model::slot_of(rules.unit, day, b.part, b.units);
        let status = BookingStatus::parse(&b.status).ok_or_else(|| bad(format!("statut {}", b.status)))?;
        let booking = db::bookings::NewBooking {
            resource_id,
            booker_id: booker,
            booker_structure_id: Some(borrower),
            slot,
            blocked: app::model::blocked(slot, rules.buffer_minutes),
            status,
            note: b.note.as_deref(),
            hold_until: (status == BookingStatus::Requested).then(|| now + Duration::hours(app::model::REQUEST_HOLD_HOURS)),
            now,
        };
        db::bookings::insert(tx, &booking).await?.ok_or_else(|| bad(format!("réservation en conflit : {}", b.resource)))?;
    }

    Ok(format!(
        "{} structures, {} annonces, {} territoires, {} ressources mutualisées, {} réservations, {} comptes",
        data.structures.len(),
        data.posts.len(),
        data.territories.len(),
        data.shared_resources.len(),
        data.bookings.len(),
        4 + CITIZENS.len() + POOLING_ACCOUNTS.len()
    ))
}
