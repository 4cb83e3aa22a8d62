//! Structures from the accounts' side, through the real router and server functions:
//! declaring (→ validation by the territory's coordinators, else admins), joining,
//! invitations, roles, and the per-object rules behind them.

use crate::helpers::{TestApp, call, last_mail_to, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

fn declare_form(name: &str, commune: &str) -> String {
    format!("form[name]={}&form[kind]=association&form[description]=Un+atelier&form[commune]={}", urlencode(name), urlencode(commune))
}

async fn id_of(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM structures WHERE name = $1").bind(name).fetch_one(&app.db.pool).await.unwrap()
}

#[test]
fn a_declared_structure_waits_for_its_territorys_coordinators_else_the_admins() {
    crate::helpers::run(async {
        let app = TestApp::with_dev_mode(false).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let coordination = login_cookie(&app, "coordination@example.org", PW).await;
        let admin = login_cookie(&app, "admin@example.org", PW).await;

        // Uzès lies in the Pays d'Uzès territory; Brest in none.
        let (status, body) = call(&app, "declare_structure", Some(&camille), &declare_form("Atelier vélo d’Uzès", "Uzès (30700)")).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = call(&app, "declare_structure", Some(&camille), &declare_form("Repair café du Finistère", "Brest")).await;
        assert_eq!(status, 200);
        let uzes = id_of(&app, "Atelier vélo d’Uzès").await;
        let brest = id_of(&app, "Repair café du Finistère").await;
        let row: (String, String, String) =
            sqlx::query_as("SELECT validation_status, insee, slug FROM structures WHERE id = $1").bind(uzes).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(row, ("pending".into(), "30334".into(), "atelier-velo-d-uzes".into()));
        // The declarant is its first responsable; the coordinator was told, the admin for Brest.
        let (_, mine) = call(&app, "my_structures", Some(&camille), "").await;
        assert!(mine.contains("\"role\":\"admin\"") && mine.contains("Atelier vélo"), "{mine}");
        assert!(last_mail_to(&app.db, "coordination@example.org").await.unwrap().1.contains("Atelier vélo d’Uzès"));
        assert!(last_mail_to(&app.db, "admin@example.org").await.unwrap().1.contains("Repair café du Finistère"));

        // Each queue holds what its owner may decide.
        let (_, queue) = call(&app, "validation_queue", Some(&coordination), "").await;
        assert!(queue.contains("Atelier vélo") && !queue.contains("Repair café"), "{queue}");
        let (_, queue) = call(&app, "validation_queue", Some(&admin), "").await;
        assert!(queue.contains("Atelier vélo") && queue.contains("Repair café"));
        // Not listed in the public directory while pending.
        let (_, found) = call(&app, "find_structures", Some(&camille), "query=atelier+velo").await;
        assert!(!found.contains("Uzès"), "{found}");

        // The coordinator cannot decide outside their territory; a rejection needs a reason.
        let (status, _) = call(&app, "decide_structure", Some(&coordination), &format!("structure_id={brest}&decision=validate")).await;
        assert_eq!(status, 403);
        let (status, body) = call(&app, "decide_structure", Some(&coordination), &format!("structure_id={uzes}&decision=reject")).await;
        assert_eq!(status, 400);
        assert!(body.contains("motif"), "{body}");
        let (status, body) = call(&app, "decide_structure", Some(&coordination), &format!("structure_id={uzes}&decision=validate")).await;
        assert_eq!((status, body.as_str()), (200, "true"));
        let (_, again) = call(&app, "decide_structure", Some(&admin), &format!("structure_id={uzes}&decision=validate")).await;
        assert_eq!(again, "false", "decided once");
        assert!(last_mail_to(&app.db, "camille@example.org").await.unwrap().1.contains("est validée"));
        let (_, body) = call(&app, "decide_structure", Some(&admin), &format!("structure_id={brest}&decision=reject&reason=Doublon+de+Repair+Brest")).await;
        assert_eq!(body, "true");
        assert!(last_mail_to(&app.db, "camille@example.org").await.unwrap().1.contains("Doublon de Repair Brest"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action IN ('structure.validate', 'structure.reject')").await, 2);
        let (_, found) = call(&app, "find_structures", Some(&camille), "query=velo").await;
        assert!(found.contains("Atelier vélo d’Uzès"), "word prefix, accents ignored: {found}");
        app.finish().await;
    })
}

#[test]
fn a_bad_declaration_names_every_field_and_writes_nothing() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let before = count(&app, "SELECT COUNT(*) FROM structures").await;
        let form = "form[name]=X&form[kind]=secte&form[description]=&form[commune]=Saint-Martin&form[website]=javascript:alert(1)&form[siret]=123";
        let (status, body) = call(&app, "declare_structure", Some(&camille), form).await;
        assert_eq!(status, 400);
        let err: app::error::AppError = serde_json::from_str(&body).unwrap();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "commune", "website", "siret"]);
        assert!(err.message_for("commune").unwrap().contains("Plusieurs communes"));
        let (_, body) = call(&app, "declare_structure", Some(&camille), &declare_form("Atelier", "Nullepartville")).await;
        assert!(body.contains("Aucune commune ne correspond"), "{body}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM structures").await, before);
        // Visitors cannot declare at all.
        assert_eq!(call(&app, "declare_structure", None, &declare_form("Atelier", "Uzès")).await.0, 401);
        app.finish().await;
    })
}

