//! Territories and networks as their coordinators and the admins edit them: name,
//! communes, member structures, coordinators.

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::TerritoryView;

/// The territories `ids` (all of them when `None`), with their communes (names, at most
/// [`crate::model::TERRITORY_COMMUNES_LISTED`]), members and coordinators.
pub async fn views(pool: &Pool, ids: Option<&[i64]>) -> AppResult<Vec<TerritoryView>> {
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name, description FROM territories ORDER BY name, id").fetch_all(pool).await?;
    let mut out = Vec::new();
    for (id, slug, name, description) in rows.into_iter().filter(|r| ids.is_none_or(|ids| ids.contains(&r.0))) {
        let commune_count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM territory_communes WHERE territory_id = $1").bind(id).fetch_one(pool).await?;
        let communes = sqlx::query_as(
            "SELECT c.insee, c.name FROM territory_communes tc JOIN communes c ON c.insee = tc.insee
             WHERE tc.territory_id = $1 ORDER BY c.name_folded LIMIT $2",
        )
        .bind(id)
        .bind(crate::model::TERRITORY_COMMUNES_LISTED)
        .fetch_all(pool)
        .await?;
        let members = sqlx::query_as(
            "SELECT s.id, s.name, s.slug FROM territory_structures ts JOIN structures s ON s.id = ts.structure_id
             WHERE ts.territory_id = $1 ORDER BY s.name_folded",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let coordinators = sqlx::query_as(
            "SELECT u.id, u.display_name FROM territory_coordinators c JOIN users u ON u.id = c.user_id
             WHERE c.territory_id = $1 ORDER BY u.display_name",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        out.push(TerritoryView { id, slug, name, description, commune_count, communes, members, coordinators });
    }
    Ok(out)
}

pub async fn create(tx: &mut Tx<'_>, slug: &str, name: &str, description: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar("INSERT INTO territories (slug, name, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(slug)
        .bind(name)
        .bind(description)
        .bind(super::now())
        .fetch_one(&mut **tx)
        .await?)
}

pub async fn slug_taken(pool: &Pool, slug: &str) -> AppResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM territories WHERE slug = $1").bind(slug).fetch_one(pool).await? > 0)
}

pub async fn update(pool: &Pool, id: i64, name: &str, description: &str) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE territories SET name = $1, description = $2 WHERE id = $3")
        .bind(name)
        .bind(description)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected()
        > 0)
}

/// Adds communes (by INSEE code); how many were new.
pub async fn add_communes(pool: &Pool, id: i64, insee: &[String]) -> AppResult<u64> {
    let mut n = 0;
    let mut tx = super::begin_write(pool).await?;
    for code in insee {
        n += sqlx::query("INSERT INTO territory_communes (territory_id, insee) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(code)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(n)
}

/// The communes of a département (INSEE codes).
pub async fn departement_communes(pool: &Pool, departement: &str) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT insee FROM communes WHERE departement = $1 AND kind <> 'ARM' ORDER BY insee")
        .bind(departement)
        .fetch_all(pool)
        .await?)
}

pub async fn remove_commune(pool: &Pool, id: i64, insee: &str) -> AppResult<bool> {
    Ok(sqlx::query("DELETE FROM territory_communes WHERE territory_id = $1 AND insee = $2").bind(id).bind(insee).execute(pool).await?.rows_affected() > 0)
}

/// A validated structure by slug or exact (folded) name.
pub async fn find_structure(pool: &Pool, text: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM structures WHERE validation_status = 'validated' AND (slug = $1 OR name_folded = $2) ORDER BY id LIMIT 1",
    )
    .bind(text.trim())
    .bind(crate::model::fold(text))
    .fetch_optional(pool)
    .await?)
}

pub async fn set_member(pool: &Pool, id: i64, structure: i64, member: bool) -> AppResult<bool> {
    let sql = if member {
        "INSERT INTO territory_structures (territory_id, structure_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM territory_structures WHERE territory_id = $1 AND structure_id = $2"
    };
    Ok(sqlx::query(sql).bind(id).bind(structure).execute(pool).await?.rows_affected() > 0)
}

pub async fn set_coordinator(pool: &Pool, id: i64, user: i64, coordinator: bool) -> AppResult<bool> {
    let sql = if coordinator {
        "INSERT INTO territory_coordinators (territory_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM territory_coordinators WHERE territory_id = $1 AND user_id = $2"
    };
    Ok(sqlx::query(sql).bind(id).bind(user).execute(pool).await?.rows_affected() > 0)
}

pub async fn active_user_by_email(pool: &Pool, email: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND status = 'active'")
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await?)
}
