//! Importing structures from a CSV file (a network's member list, a spreadsheet of a
//! city's associations): a preview that writes nothing and lists every line in error in
//! French, then, once the user confirms a file without errors, every structure written in
//! one transaction (all or none) by a background job whose progress the page polls.
//!
//! Same rules as a declaration (`StructureForm::check`, commune lookup), plus duplicates:
//! a structure already known by RNA, SIRET, or name in the same commune, or repeated in
//! the file. A coordinator imports only into the territory or network they chose, and
//! only structures of its communes (a line elsewhere is refused): they could validate
//! those structures anyway, so imported structures are validated at once and join that
//! territory/network. Instance admins import anywhere.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{
    CommuneHit, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_PREVIEW_VALID, ImportLine, ImportPreview, ImportStatus, SessionUser,
    StructureForm, StructureKind, ValidationStatus, fold, slugify,
};

/// Columns read, by their folded header names (French first).
const COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["nom", "name", "raison sociale", "nom de la structure"]),
    ("kind", &["type", "kind", "forme"]),
    ("description", &["description", "presentation"]),
    ("address", &["adresse", "address"]),
    ("commune", &["commune", "ville", "code postal", "code_postal", "cp"]),
    ("email", &["email", "e mail", "courriel", "mail"]),
    ("phone", &["telephone", "tel", "phone"]),
    ("website", &["site web", "site_web", "site", "website", "url"]),
    ("rna", &["rna", "numero rna"]),
    ("siret", &["siret"]),
];
const REQUIRED: [&str; 3] = ["name", "kind", "commune"];

/// A line checked: the form, its commune, or its messages.
struct Checked {
    line: usize,
    form: StructureForm,
    kind: Option<StructureKind>,
    commune: Option<CommuneHit>,
    errors: Vec<String>,
}

fn column_label(field: &str) -> &'static str {
    match field {
        "name" => "nom",
        "kind" => "type",
        "description" => "description",
        "address" => "adresse",
        "commune" => "commune",
        "email" => "email",
        "phone" => "téléphone",
        "website" => "site web",
        "rna" => "RNA",
        "siret" => "SIRET",
        _ => "ligne",
    }
}

/// A structure kind from its code or its French label (« Tiers-lieu », « centre social »).
fn parse_kind(v: &str) -> Option<StructureKind> {
    let f = fold(v);
    StructureKind::ALL.iter().copied().find(|k| fold(k.as_str()) == f || fold(k.label()) == f)
}

/// The lines of a file (line number, fields) and the columns not read.
type Parsed = (Vec<(usize, StructureForm)>, Vec<String>);

/// Reads the file: `;` or `,` separated (as the header shows), UTF-8 with or without BOM.
fn parse(text: &str) -> AppResult<Parsed> {
    if text.len() > IMPORT_MAX_BYTES {
        return Err(AppError::bad_request(t::ERR_IMPORT_TOO_BIG));
    }
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| AppError::bad_request(t::ERR_IMPORT_UNREADABLE))?.clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let f = fold(h);
        match COLUMNS.iter().find(|(_, names)| names.contains(&f.as_str())) {
            Some((field, _)) => {
                index.entry(field).or_insert(i);
            }
            None if !h.trim().is_empty() => ignored.push(h.trim().to_string()),
            None => {}
        }
    }
    let missing: Vec<_> = REQUIRED.iter().filter(|r| !index.contains_key(*r)).map(|r| column_label(r)).collect();
    if !missing.is_empty() {
        return Err(AppError::bad_request(t::import_missing_columns(&missing)));
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|_| AppError::bad_request(t::import_unreadable_line(n + 2)))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == IMPORT_MAX_ROWS {
            return Err(AppError::bad_request(t::ERR_IMPORT_TOO_MANY));
        }
        let get = |f: &str| index.get(f).and_then(|i| record.get(*i)).unwrap_or_default().trim().to_string();
        rows.push((
            record.position().map_or(n + 2, |p| p.line() as usize),
            StructureForm {
                name: get("name"),
                kind: get("kind"),
                description: get("description"),
                commune: get("commune"),
                address: get("address"),
                email: get("email"),
                phone: get("phone"),
                website: get("website"),
                rna: get("rna"),
                siret: get("siret"),
                // Imported contacts are public, as before the choice existed.
                ..Default::default()
            },
        ));
    }
    if rows.is_empty() {
        return Err(AppError::bad_request(t::ERR_IMPORT_EMPTY));
    }
    Ok((rows, ignored))
}

/// Where a coordinator's import may create structures: the name of the territory chosen
/// and its communes' INSEE codes. `None` for instance admins (anywhere).
type Within = Option<(String, HashSet<String>)>;

async fn within(pool: &Pool, user: &SessionUser, scope: &super::scope::Resolved) -> AppResult<Within> {
    match scope.scope {
        _ if user.is_instance_admin => Ok(None),
        Some(id) => Ok(Some((scope.view.name.clone(), db::territories::commune_codes(pool, id).await?.into_iter().collect()))),
        // `resolve` always chooses a territory for a coordinator.
        None => Err(AppError::forbidden()),
    }
}

