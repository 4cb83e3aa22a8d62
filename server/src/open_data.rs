//! The open-data read API under `/api/v1/`: public fields only, paginated, with the
//! instance's data licence in every answer. Same filters as the pages (same URL
//! parameters), so a filtered page and its data share one link shape.

use app::error::AppError;
use app::model::{DirectoryFilter, Grammar, Params, PostFilter, Problem, ShareSort};
use app::search::{self, Origin, PostSearch};
use app::state::AppState;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The query read by `read`, or the 400 refusing it: an unknown parameter or a bad value
/// gets its French message (a typo must not silently return everything).
fn strict<T>(raw: Option<String>, keys: &[&str], read: impl FnOnce(&Params) -> (T, Vec<Problem>)) -> Result<T, Response> {
    Params::read_strict(raw.as_deref().unwrap_or_default(), keys, read).map(|(_, value)| value).map_err(|m| AppError::bad_request(m).into_response())
}

/// `GET /api/v1/structures?q=&type=&theme=&commune=&departement=&reseau=&besoins=1&page=`
pub async fn structures(State(st): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let filter = match strict(raw, DirectoryFilter::KEYS, DirectoryFilter::read) {
        Ok(filter) => filter,
        Err(refused) => return refused,
    };
    let result = async {
        let data = app::db::directory::list(&st.pool, &st.cache, &filter).await?;
        let licence = st.cache.settings(&st.pool).await?.licence();
        // The contacts each structure made public (`Contacts::seen_by`, for anyone).
        let ids: Vec<i64> = data.items.iter().map(|s| s.id).collect();
        let contacts = app::structures::contacts::public_of(&st.pool, &ids).await?;
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
                "contacts": contacts.get(&s.id).cloned().unwrap_or_default(),
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

/// Posts per page of the API.
pub const POSTS_PER_PAGE: usize = 20;
/// Posts one request orders at most (5 pages): a map asking for more should zoom in or
/// add words. It bounds the rows a request reads (`app::search`), so that any viewport
/// answers within a few milliseconds at 100,000 posts (docs/benchmarks.md).
pub const POSTS_LIMIT: i64 = 100;

/// `GET /api/v1/posts?q=&type=besoin|ressource&categorie=&commune=&departement=&reseau=
/// &rayon=km&depuis=AAAA-MM-JJ&tri=pertinence|recent|urgence|distance&pres=INSEE&bbox=ouest,sud,est,nord&page=`
///
/// Read like the list (`app::search`): at most [`POSTS_LIMIT`] posts are ordered and
/// paged (`total_is_lower_bound` says when more match). Values the list would ignore are
/// refused here with a French message, so a client learns of its mistake.
pub async fn posts(State(st): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let filter = match strict(raw, Grammar::LIST.keys, |p| PostFilter::read(p, Grammar::LIST)) {
        Ok(filter) => filter,
        Err(refused) => return refused,
    };
    let result = async {
        let (search, page) = post_search_of(&st, &filter).await?;
        let ranked = search::rank(&st, &search, ((page - 1) * POSTS_PER_PAGE) as i64, POSTS_PER_PAGE as i64).await?;
        let total = ranked.total as usize;
        let pages = total.div_ceil(POSTS_PER_PAGE).max(1);
        // Past the end, `rank` answered the first page.
        let page = if page > pages { 1 } else { page };
        let shown = &ranked.posts;
        let rows = app::db::posts::open_data::by_ids(&st.pool, &shown.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
        let licence = st.cache.settings(&st.pool).await?.licence();
        let base = &st.site.public_url;
        Ok::<_, AppError>(json!({
            "licence": licence.label(),
            "licence_url": licence.url(),
            "sort": search.sort.as_param(),
            "page": page,
            "pages": pages,
            "per_page": POSTS_PER_PAGE,
            "total": total,
            "total_is_lower_bound": ranked.more,
            "items": rows.iter().map(|p| {
                let km = shown.iter().find(|r| r.id == p.id).and_then(|r| r.km).filter(|_| search.sort == ShareSort::Distance);
                json!({
                    "id": p.id,
                    "url": format!("{base}/partage/{}", p.id),
                    "kind": p.kind.as_str(),
                    "status": p.status.as_str(),
                    "urgency": p.urgency.as_str(),
                    "title": p.title,
                    "description": p.description,
                    "category": { "slug": p.category_slug, "name": p.category_name },
                    "structure": p.structure_slug.as_ref().map(|slug| json!({
                        "name": p.structure_name,
                        "slug": slug,
                        "url": format!("{base}/structures/{slug}"),
                    })),
                    "commune": p.insee.as_ref().map(|insee| json!({
                        "insee": insee,
                        "name": p.commune_name,
                        "departement": p.departement,
                    })),
                    "location": p.lat.zip(p.lon).map(|(lat, lon)| json!({
                        "lat": lat,
                        "lon": lon,
                        "precision": p.location_precision.as_str(),
                    })),
                    "distance_km": km.map(|k| (k * 10.0).round() / 10.0),
                    "published_at": p.published_at,
                    "expires_at": p.expires_at,
                })
            }).collect::<Vec<_>>(),
        }))
    }
    .await;
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The search a request asks for, and its page; French messages for an order by distance
/// without a known commune to measure from.
async fn post_search_of(st: &AppState, filter: &PostFilter) -> Result<(PostSearch, usize), AppError> {
    let origin = match filter.origin_code() {
        None if filter.sort == Some(ShareSort::Distance) => {
            return Err(AppError::bad_request("tri=distance : indiquez la commune de départ avec pres=<code INSEE>."));
        }
        None => None,
        Some(code) => {
            let commune = app::db::communes::by_insee(&st.pool, code).await?;
            let commune = commune.ok_or_else(|| AppError::bad_request(format!("commune inconnue (code INSEE « {code} »).")))?;
            Some(Origin { lat: commune.lat, lon: commune.lon })
        }
    };
    let page = filter.page as usize;
    Ok((PostSearch { limit: POSTS_LIMIT, ..search::of_filter(&st.pool, filter, origin).await? }, page))
}
