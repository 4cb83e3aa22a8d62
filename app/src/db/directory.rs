//! The directory: validated structures, searched and filtered; a structure's public page.

use sqlx::QueryBuilder;

use super::posts::{POST_CARD_SELECT, POST_IS_PUBLIC};
use super::{Db, Pool};
use crate::error::AppResult;
use crate::model::{
    Choice, DIRECTORY_PAGE_SIZE, DirectoryData, DirectoryFilter, PostKind, StructureCard, StructureKind, StructurePage,
    fold,
};

/// The folded text the directory searches: name and description.
pub fn search_text(name: &str, description: &str) -> String {
    fold(&format!("{name} {description}"))
}

/// Fills `search_folded` for rows written before it existed (idempotent, cheap when done).
pub async fn backfill_search(pool: &Pool) -> AppResult<u64> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, description FROM structures WHERE search_folded = ''").fetch_all(pool).await?;
    let mut tx = super::begin_write(pool).await?;
    for (id, name, description) in &rows {
        sqlx::query("UPDATE structures SET search_folded = $1 WHERE id = $2")
            .bind(search_text(name, description))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// The words of a search, folded, without LIKE wildcards.
fn words(q: &str) -> Vec<String> {
    fold(q).split(' ').map(|w| w.replace(['%', '_'], "")).filter(|w| !w.is_empty()).take(8).collect()
}

/// WHERE clause shared by the count and the page.
fn push_filter(qb: &mut QueryBuilder<'_, Db>, f: &DirectoryFilter) {
    qb.push(" WHERE s.validation_status = 'validated'");
    for w in words(&f.q) {
        // A word prefix anywhere in the folded text: at its start or after a space.
        qb.push(" AND (s.search_folded LIKE ").push_bind(format!("{w}%"));
        qb.push(" OR s.search_folded LIKE ").push_bind(format!("% {w}%")).push(")");
    }
    if let Some(k) = f.kind {
        qb.push(" AND s.kind = ").push_bind(k.as_str());
    }
    if let Some(t) = &f.theme {
        qb.push(" AND EXISTS (SELECT 1 FROM structure_themes st JOIN themes th ON th.id = st.theme_id WHERE st.structure_id = s.id AND th.slug = ")
            .push_bind(t.clone())
            .push(")");
    }
    if let Some(c) = &f.place.commune {
        qb.push(" AND s.insee = ").push_bind(c.clone());
    }
    if let Some(d) = &f.place.departement {
        qb.push(" AND s.departement = ").push_bind(d.clone());
    }
    if let Some(t) = &f.place.territory {
        push_territory_filter(qb, t, "s.id", "s.insee");
    }
    if f.open_needs {
        qb.push(" AND EXISTS (SELECT 1 FROM posts p WHERE p.structure_id = s.id AND p.kind = 'need'
                  AND p.hidden = FALSE AND p.status IN ('published', 'in_progress'))");
    }
}

/// Keeps rows belonging to a territory or network: a network lists its member
/// structures, a territory covers communes; either makes a row part of it.
pub(crate) fn push_territory_filter(qb: &mut QueryBuilder<'_, Db>, slug: &str, structure_id: &str, insee: &str) {
    qb.push(" AND EXISTS (SELECT 1 FROM territories tr WHERE tr.slug = ").push_bind(slug.to_string()).push(format!(
        " AND (EXISTS (SELECT 1 FROM territory_structures ts WHERE ts.territory_id = tr.id AND ts.structure_id = {structure_id})
              OR EXISTS (SELECT 1 FROM territory_communes tc WHERE tc.territory_id = tr.id AND tc.insee = {insee})))"
    ));
}

/// Territories and networks, for the filter forms (read through the `ReferenceCache`).
pub(crate) async fn territory_choices(pool: &Pool) -> AppResult<Vec<Choice>> {
    Ok(sqlx::query_as("SELECT slug, name FROM territories ORDER BY name").fetch_all(pool).await?)
}

/// Open needs/offers of a structure (its own validation is already checked by the list).
fn open_count(kind: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM posts p WHERE p.structure_id = s.id AND p.kind = '{kind}'
          AND p.hidden = FALSE AND p.status IN ('published', 'in_progress'))"
    )
}

