//! Large synthetic data sets for benchmarks: validated structures, a few hundred
//! individuals and any number of needs and offers, spread over France in proportion to
//! the population of the communes (already loaded into the database).
//!
//! Reproducible: the same seed on the same reference data draws the same places and
//! texts (timestamps are relative to the start of the run). Fast: multi-row inserts of
//! up to 1,000 rows, 50,000 rows per transaction, on one connection, rows generated
//! chunk by chunk so memory stays flat whatever the number of posts.
//!
//! Everything generated is recognisable: structure slugs `synth-<n>`, e-mails
//! `synth-<n>@example.org`, numbers continuing after the highest one already present so
//! that several runs (any seeds) add up without collisions.

use std::fmt;
use std::time::Instant;

use app::db::{self, Db, Pool, Tx};
use app::error::{AppError, AppResult};
use app::model::{LocationPrecision, PostKind, PostStatus, StructureKind, Urgency, ValidationStatus, fold};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::Connection;

/// Rows per INSERT statement. Posts bind 18 values a row: 18,000 parameters, under
/// SQLite's 32,766 and PostgreSQL's 65,535.
const CHUNK_ROWS: usize = 1_000;
/// Rows per transaction. With SQLite each commit rewrites (WAL, then checkpoint) most
/// pages of the six randomly filled indexes of `posts`: for a million posts, 50,000-row
/// transactions wrote 4.4 GB and took 93 s, 200,000-row ones 1.9 GB and 76 s.
const TX_ROWS: u64 = 200_000;
/// Progress is logged every that many posts.
const LOG_EVERY: u64 = 100_000;
/// Share of posts by individuals (the rest belong to structures), per thousand.
const INDIVIDUAL_PER_MILLE: u32 = 100;
/// Structures sit within this distance of their commune's centroid (metres).
const STRUCTURE_RADIUS_M: f64 = 2_000.0;
/// Posts are published over that many last days and expire that many days later.
const SPREAD_DAYS: i64 = 60;
const SLUG_PREFIX: &str = "synth-";
const EMAIL_SUFFIX: &str = "@example.org";

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    pub posts: u64,
    pub structures: u64,
    pub seed: u64,
}

impl GenerateOptions {
    /// `posts` posts and the default number of structures for them.
    pub fn for_posts(posts: u64, seed: u64) -> Self {
        Self { posts, structures: default_structures(posts), seed }
    }
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self::for_posts(10_000, 1)
    }
}

/// The default number of structures: one per 50 posts, at least 10.
pub fn default_structures(posts: u64) -> u64 {
    (posts / 50).max(10)
}

/// Number of synthetic individuals for a number of posts: a few hundred at most.
pub fn default_users(posts: u64) -> u64 {
    if posts == 0 { 0 } else { (posts / 200).clamp(10, 500) }
}

/// What was generated, and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateReport {
    pub structures: u64,
    pub posts: u64,
    /// Synthetic individuals (authors of the posts without a structure).
    pub users: u64,
    pub seconds: f64,
}

impl GenerateReport {
    pub fn posts_per_second(&self) -> f64 {
        if self.seconds > 0.0 { self.posts as f64 / self.seconds } else { 0.0 }
    }
}

impl fmt::Display for GenerateReport {
    /// « 1000000 annonces et 20000 structures générées en 41,2 s »
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = format!("{:.1}", self.seconds).replace('.', ",");
        write!(f, "{} annonces et {} structures générées en {} s", self.posts, self.structures, seconds)
    }
}

/// Draws indices with probability proportional to their weight: a cumulative table
/// and a binary search of a uniform draw (O(log n) a draw).
#[derive(Clone, Debug)]
pub struct WeightedTable {
    /// `cumulative[i]` = sum of the weights `0..=i`.
    cumulative: Vec<u64>,
}

impl WeightedTable {
    /// `None` if the total weight is zero (nothing can be drawn).
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Option<Self> {
        let mut total = 0u64;
        let cumulative: Vec<u64> = weights
            .into_iter()
            .map(|w| {
                total = total.saturating_add(w);
                total
            })
            .collect();
        (total > 0).then_some(Self { cumulative })
    }

    pub fn total(&self) -> u64 {
        *self.cumulative.last().expect("non-empty by construction")
    }

    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let x = rng.gen_range(0..self.total());
        // The first index whose cumulative weight exceeds x: zero weights are never drawn.
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// A commune a synthetic row can be placed in.
#[derive(Debug, sqlx::FromRow)]
struct Commune {
    insee: String,
    name: String,
    departement: String,
    postcode: Option<String>,
    lat: f64,
    lon: f64,
    population: i64,
}

struct SynthStructure {
    id: i64,
    commune: usize,
    lat: f64,
    lon: f64,
}

struct SynthUser {
    id: i64,
    commune: usize,
}

/// Generates the data set described by `opts` (see the module documentation).
pub async fn generate(pool: &Pool, opts: &GenerateOptions) -> AppResult<GenerateReport> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(opts.seed);

