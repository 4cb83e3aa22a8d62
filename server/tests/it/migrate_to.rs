//! `migrate-to` (PostgreSQL build): every table is copied or declared derived, a SQLite
//! instance is copied whole and verified, identities continue, and a refused copy writes
//! nothing. The demo data's copy, served by the PostgreSQL binary afterwards, is checked by
//! `scripts/check-migration.sh` (it needs the SQLite build, which this test binary is not).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use app::db::testing::TestDb;
use server::migrate_to::{COPIED, DERIVED, MigrateError, Options, is_internal, migrate_to};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};

/// The session store's table, as tower-sessions' SQLite store creates it at start.
const SESSION_TABLE: &str = "CREATE TABLE tower_sessions (id TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL, expiry_date INTEGER NOT NULL)";

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("coin-migrate-{}-{name}-{}.db", std::process::id(), crate::helpers::rand_suffix()))
}

/// A SQLite instance at the binary's migrations, as the SQLite server leaves it.
async fn sqlite_instance(path: &Path) -> SqliteConnection {
    let opts = SqliteConnectOptions::new().filename(path).create_if_missing(true).foreign_keys(true);
    let mut c = SqliteConnection::connect_with(&opts).await.unwrap();
    sqlx::migrate!("../migrations/sqlite").run(&mut c).await.unwrap();
    c.execute(SESSION_TABLE).await.unwrap();
    c
}

fn silent(_: String) {}

#[test]
fn every_table_is_copied_or_declared_derived() {
    crate::helpers::run(async {
        let path = temp_file("schema");
        let mut src = sqlite_instance(&path).await;
        let sqlite: BTreeSet<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut src)
            .await
            .unwrap()
            .into_iter()
            .filter(|t: &String| !is_internal(t))
            .collect();
        let db = TestDb::new().await;
        server::startup::session_table(&db.pool).await.unwrap();
        let postgres: BTreeSet<String> = sqlx::query_scalar(
            "SELECT CASE WHEN table_schema = 'public' THEN table_name::text ELSE table_schema || '.' || table_name END \
             FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|t: &String| t != "_sqlx_migrations")
        .collect();
        for t in &sqlite {
            assert!(
                DERIVED.contains(&t.as_str()) || COPIED.iter().any(|(s, _)| s == t),
                "la table SQLite {t} n’est ni copiée ni dérivée : ajoutez-la à COPIED ou DERIVED (server/src/migrate_to.rs)"
            );
        }
        for t in &postgres {
            assert!(
                DERIVED.contains(&t.as_str()) || COPIED.iter().any(|(_, p)| p == t),
                "la table PostgreSQL {t} n’est ni copiée ni dérivée : ajoutez-la à COPIED ou DERIVED (server/src/migrate_to.rs)"
            );
        }
        for (s, p) in COPIED {
            assert!(sqlite.contains(*s), "COPIED names {s}, absent from SQLite");
            assert!(postgres.contains(*p), "COPIED names {p}, absent from PostgreSQL");
        }
        drop(src);
        db.drop_db().await;
        let _ = std::fs::remove_file(&path);
    });
}

