//! Mails of the exchanges: gathered per post, sent once, with an HTML alternative and
//! the RFC 8058 headers; the one-click unsubscribe without session; daily summaries at
//! 07:00 Paris, once with two instances; the day-before reminder of a mission; an
//! address refused for good.

use app::model::time::{paris_date, paris_to_utc};
use axum::body::Body;
use axum::http::{Request, header};
use chrono::{DateTime, Duration, Utc};

use crate::exchanges::{created_id, member_structure, need_form};
use crate::helpers::{TestApp, body_text, call, login_cookie, signer, urlencode};
use crate::smtp::{Mode, Sink, decode_words, header as mail_header, mailer};

const PW: &str = "partage-demo-2026";
const URL: &str = "http://127.0.0.1:3000";

async fn run_at(app: &TestApp, now: DateTime<Utc>) -> usize {
    app::mail::exchanges::run(&app.db.pool, URL, &signer(), now).await.unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap()
}

#[derive(Debug, sqlx::FromRow)]
struct Queued {
    subject: String,
    body: String,
    html: Option<String>,
    unsubscribe_url: Option<String>,
    user_id: Option<i64>,
}

async fn queued_to(app: &TestApp, email: &str) -> Vec<Queued> {
    sqlx::query_as("SELECT subject, body, html, unsubscribe_url, user_id FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(email)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn frequency(app: &TestApp, user: i64, topic: &str) -> Option<String> {
    sqlx::query_scalar("SELECT frequency FROM mail_preferences WHERE user_id = $1 AND topic = $2")
        .bind(user)
        .bind(topic)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
}

/// A need published by `membre@example.org`'s structure; its id.
async fn publish_need(app: &TestApp, member: &str, title: &str) -> i64 {
    let author = member_structure(app).await;
    let (status, body) = call(app, "save_post", Some(member), &format!("{}&intent=publish", need_form(&author, title, ""))).await;
    assert_eq!(status, 200, "{body}");
    created_id(&body)
}

/// A POST to an unsubscribe link with `body`, as a mail client (`List-Unsubscribe=One-Click`)
/// or the page's buttons send it: no cookie, no Origin, no CSRF token.
async fn post_to_link(app: &TestApp, url: &str, body: &'static str) -> axum::http::Response<Body> {
    let path = url.strip_prefix(URL).expect("a link to this instance");
    app.send(
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).unwrap(),
    )
    .await
}