    let communes: Vec<Commune> = sqlx::query_as(
        // A join on the grouped postcodes, not a correlated subquery: PostgreSQL may plan
        // the latter as a scan of commune_postcodes per commune on a freshly loaded table.
        "SELECT c.insee, c.name, c.departement, cp.postcode, c.lat, c.lon, c.population
         FROM communes c
         LEFT JOIN (SELECT insee, MIN(postcode) AS postcode FROM commune_postcodes GROUP BY insee) cp
                ON cp.insee = c.insee
         WHERE c.lat IS NOT NULL AND c.lon IS NOT NULL AND c.population > 0
         ORDER BY c.insee",
    )
    .fetch_all(pool)
    .await?;
    let places = WeightedTable::new(communes.iter().map(|c| c.population.max(0) as u64)).ok_or_else(|| {
        AppError::bad_request(
            "aucune commune avec coordonnées et population : chargez d’abord les communes \
             / no commune with coordinates and population: load the communes first",
        )
    })?;
    let categories: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, slug FROM categories ORDER BY position, id").fetch_all(pool).await?;
    if categories.is_empty() && opts.posts > 0 {
        return Err(AppError::bad_request("aucune catégorie d’annonce / no post category"));
    }
    tracing::debug!(communes = communes.len(), ms = started.elapsed().as_millis() as u64, "reference data loaded");
    let vocabularies: Vec<(i64, &'static Vocabulary)> =
        categories.iter().map(|(id, slug)| (*id, vocabulary(slug))).collect();

    let mut conn = pool.acquire().await?;
    let cache = BigCache::enter(&mut conn).await?;
    let generated = generate_rows(&mut conn, &mut rng, opts, &communes, &places, &vocabularies, started).await;
    cache.leave(&mut conn).await?;
    let (users, structures) = generated?;

    let report = GenerateReport { structures, posts: opts.posts, users, seconds: started.elapsed().as_secs_f64() };
    tracing::info!(
        posts = report.posts,
        structures = report.structures,
        users = report.users,
        seconds = report.seconds,
        posts_per_second = report.posts_per_second() as u64,
        "synthetic data generated"
    );
    Ok(report)
}

/// Brings a bulk-loaded database to the state a long-running instance is in: planner
/// statistics (SQLite keeps none until asked) and, on PostgreSQL, the visibility map that
/// autovacuum would set later (index-only scans depend on it).
pub async fn refresh_statistics(pool: &Pool) -> AppResult<()> {
    #[cfg(feature = "postgres")]
    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    #[cfg(not(feature = "postgres"))]
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

/// Users, structures then posts, on one connection. Returns (users, structures).
async fn generate_rows(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    rng: &mut StdRng,
    opts: &GenerateOptions,
    communes: &[Commune],
    places: &WeightedTable,
    categories: &[(i64, &'static Vocabulary)],
    started: Instant,
) -> AppResult<(u64, u64)> {
    let now = db::now();
    let users = insert_users(conn, rng, places, default_users(opts.posts), now).await?;
    tracing::debug!(users = users.len(), ms = started.elapsed().as_millis() as u64, "synthetic users inserted");
    let structures = insert_structures(conn, rng, communes, places, opts.structures, now).await?;
    tracing::debug!(
        structures = structures.len(),
        ms = started.elapsed().as_millis() as u64,
        "synthetic structures inserted"
    );
    let ctx = PostContext { communes, structures: &structures, users: &users, categories, now };
    insert_posts(conn, rng, &ctx, opts.posts, started).await?;
    Ok((users.len() as u64, structures.len() as u64))
}

/// SQLite only: a large page cache on the generating connection, restored afterwards.
/// With the default (2 MB) the six indexes of `posts`, filled in random order, no
/// longer fit after a few tens of thousands of rows: every insert then reads pages
/// back from the OS and the transaction spills pages to the WAL again and again
/// (half the time in system calls, ~2 KB written per row). PostgreSQL needs nothing.
struct BigCache {
    previous: Option<i64>,
}

impl BigCache {
    /// 256 MiB (negative = KiB): the indexes of a million posts.
    const KIB: i64 = 256 * 1024;

    async fn enter(conn: &mut sqlx::pool::PoolConnection<Db>) -> AppResult<Self> {
        if db::BACKEND != "sqlite" {
            return Ok(Self { previous: None });
        }
        let previous: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut **conn).await?;
        sqlx::query(&format!("PRAGMA cache_size = -{}", Self::KIB)).execute(&mut **conn).await?;
        Ok(Self { previous: Some(previous) })
    }

    async fn leave(self, conn: &mut sqlx::pool::PoolConnection<Db>) -> AppResult<()> {
        if let Some(previous) = self.previous {
            sqlx::query(&format!("PRAGMA cache_size = {previous}")).execute(&mut **conn).await?;
        }
        Ok(())
    }
}

/// The next free number after the `synth-<n><suffix>` values a query returns.
async fn next_number(conn: &mut sqlx::pool::PoolConnection<Db>, sql: &'static str, suffix: &str) -> AppResult<u64> {
    let values: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut **conn).await?;
    let max = values
        .iter()
        .filter_map(|v| v.strip_prefix(SLUG_PREFIX)?.strip_suffix(suffix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(max + 1)
}

/// The number back from `synth-<n><suffix>`.
fn number_of(value: &str, suffix: &str) -> AppResult<u64> {
    value
        .strip_prefix(SLUG_PREFIX)
        .and_then(|v| v.strip_suffix(suffix))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| AppError::internal(format!("unexpected synthetic key {value}")))
}

/// A random instant in `[now - to_days, now - from_days]`, microsecond precision.
fn days_ago<R: Rng + ?Sized>(rng: &mut R, now: DateTime<Utc>, from_days: i64, to_days: i64) -> DateTime<Utc> {
    const DAY_US: i64 = 86_400 * 1_000_000;
    now - Duration::microseconds(rng.gen_range(from_days * DAY_US..=to_days * DAY_US))
}

async fn insert_users(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    rng: &mut StdRng,
    places: &WeightedTable,
    count: u64,
    now: DateTime<Utc>,
) -> AppResult<Vec<SynthUser>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let first = next_number(conn, "SELECT email FROM users WHERE email LIKE 'synth-%'", EMAIL_SUFFIX).await?;
    // Home communes, indexed by number - first.
    let homes: Vec<usize> = (0..count).map(|_| places.draw(rng)).collect();
    let mut users = Vec::with_capacity(count as usize);
    let mut tx = conn.begin().await?;
    for start in (0..count).step_by(CHUNK_ROWS) {
        let end = (start + CHUNK_ROWS as u64).min(count);
        let mut qb = sqlx::QueryBuilder::<Db>::new("INSERT INTO users (email, display_name, created_at, updated_at) ");
        qb.push_values(start..end, |mut b, i| {
            let n = first + i;
            let created = days_ago(rng, now, SPREAD_DAYS, SPREAD_DAYS + 365);
            b.push_bind(format!("{SLUG_PREFIX}{n}{EMAIL_SUFFIX}"))
                .push_bind(format!("Habitant·e n°{n}"))
                .push_bind(created)
                .push_bind(created);
        });
        qb.push(" RETURNING id, email");
        let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *tx).await?;
        for (id, email) in rows {
            let i = number_of(&email, EMAIL_SUFFIX)? - first;
            users.push(SynthUser { id, commune: homes[i as usize] });
        }
    }
    tx.commit().await?;
    users.sort_by_key(|u| u.id);
    Ok(users)
}

/// A point uniformly spread within `radius_m` metres of (lat, lon), kept valid.
fn offset_point<R: Rng + ?Sized>(rng: &mut R, lat: f64, lon: f64, radius_m: f64) -> (f64, f64) {
    const M_PER_DEG: f64 = 111_320.0;
    let r = radius_m * rng.gen_range(0.0f64..1.0).sqrt();
    let theta = rng.gen_range(0.0..std::f64::consts::TAU);
    let new_lat = (lat + r * theta.cos() / M_PER_DEG).clamp(-89.999, 89.999);
    let cos_lat = lat.to_radians().cos().max(0.01);
    let mut new_lon = lon + r * theta.sin() / (M_PER_DEG * cos_lat);
    if new_lon > 180.0 {
        new_lon -= 360.0;
    } else if new_lon < -180.0 {
        new_lon += 360.0;
    }
    (new_lat, new_lon)
}

const STREET_KINDS: &[&str] = &["rue", "avenue", "place", "chemin", "boulevard", "impasse", "allée", "quai"];
#[rustfmt::skip]
const STREET_NAMES: &[&str] = &[
    "de la République", "Victor-Hugo", "des Écoles", "du Moulin", "de la Gare", "Jean-Jaurès", "des Tilleuls",
    "du Stade", "Pasteur", "de l’Église", "des Lilas", "du Marché", "de la Mairie", "des Acacias", "Louise-Michel",
    "du Port", "de la Fontaine", "des Peupliers", "Jean-Moulin", "de la Liberté",
];

async fn insert_structures(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    rng: &mut StdRng,
    communes: &[Commune],
    places: &WeightedTable,
    count: u64,
    now: DateTime<Utc>,
) -> AppResult<Vec<SynthStructure>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let first = next_number(conn, "SELECT slug FROM structures WHERE slug LIKE 'synth-%'", "").await?;
    // Places, indexed by number - first: (commune, lat, lon).
    let mut placed: Vec<(usize, f64, f64)> = Vec::with_capacity(count as usize);
    let mut structures = Vec::with_capacity(count as usize);
    let mut tx = conn.begin().await?;
    for start in (0..count).step_by(CHUNK_ROWS) {
        let end = (start + CHUNK_ROWS as u64).min(count);
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO structures (slug, name, name_folded, kind, description, address, insee, postcode, departement,
                                     lat, lon, validation_status, validated_at, created_at, updated_at) ",
        );
        qb.push_values(start..end, |mut b, i| {
            let n = first + i;
            let c = places.draw(rng);
            let commune = &communes[c];
            let kind = *StructureKind::ALL.choose(rng).expect("kinds");
            let (lat, lon) = offset_point(rng, commune.lat, commune.lon, STRUCTURE_RADIUS_M);
            placed.push((c, lat, lon));
            let name = format!("{} synthétique n°{n} — {}", kind.label(), commune.name);
            let address = format!(
                "{} {} {}",
                rng.gen_range(1..=120),
                STREET_KINDS.choose(rng).expect("streets"),
                STREET_NAMES.choose(rng).expect("streets")
            );
            let created = days_ago(rng, now, SPREAD_DAYS, SPREAD_DAYS + 365);
            let folded = fold(&name);
            b.push_bind(format!("{SLUG_PREFIX}{n}"))
                .push_bind(name)
                .push_bind(folded)
                .push_bind(kind)
                .push_bind(format!("Structure fictive générée pour les tests de charge, à {}.", commune.name))
                .push_bind(address)
                .push_bind(commune.insee.as_str())
                .push_bind(commune.postcode.as_deref())
                .push_bind(commune.departement.as_str())
                .push_bind(lat)
                .push_bind(lon)
                .push_bind(ValidationStatus::Validated)
                .push_bind(created)
                .push_bind(created)
                .push_bind(created);
        });
        qb.push(" RETURNING id, slug");
        let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *tx).await?;
        for (id, slug) in rows {
            let (commune, lat, lon) = placed[(number_of(&slug, "")? - first) as usize];
            structures.push(SynthStructure { id, commune, lat, lon });
        }
    }
    tx.commit().await?;
    structures.sort_by_key(|s| s.id);
    Ok(structures)
}

