//! The Coin du partage's writing side through the real router and server functions:
//! publishing (checked form, drafts, edit, « pourvu »), responses and their threads with
//! contacts revealed on acceptance, notifications, volunteering until full, reports,
//! expiry with its reminder, and a plain form without JavaScript keeping what was typed.

use axum::body::Body;
use axum::http::{Request, header};

use crate::helpers::{ORIGIN, TestApp, body_text, call, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";

async fn scalar(app: &TestApp, sql: &str, id: i64) -> String {
    sqlx::query_scalar(sql).bind(id).fetch_one(&app.db.pool).await.unwrap()
}

/// The structure `membre@example.org` belongs to, as `structure:<id>`.
pub(crate) async fn member_structure(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar(
        "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    format!("structure:{id}")
}

pub(crate) fn need_form(author: &str, title: &str, extra: &str) -> String {
    format!(
        "form[author]={}&form[kind]=need&form[category]=vehicule&form[title]={}&form[description]={}{extra}",
        urlencode(author),
        urlencode(title),
        urlencode("Pour déménager la ressourcerie samedi matin, avec chauffeur si possible.")
    )
}

pub(crate) fn created_id(body: &str) -> i64 {
    body.trim().parse().unwrap_or_else(|_| panic!("an id: {body}"))
}

#[test]
fn a_need_is_published_responded_to_accepted_and_fulfilled_with_contacts_revealed_to_both() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let author = member_structure(&app).await;

        // Refused with a message per field, nothing written.
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(&app.db.pool).await.unwrap();
        let (status, body) = call(&app, "save_post", Some(&member), &format!("{}&intent=publish", need_form(&author, "abc", ""))).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("\"field\":\"title\""), "{body}");
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(before, after);
        // A citizen cannot publish a need, nor as a structure they are not in.
        let (status, body) = call(&app, "save_post", Some(&camille), &format!("{}&intent=publish", need_form(&author, "Un camion samedi", ""))).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("\"field\":\"author\""), "{body}");

        let (status, body) = call(&app, "save_post", Some(&member), &format!("{}&intent=publish", need_form(&author, "Un camion pour samedi", ""))).await;
        assert_eq!(status, 200, "{body}");
        let id = created_id(&body);
        assert_eq!(scalar(&app, "SELECT status FROM posts WHERE id = $1", id).await, "published");
        // Placed at the structure's address by default; expires in 60 days.
        let (precision, same_place): (String, bool) = sqlx::query_as(
            "SELECT p.location_precision || ':' || CASE WHEN s.address IS NULL THEN 'none' ELSE 'some' END, p.insee = s.insee
             FROM posts p JOIN structures s ON s.id = p.structure_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(same_place && (precision == "address:some" || precision == "commune:none"), "{precision}");
        let days: f64 = sqlx::query_scalar::<_, chrono::DateTime<chrono::Utc>>("SELECT expires_at FROM posts WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .map(|d| (d - chrono::Utc::now()).num_hours() as f64 / 24.0)
            .unwrap();
        assert!((59.0..=61.0).contains(&days), "{days}");
        // Found by an accent-insensitive search.
        let (_, list) = call(&app, "share_list", None, "filter[q]=demenager+ressourcerie").await;
        assert!(list.contains("Un camion pour samedi"), "{list}");

        // Camille responds; a second response is refused; the author cannot respond to itself.
        let response = format!("post_id={id}&message={}&reply_as=moi", urlencode("J’ai un utilitaire, disponible samedi."));
        let (status, body) = call(&app, "reply_to_post", Some(&camille), &response).await;
        assert_eq!(status, 200, "{body}");
        let rid = created_id(&body);
        assert_eq!(call(&app, "reply_to_post", Some(&camille), &response).await.0, 409);
        assert_eq!(call(&app, "reply_to_post", Some(&member), &response).await.0, 400);
        // The member is notified; no contact is revealed yet.
        let (_, n) = call(&app, "unread_notifications", Some(&member), "").await;
        assert_ne!(n.trim(), "0");
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={id}")).await;
        assert!(page.contains("J’ai un utilitaire") && !page.contains("camille@example.org"), "{page}");
        // A third party sees neither the response nor its message.
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let (_, page) = call(&app, "post_page", Some(&yanis), &format!("id={id}")).await;
        assert!(!page.contains("J’ai un utilitaire"), "{page}");
        // Only the post's side decides.
        assert_eq!(call(&app, "decide_reply", Some(&camille), &format!("response_id={rid}&decision=accept")).await.0, 403);
        assert_eq!(call(&app, "decide_reply", Some(&yanis), &format!("response_id={rid}&decision=accept")).await.0, 403);
        let (status, body) = call(&app, "decide_reply", Some(&member), &format!("response_id={rid}&decision=accept&in_progress=1")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(scalar(&app, "SELECT status FROM posts WHERE id = $1", id).await, "in_progress");
        assert_eq!(call(&app, "decide_reply", Some(&member), &format!("response_id={rid}&decision=decline")).await.0, 409);

        // Both sides now see the other's contacts.
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={id}")).await;
        assert!(page.contains("camille@example.org"), "{page}");
        let (_, page) = call(&app, "post_page", Some(&camille), &format!("id={id}")).await;
        assert!(page.contains("membre@example.org"), "{page}");
        // The thread goes on; a stranger cannot write in it.
        let msg = format!("response_id={rid}&body={}", urlencode("Je passe à 9 h."));
        assert_eq!(call(&app, "send_message", Some(&camille), &msg).await.0, 200);
        assert_eq!(call(&app, "send_message", Some(&yanis), &msg).await.0, 403);
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={id}")).await;
        assert!(page.contains("Je passe à 9 h."));

        // « Pourvu »: closed to new responses; a stranger cannot change the status.
        assert_eq!(call(&app, "set_post_status", Some(&yanis), &format!("post_id={id}&status=fulfilled")).await.0, 403);
        assert_eq!(call(&app, "set_post_status", Some(&member), &format!("post_id={id}&status=fulfilled")).await.0, 200);
        assert_eq!(scalar(&app, "SELECT status FROM posts WHERE id = $1", id).await, "fulfilled");
        let late = format!("post_id={id}&message={}&reply_as=moi", urlencode("Encore besoin ?"));
        assert_eq!(call(&app, "reply_to_post", Some(&yanis), &late).await.0, 409, "closed to new responses");
        // Out of the public lists, but both sides still reach their thread.
        assert_eq!(app.get(&format!("/partage/{id}")).await.status(), 404);
        let (_, page) = call(&app, "post_page", Some(&camille), &format!("id={id}")).await;
        assert!(page.contains("Je passe à 9 h.") && page.contains("\"status\":\"fulfilled\""), "{page}");
        let (_, page) = call(&app, "post_page", Some(&yanis), &format!("id={id}")).await;
        assert_eq!(page.trim(), "null");
        app.finish().await;
    })
}

