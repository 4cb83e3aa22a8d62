//! A page of the « Coin du partage » list: the ordered candidates (`search`), the cards
//! of one page, and what the filter form offers.

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::i18n as t;
use crate::model::{NearCommune, PostFilter, SHARE_PAGE_SIZE, ShareData, ShareSort};
use crate::search::{self, Origin};
use crate::state::AppState;

/// A page of the list: its cards in the search's order, how many matched, and what
/// the filter form offers.
pub async fn page(st: &AppState, f: &PostFilter) -> AppResult<ShareData> {
    let pool = &st.pool;
    let (near, notice) = near_commune(pool, f).await?;
    let origin = near.as_ref().map(|(_, o)| *o);
    let search = search::of_filter(pool, f, origin).await?;
    let page = f.page.max(1);
    let ranked = search::rank(st, &search, i64::from(page - 1) * SHARE_PAGE_SIZE, SHARE_PAGE_SIZE).await?;
    let pages = ((ranked.total + SHARE_PAGE_SIZE - 1) / SHARE_PAGE_SIZE).max(1) as u32;
    // Past the end, `rank` answered the first page.
    let page = if page > pages { 1 } else { page };
    let items = db::posts::cards(pool, &ranked.posts.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let by_distance = search.sort == ShareSort::Distance;
    let distances_km = if by_distance {
        items.iter().map(|c| ranked.posts.iter().find(|p| p.id == c.id).and_then(|p| p.km)).collect()
    } else {
        Vec::new()
    };
    let categories = st.cache.categories(pool).await?.choices.clone();
    let territories = st.cache.territories(pool).await?.to_vec();
    Ok(ShareData {
        items,
        total: ranked.total,
        more: ranked.more,
        page,
        pages,
        sort: search.sort,
        near: near.filter(|_| by_distance || f.radius_km.is_some()).map(|(c, _)| c),
        distances_km,
        notice,
        categories,
        territories,
    })
}

/// The commune distances are measured from (`pres=`, or the radius's centre), and a notice when the distance
/// order was asked for but cannot apply.
async fn near_commune(pool: &Pool, f: &PostFilter) -> AppResult<(Option<(NearCommune, Origin)>, Option<String>)> {
    if f.sort != Some(ShareSort::Distance) && f.radius_km.is_none() {
        return Ok((None, None));
    }
    let Some(code) = f.origin_code() else {
        return Ok((None, Some(t::SHARE_DISTANCE_NEEDS_COMMUNE.to_string())));
    };
    Ok(match db::communes::by_insee(pool, code).await? {
        Some(c) => {
            let origin = Origin { lat: c.lat, lon: c.lon };
            (Some((NearCommune { insee: c.insee, name: c.name, postcode: c.postcode }, origin)), None)
        }
        None => (None, Some(t::share_unknown_commune(code))),
    })
}

