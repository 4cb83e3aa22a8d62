//! Publishing, editing and closing posts. Who may: an active member of the post's
//! (validated) structure, or the individual who wrote it.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{
    CheckedPost, LabelKind, LocationPrecision, NearbyPosts, PostAuthor, PostForm, PostKind, PostStatus, PublishChoices, SessionUser,
};

/// The radius of « similar posts nearby ».
pub const NEARBY_KM: f64 = 10.0;

/// What the publish form offers this user (and the post being edited, if any).
pub async fn context(pool: &Pool, user: &SessionUser, editing: Option<i64>, geocoder: bool) -> AppResult<PublishChoices> {
    let mut authors = db::posts::author_choices(pool, user.id).await?;
    let mut places = Vec::new();
    for a in &authors {
        if let Some(id) = a.slug.strip_prefix("structure:").and_then(|id| id.parse::<i64>().ok())
            && let Some((_, Some((lat, lon)), _)) = db::posts::structure_place(pool, id).await?
        {
            places.push((a.slug.clone(), lat, lon));
        }
    }
    authors.push(crate::model::Choice { slug: crate::model::AS_MYSELF.into(), name: t::PUBLISH_AS_MYSELF.into() });
    let editing = match editing {
        Some(id) => {
            require_manager(pool, user, id).await?;
            Some(db::posts::as_form(pool, id).await?.ok_or_else(|| AppError::not_found(t::ERR_POST_NOT_FOUND))?)
        }
        None => None,
    };
    if let Some(form) = &editing
        && let Some(id) = form.author.strip_prefix("structure:").and_then(|id| id.parse::<i64>().ok())
        && !places.iter().any(|p| p.0 == form.author)
        && let Some((_, Some((lat, lon)), _)) = db::posts::structure_place(pool, id).await?
    {
        places.push((form.author.clone(), lat, lon));
    }
    Ok(PublishChoices { authors, categories: db::posts::categories(pool).await?, today: t::paris_today(), editing, places, geocoder })
}

/// Refuses anyone who does not manage this post (404 for a post that does not exist).
pub async fn require_manager(pool: &Pool, user: &SessionUser, post_id: i64) -> AppResult<db::posts::PostState> {
    let post = db::posts::state(pool, post_id).await?.ok_or_else(|| AppError::not_found(t::ERR_POST_NOT_FOUND))?;
    if !db::posts::managers(pool, post_id).await?.contains(&user.id) {
        return Err(AppError::forbidden());
    }
    Ok(post)
}

