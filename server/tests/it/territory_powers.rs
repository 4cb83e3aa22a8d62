//! A coordinator's power stays inside their territory (issue 15, point 2): only instance
//! admins change a territory's communes; a structure joins a network when one of its
//! responsables accepts the coordinator's invitation (or an admin decides); an import
//! creates structures only in the importer's territory; admins review what coordinators
//! added before these rules.

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

use crate::helpers::{ORIGIN, TestApp, body_text, call, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";
const GARAGE: &str = "Garage solidaire de Thiverny";

/// The demo coordinator's territory (Pays d'Uzès): id, slug, name.
async fn territory(app: &TestApp) -> (i64, String, String) {
    sqlx::query_as(
        "SELECT t.id, t.slug, t.name FROM territories t JOIN territory_coordinators c ON c.territory_id = t.id
         JOIN users u ON u.id = c.user_id WHERE u.email = 'coordination@example.org'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// The structure the demo responsable runs: in Thiverny (Oise), in no territory.
async fn garage(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM structures WHERE name = $1").bind(GARAGE).fetch_one(&app.db.pool).await.unwrap()
}

async fn count(app: &TestApp, sql: &str, a: i64, b: i64) -> i64 {
    sqlx::query_scalar(sql).bind(a).bind(b).fetch_one(&app.db.pool).await.unwrap()
}

async fn is_member(app: &TestApp, territory: i64, structure: i64) -> bool {
    count(app, "SELECT COUNT(*) FROM territory_structures WHERE territory_id = $1 AND structure_id = $2", territory, structure).await > 0
}

async fn invited(app: &TestApp, territory: i64, structure: i64) -> bool {
    count(app, "SELECT COUNT(*) FROM network_invitations WHERE territory_id = $1 AND structure_id = $2", territory, structure).await > 0
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let res = app.send(Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), 200, "{path}");
    body_text(res).await
}

/// The coordinator's export of their territory's structures (CSV, with contacts).
async fn exported(app: &TestApp, cookie: &str, slug: &str) -> String {
    page(app, cookie, &format!("/coordination/export/structures.csv?reseau={slug}")).await
}

#[test]
fn only_instance_admins_change_a_territorys_communes() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, _, _) = territory(&app).await;
        let communes = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM territory_communes WHERE territory_id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap()
        };
        let audited = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'territory.communes'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap()
        };
        let before = communes().await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        for query in ["action=add&value=N%C3%AEmes", "action=departement&value=2A", "action=departement&value=30", "action=remove&value=30334"] {
            let (s, body) = call(&app, "territory_communes", Some(&coord), &format!("id={id}&{query}")).await;
            assert_eq!(s, 403, "{query}: {body}");
            assert!(body.contains("\"message\"") && body.contains("Vous n’avez pas le droit"), "a French message: {body}");
        }
        assert_eq!((communes().await, audited().await), (before, 0), "nothing written");
        // The coordinator's page shows the communes without the forms that change them.
        let html = page(&app, &coord, "/coordination/territoires").await;
        assert!(html.contains("fixées par les admins") && !html.contains(r#"name="action" value="departement""#), "{html}");

        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (s, body) = call(&app, "territory_communes", Some(&admin), &format!("id={id}&action=departement&value=2A")).await;
        assert_eq!(s, 200, "{body}");
        let added: i64 = body.parse().unwrap();
        assert!(added > 100, "{added}");
        assert_eq!(communes().await, before + added);
        assert_eq!(audited().await, 1, "in the journal");
        let html = page(&app, &admin, "/coordination/territoires").await;
        assert!(html.contains(r#"name="action" value="departement""#));
        app.finish().await;
    })
}

#[test]
fn a_coordinator_invites_a_structure_which_joins_once_a_responsable_accepts() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, slug, name) = territory(&app).await;
        let garage = garage(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        assert!(!exported(&app, &coord, &slug).await.contains(GARAGE));

        let (s, body) = call(&app, "territory_member", Some(&coord), &format!("id={id}&action=add&structure={}", urlencode(GARAGE))).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert!(invited(&app, id, garage).await && !is_member(&app, id, garage).await, "an invitation, not a membership");
        // Asking again sends nothing more.
        assert_eq!(call(&app, "territory_member", Some(&coord), &format!("id={id}&action=add&structure={}", urlencode(GARAGE))).await.1, "false");
        // Its responsable is told in the application, once.
        let marc: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'responsable@example.org'").fetch_one(&app.db.pool).await.unwrap();
        let notices = count(&app, "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND structure_id = $2 AND kind = 'network_invitation'", marc, garage).await;
        assert_eq!(notices, 1);
        let (_, body) = call(&app, "my_exchanges", Some(&responsable), "").await;
        assert!(body.contains("\"kind\":\"network_invitation\"") && body.contains(&name), "{body}");
        // The coordinator's page says the invitation is sent.
        let html = page(&app, &coord, "/coordination/territoires").await;
        assert!(html.contains("invitation envoyée"), "{html}");

        // Until it is accepted the coordinator's scope does not widen: the structure is
        // neither theirs to archive (not found, before the reason is even read) nor exported.
        assert_eq!(call(&app, "archive_structure", Some(&coord), &format!("structure_id={garage}&reason=")).await.0, 404);
        assert!(!exported(&app, &coord, &slug).await.contains(GARAGE));

        // Nobody but its responsables (and admins) answers: not the coordinator, not a member
        // of another structure.
        let form = format!("structure_id={garage}&territory_id={id}&decision=accept");
        let (s, body) = call(&app, "answer_network_invitation", Some(&coord), &form).await;
        assert_eq!(s, 403, "{body}");
        assert!(body.contains("Vous n’avez pas le droit"), "{body}");
        let member = login_cookie(&app, "membre@example.org", PW).await;
        assert_eq!(call(&app, "answer_network_invitation", Some(&member), &form).await.0, 403);
        assert!(invited(&app, id, garage).await && !is_member(&app, id, garage).await);

        // The responsable sees it on the structure's page, with plain forms…
        let html = page(&app, &responsable, &format!("/compte/structures/{garage}")).await;
        assert!(html.contains("Invitations à rejoindre un réseau") && html.contains(&name), "{html}");
        assert!(html.contains(r#"action="/api/answer_network_invitation""#) && html.contains(r#"value="accept""#), "{html}");
        // …and accepts without JavaScript: the browser posts the form and comes back.
        let res = app
            .send(
                Request::post("/api/answer_network_invitation")
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::REFERER, format!("{ORIGIN}/compte/structures/{garage}"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "text/html,application/xhtml+xml")
                    .header(header::COOKIE, &responsable)
                    .body(Body::from(form.clone()))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), 302);
        let location = res.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert!(location.contains(&format!("/compte/structures/{garage}")) && !location.contains("__err"), "{location}");
        assert!(is_member(&app, id, garage).await && !invited(&app, id, garage).await);
        let unread = count(&app, "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND structure_id = $2 AND read_at IS NULL", marc, garage).await;
        assert_eq!(unread, 0, "the notice is settled");
        let answered: String = sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'territory.invitation'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(answered.contains("\"accept\":true"), "{answered}");

        // Now it is in the coordinator's scope.
        assert!(exported(&app, &coord, &slug).await.contains(GARAGE));
        assert_eq!(call(&app, "archive_structure", Some(&coord), &format!("structure_id={garage}&reason=")).await.0, 400, "the reason is read");
        assert!(!page(&app, &coord, "/coordination/territoires").await.contains("invitation envoyée"));
        // An answered invitation cannot be answered again.
        let (s, body) = call(&app, "answer_network_invitation", Some(&responsable), &form).await;
        assert_eq!(s, 404);
        assert!(body.contains("Cette invitation n’existe plus"), "{body}");
        app.finish().await;
    })
}

