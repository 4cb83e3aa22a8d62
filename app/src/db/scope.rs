//! A coordinator's scope in SQL: the territory a query is limited to ([`Scope`]), the
//! conditions putting a post or a structure in it, the territories a user coordinates,
//! and whether an object lies in one of them. Shared by the dashboard's figures and
//! list, the moderation queue and the freshness list; who may look at which scope is
//! decided above, in `coordination::scope`. SQL only, like all of `db`: it imports
//! `db`, `model` and `error`, nothing above them.

use sqlx::QueryBuilder;

use super::{Db, Pool, backend};
use crate::error::AppResult;
use crate::model::{Choice, PostKind};

/// A territory (its id) or the whole instance (`None`).
pub type Scope = Option<i64>;

/// The posts of a territory: in one of its communes, or by one of its member structures
/// (the same rule as the public list's `reseau` filter), read through the two indexes
/// (`backend::IN_TERRITORY`: written per backend, docs/benchmarks.md §3).
pub fn push_scope(qb: &mut QueryBuilder<'_, Db>, scope: Scope) {
    if let Some(t) = scope {
        let [start, middle, end] = backend::IN_TERRITORY;
        qb.push(" AND ").push(start).push_bind(t).push(middle).push_bind(t).push(end);
    }
}

/// A structure of the territory: in one of its communes, or one of its members.
pub fn push_structure_scope(qb: &mut QueryBuilder<'_, Db>, scope: Scope) {
    if let Some(t) = scope {
        qb.push(" AND (s.insee IN (SELECT tc.insee FROM territory_communes tc WHERE tc.territory_id = ")
            .push_bind(t)
            .push(") OR s.id IN (SELECT ts.structure_id FROM territory_structures ts WHERE ts.territory_id = ")
            .push_bind(t)
            .push("))");
    }
}

/// Territories a user coordinates (every territory for an instance admin): id, slug, name.
pub async fn territories_of(pool: &Pool, user_id: i64, instance_admin: bool) -> AppResult<Vec<(i64, Choice)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT t.id, t.slug, t.name FROM territories t
         WHERE $2 OR EXISTS (SELECT 1 FROM territory_coordinators c WHERE c.territory_id = t.id AND c.user_id = $1)
         ORDER BY t.name",
    )
    .bind(user_id)
    .bind(instance_admin)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, slug, name)| (id, Choice { slug, name })).collect())
}

/// Kind of a post in scope (for « mise en relation »).
pub async fn post_in_scope(pool: &Pool, post_id: i64, territories: &[i64]) -> AppResult<Option<PostKind>> {
    let mut qb = QueryBuilder::<Db>::new("SELECT p.kind FROM posts p WHERE p.id = ");
    qb.push_bind(post_id);
    if !territories.is_empty() {
        qb.push(" AND (FALSE");
        for t in territories {
            qb.push(" OR (TRUE");
            push_scope(&mut qb, Some(*t));
            qb.push(")");
        }
        qb.push(")");
    }
    Ok(qb.build_query_scalar().fetch_optional(pool).await?)
}

/// Whether a territory among `territories` holds this structure.
pub async fn structure_in(pool: &Pool, structure_id: i64, territories: &[i64]) -> AppResult<bool> {
    for t in territories {
        let mut qb = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM structures s WHERE s.id = ");
        qb.push_bind(structure_id);
        push_structure_scope(&mut qb, Some(*t));
        if qb.build_query_scalar::<i64>().fetch_one(pool).await? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}
