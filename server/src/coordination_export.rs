//! Coordinators' downloads, with the list's filters (`reseau`, `etat`, `type`,
//! `categorie`, `commune`, `mois`): the posts behind a dashboard figure with their response
//! statistics (`/coordination/export/annonces.csv|geojson`) and the territory's structures
//! (`/coordination/export/structures.csv|geojson`, and `structures.data-inclusion.json`
//! following the data.inclusion structures schema where its fields exist here).
//!
//! CSV is UTF-8 *with* a BOM so that Excel shows accents right (the public open-data CSV
//! has none). No individual's contact, no message: an individual's post says
//! « Particulier », nothing more; a structure's contacts are shown as to its territory's
//! coordinators (`app::model::Contacts::seen_by`). The policy
//! (`app::policy::API_ROUTES`) requires a coordinator; the territory is checked here like
//! on the pages, downloads are rate-limited and written to the audit log.

use app::auth::throttle::Limit;
use app::db::dashboard;
use app::error::AppError;
use app::i18n as t;
use app::model::{CoordFilter, StructureKind};
use app::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// Rows in one download at most (a territory has far fewer; the instance-wide export of
/// a very large instance is cut there, and says so in its last line).
pub const MAX_ROWS: i64 = 100_000;

const COLUMNS: [&str; 15] = [
    "id", "type", "catégorie", "titre", "état", "masquée", "structure", "commune", "code_insee", "publiée_le", "expire_le",
    "réponses", "première_réponse_le", "mises_en_relation", "url",
];

pub async fn posts_csv(State(st): State<AppState>, session: Session, RawQuery(raw): RawQuery) -> Response {
    respond(posts(&st, &session, raw.as_deref().unwrap_or(""), Format::Csv).await)
}

pub async fn posts_geojson(State(st): State<AppState>, session: Session, RawQuery(raw): RawQuery) -> Response {
    respond(posts(&st, &session, raw.as_deref().unwrap_or(""), Format::GeoJson).await)
}

pub async fn structures_csv(State(st): State<AppState>, session: Session, RawQuery(raw): RawQuery) -> Response {
    respond(structures(&st, &session, raw.as_deref().unwrap_or(""), Format::Csv).await)
}

pub async fn structures_geojson(State(st): State<AppState>, session: Session, RawQuery(raw): RawQuery) -> Response {
    respond(structures(&st, &session, raw.as_deref().unwrap_or(""), Format::GeoJson).await)
}

pub async fn structures_data_inclusion(State(st): State<AppState>, session: Session, RawQuery(raw): RawQuery) -> Response {
    respond(structures(&st, &session, raw.as_deref().unwrap_or(""), Format::DataInclusion).await)
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    GeoJson,
    /// The data.inclusion structures schema (JSON array).
    DataInclusion,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::GeoJson => "application/geo+json",
            Format::DataInclusion => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
            Format::DataInclusion => "data-inclusion.json",
        }
    }
}

fn respond(result: Result<(String, Format, Vec<u8>), AppError>) -> Response {
    match result {
        Ok((file, format, body)) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => e.into_response(),
    }
}

/// The caller, allowed a download (rate limit), and the filter of the URL.
async fn caller(st: &AppState, session: &Session, raw: &str) -> Result<(app::model::SessionUser, CoordFilter, app::coordination::scope::Resolved), AppError> {
    let user = app::auth::session::current_user(&st.pool, session).await?.ok_or_else(AppError::unauthorized)?;
    st.throttles.check(&st.pool, Limit::Moderate, &format!("moderate:{}", user.id)).await?;
    let filter = CoordFilter::from_params(&app::model::Params::parse(raw));
    let scope = app::coordination::scope::resolve(&st.pool, &user, filter.territory()).await?;
    Ok((user, filter, scope))
}

fn file_name(what: &str, scope: &app::coordination::scope::Resolved, format: Format) -> String {
    let scope_name = scope.view.current.clone().unwrap_or_else(|| "instance".into());
    format!("{what}-{scope_name}-{}.{}", t::paris_today().format("%Y-%m-%d"), format.extension())
}

fn paris_day(d: Option<chrono::DateTime<chrono::Utc>>) -> String {
    d.map(|d| t::paris_date(d).format("%d/%m/%Y").to_string()).unwrap_or_default()
}