pub(crate) async fn one_click(app: &TestApp, url: &str) -> (u16, String) {
    let res = post_to_link(app, url, "List-Unsubscribe=One-Click").await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

#[test]
fn events_of_one_post_make_one_mail_with_html_and_a_one_click_unsubscribe() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let member_id = user_id(&app, "membre@example.org").await;
        let post = publish_need(&app, &member, "Un camion <frigo> pour samedi").await;
        let before = queued_to(&app, "membre@example.org").await.len();

        let reply = format!("post_id={post}&message={}&reply_as=moi", urlencode("J’ai un utilitaire, disponible samedi."));
        let (status, body) = call(&app, "reply_to_post", Some(&camille), &reply).await;
        assert_eq!(status, 200, "{body}");
        let response_id = created_id(&body);
        let t0 = Utc::now();
        // Gathering: nothing leaves in the first minutes.
        assert_eq!(run_at(&app, t0 + Duration::minutes(4)).await, 0);
        let message = format!("response_id={response_id}&body={}", urlencode("Je peux venir à 9 h."));
        assert_eq!(call(&app, "send_message", Some(&camille), &message).await.0, 200);
        // Five minutes after the first event: one mail with both, then nothing more.
        assert_eq!(run_at(&app, t0 + Duration::minutes(5)).await, 1);
        assert_eq!(run_at(&app, t0 + Duration::minutes(20)).await, 0);
        let mails = queued_to(&app, "membre@example.org").await;
        assert_eq!(mails.len(), before + 1);
        let mail = mails.last().unwrap();
        assert_eq!(mail.subject, "2 nouveautés sur « Un camion <frigo> pour samedi » — Coin du partage");
        assert!(mail.body.contains(&format!("{URL}/partage/{post}")), "{}", mail.body);
        assert!(mail.body.contains("Nouveau message dans l’échange."), "{}", mail.body);
        // Nothing personal beyond the site's own: not the message's text (the events' own
        // times, « 09 h 42 », may contain « 9 h »).
        assert!(!mail.body.contains("venir à 9 h"), "{}", mail.body);
        assert!(mail.html.as_deref().unwrap().contains("Un camion &lt;frigo&gt;"));
        assert_eq!(mail.user_id, Some(member_id));
        let unsubscribe = mail.unsubscribe_url.clone().unwrap();

        // Through a real SMTP conversation: multipart text + HTML, RFC 8058 headers.
        // An account mail beside it, which must carry neither.
        let mut tx = app.db.pool.begin().await.unwrap();
        app::db::outbox::enqueue(&mut tx, "compte@example.org", "Confirmez votre adresse", "Bonjour.\n").await.unwrap();
        tx.commit().await.unwrap();
        let sink = Sink::start(Mode::Accept).await;
        mailer(sink.addr.port()).deliver_due(&app.db.pool).await.unwrap();
        let received = sink.mails();
        let ours = received.iter().find(|m| m.to == vec!["membre@example.org".to_string()] && m.data.contains("List-Unsubscribe-Post")).expect("the mail");
        let (headers, _) = crate::smtp::parse(&ours.data);
        assert_eq!(mail_header(&headers, "list-unsubscribe").unwrap(), format!("<{unsubscribe}>"));
        assert_eq!(mail_header(&headers, "list-unsubscribe-post").unwrap(), "List-Unsubscribe=One-Click");
        assert!(mail_header(&headers, "content-type").unwrap().starts_with("multipart/alternative"));
        assert!(decode_words(&mail_header(&headers, "subject").unwrap()).starts_with("2 nouveautés sur"));
        assert!(ours.data.contains("text/plain") && ours.data.contains("text/html"));
        // An account mail carries no unsubscribe header.
        let account = received.iter().find(|m| m.to == vec!["compte@example.org".to_string()]).expect("the account mail");
        assert!(!account.data.contains("List-Unsubscribe") && !account.data.contains("multipart/alternative"));

        // A mail scanner's GET changes nothing and shows a button.
        let path = unsubscribe.strip_prefix(URL).unwrap();
        let page = app.get(path).await;
        assert_eq!(page.status(), 200);
        let html = body_text(page).await;
        assert!(html.contains("Ne plus recevoir ces courriels") && html.contains("Réponses à mes annonces"), "{html}");
        assert_eq!(frequency(&app, member_id, "replies").await, None);
        // The mail client's one-click POST stops both topics of the mail, twice alike.
        assert_eq!(one_click(&app, &unsubscribe).await, (200, app::i18n::UNSUBSCRIBE_ONE_CLICK.to_string()));
        assert_eq!(one_click(&app, &unsubscribe).await.0, 200);
        assert_eq!(frequency(&app, member_id, "replies").await.as_deref(), Some("never"));
        assert_eq!(frequency(&app, member_id, "messages").await.as_deref(), Some("never"));
        assert_eq!(frequency(&app, member_id, "decisions").await, None);
        // A changed token stops nothing.
        let forged = format!("{}x", unsubscribe);
        assert_eq!(one_click(&app, &forged).await.0, 400);

        // The next reply is not mailed.
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let reply = format!("post_id={post}&message={}&reply_as=moi", urlencode("Je peux aussi aider."));
        assert_eq!(call(&app, "reply_to_post", Some(&yanis), &reply).await.0, 200);
        assert_eq!(run_at(&app, Utc::now() + Duration::minutes(10)).await, 0);
        assert_eq!(queued_to(&app, "membre@example.org").await.len(), before + 1);
        // But the decision on camille's reply still reaches camille (her own choice).
        let decide = format!("response_id={response_id}&decision=accept");
        assert_eq!(call(&app, "decide_reply", Some(&member), &decide).await.0, 200);
        assert_eq!(run_at(&app, Utc::now() + Duration::minutes(5)).await, 1);
        let to_camille = queued_to(&app, "camille@example.org").await;
        assert!(to_camille.last().unwrap().subject.starts_with("Réponse acceptée"), "{:?}", to_camille.last());

        // The page's « tout suspendre » button: a plain POST, then the page says it is done.
        let res = post_to_link(&app, &unsubscribe, "tout=1").await;
        assert_eq!(res.status(), 303);
        let location = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert_eq!(location, format!("{path}?fait=tout"));
        let done = body_text(app.get(&location).await).await;
        assert!(done.contains(app::i18n::UNSUBSCRIBE_ALL_DONE) && !done.contains("Ne plus recevoir ces courriels"), "{done}");
        let suspended: bool = sqlx::query_scalar("SELECT mails_suspended_at IS NOT NULL FROM users WHERE id = $1")
            .bind(member_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(suspended);
        app.finish().await;
    })
}

