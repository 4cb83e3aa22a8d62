//! Territories and networks: coordinators rename theirs and invite structures to join;
//! instance admins create them, set their communes, add members directly and appoint
//! coordinators.
//!
//! What a coordinator may do with a structure (moderation, « mise en relation »,
//! archiving, exports with its contacts) follows from the territory's communes and member
//! structures, so a coordinator cannot widen either alone: communes are the admins', and a
//! member joins once its responsables accept the invitation (or an admin decides).

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

/// Records a change to a territory in the audit log, in the transaction of the change.
async fn audit(tx: &mut db::Tx<'_>, user: &SessionUser, id: i64, action: &str, details: serde_json::Value) -> AppResult<()> {
    db::audit::record(tx, Some(user.id), action, Some(("territory", id)), &details.to_string()).await
}

/// Creates (admins, `id` = None) or renames a territory. Returns its id.
pub async fn save(pool: &Pool, user: &SessionUser, id: Option<i64>, name: &str, description: &str) -> AppResult<i64> {
    let (name, description) = checked(name, description)?;
    match id {
        Some(id) => {
            editable(pool, user, id).await?;
            let mut tx = db::begin_write(pool).await?;
            db::territories::update(&mut tx, id, &name, &description).await?;
            audit(&mut tx, user, id, "territory.update", serde_json::json!({ "name": name })).await?;
            tx.commit().await?;
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
            audit(&mut tx, user, id, "territory.create", serde_json::json!({ "name": name })).await?;
            tx.commit().await?;
            Ok(id)
        }
    }
}

/// Instance admins: adds a commune (name, « Nom (code postal) » or postcode) or a whole
/// département (`departement`: its code), or removes a commune (`remove`: its INSEE code).
/// Returns how many communes changed. Coordinators are refused: the communes decide which
/// structures and posts they moderate and export.
pub async fn edit_communes(pool: &Pool, user: &SessionUser, id: i64, action: &str, value: &str) -> AppResult<u64> {
    if !user.is_instance_admin {
        return Err(AppError::new(crate::error::ErrorCode::Forbidden, t::ERR_COMMUNES_ADMINS_ONLY));
    }
    let value = value.trim();
    // Lookups first: with SQLite's single writer, nothing waits on another connection
    // while the write transaction is open.
    let codes = match action {
        "add" => match crate::structures::declare::resolve_commune(pool, value).await? {
            Ok(hit) => vec![hit.insee],
            Err(m) => return Err(AppError::invalid(vec![AppError::field("value", m)])),
        },
        "departement" => {
            let codes = db::territories::departement_communes(pool, &value.to_uppercase()).await?;
            if codes.is_empty() {
                return Err(AppError::invalid(vec![AppError::field("value", t::ERR_DEPARTEMENT_UNKNOWN)]));
            }
            codes
        }
        "remove" => Vec::new(),
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    };
    let mut tx = db::begin_write(pool).await?;
    let n = match action {
        "remove" => u64::from(db::territories::remove_commune(&mut tx, id, value).await?),
        _ => db::territories::add_communes(&mut tx, id, &codes).await?,
    };
    audit(&mut tx, user, id, "territory.communes", serde_json::json!({ "action": action, "value": value, "changed": n })).await?;
    tx.commit().await?;
    Ok(n)
}

/// Adds (by name or slug) or removes (by id) a member structure. An instance admin adds it
/// directly; a coordinator invites it, and it joins once one of its responsables accepts
/// ([`answer_invitation`]). Removing also withdraws a pending invitation. Returns whether
/// anything changed (`false`: already a member, or already invited).
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
    let mut tx = db::begin_write(pool).await?;
    let done = if add && !user.is_instance_admin {
        let invited = db::territories::invite(&mut tx, id, sid, user.id).await?;
        if invited {
            audit(&mut tx, user, id, "territory.invite", serde_json::json!({ "structure": sid })).await?;
        }
        invited
    } else {
        let done = db::territories::set_member(&mut tx, id, sid, add).await?;
        audit(&mut tx, user, id, "territory.member", serde_json::json!({ "add": add, "structure": sid })).await?;
        done
    };
    tx.commit().await?;
    Ok(done)
}