struct PostContext<'a> {
    communes: &'a [Commune],
    structures: &'a [SynthStructure],
    users: &'a [SynthUser],
    categories: &'a [(i64, &'static Vocabulary)],
    now: DateTime<Utc>,
}

/// One post, ready to bind (text borrowed from the communes where possible).
struct PostRow<'a> {
    kind: PostKind,
    category_id: i64,
    structure_id: Option<i64>,
    author_id: Option<i64>,
    title: String,
    description: String,
    quantity: Option<String>,
    volunteers_needed: Option<i64>,
    insee: &'a str,
    lat: f64,
    lon: f64,
    precision: LocationPrecision,
    urgency: Urgency,
    status: PostStatus,
    published_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// Picks a value from (value, weight) pairs.
fn pick<T: Copy, R: Rng + ?Sized>(rng: &mut R, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|c| c.1).sum();
    let mut x = rng.gen_range(0..total);
    for &(value, weight) in choices {
        if x < weight {
            return value;
        }
        x -= weight;
    }
    choices[choices.len() - 1].0
}

const KINDS: &[(PostKind, u32)] = &[(PostKind::Need, 55), (PostKind::Offer, 45)];
const STATUSES: &[(PostStatus, u32)] =
    &[(PostStatus::Published, 85), (PostStatus::InProgress, 8), (PostStatus::Fulfilled, 5), (PostStatus::Draft, 2)];
