//! The open-data read API under `/api/v1/`: public fields only, paginated, with the
//! instance's data licence in every answer. Same filters as the pages (same URL
//! parameters), so a filtered page and its data share one link shape.

use std::collections::HashMap;

use app::error::AppError;
use app::model::DirectoryFilter;
use app::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Parameters the structures endpoint understands (anything else is refused, so a typo
/// does not silently return everything).
const STRUCTURE_PARAMS: &[&str] = &["q", "type", "theme", "commune", "departement", "reseau", "besoins", "page"];

fn unknown_param(params: &HashMap<String, String>, known: &[&str]) -> Option<String> {
    params.keys().find(|k| !known.contains(&k.as_str())).cloned()
}

/// `GET /api/v1/structures?q=&type=&theme=&commune=&departement=&reseau=&besoins=1&page=`
pub async fn structures(State(st): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    if let Some(p) = unknown_param(&params, STRUCTURE_PARAMS) {
        return AppError::bad_request(format!("Paramètre inconnu : « {} ». Paramètres possibles : {}.", p.chars().take(40).collect::<String>(), STRUCTURE_PARAMS.join(", ")))
            .into_response();
    }
    let filter = DirectoryFilter::from_query(|k| params.get(k).cloned());
    let result = async {
        let data = app::db::directory::list(&st.pool, &filter).await?;
        let licence = app::db::settings::get(&st.pool).await?.licence();
        Ok::<_, AppError>(json!({
            "licence": licence.label(),
            "licence_url": licence.url(),
            "page": data.page,
            "pages": data.pages,
            "total": data.total,
            "items": data.items.iter().map(|s| json!({
                "id": s.id,
                "slug": s.slug,
                "name": s.name,
                "kind": s.kind.as_str(),
                "commune": s.commune,
                "departement": s.departement,
                "open_needs": s.open_needs,
                "open_offers": s.open_offers,
                "url": format!("{}/structures/{}", st.site.public_url, s.slug),
            })).collect::<Vec<_>>(),
        }))
    }
    .await;
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.into_response(),
    }
}
