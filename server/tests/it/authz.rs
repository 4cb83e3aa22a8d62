use app::policy::{API_ROUTES, Role, Rule, SERVER_FUNCTIONS, rule_for};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::{ORIGIN, TestApp, body_text, last_mail_to, login_cookie, urlencode};


/// The demo account holding each role (README).
fn account(role: Role) -> Option<&'static str> {
    match role {
        Role::Visitor => None,
        Role::Citizen => Some("camille@example.org"),
        Role::StructureMember => Some("membre@example.org"),
        Role::StructureAdmin => Some("responsable@example.org"),
        Role::Coordinator => Some("coordination@example.org"),
        Role::InstanceAdmin => Some("admin@example.org"),
    }
}

#[test]
fn every_server_function_has_a_policy_entry() {
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    assert!(registered.len() >= SERVER_FUNCTIONS.len());
    for endpoint in &registered {
        assert!(rule_for(endpoint).is_some(), "server function `{endpoint}` has no entry in app::policy");
    }
    for (endpoint, _) in SERVER_FUNCTIONS {
        assert!(registered.iter().any(|r| r == endpoint), "policy entry `{endpoint}` names no server function");
    }
}

/// Calls `endpoint` (with its registered method) as `role` from its own address (the
/// per-address limits then count each role apart). Returns the status, the body and the
/// session cookie the answer set, if any.
async fn send_as(
    app: &TestApp,
    method: &axum::http::Method,
    endpoint: &str,
    role_index: usize,
    cookie: Option<&str>,
    form: &str,
) -> (u16, String, Option<String>) {
    let get = *method == axum::http::Method::GET;
    let uri = if get && !form.is_empty() { format!("/api/{endpoint}?{form}") } else { format!("/api/{endpoint}") };
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let mut req = req.body(if get { Body::empty() } else { Body::from(form.to_string()) }).unwrap();
    let ip = std::net::IpAddr::from([203, 0, 113, 10 + role_index as u8]);
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
    let res = app.send(req).await;
    let status = res.status().as_u16();
    let set_cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap().to_string())
        .filter(|c| !c.ends_with('='));
    (status, body_text(res).await, set_cookie)
}

const PW: &str = "partage-demo-2026";

/// A reason long enough for every moderation form.
const REASON: &str = "Fiche%20en%20double%2C%20signal%C3%A9e%20par%20plusieurs%20habitants";

/// What the matrix acts on: objects of each role's account (index = `Role::ALL` order), so
/// that every allowed call is a valid request about something that role may touch.
struct Fixture {
    territory: i64,
    territory_name: String,
    slug: String,
    /// « Nom (code postal) » of a commune of the territory.
    commune: String,
    commune_name: String,
    /// The structure each account manages or belongs to (the coordinator is made the
    /// responsable of one of the territory's structures; the admin uses the garage's).
    own_structure: [i64; 6],
    garage_slug: String,
    /// A validated structure no demo account belongs to: asked to join, then left.
    join_target: i64,
    /// An offer by someone else: responded to, reported, shown.
    other_post: i64,
    /// A volunteering mission with room for everyone.
    mission: i64,
    /// Per role: its own published offer, a pending response to it.
    own_offer: [i64; 6],
    response_to_own: [i64; 6],
    /// Per role: a declared (pending) structure of the territory to decide on, another
    /// to merge into `merge_into`, a validated one to archive, a need and an offer to
    /// connect, a post to hide, an account to ban, a structure and a commune to add.
    to_decide: [i64; 6],
    to_merge: [i64; 6],
    merge_into: i64,
    to_archive: [i64; 6],
    need: [i64; 6],
    offer: [i64; 6],
    to_hide: [i64; 6],
    to_ban: [i64; 6],
    member_to_add: [String; 6],
    commune_to_add: [String; 6],
    new_coordinator: [String; 6],
    verify_token: [String; 6],
    reset_token: [String; 6],
    freshness_token: String,
}

