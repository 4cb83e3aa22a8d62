use app::auth::service::{self, SignUp};
use app::db::testing::TestDb;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::{TestApp, body_text};

const URL: &str = "http://127.0.0.1:3000";

fn form(email: &str, name: &str, password: &str) -> SignUp {
    SignUp { email: email.into(), display_name: name.into(), password: password.into() }
}

async fn last_mail(db: &TestDb) -> (String, String, String) {
    sqlx::query_as("SELECT recipient, subject, body FROM outbox ORDER BY id DESC LIMIT 1").fetch_one(&db.pool).await.unwrap()
}

fn token_in(body: &str) -> String {
    body.split("jeton=").nth(1).expect("a confirmation link").chars().take_while(char::is_ascii_hexdigit).collect()
}

#[test]
fn sign_up_verify_and_log_in() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let pool = &db.pool;
        service::sign_up(pool, URL, form(" Nadia@Example.org", "Nadia", "une phrase de passe")).await.unwrap();
        // Not usable before the address is confirmed.
        let early = service::check_credentials(pool, "nadia@example.org", "une phrase de passe").await.unwrap_err();
        assert_eq!(early.status(), 403);
        let (to, subject, body) = last_mail(&db).await;
        assert_eq!(to, "nadia@example.org");
        assert!(subject.contains("Confirmez"));
        let token = token_in(&body);
        // Only a hash of the token is stored.
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1")
            .bind(&token)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(stored, 0);

        assert!(service::verify_email(pool, &token).await.unwrap());
        assert!(!service::verify_email(pool, &token).await.unwrap(), "single use");
        assert!(!service::verify_email(pool, "pas-un-jeton").await.unwrap());

        let (id, _) = service::check_credentials(pool, "NADIA@example.org", "une phrase de passe").await.unwrap();
        assert!(id > 0);
        let wrong = service::check_credentials(pool, "nadia@example.org", "mauvais mot de passe").await.unwrap_err();
        let unknown = service::check_credentials(pool, "personne@example.org", "mauvais mot de passe").await.unwrap_err();
        assert_eq!(wrong, unknown, "same answer for a wrong password and an unknown account");
        db.drop_db().await;
    })
}

#[test]
fn expired_tokens_do_not_verify() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        service::sign_up(&db.pool, URL, form("lea@example.org", "Léa", "une phrase de passe")).await.unwrap();
        let token = token_in(&last_mail(&db).await.2);
        sqlx::query("UPDATE account_tokens SET expires_at = $1").bind(app::db::now() - chrono::Duration::minutes(1)).execute(&db.pool).await.unwrap();
        assert!(!service::verify_email(&db.pool, &token).await.unwrap());
        db.drop_db().await;
    })
}

#[test]
fn signing_up_with_a_known_address_reveals_nothing() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let pool = &db.pool;
        service::sign_up(pool, URL, form("sam@example.org", "Sam", "une phrase de passe")).await.unwrap();
        let users_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await.unwrap();
        // Same Ok answer; the owner is told by e-mail instead.
        service::sign_up(pool, URL, form("SAM@example.org", "Autre", "une autre phrase")).await.unwrap();
        let users_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await.unwrap();
        assert_eq!(users_before, users_after);
        let (to, subject, body) = last_mail(&db).await;
        assert_eq!(to, "sam@example.org");
        assert!(subject.contains("Tentative"));
        assert!(!body.contains("jeton="));
        db.drop_db().await;
    })
}

#[test]
fn bad_sign_ups_name_every_bad_field_in_french() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let err = service::sign_up(&db.pool, URL, form("pas-un-email", "X", "court")).await.unwrap_err();
        assert_eq!(err.status(), 400);
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["email", "display_name", "password"]);
        assert!(err.message_for("password").unwrap().contains("12 caractères"));
        let common = service::sign_up(&db.pool, URL, form("a@example.org", "Abc", "motdepasse123")).await.unwrap_err();
        assert!(common.message_for("password").unwrap().contains("plus courants"));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await.unwrap();
        assert_eq!(n, 0, "nothing written");
        db.drop_db().await;
    })
}

fn login_request(email: &str, password: &str) -> Request<Body> {
    Request::post("/api/log_in")
        .header(header::ORIGIN, URL)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(format!("email={email}&password={password}")))
        .unwrap()
}