const URGENCIES: &[(Urgency, u32)] = &[(Urgency::Low, 30), (Urgency::Normal, 55), (Urgency::High, 15)];

fn post_row<'a>(rng: &mut StdRng, ctx: &PostContext<'a>) -> PostRow<'a> {
    let kind = pick(rng, KINDS);
    let &(category_id, vocab) = ctx.categories.choose(rng).expect("categories checked");
    let individual = ctx.structures.is_empty() || rng.gen_range(0..1000) < INDIVIDUAL_PER_MILLE;
    let (structure_id, author_id, commune, lat, lon, precision) = if individual && !ctx.users.is_empty() {
        let u = ctx.users.choose(rng).expect("users");
        let c = &ctx.communes[u.commune];
        (None, Some(u.id), u.commune, c.lat, c.lon, LocationPrecision::Commune)
    } else {
        let s = ctx.structures.choose(rng).expect("structures");
        (Some(s.id), None, s.commune, s.lat, s.lon, LocationPrecision::Address)
    };
    let commune = &ctx.communes[commune];
    let (title, description) = texts(rng, vocab, kind, author_id.is_some(), &commune.name);
    let quantity = match vocab.quantity {
        Some(unit) if rng.gen_bool(0.3) => Some(format!("{} {unit}", rng.gen_range(2..=200))),
        _ => None,
    };
    let volunteers_needed =
        (vocab.volunteers && kind == PostKind::Need && rng.gen_bool(0.7)).then(|| rng.gen_range(1..=20));
    let urgency = pick(rng, URGENCIES);
    let status = pick(rng, STATUSES);
    let created_at = days_ago(rng, ctx.now, 0, SPREAD_DAYS);
    let (published_at, expires_at) = if status == PostStatus::Draft {
        (None, None)
    } else {
        (Some(created_at), Some(created_at + Duration::days(SPREAD_DAYS)))
    };
    PostRow {
        kind,
        category_id,
        structure_id,
        author_id,
        title,
        description,
        quantity,
        volunteers_needed,
        insee: &commune.insee,
        lat,
        lon,
        precision,
        urgency,
        status,
        published_at,
        expires_at,
        created_at,
    }
}