/// Every line checked, duplicates included (against the database and within the file),
/// and, for a coordinator, its commune within their territory.
async fn check_all(pool: &Pool, text: &str, within: &Within) -> AppResult<(Vec<Checked>, Vec<String>)> {
    let (rows, ignored) = parse(text)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut seen_names: HashSet<(String, String)> = HashSet::new();
    let mut communes: HashMap<String, Result<CommuneHit, &'static str>> = HashMap::new();
    for (line, mut form) in rows {
        let kind = parse_kind(&form.kind);
        if let Some(k) = kind {
            form.kind = k.as_str().to_string();
        }
        let mut errors: Vec<String> = match form.check() {
            Ok(_) => Vec::new(),
            Err(e) => e.fields.iter().map(|f| format!("{} : {}", column_label(&f.field), f.message)).collect(),
        };
        let commune = if form.commune.trim().is_empty() {
            None
        } else {
            let key = fold(&form.commune);
            let hit = match communes.get(&key) {
                Some(h) => h.clone(),
                None => {
                    let h = crate::structures::declare::resolve_commune(pool, &form.commune).await?;
                    communes.insert(key, h.clone());
                    h
                }
            };
            match hit {
                Ok(c) => match within {
                    Some((territory, communes)) if !communes.contains(&c.insee) => {
                        errors.push(t::import_outside_territory(&format!("{} ({})", c.name, c.postcode), territory));
                        None
                    }
                    _ => Some(c),
                },
                Err(m) => {
                    errors.push(format!("commune : {m}"));
                    None
                }
            }
        };
        let rna = crate::model::optional(&form.rna).map(|v| v.to_uppercase());
        let siret = crate::model::optional(&form.siret).map(|v| v.replace(' ', ""));
        for id in [rna.clone(), siret.clone()].into_iter().flatten() {
            if !seen_ids.insert(id.clone()) {
                errors.push(t::import_repeated(&id));
            }
        }
        if let Some(c) = &commune {
            if !seen_names.insert((fold(&form.name), c.insee.clone())) {
                errors.push(t::ERR_IMPORT_REPEATED_NAME.to_string());
            }
            if let Some(existing) = db::moderation::known_structure(pool, rna.as_deref(), siret.as_deref(), &fold(&form.name), &c.insee).await? {
                errors.push(t::import_known(&existing));
            }
        }
        errors.dedup();
        out.push(Checked { line, form, kind, commune, errors });
    }
    Ok((out, ignored))
}

/// What importing this text would do. Writes nothing.
pub async fn preview(pool: &Pool, user: &SessionUser, reseau: Option<&str>, text: &str) -> AppResult<ImportPreview> {
    let scope = super::scope::resolve(pool, user, reseau).await?;
    let within = within(pool, user, &scope).await?;
    let (checked, ignored_columns) = check_all(pool, text, &within).await?;
    let invalid = checked.iter().filter(|c| !c.errors.is_empty()).count();
    let line = |c: &Checked| ImportLine {
        line: c.line,
        name: c.form.name.clone(),
        kind: c.kind.map(|k| k.label().to_string()).unwrap_or_else(|| c.form.kind.clone()),
        commune: c.commune.as_ref().map(|h| format!("{} ({})", h.name, h.postcode)).unwrap_or_else(|| c.form.commune.clone()),
        errors: c.errors.clone(),
    };
    let mut lines: Vec<ImportLine> = checked.iter().filter(|c| !c.errors.is_empty()).map(line).collect();
    lines.extend(checked.iter().filter(|c| c.errors.is_empty()).take(IMPORT_PREVIEW_VALID).map(line));
    Ok(ImportPreview { valid: checked.len() - invalid, invalid, lines, ignored_columns })
}

/// An import: its owner, when it started, where it is.
type Job = (i64, std::time::Instant, ImportStatus);

/// Imports running or finished in this process, by id (kept an hour). The database has
/// them too (`db::imports`), for the other processes sharing it.
static JOBS: LazyLock<Mutex<HashMap<u64, Job>>> = LazyLock::new(Default::default);

/// Changes this process's copy of an import; returns the new state.
fn update(id: u64, f: impl FnOnce(&mut ImportStatus)) -> Option<ImportStatus> {
    let mut jobs = JOBS.lock().unwrap_or_else(|e| e.into_inner());
    let (_, _, s) = jobs.get_mut(&id)?;
    f(s);
    Some(s.clone())
}