#[test]
fn drafts_stay_private_until_published_and_edits_keep_an_individuals_post_at_commune_level() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let offer = format!(
            "form[author]=moi&form[kind]=offer&form[category]=materiel&form[title]={}&form[description]={}&form[commune]={}&intent=draft",
            urlencode("Perceuse à prêter"),
            urlencode("Une perceuse-visseuse avec ses forets, à prêter le week-end."),
            urlencode("Uzès (30700)")
        );
        let (status, body) = call(&app, "save_post", Some(&camille), &offer).await;
        assert_eq!(status, 200, "{body}");
        let id = created_id(&body);
        assert_eq!(scalar(&app, "SELECT status FROM posts WHERE id = $1", id).await, "draft");
        assert_eq!(scalar(&app, "SELECT location_precision FROM posts WHERE id = $1", id).await, "commune");
        assert_eq!(app.get(&format!("/partage/{id}")).await.status(), 404, "a draft is not public");
        let (_, page) = call(&app, "post_page", Some(&yanis), &format!("id={id}")).await;
        assert_eq!(page.trim(), "null");
        let (_, page) = call(&app, "post_page", Some(&camille), &format!("id={id}")).await;
        assert!(page.contains("\"can_manage\":true"), "{page}");
        // Someone else cannot edit it.
        let edit = offer.replace("intent=draft", "intent=save") + &format!("&post_id={id}");
        assert_eq!(call(&app, "save_post", Some(&yanis), &edit).await.0, 403);
        // Turning an individual's offer into a need is refused.
        let need = edit.replace("form[kind]=offer", "form[kind]=need");
        assert_eq!(call(&app, "save_post", Some(&camille), &need).await.0, 400);
        // The edit form shows the post as it stands.
        let (status, ctx) = call(&app, "publish_context", Some(&camille), &format!("post_id={id}")).await;
        assert_eq!(status, 200, "{ctx}");
        let ctx: app::model::PublishChoices = serde_json::from_str(&ctx).unwrap();
        let current = ctx.editing.unwrap();
        assert_eq!((current.title.as_str(), current.commune.as_str()), ("Perceuse à prêter", "Uzès (30700)"));
        assert_eq!(call(&app, "publish_context", Some(&yanis), &format!("post_id={id}")).await.0, 403);
        let renamed = edit.replace(&urlencode("Perceuse à prêter"), &urlencode("Perceuse et ponceuse à prêter"));
        assert_eq!(call(&app, "save_post", Some(&camille), &renamed).await.0, 200);
        assert_eq!(scalar(&app, "SELECT status FROM posts WHERE id = $1", id).await, "draft", "saving keeps a draft a draft");
        assert_eq!(call(&app, "set_post_status", Some(&camille), &format!("post_id={id}&status=published")).await.0, 200);
        let res = app.get(&format!("/partage/{id}")).await;
        assert_eq!(res.status(), 200);
        let html = body_text(res).await;
        assert!(html.contains("Perceuse et ponceuse") && html.contains("Uzès"));
        app.finish().await;
    })
}

