use std::sync::Arc;

use app::db::testing::TestDb;
use app::state::{AppState, SiteConfig};
use axum::body::Body;
use axum::http::{Request, Response, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A migrated database with the communes loaded (shared reference data): a copy of a
/// template made once per test process (`TestDb::from_template`).
pub async fn db_with_communes() -> TestDb {
    TestDb::from_template("communes", |pool| async move {
        server::startup::prepare_reference_data(&pool).await.expect("communes");
    })
    .await
}

/// Communes + the demo data set (a copy of its template too).
pub async fn db_with_demo() -> TestDb {
    TestDb::from_template("demo", |pool| async move {
        server::startup::prepare_reference_data(&pool).await.expect("communes");
        server::demo::load_if_empty(&pool).await.expect("demo data").expect("loaded");
    })
    .await
}

/// The instance key of the test apps: a test signs or reads their links with it.
pub fn signer() -> app::auth::signed::Signer {
    app::auth::signed::Signer::new("clé de test, longue d’au moins trente-deux caractères")
}

pub fn state(db: &TestDb, site_root: &str, dev_mode: bool) -> AppState {
    let leptos_options = leptos::prelude::LeptosOptions::builder()
        .output_name("coin-du-partage")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .build();
    AppState {
        signer: Arc::new(signer()),
        pool: db.pool.clone(),
        leptos_options,
        site: Arc::new(SiteConfig {
            public_url: "http://127.0.0.1:3000".into(),
            tile_url: server::config::DEFAULT_TILE_URL.into(),
            tile_attribution: server::config::DEFAULT_TILE_ATTRIBUTION.into(),
            dev_mode,
            trusted_proxies: Default::default(),
            metrics_from: app::net::TrustedProxies::parse(server::config::DEFAULT_METRICS_FROM).unwrap(),
            geocoder_url: None,
        }),
        throttles: Default::default(),
        // Tests change data between two reads of the dashboard: no keeping.
        figures: std::sync::Arc::new(app::coordination::dashboard::FigureCache::with_ttl(std::time::Duration::ZERO)),
        posts: Default::default(),
        // Likewise for settings, categories and territories (see
        // `coordination::admin_changes_are_seen_at_once_through_the_kept_copies`).
        cache: std::sync::Arc::new(app::db::cache::ReferenceCache::keeping_for(std::time::Duration::ZERO)),
    }
}

/// A second instance of the server on the same database, as a second process behind a
/// load balancer: its own pool (own connections), search index and kept copies; only
/// the database is shared. Tests of background jobs (mails, alerts, bookings) run one
/// pass on each, at once, and count what was done.
pub async fn second_instance(db: &TestDb, site_root: &str) -> AppState {
    let pool = app::db::connect(&db.url, 4).await.expect("a second pool on the test database");
    AppState { pool, ..state(db, site_root, true) }
}

pub struct TestApp {
    pub router: axum::Router,
    pub db: TestDb,
    pub site_root: std::path::PathBuf,
    /// What `/api/v1/map` serves; brought up to date by [`TestApp::sync_map`] (the
    /// server does it every second in the background).
    pub map: server::map::MapData,
    follower: tokio::sync::Mutex<Option<server::map::sync::Follower>>,
}

impl TestApp {
    /// The real router on a demo database, with a throw-away site root holding a favicon
    /// and a fake `pkg/` bundle (router tests need no WASM build).
    pub async fn new() -> Self {
        Self::with_dev_mode(true).await
    }

    pub async fn with_dev_mode(dev_mode: bool) -> Self {
        Self::with_site(dev_mode, None, None).await
    }

    /// With the national address API at `geocoder` (a local stand-in in tests).
    pub async fn with_geocoder(geocoder: String) -> Self {
        Self::with_site(false, Some(geocoder), None).await
    }

    /// Keeping settings, categories and territories `fresh_for` (`db::cache`), as a
    /// server does (other tests read them anew each time).
    pub async fn keeping_reference_for(fresh_for: std::time::Duration) -> Self {
        Self::with_site(true, None, Some(fresh_for)).await
    }

    async fn with_site(dev_mode: bool, geocoder_url: Option<String>, cache_for: Option<std::time::Duration>) -> Self {
        let db = db_with_demo().await;
        let site_root = std::env::temp_dir().join(format!("coin-site-{}-{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(site_root.join("pkg")).unwrap();
        std::fs::write(site_root.join("favicon.ico"), b"\0\0\x01\0").unwrap();
        std::fs::write(site_root.join("pkg/coin-du-partage.css"), "body{}".repeat(200)).unwrap();
        let sessions = server::startup::session_store(&db.pool).await.expect("session store");
        let map = server::map::MapData::default();
        let mut st = state(&db, site_root.to_str().unwrap(), dev_mode);
        // Searches read the index in memory, as on a running server (it catches up with
        // the database's change log before each search).
        st.posts.load(&db.pool).await.expect("post index");
        st.site = Arc::new(app::state::SiteConfig { geocoder_url, ..(*st.site).clone() });
        if let Some(fresh_for) = cache_for {
            st.cache = Arc::new(app::db::cache::ReferenceCache::keeping_for(fresh_for));
        }
        let router = server::router::router(st, sessions, map.clone());
        TestApp { router, db, site_root, map, follower: Default::default() }
    }

    /// Loads the map index (first call) or applies the changes logged since.
    pub async fn sync_map(&self) -> usize {
        let mut follower = self.follower.lock().await;
        match follower.as_mut() {
            Some(f) => f.poll(&self.db.pool, &self.map).await.expect("map poll"),
            None => {
                *follower = Some(server::map::sync::Follower::start(&self.db.pool, &self.map, None).await.expect("map load"));
                0
            }
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        // Pages used to hang until the 30 s timeout (408) in full runs — a router built by
        // another test suspended their resources (see `server::router::ROUTES`). Should a
        // request ever be slow again, say which one.
        let (method, uri) = (req.method().clone(), req.uri().clone());
        let started = std::time::Instant::now();
        let res = self.router.clone().oneshot(req).await.expect("router never fails");
        if started.elapsed() > std::time::Duration::from_secs(5) {
            eprintln!("SLOW REQUEST: {method} {uri} took {:?}, answered {}", started.elapsed(), res.status());
        }
        res
    }

    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.site_root);
        self.db.drop_db().await;
    }
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8 body")
}

pub fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

pub const ORIGIN: &str = "http://127.0.0.1:3000";

/// Logs a demo account in (password `partage-demo-2026` unless given) and returns its
/// session cookie (`name=value`).
pub async fn login_cookie(app: &TestApp, email: &str, password: &str) -> String {
    let res = app
        .send(
            Request::post("/api/log_in")
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(format!("email={}&password={}", urlencode(email), urlencode(password))))
                .unwrap(),
        )
        .await;
    let cookie = res.headers().get(header::SET_COOKIE).unwrap_or_else(|| panic!("login of {email}: {}", res.status()));
    cookie.to_str().unwrap().split(';').next().unwrap().to_string()
}

/// Calls a server function as a hydrated page would (JSON answer) and returns the status
/// and body. `form` is `application/x-www-form-urlencoded`.
pub async fn call(app: &TestApp, endpoint: &str, cookie: Option<&str>, form: &str) -> (u16, String) {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.send(req.body(Body::from(form.to_string())).unwrap()).await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

pub fn urlencode(s: &str) -> String {
    app::model::encode(s)
}

/// The newest e-mail queued for an address: (subject, body).
pub async fn last_mail_to(db: &TestDb, to: &str) -> Option<(String, String)> {
    sqlx::query_as("SELECT subject, body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_optional(&db.pool)
        .await
        .unwrap()
}

/// Every test runs on this one multi-threaded runtime, as the server does in production:
/// Leptos keeps process-wide state (its executor, reactive arena), and one runtime per
/// test once left a page render waiting forever (a 408 after 30 s)
/// in full runs.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("test runtime")
});

pub fn run<F: std::future::Future>(f: F) -> F::Output {
    RUNTIME.block_on(f)
}

/// A verified account with the demo password, responsable of a validated structure of
/// its own (in the same commune as a demo structure). Returns (e-mail, structure id).
pub async fn responsable_of_new_structure(pool: &app::db::Pool, i: usize) -> (String, i64) {
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'camille@example.org'").fetch_one(pool).await.unwrap();
    let insee: String = sqlx::query_scalar("SELECT insee FROM structures WHERE insee IS NOT NULL ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap();
    let (lat, lon): (f64, f64) = sqlx::query_as("SELECT lat, lon FROM communes WHERE insee = $1").bind(&insee).fetch_one(pool).await.unwrap();
    let email = format!("charge{i}@example.org");
    let mut tx = app::db::begin_write(pool).await.unwrap();
    let user = app::db::users::insert_user(
        &mut tx,
        &app::db::users::NewUser { email: &email, display_name: &format!("Chargé·e {i}"), password_hash: Some(&hash), is_instance_admin: false, email_verified: true },
    )
    .await
    .unwrap();
    let structure = app::db::structures::insert_structure(
        &mut tx,
        &app::db::structures::NewStructure {
            slug: &format!("collectif-simultane-{i}"),
            name: &format!("Collectif simultané {i}"),
            kind: app::model::StructureKind::Association,
            description: "Une structure qui publie en même temps que les autres.",
            address: None,
            insee: Some(&insee),
            postcode: None,
            departement: None,
            lat_lon: Some((lat, lon)),
            email: None,
            phone: None,
            website: None,
            rna: None,
            siret: None,
            validation_status: app::model::ValidationStatus::Validated,
            created_by: Some(user),
        },
    )
    .await
    .unwrap();
    app::db::structures::insert_membership(&mut tx, user, structure, app::model::MemberRole::Admin, app::model::MembershipStatus::Active)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (email, structure)
}

/// A page as a visitor (`cookie` empty) or a signed-in user sees it: (status, body).
pub async fn get_as(app: &TestApp, uri: &str, cookie: Option<&str>) -> (u16, String) {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}
