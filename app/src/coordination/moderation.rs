//! The moderation queue and its actions: new structures (with possible duplicates, to
//! validate, reject or merge), reported posts and profiles (hide/restore with a reason
//! sent to the author, archive, dismiss), banning an account. Every action is audited.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};

use super::scope;
use crate::db::{self, Pool, notifications::Extra};
use crate::error::{AppError, AppResult};
use crate::i18n as t;
use crate::model::{
    DUPLICATE_METERS, DuplicateCandidate, MODERATION_REASON_MAX, MODERATION_REASON_MIN, ModerationQueue, NotificationKind,
    POINT_MAX_KM, PendingItem, QUEUE_SLA_DAYS, QueueReason, ReportedItem, SessionUser, fold, km_between,
};

/// Hidden posts listed under the queue (restorable).
const HIDDEN_LISTED: i64 = 50;

pub async fn queue(pool: &Pool, user: &SessionUser, reseau: Option<&str>) -> AppResult<ModerationQueue> {
    let r = scope::resolve(pool, user, reseau).await?;
    let late = Utc::now() - Duration::days(QUEUE_SLA_DAYS);
    let mut oldest = None;
    let mut seen = |since| {
        oldest = Some(oldest.map_or(since, |o: chrono::DateTime<Utc>| o.min(since)));
        since < late
    };

    let in_scope = db::moderation::pending_in_scope(pool, r.scope).await?;
    let mut pending = Vec::new();
    for s in db::structures::validation_queue(pool, user.id, user.is_instance_admin).await? {
        if !in_scope.contains(&s.id) {
            continue;
        }
        let (duplicates, doubtful) = duplicates_of(pool, s.id).await?;
        let mut why = vec![QueueReason::New];
        if !duplicates.is_empty() {
            why.push(QueueReason::PossibleDuplicate);
        }
        if doubtful {
            why.push(QueueReason::LocationDoubtful);
        }
        if seen(s.created_at) {
            why.push(QueueReason::WaitingTooLong);
        }
        pending.push(PendingItem { structure: s, duplicates, why });
    }

    let mut reported: Vec<ReportedItem> = Vec::new();
    let mut posts: BTreeMap<i64, ReportedItem> = BTreeMap::new();
    for p in db::moderation::post_reports(pool, r.scope).await? {
        let item = posts.entry(p.post_id).or_insert_with(|| ReportedItem {
            target_kind: "post".into(),
            target_id: p.post_id,
            title: p.title.clone(),
            url: format!("/partage/{}", p.post_id),
            hidden: p.hidden,
            author_id: p.author.as_ref().map(|a| a.0),
            author_name: p.author.as_ref().map(|a| a.1.clone()),
            reasons: Vec::new(),
            since: p.reason.created_at,
            why: vec![QueueReason::Reported],
        });
        item.reasons.push(p.reason);
    }
    reported.extend(posts.into_values());
    let mut structures: BTreeMap<i64, ReportedItem> = BTreeMap::new();
    for (id, slug, name, reason) in db::moderation::structure_reports(pool, r.scope).await? {
        let item = structures.entry(id).or_insert_with(|| ReportedItem {
            target_kind: "structure".into(),
            target_id: id,
            title: name,
            url: format!("/structures/{slug}"),
            hidden: false,
            author_id: None,
            author_name: None,
            reasons: Vec::new(),
            since: reason.created_at,
            why: vec![QueueReason::Reported],
        });
        item.reasons.push(reason);
    }
    reported.extend(structures.into_values());
    reported.sort_by_key(|i| i.since);
    for item in &mut reported {
        if seen(item.since) {
            item.why.push(QueueReason::WaitingTooLong);
        }
    }
    let stale = db::freshness::stale_in(pool, r.scope, HIDDEN_LISTED).await?;
    Ok(ModerationQueue {
        hidden: db::moderation::hidden_posts(pool, r.scope, HIDDEN_LISTED).await?,
        stale,
        scope: r.view,
        pending,
        reported,
        oldest,
        can_ban: user.is_instance_admin,
    })
}

