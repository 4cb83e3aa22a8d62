//! The « Coin du partage » list: full-text search behind the backend module (FTS5 / tsvector)
//! checked against the same rule computed in Rust, filters, order, pagination.

use app::model::{PostFilter, ShareData, fold};

use crate::helpers::{TestApp, body_text, call};

async fn list(app: &TestApp, form: &str) -> ShareData {
    let (status, json) = call(app, "share_list", None, form).await;
    assert_eq!(status, 200, "{json}");
    serde_json::from_str(&json).unwrap()
}

/// Public posts whose folded title + description has every query word as a word prefix.
async fn expected(app: &TestApp, q: &str) -> i64 {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.title, p.description FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
         WHERE p.hidden = FALSE AND p.status IN ('published', 'in_progress')
           AND (p.structure_id IS NULL OR s.validation_status = 'validated')",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let words: Vec<String> = fold(q).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
    rows.iter()
        .filter(|(t, d)| {
            let text = fold(&format!("{t} {d}"));
            words.iter().all(|w| text.split(' ').any(|tok| tok.starts_with(w.as_str())))
        })
        .count() as i64
}

#[test]
fn search_finds_words_by_prefix_without_accents_as_the_rule_says() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        for q in ["velo", "VÉLO", "vel", "besoin benevoles", "camion", "cuisine service", "zzzz"] {
            let data = list(&app, &format!("filter[q]={}", crate::helpers::urlencode(q))).await;
            assert_eq!(data.total, expected(&app, q).await, "q={q}");
        }
        assert!(list(&app, "filter[q]=velo").await.total > 0, "the demo has bikes");
        // A post's text change reaches the index; a deleted post leaves it.
        let id: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE status = 'published' AND hidden = FALSE AND structure_id IS NOT NULL LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE posts SET title = 'Tandem électrique', search_folded = $1 WHERE id = $2")
            .bind(app::db::posts::search_text("Tandem électrique", ""))
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let found = list(&app, "filter[q]=tandem+electr").await;
        assert_eq!(found.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![id]);
        sqlx::query("DELETE FROM posts WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();
        assert_eq!(list(&app, "filter[q]=tandem").await.total, 0);
        app.finish().await;
    })
}

#[test]
fn filters_and_order_and_a_shareable_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let needs = list(&app, "filter[kinds][0]=Need&filter[q]=").await;
        assert!(needs.total > 0 && needs.items.iter().all(|p| p.kind == app::model::PostKind::Need));
        let cat = list(&app, "filter[categories][0]=benevolat&filter[q]=").await;
        assert!(cat.items.iter().all(|p| p.category_slug == "benevolat"));
        let urgent = list(&app, "filter[sort]=urgency&filter[q]=").await;
        assert_eq!(urgent.items.first().map(|p| p.urgency), Some(app::model::Urgency::High));
        // The page served for a shared link holds the results, before any JavaScript.
        let f = PostFilter { q: "velo".into(), ..Default::default() };
        let html = body_text(app.get(&format!("/partage?{}", f.to_query())).await).await;
        let first = list(&app, "filter[q]=velo").await.items.remove(0);
        assert!(html.contains(&first.title.replace('\'', "&#39;")) || html.contains(&first.title));
        assert!(html.contains("value=\"velo\""), "the form shows the search");
        app.finish().await;
    })
}

// ---------------------------------------------------------------------------------
// Reading at scale (app::search::database): each read checked against the same rule
// computed here over every public post, on a few thousand synthetic posts so that
// common words and big places go past the list's limit.

use app::model::{ShareSort, Urgency};
use app::search::database::{choose_read, rank_in_database as rank};
use app::search::sql::Read;
use app::search::{CANDIDATES, Origin, PostSearch, relevance};
use chrono::{DateTime, Utc};

/// A database with the communes and `posts` synthetic posts.
async fn generated(posts: u64, seed: u64) -> app::db::testing::TestDb {
    let db = crate::helpers::db_with_communes().await;
    server::generate::generate(&db.pool, &server::generate::GenerateOptions::for_posts(posts, seed)).await.unwrap();
    db
}

