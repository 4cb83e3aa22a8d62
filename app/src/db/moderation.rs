//! The coordinators' side: the moderation queue (reports, hidden
//! posts, possible duplicates), hiding/restoring, merging, banning, « mise en relation ».

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::scope::{Scope, push_scope, push_structure_scope};
use super::{Db, Pool, Tx};
use crate::error::AppResult;
use crate::model::{DuplicateCandidate, HiddenPost, ReportReason};

/// Open reports on posts of the scope: post id, title, hidden, personal author (id,
/// name), reason, date — oldest first.
pub struct PostReport {
    pub post_id: i64,
    pub title: String,
    pub hidden: bool,
    pub author: Option<(i64, String)>,
    pub reason: ReportReason,
}

pub async fn post_reports(pool: &Pool, scope: Scope) -> AppResult<Vec<PostReport>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT p.id, p.title, p.hidden, CASE WHEN p.structure_id IS NULL THEN p.author_id END AS author_id,
                CASE WHEN p.structure_id IS NULL THEN u.display_name END AS author_name, r.reason, r.created_at
         FROM reports r JOIN posts p ON p.id = r.target_id LEFT JOIN users u ON u.id = p.author_id
         WHERE r.target_kind = 'post' AND r.status = 'open'",
    );
    push_scope(&mut qb, scope);
    qb.push(" ORDER BY r.created_at, r.id");
    type Row = (i64, String, bool, Option<i64>, Option<String>, String, DateTime<Utc>);
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(post_id, title, hidden, author_id, author_name, reason, created_at)| PostReport {
            post_id,
            title,
            hidden,
            author: author_id.zip(author_name),
            reason: ReportReason { reason, created_at },
        })
        .collect())
}

/// Open reports on structure profiles of the scope: id, slug, name, reason.
pub async fn structure_reports(pool: &Pool, scope: Scope) -> AppResult<Vec<(i64, String, String, ReportReason)>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT s.id, s.slug, s.name, r.reason, r.created_at FROM reports r JOIN structures s ON s.id = r.target_id
         WHERE r.target_kind = 'structure' AND r.status = 'open' AND s.validation_status = 'validated'",
    );
    push_structure_scope(&mut qb, scope);
    qb.push(" ORDER BY r.created_at, r.id");
    let rows: Vec<(i64, String, String, String, DateTime<Utc>)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id, slug, name, reason, created_at)| (id, slug, name, ReportReason { reason, created_at })).collect())
}

/// Structures of the scope waiting for validation, oldest first (ids).
pub async fn pending_in_scope(pool: &Pool, scope: Scope) -> AppResult<Vec<i64>> {
    let mut qb = QueryBuilder::<Db>::new("SELECT s.id FROM structures s WHERE s.validation_status = 'pending'");
    push_structure_scope(&mut qb, scope);
    qb.push(" ORDER BY s.created_at");
    Ok(qb.build_query_scalar().fetch_all(pool).await?)
}

/// How many items wait in the scope's queue (new structures, reported things), and since when.
pub async fn queue_summary(pool: &Pool, scope: Scope) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT s.created_at AS since, 's' AS k, s.id FROM structures s WHERE s.validation_status = 'pending'",
    );
    push_structure_scope(&mut qb, scope);
    qb.push(" UNION ALL SELECT MIN(r.created_at), 'p', p.id FROM reports r JOIN posts p ON p.id = r.target_id WHERE r.target_kind = 'post' AND r.status = 'open'");
    push_scope(&mut qb, scope);
    qb.push(" GROUP BY p.id UNION ALL SELECT MIN(r.created_at), 'r', s.id FROM reports r JOIN structures s ON s.id = r.target_id WHERE r.target_kind = 'structure' AND r.status = 'open'");
    push_structure_scope(&mut qb, scope);
    qb.push(" GROUP BY s.id");
    let rows: Vec<(DateTime<Utc>, String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok((rows.len() as i64, rows.iter().map(|r| r.0).min()))
}