#[test]
fn volunteers_sign_up_until_the_mission_is_full_even_all_at_once() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let author = member_structure(&app).await;
        let day = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).format("%Y-%m-%d").to_string();
        let form = format!(
            "form[author]={}&form[kind]=need&form[category]=benevolat&form[title]={}&form[description]={}&form[starts_on]={day}&form[mission_time]=09:00&form[volunteers_needed]=2&intent=publish",
            urlencode(&author),
            urlencode("Tenir le stand de la fête des récoltes"),
            urlencode("Accueillir le public et servir la soupe, de 9 h à midi.")
        );
        let (status, body) = call(&app, "save_post", Some(&member), &form).await;
        assert_eq!(status, 200, "{body}");
        let id = created_id(&body);
        let mut cookies = Vec::new();
        for who in ["camille", "yanis", "martine", "theo"] {
            cookies.push(login_cookie(&app, &format!("{who}@example.org"), PW).await);
        }
        // Four sign-ups at the same time for two places: exactly two get in.
        let join = format!("post_id={id}&action=join");
        let (a, b, c, d) = tokio::join!(
            call(&app, "volunteer", Some(&cookies[0]), &join),
            call(&app, "volunteer", Some(&cookies[1]), &join),
            call(&app, "volunteer", Some(&cookies[2]), &join),
            call(&app, "volunteer", Some(&cookies[3]), &join),
        );
        let results = [a, b, c, d];
        let ok = results.iter().filter(|r| r.0 == 200).count();
        assert_eq!(ok, 2, "{results:?}");
        assert!(results.iter().filter(|r| r.0 != 200).all(|r| r.0 == 409 && r.1.contains("complète")), "{results:?}");
        let signed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM participations WHERE post_id = $1 AND status = 'confirmed'")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(signed, 2);
        // One leaves: a place opens again.
        let winner = results.iter().position(|r| r.0 == 200).unwrap();
        let loser = results.iter().position(|r| r.0 != 200).unwrap();
        assert_eq!(call(&app, "volunteer", Some(&cookies[winner]), &format!("post_id={id}&action=leave")).await.0, 200);
        assert_eq!(call(&app, "volunteer", Some(&cookies[loser]), &join).await.0, 200);
        // The mission is listed on /benevolat, and the author sees the names.
        let (_, list) = call(&app, "volunteering", None, "").await;
        assert!(list.contains("Tenir le stand"), "{list}");
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={id}")).await;
        assert!(page.contains("\"volunteers\":[\""), "{page}");
        // A post that is not a mission cannot be joined.
        let other: i64 = sqlx::query_scalar(
            "SELECT p.id FROM posts p JOIN categories c ON c.id = p.category_id WHERE c.slug = 'vehicule' AND p.status = 'published' LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(call(&app, "volunteer", Some(&cookies[0]), &format!("post_id={other}&action=join")).await.0, 400);
        app.finish().await;
    })
}

