//! Alertes: a saved list filter, mailed at 07:00 (Paris) with its new posts, one mail per
//! person for all their alerts, never an empty one, once with two instances; stopped by
//! the link of the mail.

use chrono::{DateTime, Utc};

use crate::exchanges::{created_id, member_structure, need_form};
use crate::helpers::{TestApp, body_text, call, login_cookie, signer, urlencode};
use crate::smtp::{Mode, Sink, mailer};

const PW: &str = "partage-demo-2026";

/// One pass of the alerts' sender at `now`, as an instance's background job runs it.
async fn run_at(st: &app::state::AppState, now: DateTime<Utc>) -> usize {
    app::mail::alerts::run(st, &signer(), now).await.unwrap()
}

async fn mails_to(app: &TestApp, email: &str) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT subject, body, unsubscribe_url FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(email)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

#[test]
fn an_alert_mails_the_new_matching_posts_once_in_one_mail_and_stops_from_the_mail() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let st = crate::helpers::state(&app.db, app.site_root.to_str().unwrap(), true);
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let member = login_cookie(&app, "membre@example.org", PW).await;

        // The form of the page says what the alert will be, in words.
        let page = body_text(
            app.send(
                axum::http::Request::get(format!("/compte/alertes?nouvelle={}", urlencode("type=besoin&categorie=vehicule")))
                    .header(axum::http::header::COOKIE, &camille)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await,
        )
        .await;
        assert!(page.contains("Besoins, Véhicule"), "{page}");

        // Two alerts: vehicle needs (daily), and a word nobody uses (weekly).
        let (status, body) = call(&app, "create_alert", Some(&camille), &format!("query={}&frequency=daily", urlencode("type=besoin&categorie=vehicule&page=3&tri=urgence"))).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = call(&app, "create_alert", Some(&camille), &format!("query={}&frequency=weekly", urlencode("q=zzyzx"))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(call(&app, "create_alert", Some(&camille), "query=&frequency=souvent").await.0, 400);
        assert_eq!(call(&app, "create_alert", None, "query=&frequency=daily").await.0, 401);
        let stored: Vec<String> = sqlx::query_scalar("SELECT query FROM alerts a JOIN users u ON u.id = a.user_id WHERE u.email = 'camille@example.org' ORDER BY a.id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(stored, vec!["type=besoin&categorie=vehicule".to_string(), "q=zzyzx".to_string()], "canonical, without page or order");

        // A matching need and a non-matching offer are published.
        let author = member_structure(&app).await;
        let (status, body) = call(&app, "save_post", Some(&member), &format!("{}&intent=publish", need_form(&author, "Un camion frigorifique pour la collecte", ""))).await;
        assert_eq!(status, 200, "{body}");
        let need = created_id(&body);
        let offer = need_form(&author, "Des chaises à prêter", "").replace("form[kind]=need", "form[kind]=offer");
        assert_eq!(call(&app, "save_post", Some(&member), &format!("{offer}&intent=publish")).await.0, 200);

        // Not before 07:00; then one mail, from one of two instances, naming the alert
        // and the need.
        let seven = app::model::time::next_paris_time(Utc::now(), 7);
        assert_eq!(run_at(&st, seven - chrono::Duration::seconds(1)).await, 0);
        let other = crate::helpers::second_instance(&app.db, app.site_root.to_str().unwrap()).await;
        let (a, b) = tokio::join!(run_at(&st, seven), run_at(&other, seven));
        assert_eq!(a + b, 1);
        let mails = mails_to(&app, "camille@example.org").await;
        let (subject, text, unsubscribe) = mails.last().unwrap().clone();
        assert_eq!(subject, "1 nouvelle annonce pour vos alertes — Coin du partage");
        assert!(text.contains("== Besoins, Véhicule, transport =="), "{text}");
        assert!(text.contains("Un camion frigorifique pour la collecte") && text.contains(&format!("/partage/{need}")), "{text}");
        assert!(!text.contains("Des chaises"), "{text}");
        assert!(!text.contains("zzyzx"), "an alert without news is not in the mail: {text}");
        // Sent once: the next day has nothing new, and gets no mail (never an empty one).
        let before = mails_to(&app, "camille@example.org").await.len();
        assert_eq!(run_at(&st, app::model::time::next_paris_time(seven, 7)).await, 0);
        assert_eq!(mails_to(&app, "camille@example.org").await.len(), before);

        // « Arrêter » from the mail's header: the daily alert is gone, the other stays.
        assert_eq!(crate::exchange_mails::one_click(&app, &unsubscribe.unwrap()).await.0, 200);
        let left: Vec<String> = sqlx::query_scalar("SELECT query FROM alerts a JOIN users u ON u.id = a.user_id WHERE u.email = 'camille@example.org'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(left, vec!["q=zzyzx".to_string()]);

        // Another person's alert cannot be changed or deleted by id.
        let other: i64 = sqlx::query_scalar("SELECT a.id FROM alerts a JOIN users u ON u.id = a.user_id WHERE u.email = 'camille@example.org'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(call(&app, "delete_alert", Some(&member), &format!("id={other}")).await.0, 404);
        assert_eq!(call(&app, "change_alert", Some(&member), &format!("id={other}&frequency=daily")).await.0, 404);
        assert_eq!(call(&app, "change_alert", Some(&camille), &format!("id={other}&frequency=daily")).await.0, 200);
        app.finish().await;
    })
}

/// Publishes a need titled `title` in Nîmes (~20 km from Uzès) as a demo structure, now.
async fn need_in_nimes(app: &TestApp, title: &str) -> i64 {
    need_in_nimes_with(app, title, "normal").await
}

async fn need_in_nimes_with(app: &TestApp, title: &str, urgency: &str) -> i64 {
    let pool = &app.db.pool;
    let now = app::db::now();
    let (structure, category): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM structures WHERE validation_status = 'validated'), (SELECT id FROM categories WHERE slug = 'vehicule')",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query_scalar(
        "INSERT INTO posts (kind, category_id, structure_id, title, description, insee, lat, lon, location_precision,
                            status, published_at, expires_at, created_at, updated_at, search_folded, urgency)
         SELECT 'need', $1, $2, $3, 'Pour la collecte.', insee, lat, lon, 'address', 'published', $4, $5, $4, $4, $6, $7
         FROM communes WHERE insee = '30189' RETURNING id",
    )
    .bind(category)
    .bind(structure)
    .bind(title)
    .bind(now)
    .bind(now + chrono::Duration::days(30))
    .bind(app::db::posts::search_text(title, "Pour la collecte."))
    .bind(urgency)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

