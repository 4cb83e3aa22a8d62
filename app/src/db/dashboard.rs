//! The coordination dashboard's figures and the coordinators' list of posts, for one
//! territory/network or the whole instance. Each figure is one grouped or counted query
//! read from an index (migration 0011); the median is taken in Rust (SQLite has none).

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use sqlx::{QueryBuilder, Row};

use super::posts::POST_IS_PUBLIC;
use super::scope::{Scope, push_scope, push_structure_scope};
use super::{Db, Pool, backend};
use crate::error::AppResult;
use crate::model::{
    COORD_PAGE, CategoryCount, CommuneCount, CoordFilter, CoordPost, CoordState, MonthCount,
    TOP_COMMUNES, TREND_MONTHS, UNANSWERED_DAYS, UNMET_ON_MAP, UnmetNeed,
};

/// An open need with no response, published before `before`.
fn push_unanswered(qb: &mut QueryBuilder<'_, Db>, before: DateTime<Utc>) {
    qb.push(" AND p.kind = 'need' AND p.published_at < ")
        .push_bind(before)
        .push(" AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.post_id = p.id)");
}

const FROM_PUBLIC: &str = " FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE ";

/// First instant of the month `now` is in (UTC), and of the month `back` months before.
pub fn month_start(now: DateTime<Utc>, back: u32) -> DateTime<Utc> {
    let months = now.year() * 12 + now.month0() as i32 - back as i32;
    // Always a valid date (day 1 of a month 1–12); `now` only keeps this free of a panic path.
    Utc.with_ymd_and_hms(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1, 0, 0, 0).single().unwrap_or(now)
}

/// The open posts, per category (every category, zeros included).
pub async fn by_category(pool: &Pool, scope: Scope) -> AppResult<Vec<CategoryCount>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT c.slug, c.name, COALESCE(t.needs, 0) AS needs, COALESCE(t.offers, 0) AS offers
         FROM categories c LEFT JOIN (
            SELECT p.category_id, COUNT(CASE WHEN p.kind = 'need' THEN 1 END) AS needs,
                   COUNT(CASE WHEN p.kind = 'offer' THEN 1 END) AS offers",
    );
    qb.push(FROM_PUBLIC).push(POST_IS_PUBLIC);
    push_scope(&mut qb, scope);
    qb.push(" GROUP BY p.category_id) t ON t.category_id = c.id ORDER BY c.position, c.name");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The communes with the most open posts.
pub async fn by_commune(pool: &Pool, scope: Scope) -> AppResult<Vec<CommuneCount>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT t.insee, co.name, t.needs, t.offers FROM (
            SELECT p.insee, COUNT(CASE WHEN p.kind = 'need' THEN 1 END) AS needs,
                   COUNT(CASE WHEN p.kind = 'offer' THEN 1 END) AS offers, COUNT(*) AS n",
    );
    qb.push(FROM_PUBLIC).push(POST_IS_PUBLIC).push(" AND p.insee IS NOT NULL");
    push_scope(&mut qb, scope);
    qb.push(" GROUP BY p.insee ORDER BY COUNT(*) DESC LIMIT ")
        .push_bind(TOP_COMMUNES)
        .push(") t JOIN communes co ON co.insee = t.insee ORDER BY t.n DESC, co.name");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Open needs without a response after each of [`UNANSWERED_DAYS`].
pub async fn unanswered(pool: &Pool, scope: Scope, now: DateTime<Utc>) -> AppResult<[i64; 2]> {
    let [short, long] = UNANSWERED_DAYS.map(|d| now - Duration::days(d));
    let mut qb = QueryBuilder::<Db>::new("SELECT COUNT(*) AS short, COUNT(CASE WHEN p.published_at < ");
    qb.push_bind(long).push(" THEN 1 END) AS long").push(FROM_PUBLIC).push(POST_IS_PUBLIC);
    push_unanswered(&mut qb, short);
    push_scope(&mut qb, scope);
    let row = qb.build().fetch_one(pool).await?;
    Ok([row.try_get("short")?, row.try_get("long")?])
}