#[test]
fn reports_are_stored_once_with_a_reason() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let post: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE status = 'published' AND hidden = FALSE LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(call(&app, "report", None, &format!("target_kind=post&target_id={post}&reason=x")).await.0, 401);
        let (status, body) = call(&app, "report", Some(&camille), &format!("target_kind=post&target_id={post}&reason=court")).await;
        assert_eq!(status, 400);
        assert!(body.contains("\"field\":\"reason\""));
        let reason = urlencode("Cette annonce propose un service payant.");
        for _ in 0..2 {
            assert_eq!(call(&app, "report", Some(&camille), &format!("target_kind=post&target_id={post}&reason={reason}")).await.0, 200);
        }
        assert_eq!(call(&app, "report", Some(&camille), &format!("target_kind=post&target_id=999999&reason={reason}")).await.0, 404);
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE target_kind = 'post' AND target_id = $1 AND status = 'open'")
            .bind(post)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(n, 1);
        app.finish().await;
    })
}

#[test]
fn posts_are_reminded_a_week_before_and_then_expire() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let now = app::db::now();
        let (soon, later): (i64, i64) = sqlx::query_as(
            "SELECT MIN(id), MAX(id) FROM posts WHERE status = 'published' AND author_id IS NULL AND structure_id IS NOT NULL",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        // Every other post expires in a month: exactly `soon` is reminded, `later` expires.
        sqlx::query("UPDATE posts SET expires_at = $1 WHERE id <> $2 AND id <> $3")
            .bind(now + chrono::Duration::days(30))
            .bind(soon)
            .bind(later)
            .execute(pool)
            .await
            .unwrap();
        // Give the structure of `soon` a responsable who will be told.
        sqlx::query("UPDATE posts SET expires_at = $1, expiry_reminded_at = NULL WHERE id = $2")
            .bind(now + chrono::Duration::days(3))
            .bind(soon)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE posts SET expires_at = $1 WHERE id = $2").bind(now - chrono::Duration::hours(1)).bind(later).execute(pool).await.unwrap();
        let (reminded, expired) = app::sharing::expiry::run(pool, now).await.unwrap();
        assert_eq!((reminded, expired), (1, 1));
        let status: String = sqlx::query_scalar("SELECT status FROM posts WHERE id = $1").bind(later).fetch_one(pool).await.unwrap();
        assert_eq!(status, "expired");
        let reminded_at: Option<chrono::DateTime<chrono::Utc>> =
            sqlx::query_scalar("SELECT expiry_reminded_at FROM posts WHERE id = $1").bind(soon).fetch_one(pool).await.unwrap();
        assert!(reminded_at.is_some());
        // Reminded once only.
        let again = app::sharing::expiry::run(pool, now).await.unwrap();
        assert_eq!(again, (0, 0));
        app.finish().await;
    })
}