async fn next_due(app: &TestApp, id: i64) -> DateTime<Utc> {
    sqlx::query_scalar("SELECT next_due_at FROM alerts WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

/// The schedule on an injected clock: 07:00 on the Paris clock across both daylight-saving
/// changes, a late start after missed mornings sending once, two instances sending once;
/// an alert around a commune lists the nearest first and can be made weekly from the mail.
#[test]
fn alerts_leave_at_seven_paris_time_across_daylight_saving_once_after_a_late_start() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let st = crate::helpers::state(&app.db, app.site_root.to_str().unwrap(), true);
        let other = crate::helpers::second_instance(&app.db, app.site_root.to_str().unwrap()).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let query = urlencode("type=besoin&commune=30334&rayon=30&q=fourgon");
        let (status, body) = call(&app, "create_alert", Some(&camille), &format!("query={query}&frequency=daily")).await;
        assert_eq!(status, 200, "{body}");
        let id: i64 = body.trim().parse().unwrap();
        // Due on the Saturday before summer time (2027-03-28): 07:00 CET is 06:00 UTC.
        sqlx::query("UPDATE alerts SET next_due_at = $2 WHERE id = $1").bind(id).bind(utc(2027, 3, 27, 6, 0)).execute(&app.db.pool).await.unwrap();

        let first = need_in_nimes(&app, "Un fourgon pour la collecte").await;
        assert_eq!(run_at(&st, utc(2027, 3, 27, 5, 59)).await, 0);
        let (a, b) = tokio::join!(run_at(&st, utc(2027, 3, 27, 6, 0)), run_at(&other, utc(2027, 3, 27, 6, 0)));
        assert_eq!(a + b, 1, "two instances, one mail");
        // Sunday is summer time: 07:00 CEST is 05:00 UTC.
        assert_eq!(next_due(&app, id).await, utc(2027, 3, 28, 5, 0));
        let mails = mails_to(&app, "camille@example.org").await;
        let (_, text, _) = mails.last().unwrap();
        assert!(text.contains("== Besoins, à moins de 30 km d’Uzès, « fourgon » =="), "{text}");
        assert!(text.contains(&format!("/partage/{first}")));
        // « Passer en hebdomadaire » is a signed link of its own.
        let weekly = text.lines().find_map(|l| l.strip_prefix("Passer en hebdomadaire : ")).expect("the weekly link").to_string();

        let second = need_in_nimes(&app, "Un autre fourgon").await;
        assert_eq!(run_at(&st, utc(2027, 3, 28, 4, 59)).await, 0);
        assert_eq!(run_at(&st, utc(2027, 3, 28, 5, 0)).await, 1);
        let (_, text, _) = mails_to(&app, "camille@example.org").await.pop().unwrap();
        assert!(text.contains(&format!("/partage/{second}")) && !text.contains(&format!("/partage/{first}")), "only what is new: {text}");

        // Down from Monday to Tuesday 11:00: one late mail, then the next morning.
        let third = need_in_nimes(&app, "Encore un fourgon").await;
        let (a, b) = tokio::join!(run_at(&st, utc(2027, 3, 30, 9, 0)), run_at(&other, utc(2027, 3, 30, 9, 0)));
        assert_eq!(a + b, 1, "the missed mornings make one mail");
        assert_eq!(next_due(&app, id).await, utc(2027, 3, 31, 5, 0));
        assert!(mails_to(&app, "camille@example.org").await.pop().unwrap().1.contains(&format!("/partage/{third}")));
        assert_eq!(run_at(&st, utc(2027, 3, 30, 12, 0)).await, 0);

        // Back to winter time (2027-10-31): Saturday 07:00 CEST, then Sunday 07:00 CET.
        sqlx::query("UPDATE alerts SET next_due_at = $2 WHERE id = $1").bind(id).bind(utc(2027, 10, 30, 5, 0)).execute(&app.db.pool).await.unwrap();
        need_in_nimes(&app, "Un fourgon en automne").await;
        assert_eq!(run_at(&st, utc(2027, 10, 30, 5, 0)).await, 1);
        assert_eq!(next_due(&app, id).await, utc(2027, 10, 31, 6, 0), "the 25-hour day is one day");
        need_in_nimes(&app, "Un dernier fourgon").await;
        assert_eq!(run_at(&st, utc(2027, 10, 31, 5, 30)).await, 0);
        assert_eq!(run_at(&st, utc(2027, 10, 31, 6, 0)).await, 1);

        // The weekly link: its page asks, its POST (no session) changes the frequency.
        let path = weekly.strip_prefix("http://127.0.0.1:3000").unwrap();
        let page = body_text(app.get(path).await).await;
        assert!(page.contains("une fois par semaine") && page.contains("à moins de 30 km d’Uzès"), "{page}");
        let res = app
            .send(
                axum::http::Request::post(path)
                    .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status().as_u16(), 303);
        let frequency: String = sqlx::query_scalar("SELECT frequency FROM alerts WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(frequency, "weekly");
        let due = next_due(&app, id).await;
        use chrono::Datelike;
        assert_eq!(app::model::time::paris_local(due).weekday(), chrono::Weekday::Mon);
        app.finish().await;
    })
}