fn token_in(body: &str) -> String {
    body.split("jeton=").nth(1).unwrap().split_whitespace().next().unwrap().to_string()
}

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// An account with the demo password (copied from a demo account: no hashing).
async fn account_named(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO users (email, email_verified_at, password_hash, display_name, is_instance_admin, created_at, updated_at)
         SELECT $1, created_at, password_hash, $1, FALSE, created_at, updated_at FROM users WHERE email = 'camille@example.org'
         RETURNING id",
    )
    .bind(email)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn ok_call(app: &TestApp, endpoint: &str, cookie: &str, form: &str) -> String {
    let (status, body) = crate::helpers::call(app, endpoint, Some(cookie), form).await;
    assert_eq!(status, 200, "setup {endpoint}: {body}");
    body
}

fn offer_form(title: &str, commune: &str) -> String {
    format!(
        "form[author]=moi&form[kind]=offer&form[category]=materiel&form[title]={}&form[description]={}&form[commune]={}&intent=publish",
        urlencode(title),
        urlencode("Une perceuse-visseuse avec ses forets, à prêter le week-end."),
        urlencode(commune)
    )
}

async fn fixture(app: &TestApp) -> Fixture {
    let pool = &app.db.pool;
    let (territory, slug, insee): (i64, String, String) = sqlx::query_as(
        "SELECT t.id, t.slug, tc.insee FROM territories t
         JOIN territory_coordinators c ON c.territory_id = t.id JOIN users u ON u.id = c.user_id
         JOIN territory_communes tc ON tc.territory_id = t.id JOIN communes co ON co.insee = tc.insee
         WHERE u.email = 'coordination@example.org' ORDER BY co.population DESC, tc.insee LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let (commune_name, postcode): (String, String) =
        sqlx::query_as("SELECT c.name, MIN(p.postcode) FROM communes c JOIN commune_postcodes p ON p.insee = c.insee WHERE c.insee = $1 GROUP BY c.name")
            .bind(&insee)
            .fetch_one(pool)
            .await
            .unwrap();
    let commune = format!("{commune_name} ({postcode})");
    let member_of = id_of(app, "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org'").await;
    let (garage, garage_slug): (i64, String) = sqlx::query_as(
        "SELECT s.id, s.slug FROM structures s JOIN memberships m ON m.structure_id = s.id JOIN users u ON u.id = m.user_id
         WHERE u.email = 'responsable@example.org'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    // Validated structures of the territory no demo account belongs to, for the objects below.
    let free: Vec<i64> = sqlx::query_scalar(
        "SELECT s.id FROM structures s WHERE s.validation_status = 'validated'
           AND s.insee IN (SELECT insee FROM territory_communes WHERE territory_id = $1)
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.structure_id = s.id) ORDER BY s.id",
    )
    .bind(territory)
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(free.len() >= 9, "the territory has enough structures: {}", free.len());
    let (coordinated, join_target, merge_into) = (free[0], free[1], free[2]);
    let mut to_archive = [0; 6];
    to_archive[4] = free[3];
    to_archive[5] = free[4];
    // Outside the territory: structures a coordinator may add to their network.
    let outside: Vec<String> = sqlx::query_scalar(
        "SELECT s.name FROM structures s WHERE s.validation_status = 'validated'
           AND (s.insee IS NULL OR s.insee NOT IN (SELECT insee FROM territory_communes WHERE territory_id = $1))
           AND s.id NOT IN (SELECT structure_id FROM territory_structures WHERE territory_id = $1) ORDER BY s.id LIMIT 2",
    )
    .bind(territory)
    .fetch_all(pool)
    .await
    .unwrap();
    let communes_out: Vec<String> = sqlx::query_scalar(
        "SELECT c.name || ' (' || MIN(p.postcode) || ')' FROM communes c JOIN commune_postcodes p ON p.insee = c.insee
         WHERE c.departement = '30' AND c.insee NOT IN (SELECT insee FROM territory_communes WHERE territory_id = $1)
         GROUP BY c.insee, c.name ORDER BY c.insee LIMIT 2",
    )
    .bind(territory)
    .fetch_all(pool)
    .await
    .unwrap();

    // The coordinator runs one structure of the territory (so the structure-level
    // functions have an object of theirs); `autre` co-runs every structure a demo
    // account runs, so none of them is its last responsable when the account is deleted.
    let coordinator = id_of(app, "SELECT id FROM users WHERE email = 'coordination@example.org'").await;
    let other = account_named(app, "autre@example.org").await;
    let now = app::db::now();
    // `autre` also runs a structure of its own (its mission below) and one asked
    // whether its profile is up to date (the freshness link).
    let (missions, stale) = (free[5], free[6]);
    for (user, structure) in
        [(coordinator, coordinated), (other, coordinated), (other, garage), (other, member_of), (other, missions), (other, stale)]
    {
        sqlx::query("INSERT INTO memberships (user_id, structure_id, role, status, created_at) VALUES ($1, $2, 'admin', 'active', $3)")
            .bind(user)
            .bind(structure)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
    }
    let own_structure = [garage, garage, member_of, garage, coordinated, garage];

    let other_cookie = login_cookie(app, "autre@example.org", PW).await;
    let member_cookie = login_cookie(app, "membre@example.org", PW).await;
    let created = |body: String| body.trim().parse::<i64>().unwrap_or_else(|_| panic!("an id: {body}"));
    let other_post = created(ok_call(app, "save_post", &other_cookie, &offer_form("Escabeau à prêter", &commune)).await);
    let day = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).format("%Y-%m-%d").to_string();
    let mission = created(
        ok_call(
            app,
            "save_post",
            &other_cookie,
            &format!(
                "form[author]=structure:{missions}&form[kind]=need&form[category]=benevolat&form[title]={}&form[description]={}&form[starts_on]={day}&form[mission_time]=09:00&form[volunteers_needed]=20&intent=publish",
                urlencode("Tenir le stand de la fête des récoltes"),
                urlencode("Accueillir le public et servir la soupe, de 9 h à midi.")
            ),
        )
        .await,
    );

    let mut fx = Fixture {
        territory,
        territory_name: sqlx::query_scalar("SELECT name FROM territories WHERE id = $1").bind(territory).fetch_one(pool).await.unwrap(),
        slug: slug.clone(),
        commune: commune.clone(),
        commune_name,
        own_structure,
        garage_slug,
        join_target,
        other_post,
        mission,
        own_offer: [0; 6],
        response_to_own: [0; 6],
        to_decide: [0; 6],
        to_merge: [0; 6],
        merge_into,
        to_archive,
        need: [0; 6],
        offer: [0; 6],
        to_hide: [0; 6],
        to_ban: [0; 6],
        member_to_add: Default::default(),
        commune_to_add: Default::default(),
        new_coordinator: Default::default(),
        verify_token: Default::default(),
        reset_token: Default::default(),
        freshness_token: String::new(),
    };
    for (i, role) in Role::ALL.into_iter().enumerate() {
        if let Some(email) = account(role) {
            let cookie = login_cookie(app, email, PW).await;
            fx.own_offer[i] = created(ok_call(app, "save_post", &cookie, &offer_form(&format!("Perceuse numéro {i} à prêter"), &commune)).await);
            fx.response_to_own[i] = created(
                ok_call(app, "reply_to_post", &other_cookie, &format!("post_id={}&message=Je%20suis%20int%C3%A9ress%C3%A9&reply_as=moi", fx.own_offer[i])).await,
            );
        }
        if matches!(role, Role::Coordinator | Role::InstanceAdmin) {
            let declare = |name: String| {
                format!(
                    "form[name]={}&form[kind]=association&form[description]=&form[address]=&form[commune]={}&form[email]=&form[phone]=&form[website]=&form[rna]=&form[siret]=",
                    urlencode(&name),
                    urlencode(&commune)
                )
            };
            fx.to_decide[i] = created(ok_call(app, "declare_structure", &other_cookie, &declare(format!("Association à valider {i}"))).await);
            fx.to_merge[i] = created(ok_call(app, "declare_structure", &other_cookie, &declare(format!("Association à fusionner {i}"))).await);
            fx.need[i] = created(
                ok_call(
                    app,
                    "save_post",
                    &member_cookie,
                    &format!(
                        "form[author]=structure:{member_of}&form[kind]=need&form[category]=materiel&form[title]={}&form[description]={}&intent=publish",
                        urlencode(&format!("Besoin d’une perceuse {i}")),
                        urlencode("Pour monter les étagères de la ressourcerie samedi matin.")
                    ),
                )
                .await,
            );
            fx.offer[i] = created(ok_call(app, "save_post", &other_cookie, &offer_form(&format!("Perceuse à prêter {i}"), &commune)).await);
            fx.to_hide[i] = created(ok_call(app, "save_post", &other_cookie, &offer_form(&format!("Annonce douteuse {i}"), &commune)).await);
            fx.to_ban[i] = account_named(app, &format!("a-bannir-{i}@example.org")).await;
            fx.member_to_add[i] = outside[i - 4].clone();
            fx.commune_to_add[i] = communes_out[i - 4].clone();
            account_named(app, &format!("future-coordination-{i}@example.org")).await;
            fx.new_coordinator[i] = format!("future-coordination-{i}@example.org");
        }
        // Tokens of links sent by e-mail, one per role (each is used once).
        let signed_up = format!("inscrite-{i}@example.org");
        let form = app::auth::service::SignUp { email: signed_up.clone(), display_name: format!("Inscrite {i}"), password: "une phrase de passe longue".into() };
        app::auth::service::sign_up(pool, ORIGIN, form).await.unwrap();
        fx.verify_token[i] = token_in(&last_mail_to(&app.db, &signed_up).await.unwrap().1);
        let forgetful = format!("oublieuse-{i}@example.org");
        account_named(app, &forgetful).await;
        app::auth::service::request_password_reset(pool, ORIGIN, &forgetful).await.unwrap();
        fx.reset_token[i] = token_in(&last_mail_to(&app.db, &forgetful).await.unwrap().1);
    }
    // A freshness reminder's link (asked about a structure unchanged for a year).
    sqlx::query("UPDATE structures SET updated_at = $1 WHERE id = $2").bind(now - chrono::Duration::days(400)).bind(stale).execute(pool).await.unwrap();
    let (asked, _) = app::structures::freshness::run(pool, ORIGIN, now).await.unwrap();
    assert_eq!(asked, 1);
    let (_, body) = last_mail_to(&app.db, "autre@example.org").await.unwrap();
    fx.freshness_token = body.split("jeton=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    fx
}

/// A valid request to `endpoint` for the role at `i`: its form (query for GET).
async fn arguments(app: &TestApp, fx: &Fixture, endpoint: &str, i: usize, role: Role, cookie: Option<&str>, imports: &[Option<u64>; 6]) -> String {
    let coordinator = role == Role::Coordinator;
    let reseau = if coordinator { fx.slug.clone() } else { String::new() };
    let own = fx.own_structure[i];
    match endpoint {
        "site_info" | "home" | "map_settings" | "current_user" | "my_sessions" | "dev_outbox" | "export_my_data"
        | "my_structures" | "validation_queue" | "territories" | "publish_context" | "my_exchanges" | "read_notifications"
        | "unread_notifications" | "volunteering" | "instance_settings" | "log_out" => String::new(),
        "communes" => "q=uzes".into(),
        "sign_up" => format!("email=nouvelle-{i}%40example.org&display_name=Nouvelle&password=une%20phrase%20de%20passe%20longue"),
        "verify_email" => format!("token={}", fx.verify_token[i]),
        "log_in" => {
            let email = account(role).unwrap_or("theo@example.org");
            format!("email={}&password={PW}", urlencode(email))
        }
        "request_password_reset" => format!("email=oublieuse-{i}%40example.org"),
        "reset_password" => format!("token={}&password=un%20tout%20nouveau%20secret", fx.reset_token[i]),
        "revoke_session" => "handle=inconnue".into(),
        "change_password" => format!("current_password={PW}&new_password={PW}"),
        "request_email_change" => format!("new_email=changement-{i}%40example.org&password={PW}"),
        "confirm_email_change" => match last_mail_to(&app.db, &format!("changement-{i}@example.org")).await {
            Some((_, body)) => format!("token={}", token_in(&body)),
            None => "token=aucun".into(),
        },
        "delete_account" => format!("password={PW}&posts=anonymise"),
        "mail_settings" => String::new(),
        "save_mail_settings" => {
            "replies=now&messages=now&decisions=now&connections=daily&moderation=daily&volunteers=daily&missions=daily&expiry=daily&invitations=never".into()
        }
        "unsubscribe_link" => "token=un-lien-quelconque".into(),
        "my_alerts" | "dev_send_mails" => String::new(),
        "describe_filter" => "query=type%3Dbesoin%26categorie%3Dvehicule".into(),
        "create_alert" => "query=type%3Dbesoin&frequency=daily".into(),
        "subscribe_alert" => format!("email=alerte-{i}%40example.org&query=type%3Dbesoin&frequency=daily"),
        "confirm_alert" => "token=un-lien-quelconque".into(),
        "change_alert" | "delete_alert" => {
            // An alert of the caller's own (a visitor is refused before it matters).
            let id: i64 = match account(role) {
                Some(email) => sqlx::query_scalar(
                    "INSERT INTO alerts (user_id, query, frequency, created_at, confirmed_at, sent_until, next_due_at)
                     SELECT id, 'type=besoin', 'daily', $1, $1, $1, $1 FROM users WHERE email = $2 OR email = $3 RETURNING id",
                )
                .bind(app::db::now())
                .bind(email)
                // The matrix may have changed the address already (`confirm_email_change`).
                .bind(format!("changement-{i}@example.org"))
                .fetch_one(&app.db.pool)
                .await
                .unwrap(),
                None => 1,
            };
            if endpoint == "change_alert" { format!("id={id}&frequency=weekly") } else { format!("id={id}") }
        }
        "find_structures" => "query=garage".into(),
        "declare_structure" => format!(
            "form[name]={}&form[kind]=association&form[description]=&form[address]=&form[commune]={}&form[email]=&form[phone]=&form[website]=&form[rna]=&form[siret]=",
            urlencode(&format!("Association déclarée {i}")),
            urlencode(&fx.commune)
        ),
        "request_membership" => format!("structure_id={}", fx.join_target),
        "answer_membership" => format!("structure_id={}&action=leave", fx.join_target),
        "structure_members" | "structure_profile_form" => format!("structure_id={own}"),
        "update_structure" => {
            // The profile as its form shows it, saved unchanged.
            let (status, body, _) = send_as(app, &axum::http::Method::POST, "structure_profile_form", i, cookie, &format!("structure_id={own}")).await;
            let form: serde_json::Value = if status == 200 { serde_json::from_str::<serde_json::Value>(&body).unwrap()[1].clone() } else { serde_json::json!({}) };
            let mut out = format!("structure_id={own}");
            for (k, v) in form.as_object().into_iter().flatten() {
                let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                out.push_str(&format!("&form[{k}]={}", urlencode(&v)));
            }
            out
        }
        "invite_member" => format!("structure_id={own}&email=invitee-{i}%40example.org"),
        "manage_member" => {
            format!("structure_id={own}&action=cancel_invitation&email=invitee-{i}%40example.org")
        }
        "decide_structure" => format!("structure_id={}&decision=validate", fx.to_decide[i]),
        "audit_log" => String::new(),
        "dashboard" | "moderation_queue" | "coordination_scope" => format!("reseau={reseau}"),
        "coordination_posts" => {
            let t = if coordinator { format!("filter[posts][place][territory]={reseau}&") } else { String::new() };
            format!("{t}filter[state]=Open&filter[posts][page]=1")
        }
        "connection_candidates" => format!("need_id={}", fx.need[i]),
        "connect_posts" => format!("need_id={}&offer_id={}", fx.need[i], fx.offer[i]),
        "moderate_post" => format!("post_id={}&action=hide&reason={REASON}", fx.to_hide[i]),
        "dismiss_reports" => format!("target_kind=post&target_id={}", fx.other_post),
        "archive_structure" => format!("structure_id={}&reason={REASON}", fx.to_archive[i]),
        "merge_structure" => format!("from_id={}&into_id={}", fx.to_merge[i], fx.merge_into),
        "ban_user" => format!("user_id={}&reason={REASON}", fx.to_ban[i]),
        "preview_import" | "start_import" => format!(
            "reseau={}&csv={}",
            fx.slug,
            urlencode(&format!("nom;type;commune;description\nAssociation importée {i};association;{};Entraide et ateliers partagés\n", fx.commune_name))
        ),
        "import_status" => format!("id={}", imports[i].unwrap_or(0)),
        "freshness_link" => format!("token={}", fx.freshness_token),
        "answer_freshness" => format!("token={}&choice=a-modifier", fx.freshness_token),
        "edit_label" => format!("kind=category&action=add&name={}", urlencode(&format!("Catégorie ajoutée {i}"))),
        "save_instance_text" => format!("key=about&body={}", urlencode("Une instance de démonstration.")),
        "save_map_view" => "lat=44.01&lon=4.42&zoom=9".into(),
        "instance_text" => "key=about".into(),
        "save_territory" if coordinator => format!("id={}&name={}&description=", fx.territory, urlencode(&fx.territory_name)),
        "save_territory" => format!("name={}&description=", urlencode(&format!("Nouveau réseau {i}"))),
        "territory_communes" => format!("id={}&action=add&value={}", fx.territory, urlencode(&fx.commune_to_add[i])),
        "territory_member" => format!("id={}&action=add&structure={}", fx.territory, urlencode(&fx.member_to_add[i])),
        "territory_coordinator" => format!("id={}&action=add&who={}", fx.territory, urlencode(&fx.new_coordinator[i])),
        "directory" => "filter[q]=".into(),
        "share_list" => "filter[q]=".into(),
        "structure_profile" => format!("slug={}", fx.garage_slug),
        "post_page" => format!("id={}", fx.other_post),
        "save_post" => offer_form(&format!("Tréteaux numéro {i} à prêter"), &fx.commune),
        "similar_posts" => format!("kind=offer&category=materiel&commune={}&author=moi", urlencode(&fx.commune)),
        "search_addresses" => "q=1%20place%20aux%20herbes".into(),
        "set_post_status" => format!("post_id={}&status=in_progress", fx.own_offer[i]),
        "reply_to_post" => format!("post_id={}&message=Je%20peux%20aider&reply_as=moi", fx.other_post),
        "decide_reply" => format!("response_id={}&decision=accept", fx.response_to_own[i]),
        "send_message" => format!("response_id={}&body=Merci%2C%20%C3%A0%20samedi", fx.response_to_own[i]),
        "volunteer" => format!("post_id={}&action=join", fx.mission),
        "report" => format!("target_kind=post&target_id={}&reason={REASON}", fx.other_post),
        "match_counts" => format!("ids={}", fx.other_post),
        "territory_review" => String::new(),
        "answer_network_invitation" => {
            // An invitation of the caller's own structure to the territory, made now (a
            // structure is shared by several roles; declining leaves the next one free).
            sqlx::query(
                "INSERT INTO network_invitations (territory_id, structure_id, invited_by, created_at) VALUES ($1, $2, NULL, $3)
                 ON CONFLICT (territory_id, structure_id) DO NOTHING",
            )
            .bind(fx.territory)
            .bind(own)
            .bind(app::db::now())
            .execute(&app.db.pool)
            .await
            .unwrap();
            format!("structure_id={own}&territory_id={}&decision=decline", fx.territory)
        }
        "resource_list" => "query=q%3Dcamion".into(),
        "resource_page" => format!("id={}", open_resource(app).await),
        "resource_editor" | "my_bookings" => String::new(),
        "save_resource" => format!(
            "form[structure_id]={own}&form[name]={}&form[kind]=room&form[description]=&form[unit]=hour&form[min_units]=1&form[max_units]=4&form[notice_hours]=0&form[horizon_days]=30&form[buffer_minutes]=0",
            urlencode(&format!("Salle de réunion {i}"))
        ),
        // The clède is open to individuals: every signed-in role may ask for it.
        "request_booking" => format!(
            "form[resource_id]={}&form[day]={}&form[part]=0&form[units]=1&form[booker]=moi&form[note]=",
            open_resource(app).await,
            app::model::day_param(app::model::time::paris_date(chrono::Utc::now()) + chrono::Days::new(10 + 2 * i as u64))
        ),
        // A request waiting for the owner: the caller's own structure's resource.
        "decide_booking" => {
            let resource = resource_of(app, own).await;
            format!("id={}&decision=decline&reason=", waiting_booking(app, resource, user_id(app, role, i).await).await)
        }
        // The caller's own request.
        "cancel_booking" => format!("id={}", waiting_booking(app, resource_of(app, own).await, user_id(app, role, i).await).await),
        "booking_answer_link" => "token=un-lien-quelconque".into(),
        // The owner's link from the request's mail, signed with the instance's key.
        "answer_booking" => {
            let id = waiting_booking(app, resource_of(app, own).await, user_id(app, Role::Citizen, 1).await).await;
            let token = app::mail::bookings::answer_token(&crate::helpers::signer(), id, true, chrono::Utc::now() + chrono::Duration::hours(1));
            format!("token={}", urlencode(&token))
        }
        "revoke_booking_feed" => format!("resource_id={}", resource_of(app, own).await),
        other => panic!("the authorization matrix has no valid arguments for `{other}`: add them to `arguments`"),
    }
}

/// The demo's clède (open to individuals).
async fn open_resource(app: &TestApp) -> i64 {
    id_of(app, "SELECT id FROM shared_resources WHERE open_to_individuals = TRUE AND name LIKE 'Clède%'").await
}

/// A resource of the structure (made once).
async fn resource_of(app: &TestApp, structure: i64) -> i64 {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM shared_resources WHERE structure_id = $1 AND name = 'Remorque du test'")
        .bind(structure)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap();
    if let Some(id) = existing {
        return id;
    }
    sqlx::query_scalar("INSERT INTO shared_resources (structure_id, name, created_at, updated_at) VALUES ($1, 'Remorque du test', $2, $2) RETURNING id")
        .bind(structure)
        .bind(app::db::now())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The account of a role at index `i` (a citizen's for a visitor), whose address the
/// matrix may have changed already (`confirm_email_change`).
async fn user_id(app: &TestApp, role: Role, i: usize) -> i64 {
    let (email, i) = match account(role) {
        Some(email) => (email, i),
        None => ("camille@example.org", 1),
    };
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1 OR email = $2")
        .bind(email)
        .bind(format!("changement-{i}@example.org"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// A request by `booker` waiting for the owner of `resource`, on a day of its own.
async fn waiting_booking(app: &TestApp, resource: i64, booker: i64) -> i64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let k = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let now = app::db::now();
    let day = app::model::time::paris_date(now) + chrono::Days::new(40 + k);
    let slot = app::model::slot_of(app::model::TimeUnit::Day, day, 0, 1);
    let mut tx = app::db::begin_write(&app.db.pool).await.unwrap();
    let id = app::db::bookings::insert(
        &mut tx,
        &app::db::bookings::NewBooking {
            resource_id: resource,
            booker_id: booker,
            booker_structure_id: None,
            slot,
            blocked: app::model::blocked(slot, 0),
            status: app::model::BookingStatus::Requested,
            note: None,
            hold_until: Some(now + chrono::Duration::hours(72)),
            now,
        },
    )
    .await
    .unwrap()
    .expect("a free day");
    tx.commit().await.unwrap();
    id
}

/// Allowed calls whose success is a known answer other than 2xx: (status, words of the
/// French message).
fn known_outcome(endpoint: &str) -> Option<(u16, &'static str)> {
    match endpoint {
        // No address service on this instance (`COIN_GEOCODER_URL`): said so, nothing more.
        "search_addresses" => Some((404, app::i18n::ADDRESS_NOT_CONFIGURED)),
        // A production-like instance: only development instances send early.
        "dev_send_mails" => Some((404, app::i18n::ERR_NOT_FOUND)),
        _ => None,
    }
}

/// Every server function is called by every role with valid arguments: where the policy
/// allows the role, the answer is a success (2xx) — not a 400, which would only say the
/// request was malformed — and where it refuses, 401 (visitor) or 403 with a French
/// message. A refusal by validation can therefore never pass for an authorization.
#[test]
fn the_authorization_matrix_holds_for_every_server_function_and_role() {
    crate::helpers::run(async {
        // A production-like instance: the dev outbox is for admins only.
        let app = TestApp::with_dev_mode(false).await;
        // The demo accounts hold the roles the README says they do.
        let mut users = Vec::new();
        for role in Role::ALL {
            if let Some(email) = account(role) {
                let user: app::model::SessionUser =
                    sqlx::query_as("SELECT id, display_name, email, is_instance_admin FROM users WHERE email = $1")
                        .bind(email)
                        .fetch_one(&app.db.pool)
                        .await
                        .unwrap();
                assert_eq!(app::policy::role_of(&app.db.pool, &user).await.unwrap(), role, "{email}");
                users.push((role, user));
            }
        }
        let fx = fixture(&app).await;
        // One session per role; deleting the account and `log_out` go last since they end it.
        let mut cookies = Vec::new();
        for role in Role::ALL {
            cookies.push(match account(role) {
                Some(email) => Some(login_cookie(&app, email, PW).await),
                None => None,
            });
        }
        // The plain routes the policy lists (coordinators' downloads): the same matrix.
        for (path, rule) in API_ROUTES.iter().filter(|(_, r)| *r != Rule::Public) {
            for (role, cookie) in Role::ALL.into_iter().zip(&cookies) {
                let mut req = Request::get(*path);
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let status = app.send(req.body(Body::empty()).unwrap()).await.status();
                if rule.allows(role, false) {
                    assert_eq!(status, StatusCode::OK, "{path} should be allowed for {role:?}");
                } else {
                    let expected = if role == Role::Visitor { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
                    assert_eq!(status, expected, "{path} should be refused to {role:?}");
                }
            }
        }
        // Each function is called with the method it is registered for (GET for downloads).
        let methods: std::collections::HashMap<String, axum::http::Method> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| (path.trim_start_matches("/api/").to_string(), method))
            .collect();
        let mut endpoints: Vec<_> = SERVER_FUNCTIONS.to_vec();
        endpoints.sort_by_key(|(e, _)| match *e {
            "delete_account" => 1,
            "log_out" => 2,
            _ => 0,
        });
        let mut imports: [Option<u64>; 6] = [None; 6];
        let mut checked = 0;
        for (endpoint, rule) in endpoints {
            for (i, role) in Role::ALL.into_iter().enumerate() {
                let form = arguments(&app, &fx, endpoint, i, role, cookies[i].as_deref(), &imports).await;
                let (status, body, set_cookie) = send_as(&app, &methods[endpoint], endpoint, i, cookies[i].as_deref(), &form).await;
                if rule.allows(role, false) {
                    match known_outcome(endpoint) {
                        Some((expected, says)) => {
                            assert_eq!(status, expected, "{endpoint} for {role:?}: {body}");
                            assert!(body.contains(says), "{endpoint} for {role:?}: {body}");
                        }
                        None => assert!((200..300).contains(&status), "{endpoint} should succeed for {role:?} ({form}), got {status}: {body}"),
                    }
                } else {
                    let expected = if role == Role::Visitor { 401 } else { 403 };
                    assert_eq!(status, expected, "{endpoint} should be refused to {role:?}: {body}");
                    assert!(body.contains("\"message\""), "a French message comes with the refusal");
                }
                // A new session (log_in) replaces the role's; a visitor stays one.
                if let (Some(c), Some(new)) = (cookies[i].as_mut(), set_cookie) {
                    *c = new;
                }
                if endpoint == "start_import" && status == 200 {
                    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_u64().unwrap();
                    imports[i] = Some(id);
                    // The import writes in the background: let it finish before going on.
                    for _ in 0..200 {
                        let (_, now, _) = send_as(&app, &methods["import_status"], "import_status", i, cookies[i].as_deref(), &format!("id={id}")).await;
                        if now.contains("\"finished\":true") {
                            break;
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    }
                }
                if endpoint == "declare_structure" && status == 200 {
                    // The declarant runs the new structure: keep each account in its role.
                    sqlx::query("DELETE FROM memberships WHERE structure_id = $1").bind(body.trim().parse::<i64>().unwrap()).execute(&app.db.pool).await.unwrap();
                }
                checked += 1;
            }
            // No call changed who holds which role (the rest of the matrix relies on it).
            if endpoint != "delete_account" && endpoint != "log_out" {
                for (role, user) in &users {
                    assert_eq!(app::policy::role_of(&app.db.pool, user).await.unwrap(), *role, "after {endpoint}: {}", user.email);
                }
            }
        }
        assert_eq!(checked, SERVER_FUNCTIONS.len() * Role::ALL.len());
        assert!(SERVER_FUNCTIONS.iter().any(|(_, r)| *r != Rule::Public), "the matrix covers restricted functions");
        app.finish().await;
    })
}

#[test]
fn unknown_endpoints_under_api_do_not_exist() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let res = app
            .send(Request::post("/api/nexiste_pas").header(header::ORIGIN, ORIGIN).body(Body::empty()).unwrap())
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        app.finish().await;
    })
}
