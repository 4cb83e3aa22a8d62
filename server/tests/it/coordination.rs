//! Espace coordination: dashboard figures, the list and its CSV export, « mise en
//! relation », the moderation queue and its actions — on the real router and database.

use axum::body::Body;
use axum::http::{Request, header};
use chrono::{Duration, Utc};
use serde_json::Value;

use crate::helpers::{TestApp, body_text, call, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";

/// The territory the demo coordinator coordinates, and one of its communes.
async fn my_territory(app: &TestApp) -> (i64, String, String) {
    sqlx::query_as(
        "SELECT t.id, t.slug, tc.insee FROM territories t
         JOIN territory_coordinators c ON c.territory_id = t.id JOIN users u ON u.id = c.user_id
         JOIN territory_communes tc ON tc.territory_id = t.id
         WHERE u.email = 'coordination@example.org' ORDER BY tc.insee LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap()
}

/// A post by an individual in a commune, published `days` ago.
async fn post(app: &TestApp, author: i64, kind: &str, category: &str, insee: &str, days: i64, status: &str) -> i64 {
    let published = Utc::now() - Duration::days(days);
    let (lat, lon): (f64, f64) =
        sqlx::query_as("SELECT lat, lon FROM communes WHERE insee = $1").bind(insee).fetch_one(&app.db.pool).await.unwrap();
    sqlx::query_scalar(
        "INSERT INTO posts (kind, category_id, author_id, title, description, insee, lat, lon, status, published_at,
                            expires_at, created_at, updated_at)
         VALUES ($1, (SELECT id FROM categories WHERE slug = $2), $3, $4, 'Une description assez longue.', $5, $6, $7, $8,
                 $9, $10, $9, $11) RETURNING id",
    )
    .bind(kind)
    .bind(category)
    .bind(author)
    .bind(format!("Annonce de test {kind} {days} jours"))
    .bind(insee)
    .bind(lat)
    .bind(lon)
    .bind(status)
    .bind(published)
    .bind(Utc::now() + Duration::days(30))
    .bind(Utc::now())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn dashboard(app: &TestApp, cookie: &str, reseau: &str) -> Value {
    let (status, body) = call(app, "dashboard", Some(cookie), &format!("reseau={reseau}")).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn the_dashboard_counts_what_happens_in_the_territory() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let (_, slug, insee) = my_territory(&app).await;
        let camille = user_id(&app, "camille@example.org").await;
        let before = dashboard(&app, &coord, &slug).await;
        // The territory's figure, counted apart: its open needs in its communes or by its members.
        let open_needs: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.kind = 'need' AND (
               p.insee IN (SELECT tc.insee FROM territory_communes tc JOIN territories t ON t.id = tc.territory_id WHERE t.slug = $1)
               OR p.structure_id IN (SELECT ts.structure_id FROM territory_structures ts JOIN territories t ON t.id = ts.territory_id WHERE t.slug = $1))",
            app::db::posts::POST_IS_PUBLIC
        ))
        .bind(&slug)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(before["open_needs"].as_i64().unwrap(), open_needs);

        let ten = post(&app, camille, "need", "materiel", &insee, 10, "published").await;
        let forty = post(&app, camille, "need", "materiel", &insee, 40, "published").await;
        post(&app, camille, "offer", "materiel", &insee, 2, "published").await;
        let fulfilled = post(&app, camille, "need", "materiel", &insee, 3, "fulfilled").await;
        // A response 5 hours after publication.
        let answered = post(&app, camille, "need", "materiel", &insee, 20, "published").await;
        let at: chrono::DateTime<Utc> =
            sqlx::query_scalar("SELECT published_at FROM posts WHERE id = $1").bind(answered).fetch_one(&app.db.pool).await.unwrap();
        let marc = user_id(&app, "responsable@example.org").await;
        sqlx::query("INSERT INTO responses (post_id, responder_id, message, created_at, updated_at) VALUES ($1, $2, 'Je peux aider', $3, $3)")
            .bind(answered)
            .bind(marc)
            .bind(at + Duration::hours(5))
            .execute(&app.db.pool)
            .await
            .unwrap();

        let after = dashboard(&app, &coord, &slug).await;
        let n = |v: &Value, k: &str| v[k].as_i64().unwrap();
        assert_eq!(n(&after, "open_needs"), n(&before, "open_needs") + 3);
        assert_eq!(n(&after, "open_offers"), n(&before, "open_offers") + 1);
        assert_eq!(after["unanswered"][0].as_i64().unwrap(), before["unanswered"][0].as_i64().unwrap() + 2, "10 and 40 days");
        assert_eq!(after["unanswered"][1].as_i64().unwrap(), before["unanswered"][1].as_i64().unwrap() + 1, "40 days only");
        assert_eq!(n(&after, "fulfilled_this_month"), n(&before, "fulfilled_this_month") + 1);
        assert_eq!(n(&after, "first_response_sample"), n(&before, "first_response_sample") + 1);
        assert_eq!(after["trend"].as_array().unwrap().len(), 12);
        let cat = |v: &Value| v["by_category"].as_array().unwrap().iter().find(|c| c["slug"] == "materiel").unwrap()["needs"].as_i64().unwrap();
        assert_eq!(cat(&after), cat(&before) + 3);
        assert!(after["unmet"].as_array().unwrap().iter().any(|u| u["id"].as_i64() == Some(forty)));
        assert!(!after["unmet"].as_array().unwrap().iter().any(|u| u["id"].as_i64() == Some(answered)));

        // The lists behind the figures.
        let list = |q: &str| {
            let q = q.to_string();
            let app = &app;
            let coord = coord.clone();
            async move {
                let (s, body) = call(app, "coordination_posts", Some(&coord), &q).await;
                assert_eq!(s, 200, "{body}");
                let v: Value = serde_json::from_str(&body).unwrap();
                v["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect::<Vec<_>>()
            }
        };
        let unanswered30 = list(&format!("filter[posts][place][territory]={slug}&filter[state][Unanswered]=30&filter[posts][page]=1")).await;
        assert!(unanswered30.contains(&forty) && !unanswered30.contains(&ten));
        let month = list(&format!("filter[posts][place][territory]={slug}&filter[state]=FulfilledThisMonth&filter[posts][page]=1")).await;
        assert!(month.contains(&fulfilled) && !month.contains(&ten));

        // Another territory's figures are not this coordinator's.
        let other: String = sqlx::query_scalar("SELECT slug FROM territories WHERE slug <> $1 ORDER BY id LIMIT 1")
            .bind(&slug)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(call(&app, "dashboard", Some(&coord), &format!("reseau={other}")).await.0, 403);
        // An instance admin sees the whole instance without choosing.
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (s, body) = call(&app, "dashboard", Some(&admin), "").await;
        assert_eq!(s, 200);
        let all: Value = serde_json::from_str(&body).unwrap();
        assert!(all["scope"]["current"].is_null());
        // Every open need of the instance, counted apart (`>=` the territory's would pass
        // a figure that ignored the instance).
        let open_needs: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND p.kind = 'need'",
            app::db::posts::POST_IS_PUBLIC
        ))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(open_needs > n(&after, "open_needs"), "the demo has open needs outside the territory");
        assert_eq!(n(&all, "open_needs"), open_needs);
        app.finish().await;
    })
}