/// Posts of the scope hidden by moderation, latest first.
pub async fn hidden_posts(pool: &Pool, scope: Scope, limit: i64) -> AppResult<Vec<HiddenPost>> {
    let mut qb = QueryBuilder::<Db>::new("SELECT p.id, p.title, p.hidden_reason, p.updated_at FROM posts p WHERE p.hidden = TRUE");
    push_scope(&mut qb, scope);
    qb.push(" ORDER BY p.updated_at DESC, p.id DESC LIMIT ").push_bind(limit);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Hides or shows a post; closes its open reports as resolved. `false` if nothing changed.
pub async fn set_hidden(tx: &mut Tx<'_>, post_id: i64, hidden: bool, reason: &str, by: i64) -> AppResult<bool> {
    let now = super::now();
    let n = sqlx::query("UPDATE posts SET hidden = $1, hidden_reason = $2, updated_at = $3 WHERE id = $4 AND hidden <> $1")
        .bind(hidden)
        .bind(hidden.then_some(reason))
        .bind(now)
        .bind(post_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n > 0 && hidden {
        close_reports(tx, "post", post_id, "resolved", by).await?;
    }
    Ok(n > 0)
}

/// Closes the open reports of one target (`resolved` or `dismissed`); how many.
pub async fn close_reports(tx: &mut Tx<'_>, kind: &str, id: i64, status: &str, by: i64) -> AppResult<u64> {
    Ok(sqlx::query(
        "UPDATE reports SET status = $1, resolved_by = $2, resolved_at = $3 WHERE target_kind = $4 AND target_id = $5 AND status = 'open'",
    )
    .bind(status)
    .bind(by)
    .bind(super::now())
    .bind(kind)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Archives a validated structure (it leaves the directory and the map).
pub async fn archive_structure(tx: &mut Tx<'_>, structure_id: i64, by: i64) -> AppResult<bool> {
    let n = sqlx::query(
        "UPDATE structures SET validation_status = 'archived', updated_at = $1 WHERE id = $2 AND validation_status = 'validated'",
    )
    .bind(super::now())
    .bind(structure_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n > 0 {
        close_reports(tx, "structure", structure_id, "resolved", by).await?;
    }
    Ok(n > 0)
}

/// Bans an account (not an instance admin): it can no longer sign in and its sessions
/// end at their next request; its personal open posts are hidden with the reason.
/// Returns the hidden posts' ids, or `None` if the account could not be banned.
pub async fn ban(tx: &mut Tx<'_>, user_id: i64, reason: &str, by: i64) -> AppResult<Option<Vec<i64>>> {
    let now = super::now();
    let n = sqlx::query(
        "UPDATE users SET status = 'banned', updated_at = $1 WHERE id = $2 AND status = 'active' AND is_instance_admin = FALSE",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(None);
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM posts WHERE author_id = $1 AND structure_id IS NULL AND hidden = FALSE AND status IN ('published', 'in_progress')",
    )
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    for id in &ids {
        set_hidden(tx, *id, true, reason, by).await?;
    }
    Ok(Some(ids))
}

/// Structures that may be the same as `id`: same RNA or SIRET, or within `meters` (a
/// box read from the index, the exact distance and the names compared by the caller).
pub async fn duplicate_candidates(pool: &Pool, id: i64, meters: f64) -> AppResult<Vec<(DuplicateCandidate, Option<(f64, f64)>, String)>> {
    let me: Option<(Option<String>, Option<String>, Option<f64>, Option<f64>)> =
        sqlx::query_as("SELECT rna, siret, lat, lon FROM structures WHERE id = $1").bind(id).fetch_optional(pool).await?;
    let Some((rna, siret, lat, lon)) = me else { return Ok(Vec::new()) };
    let dlat = meters / 111_200.0;
    let dlon = dlat / lat.unwrap_or(45.0).to_radians().cos().max(0.01);
    let rows: Vec<(i64, String, String, Option<String>, Option<String>, Option<String>, String, Option<f64>, Option<f64>, String)> =
        sqlx::query_as(
            "SELECT s.id, s.slug, s.name, c.name, s.rna, s.siret, s.validation_status, s.lat, s.lon, s.name_folded
             FROM structures s LEFT JOIN communes c ON c.insee = s.insee
             WHERE s.id <> $1 AND s.validation_status IN ('validated', 'pending')
               AND ((s.rna = $2) OR (s.siret = $3)
                    OR (s.lat BETWEEN $4 AND $5 AND s.lon BETWEEN $6 AND $7))
             ORDER BY s.id LIMIT 50",
        )
        .bind(id)
        .bind(rna)
        .bind(siret)
        .bind(lat.map(|l| l - dlat))
        .bind(lat.map(|l| l + dlat))
        .bind(lon.map(|l| l - dlon))
        .bind(lon.map(|l| l + dlon))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name, commune, rna, siret, validation_status, lat, lon, folded)| {
            (DuplicateCandidate { id, slug, name, commune, rna, siret, validation_status, why: String::new() }, lat.zip(lon), folded)
        })
        .collect())
}

/// A structure's identifiers and point, for comparing with candidates.
pub async fn identity(pool: &Pool, id: i64) -> AppResult<Option<(Option<String>, Option<String>, Option<(f64, f64)>, String, Option<(f64, f64)>)>> {
    let row: Option<(Option<String>, Option<String>, Option<f64>, Option<f64>, String, Option<f64>, Option<f64>)> = sqlx::query_as(
        "SELECT s.rna, s.siret, s.lat, s.lon, s.name_folded, c.lat, c.lon FROM structures s
         LEFT JOIN communes c ON c.insee = s.insee WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(rna, siret, lat, lon, folded, clat, clon)| (rna, siret, lat.zip(lon), folded, clat.zip(clon))))
}

/// Merges a pending structure into another: its members, posts and networks move over,
/// then it is deleted. `false` if `from` was not pending or `into` not validated.
pub async fn merge(tx: &mut Tx<'_>, from: i64, into: i64) -> AppResult<bool> {
    let ok: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM structures a, structures b WHERE a.id = $1 AND a.validation_status = 'pending'
         AND b.id = $2 AND b.validation_status = 'validated'",
    )
    .bind(from)
    .bind(into)
    .fetch_one(&mut **tx)
    .await?;
    if ok == 0 || from == into {
        return Ok(false);
    }
    // Members of the new declaration join as requests: the structure's responsables decide.
    sqlx::query(
        "INSERT INTO memberships (user_id, structure_id, role, status, created_at)
         SELECT m.user_id, $2, 'member', 'requested', m.created_at FROM memberships m WHERE m.structure_id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE posts SET structure_id = $2 WHERE structure_id = $1").bind(from).bind(into).execute(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO territory_structures (territory_id, structure_id) SELECT territory_id, $2 FROM territory_structures
         WHERE structure_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE reports SET target_id = $2 WHERE target_kind = 'structure' AND target_id = $1")
        .bind(from)
        .bind(into)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM structures WHERE id = $1").bind(from).execute(&mut **tx).await?;
    Ok(true)
}

/// Records a « mise en relation »; `false` if these two were already connected.
pub async fn connect(tx: &mut Tx<'_>, need: i64, offer: i64, by: i64) -> AppResult<bool> {
    let n = sqlx::query(
        "INSERT INTO connections (need_id, offer_id, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(need)
    .bind(offer)
    .bind(by)
    .bind(super::now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// The offers already connected with a need.
pub async fn connected_offers(pool: &Pool, need: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT offer_id FROM connections WHERE need_id = $1 ORDER BY id").bind(need).fetch_all(pool).await?)
}

/// The name of a known structure (not rejected) with this RNA or SIRET, or this folded
/// name in this commune — an imported line would duplicate it.
pub async fn known_structure(pool: &Pool, rna: Option<&str>, siret: Option<&str>, folded_name: &str, insee: &str) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM structures WHERE validation_status <> 'rejected'
           AND (rna = $1 OR siret = $2 OR (name_folded = $3 AND insee = $4))
         ORDER BY id LIMIT 1",
    )
    .bind(rna)
    .bind(siret)
    .bind(folded_name)
    .bind(insee)
    .fetch_optional(pool)
    .await?)
}

/// An imported structure: validated by the importer, member of the territory if any.
pub async fn mark_validated(tx: &mut Tx<'_>, structure_id: i64, by: i64, territory: Option<i64>) -> AppResult<()> {
    sqlx::query("UPDATE structures SET validated_by = $1 WHERE id = $2").bind(by).bind(structure_id).execute(&mut **tx).await?;
    if let Some(t) = territory {
        sqlx::query("INSERT INTO territory_structures (territory_id, structure_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(t)
            .bind(structure_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
