//! One post as its public page shows it.

use super::Pool;
use super::home::POST_IS_PUBLIC;
use crate::error::AppResult;
use crate::model::PostDetail;

/// A public post (`None` if unknown, draft, hidden, or its structure is not validated).
pub async fn public_detail(pool: &Pool, id: i64) -> AppResult<Option<PostDetail>> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.kind, p.status, p.urgency, p.title, p.description, p.quantity, p.starts_on, p.ends_on,
                p.mission_time, p.volunteers_needed, p.location_precision, p.published_at, p.expires_at,
                c.slug AS category_slug, c.name AS category_name,
                s.name AS structure_name, s.slug AS structure_slug,
                CASE WHEN p.location_precision = 'address' THEN s.address END AS address,
                co.name AS commune_name, co.departement AS departement,
                (SELECT COUNT(*) FROM participations pa WHERE pa.post_id = p.id AND pa.status = 'confirmed') AS volunteers_signed
         FROM posts p
         JOIN categories c ON c.id = p.category_id
         LEFT JOIN structures s ON s.id = p.structure_id
         LEFT JOIN communes co ON co.insee = p.insee
         WHERE p.id = $1 AND {POST_IS_PUBLIC}"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The folded text posts are searched by: title and description.
pub fn search_text(title: &str, description: &str) -> String {
    crate::model::fold(&format!("{title} {description}"))
}

/// Fills `search_folded` for posts written before it existed, in batches.
pub async fn backfill_search(pool: &Pool) -> AppResult<u64> {
    let mut done = 0u64;
    loop {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, title, description FROM posts WHERE search_folded = '' LIMIT 5000").fetch_all(pool).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = pool.begin().await?;
        for (id, title, description) in &rows {
            let text = search_text(title, description);
            // A post whose text folds to nothing keeps a marker so the loop ends.
            let text = if text.is_empty() { " ".to_string() } else { text };
            sqlx::query("UPDATE posts SET search_folded = $1 WHERE id = $2").bind(text).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        done += rows.len() as u64;
    }
}

/// A page of public posts matching the filter.
pub async fn list(pool: &Pool, f: &crate::model::PostFilter) -> AppResult<crate::model::ShareData> {
    use crate::model::{SHARE_PAGE_SIZE, ShareData, ShareSort};
    use sqlx::QueryBuilder;

    use super::Db;
    use super::home::POST_CARD_SELECT;

    fn push_filter(qb: &mut QueryBuilder<'_, Db>, f: &crate::model::PostFilter) {
        qb.push(" WHERE ").push(POST_IS_PUBLIC);
        let words: Vec<String> = crate::model::fold(&f.q).split(' ').filter(|w| !w.is_empty()).take(8).map(String::from).collect();
        super::seam::push_post_text_match(qb, &words);
        if let Some(k) = f.kind {
            qb.push(" AND p.kind = ").push_bind(k);
        }
        if let Some(c) = &f.category {
            qb.push(" AND c.slug = ").push_bind(c.clone());
        }
        if let Some(insee) = &f.commune {
            qb.push(" AND p.insee = ").push_bind(insee.clone());
        }
        if let Some(d) = &f.departement {
            qb.push(" AND co.departement = ").push_bind(d.clone());
        }
        if let Some(t) = &f.territory {
            super::directory::push_territory_filter(qb, t, "p.structure_id", "p.insee");
        }
    }

    let from = &POST_CARD_SELECT[POST_CARD_SELECT.find("FROM posts").expect("a FROM clause")..];
    let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) {from}"));
    push_filter(&mut count, f);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let pages = ((total + SHARE_PAGE_SIZE - 1) / SHARE_PAGE_SIZE).max(1) as u32;
    let page = f.page.clamp(1, pages);
    let mut qb = QueryBuilder::<Db>::new(POST_CARD_SELECT);
    push_filter(&mut qb, f);
    qb.push(match f.sort {
        ShareSort::Recent => " ORDER BY p.published_at DESC, p.id DESC",
        ShareSort::Urgency => " ORDER BY CASE p.urgency WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, p.published_at DESC, p.id DESC",
    });
    qb.push(" LIMIT ").push_bind(SHARE_PAGE_SIZE).push(" OFFSET ").push_bind(i64::from(page - 1) * SHARE_PAGE_SIZE);
    let items = qb.build_query_as().fetch_all(pool).await?;
    let categories = sqlx::query_as("SELECT slug, name FROM categories ORDER BY position, name").fetch_all(pool).await?;
    let territories = super::directory::territory_choices(pool).await?;
    Ok(ShareData { items, total, page, pages, categories, territories })
}