#[test]
fn login_sets_a_rotated_http_only_lax_session_cookie_and_logout_ends_it() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        // Demo accounts are verified; the demo password is documented.
        let res = app.send(login_request("camille%40example.org", "partage-demo-2026")).await;
        // Called as a hydrated page does (JSON): 200, the redirect is the client's to follow.
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
        assert!(cookie.starts_with("coin_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http locally");
        let session = cookie.split(';').next().unwrap().to_string();

        let me = |s: &str| {
            Request::post("/api/current_user")
                .header(header::ORIGIN, URL)
                .header(header::COOKIE, s)
                .header(header::ACCEPT, "application/json")
                .body(Body::empty())
                .unwrap()
        };
        let who = body_text(app.send(me(&session)).await).await;
        assert!(who.contains("\"display_name\":\"Camille\""), "{who}");

        // A second login gets a different session id (rotation).
        let again = app.send(login_request("camille%40example.org", "partage-demo-2026")).await;
        let second = again.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert_ne!(second, session);

        let out = app
            .send(
                Request::post("/api/log_out")
                    .header(header::ORIGIN, URL)
                    .header(header::COOKIE, &session)
                    .header(header::ACCEPT, "application/json")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(out.status(), StatusCode::OK);
        let after = body_text(app.send(me(&session)).await).await;
        assert_eq!(after, "null", "the old cookie no longer works (logout answered {})", out.status());

        let wrong = app.send(login_request("camille%40example.org", "pas-le-bon-mot-de-passe")).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert!(body_text(wrong).await.contains("incorrect"));
        app.finish().await;
    })
}

#[test]
fn brute_force_on_one_account_is_throttled_and_audited() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let mut statuses = Vec::new();
        for _ in 0..11 {
            statuses.push(app.send(login_request("camille%40example.org", "devinette-numero-x")).await.status());
        }
        assert!(statuses[..10].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
        assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS, "the eleventh attempt waits");
        let blocked = app.send(login_request("camille%40example.org", "partage-demo-2026")).await;
        assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
        assert!(body_text(blocked).await.contains("Trop de tentatives"));
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'login.throttled'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(audited, 2, "each refused attempt is audited: the eleventh and the right password");
        // Another account is not affected.
        let other = app.send(login_request("yanis%40example.org", "partage-demo-2026")).await;
        assert_eq!(other.status(), StatusCode::OK);
        app.finish().await;
    })
}

#[test]
fn password_reset_is_single_use_expiring_and_closes_every_session() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        // An open session for Camille, to be closed by the reset.
        let res = app.send(login_request("camille%40example.org", "partage-demo-2026")).await;
        let session = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();

        let mails_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(pool).await.unwrap();
        service::request_password_reset(pool, URL, "personne@example.org").await.unwrap();
        let mails_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(pool).await.unwrap();
        assert_eq!(mails_before, mails_after, "unknown address: same answer, nothing sent");

        service::request_password_reset(pool, URL, "Camille@example.org").await.unwrap();
        let (to, subject, body) = last_mail(&app.db).await;
        assert_eq!(to, "camille@example.org");
        assert!(subject.contains("mot de passe"));
        let token = token_in(&body);

        let weak = service::reset_password(pool, &token, "court").await.unwrap_err();
        assert!(weak.message_for("password").is_some());
        assert!(service::reset_password(pool, &token, "un tout nouveau secret").await.unwrap());
        assert!(!service::reset_password(pool, &token, "encore un autre secret").await.unwrap(), "single use");

        // The old password no longer works, the new one does, and the old session is closed.
        assert!(service::check_credentials(pool, "camille@example.org", "partage-demo-2026").await.is_err());
        service::check_credentials(pool, "camille@example.org", "un tout nouveau secret").await.unwrap();
        let me = app
            .send(
                Request::post("/api/current_user")
                    .header(header::ORIGIN, URL)
                    .header(header::COOKIE, &session)
                    .header(header::ACCEPT, "application/json")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(body_text(me).await, "null");

        // An expired link does nothing.
        service::request_password_reset(pool, URL, "camille@example.org").await.unwrap();
        let token = token_in(&last_mail(&app.db).await.2);
        sqlx::query("UPDATE account_tokens SET expires_at = $1 WHERE purpose = 'reset_password'")
            .bind(app::db::now() - chrono::Duration::seconds(1))
            .execute(pool)
            .await
            .unwrap();
        assert!(!service::reset_password(pool, &token, "un troisième secret").await.unwrap());
        app.finish().await;
    })
}

