//! The coordination dashboard at scale (`bench --only dashboard`): its figures computed
//! without cache by `app::coordination::dashboard::figures`, and the page
//! `/coordination/tableau` rendered by the real router for a signed-in instance admin, as
//! deployed (figures kept a minute per scope, the moderation queue read each time) — for
//! the whole instance and for one territory — each next to a naive baseline that reads the
//! scope's posts and responses and computes every figure in Rust.
//!
//! Generated posts have no responses: a response is added to 3 posts out of 10, 1 to 200
//! hours after publication, so that the « without response » counts and the median read
//! realistic data.

use std::collections::HashMap;

use app::db::{Db, Pool, scope::Scope};
use axum::body::Body;
use axum::http::{Request, header};
use chrono::{DateTime, Duration, Utc};
use sqlx::QueryBuilder;
use tower::ServiceExt;

use super::measure::{Budget, Latency, latency};

/// The bench's territory: the communes of one dense département.
const TERRITORY: &str = "bench-bouches-du-rhone";
const DEPARTEMENT: &str = "13";
const ADMIN_EMAIL: &str = "bench-admin@example.org";
const ADMIN_PASSWORD: &str = "bench-tableau-de-bord";
pub const GOAL_MS: f64 = 50.0;

pub struct Case {
    pub label: String,
    pub ours: Latency,
    pub naive: Latency,
    /// The page is what the goal is about; the figures' computation is reported beside it.
    pub has_goal: bool,
}

pub async fn rows(pool: &Pool, router: &axum::Router, public_url: &str, budget: Budget, naive_budget: Budget) -> Result<Vec<Case>, String> {
    let territory = prepare(pool).await?;
    let cookie = admin_cookie(pool, router, public_url).await?;
    let mut cases = Vec::new();
    for (label, scope, uri) in [
        ("toute l’instance", None, "/coordination/tableau".to_string()),
        ("un territoire (département 13)", Some(territory), format!("/coordination/tableau?reseau={TERRITORY}")),
    ] {
        let view = app::model::ScopeView { current: None, name: String::new(), choices: Vec::new(), instance_wide: true };
        let naive = latency(naive_budget, || async { naive_figures(pool, scope).await.map(drop).map_err(|e| e.to_string()) }).await?;
        let figures = latency(budget, || {
            let view = view.clone();
            async move {
                app::coordination::dashboard::figures(pool, scope, Utc::now(), view).await.map(drop).map_err(|e| e.message)
            }
        })
        .await?;
        cases.push(Case { label: format!("chiffres du tableau de bord calculés (sans cache), {label}"), ours: figures, naive: naive.clone(), has_goal: false });
        let page = latency(budget, || page(router, &uri, &cookie)).await?;
        cases.push(Case { label: format!("page `{uri}` ({label} ; chiffres gardés une minute)"), ours: page, naive, has_goal: true });
    }
    Ok(cases)
}

/// Responses on 3 posts out of 10 (once), the bench territory, planner statistics.
async fn prepare(pool: &Pool) -> Result<i64, String> {
    let e = |e: sqlx::Error| e.to_string();
    let responses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(pool).await.map_err(e)?;
    if responses == 0 {
        eprintln!("réponses de test / adding responses…");
        let responder: i64 = sqlx::query_scalar("SELECT MIN(id) FROM users").fetch_one(pool).await.map_err(e)?;
        let posts: Vec<(i64, DateTime<Utc>)> =
            sqlx::query_as("SELECT id, published_at FROM posts WHERE published_at IS NOT NULL AND id % 10 < 3 ORDER BY id")
                .fetch_all(pool)
                .await
                .map_err(e)?;
        for chunk in posts.chunks(2_000) {
            let mut qb = QueryBuilder::<Db>::new("INSERT INTO responses (post_id, responder_id, message, created_at, updated_at) ");
            qb.push_values(chunk, |mut b, (id, at)| {
                let at = *at + Duration::hours(1 + id % 200);
                b.push_bind(*id).push_bind(responder).push_bind("Je peux aider").push_bind(at).push_bind(at);
            });
            qb.build().execute(pool).await.map_err(e)?;
        }
    }
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM territories WHERE slug = $1").bind(TERRITORY).fetch_optional(pool).await.map_err(e)?;
    let id = match existing {
        Some(id) => id,
        None => {
            let id: i64 = sqlx::query_scalar("INSERT INTO territories (slug, name, created_at) VALUES ($1, 'Bouches-du-Rhône (bench)', $2) RETURNING id")
                .bind(TERRITORY)
                .bind(Utc::now())
                .fetch_one(pool)
                .await
                .map_err(e)?;
            sqlx::query("INSERT INTO territory_communes (territory_id, insee) SELECT $1, insee FROM communes WHERE departement = $2")
                .bind(id)
                .bind(DEPARTEMENT)
                .execute(pool)
                .await
                .map_err(e)?;
            id
        }
    };
    server::generate::refresh_statistics(pool).await.map_err(|e| e.message)?;
    Ok(id)
}

