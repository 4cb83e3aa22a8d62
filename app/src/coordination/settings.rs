//! Instance settings, for instance admins: categories and themes (rename, reorder, add,
//! merge without losing posts), instance texts, the map's default view. Each change is
//! audited.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{INSTANCE_TEXTS, INSTANCE_TEXT_MAX, LABEL_NAME_MAX, LabelKind, SessionUser, SettingsView, slugify};

fn admin(user: &SessionUser) -> AppResult<()> {
    if user.is_instance_admin { Ok(()) } else { Err(AppError::forbidden()) }
}

pub async fn view(pool: &Pool, user: &SessionUser) -> AppResult<SettingsView> {
    admin(user)?;
    let s = db::settings::get(pool).await?;
    let mut texts = Vec::new();
    for (key, _, _) in INSTANCE_TEXTS {
        texts.push((key.to_string(), db::settings::text(pool, key).await?.unwrap_or_default()));
    }
    Ok(SettingsView {
        categories: db::labels::list(pool, LabelKind::Category).await?,
        themes: db::labels::list(pool, LabelKind::Theme).await?,
        texts,
        map_lat: s.map_center_lat,
        map_lon: s.map_center_lon,
        map_zoom: s.map_zoom,
    })
}

fn label_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    let n = name.chars().count();
    if n < 2 || n > LABEL_NAME_MAX || name.contains('\n') {
        return Err(AppError::invalid(vec![AppError::field("name", t::ERR_LABEL_NAME)]));
    }
    Ok(name.to_string())
}

async fn audit(tx: &mut db::Tx<'_>, user: &SessionUser, action: &str, details: serde_json::Value) -> AppResult<()> {
    db::audit::record(tx, Some(user.id), action, None, &details.to_string()).await
}

pub async fn rename(pool: &Pool, user: &SessionUser, kind: LabelKind, id: i64, name: &str) -> AppResult<bool> {
    admin(user)?;
    let name = label_name(name)?;
    let mut tx = db::begin_write(pool).await?;
    let done = db::labels::rename(&mut tx, kind, id, &name).await?;
    audit(&mut tx, user, "label.rename", serde_json::json!({ "kind": format!("{kind:?}"), "id": id, "name": name })).await?;
    tx.commit().await?;
    Ok(done)
}

pub async fn add(pool: &Pool, user: &SessionUser, kind: LabelKind, name: &str) -> AppResult<i64> {
    admin(user)?;
    let name = label_name(name)?;
    let mut tx = db::begin_write(pool).await?;
    let id = db::labels::add(&mut tx, kind, &slugify(&name), &name)
        .await?
        .ok_or_else(|| AppError::invalid(vec![AppError::field("name", t::ERR_LABEL_TAKEN)]))?;
    audit(&mut tx, user, "label.add", serde_json::json!({ "kind": format!("{kind:?}"), "id": id })).await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves one label up or down the list.
pub async fn shift(pool: &Pool, user: &SessionUser, kind: LabelKind, id: i64, up: bool) -> AppResult<bool> {
    admin(user)?;
    let mut ids: Vec<i64> = db::labels::list(pool, kind).await?.into_iter().map(|l| l.id).collect();
    let Some(i) = ids.iter().position(|x| *x == id) else { return Err(AppError::not_found(t::ERR_NOT_FOUND)) };
    let j = if up { i.checked_sub(1) } else { (i + 1 < ids.len()).then_some(i + 1) };
    let Some(j) = j else { return Ok(false) };
    ids.swap(i, j);
    let mut tx = db::begin_write(pool).await?;
    db::labels::reorder(&mut tx, kind, &ids).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn merge(pool: &Pool, user: &SessionUser, kind: LabelKind, from: i64, into: i64) -> AppResult<bool> {
    admin(user)?;
    let mut tx = db::begin_write(pool).await?;
    if !db::labels::merge(&mut tx, kind, from, into).await? {
        return Err(AppError::bad_request(t::ERR_LABEL_MERGE));
    }
    audit(&mut tx, user, "label.merge", serde_json::json!({ "kind": format!("{kind:?}"), "from": from, "into": into })).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn save_text(pool: &Pool, user: &SessionUser, key: &str, body: &str) -> AppResult<()> {
    admin(user)?;
    if !INSTANCE_TEXTS.iter().any(|(k, _, _)| *k == key) {
        return Err(AppError::bad_request(t::ERR_BAD_REQUEST));
    }
    if body.chars().count() > INSTANCE_TEXT_MAX {
        return Err(AppError::invalid(vec![AppError::field("body", t::ERR_TEXT_TOO_LONG)]));
    }
    let mut tx = db::begin_write(pool).await?;
    db::settings::set_text(&mut tx, key, body.trim(), user.id).await?;
    audit(&mut tx, user, "text.save", serde_json::json!({ "key": key })).await?;
    Ok(tx.commit().await?)
}

pub async fn save_map_view(pool: &Pool, user: &SessionUser, lat: f64, lon: f64, zoom: i64) -> AppResult<()> {
    admin(user)?;
    if !(-85.0..=85.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || !(2..=18).contains(&zoom) {
        return Err(AppError::invalid(vec![AppError::field("lat", t::ERR_MAP_VIEW)]));
    }
    let mut tx = db::begin_write(pool).await?;
    db::settings::set_map_view(&mut tx, lat, lon, zoom).await?;
    audit(&mut tx, user, "map.default_view", serde_json::json!({ "lat": lat, "lon": lon, "zoom": zoom })).await?;
    Ok(tx.commit().await?)
}