/// A public post as the reference rule sees it.
#[derive(Debug, sqlx::FromRow)]
struct Public {
    id: i64,
    title: String,
    description: String,
    published_at: Option<DateTime<Utc>>,
    urgency: Urgency,
    lat: Option<f64>,
    lon: Option<f64>,
    insee: Option<String>,
}

impl Public {
    fn text(&self) -> String {
        app::db::posts::search_text(&self.title, &self.description)
    }
    fn matches(&self, words: &[&str]) -> bool {
        let text = self.text();
        words.iter().all(|w| text.split(' ').any(|tok| tok.starts_with(w)))
    }
    /// Occurrences of each word as a word prefix, and the folded length.
    fn tf(&self, words: &[&str]) -> (Vec<i64>, i64) {
        let text = self.text();
        (words.iter().map(|w| text.split(' ').filter(|tok| tok.starts_with(w)).count() as i64).collect(), text.chars().count() as i64)
    }
}

async fn public_posts(pool: &app::db::Pool) -> Vec<Public> {
    sqlx::query_as(&format!(
        "SELECT p.id, p.title, p.description, p.published_at, p.urgency, p.lat, p.lon, p.insee
         FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {}",
        app::db::posts::POST_IS_PUBLIC
    ))
    .fetch_all(pool)
    .await
    .unwrap()
}

fn search(words: &[&str], sort: ShareSort) -> PostSearch {
    PostSearch { words: words.iter().map(|w| w.to_string()).collect(), sort, ..Default::default() }
}

fn newest_first(a: &&Public, b: &&Public) -> std::cmp::Ordering {
    b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id))
}

async fn ids(pool: &app::db::Pool, s: &PostSearch) -> (Vec<i64>, bool) {
    let r = rank(pool, s, 0, s.limit).await.unwrap();
    (r.posts.iter().map(|p| p.id).collect(), r.more)
}