#[test]
fn i_can_list_and_close_my_sessions_but_not_someone_elses() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let cookie = |res: axum::http::Response<Body>| res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        let mut with_agent = login_request("camille%40example.org", "partage-demo-2026");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        with_agent.headers_mut().insert(header::USER_AGENT, firefox.parse().unwrap());
        let laptop = cookie(app.send(with_agent).await);
        let phone = cookie(app.send(login_request("camille%40example.org", "partage-demo-2026")).await);
        let yanis = cookie(app.send(login_request("yanis%40example.org", "partage-demo-2026")).await);
        let call = |endpoint: &str, cookie: &str, body: String| {
            Request::post(format!("/api/{endpoint}"))
                .header(header::ORIGIN, URL)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(body))
                .unwrap()
        };
        let list: Vec<app::model::SessionInfo> =
            serde_json::from_str(&body_text(app.send(call("my_sessions", &laptop, String::new())).await).await).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.iter().filter(|s| s.current).count(), 1);
        let page = serde_json::to_string(&list).unwrap();
        for c in [&laptop, &phone] {
            assert!(!page.contains(c.trim_start_matches("coin_session=")), "session ids never leave the server");
        }
        // A short label for each device; the raw user agent stays on the server.
        assert_eq!(list.iter().find(|s| s.current).unwrap().device, "Firefox sur Linux");
        assert_eq!(list.iter().find(|s| !s.current).unwrap().device, "Navigateur inconnu");
        assert!(!page.contains("Gecko"), "{page}");
        let other = list.iter().find(|s| !s.current).unwrap().handle.clone();

        // Yanis cannot close Camille's session with its handle.
        let res = body_text(app.send(call("revoke_session", &yanis, format!("handle={other}"))).await).await;
        assert_eq!(res, "false");
        // Camille can; the phone is then signed out.
        let res = body_text(app.send(call("revoke_session", &laptop, format!("handle={other}"))).await).await;
        assert_eq!(res, "true");
        assert_eq!(body_text(app.send(call("current_user", &phone, String::new())).await).await, "null");
        assert_ne!(body_text(app.send(call("current_user", &laptop, String::new())).await).await, "null");
        app.finish().await;
    })
}

#[test]
fn a_login_checked_before_a_reset_cannot_open_a_session_after_it() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_demo().await;
        let pool = &db.pool;
        let (id, old_hash) = service::check_credentials(pool, "yanis@example.org", "partage-demo-2026").await.unwrap();
        // Meanwhile the owner resets the password.
        service::request_password_reset(pool, URL, "yanis@example.org").await.unwrap();
        let token = token_in(&last_mail(&db).await.2);
        assert!(service::reset_password(pool, &token, "un secret tout neuf").await.unwrap());
        assert!(!app::db::users::record_session(pool, "session-en-retard", id, &old_hash, "test").await.unwrap());
        let listed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_sessions WHERE user_id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert_eq!(listed, 0);
        db.drop_db().await;
    })
}

#[test]
fn the_outbox_is_whole_on_dev_instances_redacted_for_admins_and_closed_to_others() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_demo().await;
        let pool = &db.pool;
        service::request_password_reset(pool, URL, "camille@example.org").await.unwrap();
        let token = token_in(&last_mail(&db).await.2);
        let user = |email: &str| {
            let email = email.to_string();
            async move {
                sqlx::query_as::<_, app::model::SessionUser>(
                    "SELECT id, display_name, email, is_instance_admin FROM users WHERE email = $1",
                )
                .bind(email)
                .fetch_one(pool)
                .await
                .unwrap()
            }
        };
        let (admin, citizen) = (user("admin@example.org").await, user("yanis@example.org").await);

        let dev = service::outbox_for(pool, true, None).await.unwrap();
        assert!(dev[0].body.contains(&token));
        let for_admin = service::outbox_for(pool, false, Some(&admin)).await.unwrap();
        assert!(!for_admin[0].body.contains(&token), "an admin never gets a usable link");
        assert!(for_admin[0].body.contains("jeton=…"));
        assert_eq!(service::outbox_for(pool, false, Some(&citizen)).await.unwrap_err().status(), 404);
        assert_eq!(service::outbox_for(pool, false, None).await.unwrap_err().status(), 404);
        db.drop_db().await;
    })
}

