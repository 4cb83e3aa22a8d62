//! Data rules written once (issue 15, point 7): an RNA or SIRET number names one live
//! structure (a partial unique index, its violation said in French on the field, even
//! between two concurrent declarations; start-up refuses duplicates already there); and
//! one rule for a structure's contacts, the same on every path that shows them.

use serde_json::Value;

use crate::helpers::{TestApp, call, get_as, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";
/// A valid SIRET (Luhn) no demo structure holds.
const SIRET: &str = "73282932000074";

fn declaration(name: &str, commune: &str, rna: &str, siret: &str) -> String {
    format!(
        "form[name]={}&form[kind]=association&form[description]=&form[address]=&form[commune]={}&form[email]=&form[phone]=&form[website]=&form[rna]={}&form[siret]={}",
        urlencode(name),
        urlencode(commune),
        urlencode(rna),
        urlencode(siret)
    )
}

/// The structure `membre@example.org` belongs to: (id, slug).
async fn member_structure(app: &TestApp) -> (i64, String) {
    sqlx::query_as(
        "SELECT s.id, s.slug FROM structures s JOIN memberships m ON m.structure_id = s.id JOIN users u ON u.id = m.user_id
         WHERE u.email = 'membre@example.org'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// The field error of a refused form: (status, field, message).
fn field_error(status: u16, body: &str) -> (u16, String, String) {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON error: {body}"));
    let f = &v["fields"][0];
    (status, f["field"].as_str().unwrap_or_default().to_string(), f["message"].as_str().unwrap_or_default().to_string())
}

#[test]
fn an_rna_or_siret_number_names_one_live_structure() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (holder, _) = member_structure(&app).await;
        sqlx::query("UPDATE structures SET rna = 'W301234567', siret = $1 WHERE id = $2").bind(SIRET).bind(holder).execute(pool).await.unwrap();
        let camille = login_cookie(&app, "camille@example.org", PW).await;

        // Declaring: the numbers as typed (lower case, spaces) are those of a live structure.
        let (s, body) = call(&app, "declare_structure", Some(&camille), &declaration("Les Amis du vélo", "Uzès", "w301234567", "")).await;
        assert_eq!(field_error(s, &body), (400, "rna".into(), app::i18n::ERR_RNA_TAKEN.into()));
        let (s, body) = call(&app, "declare_structure", Some(&camille), &declaration("Les Amis du vélo", "Uzès", "", "732 829 320 00074")).await;
        assert_eq!(field_error(s, &body), (400, "siret".into(), app::i18n::ERR_SIRET_TAKEN.into()));
        let declared: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE name = 'Les Amis du vélo'").fetch_one(pool).await.unwrap();
        assert_eq!(declared, 0, "nothing written");

        // Editing a profile: another structure's number is refused the same way.
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        let garage: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let (s, body) = call(&app, "structure_profile_form", Some(&responsable), &format!("structure_id={garage}")).await;
        assert_eq!(s, 200, "{body}");
        let form: Value = serde_json::from_str::<Value>(&body).unwrap()[1].clone();
        let mut edit = format!("structure_id={garage}");
        for (k, v) in form.as_object().unwrap() {
            let v = if k == "siret" { SIRET.to_string() } else { v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()) };
            edit.push_str(&format!("&form[{k}]={}", urlencode(&v)));
        }
        let (s, body) = call(&app, "update_structure", Some(&responsable), &edit).await;
        assert_eq!(field_error(s, &body), (400, "siret".into(), app::i18n::ERR_SIRET_TAKEN.into()));
        let kept: Option<String> = sqlx::query_scalar("SELECT siret FROM structures WHERE id = $1").bind(garage).fetch_one(pool).await.unwrap();
        assert_eq!(kept, None);

        // A structure no longer live (archived) frees its numbers.
        sqlx::query("UPDATE structures SET validation_status = 'archived' WHERE id = $1").bind(holder).execute(pool).await.unwrap();
        let (s, body) = call(&app, "update_structure", Some(&responsable), &edit).await;
        assert_eq!(s, 200, "{body}");
        let (s, body) = call(&app, "declare_structure", Some(&camille), &declaration("Les Amis du vélo", "Uzès", "W301234567", "")).await;
        assert_eq!(s, 200, "{body}");
        app.finish().await;
    })
}

/// Two accounts declare the same new SIRET at the same moment: one structure is
/// recorded, the other account gets the French message on the field (never a 500).
#[test]
fn concurrent_declarations_of_one_siret_record_one_structure() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let mut cookies = Vec::new();
        for who in ["camille", "yanis", "martine", "theo"] {
            cookies.push(login_cookie(&app, &format!("{who}@example.org"), PW).await);
        }
        let forms: Vec<String> =
            (0..cookies.len()).map(|i| declaration(&format!("Recyclerie numéro {i}"), "Uzès", "", SIRET)).collect();
        let calls = cookies.iter().zip(&forms).map(|(c, f)| call(&app, "declare_structure", Some(c), f));
        let results = futures_util::future::join_all(calls).await;
        let won: Vec<_> = results.iter().filter(|(s, _)| *s == 200).collect();
        assert_eq!(won.len(), 1, "{results:?}");
        for (s, body) in results.iter().filter(|(s, _)| *s != 200) {
            assert_eq!(field_error(*s, body), (400, "siret".into(), app::i18n::ERR_SIRET_TAKEN.into()));
        }
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE siret = $1").bind(SIRET).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(n, 1);
        app.finish().await;
    })
}