#[test]
fn every_read_gives_what_the_rule_says_and_stops_at_the_limit() {
    crate::helpers::run(async {
        let db = generated(3_000, 7).await;
        let pool = &db.pool;
        // Statistics, as a running database keeps them (PostgreSQL's autovacuum): its
        // planner's estimate tells a common word from a rare one.
        server::generate::refresh_statistics(pool).await.unwrap();
        let all = public_posts(pool).await;
        let limit = CANDIDATES as usize;
        assert!(all.len() > limit + 500, "enough posts to pass the limit");

        // No words: the list order itself, exact, the first ones up to the limit.
        let s = search(&[], ShareSort::Recent);
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::ListOrder);
        let mut want: Vec<&Public> = all.iter().collect();
        want.sort_by(newest_first);
        assert_eq!(ids(pool, &s).await, (want.iter().take(limit).map(|p| p.id).collect(), true));
        // A page is a slice of that order; the count stops at the limit.
        let full = rank(pool, &s, 0, s.limit).await.unwrap();
        let second = rank(pool, &s, 20, 20).await.unwrap();
        assert_eq!(second.posts, full.posts[20..40]);
        assert_eq!((second.total, second.more), (CANDIDATES, true));
        let s = search(&[], ShareSort::Urgency);
        let rank_of = |u: Urgency| match u { Urgency::High => 0, Urgency::Normal => 1, Urgency::Low => 2 };
        want.sort_by(|a, b| rank_of(a.urgency).cmp(&rank_of(b.urgency)).then_with(|| newest_first(a, b)));
        assert_eq!(ids(pool, &s).await, (want.iter().take(limit).map(|p| p.id).collect(), true));

        // A rare word: every match, exact in any order.
        let rare: Vec<&Public> = all.iter().filter(|p| p.matches(&["triporteur"])).collect();
        assert!(!rare.is_empty() && rare.len() < limit, "{}", rare.len());
        let s = search(&["triporteur"], ShareSort::Recent);
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::AllTextMatches);
        let mut want = rare.clone();
        want.sort_by(newest_first);
        assert_eq!(ids(pool, &s).await, (want.iter().map(|p| p.id).collect(), false));

        // A common word: its newest matches (by id) up to the limit, ranked by relevance.
        let common: Vec<&Public> = all.iter().filter(|p| p.matches(&["de"])).collect();
        assert!(common.len() > limit);
        let s = search(&["de"], ShareSort::Relevance);
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::NewestTextMatches);
        let (got, more) = ids(pool, &s).await;
        assert!(more);
        let mut newest: Vec<i64> = common.iter().map(|p| p.id).collect();
        newest.sort_unstable_by(|a, b| b.cmp(a));
        newest.truncate(limit);
        let mut sorted = got.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(sorted, newest, "the candidates are the newest matches");
        let tfs: Vec<(Vec<i64>, i64)> = got.iter().map(|id| all.iter().find(|p| p.id == *id).unwrap().tf(&["de"])).collect();
        let scores: Vec<f64> = tfs.iter().map(|(tf, len)| relevance(tf, *len)).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1] - 1e-12), "ordered by relevance");
        assert!(scores[0] > scores[scores.len() - 1], "relevance separates them");

        // A common word in a small place: every post of the place, the word checked per row.
        let (insee, _) = all.iter().filter_map(|p| p.insee.clone()).fold(std::collections::HashMap::<String, usize>::new(), |mut m, i| {
            *m.entry(i).or_default() += 1;
            m
        }).into_iter().max_by_key(|(i, n)| (*n, i.clone())).unwrap();
        let s = PostSearch { commune: Some(insee.clone()), ..search(&["de"], ShareSort::Recent) };
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::AllOfPlace);
        let mut want: Vec<&Public> = all.iter().filter(|p| p.insee.as_deref() == Some(&insee) && p.matches(&["de"])).collect();
        want.sort_by(newest_first);
        assert!(!want.is_empty());
        assert_eq!(ids(pool, &s).await, (want.iter().map(|p| p.id).collect(), false));

        // A place with more posts than the limit, yet cheaper to read whole than the
        // newest matches: all of it read, the best kept.
        let (clat, clon) = all.iter().filter(|p| p.insee.as_deref() == Some(&insee)).find_map(|p| p.lat.zip(p.lon)).unwrap();
        let mut half = 0.01;
        let (b, inside) = loop {
            let b = app::model::BBox { min_lon: clon - half * 1.5, min_lat: clat - half, max_lon: clon + half * 1.5, max_lat: clat + half };
            let inside: Vec<&Public> = all
                .iter()
                .filter(|p| p.lat.zip(p.lon).is_some_and(|(la, lo)| (b.min_lat..=b.max_lat).contains(&la) && (b.min_lon..=b.max_lon).contains(&lo)))
                .collect();
            if inside.len() >= 60 {
                break (b, inside);
            }
            half *= 1.2;
        };
        assert!(inside.len() <= 200, "{}", inside.len());
        let s = PostSearch { bbox: Some(b), limit: 20, ..search(&["de"], ShareSort::Relevance) };
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::AllOfPlace);
        let matching: Vec<&Public> = inside.into_iter().filter(|p| p.matches(&["de"])).collect();
        let mut want: Vec<(f64, &Public)> = matching.iter().map(|p| {
            let (tf, len) = p.tf(&["de"]);
            (relevance(&tf, len), *p)
        }).collect();
        want.sort_by(|(x, a), (y, b)| y.total_cmp(x).then_with(|| newest_first(a, b)));
        assert!(want.len() > 20);
        assert_eq!(ids(pool, &s).await, (want.iter().take(20).map(|(_, p)| p.id).collect(), true));

        // Distance without words: growing boxes, exactly the nearest up to the limit.
        let origin = Origin { lat: 44.0125, lon: 4.4197 };
        let s = PostSearch { origin: Some(origin), ..search(&[], ShareSort::Distance) };
        assert_eq!(choose_read(pool, &s).await.unwrap(), Read::Rings);
        let r = rank(pool, &s, 0, s.limit).await.unwrap();
        let mut want: Vec<(f64, i64)> = all.iter().map(|p| (origin.km_to(p.lat.unwrap(), p.lon.unwrap()), p.id)).collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let got: Vec<(f64, i64)> = r.posts.iter().map(|p| (p.km.unwrap(), p.id)).collect();
        assert!(r.more);
        assert_eq!(got.len(), limit);
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.1, w.1, "same post at the same rank ({g:?} / {w:?})");
            assert!((g.0 - w.0).abs() < 1e-6);
        }
        db.drop_db().await;
    })
}

