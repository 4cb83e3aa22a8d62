//! `/partage.atom`, `/benevolat.ics`, `/structures/{slug}/missions.ics`, and the secret
//! booking feeds (built by `app::feeds`), with an ETag so that a feed reader polling an unchanged feed gets a 304.

use app::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::Digest;

/// Readers may keep a feed this long before asking again.
const MAX_AGE: &str = "public, max-age=300";

fn answer(headers: &HeaderMap, body: String, content_type: &'static str) -> Response {
    let digest = sha2::Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag));
    let etag = HeaderValue::from_str(&etag).expect("hex in quotes");
    if unchanged {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE))]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE)),
        ],
        body,
    )
        .into_response()
}

pub async fn share_atom(State(st): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    match app::feeds::atom::share(&st, query.as_deref().unwrap_or("")).await {
        Ok(xml) => answer(&headers, xml, "application/atom+xml; charset=utf-8"),
        Err(e) => e.into_response(),
    }
}

pub async fn missions_ics(State(st): State<AppState>, headers: HeaderMap) -> Response {
    ics(&st, None, &headers).await
}

pub async fn structure_missions_ics(State(st): State<AppState>, Path(slug): Path<String>, headers: HeaderMap) -> Response {
    ics(&st, Some(&slug), &headers).await
}

async fn ics(st: &AppState, slug: Option<&str>, headers: &HeaderMap) -> Response {
    // The stamp is the day's start, not the second: the same missions give the same file
    // (and ETag) all day.
    let today = app::model::time::paris_date(app::db::now());
    let stamp = app::model::time::paris_to_utc(today.and_hms_opt(0, 0, 0).expect("midnight"));
    match app::feeds::ical::missions(&st.pool, &st.site.public_url, slug, stamp).await {
        Ok(Some(text)) => answer(headers, text, "text/calendar; charset=utf-8"),
        Ok(None) => app::error::AppError::not_found(app::i18n::ERR_STRUCTURE_NOT_FOUND).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `?cle=…`, the key of a secret feed.
#[derive(serde::Deserialize)]
pub struct FeedKey {
    #[serde(default)]
    cle: String,
}

/// Booking feeds are private: never kept by shared caches.
fn private(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    res
}

pub async fn resource_bookings_ics(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(key): axum::extract::Query<FeedKey>,
    headers: HeaderMap,
) -> Response {
    match app::feeds::bookings::resource_feed(&st.pool, &st.signer, &st.site.public_url, id, &key.cle, app::db::now()).await {
        Ok(Some(text)) => private(answer(&headers, text, "text/calendar; charset=utf-8")),
        Ok(None) => app::error::AppError::not_found(app::i18n::RESOURCE_NOT_FOUND).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn structure_bookings_ics(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    axum::extract::Query(key): axum::extract::Query<FeedKey>,
    headers: HeaderMap,
) -> Response {
    match app::feeds::bookings::structure_feed(&st.pool, &st.signer, &st.site.public_url, &slug, &key.cle, app::db::now()).await {
        Ok(Some(text)) => private(answer(&headers, text, "text/calendar; charset=utf-8")),
        Ok(None) => app::error::AppError::not_found(app::i18n::ERR_STRUCTURE_NOT_FOUND).into_response(),
        Err(e) => e.into_response(),
    }
}