/// Needs marked « pourvu » since `since` (their last change is the closing).
pub async fn fulfilled_since(pool: &Pool, scope: Scope, since: DateTime<Utc>) -> AppResult<i64> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT COUNT(*) FROM posts p WHERE p.status = 'fulfilled' AND p.kind = 'need' AND p.updated_at >= ",
    );
    qb.push_bind(since);
    push_scope(&mut qb, scope);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// Hours from publication to the first response of the posts published since `since` that
/// got one (unordered).
pub async fn first_response_delays(pool: &Pool, scope: Scope, since: DateTime<Utc>) -> AppResult<Vec<f64>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT p.published_at, MIN(r.created_at) AS first FROM posts p JOIN responses r ON r.post_id = p.id
         WHERE p.published_at >= ",
    );
    qb.push_bind(since);
    push_scope(&mut qb, scope);
    qb.push(" GROUP BY p.id, p.published_at");
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(p, r)| (r - p).num_seconds().max(0) as f64 / 3600.0).collect())
}

/// The median of unordered values (`None` when empty).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    let m = *m;
    if v.len() % 2 == 1 {
        Some(m)
    } else {
        let below = v[..mid].iter().copied().max_by(f64::total_cmp).unwrap_or(m);
        Some((below + m) / 2.0)
    }
}

/// Validated structures with a post published since `since`.
pub async fn active_structures(pool: &Pool, scope: Scope, since: DateTime<Utc>) -> AppResult<i64> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT COUNT(*) FROM structures s WHERE s.validation_status = 'validated' AND s.id IN (
            SELECT p.structure_id FROM posts p WHERE p.published_at >= ",
    );
    qb.push_bind(since).push(" AND p.structure_id IS NOT NULL");
    push_scope(&mut qb, scope);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// Needs and offers published per month over the last [`TREND_MONTHS`] months, this one
