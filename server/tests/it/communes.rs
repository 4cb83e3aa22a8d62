use app::db::communes;

use crate::helpers::db_with_communes;

#[test]
fn communes_are_found_by_name_without_accents_and_by_postcode() {
    crate::helpers::run(async {
        let db = db_with_communes().await;
        let pool = &db.pool;
        assert!(communes::count(pool).await.unwrap() > 34_000);

        let hits = communes::lookup(pool, "uzes", 8).await.unwrap();
        assert_eq!(hits[0].name, "Uzès", "exact name first: {hits:?}");
        assert_eq!(hits[0].insee, "30334");
        assert_eq!(hits[0].postcode, "30700");

        // Case, accents and hyphens do not matter; a word prefix inside the name matches.
        let hits = communes::lookup(pool, "SAINT-QUENTIN-LA-POT", 8).await.unwrap();
        assert!(hits.iter().any(|c| c.name == "Saint-Quentin-la-Poterie"), "{hits:?}");
        let hits = communes::lookup(pool, "poterie", 8).await.unwrap();
        assert!(hits.iter().any(|c| c.name == "Saint-Quentin-la-Poterie"), "word prefix: {hits:?}");

        // Bigger communes first among prefixes.
        let hits = communes::lookup(pool, "lil", 8).await.unwrap();
        assert_eq!(hits[0].name, "Lille");

        let hits = communes::lookup(pool, "30700", 8).await.unwrap();
        assert!(hits.iter().all(|c| c.postcode == "30700"));
        assert!(hits.iter().any(|c| c.name == "Uzès"));
        let hits = communes::lookup(pool, "307", 50).await.unwrap();
        assert!(hits.iter().all(|c| c.postcode.starts_with("307")) && !hits.is_empty());

        assert!(communes::lookup(pool, "  ", 8).await.unwrap().is_empty());
        assert!(communes::lookup(pool, "zzzzzz", 8).await.unwrap().is_empty());
        // SQL wildcards in the query are plain text, not patterns.
        assert!(communes::lookup(pool, "%", 8).await.unwrap().is_empty());
        let too_long = "a".repeat(communes::MAX_QUERY_CHARS + 1);
        let err = communes::lookup(pool, &too_long, 8).await.unwrap_err();
        assert_eq!(err.status(), 400);

        let uzes = communes::by_insee(pool, "30334").await.unwrap().unwrap();
        assert!((uzes.lat - 44.0).abs() < 0.1 && (uzes.lon - 4.4).abs() < 0.2, "{uzes:?}");
        db.drop_db().await;
    })
}

#[test]
fn loading_communes_twice_changes_nothing() {
    crate::helpers::run(async {
        let db = db_with_communes().await;
        let before = communes::count(&db.pool).await.unwrap();
        server::startup::prepare_reference_data(&db.pool).await.unwrap();
        assert_eq!(communes::count(&db.pool).await.unwrap(), before);
        db.drop_db().await;
    })
}
