//! Alertes: a saved list filter, mailed at 07:00 (Paris) with its new posts, one mail per
//! person for all their alerts, never an empty one, once with two instances; stopped by
//! the link of the mail.

use chrono::{DateTime, Utc};

use crate::exchanges::{created_id, member_structure, need_form};
use crate::helpers::{TestApp, body_text, call, login_cookie, signer, urlencode};

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
        let (a, b) = tokio::join!(run_at(&st, seven), run_at(&st, seven));
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
