//! Open-data exports: every public post, structure and pooled resource as GeoJSON or CSV
//! (`/api/v1/posts.geojson`, `/api/v1/posts.csv`, `/api/v1/structures.geojson`,
//! `/api/v1/structures.csv`, `/api/v1/resources.geojson`, `/api/v1/resources.csv`). Streamed: rows go out as the database yields them, in
//! chunks of about [`CHUNK`] bytes, so a million posts never sit in memory.
//!
//! Public fields only (see `app::db::posts::open_data`): an individual's post is placed at its
//! commune's centroid, no author, no address; a structure's contacts only where it made
//! them public (`app::model::Contacts::seen_by`). The instance's data
//! licence is in every export: in the GeoJSON document, in a `licence` column of the
//! CSV, and in a `Link: <…>; rel="license"` header. CSV is plain UTF-8 without BOM,
//! comma-separated, one header line; text cells that a spreadsheet would run as a
//! formula get a leading apostrophe.

use app::auth::throttle::Limit;
use app::db::Pool;
use app::db::posts::open_data::{self, OpenPost, OpenResource, OpenStructure};
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use serde::Serialize;

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    GeoJson,
    Csv,
}

pub async fn posts_geojson(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenPost>(st, client, open_data::all_sql(), "annonces", Format::GeoJson).await
}

pub async fn posts_csv(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenPost>(st, client, open_data::all_sql(), "annonces", Format::Csv).await
}

pub async fn structures_geojson(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenStructure>(st, client, open_data::ALL_STRUCTURES_SQL.to_string(), "structures", Format::GeoJson).await
}

pub async fn structures_csv(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenStructure>(st, client, open_data::ALL_STRUCTURES_SQL.to_string(), "structures", Format::Csv).await
}

pub async fn resources_geojson(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenResource>(st, client, open_data::ALL_RESOURCES_SQL.to_string(), "ressources", Format::GeoJson).await
}

pub async fn resources_csv(State(st): State<AppState>, client: Client) -> Response {
    export::<OpenResource>(st, client, open_data::ALL_RESOURCES_SQL.to_string(), "ressources", Format::Csv).await
}

/// Who asks: the socket peer (absent in tests) and the headers a trusted proxy sets.
pub struct Client {
    peer: Option<std::net::IpAddr>,
    headers: axum::http::HeaderMap,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        Ok(Client { peer, headers: parts.headers.clone() })
    }
}

/// What an exported row gives: its point and its public fields.
trait Exported: for<'r> sqlx::FromRow<'r, <app::db::Db as sqlx::Database>::Row> + Send + Unpin + 'static {
    type Fields<'a>: Serialize
    where
        Self: 'a;
    /// The CSV header: the fields' names in order, then `lat`, `lon`, `licence`.
    const COLUMNS: &'static [&'static str];
    fn point(&self) -> Option<(f64, f64)>;
    fn fields<'a>(&'a self, base: &str) -> Self::Fields<'a>;
}

#[derive(Serialize)]
struct PostFields<'a> {
    id: i64,
    url: String,
    kind: &'static str,
    status: &'static str,
    urgency: &'static str,
    title: Text<&'a str>,
    description: Text<&'a str>,
    category: &'a str,
    category_name: &'a str,
    structure: Option<Text<&'a str>>,
    structure_url: Option<String>,
    insee: Option<&'a str>,
    commune: Option<&'a str>,
    departement: Option<&'a str>,
    /// `address` (the structure's own place) or `commune` (its centroid).
    precision: &'static str,
    published_at: Option<String>,
    expires_at: Option<String>,
}

impl Exported for OpenPost {
    type Fields<'a> = PostFields<'a>;
    const COLUMNS: &'static [&'static str] = &[
        "id", "url", "kind", "status", "urgency", "title", "description", "category", "category_name", "structure", "structure_url",
        "insee", "commune", "departement", "precision", "published_at", "expires_at", "lat", "lon", "licence",
    ];

    fn point(&self) -> Option<(f64, f64)> {
        self.lon.zip(self.lat)
    }

    fn fields<'a>(&'a self, base: &str) -> PostFields<'a> {
        PostFields {
            id: self.id,
            url: format!("{base}/partage/{}", self.id),
            kind: self.kind.as_str(),
            status: self.status.as_str(),
            urgency: self.urgency.as_str(),
            title: Text(&self.title),
            description: Text(&self.description),
            category: &self.category_slug,
            category_name: &self.category_name,
            structure: self.structure_name.as_deref().map(Text),
            structure_url: self.structure_slug.as_ref().map(|s| format!("{base}/structures/{s}")),
            insee: self.insee.as_deref(),
            commune: self.commune_name.as_deref(),
            departement: self.departement.as_deref(),
            precision: self.location_precision.as_str(),
            published_at: self.published_at.map(|d| d.to_rfc3339()),
            expires_at: self.expires_at.map(|d| d.to_rfc3339()),
        }
    }
}

