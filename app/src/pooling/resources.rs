//! Resources: the owner's form (checked here, every field's message at once), the public
//! list and a resource's page with its calendar.

use chrono::{DateTime, Utc};

use crate::db::{self, Pool, resources::ResourceFields};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n as t;
use crate::model::{
    BookingRules, CalendarHolder, CalendarView, Closure, LocationPrecision, ResourceCard, ResourceForm, ResourceKind, ResourcePageData, SessionUser,
    TimeUnit, pooling::*,
};

/// The form, checked: every value in range, partners validated structures, the commune
/// known (else the structure's place).
pub struct CheckedResource {
    pub structure_id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub description: String,
    pub conditions: String,
    pub commune: Option<String>,
    /// A point picked on the map, near the commune or the structure's place.
    pub point: Option<(f64, f64)>,
    pub handover: String,
    pub contribution: String,
    pub open_to_individuals: bool,
    pub rules: BookingRules,
    pub partners: Vec<i64>,
    pub closures: Vec<Closure>,
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, required: bool, message: &str) -> String {
    let v = value.trim();
    if v.chars().count() > max || (required && v.is_empty()) {
        errors.push(AppError::field(field, message));
    }
    v.to_string()
}

fn number(errors: &mut Vec<FieldError>, field: &str, value: &str, range: std::ops::RangeInclusive<u32>) -> u32 {
    match value.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.push(AppError::field(field, t::number_between(*range.start(), *range.end())));
            *range.start()
        }
    }
}

/// Reads the closed periods, one per line: `AAAA-MM-JJ AAAA-MM-JJ raison`.
pub fn read_closures(text: &str) -> Option<Vec<Closure>> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(3, char::is_whitespace);
        let from = crate::model::read_day(parts.next()?)?;
        let to = crate::model::read_day(parts.next()?.trim())?;
        let reason = parts.next().unwrap_or("").trim().to_string();
        if to < from || reason.chars().count() > CLOSURE_REASON_MAX {
            return None;
        }
        out.push(Closure { starts_on: from, ends_on: to, reason });
    }
    (out.len() <= MAX_CLOSURES).then_some(out)
}