/// « Tout de suite » for urgent needs: one mail per matching need, from one of two
/// instances, once; the need is then left out of the summary, the others stay in it.
#[test]
fn an_urgent_need_is_mailed_at_once_once_and_not_again_in_the_summary() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let st = crate::helpers::state(&app.db, app.site_root.to_str().unwrap(), true);
        let other = crate::helpers::second_instance(&app.db, app.site_root.to_str().unwrap()).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let query = urlencode("type=besoin&commune=30334&rayon=30");
        let (status, body) = call(&app, "create_alert", Some(&camille), &format!("query={query}&frequency=daily&urgent=oui")).await;
        assert_eq!(status, 200, "{body}");
        let before = mails_to(&app, "camille@example.org").await.len();
        let now = Utc::now() + chrono::Duration::seconds(1);
        let urgent = need_in_nimes_with(&app, "Une camionnette pour ce soir", "high").await;
        let calm = need_in_nimes(&app, "Une camionnette le mois prochain").await;
        let key = signer();
        let (a, b) = tokio::join!(app::mail::alerts::run_urgent(&st, &key, now), app::mail::alerts::run_urgent(&other, &key, now));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "one mail, from one instance");
        assert_eq!(app::mail::alerts::run_urgent(&st, &key, now).await.unwrap(), 0, "matched once");
        let mails = mails_to(&app, "camille@example.org").await;
        assert_eq!(mails.len(), before + 1);
        let (subject, text, unsubscribe) = mails.last().unwrap();
        assert_eq!(subject, "Besoin urgent : « Une camionnette pour ce soir » — Coin du partage");
        assert!(text.contains("« Besoins, à moins de 30 km d’Uzès »") && text.contains(&format!("/partage/{urgent}")), "{text}");
        assert!(unsubscribe.is_some(), "List-Unsubscribe on an alert mail");

        // The summary has the other need only.
        let seven = app::model::time::next_paris_time(Utc::now(), 7);
        assert_eq!(run_at(&st, seven).await, 1);
        let (_, text, _) = mails_to(&app, "camille@example.org").await.pop().unwrap();
        assert!(text.contains(&format!("/partage/{calm}")) && !text.contains(&format!("/partage/{urgent}")), "{text}");

        // Without « tout de suite », an urgent need waits for the summary like any other.
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let (status, body) = call(&app, "create_alert", Some(&member), &format!("query={query}&frequency=daily")).await;
        assert_eq!(status, 200, "{body}");
        need_in_nimes_with(&app, "Un fourgon, vite", "high").await;
        assert_eq!(app::mail::alerts::run_urgent(&st, &key, Utc::now() + chrono::Duration::seconds(1)).await.unwrap(), 1, "camille's alert only");
        app.finish().await;
    })
}

