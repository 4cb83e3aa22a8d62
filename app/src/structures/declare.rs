//! Declaring a structure, and the coordinators' validate/reject decision.

use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{
    CheckedStructure, CommuneHit, MemberRole, MembershipStatus, PendingStructure, SessionUser, StructureForm, ValidationStatus,
    slugify,
};

/// How many declared structures one account may have waiting at once (spam brake).
pub const MAX_PENDING_PER_ACCOUNT: i64 = 5;
pub const REASON_MAX_CHARS: usize = 500;

/// Resolves what the user typed in the commune field: « Uzès (30700) » as suggested,
/// a name, or a postcode. One commune, or a French message for the field.
pub async fn resolve_commune(pool: &Pool, typed: &str) -> AppResult<Result<CommuneHit, &'static str>> {
    let typed = typed.trim();
    // « Nom (code postal) », the form the suggestions use.
    if let Some((name, rest)) = typed.rsplit_once('(') {
        let postcode = rest.trim_end_matches(')').trim();
        if postcode.len() == 5 && postcode.bytes().all(|b| b.is_ascii_digit()) {
            let hits = db::communes::lookup(pool, postcode, 50).await?;
            let folded = crate::model::fold(name);
            if let Some(hit) = hits.into_iter().find(|h| crate::model::fold(&h.name) == folded) {
                return Ok(Ok(hit));
            }
        }
    }
    let mut hits = db::communes::lookup(pool, typed, 10).await?;
    let folded = crate::model::fold(typed);
    let exact: Vec<_> = hits.iter().filter(|h| crate::model::fold(&h.name) == folded).cloned().collect();
    Ok(match (hits.len(), exact.len()) {
        (0, _) => Err(t::ERR_COMMUNE_UNKNOWN),
        (1, _) => Ok(hits.remove(0)),
        (_, 1) => Ok(exact.into_iter().next().expect("one")),
        _ => Err(t::ERR_COMMUNE_AMBIGUOUS),
    })
}

/// The form checked, with its commune resolved; every field's message at once.
pub async fn checked_with_commune(pool: &Pool, form: &StructureForm) -> AppResult<(CheckedStructure, CommuneHit)> {
    let checked = form.check();
    let commune = if form.commune.trim().is_empty() { None } else { Some(resolve_commune(pool, &form.commune).await?) };
    match (checked, commune) {
        (Ok(c), Some(Ok(commune))) => Ok((c, commune)),
        (checked, commune) => {
            let mut fields = checked.err().map(|e| e.fields).unwrap_or_default();
            if let Some(Err(m)) = commune {
                fields.push(AppError::field("commune", m));
            }
            // Keep the form's order: the commune comes after the description.
            let order = ["name", "kind", "description", "commune", "address", "email", "phone", "website", "rna", "siret"];
            fields.sort_by_key(|f| order.iter().position(|o| *o == f.field));
            Err(AppError::invalid(fields))
        }
    }
}

/// Records a new structure waiting for validation, its declarant as its first
/// responsable, and tells the people who can validate it. Returns its id.
pub async fn declare(pool: &Pool, public_url: &str, user: &SessionUser, form: StructureForm) -> AppResult<i64> {
    let (checked, commune) = checked_with_commune(pool, &form).await?;
    if db::structures::pending_count_by(pool, user.id).await? >= MAX_PENDING_PER_ACCOUNT {
        return Err(AppError::new(ErrorCode::TooManyRequests, t::ERR_TOO_MANY_PENDING));
    }
    let validators = validators_of(pool, &commune.insee).await?;
    let mut tx = db::begin_write(pool).await?;
    let slug = db::structures::free_slug(&mut tx, &slugify(&checked.name)).await?;
    let id = db::structures::insert_structure(
        &mut tx,
        &db::structures::NewStructure {
            slug: &slug,
            name: &checked.name,
            kind: checked.kind,
            description: &checked.description,
            address: checked.address.as_deref(),
            insee: Some(&commune.insee),
            postcode: Some(&commune.postcode),
            departement: Some(&commune.departement),
            lat_lon: Some((commune.lat, commune.lon)),
            email: checked.email.as_deref(),
            phone: checked.phone.as_deref(),
            website: checked.website.as_deref(),
            rna: checked.rna.as_deref(),
            siret: checked.siret.as_deref(),
            validation_status: ValidationStatus::Pending,
            created_by: Some(user.id),
        },
    )
    .await?;
    db::structures::set_contact_visibility(&mut tx, id, checked.public).await?;
    db::structures::insert_membership(&mut tx, user.id, id, MemberRole::Admin, MembershipStatus::Active).await?;
    let body = format!(
        "Bonjour,\n\n{who} vient de déclarer la structure « {name} » ({commune}). Elle attend votre validation :\n\
         {public_url}/coordination/validation\n",
        who = user.display_name,
        name = checked.name,
        commune = commune.name,
    );
    for email in validators {
        super::mail(&mut tx, &email, t::VALIDATION_TITLE, &body).await?;
    }
    db::audit::record(&mut tx, Some(user.id), "structure.declare", Some(("structure", id)), "{}").await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(id)
}

/// E-mails of those who validate structures of a commune: its territories' coordinators,
/// else the instance admins.
async fn validators_of(pool: &Pool, insee: &str) -> AppResult<Vec<String>> {
    let coordinators = db::territories::coordinator_emails_of_commune(pool, insee).await?;
    if !coordinators.is_empty() {
        return Ok(coordinators);
    }
    db::users::instance_admin_emails(pool).await
}

pub async fn queue(pool: &Pool, user: &SessionUser) -> AppResult<Vec<PendingStructure>> {
    db::structures::validation_queue(pool, user.id, user.is_instance_admin).await
}

/// Validates or rejects (with a reason sent to the declarant). `false` if it was no
/// longer waiting.
pub async fn decide(
    pool: &Pool,
    public_url: &str,
    user: &SessionUser,
    structure_id: i64,
    validate: bool,
    reason: &str,
) -> AppResult<bool> {
    crate::policy::require_structure_validator(pool, user, structure_id).await?;
    let reason = reason.trim();
    if !validate && (reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS) {
        return Err(AppError::invalid(vec![AppError::field("reason", t::ERR_REASON_REQUIRED)]));
    }
    let Some((name, _)) = db::structures::name_and_status(pool, structure_id).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    let declarant = db::structures::declarant(pool, structure_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::structures::decide(&mut tx, structure_id, validate, user.id).await? {
        return Ok(false);
    }
    if let Some((_, email)) = declarant {
        let body = if validate {
            format!(
                "Bonjour,\n\nBonne nouvelle : « {name} » est validée et figure maintenant dans l’annuaire. \
                 Vous pouvez publier ses besoins et ses ressources :\n{public_url}/compte/structures\n"
            )
        } else {
            format!(
                "Bonjour,\n\nLa structure « {name} » n’a pas été validée par les coordinateurs du territoire, \
                 pour la raison suivante :\n\n{reason}\n\nVous pouvez leur répondre en déclarant à nouveau la structure \
                 avec les précisions demandées.\n"
            )
        };
        super::mail(&mut tx, &email, t::MAIL_VALIDATION_SUBJECT, &body).await?;
    }
    let action = if validate { "structure.validate" } else { "structure.reject" };
    let details = serde_json::json!({ "reason": (!validate).then_some(reason) }).to_string();
    db::audit::record(&mut tx, Some(user.id), action, Some(("structure", structure_id)), &details).await?;
    tx.commit().await?;
    db::outbox::wake();
    Ok(true)
}