/// Checks the whole file again; if every line is valid, starts writing it (one
/// transaction) and returns the job to follow. Refused, with nothing written, otherwise.
pub async fn start(pool: &Pool, user: &SessionUser, reseau: Option<&str>, text: &str) -> AppResult<ImportStatus> {
    let scope = super::scope::resolve(pool, user, reseau).await?;
    let within = within(pool, user, &scope).await?;
    let (checked, _) = check_all(pool, text, &within).await?;
    let invalid = checked.iter().filter(|c| !c.errors.is_empty()).count();
    if invalid > 0 {
        return Err(AppError::bad_request(t::import_refused(invalid)));
    }
    let id = rand::random::<u64>() >> 11;
    let status = ImportStatus { id, total: checked.len(), ..ImportStatus::default() };
    db::imports::insert(pool, &status, user.id, db::now()).await?;
    {
        let mut jobs = JOBS.lock().unwrap_or_else(|e| e.into_inner());
        jobs.retain(|_, (_, at, _)| at.elapsed() < std::time::Duration::from_secs(3600));
        jobs.insert(id, (user.id, std::time::Instant::now(), status.clone()));
    }
    let (pool, user_id, territory) = (pool.clone(), user.id, scope.scope);
    // On PostgreSQL the other processes see the progress as it goes; SQLite has one writer,
    // the import's transaction, and one process, which answers from memory.
    if db::BACKEND == "postgres" {
        tokio::spawn(publish_progress(pool.clone(), id));
    }
    tokio::spawn(async move {
        let result = write_all(&pool, user_id, territory, id, &checked).await;
        let end = update(id, |s| {
            s.finished = true;
            match result {
                Ok(n) => s.created = n,
                Err(e) => {
                    tracing::error!(error = %e.message, "import de structures annulé");
                    s.done = 0;
                    s.error = Some(t::ERR_IMPORT_FAILED.to_string());
                }
            }
        });
        if let Some(end) = end
            && let Err(e) = db::imports::save(&pool, &end).await
        {
            tracing::warn!(error = %e.message, "fin d’import non enregistrée");
        }
    });
    Ok(status)
}

/// Writes the progress of import `id` to the database every 300 ms while it runs.
async fn publish_progress(pool: Pool, id: u64) {
    let mut written = 0;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let Some(now) = update(id, |_| {}) else { return };
        if now.finished {
            return;
        }
        if now.done != written && db::imports::save(&pool, &now).await.is_ok() {
            written = now.done;
        }
    }
}

async fn write_all(pool: &Pool, user_id: i64, territory: Option<i64>, job: u64, rows: &[Checked]) -> AppResult<usize> {
    let mut tx = db::begin_write(pool).await?;
    for (i, c) in rows.iter().enumerate() {
        let (Some(kind), Some(commune)) = (c.kind, &c.commune) else {
            return Err(AppError::bad_request(t::ERR_IMPORT_FAILED));
        };
        let checked = c.form.check()?;
        let slug = db::structures::free_slug(&mut tx, &slugify(&checked.name)).await?;
        let id = db::structures::insert_structure(
            &mut tx,
            &db::structures::NewStructure {
                slug: &slug,
                name: &checked.name,
                kind,
                description: &checked.description,
                address: checked.address.as_deref(),
                insee: Some(&commune.insee),
                postcode: Some(&commune.postcode),
                departement: Some(&commune.departement),
                lat_lon: Some((commune.lat, commune.lon)),
                email: checked.email.as_deref(),
                phone: checked.phone.as_deref(),
                website: checked.website.as_deref(),
                rna: checked.rna.as_deref(),
                siret: checked.siret.as_deref(),
                validation_status: ValidationStatus::Validated,
                created_by: Some(user_id),
            },
        )
        .await?;
        db::moderation::mark_validated(&mut tx, id, user_id, territory).await?;
        update(job, |s| s.done = i + 1);
    }
    db::audit::record(&mut tx, Some(user_id), "structures.import", None, &format!("{{\"created\":{}}}", rows.len())).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// The state of one of my imports: this process's copy while it writes, else the
/// database's (an import started through another instance).
pub async fn status(pool: &Pool, user: &SessionUser, id: u64) -> AppResult<ImportStatus> {
    let here = JOBS.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
    match here {
        Some((owner, _, s)) if owner == user.id => return Ok(s),
        Some(_) => return Err(AppError::not_found(t::ERR_IMPORT_UNKNOWN)),
        None => {}
    }
    db::imports::get(pool, id, user.id).await?.ok_or_else(|| AppError::not_found(t::ERR_IMPORT_UNKNOWN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_in_french_with_either_separator() {
        let (rows, ignored) = parse("\u{feff}Nom;Type;Commune;Remarque\nLa Clé des champs;Association;Uzès\n;;;\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].0, rows[0].1.name.as_str(), rows[0].1.commune.as_str()), (2, "La Clé des champs", "Uzès"));
        assert_eq!(ignored, vec!["Remarque"]);
        let (rows, _) = parse("nom,type,code postal\n\"Garage, solidaire\",tiers_lieu,30700\n").unwrap();
        assert_eq!(rows[0].1.name, "Garage, solidaire");
        assert!(parse("nom;commune\nA;B\n").unwrap_err().message.contains("type"));
        assert_eq!(parse_kind("Tiers-lieu"), Some(StructureKind::TiersLieu));
        assert_eq!(parse_kind("centre_social"), Some(StructureKind::CentreSocial));
    }
}