/// Rows with what a copy gets wrong: quotes, commas, new lines, accents, NULL beside empty
/// text, every time format SQLite holds, booleans, floats, a blob and a Unix-seconds expiry.
async fn fill(c: &mut SqliteConnection) {
    let statements = [
        "INSERT INTO users (id, email, display_name, created_at, updated_at) VALUES \
         (3, 'camille@example.org', 'Camille « Lo Solan », \"coordination\"\nligne 2', '2026-12-01T10:00:00.123456+00:00', '2026-12-01 10:00:00'), \
         (9, 'yanis@example.org', '', '2026-11-22T23:00:00Z', '2026-11-23T00:30:00.5+01:00')",
        "INSERT INTO structures (id, slug, name, name_folded, kind, validation_status, created_at, updated_at) VALUES \
         (27, 'centre-social-lo-solan', 'Centre social Lo Solan', 'centre social lo solan', 'association', 'validated', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
        "INSERT INTO memberships (user_id, structure_id, role, status, created_at) VALUES (3, 27, 'admin', 'active', '2026-12-01T10:00:00Z')",
        "INSERT INTO posts (id, kind, category_id, structure_id, author_id, title, description, lat, lon, location_precision, urgency, \
         status, hidden, created_at, updated_at, search_folded, starts_on, mission_time) VALUES \
         (41, 'need', 1, 27, 3, 'Camion pour samedi', 'Pour la collecte ; « urgent »', 44.0123456789, 4.4199, 'commune', 'normal', 'published', 0, \
          '2026-12-02T06:47:36.255975+00:00', '2026-12-02T06:47:36.255975+00:00', 'camion pour samedi', '2026-12-12', '09:30'), \
         (58, 'offer', 1, NULL, 9, 'Perceuse', '', NULL, NULL, 'address', 'normal', 'published', 1, '2026-12-03T08:00:00Z', '2026-12-03T08:00:00Z', 'perceuse', NULL, NULL)",
        "INSERT INTO tower_sessions (id, data, expiry_date) VALUES ('s1', x'00ff10', 1796000000)",
        "INSERT INTO user_sessions (session_id, user_id, created_at, last_seen_at) VALUES ('s1', 3, '2026-12-04T09:00:00Z', '2026-12-04T09:00:00Z')",
    ];
    for s in statements {
        c.execute(s).await.unwrap_or_else(|e| panic!("{s}: {e}"));
    }
}

async fn count(db: &TestDb, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db.pool).await.unwrap()
}

#[test]
fn a_sqlite_instance_is_copied_verified_and_continues_its_identities() {
    crate::helpers::run(async {
        let path = temp_file("source");
        let mut src = sqlite_instance(&path).await;
        fill(&mut src).await;
        src.close().await.unwrap();
        let db = TestDb::new().await;
        let report = migrate_to(Options { source: &path, target_url: &db.url, sessions: true }, &silent).await.unwrap();
        let rows = |t: &str| report.copied.iter().find(|c| c.table == t).map(|c| c.rows);
        assert_eq!((rows("users"), rows("posts"), rows("tower_sessions.session")), (Some(2), Some(2), Some(1)));
        assert_eq!(rows("instance_settings"), Some(0), "the target's own settings row is replaced by the source's (none here)");

        // The values, through the app's own types on PostgreSQL.
        let (name, created): (String, chrono::DateTime<chrono::Utc>) =
            sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = 3").fetch_one(&db.pool).await.unwrap();
        assert_eq!(name, "Camille « Lo Solan », \"coordination\"\nligne 2");
        assert_eq!(created.to_rfc3339(), "2026-12-01T10:00:00.123456+00:00");
        let (empty, updated): (String, chrono::DateTime<chrono::Utc>) =
            sqlx::query_as("SELECT display_name, updated_at FROM users WHERE id = 9").fetch_one(&db.pool).await.unwrap();
        assert_eq!((empty.as_str(), updated.to_rfc3339().as_str()), ("", "2026-11-22T23:30:00.500+00:00"));
        let (hidden, lat, structure): (bool, Option<f64>, Option<i64>) =
            sqlx::query_as("SELECT hidden, lat, structure_id FROM posts WHERE id = 58").fetch_one(&db.pool).await.unwrap();
        assert_eq!((hidden, lat, structure), (true, None, None));
        let (lat, day, hour): (f64, chrono::NaiveDate, chrono::NaiveTime) =
            sqlx::query_as("SELECT lat, starts_on, mission_time FROM posts WHERE id = 41").fetch_one(&db.pool).await.unwrap();
        assert_eq!((lat, day.to_string(), hour.to_string()), (44.0123456789, "2026-12-12".into(), "09:30:00".into()));
        let (data, expiry): (Vec<u8>, chrono::DateTime<chrono::Utc>) =
            sqlx::query_as("SELECT data, expiry_date FROM tower_sessions.session WHERE id = 's1'").fetch_one(&db.pool).await.unwrap();
        assert_eq!((data, expiry.timestamp()), (vec![0x00, 0xff, 0x10], 1_796_000_000));
        // PostgreSQL's search vector, computed from the copied text.
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE search_vector @@ to_tsquery('simple', 'camion')")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(found, 1);
        // Derived: the change log starts empty (the indexes read the tables at start).
        assert_eq!(count(&db, "map_changes").await, 0);
        // Identities continue after the highest id.
        let next: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, created_at, updated_at) VALUES ('nouvelle@example.org', 'N', now(), now()) RETURNING id",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(next, 10);

        // A second copy into the same database is refused, and changes nothing.
        match migrate_to(Options { source: &path, target_url: &db.url, sessions: true }, &silent).await {
            Err(MigrateError::TargetNotEmpty(_, n)) => assert!(n > 0),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(count(&db, "users").await, 3);
        db.drop_db().await;
        let _ = std::fs::remove_file(&path);
    });
}

