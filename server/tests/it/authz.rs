use app::policy::{API_ROUTES, Role, Rule, SERVER_FUNCTIONS, rule_for};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::{ORIGIN, TestApp, body_text, login_cookie};


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

#[test]
fn the_authorization_matrix_holds_for_every_server_function_and_role() {
    crate::helpers::run(async {
        // A production-like instance: the dev outbox is for admins only.
        let app = TestApp::with_dev_mode(false).await;
        // The demo accounts hold the roles the README says they do.
        for role in Role::ALL {
            if let Some(email) = account(role) {
                let user: app::model::SessionUser =
                    sqlx::query_as("SELECT id, display_name, email, is_instance_admin FROM users WHERE email = $1")
                        .bind(email)
                        .fetch_one(&app.db.pool)
                        .await
                        .unwrap();
                assert_eq!(app::db::users::role_of(&app.db.pool, &user).await.unwrap(), role, "{email}");
            }
        }
        // One session per role; `log_out` goes last since it ends the session.
        let mut cookies = Vec::new();
        for role in Role::ALL {
            cookies.push(match account(role) {
                Some(email) => Some(login_cookie(&app, email, "partage-demo-2026").await),
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
        endpoints.sort_by_key(|(e, _)| *e == "log_out");
        let mut checked = 0;
        for (endpoint, rule) in endpoints {
            for (role, cookie) in Role::ALL.into_iter().zip(&cookies) {
                let mut req = Request::builder()
                    .method(methods[endpoint].clone())
                    .uri(format!("/api/{endpoint}"))
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json");
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let res = app.send(req.body(Body::empty()).unwrap()).await;
                let status = res.status();
                let allowed = rule.allows(role, false);
                if allowed {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "{endpoint} should be allowed for {role:?}, got {status}: {}",
                        body_text(res).await
                    );
                } else {
                    let expected = if role == Role::Visitor { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
                    assert_eq!(status, expected, "{endpoint} should be refused to {role:?}");
                    assert!(body_text(res).await.contains("\"message\""), "a French message comes with the refusal");
                }
                checked += 1;
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