/// Migration 0016 made numbers unique; a database holding live duplicates from before
/// it does not start: the French list names them. Once one is archived, the migration
/// runs and stores the numbers as the forms do.
#[test]
fn start_up_refuses_live_duplicates_with_their_list_then_migrates() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_demo().await;
        let pool = &db.pool;
        // Back to the schema before 0016 (its indexes and columns gone, not recorded).
        for sql in [
            "DROP INDEX structures_rna_live_key",
            "DROP INDEX structures_siret_live_key",
            "CREATE INDEX structures_rna_idx ON structures (rna) WHERE rna IS NOT NULL",
            "CREATE INDEX structures_siret_idx ON structures (siret) WHERE siret IS NOT NULL",
            "ALTER TABLE structures DROP COLUMN email_public",
            "ALTER TABLE structures DROP COLUMN phone_public",
            "ALTER TABLE structures DROP COLUMN website_public",
            "DELETE FROM _sqlx_migrations WHERE version = 16",
        ] {
            sqlx::query(sql).execute(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let ids: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM structures ORDER BY id LIMIT 4").fetch_all(pool).await.unwrap();
        // The same RNA typed two ways, the same SIRET with spaces; a rejected one does not count.
        for (i, rna, siret, status) in [
            (0, Some(" w301234567"), None, "validated"),
            (1, Some("W301234567"), None, "pending"),
            (2, None, Some("732 829 320 00074"), "validated"),
            (3, None, Some("73282932000074"), "rejected"),
        ] {
            sqlx::query("UPDATE structures SET rna = $1, siret = $2, validation_status = $3 WHERE id = $4")
                .bind(rna)
                .bind(siret)
                .bind(status)
                .bind(ids[i].0)
                .execute(pool)
                .await
                .unwrap();
        }
        sqlx::query("UPDATE structures SET siret = '73282932000074' WHERE id = $1").bind(ids[1].0).execute(pool).await.unwrap();
        let refused = server::startup::migrate(pool).await.unwrap_err();
        let message = refused.to_string();
        assert!(message.starts_with("Des structures actives (validées ou en attente) partagent un numéro RNA ou SIRET"), "{message}");
        let rna_line = format!("RNA W301234567 : « {} » (n° {}, validée), « {} » (n° {}, en attente)", ids[0].1, ids[0].0, ids[1].1, ids[1].0);
        let siret_line = format!("SIRET 73282932000074 : « {} » (n° {}, en attente), « {} » (n° {}, validée)", ids[1].1, ids[1].0, ids[2].1, ids[2].0);
        assert!(message.contains(&rna_line), "{message}");
        assert!(message.contains(&siret_line), "{message}");
        assert!(!message.contains(&ids[3].1), "a rejected structure is not live: {message}");
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 16").fetch_one(pool).await.unwrap();
        assert_eq!(applied, 0, "nothing migrated");

        // The operator archives the pending one: the server starts, numbers normalised.
        sqlx::query("UPDATE structures SET validation_status = 'archived' WHERE id = $1").bind(ids[1].0).execute(pool).await.unwrap();
        server::startup::migrate(pool).await.expect("migrates once the duplicates are gone");
        let (rna, siret): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT rna, siret FROM structures WHERE id = $1").bind(ids[0].0).fetch_one(pool).await.unwrap();
        assert_eq!((rna.as_deref(), siret), (Some("W301234567"), None));
        let siret: Option<String> = sqlx::query_scalar("SELECT siret FROM structures WHERE id = $1").bind(ids[2].0).fetch_one(pool).await.unwrap();
        assert_eq!(siret.as_deref(), Some("73282932000074"));
        // Archived duplicates stay; a live one is refused by the index from now on.
        let dup = sqlx::query("UPDATE structures SET validation_status = 'validated' WHERE id = $1").bind(ids[1].0).execute(pool).await;
        assert!(dup.is_err(), "the index holds");
        db.drop_db().await;
    })
}