async fn insert_posts(
    conn: &mut sqlx::pool::PoolConnection<Db>,
    rng: &mut StdRng,
    ctx: &PostContext<'_>,
    count: u64,
    started: Instant,
) -> AppResult<()> {
    if count == 0 {
        return Ok(());
    }
    if ctx.structures.is_empty() && ctx.users.is_empty() {
        return Err(AppError::bad_request("ni structure ni habitant pour publier / no owner for the posts"));
    }
    let mut done = 0u64;
    let mut next_log = LOG_EVERY;
    let mut rows: Vec<PostRow<'_>> = Vec::with_capacity(CHUNK_ROWS);
    while done < count {
        let tx_end = (done + TX_ROWS).min(count);
        let mut tx: Tx<'_> = conn.begin().await?;
        while done < tx_end {
            let n = (tx_end - done).min(CHUNK_ROWS as u64);
            rows.extend((0..n).map(|_| post_row(rng, ctx)));
            insert_post_chunk(&mut tx, rows.drain(..)).await?;
            done += n;
            if done >= next_log {
                let seconds = started.elapsed().as_secs_f64();
                tracing::info!(posts = done, total = count, seconds, "synthetic posts inserted");
                next_log += LOG_EVERY;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn insert_post_chunk<'a>(tx: &mut Tx<'_>, rows: impl Iterator<Item = PostRow<'a>>) -> AppResult<()> {
    let mut qb = sqlx::QueryBuilder::<Db>::new(
        "INSERT INTO posts (kind, category_id, structure_id, author_id, title, description, quantity, volunteers_needed,
                            insee, lat, lon, location_precision, urgency, status, published_at, expires_at,
                            created_at, updated_at, search_folded) ",
    );
    qb.push_values(rows, |mut b, r| {
        let search = app::db::posts::search_text(&r.title, &r.description);
        b.push_bind(r.kind)
            .push_bind(r.category_id)
            .push_bind(r.structure_id)
            .push_bind(r.author_id)
            .push_bind(r.title)
            .push_bind(r.description)
            .push_bind(r.quantity)
            .push_bind(r.volunteers_needed)
            .push_bind(r.insee)
            .push_bind(r.lat)
            .push_bind(r.lon)
            .push_bind(r.precision)
            .push_bind(r.urgency)
            .push_bind(r.status)
            .push_bind(r.published_at)
            .push_bind(r.expires_at)
            .push_bind(r.created_at)
            .push_bind(r.created_at)
            .push_bind(search);
    });
    qb.build().execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Texts: small French word lists, combined so that full-text search has something to
// find (objects, activities, places) without two posts in ten reading the same.

/// Words of one category. Templates have one `{}`; « de {} » elides before a vowel.
struct Vocabulary {
    need: &'static [&'static str],
    offer: &'static [&'static str],
    things: &'static [&'static str],
    /// Unit of an optional quantity.
    quantity: Option<&'static str>,
    /// Needs of this category may ask for a number of volunteers.
    volunteers: bool,
}

#[rustfmt::skip]
const MATERIEL: Vocabulary = Vocabulary {
    need: &["Besoin de {}", "Recherche {}", "Cherche {}", "Collecte de {}", "Appel aux dons : {}"],
    offer: &["Donne {}", "Prêt de {}", "À donner : {}", "Mise à disposition de {}", "Propose {}"],
    things: &[
        "tables pliantes", "chaises empilables", "barnums", "vidéoprojecteur", "sono portable",
        "ordinateurs portables", "étagères métalliques", "réfrigérateur", "congélateur coffre",
        "outils de jardinage", "tentes de réception", "vaisselle réutilisable", "machine à coudre",
        "imprimante laser", "matelas", "jeux de société", "livres pour enfants", "vêtements d’hiver",
        "couvertures", "poussettes", "perceuse", "escabeaux", "bacs de rangement", "palettes",
        "tableaux blancs", "fauteuils roulants", "instruments de musique", "lits parapluie",
    ],
    quantity: Some("pièces"),
    volunteers: false,
};