#[derive(Serialize)]
struct StructureFields<'a> {
    id: i64,
    url: String,
    name: Text<&'a str>,
    kind: &'static str,
    kind_label: &'static str,
    description: Text<&'a str>,
    insee: Option<&'a str>,
    commune: Option<&'a str>,
    departement: Option<&'a str>,
    email: Option<Text<String>>,
    phone: Option<Text<String>>,
    website: Option<Text<String>>,
}

impl Exported for OpenStructure {
    type Fields<'a> = StructureFields<'a>;
    const COLUMNS: &'static [&'static str] =
        &["id", "url", "name", "kind", "kind_label", "description", "insee", "commune", "departement", "email", "phone", "website", "lat", "lon", "licence"];

    fn point(&self) -> Option<(f64, f64)> {
        self.lon.zip(self.lat)
    }

    fn fields<'a>(&'a self, base: &str) -> StructureFields<'a> {
        let contacts = self.contacts();
        StructureFields {
            id: self.id,
            url: format!("{base}/structures/{}", self.slug),
            name: Text(&self.name),
            kind: self.kind.as_str(),
            kind_label: self.kind.label(),
            description: Text(&self.description),
            insee: self.insee.as_deref(),
            commune: self.commune_name.as_deref(),
            departement: self.departement.as_deref(),
            email: contacts.email.map(Text),
            phone: contacts.phone.map(Text),
            website: contacts.website.map(Text),
        }
    }
}

#[derive(Serialize)]
struct ResourceFields<'a> {
    id: i64,
    url: String,
    name: Text<&'a str>,
    kind: &'static str,
    kind_label: &'static str,
    description: Text<&'a str>,
    conditions: Text<&'a str>,
    contribution: Text<&'a str>,
    time_unit: &'static str,
    open_to_individuals: bool,
    structure: Text<&'a str>,
    structure_url: String,
    insee: Option<&'a str>,
    commune: Option<&'a str>,
    departement: Option<&'a str>,
}

impl Exported for OpenResource {
    type Fields<'a> = ResourceFields<'a>;
    const COLUMNS: &'static [&'static str] = &[
        "id", "url", "name", "kind", "kind_label", "description", "conditions", "contribution", "time_unit", "open_to_individuals",
        "structure", "structure_url", "insee", "commune", "departement", "lat", "lon", "licence",
    ];

    fn point(&self) -> Option<(f64, f64)> {
        self.lon.zip(self.lat)
    }

    fn fields<'a>(&'a self, base: &str) -> ResourceFields<'a> {
        ResourceFields {
            id: self.id,
            url: format!("{base}/ressources/{}", self.id),
            name: Text(&self.name),
            kind: self.kind.as_str(),
            kind_label: self.kind.label(),
            description: Text(&self.description),
            conditions: Text(&self.conditions),
            contribution: Text(&self.contribution),
            time_unit: self.time_unit.as_str(),
            open_to_individuals: self.open_to_individuals,
            structure: Text(&self.structure_name),
            structure_url: format!("{base}/structures/{}", self.structure_slug),
            insee: self.insee.as_deref(),
            commune: self.commune_name.as_deref(),
            departement: self.departement.as_deref(),
        }
    }
}

/// Free text typed by users. In CSV, a cell starting like a formula (`=`, `+`, `-`,
/// `@`, tab, carriage return) is prefixed with an apostrophe so that a spreadsheet
/// shows it instead of running it; JSON carries it as typed.
struct Text<S: AsRef<str>>(S);