/// A structure keeps its phone for insiders and publishes its e-mail: every path shows
/// the e-mail to anyone, the phone to its members, its territory's coordinators and
/// admins only.
#[test]
fn each_contact_is_public_or_not_by_the_structures_choice_on_every_path() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (id, slug) = member_structure(&app).await;
        let (email, phone) = ("contact-unique@example.org", "0466223344");
        sqlx::query("UPDATE structures SET email = $1, phone = $2 WHERE id = $3").bind(email).bind(phone).bind(id).execute(pool).await.unwrap();
        // A member keeps the phone for insiders, on the profile form.
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let (s, body) = call(&app, "structure_profile_form", Some(&member), &format!("structure_id={id}")).await;
        assert_eq!(s, 200, "{body}");
        let form: Value = serde_json::from_str::<Value>(&body).unwrap()[1].clone();
        assert_eq!((form["hide_email"].as_bool(), form["hide_phone"].as_bool()), (Some(false), Some(false)), "public by default");
        let mut edit = format!("structure_id={id}");
        for (k, v) in form.as_object().unwrap() {
            if !k.starts_with("hide_") {
                edit.push_str(&format!("&form[{k}]={}", urlencode(v.as_str().unwrap())));
            }
        }
        edit.push_str("&form[hide_phone]=true");
        let (s, body) = call(&app, "update_structure", Some(&member), &edit).await;
        assert_eq!(s, 200, "{body}");
        let flags: (bool, bool, bool) =
            sqlx::query_as("SELECT email_public, phone_public, website_public FROM structures WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert_eq!(flags, (true, false, true));
        let (_, body) = call(&app, "structure_profile_form", Some(&member), &format!("structure_id={id}")).await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[1]["hide_phone"], true, "the form shows the choice");

        // Anyone: the e-mail everywhere, the phone nowhere.
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        for cookie in [None, Some(camille.as_str())] {
            let (s, html) = get_as(&app, &format!("/structures/{slug}"), cookie).await;
            assert_eq!(s, 200);
            assert!(html.contains(email) && !html.contains(phone), "profile page for {cookie:?}");
            let (_, json) = call(&app, "structure_profile", cookie, &format!("slug={slug}")).await;
            let page: Value = serde_json::from_str(&json).unwrap();
            assert_eq!((page["email"].as_str(), page["phone"].as_str()), (Some(email), None), "profile JSON for {cookie:?}");
        }
        let name: String = sqlx::query_scalar("SELECT name FROM structures WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        let (s, api) = get_as(&app, &format!("/api/v1/structures?q={}", urlencode(&name)), None).await;
        assert_eq!(s, 200, "{api}");
        let api: Value = serde_json::from_str(&api).unwrap();
        let item = api["items"].as_array().unwrap().iter().find(|i| i["id"] == id).expect("listed");
        assert_eq!(item["contacts"]["email"], email);
        assert!(item["contacts"]["phone"].is_null(), "{item}");
        for export in ["/api/v1/structures.geojson", "/api/v1/structures.csv"] {
            let (s, body) = get_as(&app, export, None).await;
            assert_eq!(s, 200);
            assert!(body.contains(email) && !body.contains(phone), "{export}");
        }
        let (_, geo) = get_as(&app, "/api/v1/structures.geojson", None).await;
        let geo: Value = serde_json::from_str(&geo).unwrap();
        let f = geo["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == id).unwrap();
        assert_eq!((f["properties"]["email"].as_str(), f["properties"]["phone"].as_str()), (Some(email), None));

        // Insiders: its member, its territory's coordinator, an admin — the phone too.
        let coordinator = login_cookie(&app, "coordination@example.org", PW).await;
        let admin = login_cookie(&app, "admin@example.org", PW).await;
        for (who, cookie) in [("member", &member), ("coordinator", &coordinator), ("admin", &admin)] {
            let (_, html) = get_as(&app, &format!("/structures/{slug}"), Some(cookie)).await;
            assert!(html.contains(email) && html.contains(phone), "profile page for the {who}");
            let (_, json) = call(&app, "structure_profile", Some(cookie), &format!("slug={slug}")).await;
            assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["phone"], phone, "profile JSON for the {who}");
        }
        let territory: String = sqlx::query_scalar(
            "SELECT t.slug FROM territories t JOIN territory_coordinators c ON c.territory_id = t.id JOIN users u ON u.id = c.user_id
             WHERE u.email = 'coordination@example.org'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        for export in ["structures.csv", "structures.geojson", "structures.data-inclusion.json"] {
            let (s, body) = get_as(&app, &format!("/coordination/export/{export}?reseau={territory}"), Some(&coordinator)).await;
            assert_eq!(s, 200, "{export}");
            assert!(body.contains(email) && body.contains(phone), "coordinators' {export}");
        }

        // A coordinator of another territory is no insider of this structure.
        let other: i64 = sqlx::query_scalar(
            "SELECT t.id FROM territories t WHERE t.slug <> $1 AND NOT EXISTS
               (SELECT 1 FROM territory_structures ts WHERE ts.territory_id = t.id AND ts.structure_id = $2)
             AND NOT EXISTS (SELECT 1 FROM territory_communes tc JOIN structures s ON s.insee = tc.insee WHERE tc.territory_id = t.id AND s.id = $2)
             ORDER BY t.id LIMIT 1",
        )
        .bind(&territory)
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO territory_coordinators (territory_id, user_id) SELECT $1, id FROM users WHERE email = 'yanis@example.org'")
            .bind(other)
            .execute(pool)
            .await
            .unwrap();
        let yanis = login_cookie(&app, "yanis@example.org", PW).await;
        let (_, html) = get_as(&app, &format!("/structures/{slug}"), Some(&yanis)).await;
        assert!(html.contains(email) && !html.contains(phone), "another territory's coordinator");
        app.finish().await;
    })
}