/// Where a post goes: the commune typed, else its structure's place; for a structure's
/// post, the point picked on the map if it is within [`crate::model::POINT_MAX_KM`] of
/// that place. An individual's post stays at its commune's centroid whatever is sent.
async fn place(pool: &Pool, checked: &CheckedPost, structure: Option<i64>) -> AppResult<Result<Option<(String, (f64, f64), LocationPrecision)>, AppError>> {
    let base = if let Some(typed) = &checked.commune {
        match crate::structures::declare::resolve_commune(pool, typed).await? {
            Ok(c) => Some((c.insee, (c.lat, c.lon), LocationPrecision::Commune)),
            Err(m) => return Ok(Err(AppError::invalid(vec![AppError::field("commune", m)]))),
        }
    } else if let Some(structure) = structure {
        match db::posts::structure_place(pool, structure).await? {
            Some((Some(insee), Some(point), has_address)) => {
                Some((insee, point, if has_address { LocationPrecision::Address } else { LocationPrecision::Commune }))
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(match (base, checked.point, structure) {
        (Some((insee, centre, _)), Some(point), Some(_)) => {
            if crate::model::km_between(centre, point) > crate::model::POINT_MAX_KM {
                Err(AppError::invalid(vec![AppError::field("point", t::ERR_POINT_FAR)]))
            } else {
                Ok(Some((insee, point, LocationPrecision::Address)))
            }
        }
        (None, Some(_), Some(_)) => Err(AppError::invalid(vec![AppError::field("commune", t::ERR_POINT_NEEDS_COMMUNE)])),
        (base, _, _) => Ok(base),
    })
}

/// Creates a post (published, or a draft). Returns its id.
pub async fn create(pool: &Pool, user: &SessionUser, form: &PostForm, draft: bool) -> AppResult<i64> {
    let checked = form.check(t::paris_today(), false)?;
    let structure_id = match checked.author {
        PostAuthor::Structure(id) => {
            if !db::posts::can_publish_as(pool, user.id, id).await? {
                return Err(AppError::invalid(vec![AppError::field("author", t::ERR_POST_AUTHOR)]));
            }
            Some(id)
        }
        PostAuthor::Myself => None,
    };
    let place = place(pool, &checked, structure_id).await??;
    let mut tx = db::begin_write(pool).await?;
    let Some(category_id) = db::labels::id_by_slug(&mut tx, LabelKind::Category, &checked.category).await? else {
        return Err(AppError::invalid(vec![AppError::field("category", t::ERR_POST_CATEGORY)]));
    };
    let now = db::now();
    let id = db::posts::insert_post(
        &mut tx,
        &db::posts::NewPost {
            kind: checked.kind,
            category_id,
            structure_id,
            // An individual's post keeps its author; a structure's too, so its writer is
            // reminded and can find it (any member may manage it).
            author_id: Some(user.id),
            title: &checked.title,
            description: &checked.description,
            quantity: checked.quantity.as_deref(),
            starts_on: checked.starts_on,
            ends_on: checked.ends_on,
            mission_time: checked.mission_time,
            volunteers_needed: checked.volunteers_needed,
            insee: place.as_ref().map(|p| p.0.as_str()),
            lat_lon: place.as_ref().map(|p| p.1),
            location_precision: place.as_ref().map_or(LocationPrecision::Commune, |p| p.2),
            urgency: checked.urgency,
            status: if draft { PostStatus::Draft } else { PostStatus::Published },
            published_at: (!draft).then_some(now),
            expires_at: Some(t::end_of_paris_day(checked.expires_on)),
            created_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves changes to a post I manage; `publish` also publishes a draft.
pub async fn update(pool: &Pool, user: &SessionUser, post_id: i64, form: &PostForm, publish: bool) -> AppResult<()> {
    let post = require_manager(pool, user, post_id).await?;
    if !matches!(post.status, PostStatus::Draft | PostStatus::Published | PostStatus::InProgress) {
        return Err(AppError::new(crate::error::ErrorCode::Conflict, t::ERR_POST_CLOSED));
    }
    let mut checked = form.check(t::paris_today(), true)?;
    // An individual's need does not exist: editing keeps an individual's post an offer.
    if post.structure_id.is_none() && checked.kind == PostKind::Need {
        return Err(AppError::invalid(vec![AppError::field("kind", t::ERR_POST_NEED_AS_MYSELF)]));
    }
    if post.structure_id.is_none() && checked.commune.is_none() {
        return Err(AppError::invalid(vec![AppError::field("commune", t::ERR_POST_COMMUNE_AS_MYSELF)]));
    }
    checked.author = post.structure_id.map_or(PostAuthor::Myself, PostAuthor::Structure);
    let place = place(pool, &checked, post.structure_id).await??;
    let mut tx = db::begin_write(pool).await?;
    let Some(category_id) = db::labels::id_by_slug(&mut tx, LabelKind::Category, &checked.category).await? else {
        return Err(AppError::invalid(vec![AppError::field("category", t::ERR_POST_CATEGORY)]));
    };
    db::posts::update(
        &mut tx,
        post_id,
        &db::posts::PostChanges {
            kind: checked.kind,
            category_id,
            title: &checked.title,
            description: &checked.description,
            quantity: checked.quantity.as_deref(),
            starts_on: checked.starts_on,
            ends_on: checked.ends_on,
            mission_time: checked.mission_time,
            volunteers_needed: checked.volunteers_needed,
            place: place.as_ref().map(|(insee, point, precision)| (insee.as_str(), *point, *precision)),
            urgency: checked.urgency,
            expires_at: t::end_of_paris_day(checked.expires_on),
        },
    )
    .await?;
    tx.commit().await?;
    if publish && post.status == PostStatus::Draft {
        db::posts::set_status(pool, post_id, PostStatus::Draft, PostStatus::Published).await?;
    }
    Ok(())
}


/// Publishes a draft, marks a post « pourvu », puts it back online, or archives it.
pub async fn set_status(pool: &Pool, user: &SessionUser, post_id: i64, to: PostStatus) -> AppResult<PostStatus> {
    let post = require_manager(pool, user, post_id).await?;
    if post.status == to {
        return Ok(to);
    }
    if to == PostStatus::Expired || !post.status.can_move_to(to) {
        return Err(AppError::new(crate::error::ErrorCode::Conflict, t::ERR_POST_STATUS));
    }
    if !db::posts::set_status(pool, post_id, post.status, to).await? {
        return Err(AppError::new(crate::error::ErrorCode::Conflict, t::ERR_POST_STATUS));
    }
    Ok(to)
}

/// Open posts of the other kind in the same category near a commune — shown while
/// writing a post, so a need can meet an offer that already exists.
pub async fn similar_nearby(pool: &Pool, kind: PostKind, category: &str, commune: &str, structure: Option<i64>) -> AppResult<NearbyPosts> {
    let point = if commune.trim().is_empty() {
        match structure {
            Some(id) => db::posts::structure_place(pool, id).await?.and_then(|p| p.1),
            None => None,
        }
    } else {
        crate::structures::declare::resolve_commune(pool, commune).await?.ok().map(|c| (c.lat, c.lon))
    };
    let Some(point) = point else { return Ok(NearbyPosts::default()) };
    let other = match kind {
        PostKind::Need => PostKind::Offer,
        PostKind::Offer => PostKind::Need,
    };
    let (total, posts) = db::posts::nearby(pool, other, category, point, NEARBY_KM, None, 3).await?;
    Ok(NearbyPosts { total, radius_km: NEARBY_KM as i64, posts })
}