async fn download(app: &TestApp, cookie: Option<&str>, query: &str) -> (u16, Vec<u8>, String) {
    let mut req = Request::get(format!("/coordination/export/annonces.csv?{query}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status().as_u16();
    let disposition = res.headers().get(header::CONTENT_DISPOSITION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes().to_vec();
    (status, bytes, disposition)
}

#[test]
fn coordinators_download_the_filtered_posts_as_csv_with_a_bom() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, slug, insee) = my_territory(&app).await;
        let camille = user_id(&app, "camille@example.org").await;
        let need = post(&app, camille, "need", "materiel", &insee, 12, "published").await;
        sqlx::query("UPDATE posts SET title = '=HYPERLINK(\"x\")' WHERE id = $1").bind(need).execute(&app.db.pool).await.unwrap();
        let query = format!("reseau={slug}&etat=sans-reponse-7&type=besoin");

        assert_eq!(download(&app, None, &query).await.0, 401);
        let citizen = login_cookie(&app, "camille@example.org", PW).await;
        assert_eq!(download(&app, Some(&citizen), &query).await.0, 403);

        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let (status, bytes, disposition) = download(&app, Some(&coord), &query).await;
        assert_eq!(status, 200);
        assert!(disposition.starts_with("attachment;") && disposition.contains(".csv"), "{disposition}");
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("id,type,catégorie,titre,état"));
        let row = text.lines().find(|l| l.starts_with(&format!("{need},"))).expect("the need is exported");
        assert!(row.contains("Particulier") && row.contains("'=HYPERLINK"), "{row}");
        assert!(!text.contains("@example.org"), "no e-mail addresses");
        // Every row is an unanswered need of the territory.
        assert!(text.lines().skip(1).all(|l| l.contains(",Besoin,")), "{text}");
        // Another territory is refused.
        assert_eq!(download(&app, Some(&coord), "reseau=nexiste-pas").await.0, 403);
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export.posts'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(logged, 1);
        app.finish().await;
    })
}

#[test]
fn a_coordinator_connects_an_unanswered_need_with_an_offer() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, _, insee) = my_territory(&app).await;
        let camille = user_id(&app, "camille@example.org").await;
        let marc = user_id(&app, "responsable@example.org").await;
        let need = post(&app, camille, "need", "vehicule", &insee, 9, "published").await;
        let offer = post(&app, marc, "offer", "vehicule", &insee, 4, "published").await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;

        let (s, body) = call(&app, "connection_candidates", Some(&coord), &format!("need_id={need}")).await;
        assert_eq!(s, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(v["candidates"].as_array().unwrap().iter().any(|c| c["id"].as_i64() == Some(offer)));

        // Only needs, only open offers.
        assert_eq!(call(&app, "connect_posts", Some(&coord), &format!("need_id={offer}&offer_id={need}")).await.0, 400);
        let (s, body) = call(&app, "connect_posts", Some(&coord), &format!("need_id={need}&offer_id={offer}")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert_eq!(call(&app, "connect_posts", Some(&coord), &format!("need_id={need}&offer_id={offer}")).await.1, "false");
        let notified: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT user_id, post_id, related_post_id FROM notifications WHERE kind = 'connection' ORDER BY user_id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert!(notified.contains(&(camille, need, Some(offer))), "{notified:?}");
        assert!(notified.contains(&(marc, offer, Some(need))), "{notified:?}");
        assert_eq!(notified.len(), 2, "once each");
        // A need outside the coordinator's territories is not theirs.
        let far: String = sqlx::query_scalar(
            "SELECT insee FROM communes WHERE insee NOT IN (SELECT tc.insee FROM territory_communes tc) AND lat IS NOT NULL ORDER BY insee LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let elsewhere = post(&app, camille, "need", "vehicule", &far, 9, "published").await;
        assert_eq!(call(&app, "connect_posts", Some(&coord), &format!("need_id={elsewhere}&offer_id={offer}")).await.0, 404);
        // Camille sees it in « Mes échanges ».
        let camille_cookie = login_cookie(&app, "camille@example.org", PW).await;
        let (_, body) = call(&app, "my_exchanges", Some(&camille_cookie), "").await;
        assert!(body.contains("\"kind\":\"connection\""), "{body}");
        app.finish().await;
    })
}