/// Signs an instance admin in through the router (created once) and returns its cookie.
async fn admin_cookie(pool: &Pool, router: &axum::Router, public_url: &str) -> Result<String, String> {
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1").bind(ADMIN_EMAIL).fetch_one(pool).await.map_err(|e| e.to_string())?;
    if exists == 0 {
        let hash = app::auth::passwords::hash(ADMIN_PASSWORD.into()).await.map_err(|e| e.message)?;
        let mut tx = app::db::begin_write(pool).await.map_err(|e| e.to_string())?;
        let user = app::db::users::NewUser { email: ADMIN_EMAIL, display_name: "Bench", password_hash: Some(&hash), is_instance_admin: true, email_verified: true };
        app::db::users::insert_user(&mut tx, &user).await.map_err(|e| e.message)?;
        tx.commit().await.map_err(|e| e.to_string())?;
    }
    let req = Request::post("/api/log_in")
        .header(header::ORIGIN, public_url)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(format!("email={}&password={ADMIN_PASSWORD}", app::model::encode(ADMIN_EMAIL))))
        .map_err(|e| e.to_string())?;
    let res = router.clone().oneshot(req).await.map_err(|e| e.to_string())?;
    let cookie = res.headers().get(header::SET_COOKIE).ok_or_else(|| format!("connexion du bench refusée : {}", res.status()))?;
    Ok(cookie.to_str().map_err(|e| e.to_string())?.split(';').next().unwrap_or_default().to_string())
}

async fn page(router: &axum::Router, uri: &str, cookie: &str) -> Result<(), String> {
    let req = Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).map_err(|e| e.to_string())?;
    let res = router.clone().oneshot(req).await.map_err(|e| e.to_string())?;
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&body);
    if status != 200 || !text.contains("dashboard-figures") {
        return Err(format!("{uri}: {status} {}", &text[..text.len().min(300)]));
    }
    Ok(())
}

/// The naive dashboard: every post of the scope and every response read, grouped in Rust.
pub async fn naive_figures(pool: &Pool, scope: Scope) -> Result<usize, sqlx::Error> {
    type Row = (i64, String, i64, Option<String>, String, bool, Option<DateTime<Utc>>, DateTime<Utc>, Option<i64>);
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT p.id, p.kind, p.category_id, p.insee, p.status, p.hidden, p.published_at, p.updated_at, p.structure_id FROM posts p WHERE TRUE",
    );
    app::db::scope::push_scope(&mut qb, scope);
    let posts: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    let responses: Vec<(i64, DateTime<Utc>)> = sqlx::query_as("SELECT post_id, created_at FROM responses").fetch_all(pool).await?;
    let mut first: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for (post, at) in responses {
        first.entry(post).and_modify(|f| *f = (*f).min(at)).or_insert(at);
    }
    let now = Utc::now();
    let mut by_category: HashMap<(i64, String), i64> = HashMap::new();
    let mut by_commune: HashMap<String, i64> = HashMap::new();
    let mut unanswered = 0;
    let mut delays = Vec::new();
    let mut months: HashMap<String, i64> = HashMap::new();
    for (id, kind, category, insee, status, hidden, published, _, _) in &posts {
        let open = !hidden && (status == "published" || status == "in_progress");
        if open {
            *by_category.entry((*category, kind.clone())).or_default() += 1;
            if let Some(i) = insee {
                *by_commune.entry(i.clone()).or_default() += 1;
            }
        }
        if let Some(p) = published {
            if open && kind == "need" && *p < now - Duration::days(7) && !first.contains_key(id) {
                unanswered += 1;
            }
            if let Some(f) = first.get(id) {
                delays.push((*f - *p).num_seconds());
            }
            *months.entry(p.format("%Y-%m").to_string()).or_default() += 1;
        }
    }
    delays.sort_unstable();
    Ok(by_category.len() + by_commune.len() + unanswered + delays.len() + months.len())
}