pub async fn list(pool: &Pool, cache: &super::cache::ReferenceCache, f: &DirectoryFilter) -> AppResult<DirectoryData> {
    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM structures s");
    push_filter(&mut count, f);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let pages = ((total + DIRECTORY_PAGE_SIZE - 1) / DIRECTORY_PAGE_SIZE).max(1) as u32;
    let page = f.page.clamp(1, pages);
    let mut qb = QueryBuilder::<Db>::new(format!(
        "SELECT s.id, s.slug, s.name, s.kind, c.name AS commune, s.departement,
                SUBSTR(s.description, 1, 220) AS summary, {} AS open_needs, {} AS open_offers
         FROM structures s LEFT JOIN communes c ON c.insee = s.insee",
        open_count("need"),
        open_count("offer")
    ));
    push_filter(&mut qb, f);
    qb.push(" ORDER BY s.name_folded, s.id LIMIT ").push_bind(DIRECTORY_PAGE_SIZE);
    qb.push(" OFFSET ").push_bind(i64::from(page - 1) * DIRECTORY_PAGE_SIZE);
    let items: Vec<StructureCard> = qb.build_query_as().fetch_all(pool).await?;
    let themes = cache.themes(pool).await?.choices.clone();
    let territories = cache.territories(pool).await?.to_vec();
    let commune_name = match &f.place.commune {
        Some(insee) => super::communes::by_insee(pool, insee).await?.map(|c| c.name),
        None => None,
    };
    Ok(DirectoryData { items, total, page, pages, themes, territories, commune_name })
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    slug: String,
    name: String,
    kind: StructureKind,
    description: String,
    address: Option<String>,
    commune: Option<String>,
    postcode: Option<String>,
    departement: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    email_public: bool,
    phone_public: bool,
    website_public: bool,
}

/// A validated structure's public page (`None` if unknown or not validated — a pending
/// structure's members see it on « Mes structures », not here).
pub async fn profile(pool: &Pool, slug: &str, viewer: Option<i64>) -> AppResult<Option<StructurePage>> {
    let Some(r): Option<ProfileRow> = sqlx::query_as(
        "SELECT s.id, s.slug, s.name, s.kind, s.description, s.address, c.name AS commune, s.postcode, s.departement,
                s.lat, s.lon, s.email, s.phone, s.website, s.email_public, s.phone_public, s.website_public
         FROM structures s LEFT JOIN communes c ON c.insee = s.insee
         WHERE s.slug = $1 AND s.validation_status = 'validated'",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let themes = sqlx::query_scalar(
        "SELECT th.name FROM structure_themes st JOIN themes th ON th.id = st.theme_id WHERE st.structure_id = $1 ORDER BY th.position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let territories = sqlx::query_as(
        "SELECT DISTINCT tr.slug, tr.name FROM territories tr
         WHERE EXISTS (SELECT 1 FROM territory_structures ts WHERE ts.territory_id = tr.id AND ts.structure_id = $1)
            OR EXISTS (SELECT 1 FROM territory_communes tc WHERE tc.territory_id = tr.id AND tc.insee = (SELECT insee FROM structures WHERE id = $1))
         ORDER BY tr.name",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let posts_sql = format!(
        "{POST_CARD_SELECT} WHERE {POST_IS_PUBLIC} AND p.structure_id = $1 AND p.kind = $2
         ORDER BY p.published_at DESC, p.id DESC LIMIT 50"
    );
    let needs = sqlx::query_as(&posts_sql).bind(r.id).bind(PostKind::Need).fetch_all(pool).await?;
    let offers = sqlx::query_as(&posts_sql).bind(r.id).bind(PostKind::Offer).fetch_all(pool).await?;
    let resources = sqlx::query_as(
        "SELECT id, name, description FROM shared_resources WHERE structure_id = $1 AND active = TRUE ORDER BY name",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    // Its contacts as this viewer may see them (the one rule: `Contacts::seen_by`).
    let contacts = crate::model::Contacts { email: r.email, phone: r.phone, website: r.website }.seen_by(
        crate::model::ContactVisibility { email: r.email_public, phone: r.phone_public, website: r.website_public },
        super::structures::contact_audience(pool, viewer, r.id).await?,
    );
    let viewer_is_member = match viewer {
        Some(uid) => matches!(
            super::structures::membership(pool, uid, r.id).await?,
            Some((_, crate::model::MembershipStatus::Active))
        ),
        None => false,
    };
    Ok(Some(StructurePage {
        id: r.id,
        slug: r.slug,
        name: r.name,
        kind: r.kind,
        description: r.description,
        address: r.address,
        commune: r.commune,
        postcode: r.postcode,
        departement: r.departement,
        lat: r.lat,
        lon: r.lon,
        email: contacts.email,
        phone: contacts.phone,
        website: contacts.website,
        themes,
        territories,
        needs,
        offers,
        resources,
        viewer_is_member,
        viewer_signed_in: viewer.is_some(),
    }))
}