#[rustfmt::skip]
const BENEVOLAT: Vocabulary = Vocabulary {
    need: &["Bénévoles pour {}", "Recherche bénévoles pour {}", "Coup de main pour {}", "Appel à bénévoles : {}"],
    offer: &["Disponible pour {}", "Propose mon aide pour {}", "Bénévole disponible pour {}", "Équipe disponible pour {}"],
    things: &[
        "une collecte alimentaire", "la distribution de colis", "l’aide aux devoirs", "un chantier participatif",
        "la fête de quartier", "l’épicerie solidaire", "un repair café", "le nettoyage des berges", "des maraudes",
        "l’accueil du public", "un vide-grenier", "la tenue d’un stand", "des ateliers cuisine",
        "la plantation d’un verger", "des visites à domicile", "le tri de vêtements", "un festival",
        "des cours de français", "une braderie solidaire", "le ramassage des déchets",
    ],
    quantity: None,
    volunteers: true,
};

#[rustfmt::skip]
const COMPETENCES: Vocabulary = Vocabulary {
    need: &["Aide en {}", "Cherche compétences en {}", "Besoin d’un coup de pouce en {}", "Accompagnement en {}"],
    offer: &["Compétences en {}", "Conseils en {}", "Mécénat de compétences : {}", "Formation en {}"],
    things: &[
        "comptabilité", "graphisme", "communication", "informatique", "droit associatif", "traduction",
        "plomberie", "électricité", "montage de dossiers de subvention", "photographie", "création de site web",
        "gestion de la paie", "menuiserie", "animation de réunions", "réseaux sociaux", "mécanique vélo",
        "couture", "secourisme",
    ],
    quantity: None,
    volunteers: false,
};

#[rustfmt::skip]
const LOCAL: Vocabulary = Vocabulary {
    need: &["Recherche {}", "Besoin de {}", "Cherche {} à partager", "Besoin d’espace : {}"],
    offer: &["Prêt de {}", "Disponible : {}", "Location solidaire : {}", "Partage de {}"],
    things: &[
        "salle de réunion", "local de stockage", "bureau partagé", "cuisine professionnelle", "salle de répétition",
        "atelier", "jardin partagé", "garage", "chambre froide", "salle polyvalente", "espace de coworking", "hangar",
        "salle de danse", "cave",
    ],
    quantity: None,
    volunteers: false,
};

#[rustfmt::skip]
const VEHICULE: Vocabulary = Vocabulary {
    need: &["Besoin d’un {}", "Recherche un {}", "Emprunt d’un {}", "Cherche un {} pour un déménagement"],
    offer: &["Prêt d’un {}", "Propose un {}", "Mise à disposition d’un {}", "Partage d’un {}"],
    things: &[
        "camion frigorifique", "utilitaire de 12 m³", "minibus 9 places", "vélo cargo", "fourgon", "camion benne",
        "triporteur", "véhicule adapté", "tracteur", "camping-car",
    ],
    quantity: None,
    volunteers: false,
};

#[rustfmt::skip]
const ALIMENTATION: Vocabulary = Vocabulary {
    need: &["Besoin de {}", "Recherche {}", "Collecte de {}", "Appel aux dons : {}"],
    offer: &["Don de {}", "Invendus : {}", "À donner : {}", "Surplus de {}"],
    things: &[
        "fruits et légumes", "pain", "produits laitiers", "conserves", "repas chauds", "produits d’hygiène",
        "lait infantile", "pâtes et riz", "œufs", "plats cuisinés", "légumes du potager", "pommes", "confitures",
        "café et thé", "colis alimentaires",
    ],
    quantity: Some("kg"),
    volunteers: false,
};

#[rustfmt::skip]
const DON: Vocabulary = Vocabulary {
    need: &["Appel aux dons pour {}", "Financement pour {}", "Cagnotte pour {}", "Soutien financier pour {}"],
    offer: &["Don pour {}", "Aide financière pour {}", "Subvention pour {}", "Mécénat pour {}"],
    things: &[
        "un séjour d’enfants", "l’achat d’un véhicule", "la rénovation du local", "un festival de quartier",
        "des fournitures scolaires", "un jardin partagé", "une épicerie solidaire", "des cours de musique",
        "un atelier vélo", "une bibliothèque de rue", "une ressourcerie",
    ],
    quantity: None,
    volunteers: false,
};

