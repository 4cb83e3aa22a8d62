//! My own account: password and e-mail changes, « mes données », deletion.

use crate::helpers::{TestApp, call, last_mail_to, login_cookie};

const PW: &str = "partage-demo-2026";

fn token_in(body: &str) -> String {
    body.split("jeton=").nth(1).expect("a link").chars().take_while(char::is_ascii_hexdigit).collect()
}

#[test]
fn changing_my_password_closes_my_other_sessions() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let laptop = login_cookie(&app, "camille@example.org", PW).await;
        let phone = login_cookie(&app, "camille@example.org", PW).await;
        // A wrong current password and a weak new one are both reported, nothing changes.
        let (status, body) = call(&app, "change_password", Some(&laptop), "current_password=faux&new_password=court").await;
        assert_eq!(status, 400);
        let err: app::error::AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(err.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["current_password", "new_password"]);
        assert_ne!(call(&app, "current_user", Some(&phone), "").await.1, "null");

        let (status, body) =
            call(&app, "change_password", Some(&laptop), "current_password=partage-demo-2026&new_password=un+tout+nouveau+secret").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(call(&app, "current_user", Some(&phone), "").await.1, "null", "the other session is closed");
        assert_ne!(call(&app, "current_user", Some(&laptop), "").await.1, "null", "this one stays");
        assert!(last_mail_to(&app.db, "camille@example.org").await.unwrap().0.contains("mot de passe a changé"));
        login_cookie(&app, "camille@example.org", "un tout nouveau secret").await;
        app.finish().await;
    })
}

#[test]
fn my_address_changes_only_once_the_new_one_is_confirmed() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let (status, body) =
            call(&app, "request_email_change", Some(&camille), "new_email=camille.nouvelle%40example.org&password=partage-demo-2026").await;
        assert_eq!(status, 200, "{body}");
        let token = token_in(&last_mail_to(&app.db, "camille.nouvelle@example.org").await.unwrap().1);
        // Nothing changed yet.
        assert!(call(&app, "current_user", Some(&camille), "").await.1.contains("camille@example.org"));
        // A wrong password is refused.
        let (status, _) = call(&app, "request_email_change", Some(&camille), "new_email=x%40example.org&password=faux").await;
        assert_eq!(status, 400);

        assert_eq!(call(&app, "confirm_email_change", None, &format!("token={token}")).await.1, "true");
        assert_eq!(call(&app, "confirm_email_change", None, &format!("token={token}")).await.1, "false", "single use");
        assert!(call(&app, "current_user", Some(&camille), "").await.1.contains("camille.nouvelle@example.org"));
        assert!(last_mail_to(&app.db, "camille@example.org").await.unwrap().1.contains("camille.nouvelle@example.org"));

        // An address taken meanwhile cannot be confirmed (and asking reveals nothing).
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let (status, _) = call(&app, "request_email_change", Some(&yanis), "new_email=martine%40example.org&password=partage-demo-2026").await;
        assert_eq!(status, 200);
        let token = token_in(&last_mail_to(&app.db, "martine@example.org").await.unwrap().1);
        assert_eq!(call(&app, "confirm_email_change", None, &format!("token={token}")).await.1, "false");
        app.finish().await;
    })
}

#[test]
fn my_data_export_holds_what_is_kept_about_me_and_nothing_secret() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let res = app
            .send(
                axum::http::Request::get("/api/export_my_data")
                    .header(axum::http::header::COOKIE, &camille)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()[axum::http::header::CACHE_CONTROL], "no-store", "personal data is never cached");
        assert!(res.headers()[axum::http::header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
        let json: serde_json::Value = serde_json::from_str(&crate::helpers::body_text(res).await).unwrap();
        assert_eq!(json["account"]["email"], "camille@example.org");
        assert!(json["sessions"].as_array().unwrap().len() == 1);
        let text = json.to_string();
        assert!(!text.contains("argon2") && !text.contains(camille.trim_start_matches("coin_session=")), "no hash, no session id");
        // Someone else's export is not reachable: there is no parameter, only "me".
        assert_eq!(app.get("/api/export_my_data").await.status(), 401);
        app.finish().await;
    })
}

#[test]
fn deleting_my_account_anonymises_or_deletes_my_posts_as_i_choose() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let personal_posts = |email: &'static str| async move {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM posts p JOIN users u ON u.id = p.author_id WHERE u.email = $1 AND p.structure_id IS NULL",
            )
            .bind(email)
            .fetch_one(pool)
            .await
            .unwrap();
            n
        };
        // Give each citizen a personal post.
        for email in ["camille@example.org", "yanis@example.org"] {
            sqlx::query(
                "INSERT INTO posts (kind, category_id, author_id, title, description, status, created_at, updated_at)
                 SELECT 'offer', (SELECT MIN(id) FROM categories), id, 'Perceuse à prêter', 'Le week-end', 'published', $2, $2
                 FROM users WHERE email = $1",
            )
            .bind(email)
            .bind(app::db::now())
            .execute(pool)
            .await
            .unwrap();
        }
        let total_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(pool).await.unwrap();
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let camille_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'camille@example.org'").fetch_one(pool).await.unwrap();
        let authored = || async move {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE author_id = $1").bind(camille_id).fetch_one(pool).await.unwrap();
            n
        };
        let camille_posts = authored().await;
        assert!(camille_posts >= 1);
        // No choice, wrong password: both said, nothing deleted.
        let (status, body) = call(&app, "delete_account", Some(&camille), "password=faux").await;
        assert_eq!(status, 400);
        assert!(body.contains("\"field\":\"posts\"") && body.contains("\"field\":\"password\""), "{body}");

        let (status, _) = call(&app, "delete_account", Some(&camille), "password=partage-demo-2026&posts=anonymise").await;
        assert_eq!(status, 200);
        assert_eq!(call(&app, "current_user", Some(&camille), "").await.1, "null");
        let row: (String, String, Option<String>, String) =
            sqlx::query_as("SELECT email, display_name, password_hash, status FROM users WHERE id = $1").bind(camille_id).fetch_one(pool).await.unwrap();
        assert_eq!(row.1, "Compte supprimé");
        assert!(row.0.ends_with("@invalid") && row.2.is_none() && row.3 == "deleted");
        assert_eq!(authored().await, camille_posts, "anonymised, not deleted");
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_sessions WHERE user_id = $1").bind(camille_id).fetch_one(pool).await.unwrap();
        assert_eq!(left, 0);

        let yanis_personal = personal_posts("yanis@example.org").await;
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        assert_eq!(call(&app, "delete_account", Some(&yanis), "password=partage-demo-2026&posts=delete").await.0, 200);
        assert_eq!(personal_posts("yanis@example.org").await, 0);
        let total_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(pool).await.unwrap();
        assert_eq!(total_after, total_before - yanis_personal);
        // The address is free again.
        app::auth::service::sign_up(pool, crate::helpers::ORIGIN, app::auth::service::SignUp {
            email: "camille@example.org".into(),
            display_name: "Camille".into(),
            password: "une phrase de passe".into(),
        })
        .await
        .unwrap();
        assert!(last_mail_to(&app.db, "camille@example.org").await.unwrap().0.contains("Confirmez"));
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.delete'").fetch_one(pool).await.unwrap();
        assert_eq!(audited, 2);
        app.finish().await;
    })
}
