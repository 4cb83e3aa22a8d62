//! The synthetic data generator against a real, throw-away database of the compiled
//! backend (`app::db::testing::TestDb`): a temporary SQLite file (in `temp_dir()`, named
//! after the process id and a counter), or with `--no-default-features --features
//! postgres` a fresh database created through `TEST_DATABASE_URL` (never skipped).
//! Every check counts what a run added, so the checks hold on a non-empty database too.

use app::db::Pool;
use app::db::testing::TestDb;
use server::generate::{GenerateOptions, generate};

/// A migrated database with the communes loaded.
async fn open() -> TestDb {
    let db = TestDb::new().await;
    server::startup::prepare_reference_data(&db.pool).await.expect("communes");
    db
}

async fn count(pool: &Pool, sql: &str, after_id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(after_id).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn max_id(pool: &Pool, table: &str) -> i64 {
    sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
        .unwrap_or(0)
}

/// Ids before a run: (posts, structures, users).
async fn marks(pool: &Pool) -> (i64, i64, i64) {
    (max_id(pool, "posts").await, max_id(pool, "structures").await, max_id(pool, "users").await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generates_a_consistent_data_set_and_runs_add_up() {
    let db = open().await;
    let pool = db.pool.clone();

    // First run.
    let (p0, s0, u0) = marks(&pool).await;
    let opts = GenerateOptions { posts: 2_000, structures: 100, seed: 7 };
    let report = generate(&pool, &opts).await.expect("first run");
    eprintln!("{report} — {:.0} annonces/s, {} habitant·es", report.posts_per_second(), report.users);
    assert_eq!((report.posts, report.structures), (2_000, 100));
    assert!(report.users > 0);

    let posts = count(&pool, "SELECT COUNT(*) FROM posts WHERE id > $1", p0).await;
    assert_eq!(posts, 2_000);
    let structures =
        count(&pool, "SELECT COUNT(*) FROM structures WHERE id > $1 AND validation_status = 'validated'", s0).await;
    assert_eq!(structures, 100);
    let users = count(&pool, "SELECT COUNT(*) FROM users WHERE id > $1 AND password_hash IS NULL", u0).await;
    assert_eq!(users, report.users as i64);

    // Places: in metropolitan France (Corsica included) unless the commune is overseas,
    // always next to the post's commune, and mostly in the metropolitan box.
    let in_box = count(
        &pool,
        "SELECT COUNT(*) FROM posts WHERE id > $1 AND lat BETWEEN 41 AND 51.5 AND lon BETWEEN -6 AND 10",
        p0,
    )
    .await;
    assert!(in_box * 100 >= posts * 90, "{in_box} of {posts} posts in metropolitan France");
    let misplaced = count(
        &pool,
        "SELECT COUNT(*) FROM posts p JOIN communes c ON c.insee = p.insee
         WHERE p.id > $1
           AND NOT (p.lat BETWEEN 41 AND 51.5 AND p.lon BETWEEN -6 AND 10)
           AND SUBSTR(c.departement, 1, 2) NOT IN ('97', '98')",
        p0,
    )
    .await;
    assert_eq!(misplaced, 0, "posts outside France whose commune is not overseas");
    let far = count(
        &pool,
        "SELECT COUNT(*) FROM posts p JOIN communes c ON c.insee = p.insee
         WHERE p.id > $1 AND (ABS(p.lat - c.lat) > 0.03 OR ABS(p.lon - c.lon) > 0.05)",
        p0,
    )
    .await;
    assert_eq!(far, 0, "posts more than ~2 km from their commune");
    let located =
        count(&pool, "SELECT COUNT(*) FROM posts WHERE id > $1 AND lat IS NOT NULL AND insee IS NOT NULL", p0).await;
    assert_eq!(located, posts);

    // Owners: structures at their address, individuals at their commune's centroid.
    let individual = count(
        &pool,
        "SELECT COUNT(*) FROM posts WHERE id > $1 AND structure_id IS NULL AND author_id IS NOT NULL
                AND location_precision = 'commune'",
        p0,
    )
    .await;
    let by_structure = count(
        &pool,
        "SELECT COUNT(*) FROM posts WHERE id > $1 AND structure_id IS NOT NULL AND author_id IS NULL
                AND location_precision = 'address'",
        p0,
    )
    .await;
    assert_eq!(individual + by_structure, posts);
    assert!((100..=300).contains(&individual), "{individual} individual posts of 2000");
    let at_centroid = count(
        &pool,
        "SELECT COUNT(*) FROM posts p JOIN communes c ON c.insee = p.insee
         WHERE p.id > $1 AND p.structure_id IS NULL AND p.lat = c.lat AND p.lon = c.lon",
        p0,
    )
    .await;
    assert_eq!(at_centroid, individual);

    // Statuses and dates.
    let published = count(&pool, "SELECT COUNT(*) FROM posts WHERE id > $1 AND status = 'published'", p0).await;
    assert!((1_600..=1_800).contains(&published), "{published} published of 2000");
    let bad_dates = count(
        &pool,
        "SELECT COUNT(*) FROM posts WHERE id > $1
           AND ((status = 'draft') <> (published_at IS NULL)
                OR (published_at IS NOT NULL AND (published_at <> created_at OR expires_at <= published_at)))",
        p0,
    )
    .await;
    assert_eq!(bad_dates, 0);
    let needs = count(&pool, "SELECT COUNT(*) FROM posts WHERE id > $1 AND kind = 'need'", p0).await;
    assert!((950..=1_250).contains(&needs), "{needs} needs of 2000");
    let categories = count(&pool, "SELECT COUNT(DISTINCT category_id) FROM posts WHERE id > $1", p0).await;
    assert_eq!(categories, 8);
    let titles = count(&pool, "SELECT COUNT(DISTINCT title) FROM posts WHERE id > $1", p0).await;
    assert!(titles > 500, "{titles} distinct titles");

    // A second run, another seed: more rows, no slug or e-mail collision.
    let (p1, s1, u1) = marks(&pool).await;
    let report = generate(&pool, &GenerateOptions::for_posts(2_000, 8)).await.expect("second run");
    assert_eq!((report.posts, report.structures), (2_000, 40));
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM posts WHERE id > $1", p1).await, 2_000);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM structures WHERE id > $1", s1).await, 40);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM users WHERE id > $1", u1).await, report.users as i64);
    let slugs =
        count(&pool, "SELECT COUNT(DISTINCT slug) FROM structures WHERE id > $1 AND slug LIKE 'synth-%'", s0).await;
    assert_eq!(slugs, 140);

    // The same seed again still adds up (numbers continue after the highest one).
    generate(&pool, &GenerateOptions { posts: 10, structures: 10, seed: 7 }).await.expect("third run");
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM structures WHERE id > $1", s0).await, 150);

    db.drop_db().await;
}

/// Timing run, not part of the suite:
/// `GENERATE_POSTS=1000000 cargo test --release -p server --test generate -- --ignored --nocapture`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly"]
async fn timing() {
    let _ = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new("server=debug")).try_init();
    let posts = std::env::var("GENERATE_POSTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let db = open().await;
    let report = generate(&db.pool, &GenerateOptions::for_posts(posts, 1)).await.expect("generate");
    eprintln!("{report} — {:.0} annonces/s", report.posts_per_second());
    assert_eq!(count(&db.pool, "SELECT COUNT(*) FROM posts WHERE id > $1", 0).await, posts as i64);
    db.drop_db().await;
}