/// Bytes of a CSV document: BOM, header, rows.
fn csv_document<const N: usize>(columns: [&str; N], rows: impl Iterator<Item = [String; N]>) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(columns).map_err(AppError::internal)?;
        for r in rows {
            w.write_record(r).map_err(AppError::internal)?;
        }
        w.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

fn feature(lat: Option<f64>, lon: Option<f64>, properties: serde_json::Value) -> serde_json::Value {
    let geometry = lat.zip(lon).map(|(lat, lon)| serde_json::json!({ "type": "Point", "coordinates": [lon, lat] }));
    serde_json::json!({ "type": "Feature", "geometry": geometry, "properties": properties })
}

async fn posts(st: &AppState, session: &Session, raw: &str, format: Format) -> Result<(String, Format, Vec<u8>), AppError> {
    let (user, filter, scope) = caller(st, session, raw).await?;
    let rows = dashboard::posts(&st.pool, scope.scope, &filter, chrono::Utc::now(), MAX_ROWS + 1, 0).await?;
    let cut = rows.len() as i64 > MAX_ROWS;
    let rows = &rows[..rows.len().min(MAX_ROWS as usize)];
    let base = &st.site.public_url;
    let url = |id: i64| format!("{base}/partage/{id}");
    let who = |p: &app::model::CoordPost| p.structure_name.as_deref().map_or_else(|| t::COORD_INDIVIDUAL.to_string(), cell);
    let body = match format {
        Format::Csv => {
            let mut doc = csv_document(
                COLUMNS,
                rows.iter().map(|p| {
                    [
                        p.id.to_string(),
                        p.kind.label().to_string(),
                        cell(&p.category_name),
                        cell(&p.title),
                        p.status.label().to_string(),
                        if p.hidden { "oui" } else { "non" }.to_string(),
                        who(p),
                        p.commune_name.as_deref().map(cell).unwrap_or_default(),
                        p.insee.clone().unwrap_or_default(),
                        paris_day(p.published_at),
                        paris_day(p.expires_at),
                        p.responses.to_string(),
                        paris_day(p.first_response_at),
                        p.connections.to_string(),
                        url(p.id),
                    ]
                }),
            )?;
            if cut {
                doc.extend_from_slice(format!("\"(export limité aux {MAX_ROWS} annonces les plus récentes)\"\n").as_bytes());
            }
            doc
        }
        _ => {
            let features: Vec<_> = rows
                .iter()
                .map(|p| {
                    feature(p.lat, p.lon, serde_json::json!({
                        "id": p.id, "url": url(p.id), "type": p.kind.as_str(), "categorie": p.category_name, "titre": p.title,
                        "etat": p.status.as_str(), "masquee": p.hidden, "structure": who(p), "commune": p.commune_name,
                        "code_insee": p.insee, "publiee_le": p.published_at, "expire_le": p.expires_at,
                        "reponses": p.responses, "premiere_reponse_le": p.first_response_at, "mises_en_relation": p.connections,
                    }))
                })
                .collect();
            serde_json::to_vec(&serde_json::json!({ "type": "FeatureCollection", "truncated": cut, "features": features })).map_err(AppError::internal)?
        }
    };
    audit(st, &user, "export.posts", rows.len(), &filter).await?;
    Ok((file_name("annonces", &scope, format), format, body))
}

const STRUCTURE_COLUMNS: [&str; 20] = [
    "id", "nom", "type", "description", "adresse", "commune", "code_postal", "code_insee", "département", "courriel",
    "téléphone", "site_web", "rna", "siret", "latitude", "longitude", "mise_à_jour_le", "besoins_ouverts", "ressources_ouvertes", "url",
];

/// data.inclusion's `typologie` where one of its codes fits, else `Autre`.
fn typologie(kind: StructureKind) -> &'static str {
    match kind {
        StructureKind::Association => "ASSO",
        StructureKind::CentreSocial => "CS",
        StructureKind::TiersLieu => "TIERS_LIEUX",
        _ => "Autre",
    }
}