/// The alerts' matching in memory (the index, and testing every alert) keeps exactly the
/// posts the list's search keeps for the same filter, on generated data.
#[test]
fn alert_matching_agrees_with_the_list_search() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_communes().await;
        server::generate::generate(&db.pool, &server::generate::GenerateOptions::for_posts(2_000, 3)).await.unwrap();
        let pool = &db.pool;
        let st = crate::helpers::state(&db, "target/site", false);
        let (busiest, departement): (String, String) = sqlx::query_as(
            "SELECT p.insee, co.departement FROM posts p JOIN communes co ON co.insee = p.insee GROUP BY p.insee, co.departement ORDER BY COUNT(*) DESC, p.insee LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let territory: i64 = sqlx::query_scalar("INSERT INTO territories (slug, name, created_at) VALUES ('essai', 'Réseau d’essai', $1) RETURNING id")
            .bind(app::db::now())
            .fetch_one(pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO territory_communes (territory_id, insee) VALUES ($1, $2)").bind(territory).bind(&busiest).execute(pool).await.unwrap();
        sqlx::query("INSERT INTO territory_structures (territory_id, structure_id) SELECT $1, MIN(id) FROM structures WHERE validation_status = 'validated'")
            .bind(territory)
            .execute(pool)
            .await
            .unwrap();
        let queries = vec![
            String::new(),
            "type=besoin".into(),
            "type=ressource&categorie=materiel&categorie=vehicule".into(),
            format!("commune={busiest}"),
            format!("commune={busiest}&rayon=25&type=besoin"),
            format!("commune={busiest}&rayon=100&q=de"),
            format!("departement={departement}&q=benev"),
            "q=de+benev".into(),
            "q=a".into(),
            "reseau=essai".into(),
            "reseau=essai&categorie=benevolat".into(),
        ];
        let alerts: Vec<app::db::alerts::DueAlert> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| app::db::alerts::DueAlert {
                id: i as i64,
                owner: app::db::alerts::Owner::User(1),
                query: q.clone(),
                frequency: app::model::AlertFrequency::Daily,
                urgent_now: false,
                sent_until: Utc::now(),
                since: Utc::now(),
            })
            .collect();
        let (index, _) = app::mail::alerts::index_of(pool, &alerts).await.unwrap();
        let networks = app::mail::alerts::networks(pool).await.unwrap();
        let posts: Vec<_> = app::db::alerts::published_after(pool, DateTime::UNIX_EPOCH, 100_000)
            .await
            .unwrap()
            .into_iter()
            .map(app::mail::alerts::facts)
            .collect();
        let mut by_index = vec![Vec::new(); queries.len()];
        let mut naive = vec![Vec::new(); queries.len()];
        for p in &posts {
            for id in index.matching(p, &networks) {
                by_index[id as usize].push(p.id);
            }
            for id in index.matching_naively(p, &networks) {
                naive[id as usize].push(p.id);
            }
        }
        for (i, q) in queries.iter().enumerate() {
            let f = app::model::PostFilter::from_params(&app::model::Params::parse(q), app::model::Grammar::LIST);
            let s = app::search::PostSearch { limit: 100_000, ..app::search::of_filter(pool, &f, None).await.unwrap() };
            let ranked = app::search::rank(&st, &s, 0, 100_000).await.unwrap();
            let mut want: Vec<i64> = ranked.posts.iter().map(|p| p.id).collect();
            want.sort_unstable();
            let mut got = by_index[i].clone();
            got.sort_unstable();
            naive[i].sort_unstable();
            assert!(!want.is_empty(), "{q}: the data set has matches");
            assert_eq!(got, want, "{q}: the index keeps what the list keeps");
            assert_eq!(naive[i], want, "{q}: testing every alert too");
        }
        db.drop_db().await;
    })
}