#[test]
fn daily_summaries_leave_at_seven_once_with_two_instances_and_missions_are_recalled_the_day_before() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let author = member_structure(&app).await;
        // The next 07:00, and the mission the day after the day after it: its reminder
        // (due from 06:00 the day before) is not due at that 07:00, whatever the hour the
        // test runs.
        let seven = app::model::time::next_paris_time(Utc::now(), 7);
        let eve = paris_date(seven) + chrono::Days::new(1);
        let mission_day = eve + chrono::Days::new(1);
        let form = format!(
            "form[author]={}&form[kind]=need&form[category]=benevolat&form[title]={}&form[description]={}&form[starts_on]={}&form[mission_time]=09:00&form[volunteers_needed]=3&intent=publish",
            urlencode(&author),
            urlencode("Tenir le stand de la fête des récoltes"),
            urlencode("Accueillir le public et servir la soupe, de 9 h à midi."),
            mission_day.format("%Y-%m-%d")
        );
        let (status, body) = call(&app, "save_post", Some(&member), &form).await;
        assert_eq!(status, 200, "{body}");
        let mission = created_id(&body);
        let before = queued_to(&app, "membre@example.org").await.len();
        assert_eq!(call(&app, "volunteer", Some(&camille), &format!("post_id={mission}&action=join")).await.0, 200);

        // A sign-up goes in the daily summary: the next 07:00 on the Paris clock.
        assert_eq!(run_at(&app, seven - Duration::seconds(1)).await, 0);
        // Two instances at the same moment: one summary.
        let other = crate::helpers::second_instance(&app.db, app.site_root.to_str().unwrap()).await;
        let key = signer();
        let (a, b) = tokio::join!(run_at(&app, seven), app::mail::exchanges::run(&other.pool, URL, &key, seven));
        let b = b.unwrap();
        assert_eq!(a + b, 1);
        let mails = queued_to(&app, "membre@example.org").await;
        assert_eq!(mails.len(), before + 1);
        assert_eq!(mails.last().unwrap().subject, "Votre résumé du jour : 1 nouveauté — Coin du partage");
        assert!(mails.last().unwrap().body.contains("Un·e bénévole s’est inscrit·e"));

        // The day-before reminder: not in the night, from 06:00, once.
        let at = |h, m| paris_to_utc(eve.and_hms_opt(h, m, 0).unwrap());
        assert_eq!(app::mail::exchanges::remind_missions(&app.db.pool, at(5, 59)).await.unwrap(), 0);
        assert_eq!(app::mail::exchanges::remind_missions(&app.db.pool, at(6, 0)).await.unwrap(), 1);
        assert_eq!(app::mail::exchanges::remind_missions(&app.db.pool, at(6, 20)).await.unwrap(), 0);
        assert_eq!(run_at(&app, at(7, 0)).await, 1);
        let to_camille = queued_to(&app, "camille@example.org").await;
        assert!(to_camille.last().unwrap().body.contains("Votre mission a lieu demain."), "{:?}", to_camille.last());

        // A withdrawal is told to the mission's managers.
        assert_eq!(call(&app, "volunteer", Some(&camille), &format!("post_id={mission}&action=leave")).await.0, 200);
        assert_eq!(run_at(&app, at(7, 0)).await, 1);
        assert!(queued_to(&app, "membre@example.org").await.last().unwrap().body.contains("désinscrit"));
        app.finish().await;
    })
}

