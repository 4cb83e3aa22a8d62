//! Many people writing at the same moment, through the real router: no write may fail
//! because another one committed first (on SQLite a deferred transaction that read and
//! then wrote got « database is locked », code 517), and every acknowledged write is in
//! the database afterwards. The last-responsable rule holds under simultaneous removals.

use futures_util::future::join_all;

use crate::helpers::{TestApp, call, login_cookie, responsable_of_new_structure, urlencode};

const PW: &str = "partage-demo-2026";
const CLIENTS: usize = 16;
const WRITES: usize = 25;

fn post_form(structure: i64, title: &str) -> String {
    format!(
        "form[author]=structure:{structure}&form[kind]=need&form[category]=vehicule&form[title]={}&form[description]={}&intent=publish",
        urlencode(title),
        urlencode("Pour une distribution alimentaire samedi matin, avec chauffeur si possible.")
    )
}

fn structure_form(id: i64, name: &str, commune: &str, description: &str) -> String {
    format!(
        "structure_id={id}&form[name]={}&form[kind]=association&form[description]={}&form[commune]={}&form[address]=&form[email]=&form[phone]=&form[website]=&form[rna]=&form[siret]=",
        urlencode(name),
        urlencode(description),
        urlencode(commune)
    )
}

/// What one client did and was told: each acknowledged write, to look for afterwards.
#[derive(Default, Debug)]
struct Done {
    posts: Vec<String>,
    responses: Vec<i64>,
    messages: Vec<(i64, String)>,
    reports: Vec<i64>,
    description: Option<String>,
    joined: Option<bool>,
    errors: Vec<String>,
}

#[test]
fn sixteen_people_writing_at_once_all_succeed_and_every_acknowledged_write_is_kept() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        // Posts everyone may respond to and report (demo posts of demo structures), and a
        // mission with room for all.
        let targets: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM posts WHERE status = 'published' AND hidden = FALSE AND structure_id IS NOT NULL
             AND (expires_at IS NULL OR expires_at > $1) ORDER BY id LIMIT 10",
        )
        .bind(chrono::Utc::now())
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(targets.len(), 10, "the demo data has ten open posts to answer");
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let member_structure: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let day = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).format("%Y-%m-%d").to_string();
        let mission = format!(
            "form[author]=structure:{member_structure}&form[kind]=need&form[category]=benevolat&form[title]={}&form[description]={}&form[starts_on]={day}&form[mission_time]=09:00&form[volunteers_needed]=100&intent=publish",
            urlencode("Trier les dons de la semaine"),
            urlencode("Trier et ranger les dons reçus, dans la bonne humeur.")
        );
        let (status, body) = call(&app, "save_post", Some(&member), &mission).await;
        assert_eq!(status, 200, "{body}");
        let mission: i64 = body.trim().parse().unwrap();
        let commune: String = sqlx::query_scalar(
            "SELECT c.name || ' (' || (SELECT MIN(postcode) FROM commune_postcodes cp WHERE cp.insee = c.insee) || ')'
             FROM structures s JOIN communes c ON c.insee = s.insee WHERE s.insee IS NOT NULL ORDER BY s.id LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();

        let mut clients = Vec::new();
        for i in 0..CLIENTS {
            let (email, structure) = responsable_of_new_structure(&app.db.pool, i).await;
            clients.push((i, login_cookie(&app, &email, PW).await, structure));
        }

        let runs = clients.iter().map(|(i, cookie, structure)| {
            let (app, targets, commune) = (&app, &targets, &commune);
            async move {
                let mut done = Done::default();
                let mut check = |what: &str, (status, body): (u16, String)| -> Option<String> {
                    if status == 200 {
                        Some(body)
                    } else {
                        done.errors.push(format!("{what}: {status} {body}"));
                        None
                    }
                };
                let (mut responses, mut reports, mut joined) = (Vec::new(), Vec::new(), None);
                let (mut posts, mut messages, mut description) = (Vec::new(), Vec::new(), None);
                for k in 0..WRITES {
                    let round = k / 5;
                    match k % 5 {
                        0 => {
                            let title = format!("Camion pour la tournée {i}-{round}");
                            if check("publish", call(app, "save_post", Some(cookie), &post_form(*structure, &title)).await).is_some() {
                                posts.push(title);
                            }
                        }
                        1 => {
                            let target = targets[(i + round) % targets.len()];
                            let form = format!("post_id={target}&message={}&reply_as=moi", urlencode("Je peux aider samedi matin."));
                            if let Some(body) = check("response", call(app, "reply_to_post", Some(cookie), &form).await) {
                                responses.push(body.trim().parse::<i64>().unwrap());
                            }
                        }
                        2 => {
                            if let Some(&rid) = responses.last() {
                                let text = format!("Précision {i}-{round} : j’arrive à 9 h.");
                                let form = format!("response_id={rid}&body={}", urlencode(&text));
                                if check("message", call(app, "send_message", Some(cookie), &form).await).is_some() {
                                    messages.push((rid, text));
                                }
                            }
                        }
                        3 => {
                            let action = if round % 2 == 0 { "join" } else { "leave" };
                            let form = format!("post_id={mission}&action={action}");
                            if check("volunteer", call(app, "volunteer", Some(cookie), &form).await).is_some() {
                                joined = Some(action == "join");
                            }
                        }
                        _ if round % 2 == 0 => {
                            let target = targets[(i + round + 5) % targets.len()];
                            let form = format!("target_kind=post&target_id={target}&reason={}", urlencode("Annonce en double, à vérifier."));
                            if check("report", call(app, "report", Some(cookie), &form).await).is_some() {
                                reports.push(target);
                            }
                        }
                        _ => {
                            let text = format!("Nouvelle présentation {i}-{round} : tournées solidaires le samedi.");
                            let form = structure_form(*structure, &format!("Collectif simultané {i}"), commune, &text);
                            if check("structure", call(app, "update_structure", Some(cookie), &form).await).is_some() {
                                description = Some(text);
                            }
                        }
                    }
                }
                Done { posts, responses, messages, reports, description, joined, errors: done.errors }
            }
        });
        let results: Vec<Done> = join_all(runs).await;

        let errors: Vec<&String> = results.iter().flat_map(|d| &d.errors).collect();
        assert!(errors.is_empty(), "{} writes failed: {errors:#?}", errors.len());
        for ((_, _, structure), d) in clients.iter().zip(&results) {
            assert_eq!(d.posts.len(), 5, "{d:?}");
            for title in &d.posts {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE title = $1 AND structure_id = $2 AND status = 'published'")
                    .bind(title)
                    .bind(structure)
                    .fetch_one(pool)
                    .await
                    .unwrap();
                assert_eq!(n, 1, "{title}");
            }
            assert_eq!(d.responses.len(), 5, "{d:?}");
            for rid in &d.responses {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE id = $1").bind(rid).fetch_one(pool).await.unwrap();
                assert_eq!(n, 1);
            }
            assert_eq!(d.messages.len(), 5, "{d:?}");
            for (rid, text) in &d.messages {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM response_messages WHERE response_id = $1 AND body = $2")
                    .bind(rid)
                    .bind(text)
                    .fetch_one(pool)
                    .await
                    .unwrap();
                assert_eq!(n, 1, "{text}");
            }
            assert_eq!(d.reports.len(), 3, "{d:?}");
            let description: String = sqlx::query_scalar("SELECT description FROM structures WHERE id = $1").bind(structure).fetch_one(pool).await.unwrap();
            assert_eq!(Some(description), d.description.clone());
            assert_eq!(d.joined, Some(true), "five sign-ups and withdrawals end signed up");
        }
        let volunteers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM participations WHERE post_id = $1 AND status = 'confirmed'")
            .bind(mission)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(volunteers, CLIENTS as i64);
        let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE reporter_id IN (SELECT id FROM users WHERE email LIKE 'charge%')")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(reports, (CLIENTS * 3) as i64);
        app.finish().await;
    })
}