/// The closed periods as the form shows them.
pub fn write_closures(closures: &[Closure]) -> String {
    closures
        .iter()
        .map(|c| format!("{} {} {}", crate::model::day_param(c.starts_on), crate::model::day_param(c.ends_on), c.reason).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks the form of a resource `user` manages for `structure_id` (an active member).
pub async fn check(pool: &Pool, user: &SessionUser, form: &ResourceForm) -> AppResult<CheckedResource> {
    let mut errors = Vec::new();
    let structure_id = form.structure_id.trim().parse::<i64>().ok();
    let member = match structure_id {
        Some(id) => super::may_manage(pool, user, id).await?,
        None => false,
    };
    if !member {
        errors.push(AppError::field("structure_id", t::ERR_RESOURCE_STRUCTURE));
    }
    let name = text(&mut errors, "name", &form.name, RESOURCE_NAME_MAX, true, t::ERR_RESOURCE_NAME);
    let kind = ResourceKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.push(AppError::field("kind", t::ERR_RESOURCE_KIND));
    }
    let description = text(&mut errors, "description", &form.description, RESOURCE_DESCRIPTION_MAX, false, &t::too_long(RESOURCE_DESCRIPTION_MAX));
    let conditions = text(&mut errors, "conditions", &form.conditions, RESOURCE_CONDITIONS_MAX, false, &t::too_long(RESOURCE_CONDITIONS_MAX));
    let handover = text(&mut errors, "handover", &form.handover, RESOURCE_HANDOVER_MAX, false, &t::too_long(RESOURCE_HANDOVER_MAX));
    let contribution = text(&mut errors, "contribution", &form.contribution, RESOURCE_CONTRIBUTION_MAX, false, &t::too_long(RESOURCE_CONTRIBUTION_MAX));
    let unit = TimeUnit::parse(form.unit.trim());
    if unit.is_none() {
        errors.push(AppError::field("unit", t::ERR_RESOURCE_UNIT));
    }
    let min_units = number(&mut errors, "min_units", &form.min_units, 1..=u32::from(UNITS_MAX)) as u16;
    let max_units = number(&mut errors, "max_units", &form.max_units, 1..=u32::from(UNITS_MAX)) as u16;
    if max_units < min_units {
        errors.push(AppError::field("max_units", t::ERR_RESOURCE_MAX_BELOW_MIN));
    }
    let notice_hours = number(&mut errors, "notice_hours", &form.notice_hours, 0..=NOTICE_HOURS_MAX);
    let horizon_days = number(&mut errors, "horizon_days", &form.horizon_days, 1..=HORIZON_DAYS_MAX);
    let buffer_minutes = number(&mut errors, "buffer_minutes", &form.buffer_minutes, 0..=BUFFER_MINUTES_MAX);
    let closures = read_closures(&form.closures).unwrap_or_else(|| {
        errors.push(AppError::field("closures", t::ERR_RESOURCE_CLOSURE));
        Vec::new()
    });
    let mut partners: Vec<i64> = form
        .partners
        .iter()
        .flat_map(|p| p.split(','))
        .filter_map(|p| p.trim().parse().ok())
        .filter(|p| Some(*p) != structure_id)
        .collect();
    partners.sort_unstable();
    partners.dedup();
    if partners.len() > MAX_PARTNERS || db::resources::validated_structures(pool, &partners).await?.len() != partners.len() {
        errors.push(AppError::field("partners", t::ERR_RESOURCE_PARTNER));
    }
    let commune = form.commune.trim();
    let commune = if commune.is_empty() {
        None
    } else {
        match crate::structures::declare::resolve_commune(pool, commune).await? {
            Ok(hit) => Some(hit.insee),
            Err(m) => {
                errors.push(AppError::field("commune", m));
                None
            }
        }
    };
    let point = crate::model::parse_point(&form.lat, &form.lon).unwrap_or_else(|()| {
        errors.push(AppError::field("point", t::ERR_POINT_INVALID));
        None
    });
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(CheckedResource {
        structure_id: structure_id.expect("checked"),
        name,
        kind: kind.expect("checked"),
        description,
        conditions,
        commune,
        point,
        handover,
        contribution,
        open_to_individuals: form.open_to_individuals.as_deref().is_some_and(|v| !v.is_empty() && v != "false"),
        rules: BookingRules { unit: unit.expect("checked"), min_units, max_units, notice_hours, horizon_days, buffer_minutes },
        partners,
        closures,
    })
}

/// What the list's search compares: name, description and conditions, folded.
pub fn search_text(name: &str, description: &str, conditions: &str) -> String {
    crate::model::fold(&format!("{name} {description} {conditions}"))
}

/// Creates (`id` empty) or saves a resource of a structure `user` is an active member
/// of; its id.
pub async fn save(pool: &Pool, user: &SessionUser, id: Option<i64>, form: &ResourceForm) -> AppResult<i64> {
    let c = check(pool, user, form).await?;
    if let Some(id) = id {
        let existing = db::resources::get(pool, id).await?.ok_or_else(|| AppError::not_found(t::RESOURCE_NOT_FOUND))?;
        // A resource stays with its structure; the form's structure must be the owner.
        if existing.structure_id != c.structure_id || !super::may_manage(pool, user, existing.structure_id).await? {
            return Err(AppError::forbidden());
        }
    }
    // The place: the commune typed (its centroid), else the structure's; a point picked
    // on the map within `POINT_MAX_KM` of it, as posts.
    let base = match &c.commune {
        Some(insee) => db::communes::by_insee(pool, insee).await?.map(|h| (h.insee, h.lat, h.lon)),
        None => super::structure_place(pool, c.structure_id).await?,
    };
    let (place, precision) = match (base, c.point) {
        (None, Some(_)) => return Err(AppError::invalid(vec![AppError::field("commune", t::ERR_POINT_NEEDS_COMMUNE)])),
        (Some((insee, lat, lon)), Some(point)) => {
            if crate::model::km_between((lat, lon), point) > crate::model::POINT_MAX_KM {
                return Err(AppError::invalid(vec![AppError::field("point", t::ERR_POINT_FAR)]));
            }
            (Some((insee, point.0, point.1)), LocationPrecision::Address)
        }
        (base, None) => (base, LocationPrecision::Commune),
    };
    let search = search_text(&c.name, &c.description, &c.conditions);
    let fields = ResourceFields {
        structure_id: c.structure_id,
        category_id: None,
        name: &c.name,
        kind: c.kind,
        description: &c.description,
        conditions: &c.conditions,
        place: place.as_ref().map(|(i, lat, lon)| (i.as_str(), *lat, *lon)),
        precision,
        handover: &c.handover,
        contribution: &c.contribution,
        open_to_individuals: c.open_to_individuals,
        rules: &c.rules,
        search_text: &search,
    };
    let mut tx = db::begin_write(pool).await?;
    let id = match id {
        Some(id) => {
            if !db::resources::update(&mut tx, id, &fields).await? {
                return Err(AppError::not_found(t::RESOURCE_NOT_FOUND));
            }
            id
        }
        None => db::resources::insert(&mut tx, &fields).await?,
    };
    db::resources::set_partners(&mut tx, id, &c.partners).await?;
    db::resources::set_closures(&mut tx, id, &c.closures).await?;
    tx.commit().await?;
    Ok(id)
}

/// The edit form of a resource `user` manages, filled in.
pub async fn form_of(pool: &Pool, user: &SessionUser, id: i64) -> AppResult<ResourceForm> {
    let r = db::resources::get(pool, id).await?.ok_or_else(|| AppError::not_found(t::RESOURCE_NOT_FOUND))?;
    if !super::may_manage(pool, user, r.structure_id).await? {
        return Err(AppError::forbidden());
    }
    let rules = r.rules();
    // The point is the form's only when it was picked (else it is the commune's centre).
    let picked = (r.location_precision == LocationPrecision::Address).then_some(()).and(r.lat.zip(r.lon));
    Ok(ResourceForm {
        structure_id: r.structure_id.to_string(),
        name: r.name,
        kind: r.kind.as_str().into(),
        category: String::new(),
        description: r.description,
        conditions: r.conditions,
        commune: r.insee.unwrap_or_default(),
        handover: r.handover,
        contribution: r.contribution,
        open_to_individuals: r.open_to_individuals.then(|| "1".into()),
        unit: rules.unit.as_str().into(),
        min_units: rules.min_units.to_string(),
        max_units: rules.max_units.to_string(),
        notice_hours: rules.notice_hours.to_string(),
        horizon_days: rules.horizon_days.to_string(),
        buffer_minutes: rules.buffer_minutes.to_string(),
        partners: db::resources::partners(pool, id).await?.into_iter().map(|(id, _)| id.to_string()).collect(),
        closures: write_closures(&db::resources::closures(pool, id).await?),
        lat: picked.map(|p| format!("{:.6}", p.0)).unwrap_or_default(),
        lon: picked.map(|p| format!("{:.6}", p.1)).unwrap_or_default(),
    })
}

pub fn card_of(r: &db::resources::ResourceRow) -> ResourceCard {
    let summary: String = r.description.chars().take(200).collect();
    ResourceCard {
        id: r.id,
        name: r.name.clone(),
        kind: r.kind,
        summary: if r.description.chars().count() > 200 { format!("{}…", summary.trim_end()) } else { summary },
        structure_name: r.structure_name.clone(),
        structure_slug: r.structure_slug.clone(),
        commune: r.commune.clone(),
        unit: r.time_unit,
        contribution: r.contribution.clone(),
    }
}

/// Resources per page of the list.
pub const PER_PAGE: i64 = 30;

/// The public list: words (accents ignored), kind, commune, département.
pub async fn list(pool: &Pool, q: &str, kind: Option<ResourceKind>, insee: Option<&str>, departement: Option<&str>, page: u32) -> AppResult<(Vec<ResourceCard>, i64)> {
    let words: Vec<String> = crate::model::fold(q).split(' ').filter(|w| !w.is_empty()).take(10).map(str::to_string).collect();
    let offset = i64::from(page.saturating_sub(1)) * PER_PAGE;
    let (rows, total) = db::resources::search(pool, &words, kind, insee, departement, PER_PAGE, offset).await?;
    Ok((rows.iter().map(card_of).collect(), total))
}

/// A resource's page for `viewer`, with the calendar `view` at `now`. `None` when the
/// resource is not shown to this viewer (inactive, or its structure not validated,
/// except to its members).
pub async fn page(pool: &Pool, links: crate::mail::bookings::Links<'_>, viewer: Option<&SessionUser>, id: i64, view: CalendarView, now: DateTime<Utc>) -> AppResult<Option<ResourcePageData>> {
    let Some(r) = db::resources::get(pool, id).await? else { return Ok(None) };
    let manager = match viewer {
        Some(u) => super::may_manage(pool, u, r.structure_id).await?,
        None => false,
    };
    if !(r.active && r.structure_validated) && !manager {
        return Ok(None);
    }
    let rules = r.rules();
    let closures = db::resources::closures(pool, id).await?;
    let mine = match viewer {
        Some(u) => super::active_structures(pool, u).await?,
        None => Vec::new(),
    };
    let days = view.days();
    let (first, last) = (days.first().map(|d| d.0), days.last().map(|d| d.0));
    let holders = match (first, last) {
        (Some(first), Some(last)) => {
            db::bookings::holders(pool, id, day_start(first), day_start(last + chrono::Days::new(1)), now).await?
        }
        _ => Vec::new(),
    };
    let holders: Vec<CalendarHolder> = holders
        .into_iter()
        .map(|h| {
            let own = viewer.is_some_and(|u| h.booker_id == Some(u.id)) || h.booker_structure_id.is_some_and(|s| mine.iter().any(|(id, _)| *id == s));
            let slot = Slot { start: h.starts_at, end: h.ends_at };
            CalendarHolder { slot, blocked: Blocked { start: h.starts_at, until: h.blocked_until }, label: (manager || own).then_some(h.label) }
        })
        .collect();
    let calendar = calendar_days(&rules, &closures, &holders, now, days.into_iter());
    let waiting = match viewer {
        Some(u) if manager => super::bookings::lines(db::bookings::of_owner_member(pool, u.id, Some(id), true, now, 100).await?, true, now),
        _ => Vec::new(),
    };
    let book_as: Vec<(i64, String)> = mine.into_iter().collect();
    Ok(Some(ResourcePageData {
        card: card_of(&r),
        description: r.description.clone(),
        conditions: r.conditions.clone(),
        handover: r.handover.clone(),
        rules,
        open_to_individuals: r.open_to_individuals,
        closures,
        partners: db::resources::partners(pool, id).await?.into_iter().map(|(_, n)| n).collect(),
        point: r.lat.zip(r.lon),
        manager,
        signed_in: viewer.is_some(),
        may_book_alone: viewer.is_some() && r.open_to_individuals,
        book_as,
        calendar,
        view,
        waiting,
        feed_url: manager.then(|| crate::feeds::bookings::resource_feed_url(links.signer, links.public_url, r.id, r.feed_generation)),
    }))
}

/// Fills the search text of resources written before it existed (at start-up).
pub async fn backfill_search_text(pool: &Pool) -> AppResult<usize> {
    let rows = db::resources::without_search_text(pool).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut tx = db::begin_write(pool).await?;
    for (id, name, description, conditions) in &rows {
        db::resources::set_search_text(&mut tx, *id, &search_text(name, description, conditions)).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Partners a form offers at most (a `<select multiple>`; a larger instance would need a
/// search field).
pub const PARTNER_CHOICES_MAX: i64 = 1000;

/// The resource form's choices; with `id`, the resource `user` manages, filled in.
pub async fn form_data(pool: &Pool, user: &SessionUser, id: Option<i64>, geocoder: bool) -> AppResult<crate::model::ResourceFormData> {
    let structures = super::active_structures(pool, user).await?;
    let form = match id {
        Some(id) => form_of(pool, user, id).await?,
        None => ResourceForm {
            structure_id: structures.first().map(|(id, _)| id.to_string()).unwrap_or_default(),
            kind: ResourceKind::Vehicle.as_str().into(),
            unit: TimeUnit::Day.as_str().into(),
            min_units: "1".into(),
            max_units: "7".into(),
            notice_hours: "24".into(),
            horizon_days: "180".into(),
            buffer_minutes: "0".into(),
            ..Default::default()
        },
    };
    let partner_choices = db::resources::partner_choices(pool, PARTNER_CHOICES_MAX).await?;
    // Where the picker looks: the resource's own place, else its (first) structure's.
    let look = match id {
        Some(id) => db::resources::get(pool, id).await?.and_then(|r| r.lat.zip(r.lon)),
        None => None,
    };
    let look = match look {
        Some(p) => Some(p),
        None => match form.structure_id.parse::<i64>() {
            Ok(sid) => super::structure_place(pool, sid).await?.map(|(_, lat, lon)| (lat, lon)),
            Err(_) => None,
        },
    };
    let look = look.map(|(lat, lon)| (lat, lon, 14));
    Ok(crate::model::ResourceFormData { id, form, structures, partner_choices, look, geocoder })
}

/// A new key for the resource's calendar feed (its members); the old one stops working.
pub async fn revoke_feed(pool: &Pool, user: &SessionUser, id: i64) -> AppResult<()> {
    let r = db::resources::get(pool, id).await?.ok_or_else(|| AppError::not_found(t::RESOURCE_NOT_FOUND))?;
    if !super::may_manage(pool, user, r.structure_id).await? {
        return Err(AppError::forbidden());
    }
    let mut tx = db::begin_write(pool).await?;
    db::resources::bump_feed(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// A new key for a structure's bookings feed (its active members).
pub async fn revoke_structure_feed(pool: &Pool, user: &SessionUser, structure_id: i64) -> AppResult<()> {
    if !super::active_structures(pool, user).await?.iter().any(|(id, _)| *id == structure_id) {
        return Err(AppError::forbidden());
    }
    let mut tx = db::begin_write(pool).await?;
    db::resources::bump_structure_feed(&mut tx, structure_id).await?;
    tx.commit().await?;
    Ok(())
}