#[test]
fn joining_a_structure_is_accepted_by_its_responsable_only() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let garage: (i64, String) =
            sqlx::query_as("SELECT s.id, s.name FROM structures s JOIN memberships m ON m.structure_id = s.id JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let yanis_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'yanis@example.org'").fetch_one(&app.db.pool).await.unwrap();
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        let membre = login_cookie(&app, "membre@example.org", PW).await;
        let (status, body) = call(&app, "request_membership", Some(&yanis), &format!("structure_id={}", garage.0)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(call(&app, "request_membership", Some(&yanis), &format!("structure_id={}", garage.0)).await.0, 409);
        assert!(last_mail_to(&app.db, "responsable@example.org").await.unwrap().1.contains("demande à rejoindre"));

        // A member of another structure cannot see or decide on this one's members.
        let manage = format!("structure_id={}&user_id={yanis_id}&action=accept", garage.0);
        assert_eq!(call(&app, "structure_members", Some(&membre), &format!("structure_id={}", garage.0)).await.0, 403);
        assert_eq!(call(&app, "manage_member", Some(&membre), &manage).await.0, 403);
        // Yanis cannot accept himself (a citizen has no right to manage members at all).
        assert_eq!(call(&app, "manage_member", Some(&yanis), &manage).await.0, 403);
        let (_, page) = call(&app, "structure_members", Some(&responsable), &format!("structure_id={}", garage.0)).await;
        assert!(page.contains("\"status\":\"requested\"") && page.contains("yanis@example.org"), "{page}");
        assert_eq!(call(&app, "manage_member", Some(&responsable), &manage).await.1, "true");
        let (_, mine) = call(&app, "my_structures", Some(&yanis), "").await;
        assert!(mine.contains("\"status\":\"active\"") && mine.contains(&garage.1));

        // The last responsable can neither step down nor leave; once Yanis is one, they can.
        let karim_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'responsable@example.org'").fetch_one(&app.db.pool).await.unwrap();
        let (status, body) = call(&app, "manage_member", Some(&responsable), &format!("structure_id={}&user_id={karim_id}&action=make_member", garage.0)).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("au moins un responsable"));
        let (status, _) = call(&app, "answer_membership", Some(&responsable), &format!("structure_id={}&action=leave", garage.0)).await;
        assert_eq!(status, 400);
        assert_eq!(call(&app, "manage_member", Some(&responsable), &format!("structure_id={}&user_id={yanis_id}&action=make_admin", garage.0)).await.1, "true");
        assert_eq!(call(&app, "answer_membership", Some(&responsable), &format!("structure_id={}&action=leave", garage.0)).await.1, "true");
        let roles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'membership.role'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(roles, 1, "role changes are audited");
        app.finish().await;
    })
}