#[rustfmt::skip]
const SERVICE: Vocabulary = Vocabulary {
    need: &["Aide pour {}", "Cherche quelqu’un pour {}", "Besoin d’aide pour {}", "Coup de main pour {}"],
    offer: &["Propose de l’aide pour {}", "Aide gratuite pour {}", "Service solidaire : {}", "Disponible pour {}"],
    things: &[
        "un déménagement", "des courses", "la garde d’enfants", "des petits travaux", "l’entretien d’un jardin",
        "des démarches administratives", "la réparation de vélos", "le transport de personnes âgées",
        "des retouches de couture", "un dépannage informatique", "la lecture du courrier",
    ],
    quantity: None,
    volunteers: false,
};

/// The words of a category slug (unknown slugs, e.g. added by an admin: generic ones).
fn vocabulary(slug: &str) -> &'static Vocabulary {
    match slug {
        "materiel" => &MATERIEL,
        "benevolat" => &BENEVOLAT,
        "competences" => &COMPETENCES,
        "local" => &LOCAL,
        "vehicule" => &VEHICULE,
        "alimentation" => &ALIMENTATION,
        "don" => &DON,
        _ => &SERVICE,
    }
}

#[rustfmt::skip]
const TITLE_QUALIFIERS: &[&str] = &[
    "pour le week-end", "avant la fin du mois", "pour cet été", "à partir de septembre", "ponctuellement",
    "en semaine", "dans le quartier", "pour notre fête annuelle", "en urgence", "pour la rentrée",
];

const INTRO_STRUCTURE: &[&str] = &[
    "Nous sommes une association de {}.",
    "Notre structure intervient à {} et dans les communes voisines.",
    "Projet porté par une équipe de bénévoles à {}.",
    "Nous accueillons chaque semaine des familles de {}.",
    "Notre tiers-lieu de {} fonctionne grâce à l’entraide.",
];
const INTRO_INDIVIDUAL: &[&str] = &[
    "J’habite à {}.",
    "Habitant·e de {}, je peux me déplacer dans les environs.",
    "Je vis à {} depuis quelques années.",
];
const BODY_NEED: &[&str] = &[
    "Nous en avons besoin pour notre prochaine distribution.",
    "C’est pour accueillir plus de familles cet hiver.",
    "Ce serait pour un événement de quartier.",
    "Il s’agit de remplacer du matériel usé.",
    "Cela nous permettrait de lancer un nouvel atelier.",
    "Notre projet démarre à la rentrée et il nous manque encore ceci.",
    "Même un prêt de courte durée nous aiderait beaucoup.",
];
const BODY_OFFER: &[&str] = &[
    "Disponible dès maintenant.",
    "Disponible en semaine, sur rendez-vous.",
    "Nous pouvons le prêter le samedi matin.",
    "Disponible pendant les vacances scolaires.",
    "Gratuit pour les associations et les habitant·es.",
    "À récupérer sur place, en bon état.",
    "Possible plusieurs fois dans l’année.",
];
const OUTROS: &[&str] = &[
    "Merci de passer par la messagerie de la plateforme.",
    "Retrait sur place possible.",
    "Nous pouvons venir chercher ou livrer.",
    "Toute aide, même ponctuelle, est bienvenue.",
    "Réponse rapide assurée.",
    "Contactez-nous pour en discuter.",
];

fn starts_with_vowel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| "aàâeéèêëiîïoôuûùyœ".contains(c.to_lowercase().next().unwrap_or(c)))
}

/// Fills the `{}` of a template, eliding « de » before a vowel (« Besoin d’œufs »).
fn fill(template: &str, word: &str) -> String {
    if let Some(head) = template.strip_suffix("de {}")
        && (head.is_empty() || head.ends_with(' '))
        && starts_with_vowel(word)
    {
        return format!("{head}d’{word}");
    }
    template.replacen("{}", word, 1)
}

