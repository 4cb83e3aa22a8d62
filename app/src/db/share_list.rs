//! The cards of a page of the « Coin du partage » list (the page itself:
//! `sharing::list`).

use sqlx::QueryBuilder;

use super::home::{POST_CARD_SELECT, POST_IS_PUBLIC};
use super::{Db, Pool};
use crate::error::AppResult;
use crate::model::PostCard;

/// The cards of these public posts, in this order.
pub async fn cards(pool: &Pool, ids: &[i64]) -> AppResult<Vec<PostCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Db>::new(POST_CARD_SELECT);
    qb.push(" WHERE ").push(POST_IS_PUBLIC).push(" AND p.id IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
    let mut found: Vec<PostCard> = qb.build_query_as().fetch_all(pool).await?;
    found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(found)
}