#[test]
fn a_declined_invitation_leaves_the_structure_out() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, slug, _) = territory(&app).await;
        let garage = garage(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        call(&app, "territory_member", Some(&coord), &format!("id={id}&action=add&structure={}", urlencode(GARAGE))).await;
        let (s, body) = call(&app, "answer_network_invitation", Some(&responsable), &format!("structure_id={garage}&territory_id={id}&decision=decline")).await;
        assert_eq!((s, body.as_str()), (200, "false"));
        assert!(!is_member(&app, id, garage).await && !invited(&app, id, garage).await);
        assert!(!exported(&app, &coord, &slug).await.contains(GARAGE));
        assert!(!page(&app, &responsable, &format!("/compte/structures/{garage}")).await.contains("Invitations à rejoindre un réseau"));
        // A coordinator may withdraw an invitation too.
        call(&app, "territory_member", Some(&coord), &format!("id={id}&action=add&structure={}", urlencode(GARAGE))).await;
        assert!(invited(&app, id, garage).await);
        let (s, body) = call(&app, "territory_member", Some(&coord), &format!("id={id}&action=remove&structure={garage}")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert!(!invited(&app, id, garage).await && !is_member(&app, id, garage).await);
        app.finish().await;
    })
}

#[test]
fn an_instance_admin_adds_a_member_directly_or_decides_an_invitation() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, _, _) = territory(&app).await;
        let garage = garage(&app).await;
        let other: i64 = sqlx::query_scalar(
            "SELECT id FROM structures WHERE validation_status = 'validated' AND id <> $1
             AND id NOT IN (SELECT structure_id FROM territory_structures WHERE territory_id = $2) ORDER BY id LIMIT 1",
        )
        .bind(garage)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let other_slug: String = sqlx::query_scalar("SELECT slug FROM structures WHERE id = $1").bind(other).fetch_one(&app.db.pool).await.unwrap();
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (s, body) = call(&app, "territory_member", Some(&admin), &format!("id={id}&action=add&structure={other_slug}")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert!(is_member(&app, id, other).await && !invited(&app, id, other).await, "added directly");

        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        call(&app, "territory_member", Some(&coord), &format!("id={id}&action=add&structure={}", urlencode(GARAGE))).await;
        // The admins' review page lists it with the answer buttons.
        let html = page(&app, &admin, "/admin/territoires").await;
        assert!(html.contains("Invitations en attente de réponse") && html.contains(GARAGE), "{html}");
        assert!(html.contains(r#"action="/api/answer_network_invitation""#), "{html}");
        let (s, body) = call(&app, "answer_network_invitation", Some(&admin), &format!("structure_id={garage}&territory_id={id}&decision=accept")).await;
        assert_eq!((s, body.as_str()), (200, "true"));
        assert!(is_member(&app, id, garage).await && !invited(&app, id, garage).await);
        app.finish().await;
    })
}