/// A title and a 1–3 sentence description.
fn texts<R: Rng + ?Sized>(
    rng: &mut R,
    v: &Vocabulary,
    kind: PostKind,
    individual: bool,
    commune: &str,
) -> (String, String) {
    let templates = if kind == PostKind::Need { v.need } else { v.offer };
    let template = templates.choose(rng).expect("templates");
    let thing = v.things.choose(rng).expect("things");
    let mut title = fill(template, thing);
    match rng.gen_range(0..4) {
        0 => {
            title.push(' ');
            title.push_str(TITLE_QUALIFIERS.choose(rng).expect("qualifiers"));
        }
        1 => {
            title.push_str(" — ");
            title.push_str(commune);
        }
        _ => {}
    }
    let sentences = rng.gen_range(1..=3);
    let mut description = String::with_capacity(200);
    if sentences >= 2 {
        let intros = if individual { INTRO_INDIVIDUAL } else { INTRO_STRUCTURE };
        description.push_str(&intros.choose(rng).expect("intros").replacen("{}", commune, 1));
        description.push(' ');
    }
    let bodies = if kind == PostKind::Need { BODY_NEED } else { BODY_OFFER };
    description.push_str(bodies.choose(rng).expect("bodies"));
    if sentences == 3 {
        description.push(' ');
        description.push_str(OUTROS.choose(rng).expect("outros"));
    }
    (title, description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_draw_follows_the_weights() {
        // Index 1 has weight 0 (never drawn), index 2 has nine times the weight of index 0.
        let table = WeightedTable::new([100, 0, 900]).unwrap();
        let mut rng = StdRng::seed_from_u64(42);
        let mut counts = [0u32; 3];
        for _ in 0..10_000 {
            counts[table.draw(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        // Expected 1,000 / 9,000; the standard deviation is 30: ±200 is a wide margin.
        assert!((800..=1_200).contains(&counts[0]), "{counts:?}");
        assert!((8_800..=9_200).contains(&counts[2]), "{counts:?}");
        let ratio = counts[2] as f64 / counts[0] as f64;
        assert!((7.0..=11.5).contains(&ratio), "ratio {ratio}");
    }

    #[test]
    fn weighted_draw_is_deterministic_for_a_seed() {
        let table = WeightedTable::new((1..=1_000u64).map(|i| i * i)).unwrap();
        let draws = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            (0..1_000).map(|_| table.draw(&mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
        assert!(draws(7).iter().all(|&i| i < 1_000));
    }

    #[test]
    fn weighted_table_edges() {
        assert!(WeightedTable::new([0, 0]).is_none());
        assert!(WeightedTable::new(std::iter::empty()).is_none());
        let single = WeightedTable::new([0, 5, 0]).unwrap();
        let mut rng = StdRng::seed_from_u64(1);
        assert!((0..100).all(|_| single.draw(&mut rng) == 1));
        assert_eq!(single.total(), 5);
    }

    #[test]
    fn defaults() {
        assert_eq!(default_structures(1_000_000), 20_000);
        assert_eq!(default_structures(100), 10);
        assert_eq!(default_users(0), 0);
        assert_eq!(default_users(2_000), 10);
        assert_eq!(default_users(1_000_000), 500);
        assert_eq!(GenerateOptions::for_posts(5_000, 3), GenerateOptions { posts: 5_000, structures: 100, seed: 3 });
    }

    #[test]
    fn report_reads_in_french() {
        let r = GenerateReport { structures: 20_000, posts: 1_000_000, users: 500, seconds: 41.23 };
        assert_eq!(r.to_string(), "1000000 annonces et 20000 structures générées en 41,2 s");
    }

    #[test]
    fn elision() {
        assert_eq!(fill("Besoin de {}", "ordinateurs portables"), "Besoin d’ordinateurs portables");
        assert_eq!(fill("Besoin de {}", "œufs"), "Besoin d’œufs");
        assert_eq!(fill("Besoin de {}", "tables pliantes"), "Besoin de tables pliantes");
        assert_eq!(fill("Prêt d’un {}", "camion frigorifique"), "Prêt d’un camion frigorifique");
        assert_eq!(fill("Recherche {}", "atelier"), "Recherche atelier");
    }

    #[test]
    fn texts_vary_and_are_reproducible() {
        let gen_titles = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            (0..2_000)
                .map(|i| {
                    let kind = if i % 2 == 0 { PostKind::Need } else { PostKind::Offer };
                    texts(&mut rng, &MATERIEL, kind, i % 10 == 0, "Uzès")
                })
                .collect::<Vec<_>>()
        };
        let a = gen_titles(5);
        assert_eq!(a, gen_titles(5));
        let distinct: std::collections::HashSet<_> = a.iter().map(|t| &t.0).collect();
        assert!(distinct.len() > 500, "{} distinct titles", distinct.len());
        for (title, description) in &a {
            assert!(!title.contains("{}") && !description.contains("{}"));
            let n = description.matches(". ").count() + 1;
            assert!((1..=3).contains(&n), "{description}");
        }
    }

    #[test]
    fn offsets_stay_within_the_radius() {
        let mut rng = StdRng::seed_from_u64(9);
        for &(lat, lon) in &[(48.85, 2.35), (-21.1, 55.5), (51.03, 2.37)] {
            for _ in 0..1_000 {
                let (a, b) = offset_point(&mut rng, lat, lon, 2_000.0);
                let dy = (a - lat) * 111_320.0;
                let dx = (b - lon) * 111_320.0 * lat.to_radians().cos();
                assert!((dx * dx + dy * dy).sqrt() <= 2_000.5, "{a} {b}");
            }
        }
        let (_, lon) = offset_point(&mut rng, 0.0, 179.9999, 2_000.0);
        assert!((-180.0..=180.0).contains(&lon));
    }
}