/// A responsable of the structure (or an instance admin) accepts or declines its
/// invitation to join a territory or network. `false` when accepting did not change the
/// membership (it was a member already).
pub async fn answer_invitation(pool: &Pool, user: &SessionUser, structure_id: i64, territory_id: i64, accept: bool) -> AppResult<bool> {
    crate::policy::require_structure_admin(pool, user, structure_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::territories::take_invitation(&mut tx, territory_id, structure_id).await? {
        return Err(AppError::not_found(t::ERR_NETWORK_INVITATION_GONE));
    }
    let joined = accept && db::territories::set_member(&mut tx, territory_id, structure_id, true).await?;
    audit(&mut tx, user, territory_id, "territory.invitation", serde_json::json!({ "structure": structure_id, "accept": accept }))
        .await?;
    tx.commit().await?;
    Ok(joined)
}

/// Instance admins: what coordinators added to territories (communes, members), newest
/// first, from the audit log; and the invitations waiting for an answer.
pub async fn review(pool: &Pool, user: &SessionUser) -> AppResult<crate::model::CoordinatorReview> {
    use crate::model::{AdditionKind, CoordinatorAddition, REVIEW_MAX_ROWS};
    if !user.is_instance_admin {
        return Err(AppError::forbidden());
    }
    let rows = db::territories::coordinator_changes(pool, REVIEW_MAX_ROWS).await?;
    let mut additions = Vec::new();
    for r in rows {
        let d: serde_json::Value = serde_json::from_str(&r.details).unwrap_or_default();
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        let changed = d["changed"].as_i64().unwrap_or(0);
        let what = match (r.action.as_str(), d["action"].as_str()) {
            ("territory.communes", Some("add")) if changed > 0 => AdditionKind::Commune { value: text("value"), changed },
            ("territory.communes", Some("departement")) if changed > 0 => AdditionKind::Departement { code: text("value"), changed },
            ("territory.member", _) if d["add"] == serde_json::Value::Bool(true) => match d["structure"].as_i64() {
                Some(structure_id) => AdditionKind::Member { structure_id, name: None, slug: None, still_member: false },
                None => continue,
            },
            // Removals and additions that changed nothing need no review.
            _ => continue,
        };
        additions.push(CoordinatorAddition {
            id: r.id,
            at: r.created_at,
            coordinator: r.coordinator,
            territory_id: r.territory_id,
            territory_name: r.territory_name,
            what,
        });
    }
    // Names and current memberships of the structures named, in two reads.
    let ids: Vec<i64> = additions
        .iter()
        .filter_map(|a| match a.what {
            AdditionKind::Member { structure_id, .. } => Some(structure_id),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names = db::territories::structure_names(pool, &ids).await?;
    let members: std::collections::HashSet<(i64, i64)> = db::territories::memberships_of(pool, &ids).await?.into_iter().collect();
    for a in &mut additions {
        if let AdditionKind::Member { structure_id, name, slug, still_member } = &mut a.what {
            if let Some((_, n, s)) = names.iter().find(|(id, _, _)| id == structure_id) {
                (*name, *slug) = (Some(n.clone()), Some(s.clone()));
            }
            *still_member = members.contains(&(a.territory_id, *structure_id));
        }
    }
    Ok(crate::model::CoordinatorReview { additions, pending: db::territories::invitations(pool, None).await? })
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
    let mut tx = db::begin_write(pool).await?;
    let done = db::territories::set_coordinator(&mut tx, id, uid, add).await?;
    audit(&mut tx, user, id, "territory.coordinator", serde_json::json!({ "add": add, "user": uid })).await?;
    tx.commit().await?;
    Ok(done)
}
