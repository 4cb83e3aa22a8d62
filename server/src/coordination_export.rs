//! Coordinators' download of the posts behind a dashboard figure
//! (`/coordination/export/annonces.csv?…`, the list's filters): CSV in UTF-8 *with* a BOM
//! so that Excel shows accents right (the public open-data CSV has none). No personal
//! contact, no message: an individual's post says « Particulier », nothing more. The
//! policy (`app::policy::API_ROUTES`) requires a coordinator; the territory is checked
//! here like on the page, the download is rate-limited and written to the audit log.

use app::auth::throttle::Limit;
use app::db::dashboard;
use app::error::AppError;
use app::i18n as t;
use app::model::CoordFilter;
use app::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Rows in one download at most (a territory has far fewer; the instance-wide export of
/// a very large instance is cut there, and says so in its last line).
pub const MAX_ROWS: i64 = 100_000;

const COLUMNS: [&str; 15] = [
    "id", "type", "catégorie", "titre", "état", "masquée", "structure", "commune", "code_insee", "publiée_le", "expire_le",
    "réponses", "première_réponse_le", "mises_en_relation", "url",
];

pub async fn posts_csv(State(st): State<AppState>, session: tower_sessions::Session, RawQuery(raw): RawQuery) -> Response {
    match build(&st, &session, raw.as_deref().unwrap_or("")).await {
        Ok((file, body)) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn build(st: &AppState, session: &tower_sessions::Session, raw: &str) -> Result<(String, Vec<u8>), AppError> {
    let user = app::auth::session::current_user(&st.pool, session).await?.ok_or_else(AppError::unauthorized)?;
    st.throttles.check(Limit::Moderate, &format!("moderate:{}", user.id))?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let filter = CoordFilter::from_query(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
    let scope = app::coordination::scope::resolve(&st.pool, &user, filter.territory.as_deref()).await?;
    let rows = dashboard::posts(&st.pool, scope.scope, &filter, chrono::Utc::now(), MAX_ROWS + 1, 0).await?;
    let base = &st.site.public_url;
    let mut out = Vec::with_capacity(256 + rows.len() * 200);
    out.extend_from_slice("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS).map_err(AppError::internal)?;
        let date = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| t::paris_date(d).format("%d/%m/%Y").to_string()).unwrap_or_default();
        for p in rows.iter().take(MAX_ROWS as usize) {
            w.write_record([
                p.id.to_string(),
                p.kind.label().to_string(),
                cell(&p.category_name),
                cell(&p.title),
                p.status.label().to_string(),
                if p.hidden { "oui" } else { "non" }.to_string(),
                p.structure_name.as_deref().map_or_else(|| t::COORD_INDIVIDUAL.to_string(), cell),
                p.commune_name.as_deref().map(cell).unwrap_or_default(),
                p.insee.clone().unwrap_or_default(),
                date(p.published_at),
                date(p.expires_at),
                p.replies.to_string(),
                date(p.first_reply_at),
                p.connections.to_string(),
                format!("{base}/partage/{}", p.id),
            ])
            .map_err(AppError::internal)?;
        }
        if rows.len() as i64 > MAX_ROWS {
            w.write_record([format!("(export limité aux {MAX_ROWS} annonces les plus récentes)")]).map_err(AppError::internal)?;
        }
        w.flush().map_err(AppError::internal)?;
    }
    let shown = rows.len().min(MAX_ROWS as usize);
    let details = serde_json::json!({ "rows": shown, "filter": filter.to_pairs().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>() });
    app::db::audit::record(&st.pool, Some(user.id), "export.posts", None, &details.to_string()).await?;
    let scope_name = scope.view.current.unwrap_or_else(|| "instance".into());
    let file = format!("annonces-{scope_name}-{}.csv", t::paris_today().format("%Y-%m-%d"));
    Ok((file, out))
}

/// A text cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}
