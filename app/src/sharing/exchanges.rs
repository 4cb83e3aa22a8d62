//! What a post's page shows to whom, « Mes échanges », and the volunteering page.

use crate::db::{self, Pool};
use crate::error::AppResult;
use crate::i18n as t;
use crate::model::{Exchanges, PostKind, PostPageData, PostViewer, SessionUser, VOLUNTEERING, VolunteeringData};

/// How far matches are looked for around a post.
pub const MATCH_KM: f64 = 30.0;

/// A post's page: public posts for everyone, drafts and closed posts for their managers
/// only (`None` = not found for this viewer).
pub async fn post_page(pool: &Pool, user: Option<&SessionUser>, post_id: i64) -> AppResult<Option<PostPageData>> {
    let managers = match user {
        Some(_) => db::posts::managers(pool, post_id).await?,
        None => Vec::new(),
    };
    let can_manage = user.is_some_and(|u| managers.contains(&u.id));
    let responses = match user {
        Some(u) => db::responses::for_post(pool, post_id, (!can_manage).then_some(u.id), u.id).await?,
        None => Vec::new(),
    };
    // Closed posts leave the public pages, but their managers and responders keep them.
    let involved = can_manage || responses.iter().any(|r| r.mine);
    let post = match db::posts::public_detail(pool, post_id).await? {
        Some(p) => p,
        None if involved => match db::posts::any_detail(pool, post_id).await? {
            Some(p) => p,
            None => return Ok(None),
        },
        None => return Ok(None),
    };
    let mut viewer = PostViewer { signed_in: user.is_some(), can_manage, responses, ..Default::default() };
    if let Some(u) = user {
        if viewer.responses.iter().any(|r| r.mine && r.status == crate::model::ResponseStatus::Accepted) {
            viewer.post_contact = db::responses::post_contact(pool, post_id).await?;
        }
        if post.category_slug == VOLUNTEERING {
            viewer.signed_up = db::volunteers::is_signed_up(pool, post_id, u.id).await?;
            if can_manage {
                viewer.volunteers = db::volunteers::names(pool, post_id).await?;
            }
        }
        if !can_manage {
            viewer.respond_as = db::posts::author_choices(pool, u.id).await?;
        }
        // Seen: what was new about this post is no longer new.
        db::notifications::mark_read(pool, u.id, Some(post_id)).await?;
    }
    let (match_total, matches) = match db::posts::point_of(pool, post_id).await? {
        Some(point) => {
            let other = match post.kind {
                PostKind::Need => PostKind::Offer,
                PostKind::Offer => PostKind::Need,
            };
            db::posts::nearby(pool, other, &post.category_slug, point, MATCH_KM, Some(post_id), 5).await?
        }
        None => (0, Vec::new()),
    };
    Ok(Some(PostPageData { post, viewer, matches, match_total }))
}

/// « Mes échanges ».
pub async fn mine(pool: &Pool, user: &SessionUser) -> AppResult<Exchanges> {
    let today = t::paris_today();
    // Suggestions for my own open posts: how many of the other kind match each.
    let mut posts = db::posts::managed_by(pool, user.id).await?;
    let open: Vec<i64> = posts.iter().filter(|p| p.status.is_open()).map(|p| p.id).take(50).collect();
    for (id, n) in match_counts(pool, &open).await? {
        if let Some(p) = posts.iter_mut().find(|p| p.id == id) {
            p.matches = n;
        }
    }
    Ok(Exchanges {
        posts,
        responses: db::responses::sent_by(pool, user.id).await?,
        missions: db::volunteers::mine(pool, user.id, today).await?,
        notifications: db::notifications::latest(pool, user.id, 30).await?,
    })
}

pub async fn volunteering(pool: &Pool, user: Option<&SessionUser>) -> AppResult<VolunteeringData> {
    let today = t::paris_today();
    Ok(VolunteeringData {
        missions: db::volunteers::upcoming(pool, today, 100).await?,
        mine: match user {
            Some(u) => db::volunteers::mine(pool, u.id, today).await?,
            None => Vec::new(),
        },
    })
}

/// Counts of matching open posts for listed posts (capped: « 10 ou plus »).
/// Two queries whatever the number of ids (at most [`MATCH_COUNTS_MAX_IDS`]): the posts'
/// keys, then every capped count at once.
pub async fn match_counts(pool: &Pool, ids: &[i64]) -> AppResult<Vec<(i64, i64)>> {
    let wanted: Vec<(i64, PostKind, String, (f64, f64))> = db::posts::match_keys(pool, ids)
        .await?
        .into_iter()
        .map(|(id, kind, category, point)| {
            let other = match kind {
                PostKind::Need => PostKind::Offer,
                PostKind::Offer => PostKind::Need,
            };
            (id, other, category, point)
        })
        .collect();
    db::posts::capped_counts_nearby(pool, &wanted, MATCH_KM, crate::model::MATCH_COUNT_CAP).await
}

/// Ids one `match_counts` call answers at most (a page of the list shows 20).
pub const MATCH_COUNTS_MAX_IDS: usize = 50;