#[test]
fn an_invitation_waits_for_an_address_without_account_until_it_signs_up() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let garage: i64 = sqlx::query_scalar("SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        // Same answer for an address with or without an account.
        let (s1, b1) = call(&app, "invite_member", Some(&responsable), &format!("structure_id={garage}&email=nouvelle%40example.org")).await;
        let (s2, b2) = call(&app, "invite_member", Some(&responsable), &format!("structure_id={garage}&email=martine%40example.org")).await;
        assert_eq!((s1, &b1), (s2, &b2));
        let (status, body) = call(&app, "invite_member", Some(&responsable), &format!("structure_id={garage}&email=pas-une-adresse")).await;
        assert_eq!(status, 400);
        assert!(body.contains("\"field\":\"email\""));
        assert!(last_mail_to(&app.db, "nouvelle@example.org").await.unwrap().1.contains("vous invite"));

        // Martine (has an account) finds it under « Mes structures » and accepts.
        let martine = login_cookie(&app, "martine@example.org", PW).await;
        let (_, mine) = call(&app, "my_structures", Some(&martine), "").await;
        assert!(mine.contains("\"status\":\"invited\""));
        assert_eq!(call(&app, "answer_membership", Some(&martine), &format!("structure_id={garage}&action=accept")).await.1, "true");

        // The new address signs up and confirms: the invitation is waiting.
        let pool = &app.db.pool;
        app::auth::service::sign_up(pool, crate::helpers::ORIGIN, app::auth::service::SignUp {
            email: "nouvelle@example.org".into(),
            display_name: "Nouvelle".into(),
            password: "une phrase de passe".into(),
        })
        .await
        .unwrap();
        let (_, body) = last_mail_to(&app.db, "nouvelle@example.org").await.unwrap();
        let token: String = body.split("jeton=").nth(1).unwrap().chars().take_while(char::is_ascii_hexdigit).collect();
        assert!(app::auth::service::verify_email(pool, &token).await.unwrap());
        let nouvelle = login_cookie(&app, "nouvelle@example.org", "une phrase de passe").await;
        let (_, mine) = call(&app, "my_structures", Some(&nouvelle), "").await;
        assert!(mine.contains("\"status\":\"invited\""), "{mine}");
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structure_invitations").fetch_one(pool).await.unwrap();
        assert_eq!(left, 0);
        app.finish().await;
    })
}

#[test]
fn members_edit_their_structures_profile_with_the_declarations_checks_and_others_cannot() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let id: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let (status, body) = call(&app, "structure_profile_form", Some(&member), &format!("structure_id={id}")).await;
        assert_eq!(status, 200, "{body}");
        let (slug, mut form): (String, app::model::StructureForm) = serde_json::from_str(&body).unwrap();
        assert_eq!(call(&app, "structure_profile_form", Some(&yanis), &format!("structure_id={id}")).await.0, 403);

        form.description = "Nouvelle présentation : ateliers de réparation le samedi.".into();
        form.website = "javascript:alert(1)".into();
        let encode = |f: &app::model::StructureForm| {
            format!(
                "structure_id={id}&form[name]={}&form[kind]={}&form[description]={}&form[commune]={}&form[address]={}&form[email]={}&form[phone]={}&form[website]={}&form[rna]={}&form[siret]={}",
                urlencode(&f.name), urlencode(&f.kind), urlencode(&f.description), urlencode(&f.commune), urlencode(&f.address),
                urlencode(&f.email), urlencode(&f.phone), urlencode(&f.website), urlencode(&f.rna), urlencode(&f.siret)
            )
        };
        let (status, body) = call(&app, "update_structure", Some(&member), &encode(&form)).await;
        assert_eq!(status, 400);
        assert!(body.contains("\"field\":\"website\""), "{body}");
        form.website = "https://exemple.example.org".into();
        assert_eq!(call(&app, "update_structure", Some(&yanis), &encode(&form)).await.0, 403);
        let (status, body) = call(&app, "update_structure", Some(&member), &encode(&form)).await;
        assert_eq!(status, 200, "{body}");
        // Same address, new text, found by the directory's search.
        let html = crate::helpers::body_text(app.get(&format!("/structures/{slug}")).await).await;
        assert!(html.contains("ateliers de réparation le samedi"));
        let (_, found) = call(&app, "directory", None, "filter[q]=reparation+samedi").await;
        assert!(found.contains(&slug), "{found}");
        app.finish().await;
    })
}