#[test]
fn reported_posts_are_hidden_with_a_reason_and_restored() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, slug, insee) = my_territory(&app).await;
        let camille = user_id(&app, "camille@example.org").await;
        let target = post(&app, camille, "offer", "materiel", &insee, 1, "published").await;
        let marc = login_cookie(&app, "responsable@example.org", PW).await;
        let reason = urlencode("Annonce commerciale déguisée.");
        assert_eq!(call(&app, "report", Some(&marc), &format!("target_kind=post&target_id={target}&reason={reason}")).await.0, 200);

        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let (s, body) = call(&app, "moderation_queue", Some(&coord), &format!("reseau={slug}")).await;
        assert_eq!(s, 200, "{body}");
        let q: Value = serde_json::from_str(&body).unwrap();
        let item = q["reported"].as_array().unwrap().iter().find(|r| r["target_id"].as_i64() == Some(target)).expect("queued");
        assert_eq!(item["reasons"][0]["reason"], "Annonce commerciale déguisée.");
        assert!(item["why"].as_array().unwrap().iter().any(|w| w == "Reported"));
        assert!(q["oldest"].is_string());

        // A reason is required, and kept in French.
        let (s, body) = call(&app, "moderate_post", Some(&coord), &format!("post_id={target}&action=hide&reason=non")).await;
        assert_eq!(s, 400);
        assert!(body.contains("motif"), "{body}");
        let why = urlencode("Les annonces commerciales ne sont pas acceptées.");
        assert_eq!(call(&app, "moderate_post", Some(&coord), &format!("post_id={target}&action=hide&reason={why}")).await.1, "true");
        let public: bool = sqlx::query_scalar("SELECT hidden FROM posts WHERE id = $1").bind(target).fetch_one(&app.db.pool).await.unwrap();
        assert!(public, "hidden");
        let note: (String, Option<String>) =
            sqlx::query_as("SELECT kind, detail FROM notifications WHERE user_id = $1 AND post_id = $2 ORDER BY id DESC LIMIT 1")
                .bind(camille)
                .bind(target)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(note, ("post_hidden".into(), Some("Les annonces commerciales ne sont pas acceptées.".into())));
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE target_id = $1 AND status = 'open'").bind(target).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(open, 0, "the report is resolved");
        let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'post.hide' AND target_id = $1").bind(target).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(audit, 1);
        // The public page no longer shows it; restoring brings it back.
        let page = body_text(app.get(&format!("/partage/{target}")).await).await;
        assert!(!page.contains("Annonce de test offer 1"));
        let back = urlencode("Vérification faite avec l’auteur.");
        assert_eq!(call(&app, "moderate_post", Some(&coord), &format!("post_id={target}&action=restore&reason={back}")).await.1, "true");
        let page = body_text(app.get(&format!("/partage/{target}")).await).await;
        assert!(page.contains("Annonce de test offer 1"));
        // A citizen cannot moderate.
        let citizen = login_cookie(&app, "camille@example.org", PW).await;
        assert_eq!(call(&app, "moderate_post", Some(&citizen), &format!("post_id={target}&action=hide&reason={why}")).await.0, 403);
        app.finish().await;
    })
}

#[test]
fn instance_admins_ban_an_account_and_its_personal_posts_are_hidden() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, _, insee) = my_territory(&app).await;
        let camille = user_id(&app, "camille@example.org").await;
        let mine = post(&app, camille, "offer", "materiel", &insee, 1, "published").await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let reason = urlencode("Publicités répétées malgré les avertissements.");
        assert_eq!(call(&app, "ban_user", Some(&coord), &format!("user_id={camille}&reason={reason}")).await.0, 403);
        let camille_cookie = login_cookie(&app, "camille@example.org", PW).await;
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        assert_eq!(call(&app, "ban_user", Some(&admin), &format!("user_id={camille}&reason={reason}")).await.1, "true");
        let hidden: bool = sqlx::query_scalar("SELECT hidden FROM posts WHERE id = $1").bind(mine).fetch_one(&app.db.pool).await.unwrap();
        assert!(hidden);
        // Their session ends and they cannot sign in again.
        assert_eq!(call(&app, "my_exchanges", Some(&camille_cookie), "").await.0, 401);
        let (s, _) = call(&app, "log_in", None, &format!("email=camille%40example.org&password={PW}")).await;
        assert_ne!(s, 200);
        // Admins cannot be banned; twice is refused in French.
        let admin_id = user_id(&app, "admin@example.org").await;
        let (s, body) = call(&app, "ban_user", Some(&admin), &format!("user_id={admin_id}&reason={reason}")).await;
        assert_eq!(s, 400);
        assert!(body.contains("suspendu"), "{body}");
        app.finish().await;
    })
}

