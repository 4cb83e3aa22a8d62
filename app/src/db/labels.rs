//! Categories (of posts) and themes (of structures): the admins' vocabulary, renamed,
//! reordered, added, merged without losing what uses them.

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{LabelKind, LabelRow};

fn table(kind: LabelKind) -> &'static str {
    match kind {
        LabelKind::Category => "categories",
        LabelKind::Theme => "themes",
    }
}

/// Every label in order, with how many posts (categories) or structures (themes) use it.
pub async fn list(pool: &Pool, kind: LabelKind) -> AppResult<Vec<LabelRow>> {
    let used = match kind {
        LabelKind::Category => "(SELECT COUNT(*) FROM posts p WHERE p.category_id = l.id)",
        LabelKind::Theme => "(SELECT COUNT(*) FROM structure_themes st WHERE st.theme_id = l.id)",
    };
    Ok(sqlx::query_as(&format!("SELECT l.id, l.slug, l.name, l.position, {used} AS used FROM {} l ORDER BY l.position, l.name, l.id", table(kind)))
        .fetch_all(pool)
        .await?)
}

pub async fn rename(tx: &mut Tx<'_>, kind: LabelKind, id: i64, name: &str) -> AppResult<bool> {
    Ok(sqlx::query(&format!("UPDATE {} SET name = $1 WHERE id = $2", table(kind))).bind(name).bind(id).execute(&mut **tx).await?.rows_affected() > 0)
}

/// A new label at the end; `None` if its slug is taken.
pub async fn add(tx: &mut Tx<'_>, kind: LabelKind, slug: &str, name: &str) -> AppResult<Option<i64>> {
    let t = table(kind);
    Ok(sqlx::query_scalar(&format!(
        // `WHERE TRUE`: SQLite needs it to read ON CONFLICT after INSERT … SELECT as an upsert.
        "INSERT INTO {t} (slug, name, position) SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM {t} WHERE TRUE
         ON CONFLICT (slug) DO NOTHING RETURNING id"
    ))
    .bind(slug)
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn id_by_slug(tx: &mut Tx<'_>, kind: LabelKind, slug: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {} WHERE slug = $1", table(kind))).bind(slug).fetch_optional(&mut **tx).await?)
}

/// The label with this slug, added at the end if missing.
pub async fn ensure(tx: &mut Tx<'_>, kind: LabelKind, slug: &str, name: &str) -> AppResult<i64> {
    match add(tx, kind, slug, name).await? {
        Some(id) => Ok(id),
        None => id_by_slug(tx, kind, slug).await?.ok_or_else(|| crate::error::AppError::internal(format!("label {slug}"))),
    }
}

/// Renumbers the labels in the given order (ids not listed keep their place after).
pub async fn reorder(tx: &mut Tx<'_>, kind: LabelKind, ids: &[i64]) -> AppResult<()> {
    for (i, id) in ids.iter().enumerate() {
        sqlx::query(&format!("UPDATE {} SET position = $1 WHERE id = $2", table(kind)))
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Moves everything from `from` to `into`, then deletes `from`. `false` if either is unknown.
pub async fn merge(tx: &mut Tx<'_>, kind: LabelKind, from: i64, into: i64) -> AppResult<bool> {
    let t = table(kind);
    let both: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t} WHERE id IN ($1, $2)")).bind(from).bind(into).fetch_one(&mut **tx).await?;
    if both != 2 || from == into {
        return Ok(false);
    }
    match kind {
        LabelKind::Category => {
            sqlx::query("UPDATE posts SET category_id = $2 WHERE category_id = $1").bind(from).bind(into).execute(&mut **tx).await?;
            sqlx::query("UPDATE shared_resources SET category_id = $2 WHERE category_id = $1").bind(from).bind(into).execute(&mut **tx).await?;
        }
        LabelKind::Theme => {
            sqlx::query(
                "INSERT INTO structure_themes (structure_id, theme_id) SELECT structure_id, $2 FROM structure_themes WHERE theme_id = $1
                 ON CONFLICT DO NOTHING",
            )
            .bind(from)
            .bind(into)
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query(&format!("DELETE FROM {t} WHERE id = $1")).bind(from).execute(&mut **tx).await?;
    Ok(true)
}
