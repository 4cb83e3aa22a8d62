//! Territories and networks: coordinators edit theirs (name, description, communes,
//! member structures); instance admins create them and appoint coordinators.

use super::scope;
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{SessionUser, TerritoriesView, slugify};

const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 2_000;

pub async fn view(pool: &Pool, user: &SessionUser) -> AppResult<TerritoriesView> {
    let r = scope::resolve(pool, user, None).await?;
    let ids = (!user.is_instance_admin).then_some(r.territories.as_slice());
    Ok(TerritoriesView { territories: db::territories::views(pool, ids).await?, admin: user.is_instance_admin })
}

/// The territory, if the user may edit it.
async fn editable(pool: &Pool, user: &SessionUser, id: i64) -> AppResult<()> {
    let r = scope::resolve(pool, user, None).await?;
    if user.is_instance_admin || r.territories.contains(&id) { Ok(()) } else { Err(AppError::not_found(t::ERR_NOT_FOUND)) }
}

fn checked(name: &str, description: &str) -> AppResult<(String, String)> {
    let name = name.trim();
    let mut fields = Vec::new();
    if name.chars().count() < 2 || name.chars().count() > NAME_MAX {
        fields.push(AppError::field("name", t::ERR_TERRITORY_NAME));
    }
    if description.chars().count() > DESCRIPTION_MAX {
        fields.push(AppError::field("description", t::ERR_TERRITORY_DESCRIPTION));
    }
    if fields.is_empty() { Ok((name.to_string(), description.trim().to_string())) } else { Err(AppError::invalid(fields)) }
}

async fn audit(pool: &Pool, user: &SessionUser, id: i64, action: &str, details: serde_json::Value) -> AppResult<()> {
    db::audit::event(pool, Some(user.id), action, Some(("territory", id)), &details.to_string()).await
}

/// Creates (admins, `id` = None) or renames a territory. Returns its id.
pub async fn save(pool: &Pool, user: &SessionUser, id: Option<i64>, name: &str, description: &str) -> AppResult<i64> {
    let (name, description) = checked(name, description)?;
    match id {
        Some(id) => {
            editable(pool, user, id).await?;
            db::territories::update(pool, id, &name, &description).await?;
            audit(pool, user, id, "territory.update", serde_json::json!({ "name": name })).await?;
            Ok(id)
        }
        None => {
            if !user.is_instance_admin {
                return Err(AppError::forbidden());
            }
            let base = slugify(&name);
            let mut slug = base.clone();
            let mut n = 2;
            while db::territories::slug_taken(pool, &slug).await? {
                slug = format!("{base}-{n}");
                n += 1;
            }
            let mut tx = db::begin_write(pool).await?;
            let id = db::territories::create(&mut tx, &slug, &name, &description).await?;
            tx.commit().await?;
            audit(pool, user, id, "territory.create", serde_json::json!({ "name": name })).await?;
            Ok(id)
        }
    }
}

/// Adds a commune (name, « Nom (code postal) » or postcode) or a whole département
/// (`departement`: its code), or removes a commune (`remove`: its INSEE code). Returns
/// how many communes changed.
pub async fn edit_communes(pool: &Pool, user: &SessionUser, id: i64, action: &str, value: &str) -> AppResult<u64> {
    editable(pool, user, id).await?;
    let value = value.trim();
    let n = match action {
        "add" => match crate::structures::declare::resolve_commune(pool, value).await? {
            Ok(hit) => db::territories::add_communes(pool, id, &[hit.insee]).await?,
            Err(m) => return Err(AppError::invalid(vec![AppError::field("value", m)])),
        },
        "departement" => {
            let codes = db::territories::departement_communes(pool, &value.to_uppercase()).await?;
            if codes.is_empty() {
                return Err(AppError::invalid(vec![AppError::field("value", t::ERR_DEPARTEMENT_UNKNOWN)]));
            }
            db::territories::add_communes(pool, id, &codes).await?
        }
        "remove" => u64::from(db::territories::remove_commune(pool, id, value).await?),
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    };
    audit(pool, user, id, "territory.communes", serde_json::json!({ "action": action, "value": value, "changed": n })).await?;
    Ok(n)
}

/// Adds (by name or slug) or removes a member structure.
pub async fn edit_member(pool: &Pool, user: &SessionUser, id: i64, action: &str, structure: &str) -> AppResult<bool> {
    editable(pool, user, id).await?;
    let add = match action {
        "add" => true,
        "remove" => false,
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    };
    let sid = match structure.trim().parse::<i64>() {
        Ok(sid) if !add => sid,
        _ => db::territories::find_structure(pool, structure)
            .await?
            .ok_or_else(|| AppError::invalid(vec![AppError::field("structure", t::ERR_MEMBER_NOT_FOUND)]))?,
    };
    let done = db::territories::set_member(pool, id, sid, add).await?;
    audit(pool, user, id, "territory.member", serde_json::json!({ "add": add, "structure": sid })).await?;
    Ok(done)
}

/// Instance admins: appoints (by e-mail) or removes (by user id) a coordinator.
pub async fn edit_coordinator(pool: &Pool, user: &SessionUser, id: i64, action: &str, who: &str) -> AppResult<bool> {
    if !user.is_instance_admin {
        return Err(AppError::forbidden());
    }
    let (uid, add) = match action {
        "add" => (
            db::territories::active_user_by_email(pool, who)
                .await?
                .ok_or_else(|| AppError::invalid(vec![AppError::field("who", t::ERR_USER_NOT_FOUND)]))?,
            true,
        ),
        "remove" => (who.trim().parse().map_err(|_| AppError::bad_request(t::ERR_BAD_REQUEST))?, false),
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    };
    let done = db::territories::set_coordinator(pool, id, uid, add).await?;
    audit(pool, user, id, "territory.coordinator", serde_json::json!({ "add": add, "user": uid })).await?;
    Ok(done)
}