#[test]
fn new_structures_show_their_duplicates_and_can_be_merged() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, slug, insee) = my_territory(&app).await;
        // An existing validated structure of the territory, with an RNA number.
        let (existing, name): (i64, String) = sqlx::query_as(
            "SELECT s.id, s.name FROM structures s WHERE s.validation_status = 'validated' AND s.insee IN
               (SELECT tc.insee FROM territory_communes tc JOIN territories t ON t.id = tc.territory_id WHERE t.slug = $1)
             ORDER BY s.id LIMIT 1",
        )
        .bind(&slug)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("UPDATE structures SET rna = 'W301234567' WHERE id = $1").bind(existing).execute(&app.db.pool).await.unwrap();
        // Camille declares the same association again: its RNA number is taken (a live
        // structure's), said on the field.
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let commune: String = sqlx::query_scalar("SELECT name FROM communes WHERE insee = $1").bind(&insee).fetch_one(&app.db.pool).await.unwrap();
        let form = |rna: &str| format!(
            "form[name]={}&form[kind]=association&form[description]=&form[address]=&form[commune]={}&form[email]=&form[phone]=&form[website]=&form[rna]={rna}&form[siret]=",
            urlencode(&format!("{name} bis")),
            urlencode(&commune)
        );
        let (s, body) = call(&app, "declare_structure", Some(&camille), &form("w301234567")).await;
        assert_eq!(s, 400, "{body}");
        assert!(body.contains(app::i18n::ERR_RNA_TAKEN), "{body}");
        // Without the number, at the same place: a possible duplicate by name and place.
        let (s, body) = call(&app, "declare_structure", Some(&camille), &form("")).await;
        assert_eq!(s, 200, "{body}");
        let pending: i64 = body.trim().parse().unwrap();
        sqlx::query("UPDATE structures SET lat = (SELECT lat FROM structures WHERE id = $1), lon = (SELECT lon FROM structures WHERE id = $1) WHERE id = $2")
            .bind(existing)
            .bind(pending)
            .execute(&app.db.pool)
            .await
            .unwrap();

        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let (_, body) = call(&app, "moderation_queue", Some(&coord), &format!("reseau={slug}")).await;
        let q: Value = serde_json::from_str(&body).unwrap();
        let item = q["pending"].as_array().unwrap().iter().find(|p| p["structure"]["id"].as_i64() == Some(pending)).expect("queued");
        let why: Vec<&str> = item["why"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        assert!(why.contains(&"New") && why.contains(&"PossibleDuplicate"), "{why:?}");
        assert_eq!(item["duplicates"][0]["id"].as_i64(), Some(existing));
        assert!(item["duplicates"][0]["why"].as_str().unwrap().contains("nom proche"), "{item}");

        let (s, body) = call(&app, "merge_structure", Some(&coord), &format!("from_id={pending}&into_id={existing}")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        let gone: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE id = $1").bind(pending).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(gone, 0);
        let request: String = sqlx::query_scalar(
            "SELECT m.status FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'camille@example.org' AND m.structure_id = $1",
        )
        .bind(existing)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(request, "requested");
        assert!(crate::helpers::last_mail_to(&app.db, "camille@example.org").await.unwrap().1.contains("réuni les deux fiches"));
        app.finish().await;
    })
}