#[test]
fn without_sessions_everyone_signs_in_again() {
    crate::helpers::run(async {
        let path = temp_file("sessions");
        let mut src = sqlite_instance(&path).await;
        fill(&mut src).await;
        src.close().await.unwrap();
        let db = TestDb::new().await;
        let report = migrate_to(Options { source: &path, target_url: &db.url, sessions: false }, &silent).await.unwrap();
        assert_eq!(report.skipped, vec!["user_sessions", "tower_sessions"]);
        assert_eq!((count(&db, "user_sessions").await, count(&db, "tower_sessions.session").await), (0, 0));
        assert_eq!(count(&db, "users").await, 2);
        db.drop_db().await;
        let _ = std::fs::remove_file(&path);
    });
}

#[test]
fn a_refused_copy_writes_nothing() {
    crate::helpers::run(async {
        // Another version's migrations: refused before anything is read.
        let path = temp_file("version");
        let mut src = sqlite_instance(&path).await;
        src.execute("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await.unwrap();
        src.close().await.unwrap();
        let db = TestDb::new().await;
        let err = migrate_to(Options { source: &path, target_url: &db.url, sessions: true }, &silent).await.unwrap_err();
        assert!(matches!(err, MigrateError::MigrationsDiffer(_)), "{err:?}");
        assert!(err.to_string().contains("migrations appliquées"), "{err}");

        // A value that cannot be copied (a boolean column holding 2), in a table copied
        // late: the tables copied before it are rolled back with it.
        let path2 = temp_file("bad-value");
        let mut src = sqlite_instance(&path2).await;
        fill(&mut src).await;
        src.execute("PRAGMA ignore_check_constraints = ON").await.unwrap();
        src.execute("UPDATE posts SET hidden = 2 WHERE id = 41").await.unwrap();
        src.close().await.unwrap();
        let err = migrate_to(Options { source: &path2, target_url: &db.url, sessions: true }, &silent).await.unwrap_err();
        assert!(err.to_string().contains("posts") && err.to_string().contains("hidden"), "{err}");
        assert_eq!((count(&db, "users").await, count(&db, "structures").await, count(&db, "posts").await), (0, 0, 0));

        // A file that never served (generated data): no session store table, nothing to copy.
        let path4 = temp_file("never-served");
        let mut src = sqlite_instance(&path4).await;
        src.execute("DROP TABLE tower_sessions").await.unwrap();
        src.close().await.unwrap();
        let empty = TestDb::new().await;
        let report = migrate_to(Options { source: &path4, target_url: &empty.url, sessions: true }, &silent).await.unwrap();
        assert_eq!(report.copied.iter().find(|c| c.table == "tower_sessions.session").map(|c| c.rows), Some(0));
        empty.drop_db().await;
        let _ = std::fs::remove_file(&path4);

        // A table this binary does not know.
        let path3 = temp_file("unknown");
        let mut src = sqlite_instance(&path3).await;
        src.execute("CREATE TABLE plugin_data (id INTEGER PRIMARY KEY)").await.unwrap();
        src.close().await.unwrap();
        let err = migrate_to(Options { source: &path3, target_url: &db.url, sessions: true }, &silent).await.unwrap_err();
        assert!(matches!(&err, MigrateError::UnknownTable(t) if t == "plugin_data"), "{err:?}");
        db.drop_db().await;
        for p in [path, path2, path3] {
            let _ = std::fs::remove_file(p);
        }
    });
}