/// Starts an import and waits for its end; the job's final status.
async fn import(app: &TestApp, cookie: &str, form: &str) -> Value {
    let (s, body) = call(app, "start_import", Some(cookie), form).await;
    assert_eq!(s, 200, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_u64().unwrap();
    for _ in 0..200 {
        let (_, body) = call(app, "import_status", Some(cookie), &format!("id={id}")).await;
        let status: Value = serde_json::from_str(&body).unwrap();
        if status["finished"] == true {
            return status;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[test]
fn an_import_refuses_communes_outside_the_territory_and_its_structures_join_it() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, slug, name) = territory(&app).await;
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        let structures = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM structures").fetch_one(&app.db.pool).await.unwrap() };
        let before = structures().await;
        let csv = "Nom;Type;Commune\n\
                   Atelier vélo d’Uzès;association;Uzès\n\
                   Repair Café nîmois;association;Nîmes\n\
                   Amicale des Garrigues;association;Arpaillargues-et-Aureillac\n\
                   Ludothèque lilloise;association;Lille\n";
        let form = |csv: &str| format!("reseau={slug}&csv={}", urlencode(csv));
        let (s, body) = call(&app, "preview_import", Some(&coord), &form(csv)).await;
        assert_eq!(s, 200, "{body}");
        let p: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((p["valid"].as_i64(), p["invalid"].as_i64()), (Some(2), Some(2)), "{body}");
        let lines = p["lines"].as_array().unwrap();
        for (line, commune) in [(3, "Nîmes ("), (5, "Lille (")] {
            let l = lines.iter().find(|l| l["line"] == line).unwrap_or_else(|| panic!("line {line}: {body}"));
            let message = l["errors"][0].as_str().unwrap();
            assert!(message.starts_with(&format!("commune : {commune}")), "{message}");
            assert!(
                message.ends_with(&format!(") n’est pas une commune de « {name} » ; seuls les admins de l’instance importent des structures d’ailleurs.")),
                "{message}"
            );
        }
        let (s, body) = call(&app, "start_import", Some(&coord), &form(csv)).await;
        assert_eq!(s, 400);
        assert!(body.contains("2 lignes sont en erreur : rien n’a été importé"), "{body}");
        assert_eq!(structures().await, before, "nothing written");

        // The lines of the territory go in, and join it.
        let inside = "Nom;Type;Commune\nAtelier vélo d’Uzès;association;Uzès\nAmicale des Garrigues;association;Arpaillargues-et-Aureillac\n";
        let status = import(&app, &coord, &form(inside)).await;
        assert_eq!((status["created"].as_i64(), status["error"].is_null()), (Some(2), true), "{status}");
        let joined: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM structures s JOIN territory_structures ts ON ts.structure_id = s.id AND ts.territory_id = $1
             WHERE s.name IN ('Atelier vélo d’Uzès', 'Amicale des Garrigues') AND s.validation_status = 'validated'",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(joined, 2);

        // An instance admin imports anywhere, into the network named.
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let elsewhere = "Nom;Type;Commune\nRepair Café nîmois;association;Nîmes\n";
        let (_, body) = call(&app, "preview_import", Some(&admin), &form(elsewhere)).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["invalid"], 0, "{body}");
        let status = import(&app, &admin, &form(elsewhere)).await;
        assert_eq!(status["created"].as_i64(), Some(1), "{status}");
        let joined: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM structures s JOIN territory_structures ts ON ts.structure_id = s.id AND ts.territory_id = $1
             WHERE s.name = 'Repair Café nîmois'",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(joined, 1);
        app.finish().await;
    })
}