/// Two responsables of one structure step down at the same moment, each removing
/// themselves: one succeeds, the other is told the structure needs a responsable, and
/// the structure keeps exactly one (under READ COMMITTED each would see the other still
/// there without the structure's row lock).
#[test]
fn two_responsables_leaving_at_once_leave_one() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        for round in 0..5 {
            let (a_email, structure) = responsable_of_new_structure(&app.db.pool, 100 + round).await;
            let (b_email, other) = responsable_of_new_structure(&app.db.pool, 200 + round).await;
            // b becomes the second responsable of a's structure.
            let b: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&b_email).fetch_one(pool).await.unwrap();
            let mut tx = app::db::begin_write(pool).await.unwrap();
            app::db::structures::insert_membership(&mut tx, b, structure, app::model::MemberRole::Admin, app::model::MembershipStatus::Active)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            let _ = other;
            let (ca, cb) = (login_cookie(&app, &a_email, PW).await, login_cookie(&app, &b_email, PW).await);
            let leave = format!("structure_id={structure}&action=leave");
            let (ra, rb) = tokio::join!(call(&app, "answer_membership", Some(&ca), &leave), call(&app, "answer_membership", Some(&cb), &leave));
            let oks = [&ra, &rb].iter().filter(|r| r.0 == 200).count();
            assert_eq!(oks, 1, "{ra:?} {rb:?}");
            let refused = if ra.0 == 200 { &rb } else { &ra };
            assert_eq!(refused.0, 400, "{refused:?}");
            assert!(refused.1.contains("au moins un responsable"), "{refused:?}");
            let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE structure_id = $1 AND role = 'admin' AND status = 'active'")
                .bind(structure)
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(admins, 1);
        }
        app.finish().await;
    })
}

