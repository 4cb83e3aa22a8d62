//! Who manages what: a structure's posts belong to its current members (the author who
//! left or was removed manages nothing of them any more); invitations never reveal the
//! account behind an address; a structure waiting for validation sends no invitation.

use crate::helpers::{TestApp, call, last_mail_to, login_cookie, urlencode};

const PW: &str = "partage-demo-2026";

#[test]
fn a_member_who_left_no_longer_manages_the_posts_they_wrote_for_the_structure() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let structure: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'membre@example.org' AND m.status = 'active' LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let form = format!(
            "form[author]=structure:{structure}&form[kind]=need&form[category]=vehicule&form[title]={}&form[description]={}&intent=publish",
            urlencode("Un utilitaire pour la collecte"),
            urlencode("Pour la collecte de meubles de samedi, une matinée suffit.")
        );
        let (status, body) = call(&app, "save_post", Some(&member), &form).await;
        assert_eq!(status, 200, "{body}");
        let post: i64 = body.trim().parse().unwrap();
        let (status, body) = call(&app, "reply_to_post", Some(&camille), &format!("post_id={post}&message={}&reply_as=moi", urlencode("J’ai un camion."))).await;
        assert_eq!(status, 200, "{body}");
        let response: i64 = body.trim().parse().unwrap();
        assert_eq!(call(&app, "decide_reply", Some(&member), &format!("response_id={response}&decision=accept")).await.0, 200);
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={post}")).await;
        assert!(page.contains("camille@example.org"), "while a member, the accepted responder's contact: {page}");

        let (status, body) = call(&app, "answer_membership", Some(&member), &format!("structure_id={structure}&action=leave")).await;
        assert_eq!((status, body.trim()), (200, "true"));

        // Gone: no edit, no status change, no thread, no contact.
        let (_, page) = call(&app, "post_page", Some(&member), &format!("id={post}")).await;
        assert!(!page.contains("camille@example.org") && !page.contains("J’ai un camion."), "{page}");
        assert_eq!(call(&app, "set_post_status", Some(&member), &format!("post_id={post}&status=archived")).await.0, 403);
        let edit = format!("post_id={post}&{}", form.replace("Un utilitaire pour la collecte", "Titre changé par un ancien membre"));
        let (status, body) = call(&app, "save_post", Some(&member), &edit).await;
        assert_eq!(status, 403, "{body}");
        let title: String = sqlx::query_scalar("SELECT title FROM posts WHERE id = $1").bind(post).fetch_one(pool).await.unwrap();
        assert_eq!(title, "Un utilitaire pour la collecte");
        let (_, mine) = call(&app, "my_exchanges", Some(&member), "").await;
        let mine: serde_json::Value = serde_json::from_str(&mine).unwrap();
        assert!(!mine["posts"].as_array().unwrap().iter().any(|p| p["id"].as_i64() == Some(post)), "{mine}");
        // A new message in the thread notifies the structure's members, not the old author.
        let member_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'membre@example.org'").fetch_one(pool).await.unwrap();
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1").bind(member_id).fetch_one(pool).await.unwrap();
        assert_eq!(call(&app, "send_message", Some(&camille), &format!("response_id={response}&body=Toujours+partant")).await.0, 200);
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1").bind(member_id).fetch_one(pool).await.unwrap();
        assert_eq!(after, before);
        app.finish().await;
    })
}

#[test]
fn an_invitation_shows_the_address_typed_never_the_account_behind_it() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let responsable = login_cookie(&app, "responsable@example.org", PW).await;
        let garage: i64 = sqlx::query_scalar(
            "SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'responsable@example.org' LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let yanis_name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'yanis@example.org'").fetch_one(pool).await.unwrap();
        let (status, body) = call(&app, "invite_member", Some(&responsable), &format!("structure_id={garage}&email=Yanis%40Example.org")).await;
        assert_eq!(status, 200, "{body}");
        let (_, page) = call(&app, "structure_members", Some(&responsable), &format!("structure_id={garage}")).await;
        assert!(page.contains("yanis@example.org"), "{page}");
        assert!(!page.contains(&yanis_name), "the account's name stays hidden: {page}");
        // The same for an address without an account.
        assert_eq!(call(&app, "invite_member", Some(&responsable), &format!("structure_id={garage}&email=nouvelle%40example.org")).await.0, 200);
        let (_, page) = call(&app, "structure_members", Some(&responsable), &format!("structure_id={garage}")).await;
        assert!(page.contains("nouvelle@example.org"), "{page}");
        // Withdrawing the invitation sent to an account removes it.
        let (status, body) = call(&app, "manage_member", Some(&responsable), &format!("structure_id={garage}&user_id=0&action=cancel_invitation&email=yanis%40example.org")).await;
        assert_eq!((status, body.trim()), (200, "true"));
        let invited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'yanis@example.org' AND m.structure_id = $1",
        )
        .bind(garage)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(invited, 0);
        app.finish().await;
    })
}

#[test]
fn a_structure_waiting_for_validation_cannot_invite() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let form = "form[name]=Atelier+des+possibles&form[kind]=association&form[description]=Un+atelier&form[commune]=Uz%C3%A8s+(30700)";
        let (status, body) = call(&app, "declare_structure", Some(&camille), form).await;
        assert_eq!(status, 200, "{body}");
        let id: i64 = body.trim().parse().unwrap();
        let (status, body) = call(&app, "invite_member", Some(&camille), &format!("structure_id={id}&email=quelquun%40example.org")).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("attend encore sa validation"), "{body}");
        assert!(last_mail_to(&app.db, "quelquun@example.org").await.is_none(), "no mail sent");
        app.finish().await;
    })
}