#[test]
fn admins_review_the_communes_and_members_coordinators_added() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (id, _, name) = territory(&app).await;
        let garage = garage(&app).await;
        let user = |email: &'static str| {
            let app = &app;
            async move { sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap() }
        };
        let (coordinator, admin_id) = (user("coordination@example.org").await, user("admin@example.org").await);
        // What coordinators could do before: a département, a commune, a member (and what
        // needs no review: a removal, an addition that changed nothing, an admin's change).
        sqlx::query("INSERT INTO territory_structures (territory_id, structure_id) VALUES ($1, $2)").bind(id).bind(garage).execute(&app.db.pool).await.unwrap();
        for (actor, action, details) in [
            (coordinator, "territory.communes", r#"{"action":"departement","value":"2A","changed":124}"#.to_string()),
            (coordinator, "territory.communes", r#"{"action":"add","value":"Nîmes","changed":1}"#.to_string()),
            (coordinator, "territory.communes", r#"{"action":"add","value":"Uzès","changed":0}"#.to_string()),
            (coordinator, "territory.communes", r#"{"action":"remove","value":"30334","changed":1}"#.to_string()),
            (coordinator, "territory.member", format!(r#"{{"add":true,"structure":{garage}}}"#)),
            (admin_id, "territory.communes", r#"{"action":"departement","value":"48","changed":152}"#.to_string()),
        ] {
            sqlx::query(
                "INSERT INTO audit_log (actor_id, action, target_kind, target_id, details, created_at) VALUES ($1, $2, 'territory', $3, $4, $5)",
            )
            .bind(actor)
            .bind(action)
            .bind(id)
            .bind(details)
            .bind(chrono::Utc::now())
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let coord = login_cookie(&app, "coordination@example.org", PW).await;
        assert_eq!(call(&app, "territory_review", Some(&coord), "").await.0, 403);
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        let (s, body) = call(&app, "territory_review", Some(&admin), "").await;
        assert_eq!(s, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let additions = v["additions"].as_array().unwrap();
        assert_eq!(additions.len(), 3, "{body}");
        assert!(additions.iter().all(|a| a["territory_id"] == id && a["territory_name"] == name.as_str() && a["coordinator"].is_string()));
        assert_eq!(additions[0]["what"]["Member"]["structure_id"], garage, "newest first: {body}");
        assert_eq!(additions[0]["what"]["Member"]["still_member"], true);
        assert_eq!(additions[1]["what"]["Commune"]["value"], "Nîmes");
        assert_eq!(additions[2]["what"]["Departement"]["code"], "2A");

        let html = page(&app, &admin, "/admin/territoires").await;
        assert!(html.contains("Ajouts des coordinateurs à revoir") && html.contains("département 2A (124 communes ajoutées)"), "{html}");
        assert!(html.contains("commune « Nîmes »") && html.contains(GARAGE) && html.contains("toujours membre"), "{html}");
        assert!(!html.contains("département 48"), "an admin's own change is not listed");
        // The admin withdraws the member from there.
        let (s, _) = call(&app, "territory_member", Some(&admin), &format!("id={id}&action=remove&structure={garage}")).await;
        assert_eq!(s, 200);
        let (_, body) = call(&app, "territory_review", Some(&admin), "").await;
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["additions"][0]["what"]["Member"]["still_member"], false, "{body}");
        // Linked from the admin's account page.
        assert!(page(&app, &admin, "/compte").await.contains(r#"href="/admin/territoires""#));
        app.finish().await;
    })
}