thread_local! {
    /// Set while a CSV line is serialised (synchronously, no await in between), so the
    /// same field structs serve both formats.
    static CSV_CELLS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl<T: AsRef<str>> Serialize for Text<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.as_ref();
        if CSV_CELLS.get() && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.serialize_str(&format!("'{text}"))
        } else {
            s.serialize_str(text)
        }
    }
}

/// The response: headers at once, then the rows as they come.
async fn export<R: Exported>(st: AppState, client: Client, sql: String, name: &str, format: Format) -> Response {
    if let Err(e) = st.throttles.check(&st.pool, Limit::Export, &st.client_key(client.peer, &client.headers)).await {
        return e.into_response();
    }
    let licence = match st.cache.settings(&st.pool).await {
        Ok(settings) => settings.licence(),
        Err(e) => return e.into_response(),
    };
    let (label, url) = (licence.label().to_string(), licence.url().to_string());
    let base = st.site.public_url.clone();
    let (content_type, file) = match format {
        Format::GeoJson => ("application/geo+json", format!("{name}.geojson")),
        Format::Csv => ("text/csv; charset=utf-8", format!("{name}.csv")),
    };
    let body = stream_rows::<R>(st.pool.clone(), sql, format, base, label.clone(), url.clone());
    let mut res = Body::from_stream(body).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"license\"; title=\"{label}\"")) {
        headers.insert(header::LINK, v);
    }
    res
}

/// Reads the rows in a task of its own and hands chunks over a small channel (the
/// client's pace holds the reading back). A database error mid-way ends the body with
/// an error, so the client sees a broken download, not a short file.
fn stream_rows<R: Exported>(pool: Pool, sql: String, format: Format, base: String, label: String, url: String) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut out = Writer::new::<R>(format, &label, &url);
        let mut rows = open_data::stream::<R>(&pool, &sql);
        loop {
            match rows.try_next().await {
                Ok(Some(row)) => {
                    out.row(&row, &base, &label);
                    if out.buf.len() >= CHUNK && tx.send(Ok(out.take())).await.is_err() {
                        return; // the client went away
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::error!(error = %e, "export interrompu");
                    let _ = tx.send(Err(std::io::Error::other("export interrompu"))).await;
                    return;
                }
            }
        }
        out.end();
        let _ = tx.send(Ok(out.take())).await;
    });
    // `poll_recv` keeps answering `None` once closed: compression polls past the end.
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Writes rows into a buffer in one format.
struct Writer {
    format: Format,
    buf: Vec<u8>,
    rows: usize,
}

#[derive(Serialize)]
struct Feature<'a, F> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Option<Geometry>,
    properties: &'a F,
}

#[derive(Serialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

impl Writer {
    fn new<R: Exported>(format: Format, label: &str, url: &str) -> Writer {
        let mut buf = Vec::with_capacity(CHUNK + 4096);
        if format == Format::Csv {
            let mut w = csv::Writer::from_writer(&mut buf);
            let _ = w.write_record(R::COLUMNS);
            let _ = w.flush();
        } else {
            let head = serde_json::json!({ "type": "FeatureCollection", "licence": label, "licence_url": url });
            let head = head.to_string();
            // The same object, left open for the features.
            buf.extend_from_slice(head[..head.len() - 1].as_bytes());
            buf.extend_from_slice(b",\"features\":[");
        }
        Writer { format, buf, rows: 0 }
    }

    fn row<R: Exported>(&mut self, row: &R, base: &str, licence: &str) {
        let fields = row.fields(base);
        match self.format {
            Format::GeoJson => {
                if self.rows > 0 {
                    self.buf.push(b',');
                }
                let geometry = row.point().map(|(lon, lat)| Geometry { kind: "Point", coordinates: [lon, lat] });
                let _ = serde_json::to_writer(&mut self.buf, &Feature { kind: "Feature", geometry, properties: &fields });
            }
            Format::Csv => {
                let (lon, lat) = row.point().unzip();
                CSV_CELLS.set(true);
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut self.buf);
                let _ = w.serialize((&fields, lat, lon, licence));
                let _ = w.flush();
                drop(w);
                CSV_CELLS.set(false);
            }
        }
        self.rows += 1;
    }

    fn end(&mut self) {
        if self.format == Format::GeoJson {
            self.buf.extend_from_slice(b"]}");
        }
    }

    fn take(&mut self) -> Bytes {
        Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096)))
    }
}

