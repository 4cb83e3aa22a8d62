use app::db::testing::TestDb;
use app::db::{self, settings};
use app::model::{DataLicence, PostKind, PostStatus};

#[test]
fn migrations_create_the_settings_row_with_defaults() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let s = settings::get(&db.pool).await.unwrap();
        assert_eq!(s.instance_name, "Coin du partage");
        assert_eq!(s.licence(), DataLicence::CcBySa40);
        assert_eq!(s.map_zoom, 6);
        // Only one settings row may exist.
        let second = sqlx::query("INSERT INTO instance_settings (id, updated_at) VALUES (2, $1)").bind(db::now()).execute(&db.pool).await;
        assert!(second.unwrap_err().to_string().contains("instance_settings_singleton"));
        db.drop_db().await;
    })
}

#[test]
fn the_generated_secret_is_created_once_and_shared() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let a = settings::secret_or_create(&db.pool, "secret_key", server::startup::generate_secret).await.unwrap();
        let b = settings::secret_or_create(&db.pool, "secret_key", || "another".into()).await.unwrap();
        assert_eq!(a, b, "a second instance reads the same key");
        assert_eq!(a.len(), 64);
        db.drop_db().await;
    })
}

#[test]
fn foreign_keys_and_named_checks_are_enforced() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let now = db::now();
        // A post pointing to a missing category is refused (foreign keys are on).
        let orphan = sqlx::query(
            "INSERT INTO posts (kind, category_id, title, description, status, created_at, updated_at, author_id)
             VALUES ('need', 9999, 't', 'd', 'published', $1, $1, NULL)",
        )
        .bind(now)
        .execute(&db.pool)
        .await;
        assert!(orphan.is_err());
        // An unknown status is refused by its named constraint.
        let mut tx = db.pool.begin().await.unwrap();
        let owner = db::users::insert_user(
            &mut tx,
            &db::users::NewUser { email: "o@example.org", display_name: "O", password_hash: None, is_instance_admin: false, email_verified: false },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let bad = sqlx::query(
            "INSERT INTO posts (kind, category_id, title, description, status, created_at, updated_at, author_id)
             VALUES ('need', 1, 't', 'd', 'perdu', $1, $1, $2)",
        )
        .bind(now)
        .bind(owner)
        .execute(&db.pool)
        .await
        .unwrap_err()
        .to_string();
        assert!(bad.contains("posts_status_check"), "{bad}");
        // A post needs an owner: a structure or a person.
        let ownerless = sqlx::query(
            "INSERT INTO posts (kind, category_id, title, description, status, created_at, updated_at)
             VALUES ('need', 1, 't', 'd', 'published', $1, $1)",
        )
        .bind(now)
        .execute(&db.pool)
        .await
        .unwrap_err()
        .to_string();
        assert!(ownerless.contains("posts_owner_check"), "{ownerless}");
        db.drop_db().await;
    })
}

#[test]
fn timestamps_and_enums_round_trip_on_both_backends() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let mut tx = db.pool.begin().await.unwrap();
        let user = db::users::insert_user(
            &mut tx,
            &db::users::NewUser {
                email: " Camille@Example.org ",
                display_name: "Camille",
                password_hash: None,
                is_instance_admin: false,
                email_verified: false,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (email, created_at, admin): (String, chrono::DateTime<chrono::Utc>, bool) =
            sqlx::query_as("SELECT email, created_at, is_instance_admin FROM users WHERE id = $1")
                .bind(user)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(email, "camille@example.org", "e-mails are stored trimmed and lower-case");
        assert!(!admin);
        assert!((chrono::Utc::now() - created_at).num_seconds().abs() < 60);
        let kind: PostKind = sqlx::query_scalar("SELECT 'offer'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(kind, PostKind::Offer);
        let status: PostStatus = sqlx::query_scalar("SELECT 'in_progress'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(status, PostStatus::InProgress);
        db.drop_db().await;
    })
}

#[test]
fn a_failed_multi_step_write_leaves_nothing_behind() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let mut tx = db.pool.begin().await.unwrap();
        let new_user = |email| db::users::NewUser {
            email,
            display_name: "X",
            password_hash: None,
            is_instance_admin: false,
            email_verified: false,
        };
        db::users::insert_user(&mut tx, &new_user("a@example.org")).await.unwrap();
        let dup = db::users::insert_user(&mut tx, &new_user("A@example.org")).await;
        assert!(dup.is_err(), "the e-mail is unique, whatever its case");
        drop(tx); // rolled back
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await.unwrap();
        assert_eq!(n, 0);
        db.drop_db().await;
    })
}

#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
#[test]
fn an_online_backup_is_a_complete_database_that_can_be_restored() {
    crate::helpers::run(async {
        let db = crate::helpers::db_with_demo().await;
        let target = std::env::temp_dir().join(format!("coin-backup-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&target);
        db::backend::backup(&db.pool, &target).await.unwrap();
        // Refuses to overwrite an existing file.
        assert_eq!(db::backend::backup(&db.pool, &target).await.unwrap_err().status(), 400);
        // Restore = open the copy in place of the original (see README): same content.
        let restored = db::connect(&format!("sqlite://{}", target.display()), 1).await.unwrap();
        for table in ["structures", "posts", "communes", "users"] {
            let q = format!("SELECT COUNT(*) FROM {table}");
            let a: i64 = sqlx::query_scalar(&q).fetch_one(&db.pool).await.unwrap();
            let b: i64 = sqlx::query_scalar(&q).fetch_one(&restored).await.unwrap();
            assert_eq!(a, b, "{table}");
            assert!(a > 0, "{table}");
        }
        db::migrate(&restored).await.expect("a restored copy is at the current schema version");
        restored.close().await;
        let _ = std::fs::remove_file(&target);
        db.drop_db().await;
    })
}

#[cfg(feature = "postgres")]
#[test]
fn backup_points_to_pg_dump_on_postgres() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let err = db::backend::backup(&db.pool, std::path::Path::new("/tmp/x.db")).await.unwrap_err();
        assert!(err.message.contains("pg_dump"));
        db.drop_db().await;
    })
}

#[test]
fn create_admin_makes_an_instance_admin_and_refuses_weak_passwords() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let weak = server::admin::create_admin(&db.pool, "chef@example.org", "123456789012").await.unwrap_err();
        assert!(weak.message.contains("chiffres"), "{}", weak.message);
        assert!(server::admin::create_admin(&db.pool, "pas-un-email", "une phrase de passe longue").await.is_err());
        server::admin::create_admin(&db.pool, "Chef@Example.org", "une phrase de passe longue").await.unwrap();
        let (admin, hash): (bool, String) =
            sqlx::query_as("SELECT is_instance_admin, password_hash FROM users WHERE email = 'chef@example.org'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(admin);
        assert!(hash.starts_with("$argon2id$"), "argon2id PHC string");
        assert!(password_auth::verify_password("une phrase de passe longue", &hash).is_ok());
        // Running it again promotes the same account instead of failing.
        let again = server::admin::create_admin(&db.pool, "chef@example.org", "").await.unwrap();
        assert!(again.contains("maintenant admin"));
        let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.create_from_cli'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audit, 2);
        db.drop_db().await;
    })
}