/// included, oldest first (months without posts included).
pub async fn trend(pool: &Pool, scope: Scope, now: DateTime<Utc>) -> AppResult<Vec<MonthCount>> {
    let start = month_start(now, TREND_MONTHS as u32 - 1);
    let mut qb = QueryBuilder::<Db>::new("SELECT ");
    qb.push(backend::PUBLISHED_MONTH).push(
        " AS month, COUNT(CASE WHEN p.kind = 'need' THEN 1 END) AS needs,
           COUNT(CASE WHEN p.kind = 'offer' THEN 1 END) AS offers
         FROM posts p WHERE p.published_at >= ",
    );
    qb.push_bind(start);
    push_scope(&mut qb, scope);
    qb.push(" GROUP BY 1");
    let rows: Vec<(String, i64, i64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok((0..TREND_MONTHS as u32)
        .rev()
        .map(|back| {
            let month = month_start(now, back).format("%Y-%m").to_string();
            let (needs, offers) = rows.iter().find(|r| r.0 == month).map_or((0, 0), |r| (r.1, r.2));
            MonthCount { month, needs, offers }
        })
        .collect())
}

/// The oldest open needs without responses (7 days and more), with a point.
pub async fn unmet(pool: &Pool, scope: Scope, now: DateTime<Utc>) -> AppResult<Vec<UnmetNeed>> {
    let mut qb = QueryBuilder::<Db>::new("SELECT p.id, p.title, p.lat, p.lon");
    qb.push(FROM_PUBLIC).push(POST_IS_PUBLIC).push(" AND p.lat IS NOT NULL");
    push_unanswered(&mut qb, now - Duration::days(UNANSWERED_DAYS[0]));
    push_scope(&mut qb, scope);
    qb.push(" ORDER BY p.published_at, p.id LIMIT ").push_bind(UNMET_ON_MAP);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One page of the coordinators' list (one row more than a page tells there is more).
pub async fn posts(pool: &Pool, scope: Scope, f: &CoordFilter, now: DateTime<Utc>, limit: i64, offset: i64) -> AppResult<Vec<CoordPost>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT p.id, p.kind, p.status, p.hidden, p.title, c.name AS category_name, s.name AS structure_name,
                co.name AS commune_name, p.insee, p.published_at, p.expires_at,
                (SELECT COUNT(*) FROM responses r WHERE r.post_id = p.id) AS responses,
                (SELECT MIN(r.created_at) FROM responses r WHERE r.post_id = p.id) AS first_response_at,
                (SELECT COUNT(*) FROM connections x WHERE x.need_id = p.id OR x.offer_id = p.id) AS connections,
                p.lat, p.lon
         FROM posts p JOIN categories c ON c.id = p.category_id
         LEFT JOIN structures s ON s.id = p.structure_id
         LEFT JOIN communes co ON co.insee = p.insee WHERE ",
    );
    push_list_filter(&mut qb, scope, f, now);
    qb.push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// A page of [`posts`] as the list shows it.
pub async fn posts_page(pool: &Pool, scope: Scope, f: &CoordFilter, now: DateTime<Utc>) -> AppResult<(Vec<CoordPost>, bool)> {
    let offset = (f.posts.page.max(1) as i64 - 1) * COORD_PAGE;
    let mut rows = posts(pool, scope, f, now, COORD_PAGE + 1, offset).await?;
    let more = rows.len() as i64 > COORD_PAGE;
    rows.truncate(COORD_PAGE as usize);
    Ok((rows, more))
}

fn push_list_filter(qb: &mut QueryBuilder<'_, Db>, scope: Scope, f: &CoordFilter, now: DateTime<Utc>) {
    match f.state {
        CoordState::Open => {
            qb.push(POST_IS_PUBLIC);
        }
        CoordState::Unanswered(days) => {
            qb.push(POST_IS_PUBLIC);
            push_unanswered(qb, now - Duration::days(days));
        }
        CoordState::FulfilledThisMonth => {
            qb.push("p.status = 'fulfilled' AND p.kind = 'need' AND p.updated_at >= ").push_bind(month_start(now, 0));
        }
        CoordState::All => {
            qb.push("p.status <> 'draft'");
        }
    }
    push_scope(qb, scope);
    if let Some(k) = f.posts.post_kind() {
        qb.push(" AND p.kind = ").push_bind(k);
    }
    if !f.posts.categories.is_empty() {
        qb.push(" AND c.slug IN (");
        let mut slugs = qb.separated(", ");
        for c in &f.posts.categories {
            slugs.push_bind(c.clone());
        }
        qb.push(")");
    }
    if let Some(insee) = &f.posts.place.commune {
        qb.push(" AND p.insee = ").push_bind(insee.clone());
    }
    if let Some(d) = &f.posts.place.departement {
        qb.push(" AND co.departement = ").push_bind(d.clone());
    }
    if let Some(start) = f.month.as_deref().and_then(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()) {
        let start = start.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let end = month_start(start + Duration::days(32), 0);
        qb.push(" AND p.published_at >= ").push_bind(start).push(" AND p.published_at < ").push_bind(end);
    }
}

/// Validated structures of the scope (in one of its communes, or members), by name.
pub async fn structures(pool: &Pool, scope: Scope) -> AppResult<Vec<crate::model::CoordStructure>> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT s.id, s.slug, s.name, s.kind, s.description, s.address, s.insee, co.name AS commune_name, s.postcode,
                COALESCE(co.departement, s.departement) AS departement, s.email, s.phone, s.website, s.rna, s.siret,
                s.lat, s.lon, s.updated_at, s.email_public, s.phone_public, s.website_public,
                (SELECT COUNT(*) FROM posts p WHERE p.structure_id = s.id AND p.kind = 'need' AND p.hidden = FALSE
                   AND p.status IN ('published', 'in_progress')) AS open_needs,
                (SELECT COUNT(*) FROM posts p WHERE p.structure_id = s.id AND p.kind = 'offer' AND p.hidden = FALSE
                   AND p.status IN ('published', 'in_progress')) AS open_offers
         FROM structures s LEFT JOIN communes co ON co.insee = s.insee WHERE s.validation_status = 'validated'",
    );
    push_structure_scope(&mut qb, scope);
    qb.push(" ORDER BY s.name_folded, s.id");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn month_starts_go_back_across_years() {
        let now = Utc.with_ymd_and_hms(2026, 2, 14, 10, 0, 0).unwrap();
        assert_eq!(month_start(now, 0), Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap());
        assert_eq!(month_start(now, 11), Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap());
        assert_eq!(month_start(now, 14), Utc.with_ymd_and_hms(2024, 12, 1, 0, 0, 0).unwrap());
    }
}
