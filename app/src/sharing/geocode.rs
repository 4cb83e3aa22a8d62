//! Street addresses through the national address API (BAN, « Base adresse nationale »,
//! `https://api-adresse.data.gouv.fr`), only when the instance configures it
//! (`COIN_GEOCODER_URL`). Called by this server, never by users' browsers (whose
//! addresses BAN then never sees), and never required: without it, or when it does not
//! answer, a post is placed at its commune or on a point picked on the map.

use std::time::Duration;

use serde::Deserialize;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{ADDRESS_QUERY_MAX_CHARS, AddressHit};

/// Addresses returned at most.
const LIMIT: usize = 5;
/// The whole call (connection included): a slow geocoder must not hold the form.
const TIMEOUT: Duration = Duration::from_secs(4);
/// Answers longer than this are not read (five addresses are a few kilobytes).
const MAX_ANSWER_BYTES: u64 = 256 * 1024;

#[derive(Deserialize)]
struct Answer {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Geometry,
    properties: Properties,
}

#[derive(Deserialize)]
struct Geometry {
    coordinates: [f64; 2],
}

#[derive(Deserialize)]
struct Properties {
    label: String,
}

/// The addresses matching `q` (3 to [`ADDRESS_QUERY_MAX_CHARS`] characters).
pub async fn search(base: Option<&str>, q: &str) -> AppResult<Vec<AddressHit>> {
    let Some(base) = base else {
        return Err(AppError::new(ErrorCode::NotFound, t::ADDRESS_NOT_CONFIGURED));
    };
    let q = q.trim();
    let n = q.chars().count();
    if n < 3 || n > ADDRESS_QUERY_MAX_CHARS || q.chars().any(char::is_control) {
        return Err(AppError::invalid(vec![AppError::field("address", t::ERR_ADDRESS_QUERY)]));
    }
    let (url, q) = (format!("{base}/search/"), q.to_string());
    let answer = tokio::task::spawn_blocking(move || call(&url, &q)).await.map_err(AppError::internal)?;
    match answer {
        Ok(hits) => Ok(hits),
        Err(e) => {
            // The geocoder's trouble is logged (not the words searched: they may be an address).
            tracing::warn!(error = %e, "géocodeur injoignable ou réponse illisible");
            Err(AppError::new(ErrorCode::Unavailable, t::ADDRESS_UNAVAILABLE))
        }
    }
}

fn call(url: &str, q: &str) -> Result<Vec<AddressHit>, ureq::Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).build().into();
    let limit = LIMIT.to_string();
    let mut res = agent.get(url).query("q", q).query("limit", &limit).query("autocomplete", "0").call()?;
    let answer: Answer = res.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_json()?;
    Ok(answer
        .features
        .into_iter()
        .filter(|f| f.geometry.coordinates.iter().all(|c| c.is_finite()))
        .filter(|f| f.geometry.coordinates[1].abs() <= 90.0 && f.geometry.coordinates[0].abs() <= 180.0)
        .take(LIMIT)
        .map(|f| AddressHit { label: f.properties.label.chars().take(200).collect(), lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0] })
        .collect())
}