#[test]
fn choices_are_checked_on_the_server_and_a_refused_address_gets_no_more_optional_mail() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let member_id = user_id(&app, "membre@example.org").await;
        let all = |replies: &str| {
            format!(
                "replies={replies}&messages=now&decisions=now&connections=daily&moderation=daily&volunteers=daily&missions=daily&expiry=never&invitations=daily"
            )
        };
        let (status, body) = call(&app, "save_mail_settings", Some(&member), &all("souvent")).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("\"field\":\"replies\""), "{body}");
        assert_eq!(frequency(&app, member_id, "expiry").await, None, "nothing half-written");
        assert_eq!(call(&app, "save_mail_settings", None, &all("now")).await.0, 401);
        assert_eq!(call(&app, "save_mail_settings", Some(&member), &all("now")).await.0, 200);
        assert_eq!(frequency(&app, member_id, "expiry").await.as_deref(), Some("never"));

        // A reply, mailed; the relay refuses the address for good (550).
        let post = publish_need(&app, &member, "Des tables pour la fête").await;
        let reply = format!("post_id={post}&message={}&reply_as=moi", urlencode("J’en ai dix."));
        assert_eq!(call(&app, "reply_to_post", Some(&camille), &reply).await.0, 200);
        assert_eq!(run_at(&app, Utc::now() + Duration::minutes(5)).await, 1);
        let refusing = Sink::start(Mode::Refuse).await;
        mailer(refusing.addr.port()).deliver_due(&app.db.pool).await.unwrap();
        let refused: Option<String> =
            sqlx::query_scalar("SELECT mail_refused_reason FROM users WHERE id = $1").bind(member_id).fetch_one(&app.db.pool).await.unwrap();
        let reason = refused.expect("the refusal is recorded");
        assert!(reason.contains("550") && !reason.contains("membre@example.org"), "{reason}");
        // Not retried; the account page says why.
        let accepting = Sink::start(Mode::Accept).await;
        sqlx::query("UPDATE outbox SET next_attempt_at = NULL").execute(&app.db.pool).await.unwrap();
        mailer(accepting.addr.port()).deliver_due(&app.db.pool).await.unwrap();
        assert!(accepting.mails().iter().all(|m| m.to != vec!["membre@example.org".to_string()]));
        let page = body_text(app.send(Request::get("/compte").header(header::COOKIE, &member).body(Body::empty()).unwrap()).await).await;
        assert!(page.contains("Le serveur de courriel a refusé votre adresse"), "{page}");
        // Further events are not mailed to it…
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let reply = format!("post_id={post}&message={}&reply_as=moi", urlencode("Moi aussi."));
        assert_eq!(call(&app, "reply_to_post", Some(&yanis), &reply).await.0, 200);
        assert_eq!(run_at(&app, Utc::now() + Duration::minutes(5)).await, 0);
        // …until the user saves their choices again.
        assert_eq!(call(&app, "save_mail_settings", Some(&member), &all("now")).await.0, 200);
        let lifted: Option<String> =
            sqlx::query_scalar("SELECT mail_refused_reason FROM users WHERE id = $1").bind(member_id).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(lifted, None);
        // « Tout suspendre »: nothing optional leaves, and « mes données » says so.
        assert_eq!(call(&app, "save_mail_settings", Some(&member), &format!("{}&suspend=1", all("now"))).await.0, 200);
        let reply = format!("post_id={post}&message={}&reply_as=moi", urlencode("Encore moi."));
        let martine = login_cookie(&app, "martine@example.org", PW).await;
        call(&app, "reply_to_post", Some(&martine), &reply).await;
        assert_eq!(run_at(&app, Utc::now() + Duration::minutes(5)).await, 0);
        let data = body_text(app.send(Request::get("/api/export_my_data").header(header::COOKIE, &member).body(Body::empty()).unwrap()).await).await;
        assert!(data.contains("\"mails_suspended\":true") && data.contains("\"topic\":\"expiry\""), "{data}");
        app.finish().await;
    })
}