/// A radius, a first day and several categories: the database path and the index in
/// memory keep exactly the posts the rule keeps, nearest first.
#[test]
fn a_radius_a_day_and_categories_keep_what_the_rule_says_on_both_paths() {
    crate::helpers::run(async {
        let db = generated(3_000, 5).await;
        let pool = &db.pool;
        let all = public_posts(pool).await;
        let slugs: std::collections::HashMap<i64, String> =
            sqlx::query_as("SELECT p.id, c.slug FROM posts p JOIN categories c ON c.id = p.category_id").fetch_all(pool).await.unwrap().into_iter().collect();
        let index = std::sync::Arc::new(app::search::PostIndex::default());
        index.load(pool).await.unwrap();
        let st = app::state::AppState { posts: index, ..crate::helpers::state(&db, "target/site", false) };
        // The busiest commune's centre, 40 km around; the newer half of the posts.
        let (lat, lon): (f64, f64) = sqlx::query_as(
            "SELECT co.lat, co.lon FROM posts p JOIN communes co ON co.insee = p.insee GROUP BY co.insee, co.lat, co.lon ORDER BY COUNT(*) DESC, co.insee LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let centre = Origin { lat, lon };
        let mut days: Vec<DateTime<Utc>> = all.iter().filter_map(|p| p.published_at).collect();
        days.sort();
        let since = days[days.len() / 2];
        let categories = vec!["vehicule".to_string(), "materiel".to_string(), "local".to_string()];
        let radius = (40.0 / app::search::KM_PER_DEGREE).powi(2);
        let mut want: Vec<(f64, i64)> = all
            .iter()
            .filter(|p| p.published_at.is_some_and(|d| d >= since) && categories.contains(&slugs[&p.id]))
            .filter_map(|p| p.lat.zip(p.lon).map(|(la, lo)| (centre.squared(la, lo), p.id)))
            .filter(|(sq, _)| *sq <= radius)
            .collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let want: Vec<i64> = want.into_iter().map(|(_, id)| id).collect();
        assert!(want.len() > 5 && want.len() < CANDIDATES as usize, "{}", want.len());
        let s = PostSearch { since: Some(since), categories, origin: Some(centre), ..search(&[], ShareSort::Distance) }.around(centre, 40.0);
        assert_eq!(ids(pool, &s).await, (want.clone(), false), "the database path");
        let r = app::search::rank(&st, &s, 0, CANDIDATES).await.unwrap();
        assert!(st.posts.is_ready());
        assert_eq!(r.posts.iter().map(|p| p.id).collect::<Vec<_>>(), want, "the index in memory");
        db.drop_db().await;
    })
}

/// The index in memory (what the lists read on a running server) against the same rule:
/// every match counted and ordered exactly — also for a common word, where the database
/// path ranks only the newest matches — and kept current as posts change.
#[test]
fn the_index_in_memory_orders_every_match_as_the_rule_says() {
    crate::helpers::run(async {
        let db = generated(3_000, 11).await;
        let pool = &db.pool;
        let all = public_posts(pool).await;
        let busiest: String = sqlx::query_scalar("SELECT insee FROM posts GROUP BY insee ORDER BY COUNT(*) DESC, insee LIMIT 1").fetch_one(pool).await.unwrap();
        let elsewhere: i64 = sqlx::query_scalar("SELECT MIN(id) FROM structures WHERE validation_status = 'validated' AND insee <> $1").bind(&busiest).fetch_one(pool).await.unwrap();
        let territory: i64 = sqlx::query_scalar("INSERT INTO territories (slug, name, created_at) VALUES ('bench-reseau', 'Réseau', $1) RETURNING id")
            .bind(app::db::now())
            .fetch_one(pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO territory_communes (territory_id, insee) VALUES ($1, $2)").bind(territory).bind(&busiest).execute(pool).await.unwrap();
        sqlx::query("INSERT INTO territory_structures (territory_id, structure_id) VALUES ($1, $2)").bind(territory).bind(elsewhere).execute(pool).await.unwrap();
        // Searched words' postings merged per search, or kept merged and kept current.
        let eager = std::sync::Arc::new(app::search::PostIndex::keeping_merged_from(0));
        eager.load(pool).await.unwrap();
        let index = std::sync::Arc::new(app::search::PostIndex::default());
        assert!(!index.is_ready());
        index.load(pool).await.unwrap();
        let reading = |index: &std::sync::Arc<app::search::PostIndex>| app::state::AppState {
            posts: index.clone(),
            ..crate::helpers::state(&db, "target/site", false)
        };
        let (index, eager) = (reading(&index), reading(&eager));
        for index in [&index, &eager, &eager] {
            let limit = CANDIDATES as usize;
            let ranked = |s: PostSearch, offset: i64, count: i64| {
                async move { app::search::rank(index, &s, offset, count).await.unwrap() }
            };
            let ids = |r: &app::search::Ranked| r.posts.iter().map(|p| p.id).collect::<Vec<_>>();
            let by_relevance = |words: &[&str], posts: Vec<&Public>| {
                let mut scored: Vec<(f64, &Public)> = posts.into_iter().map(|p| {
                    let (tf, len) = p.tf(words);
                    (relevance(&tf, len), p)
                }).collect();
                scored.sort_by(|(x, a), (y, b)| y.total_cmp(x).then_with(|| newest_first(a, b)));
                scored.into_iter().map(|(_, p)| p.id).collect::<Vec<_>>()
            };

            // No words, newest first: the first 500 of every public post, then a page.
            let mut want: Vec<&Public> = all.iter().collect();
            want.sort_by(newest_first);
            let full = ranked(search(&[], ShareSort::Recent), 0, CANDIDATES).await;
            assert_eq!((ids(&full), full.total, full.more), (want.iter().take(limit).map(|p| p.id).collect(), CANDIDATES, true));
            let second = ranked(search(&[], ShareSort::Recent), 20, 20).await;
            assert_eq!(second.posts, full.posts[20..40]);
            // Past the end: the first page.
            assert_eq!(ranked(search(&[], ShareSort::Recent), 600, 20).await.posts, full.posts[..20]);

            // A common word by relevance: all its matches scored, not only the newest.
            let common: Vec<&Public> = all.iter().filter(|p| p.matches(&["de"])).collect();
            assert!(common.len() > limit);
            let want = by_relevance(&["de"], common.clone());
            let got = ranked(search(&["de"], ShareSort::Relevance), 0, CANDIDATES).await;
            assert_eq!(ids(&got), want[..limit], "the best 500 of {} matches", common.len());
            // Two words, one of them a prefix; a one-letter word is a whole word.
            let two: Vec<&Public> = all.iter().filter(|p| p.matches(&["de", "benev"])).collect();
            assert!(!two.is_empty());
            assert_eq!(ids(&ranked(search(&["de", "benev"], ShareSort::Relevance), 0, CANDIDATES).await), by_relevance(&["de", "benev"], two));
            let a: Vec<&Public> = all.iter().filter(|p| p.text().split(' ').any(|t| t == "a")).collect();
            assert_eq!(ranked(search(&["a"], ShareSort::Recent), 0, CANDIDATES).await.total, a.len().min(limit) as i64);

            // A word in a commune, by urgency; a map box by relevance; the nearest first.
            let (insee, _) = all.iter().filter_map(|p| p.insee.clone()).fold(std::collections::HashMap::<String, usize>::new(), |mut m, i| {
                *m.entry(i).or_default() += 1;
                m
            }).into_iter().max_by_key(|(i, n)| (*n, i.clone())).unwrap();
            let rank_of = |u: Urgency| match u { Urgency::High => 0, Urgency::Normal => 1, Urgency::Low => 2 };
            let mut want: Vec<&Public> = all.iter().filter(|p| p.insee.as_deref() == Some(&insee) && p.matches(&["de"])).collect();
            want.sort_by(|a, b| rank_of(a.urgency).cmp(&rank_of(b.urgency)).then_with(|| newest_first(a, b)));
            let s = PostSearch { commune: Some(insee.clone()), ..search(&["de"], ShareSort::Urgency) };
            assert_eq!(ids(&ranked(s, 0, CANDIDATES).await), want.iter().map(|p| p.id).collect::<Vec<_>>());
            let (clat, clon) = all.iter().filter(|p| p.insee.as_deref() == Some(&insee)).find_map(|p| p.lat.zip(p.lon)).unwrap();
            let b = app::model::BBox { min_lon: clon - 0.3, min_lat: clat - 0.2, max_lon: clon + 0.3, max_lat: clat + 0.2 };
            let inside: Vec<&Public> = all
                .iter()
                .filter(|p| p.matches(&["de"]) && p.lat.zip(p.lon).is_some_and(|(la, lo)| (b.min_lat..=b.max_lat).contains(&la) && (b.min_lon..=b.max_lon).contains(&lo)))
                .collect();
            assert!(inside.len() > 20);
            let s = PostSearch { bbox: Some(b), limit: 100, ..search(&["de"], ShareSort::Relevance) };
            let got = ranked(s, 0, 100).await;
            let want = by_relevance(&["de"], inside.clone());
            assert_eq!((ids(&got), got.more), (want.iter().take(100).copied().collect::<Vec<_>>(), inside.len() > 100));
            // A département, a territory (a commune and a structure from elsewhere): the
            // same posts, in the same order, as the database path reads exactly.
            let departement: String = sqlx::query_scalar("SELECT departement FROM communes WHERE insee = $1").bind(&insee).fetch_one(pool).await.unwrap();
            for s in [
                PostSearch { departement: Some(departement.clone()), ..search(&[], ShareSort::Recent) },
                PostSearch { departement: Some(departement.clone()), ..search(&["de"], ShareSort::Urgency) },
                PostSearch { territory: Some("bench-reseau".into()), ..search(&[], ShareSort::Recent) },
            ] {
                let want = rank(pool, &s, 0, s.limit).await.unwrap();
                assert!(want.total > 1 && !want.more, "{s:?}: {}", want.total);
                assert_eq!(ranked(s, 0, CANDIDATES).await, want);
            }
            let origin = Origin { lat: 44.0125, lon: 4.4197 };
            let got = ranked(PostSearch { origin: Some(origin), ..search(&[], ShareSort::Distance) }, 0, CANDIDATES).await;
            let mut want: Vec<(f64, i64)> = all.iter().map(|p| (origin.km_to(p.lat.unwrap(), p.lon.unwrap()), p.id)).collect();
            want.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            let got: Vec<(f64, i64)> = got.posts.iter().map(|p| (p.km.unwrap(), p.id)).collect();
            assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), want.iter().take(limit).map(|w| w.1).collect::<Vec<_>>());
            assert!(got.iter().zip(&want).all(|(g, w)| (g.0 - w.0).abs() < 1e-9));
        }

        // Writes by anyone reach both before their next search: a new text (with a word
        // searched before, so kept merged by `eager`), a hidden post, a structure no longer
        // validated, deleted posts.
        let default = &index;
        let ranked = |which: &'static str, s: PostSearch| {
            let index = if which == "eager" { &eager } else { default };
            async move { app::search::rank(index, &s, 0, s.limit).await.unwrap() }
        };
        let ids = |r: app::search::Ranked| r.posts.iter().map(|p| p.id).collect::<Vec<_>>();
        let zyth = || PostSearch { limit: 20, ..search(&["zyth"], ShareSort::Recent) };
        let everything = || PostSearch { limit: 100_000, ..search(&[], ShareSort::Recent) };
        let (first, second): (i64, i64) = sqlx::query_as(&format!(
            "SELECT MIN(p.id), MAX(p.id) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE p.structure_id IS NOT NULL AND {}",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        for which in ["default", "eager"] {
            assert_eq!(ranked(which, zyth()).await.total, 0);
        }
        sqlx::query("UPDATE posts SET search_folded = 'zythum brasse maison' WHERE id = $1").bind(first).execute(pool).await.unwrap();
        for which in ["default", "eager"] {
            assert_eq!(ids(ranked(which, zyth()).await), vec![first], "{which}");
        }
        sqlx::query("UPDATE posts SET hidden = TRUE WHERE id = $1").bind(first).execute(pool).await.unwrap();
        let structure: i64 = sqlx::query_scalar("SELECT structure_id FROM posts WHERE id = $1").bind(second).fetch_one(pool).await.unwrap();
        sqlx::query("UPDATE structures SET validation_status = 'pending' WHERE id = $1").bind(structure).execute(pool).await.unwrap();
        sqlx::query("DELETE FROM posts WHERE id IN (SELECT id FROM posts WHERE structure_id IS NULL ORDER BY id LIMIT 5)").execute(pool).await.unwrap();
        let public = public_posts(pool).await.len() as i64;
        for which in ["default", "eager"] {
            assert_eq!(ranked(which, zyth()).await.total, 0, "{which}: hidden");
            let after = ranked(which, everything()).await;
            assert!(!ids(after.clone()).contains(&second), "{which}: structure no longer validated");
            assert_eq!(after.total, public, "{which}");
        }
        db.drop_db().await;
    })
}

/// Inserts a published post of a validated demo structure and returns its id.
async fn post(pool: &app::db::Pool, title: &str, description: &str, days_ago: i64, insee: &str) -> i64 {
    let at = app::db::now() - chrono::Duration::days(days_ago);
    let (structure, category): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM structures WHERE validation_status = 'validated'), (SELECT MIN(id) FROM categories)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let (lat, lon): (f64, f64) = sqlx::query_as("SELECT lat, lon FROM communes WHERE insee = $1").bind(insee).fetch_one(pool).await.unwrap();
    sqlx::query_scalar(
        "INSERT INTO posts (kind, category_id, structure_id, title, description, insee, lat, lon, location_precision,
                            status, published_at, expires_at, created_at, updated_at, search_folded)
         VALUES ('offer', $1, $2, $3, $4, $5, $6, $7, 'address', 'published', $8, $9, $8, $8, $10) RETURNING id",
    )
    .bind(category)
    .bind(structure)
    .bind(title)
    .bind(description)
    .bind(insee)
    .bind(lat)
    .bind(lon)
    .bind(at)
    .bind(at + chrono::Duration::days(60))
    .bind(app::db::posts::search_text(title, description))
    .fetch_one(pool)
    .await
    .unwrap()
}