/// Structures that may be the same as `id` (same RNA or SIRET; or within
/// [`DUPLICATE_METERS`] with a similar name), and whether its place looks doubtful (no
/// point, or far from its commune).
pub async fn duplicates_of(pool: &Pool, id: i64) -> AppResult<(Vec<DuplicateCandidate>, bool)> {
    let Some((rna, siret, point, folded, commune)) = db::moderation::identity(pool, id).await? else {
        return Ok((Vec::new(), false));
    };
    let doubtful = match (point, commune) {
        (None, _) => true,
        (Some(p), Some(c)) => km_between(p, c) > POINT_MAX_KM,
        (Some(_), None) => false,
    };
    let mut found = Vec::new();
    for (mut c, their_point, their_name) in db::moderation::duplicate_candidates(pool, id, DUPLICATE_METERS).await? {
        c.why = if rna.is_some() && c.rna == rna {
            t::DUPLICATE_SAME_RNA.to_string()
        } else if siret.is_some() && c.siret == siret {
            t::DUPLICATE_SAME_SIRET.to_string()
        } else {
            match point.zip(their_point).map(|(a, b)| km_between(a, b) * 1000.0) {
                Some(m) if m <= DUPLICATE_METERS && similar_names(&folded, &their_name) => t::duplicate_near(m),
                _ => continue,
            }
        };
        found.push(c);
    }
    Ok((found, doubtful))
}