/// The real router behind a trusted reverse proxy (10.0.0.1): per-IP limits count the
/// client named in `X-Forwarded-For`, not the proxy, and ignore what the client forged.
#[test]
fn behind_a_trusted_proxy_limits_count_each_client() {
    crate::helpers::run(async {
        use std::sync::Arc;

        use axum::extract::connect_info::MockConnectInfo;
        use tower::ServiceExt;

        let db = TestDb::new().await;
        let mut state = crate::helpers::state(&db, "target/site", false);
        state.site = Arc::new(app::state::SiteConfig {
            trusted_proxies: app::net::TrustedProxies::parse("10.0.0.0/8").unwrap(),
            ..(*state.site).clone()
        });
        let sessions = server::startup::session_store(&db.pool).await.unwrap();
        let router = server::router::router(state, sessions, server::map::MapData::default())
            .layer(MockConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 1], 40000))));
        let mut n = 0;
        let mut reset = async |forwarded_for: &str| {
            n += 1; // a new address each time: only the per-IP limit applies
            let req = Request::post("/api/request_password_reset")
                .header(header::ORIGIN, URL)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header("x-forwarded-for", forwarded_for)
                .body(Body::from(format!("email=inconnu{n}%40example.org")))
                .unwrap();
            router.clone().oneshot(req).await.unwrap().status()
        };
        for _ in 0..10 {
            assert!(reset("198.51.100.7").await.is_success());
        }
        assert_eq!(reset("198.51.100.7").await, StatusCode::TOO_MANY_REQUESTS);
        // Forged entries on the left do not make a new client; another client is not affected.
        assert_eq!(reset("203.0.113.1, 198.51.100.7").await, StatusCode::TOO_MANY_REQUESTS);
        assert!(reset("198.51.100.8, 10.0.0.2").await.is_success());
        // IPv6 clients count by /64.
        for i in 0..10 {
            assert!(reset(&format!("2001:db8:1:2::{i}")).await.is_success());
        }
        assert_eq!(reset("2001:db8:1:2:ffff::1").await, StatusCode::TOO_MANY_REQUESTS);
        assert!(reset("2001:db8:1:3::1").await.is_success());
        db.drop_db().await;
    })
}

/// The sessions list keeps a device only while its session lives in the store.
#[test]
fn the_sessions_list_forgets_sessions_the_store_expired_or_lost() {
    crate::helpers::run(async {
        use tower_sessions::SessionStore as _;
        use tower_sessions::cookie::time::{Duration, OffsetDateTime};
        use tower_sessions::session::{Id, Record};

        let db = TestDb::new().await;
        let pool = &db.pool;
        // The store alone, without the start-up cleanup tasks that would race this test.
        let store = app::db::backend::SessionStore::new(pool.clone());
        store.migrate().await.unwrap();
        let mut tx = pool.begin().await.unwrap();
        let user = app::db::users::NewUser {
            email: "ines@example.org",
            display_name: "Inès",
            password_hash: None,
            is_instance_admin: false,
            email_verified: true,
        };
        let user_id = app::db::users::insert_user(&mut tx, &user).await.unwrap();
        tx.commit().await.unwrap();

        let record = |days: i64| Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: OffsetDateTime::now_utc() + Duration::days(days),
        };
        let (live, expired) = (record(3), record(-1));
        store.save(&live).await.unwrap();
        store.save(&expired).await.unwrap();
        let lost = Id::default(); // never in the store (or already deleted by its cleanup)
        for id in [live.id, expired.id, lost] {
            sqlx::query(
                "INSERT INTO user_sessions (session_id, user_id, user_agent, created_at, last_seen_at) VALUES ($1, $2, '', $3, $3)",
            )
            .bind(id.to_string())
            .bind(user_id)
            .bind(app::db::now())
            .execute(pool)
            .await
            .unwrap();
        }

        assert_eq!(app::db::backend::delete_dead_user_sessions(pool).await.unwrap(), 2);
        let left: Vec<String> = sqlx::query_scalar("SELECT session_id FROM user_sessions").fetch_all(pool).await.unwrap();
        assert_eq!(left, vec![live.id.to_string()]);
        assert_eq!(app::db::backend::delete_dead_user_sessions(pool).await.unwrap(), 0);
        db.drop_db().await;
    })
}