#[test]
fn relevance_puts_a_title_repeating_the_word_before_a_long_text_mentioning_it_once() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let filler = "Nous avons aussi des tables, des chaises, des bancs et des tréteaux pour les fêtes de quartier. ".repeat(4);
        let strong = post(pool, "Trottinettes : trottinette enfant et trottinette adulte", "À donner.", 5, "30334").await;
        let weak = post(pool, "Matériel de fête", &format!("{filler}Et une vieille trottinette."), 1, "30334").await;
        let found = list(&app, "filter[q]=trottinette").await;
        assert_eq!(found.sort, ShareSort::Relevance, "the default with words");
        assert_eq!(found.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![strong, weak]);
        let recent = list(&app, "filter[q]=trottinette&filter[sort]=recent").await;
        assert_eq!(recent.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![weak, strong], "newest first when asked");
        // The page says so too, and offers the order.
        let html = body_text(app.get("/partage?q=TROTTINETTE").await).await;
        assert!(html.find("Trottinettes").unwrap() < html.find("Matériel de fête").unwrap());
        assert!(html.contains(r#"<option value="pertinence" selected"#), "{}", &html[html.find("partage-tri").unwrap()..][..400]);
        app.finish().await;
    })
}

#[test]
fn distance_order_from_a_chosen_commune_shows_kilometres() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        // Uzès (30334); Nîmes (30189) is ~20 km away, Thiverny (60637) ~600 km.
        let near = post(pool, "Gyropode à prêter", "Pour un déménagement.", 9, "30189").await;
        let far = post(pool, "Gyropode disponible", "Pour un déménagement.", 0, "60637").await;
        let data = list(&app, "filter[q]=gyropode&filter[sort]=distance&filter[near]=30334").await;
        assert_eq!(data.sort, ShareSort::Distance);
        assert_eq!(data.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![near, far]);
        let km: Vec<f64> = data.distances_km.iter().map(|d| d.unwrap()).collect();
        assert!((15.0..25.0).contains(&km[0]) && (500.0..800.0).contains(&km[1]), "{km:?}");
        assert_eq!(data.near.as_ref().map(|c| c.name.as_str()), Some("Uzès"));
        // Every public post, nearest first.
        let all = list(&app, "filter[sort]=distance&filter[near]=30334").await;
        let km: Vec<f64> = all.distances_km.iter().map(|d| d.unwrap()).collect();
        assert!(km.windows(2).all(|w| w[0] <= w[1]), "{km:?}");
        let html = body_text(app.get("/partage?tri=distance&depuis=30334&q=gyropode").await).await;
        assert!(html.contains(&app::i18n::distance_km(km_of(&data, near))), "the card says how far");
        assert!(html.contains("Uzès"));
        // An unknown or missing commune: said in French, newest first instead.
        let unknown = list(&app, "filter[sort]=distance&filter[near]=99999").await;
        assert_eq!((unknown.sort, unknown.notice.is_some()), (ShareSort::Recent, true));
        let html = body_text(app.get("/partage?tri=distance&depuis=99999").await).await;
        assert!(html.contains("Commune inconnue"));
        let html = body_text(app.get("/partage?tri=distance").await).await;
        assert!(html.contains("Choisissez une commune"));
        // Without JavaScript, the commune search lists its results as links.
        let html = body_text(app.get("/partage?tri=distance&lieu=uzes").await).await;
        assert!(html.contains("pres=30334"), "a link to the list ordered from Uzès");
        app.finish().await;
    })
}