#[test]
fn a_structures_csv_is_previewed_refused_with_bad_lines_then_imported_whole() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (territory, slug, _) = my_territory(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let count = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM structures").fetch_one(&app.db.pool).await.unwrap()
        };
        let before = count().await;
        let bad = "\u{feff}Nom;Type;Commune;RNA;Remarque\n\
                   Repair Café de Saint-Quentin;Association;Saint-Quentin-la-Poterie;;merci\n\
                   Les Jardins du Mas;ferme;Uzès;;\n\
                   Amicale introuvable;association;Zzyzx-sur-Mer;;\n\
                   Ludothèque de Blauzac;association;Blauzac (30700);W301111111;\n";
        let form = |csv: &str| format!("reseau={slug}&csv={}", urlencode(csv));
        let (s, body) = call(&app, "preview_import", Some(&coord), &form(bad)).await;
        assert_eq!(s, 200, "{body}");
        let p: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((p["valid"].as_i64(), p["invalid"].as_i64()), (Some(2), Some(2)), "{body}");
        assert_eq!(p["ignored_columns"], serde_json::json!(["Remarque"]));
        let lines = p["lines"].as_array().unwrap();
        assert_eq!(lines[0]["line"], 3);
        assert!(lines[0]["errors"][0].as_str().unwrap().starts_with("type : "), "{body}");
        assert_eq!(lines[1]["line"], 4);
        assert!(lines[1]["errors"][0].as_str().unwrap().starts_with("commune : Aucune commune"), "{body}");
        // Nothing is written while a line is wrong, even when asked.
        let (s, body) = call(&app, "start_import", Some(&coord), &form(bad)).await;
        assert_eq!(s, 400);
        assert!(body.contains("2 lignes sont en erreur : rien n’a été importé"), "{body}");
        assert_eq!(count().await, before);

        // Fixed: the whole file goes in, validated and in the territory.
        let good = "Nom;Type;Commune;RNA\n\
                    Repair Café de Saint-Quentin;Association;Saint-Quentin-la-Poterie;\n\
                    Les Jardins du Mas;Collectif;Uzès;\n\
                    Amicale des Garrigues;association;Arpaillargues-et-Aureillac;\n\
                    Ludothèque de Blauzac;association;Blauzac (30700);W301111111;\n";
        let (s, body) = call(&app, "preview_import", Some(&coord), &form(good)).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["invalid"], 0, "{body}");
        let (s, body) = call(&app, "start_import", Some(&coord), &form(good)).await;
        assert_eq!(s, 200, "{body}");
        let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_u64().unwrap();
        let mut status = Value::Null;
        for _ in 0..100 {
            let (_, body) = call(&app, "import_status", Some(&coord), &format!("id={id}")).await;
            status = serde_json::from_str(&body).unwrap();
            if status["finished"] == true {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!((status["finished"].as_bool(), status["created"].as_i64(), status["error"].is_null()), (Some(true), Some(4), true), "{status}");
        assert_eq!(count().await, before + 4);
        let in_territory: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM structures s JOIN territory_structures ts ON ts.structure_id = s.id
             WHERE ts.territory_id = $1 AND s.validation_status = 'validated' AND s.name IN ('Les Jardins du Mas', 'Ludothèque de Blauzac')",
        )
        .bind(territory)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(in_territory, 2);
        // The same file again: every line is now a duplicate.
        let (_, body) = call(&app, "preview_import", Some(&coord), &form(good)).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["invalid"], 4, "{body}");
        // Another coordinator's import is not readable; a citizen cannot import.
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        assert_eq!(call(&app, "import_status", Some(&admin), &format!("id={id}")).await.0, 404);
        let citizen = login_cookie(&app, "camille@example.org", PW).await;
        assert_eq!(call(&app, "preview_import", Some(&citizen), &form(good)).await.0, 403);
        app.finish().await;
    })
}

#[test]
fn an_import_may_send_more_than_the_usual_body_limit() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let mut csv = String::from("nom;type;commune;description\n");
        for i in 0..4_000 {
            csv.push_str(&format!("Association numéro {i} des Garrigues;association;Uzès;Entraide, réemploi et ateliers partagés\n"));
        }
        let form = format!("csv={}", urlencode(&csv));
        assert!(form.len() > server::router::MAX_BODY_BYTES);
        let (s, body) = call(&app, "preview_import", Some(&coord), &form).await;
        assert_eq!(s, 200, "{}", &body[..body.len().min(300)]);
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["valid"], 4_000);
        app.finish().await;
    })
}

#[test]
fn structures_export_in_csv_geojson_and_data_inclusion() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, slug, _) = my_territory(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let get = |path: String| {
            let coord = coord.clone();
            let app = &app;
            async move {
                let res = app.send(Request::get(path).header(header::COOKIE, coord).body(Body::empty()).unwrap()).await;
                let status = res.status().as_u16();
                (status, http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes().to_vec())
            }
        };
        let (s, csv) = get(format!("/coordination/export/structures.csv?reseau={slug}")).await;
        assert_eq!(s, 200);
        assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
        // The exact structures of the territory, by id: in one of its communes or members
        // (an export that ignored the territory would list every validated structure).
        let expected: Vec<i64> = sqlx::query_scalar(
            "SELECT s.id FROM structures s WHERE s.validation_status = 'validated' AND (
               s.insee IN (SELECT tc.insee FROM territory_communes tc JOIN territories t ON t.id = tc.territory_id WHERE t.slug = $1)
               OR s.id IN (SELECT ts.structure_id FROM territory_structures ts JOIN territories t ON t.id = ts.territory_id WHERE t.slug = $1))
             ORDER BY s.id",
        )
        .bind(&slug)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let validated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE validation_status = 'validated'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(!expected.is_empty() && (expected.len() as i64) < validated, "the territory holds some structures, not all");
        let sorted = |mut v: Vec<i64>| {
            v.sort();
            v
        };
        // Parsed as CSV: a description may hold line breaks.
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        assert_eq!(reader.headers().unwrap().iter().next(), Some("id"));
        let ids: Vec<i64> = reader.records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
        assert_eq!(sorted(ids), expected, "the CSV lists exactly the territory's structures");

        let (s, json) = get(format!("/coordination/export/structures.data-inclusion.json?reseau={slug}")).await;
        assert_eq!(s, 200);
        let items: Vec<Value> = serde_json::from_slice(&json).unwrap();
        let slugs: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT slug FROM structures WHERE id IN ({}) ORDER BY slug",
            expected.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ))
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let mut got: Vec<String> = items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
        got.sort();
        assert_eq!(got, slugs, "data.inclusion lists exactly the territory's structures (by slug)");
        let first = &items[0];
        for field in ["id", "nom", "commune", "code_postal", "code_insee", "typologie", "date_maj", "source", "lien_source"] {
            assert!(first.get(field).is_some(), "data.inclusion field {field}: {first}");
        }
        assert!(["ASSO", "CS", "TIERS_LIEUX", "Autre"].contains(&first["typologie"].as_str().unwrap()));

        let (s, geo) = get(format!("/coordination/export/structures.geojson?reseau={slug}")).await;
        assert_eq!(s, 200);
        let fc: Value = serde_json::from_slice(&geo).unwrap();
        let ids = fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["id"].as_i64().unwrap()).collect();
        assert_eq!(sorted(ids), expected, "the GeoJSON lists exactly the territory's structures");

        // The territory's open posts, each with its structure's name or « Particulier ».
        let posts: Vec<(i64, Option<String>)> = sqlx::query_as(&format!(
            "SELECT p.id, s.name FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {} AND (
               p.insee IN (SELECT tc.insee FROM territory_communes tc JOIN territories t ON t.id = tc.territory_id WHERE t.slug = $1)
               OR p.structure_id IN (SELECT ts.structure_id FROM territory_structures ts JOIN territories t ON t.id = ts.territory_id WHERE t.slug = $1))
             ORDER BY p.id",
            app::db::posts::POST_IS_PUBLIC
        ))
        .bind(&slug)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert!(posts.iter().any(|(_, s)| s.is_some()) && posts.iter().any(|(_, s)| s.is_none()), "both kinds of author");
        let (s, geo) = get(format!("/coordination/export/annonces.geojson?reseau={slug}")).await;
        assert_eq!(s, 200);
        let fc: Value = serde_json::from_slice(&geo).unwrap();
        let mut got: Vec<(i64, Option<String>)> = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let name = f["properties"]["structure"].as_str().unwrap();
                (f["properties"]["id"].as_i64().unwrap(), (name != app::i18n::COORD_INDIVIDUAL).then(|| name.to_string()))
            })
            .collect();
        got.sort();
        assert_eq!(got, posts, "exactly the territory's open posts, each with its author's structure");
        // Members of no territory cannot download.
        let citizen = login_cookie(&app, "camille@example.org", PW).await;
        let res = app
            .send(Request::get("/coordination/export/structures.csv").header(header::COOKIE, citizen).body(Body::empty()).unwrap())
            .await;
        assert_eq!(res.status().as_u16(), 403);
        app.finish().await;
    })
}