/// A visitor's alert: an address is enough, confirmed by the link mailed to it before
/// anything is sent; the same answer for any address; one confirmation mail a day per
/// address; a per-IP limit; stopped from the mail; forgotten when never confirmed.
#[test]
fn a_visitor_confirms_an_alert_by_mail_before_anything_is_sent() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let st = crate::helpers::state(&app.db, app.site_root.to_str().unwrap(), true);
        let pool = &app.db.pool;
        let page = body_text(app.get(&format!("/compte/alertes?nouvelle={}", urlencode("type=besoin&commune=30334&rayon=30"))).await).await;
        assert!(page.contains(r#"name="email""#) && page.contains("Besoins, à moins de 30 km d’Uzès"), "a form with the filter in words");

        let ask = |email: &str, query: &str| format!("email={}&query={}&frequency=daily", urlencode(email), urlencode(query));
        let (status, body) = call(&app, "subscribe_alert", None, &ask("pas-une-adresse", "type=besoin")).await;
        assert_eq!(status, 400);
        assert!(body.contains("Adresse e-mail invalide"), "{body}");
        let (status, new_address) = call(&app, "subscribe_alert", None, &ask("Visiteur@Example.net", "type=besoin&commune=30334&rayon=30")).await;
        assert_eq!(status, 200, "{new_address}");
        let (status, again) = call(&app, "subscribe_alert", None, &ask("visiteur@example.net", "q=fourgon")).await;
        assert_eq!((status, &again), (200, &new_address));
        let (status, account) = call(&app, "subscribe_alert", None, &ask("camille@example.org", "q=fourgon")).await;
        assert_eq!((status, &account), (200, &new_address), "the same answer for an account's address");
        let confirmations = mails_to(&app, "visiteur@example.net").await;
        assert_eq!(confirmations.len(), 1, "one confirmation mail a day per address");
        let (subject, text, unsubscribe) = &confirmations[0];
        assert_eq!(subject, "Confirmez votre alerte — Coin du partage");
        assert!(unsubscribe.is_none(), "an account-like mail: no unsubscribe");
        let link = text.lines().find(|l| l.contains("/alertes/confirmer/")).expect("the link").trim().to_string();
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE confirmed_at IS NULL").fetch_one(pool).await.unwrap();
        assert_eq!(pending, 3);

        // Nothing before the confirmation.
        let need = need_in_nimes(&app, "Un fourgon pour la tournée").await;
        let seven = app::model::time::next_paris_time(Utc::now(), 7);
        run_at(&st, seven).await;
        assert_eq!(mails_to(&app, "visiteur@example.net").await.len(), 1);

        // The link's page asks (a GET changes nothing); the POST confirms both alerts, once.
        let path = link.strip_prefix("http://127.0.0.1:3000").unwrap();
        let page = body_text(app.get(path).await).await;
        assert!(page.contains("Confirmer"), "{page}");
        let token = path.strip_prefix("/alertes/confirmer/").unwrap();
        assert_eq!(call(&app, "confirm_alert", None, &format!("token={token}")).await, (200, "2".to_string()));
        assert_eq!(call(&app, "confirm_alert", None, &format!("token={token}")).await, (200, "0".to_string()));
        assert_eq!(call(&app, "confirm_alert", None, "token=abc.def").await, (200, "null".to_string()));

        // From then on, new posts are mailed; « arrêter » from the header forgets it all.
        let next = need_in_nimes(&app, "Un fourgon pour la tournée de jeudi").await;
        assert_eq!(run_at(&st, app::model::time::next_paris_time(seven, 7)).await, 1);
        let (_, text, unsubscribe) = mails_to(&app, "visiteur@example.net").await.pop().unwrap();
        assert!(text.starts_with("Bonjour,"), "{text}");
        assert!(text.contains(&format!("/partage/{next}")) && !text.contains(&format!("/partage/{need}")), "{text}");
        assert!(!text.contains("/compte/alertes"), "a visitor has no account page");
        assert!(text.contains("Passer en hebdomadaire : "), "{text}");
        let unsubscribe = unsubscribe.unwrap();
        // Through a real SMTP conversation: the confirmation is an account-like mail, the
        // alert mail carries both RFC 8058 headers.
        let sink = Sink::start(Mode::Accept).await;
        mailer(sink.addr.port()).deliver_due(pool).await.unwrap();
        let received: Vec<_> = sink.mails().into_iter().filter(|m| m.to == vec!["visiteur@example.net".to_string()]).collect();
        assert_eq!(received.len(), 2, "the confirmation and the alert mail");
        assert!(received.iter().any(|m| !m.data.contains("List-Unsubscribe") && m.data.contains("/alertes/confirmer/")));
        let alert = received.iter().find(|m| m.data.contains("List-Unsubscribe-Post")).expect("the alert mail");
        let (headers, _) = crate::smtp::parse(&alert.data);
        assert_eq!(crate::smtp::header(&headers, "list-unsubscribe").unwrap(), format!("<{unsubscribe}>"));
        assert!(crate::smtp::header(&headers, "content-type").unwrap().starts_with("multipart/alternative"));
        assert_eq!(crate::exchange_mails::one_click(&app, &unsubscribe).await.0, 200);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alert_subscribers WHERE email = 'visiteur@example.net'").fetch_one(pool).await.unwrap();
        assert_eq!(left, 0, "no alert left: the address is forgotten");

        // An address the SMTP server refuses for good gets no more alerts.
        let mut tx = pool.begin().await.unwrap();
        let (refused, _) = app::db::alerts::subscriber(&mut tx, "refuse@example.net", app::db::now()).await.unwrap();
        app::db::outbox::enqueue_optional(
            &mut tx,
            &app::db::outbox::Optional { user_id: None, recipient: "refuse@example.net", subject: "Alerte", text: "Bonjour,", html: "<p>Bonjour,</p>", unsubscribe_url: "http://127.0.0.1:3000/desabonnement/x" },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let refusing = Sink::start(Mode::Refuse).await;
        mailer(refusing.addr.port()).deliver_due(pool).await.unwrap();
        let suspended: bool = sqlx::query_scalar("SELECT mails_suspended_at IS NOT NULL FROM alert_subscribers WHERE id = $1").bind(refused).fetch_one(pool).await.unwrap();
        assert!(suspended, "a 5xx at submission suspends the visitor's address");
        sqlx::query("DELETE FROM alert_subscribers WHERE id = $1").bind(refused).execute(pool).await.unwrap();

        // Never confirmed: gone after 7 days.
        let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts a JOIN alert_subscribers s ON s.id = a.subscriber_id WHERE s.email = 'camille@example.org'")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(waiting, 1);
        assert_eq!(app::mail::visitors::forget_unconfirmed(pool, Utc::now() + chrono::Duration::days(6)).await.unwrap(), 0);
        assert_eq!(app::mail::visitors::forget_unconfirmed(pool, Utc::now() + chrono::Duration::days(8)).await.unwrap(), 1);
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alert_subscribers").fetch_one(pool).await.unwrap();
        assert_eq!(kept, 0);

        // A few requests an hour from one IP address.
        let mut refused = None;
        for i in 0..12 {
            let (status, body) = call(&app, "subscribe_alert", None, &ask(&format!("v{i}@example.net"), "type=besoin")).await;
            if status == 429 {
                refused = Some(body);
                break;
            }
        }
        assert!(refused.expect("a limit per IP address").contains("Trop de"));
        app.finish().await;
    })
}