#[test]
fn a_radius_a_day_and_several_categories_on_the_list_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        // Around Uzès (30334): Nîmes (30189) is ~20 km away, Thiverny (60637) ~600 km.
        let nimes = post(pool, "Diable de manutention", "Pour un déménagement.", 1, "30189").await;
        let far = post(pool, "Diable de manutention", "Pour un déménagement.", 1, "60637").await;
        let old = post(pool, "Diable de manutention", "Pour un déménagement.", 40, "30189").await;
        let around = list(&app, "filter[q]=diable&filter[place][commune]=30334&filter[radius_km]=30").await;
        let ids: Vec<i64> = around.items.iter().map(|p| p.id).collect();
        assert!(ids.contains(&nimes) && ids.contains(&old) && !ids.contains(&far), "{ids:?}");
        assert_eq!(around.near.as_ref().map(|c| c.name.as_str()), Some("Uzès"), "the page names the centre");
        let narrow = list(&app, "filter[q]=diable&filter[place][commune]=30334&filter[radius_km]=5").await;
        assert!(narrow.items.is_empty(), "Nîmes is farther than 5 km");
        // A day: posts published on or after it.
        let since = app::model::time::paris_date(app::db::now() - chrono::Duration::days(10)).format("%Y-%m-%d").to_string();
        let html = body_text(app.get(&format!("/partage?q=diable&commune=30334&rayon=30&depuis={since}&tri=distance")).await).await;
        assert!(html.contains(&format!("/partage/{nimes}")) && !html.contains(&format!("/partage/{old}")) && !html.contains(&format!("/partage/{far}")));
        assert!(html.contains(&format!(r#"value="{since}""#)), "the date field keeps the day");
        assert!(html.contains(r#"<option value="30" selected"#), "the radius is shown chosen");
        // Several categories: one checkbox each, the chosen ones ticked.
        let html = body_text(app.get("/partage?categorie=vehicule&categorie=local").await).await;
        assert!(html.contains(r#"value="vehicule" checked"#) && html.contains(r#"value="local" checked"#), "both ticked");
        assert!(!html.contains(r#"value="materiel" checked"#));
        app.finish().await;
    })
}

fn km_of(data: &ShareData, id: i64) -> f64 {
    data.distances_km[data.items.iter().position(|p| p.id == id).unwrap()].unwrap()
}