async fn structures(st: &AppState, session: &Session, raw: &str, format: Format) -> Result<(String, Format, Vec<u8>), AppError> {
    let (user, filter, scope) = caller(st, session, raw).await?;
    let mut rows = dashboard::structures(&st.pool, scope.scope).await?;
    // Contacts through the one rule. The caller is an instance admin or coordinates the
    // territory these structures belong to (`scope::resolve` chose one of theirs, and the
    // rows are its structures, by commune or membership): insiders of every row.
    let audience = app::structures::contacts::audience_of_scope(&user, scope.scope);
    for s in &mut rows {
        let public = app::model::ContactVisibility { email: s.email_public, phone: s.phone_public, website: s.website_public };
        let seen = app::model::Contacts { email: s.email.take(), phone: s.phone.take(), website: s.website.take() }.seen_by(public, audience);
        (s.email, s.phone, s.website) = (seen.email, seen.phone, seen.website);
    }
    let base = &st.site.public_url;
    let url = |slug: &str| format!("{base}/structures/{slug}");
    let opt = |v: &Option<String>| v.as_deref().map(cell).unwrap_or_default();
    let body = match format {
        Format::Csv => csv_document(
            STRUCTURE_COLUMNS,
            rows.iter().map(|s| {
                [
                    s.id.to_string(),
                    cell(&s.name),
                    s.kind.label().to_string(),
                    cell(&s.description),
                    opt(&s.address),
                    opt(&s.commune_name),
                    opt(&s.postcode),
                    opt(&s.insee),
                    opt(&s.departement),
                    opt(&s.email),
                    opt(&s.phone),
                    opt(&s.website),
                    opt(&s.rna),
                    opt(&s.siret),
                    s.lat.map(|v| format!("{v:.6}")).unwrap_or_default(),
                    s.lon.map(|v| format!("{v:.6}")).unwrap_or_default(),
                    paris_day(Some(s.updated_at)),
                    s.open_needs.to_string(),
                    s.open_offers.to_string(),
                    url(&s.slug),
                ]
            }),
        )?,
        Format::GeoJson => {
            let features: Vec<_> = rows
                .iter()
                .map(|s| {
                    feature(s.lat, s.lon, serde_json::json!({
                        "id": s.id, "url": url(&s.slug), "nom": s.name, "type": s.kind.as_str(), "description": s.description,
                        "adresse": s.address, "commune": s.commune_name, "code_postal": s.postcode, "code_insee": s.insee,
                        "courriel": s.email, "telephone": s.phone, "site_web": s.website, "rna": s.rna, "siret": s.siret,
                        "mise_a_jour_le": s.updated_at, "besoins_ouverts": s.open_needs, "ressources_ouvertes": s.open_offers,
                    }))
                })
                .collect();
            serde_json::to_vec(&serde_json::json!({ "type": "FeatureCollection", "features": features })).map_err(AppError::internal)?
        }
        Format::DataInclusion => {
            // Fields of data.inclusion's structure schema that exist here; the rest are absent.
            let items: Vec<_> = rows
                .iter()
                .map(|s| {
                    let resume: String = s.description.chars().take(280).collect();
                    serde_json::json!({
                        "id": s.slug, "siret": s.siret, "rna": s.rna, "nom": s.name, "commune": s.commune_name,
                        "code_postal": s.postcode, "code_insee": s.insee, "adresse": s.address, "longitude": s.lon, "latitude": s.lat,
                        "typologie": typologie(s.kind), "telephone": s.phone, "courriel": s.email, "site_web": s.website,
                        "presentation_resume": (!resume.is_empty()).then_some(resume),
                        "presentation_detail": (s.description.chars().count() > 280).then_some(&s.description),
                        "source": "coin-du-partage", "date_maj": t::paris_date(s.updated_at).format("%Y-%m-%d").to_string(),
                        "antenne": false, "lien_source": url(&s.slug),
                    })
                })
                .collect();
            serde_json::to_vec(&items).map_err(AppError::internal)?
        }
    };
    audit(st, &user, "export.structures", rows.len(), &filter).await?;
    Ok((file_name("structures", &scope, format), format, body))
}

async fn audit(st: &AppState, user: &app::model::SessionUser, action: &str, rows: usize, filter: &CoordFilter) -> Result<(), AppError> {
    let pairs: Vec<String> = filter.to_pairs().iter().map(|(k, v)| format!("{k}={v}")).collect();
    let details = serde_json::json!({ "rows": rows, "filter": pairs });
    app::db::audit::event(&st.pool, Some(user.id), action, None, &details.to_string()).await
}

/// A text cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}