/// Words that say nothing about which structure it is.
const NAME_NOISE: &[&str] = &["de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "association", "asso"];

/// Two folded names are similar when one contains the other, or when at least half of
/// their significant words are shared.
pub fn similar_names(a: &str, b: &str) -> bool {
    let a = fold(a);
    let b = fold(b);
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let words = |s: &str| s.split(' ').filter(|w| !NAME_NOISE.contains(w)).map(str::to_string).collect::<std::collections::HashSet<_>>();
    let (wa, wb) = (words(&a), words(&b));
    let union = wa.union(&wb).count();
    union > 0 && wa.intersection(&wb).count() * 2 >= union
}

/// A moderator's reason: required, bounded.
fn checked_reason(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    let n = reason.chars().count();
    if !(MODERATION_REASON_MIN..=MODERATION_REASON_MAX).contains(&n) {
        return Err(AppError::invalid(vec![AppError::field("reason", t::ERR_MODERATION_REASON)]));
    }
    Ok(reason.to_string())
}

fn reason_details(reason: &str) -> String {
    serde_json::json!({ "reason": reason }).to_string()
}

/// Hides (`hide`) or shows again a post; its managers are told why. `false` if it
/// already was in that state.
pub async fn set_post_hidden(pool: &Pool, user: &SessionUser, post_id: i64, hide: bool, reason: &str) -> AppResult<bool> {
    scope::require_post(pool, user, post_id).await?;
    let reason = checked_reason(reason)?;
    let managers = db::posts::managers(pool, post_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::moderation::set_hidden(&mut tx, post_id, hide, &reason, user.id).await? {
        return Ok(false);
    }
    let kind = if hide { NotificationKind::PostHidden } else { NotificationKind::PostRestored };
    let extra = Extra { detail: Some(&reason), ..Extra::default() };
    db::notifications::notify_about(&mut tx, &managers, kind, post_id, extra).await?;
    let action = if hide { "post.hide" } else { "post.restore" };
    db::audit::record(&mut tx, Some(user.id), action, Some(("post", post_id)), &reason_details(&reason)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Closes the open reports of a post or profile without acting on it.
pub async fn dismiss(pool: &Pool, user: &SessionUser, target_kind: &str, target_id: i64) -> AppResult<bool> {
    match target_kind {
        "post" => {
            scope::require_post(pool, user, target_id).await?;
        }
        "structure" => scope::require_structure(pool, user, target_id).await?,
        _ => return Err(AppError::bad_request(t::ERR_BAD_REQUEST)),
    }
    let mut tx = db::begin_write(pool).await?;
    let n = db::moderation::close_reports(&mut tx, target_kind, target_id, "dismissed", user.id).await?;
    if n > 0 {
        db::audit::record(&mut tx, Some(user.id), "report.dismiss", Some((target_kind, target_id)), "{}").await?;
    }
    tx.commit().await?;
    Ok(n > 0)
}

/// Archives a reported structure profile (it leaves the directory and the map); its
/// responsables get the reason by e-mail.
pub async fn archive_structure(pool: &Pool, user: &SessionUser, structure_id: i64, reason: &str) -> AppResult<bool> {
    scope::require_structure(pool, user, structure_id).await?;
    let reason = checked_reason(reason)?;
    let Some((name, _)) = db::structures::name_and_status(pool, structure_id).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    let admins = db::structures::admin_emails(pool, structure_id).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::moderation::archive_structure(&mut tx, structure_id, user.id).await? {
        return Ok(false);
    }
    let body = format!(
        "Bonjour,\n\nLa fiche de « {name} » a été retirée de l’annuaire par les coordinateurs du territoire, \
         pour la raison suivante :\n\n{reason}\n\nVous pouvez leur répondre pour la faire rétablir.\n"
    );
    for email in &admins {
        crate::structures::mail(&mut tx, email, t::MAIL_MODERATION_SUBJECT, &body).await?;
    }
    db::audit::record(&mut tx, Some(user.id), "structure.archive", Some(("structure", structure_id)), &reason_details(&reason)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Merges a new structure into an existing one it duplicates: members of the new
/// declaration ask to join the existing one, its posts move over. The declarant is told.
pub async fn merge(pool: &Pool, user: &SessionUser, from: i64, into: i64) -> AppResult<bool> {
    // The existing structure may sit in a neighbouring territory: any validated one will do.
    crate::policy::require_structure_validator(pool, user, from).await?;
    let Some((from_name, _)) = db::structures::name_and_status(pool, from).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    let Some((into_name, _)) = db::structures::name_and_status(pool, into).await? else {
        return Err(AppError::not_found(t::ERR_NOT_FOUND));
    };
    let declarant = db::structures::declarant(pool, from).await?;
    let mut tx = db::begin_write(pool).await?;
    if !db::moderation::merge(&mut tx, from, into).await? {
        return Err(AppError::bad_request(t::ERR_MERGE));
    }
    if let Some((_, email)) = declarant {
        let body = format!(
            "Bonjour,\n\n« {from_name} » figurait déjà dans l’annuaire sous le nom « {into_name} ». \
             Les coordinateurs ont réuni les deux fiches : votre demande pour rejoindre « {into_name} » \
             attend la réponse de ses responsables.\n"
        );
        crate::structures::mail(&mut tx, &email, t::MAIL_VALIDATION_SUBJECT, &body).await?;
    }
    db::audit::record(&mut tx, Some(user.id), "structure.merge", Some(("structure", into)), &format!("{{\"from\":{from}}}")).await?;
    tx.commit().await?;
    Ok(true)
}

/// Bans an account (instance admins; the policy checks the role). Its personal open
/// posts are hidden with the reason; it cannot sign in any more.
pub async fn ban(pool: &Pool, user: &SessionUser, user_id: i64, reason: &str) -> AppResult<bool> {
    if !user.is_instance_admin {
        return Err(AppError::forbidden());
    }
    let reason = checked_reason(reason)?;
    let mut tx = db::begin_write(pool).await?;
    let Some(hidden) = db::moderation::ban(&mut tx, user_id, &reason, user.id).await? else {
        return Err(AppError::bad_request(t::ERR_BAN));
    };
    let details = serde_json::json!({ "reason": reason, "posts_hidden": hidden.len() }).to_string();
    db::audit::record(&mut tx, Some(user.id), "user.ban", Some(("user", user_id)), &details).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::similar_names;

    #[test]
    fn names_are_compared_without_noise_words() {
        assert!(similar_names("Garage solidaire de l'Uzège", "Le Garage Solidaire Uzège"));
        assert!(similar_names("Écocentre Pierre et Terre", "ecocentre pierre terre"));
        assert!(!similar_names("Association des parents d'élèves", "Association sportive du village"));
        assert!(!similar_names("", "Garage"));
    }
}