#[test]
fn structures_unchanged_for_a_year_are_asked_then_flagged_stale_until_confirmed() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        let (id, slug, lat, lon): (i64, String, f64, f64) = sqlx::query_as(
            "SELECT s.id, s.slug, s.lat, s.lon FROM structures s JOIN memberships m ON m.structure_id = s.id JOIN users u ON u.id = m.user_id
             WHERE u.email = 'responsable@example.org' AND m.role = 'admin' LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let old = Utc::now() - Duration::days(400);
        sqlx::query("UPDATE structures SET updated_at = $1 WHERE id = $2").bind(old).bind(id).execute(&app.db.pool).await.unwrap();
        let url = "http://127.0.0.1:3000";
        let now = app::db::now();
        let (asked, _) = app::structures::freshness::run(&app.db.pool, url, now).await.unwrap();
        assert_eq!(asked, 1, "only the structure unchanged for a year");
        let (subject, body) = crate::helpers::last_mail_to(&app.db, "responsable@example.org").await.unwrap();
        assert!(subject.contains("à jour"), "{subject}");
        let token = body.split("choix=a-jour&jeton=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
        // Asked once only.
        let (again, _) = app::structures::freshness::run(&app.db.pool, url, now).await.unwrap();
        assert_eq!(again, 0);

        // 31 days without an answer: stale, on the map and in the queue.
        let (_, flagged) = app::structures::freshness::run(&app.db.pool, url, now + Duration::days(31)).await.unwrap();
        assert_eq!(flagged, 1);
        app.sync_map().await;
        let res = app.get(&format!("/api/v1/map?bbox={},{},{},{}&zoom=20&type=structure", lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)).await;
        let fc: Value = serde_json::from_str(&body_text(res).await).unwrap();
        let item = fc["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"].as_i64() == Some(id)).expect("on the map");
        assert_eq!(item["properties"]["status"], "stale");
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (_, q) = call(&app, "moderation_queue", Some(&admin), "").await;
        assert!(serde_json::from_str::<Value>(&q).unwrap()["stale"].as_array().unwrap().iter().any(|s| s[0].as_i64() == Some(id)));

        // The link shows the structure; confirming clears everything, the link then expires.
        let (s, body) = call(&app, "freshness_link", None, &format!("token={token}")).await;
        assert_eq!(s, 200, "{body}");
        assert!(body.contains(&slug));
        let (s, next) = call(&app, "answer_freshness", None, &format!("token={token}&choice=a-jour")).await;
        assert_eq!(s, 200, "{next}");
        assert!(next.contains(&format!("/structures/{slug}")));
        let (stale, asked_at): (bool, Option<chrono::DateTime<Utc>>) =
            sqlx::query_as("SELECT stale, freshness_asked_at FROM structures WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
        assert!(!stale && asked_at.is_none());
        let (s, body) = call(&app, "answer_freshness", None, &format!("token={token}&choice=archiver")).await;
        assert_eq!(s, 400);
        assert!(body.contains("plus valable"), "{body}");
        app.finish().await;
    })
}