#[test]
fn a_refused_plain_form_comes_back_with_what_was_typed_but_never_a_password() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let author = member_structure(&app).await;
        let description = "Une description gardée telle quelle";
        let form = format!(
            "form[author]={}&form[kind]=need&form[category]=vehicule&form[title]=abc&form[description]={}&intent=publish",
            urlencode(&author),
            urlencode(description)
        );
        // As a browser without JavaScript posts a form: Accept text/html, Referer the page.
        let res = app
            .send(
                Request::post("/api/save_post")
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::REFERER, format!("{ORIGIN}/partage/publier"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "text/html,application/xhtml+xml")
                    .header(header::COOKIE, &member)
                    .body(Body::from(form))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), 302);
        let location = res.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert!(location.contains("__err="), "{location}");
        let path = location.trim_start_matches(ORIGIN).to_string();
        let page = |cookie: String| {
            let path = path.clone();
            let app = &app;
            async move {
                let res = app.send(Request::get(&path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await;
                body_text(res).await
            }
        };
        let html = page(member.clone()).await;
        assert!(html.contains(description), "the description typed is back");
        assert!(html.contains("Le titre doit compter"), "the field's message is shown");
        // Shown once: reloading the page gives an empty form.
        let html = page(member.clone()).await;
        assert!(!html.contains(description));
        app.finish().await;
    })
}

#[test]
fn a_plain_form_that_succeeds_says_so_on_the_page_it_comes_back_to_once() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let post: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE status = 'published' AND hidden = FALSE LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let form = format!("target_kind=post&target_id={post}&reason={}", urlencode("Cette annonce propose un service payant."));
        let res = app
            .send(
                Request::post("/api/report")
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::REFERER, format!("{ORIGIN}/partage/{post}"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "text/html,application/xhtml+xml")
                    .header(header::COOKIE, &camille)
                    .body(Body::from(form))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), 302);
        assert!(res.headers().get(app::api::context::NOTICE_HEADER).is_none(), "the notice header stays inside");
        let location = res.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert!(location.ends_with(&format!("/partage/{post}?__avis=1")), "{location}");
        let path = location.trim_start_matches(ORIGIN).to_string();
        let page = || async { body_text(app.send(Request::get(&path).header(header::COOKIE, &camille).body(Body::empty()).unwrap()).await).await };
        let html = page().await;
        assert!(html.contains(r#"role="status""#) && html.contains(app::i18n::REPORT_DONE), "the notice is shown");
        // Read once: a reload does not say it again.
        assert!(!page().await.contains(app::i18n::REPORT_DONE));
        app.finish().await;
    })
}

#[test]
fn matching_posts_are_counted_for_cards_and_listed_on_the_post_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let author = member_structure(&app).await;
        let (_, body) = call(&app, "save_post", Some(&member), &format!("{}&intent=publish", need_form(&author, "Un camion pour samedi", ""))).await;
        let need = created_id(&body);
        let commune: String = sqlx::query_scalar("SELECT co.name || ' (' || (SELECT MIN(postcode) FROM commune_postcodes cp WHERE cp.insee = co.insee) || ')'
             FROM posts p JOIN communes co ON co.insee = p.insee WHERE p.id = $1")
            .bind(need)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let (_, before) = call(&app, "match_counts", None, &format!("ids={need}")).await;
        let before: Vec<(i64, i64)> = serde_json::from_str(&before).unwrap();
        // An offer of a vehicle in the same commune matches; one of food does not.
        for (category, title) in [("vehicule", "Utilitaire à prêter"), ("alimentation", "Légumes du jardin")] {
            let offer = format!(
                "form[author]=moi&form[kind]=offer&form[category]={category}&form[title]={}&form[description]={}&form[commune]={}&intent=publish",
                urlencode(title),
                urlencode("Disponible le week-end, à venir chercher."),
                urlencode(&commune)
            );
            assert_eq!(call(&app, "save_post", Some(&camille), &offer).await.0, 200);
        }
        let (_, after) = call(&app, "match_counts", None, &format!("ids={need}")).await;
        let after: Vec<(i64, i64)> = serde_json::from_str(&after).unwrap();
        assert_eq!(after[0].1, (before[0].1 + 1).min(app::model::MATCH_COUNT_CAP), "{before:?} {after:?}");
        let (_, page) = call(&app, "post_page", None, &format!("id={need}")).await;
        let page: app::model::PostPageData = serde_json::from_str::<Option<_>>(&page).unwrap().unwrap();
        assert!(page.matches.iter().any(|p| p.title == "Utilitaire à prêter"));
        assert!(page.matches.iter().all(|p| p.category_slug == "vehicule" && p.kind == app::model::PostKind::Offer));
        app.finish().await;
    })
}