/// Deleting one's account keeps the same rule: the last responsable of a structure is
/// told to appoint another first, and nothing is deleted.
#[test]
fn the_last_responsable_cannot_delete_their_account_before_appointing_another() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (email, structure) = responsable_of_new_structure(&app.db.pool, 300).await;
        let cookie = login_cookie(&app, &email, PW).await;
        let (status, body) = call(&app, "delete_account", Some(&cookie), &format!("password={PW}&posts=anonymise")).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("dernier responsable") && body.contains("Collectif simultané 300"), "{body}");
        let live: String = sqlx::query_scalar("SELECT status FROM users WHERE email = $1").bind(&email).fetch_one(pool).await.unwrap();
        assert_eq!(live, "active");
        // With a second responsable, the account goes and the structure keeps one.
        let (other_email, _) = responsable_of_new_structure(&app.db.pool, 301).await;
        let other: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&other_email).fetch_one(pool).await.unwrap();
        let mut tx = app::db::begin_write(pool).await.unwrap();
        app::db::structures::insert_membership(&mut tx, other, structure, app::model::MemberRole::Admin, app::model::MembershipStatus::Active)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (status, body) = call(&app, "delete_account", Some(&cookie), &format!("password={PW}&posts=anonymise")).await;
        assert_eq!(status, 200, "{body}");
        let admins: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM memberships WHERE structure_id = $1 AND role = 'admin' AND status = 'active'")
            .bind(structure)
            .fetch_all(pool)
            .await
            .unwrap();
        assert_eq!(admins, vec![other]);
        app.finish().await;
    })
}

/// Every transaction of the application goes through `db::begin_write` (the write lock
/// taken at its start on SQLite): a `pool.begin()` added later would bring back the
/// « database is locked » answers under load. The synthetic data generator writes alone
/// through one connection of its own; `migrate-to` writes only to PostgreSQL.
#[test]
fn every_transaction_of_the_application_takes_the_write_lock_at_its_start() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("../app/src"), &mut files);
    assert!(files.len() > 50);
    let allowed = ["db/backend/postgres.rs", "generate.rs", "migrate_to.rs"];
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.ends_with(a)))
        .filter(|f| std::fs::read_to_string(f).unwrap().contains(".begin().await"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "use app::db::begin_write: {offenders:?}");
}

/// Two instances on one database (each its own in-memory limiters, as two processes): the
/// per-account budget is one budget, the per-address ones are each instance's; the table
/// keeps digests, not accounts, and forgets recovered keys.
#[test]
fn per_account_limits_hold_across_instances() {
    use app::auth::throttle::Limit;
    crate::helpers::run(async {
        let db = app::db::testing::TestDb::new().await;
        let one = crate::helpers::state(&db, "target/site", true);
        let two = crate::helpers::second_instance(&db, "target/site").await;
        for i in 0..30 {
            let st = if i % 2 == 0 { &one } else { &two };
            st.throttles.check(&st.pool, Limit::Publish, "post:7").await.unwrap_or_else(|e| panic!("write {i}: {}", e.message));
        }
        for st in [&one, &two] {
            let refused = st.throttles.check(&st.pool, Limit::Publish, "post:7").await.unwrap_err();
            assert_eq!(refused.status(), 429);
            assert!(refused.message.contains("2 minutes"), "{}", refused.message);
        }
        two.throttles.check(&two.pool, Limit::Publish, "post:8").await.expect("another account has its own budget");
        let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM rate_limits").fetch_all(&db.pool).await.unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(|k| k.len() == 32 && !k.contains("post")), "{keys:?}");
        for _ in 0..10 {
            one.throttles.check(&one.pool, Limit::SignUpPerIp, "192.0.2.7").await.unwrap();
        }
        assert_eq!(one.throttles.check(&one.pool, Limit::SignUpPerIp, "192.0.2.7").await.unwrap_err().status(), 429);
        two.throttles.check(&two.pool, Limit::SignUpPerIp, "192.0.2.7").await.expect("per-address limits are each instance's");
        let later = chrono::Utc::now().timestamp_millis() + 2 * 3_600_000;
        assert_eq!(app::db::rate_limits::forget_recovered(&db.pool, later).await.unwrap(), 2);
        db.drop_db().await;
    })
}

/// A background job's run is claimed once per period, whoever asks.
#[test]
fn a_job_run_is_claimed_once_per_period() {
    use std::time::Duration;
    crate::helpers::run(async {
        let db = app::db::testing::TestDb::new().await;
        let t0 = app::db::now();
        let every = Duration::from_secs(60);
        let claims = join_all((0..8).map(|_| app::db::jobs::claim(&db.pool, "essai", every, t0))).await;
        assert_eq!(claims.into_iter().filter(|c| *c.as_ref().unwrap()).count(), 1);
        assert!(!app::db::jobs::claim(&db.pool, "essai", every, t0 + chrono::Duration::seconds(59)).await.unwrap());
        assert!(app::db::jobs::claim(&db.pool, "essai", every, t0 + chrono::Duration::seconds(60)).await.unwrap());
        assert_eq!(app::db::jobs::runs(&db.pool, "essai").await.unwrap(), 2);
        db.drop_db().await;
    })
}