#[test]
fn admins_merge_rename_and_reorder_categories_and_write_the_instance_texts() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let id = |slug: &'static str| {
            let app = &app;
            async move { sqlx::query_scalar::<_, i64>("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap() }
        };
        let posts_in = |cat: i64| {
            let app = &app;
            async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM posts WHERE category_id = $1").bind(cat).fetch_one(&app.db.pool).await.unwrap() }
        };
        let (don, service) = (id("don").await, id("service").await);
        let total = posts_in(don).await + posts_in(service).await;
        assert!(posts_in(don).await > 0);
        let (s, body) = call(&app, "edit_label", Some(&admin), &format!("kind=category&action=merge&id={don}&other={service}")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert_eq!(posts_in(service).await, total, "no post lost");
        let gone: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE id = $1").bind(don).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(gone, 0);
        // Rename (French message for a bad name), add, move up.
        let (s, body) = call(&app, "edit_label", Some(&admin), &format!("kind=category&action=rename&id={service}&name=x")).await;
        assert_eq!(s, 400);
        assert!(body.contains("2 à 60"), "{body}");
        let name = urlencode("Services, dons et financement");
        assert_eq!(call(&app, "edit_label", Some(&admin), &format!("kind=category&action=rename&id={service}&name={name}")).await.0, 200);
        { let (s, b) = call(&app, "edit_label", Some(&admin), &format!("kind=theme&action=add&name={}", urlencode("Mobilité douce"))).await; assert_eq!(s, 200, "{b}"); }
        let (_, body) = call(&app, "instance_settings", Some(&admin), "").await;
        let v: Value = serde_json::from_str(&body).unwrap();
        let cats = v["categories"].as_array().unwrap();
        let last = cats.last().unwrap()["id"].as_i64().unwrap();
        assert_eq!(call(&app, "edit_label", Some(&admin), &format!("kind=category&action=up&id={last}")).await.1, "true");
        let (_, body) = call(&app, "instance_settings", Some(&admin), "").await;
        let v: Value = serde_json::from_str(&body).unwrap();
        let cats = v["categories"].as_array().unwrap();
        assert_eq!(cats[cats.len() - 2]["id"].as_i64(), Some(last));
        assert!(v["themes"].as_array().unwrap().iter().any(|t| t["name"] == "Mobilité douce"));

        // Texts: written by the admins, shown escaped on their page.
        let text = urlencode("Le réseau de la coopération en Pays d’Uzès.\n\n<script>alert(1)</script>");
        assert_eq!(call(&app, "save_instance_text", Some(&admin), &format!("key=about&body={text}")).await.0, 200);
        let page = body_text(app.get("/a-propos").await).await;
        assert!(page.contains("Le réseau de la coopération en Pays d’Uzès."));
        assert!(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;"));
        assert_eq!(call(&app, "save_instance_text", Some(&admin), "key=nope&body=x").await.0, 400);
        // Default map view.
        assert_eq!(call(&app, "save_map_view", Some(&admin), "lat=95&lon=2&zoom=6").await.0, 400);
        assert_eq!(call(&app, "save_map_view", Some(&admin), "lat=44.0128&lon=4.4196&zoom=11").await.0, 200);
        let (_, body) = call(&app, "map_settings", None, "").await;
        assert!(body.contains("44.0128"), "{body}");
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        assert_eq!(call(&app, "edit_label", Some(&coord), &format!("kind=category&action=up&id={last}")).await.0, 403);
        app.finish().await;
    })
}

/// Settings, categories and territories are kept in memory by each instance
/// (`db::cache`): a change made elsewhere (here plain SQL) shows once the copy is read
/// again, one an admin makes through this instance shows at once.
#[test]
fn admin_changes_are_seen_at_once_through_the_kept_copies() {
    crate::helpers::run(async {
        // Kept ten minutes: only `forget` can make a change show during this test.
        let app = TestApp::keeping_reference_for(std::time::Duration::from_secs(600)).await;
        let pool = &app.db.pool;
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (territory, territory_slug, _) = my_territory(&app).await;
        let territory_name: String = sqlx::query_scalar("SELECT name FROM territories WHERE id = $1").bind(territory).fetch_one(pool).await.unwrap();
        let licence = || async { body_text(app.get("/api/v1/posts").await).await };
        // What the filter form offers (the cards read their category from the posts).
        let offered = || async {
            let page = body_text(app.get("/partage").await).await;
            // A category is a checkbox and its label, a network an option of a select.
            let after = |value: &str, end: &str| {
                let at = page.find(&format!("value=\"{value}\"")).unwrap_or_else(|| panic!("no choice {value}"));
                let text = &page[at..];
                text[text.find('>').unwrap() + 1..text.find(end).unwrap()].replace("<!>", "").trim().to_string()
            };
            (after("materiel", "</label>"), after(&territory_slug, "</option>"))
        };
        assert_eq!(offered().await, ("Matériel".to_string(), territory_name.clone()));
        assert!(licence().await.contains("CC BY-SA 4.0"));

        sqlx::query("UPDATE categories SET name = 'Outillage' WHERE slug = 'materiel'").execute(pool).await.unwrap();
        sqlx::query("UPDATE territories SET name = 'Réseau renommé en base' WHERE id = $1").bind(territory).execute(pool).await.unwrap();
        sqlx::query("UPDATE instance_settings SET data_licence = 'etalab-2.0'").execute(pool).await.unwrap();
        assert_eq!(offered().await, ("Matériel".to_string(), territory_name.clone()), "the kept copies answer");
        assert!(licence().await.contains("CC BY-SA 4.0"));

        // Through this instance: seen at once (with what SQL changed meanwhile).
        let id: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE slug = 'materiel'").fetch_one(pool).await.unwrap();
        let name = urlencode("Matériel et outils");
        assert_eq!(call(&app, "edit_label", Some(&admin), &format!("kind=category&action=rename&id={id}&name={name}")).await.0, 200);
        assert_eq!(offered().await, ("Matériel et outils".to_string(), "Réseau renommé en base".to_string()));
        assert!(licence().await.contains("Licence Ouverte 2.0"));
        let name = urlencode("Réseau de la coopération");
        assert_eq!(call(&app, "save_territory", Some(&admin), &format!("id={territory}&name={name}&description=")).await.0, 200);
        assert_eq!(offered().await.1, "Réseau de la coopération");
        app.finish().await;
    })
}

