//! Territories and networks as their coordinators and the admins edit them: name,
//! communes, member structures, coordinators.

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{NetworkInvitation, TerritoryView};

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
        let invited = sqlx::query_as(
            "SELECT s.id, s.name, s.slug FROM network_invitations i JOIN structures s ON s.id = i.structure_id
             WHERE i.territory_id = $1 ORDER BY s.name_folded",
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
        out.push(TerritoryView { id, slug, name, description, commune_count, communes, members, invited, coordinators });
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

pub async fn update(tx: &mut Tx<'_>, id: i64, name: &str, description: &str) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE territories SET name = $1, description = $2 WHERE id = $3")
        .bind(name)
        .bind(description)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        > 0)
}

/// Adds communes (by INSEE code); how many were new.
pub async fn add_communes(tx: &mut Tx<'_>, id: i64, insee: &[String]) -> AppResult<u64> {
    let mut n = 0;
    for code in insee {
        n += sqlx::query("INSERT INTO territory_communes (territory_id, insee) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(code)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    }
    Ok(n)
}

/// The communes of a département (INSEE codes).
pub async fn departement_communes(pool: &Pool, departement: &str) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT insee FROM communes WHERE departement = $1 AND kind <> 'ARM' ORDER BY insee")
        .bind(departement)
        .fetch_all(pool)
        .await?)
}

pub async fn remove_commune(tx: &mut Tx<'_>, id: i64, insee: &str) -> AppResult<bool> {
    Ok(sqlx::query("DELETE FROM territory_communes WHERE territory_id = $1 AND insee = $2")
        .bind(id)
        .bind(insee)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        > 0)
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

/// Makes a structure a member of a territory (or no longer one). A pending invitation of
/// that pair is settled either way.
pub async fn set_member(tx: &mut Tx<'_>, id: i64, structure: i64, member: bool) -> AppResult<bool> {
    let sql = if member {
        "INSERT INTO territory_structures (territory_id, structure_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM territory_structures WHERE territory_id = $1 AND structure_id = $2"
    };
    let changed = sqlx::query(sql).bind(id).bind(structure).execute(&mut **tx).await?.rows_affected() > 0;
    let withdrawn = take_invitation(tx, id, structure).await?;
    Ok(changed || (!member && withdrawn))
}

/// Invites a structure to join a territory: `false` if it is a member already or already
/// invited. Its active responsables get an in-app notice.
pub async fn invite(tx: &mut Tx<'_>, id: i64, structure: i64, by: i64) -> AppResult<bool> {
    let member: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM territory_structures WHERE territory_id = $1 AND structure_id = $2")
        .bind(id)
        .bind(structure)
        .fetch_one(&mut **tx)
        .await?;
    if member > 0 {
        return Ok(false);
    }
    let now = super::now();
    let new = sqlx::query(
        "INSERT INTO network_invitations (territory_id, structure_id, invited_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(structure)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0;
    if new {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, structure_id, territory_id, created_at)
             SELECT m.user_id, 'network_invitation', m.structure_id, $2, $3 FROM memberships m
             WHERE m.structure_id = $1 AND m.role = 'admin' AND m.status = 'active'",
        )
        .bind(structure)
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(new)
}

/// Removes a pending invitation (answered or withdrawn): `false` if there was none. Its
/// notices are marked read, whoever answered.
pub async fn take_invitation(tx: &mut Tx<'_>, id: i64, structure: i64) -> AppResult<bool> {
    let n = sqlx::query("DELETE FROM network_invitations WHERE territory_id = $1 AND structure_id = $2")
        .bind(id)
        .bind(structure)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n > 0 {
        sqlx::query(
            "UPDATE notifications SET read_at = $1
             WHERE structure_id = $2 AND territory_id = $3 AND kind = 'network_invitation' AND read_at IS NULL",
        )
        .bind(super::now())
        .bind(structure)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(n > 0)
}

/// Pending network invitations: of one structure, or all of them (`None`, for admins).
pub async fn invitations(pool: &Pool, structure: Option<i64>) -> AppResult<Vec<NetworkInvitation>> {
    Ok(sqlx::query_as(
        "SELECT i.territory_id, t.name AS territory_name, i.structure_id, s.name AS structure_name,
                u.display_name AS invited_by, i.created_at
         FROM network_invitations i JOIN territories t ON t.id = i.territory_id JOIN structures s ON s.id = i.structure_id
              LEFT JOIN users u ON u.id = i.invited_by
         WHERE ($1 = 0 OR i.structure_id = $1)
         ORDER BY i.created_at, i.territory_id, i.structure_id",
    )
    .bind(structure.unwrap_or(0))
    .fetch_all(pool)
    .await?)
}

/// An audit row of a coordinator's change to a territory's communes or members.
#[derive(sqlx::FromRow)]
pub struct AuditedChange {
    pub id: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub coordinator: Option<String>,
    pub action: String,
    pub territory_id: i64,
    pub territory_name: Option<String>,
    pub details: String,
}

/// The newest changes to territories' communes and members made by accounts that are not
/// instance admins (coordinators), from the audit log.
pub async fn coordinator_changes(pool: &Pool, limit: i64) -> AppResult<Vec<AuditedChange>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.created_at, u.display_name AS coordinator, a.action, a.target_id AS territory_id,
                t.name AS territory_name, a.details
         FROM audit_log a JOIN users u ON u.id = a.actor_id LEFT JOIN territories t ON t.id = a.target_id
         WHERE a.action IN ('territory.communes', 'territory.member') AND a.target_kind = 'territory'
           AND a.target_id IS NOT NULL AND NOT u.is_instance_admin
         ORDER BY a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Of these structures, those that exist: (id, name, slug).
pub async fn structure_names(pool: &Pool, ids: &[i64]) -> AppResult<Vec<(i64, String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<super::Db>::new("SELECT id, name, slug FROM structures WHERE id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Of these structures, their memberships: (territory, structure).
pub async fn memberships_of(pool: &Pool, ids: &[i64]) -> AppResult<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<super::Db>::new("SELECT territory_id, structure_id FROM territory_structures WHERE structure_id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The INSEE codes of a territory's communes.
pub async fn commune_codes(pool: &Pool, id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT insee FROM territory_communes WHERE territory_id = $1").bind(id).fetch_all(pool).await?)
}

pub async fn set_coordinator(tx: &mut Tx<'_>, id: i64, user: i64, coordinator: bool) -> AppResult<bool> {
    let sql = if coordinator {
        "INSERT INTO territory_coordinators (territory_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM territory_coordinators WHERE territory_id = $1 AND user_id = $2"
    };
    Ok(sqlx::query(sql).bind(id).bind(user).execute(&mut **tx).await?.rows_affected() > 0)
}

pub async fn active_user_by_email(pool: &Pool, email: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND status = 'active'")
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await?)
}

/// E-mails of the active coordinators of the territories holding a commune.
pub async fn coordinator_emails_of_commune(pool: &Pool, insee: &str) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT u.email FROM territory_communes tc
         JOIN territory_coordinators co ON co.territory_id = tc.territory_id
         JOIN users u ON u.id = co.user_id
         WHERE tc.insee = $1 AND u.status = 'active'",
    )
    .bind(insee)
    .fetch_all(pool)
    .await?)
}