#[test]
fn coordinators_edit_their_territory_and_admins_appoint_coordinators() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (territory, _, _) = my_territory(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let count = || {
            let app = &app;
            async move {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM territory_communes WHERE territory_id = $1")
                    .bind(territory)
                    .fetch_one(&app.db.pool)
                    .await
                    .unwrap()
            }
        };
        let before = count().await;
        // A coordinator cannot widen their territory: not a commune, not a whole département
        // (the communes decide what they moderate and export). Only admins can.
        for query in ["action=add&value=N%C3%AEmes", "action=departement&value=2A", "action=remove&value=30189"] {
            let (s, body) = call(&app, "territory_communes", Some(&coord), &format!("id={territory}&{query}")).await;
            assert_eq!(s, 403, "{query}: {body}");
            assert!(body.contains("le droit"), "a French message: {body}");
        }
        assert_eq!(count().await, before, "nothing written");
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (s, body) = call(&app, "territory_communes", Some(&admin), &format!("id={territory}&action=add&value={}", urlencode("Nîmes"))).await;
        assert_eq!((s, body.as_str()), (200, "1"));
        let (s, body) = call(&app, "territory_communes", Some(&admin), &format!("id={territory}&action=departement&value=2A")).await;
        assert_eq!(s, 200, "{body}");
        assert!(body.parse::<i64>().unwrap() > 50);
        assert_eq!(call(&app, "territory_communes", Some(&admin), &format!("id={territory}&action=departement&value=99")).await.0, 400);
        assert_eq!(call(&app, "territory_communes", Some(&admin), &format!("id={territory}&action=remove&value=30189")).await.1, "1");
        assert!(count().await > before + 50);
        // A member structure by its exact name: the coordinator invites it; it is not a
        // member until one of its responsables accepts (tests in `territory_powers`).
        let (sid, name): (i64, String) = sqlx::query_as(
            "SELECT id, name FROM structures WHERE validation_status = 'validated'
             AND id NOT IN (SELECT structure_id FROM territory_structures WHERE territory_id = $1) ORDER BY id DESC LIMIT 1",
        )
        .bind(territory)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let (s, body) = call(&app, "territory_member", Some(&coord), &format!("id={territory}&action=add&structure={}", urlencode(&name))).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        let rows = |table: &'static str| {
            let app = &app;
            async move {
                sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table} WHERE territory_id = $1 AND structure_id = $2"))
                    .bind(territory)
                    .bind(sid)
                    .fetch_one(&app.db.pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!((rows("territory_structures").await, rows("network_invitations").await), (0, 1));
        // Creating territories and appointing coordinators are the admins'.
        let coordinators = || {
            let app = &app;
            async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM territory_coordinators").fetch_one(&app.db.pool).await.unwrap() }
        };
        let appointed = coordinators().await;
        assert_eq!(call(&app, "save_territory", Some(&coord), "name=Autre&description=").await.0, 403);
        assert_eq!(call(&app, "territory_coordinator", Some(&coord), &format!("id={territory}&action=add&who=camille%40example.org")).await.0, 403);
        assert_eq!(coordinators().await, appointed, "nothing written");
        let (s, created) = call(&app, "save_territory", Some(&admin), &format!("name={}&description=", urlencode("Réseau des tiers-lieux du Gard"))).await;
        assert_eq!(s, 200, "{created}");
        let (s, _) = call(&app, "territory_coordinator", Some(&admin), &format!("id={created}&action=add&who=camille%40example.org")).await;
        assert_eq!(s, 200);
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let (s, body) = call(&app, "territories", Some(&camille), "").await;
        assert_eq!(s, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["territories"].as_array().unwrap().len(), 1, "only hers");
        // …and she cannot edit the other one.
        assert_eq!(call(&app, "save_territory", Some(&camille), &format!("id={territory}&name=Autre&description=")).await.0, 404);
        assert_eq!(call(&app, "territory_member", Some(&camille), &format!("id={territory}&action=remove&structure={sid}")).await.0, 404);
        assert_eq!(rows("network_invitations").await, 1, "the other territory's invitation stays");
        app.finish().await;
    })
}
