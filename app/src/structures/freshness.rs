//! Keeping the directory fresh: a structure not updated for a year is asked, by e-mail to
//! its responsables, whether its profile is « toujours à jour », « à modifier », or to
//! « archiver »; each answer is one click (a link to a confirmation page — e-mail scanners
//! open links, so the link itself changes nothing). Without an answer within 30 days it is
//! flagged stale: shown so on the map and listed in the coordinators' queue.

use chrono::{DateTime, Duration, Utc};

use crate::auth::tokens;
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult};
use crate::i18n as t;

/// A profile older than this is asked.
pub const ASK_AFTER_DAYS: i64 = 365;
/// Without an answer after this, it is stale.
pub const STALE_AFTER_DAYS: i64 = 30;
/// Reminders per run (the hourly job), so a large instance spreads them out.
const BATCH: i64 = 200;

/// The hourly run: reminders due, then stale flags. Returns (asked, flagged).
pub async fn run(pool: &Pool, public_url: &str, now: DateTime<Utc>) -> AppResult<(usize, u64)> {
    let mut asked = 0;
    for (id, name) in db::freshness::to_remind(pool, now - Duration::days(ASK_AFTER_DAYS), BATCH).await? {
        let recipients = db::structures::admin_emails(pool, id).await?;
        let (token, hash) = tokens::new_token();
        let mut tx = db::begin_write(pool).await?;
        if !db::freshness::mark_asked(&mut tx, id, &hash, now).await? {
            continue;
        }
        let link = |choice: &str| format!("{public_url}/fraicheur?choix={choice}&jeton={token}");
        let body = format!(
            "Bonjour,\n\nLa fiche de « {name} » sur Coin du partage n’a pas été modifiée depuis plus d’un an. \
             Est-elle toujours juste ? Un clic suffit :\n\n\
             - Toujours à jour : {}\n- À modifier : {}\n- Archiver (la structure n’existe plus ou ne partage plus) : {}\n\n\
             Sans réponse d’ici 30 jours, la fiche sera signalée « à vérifier » sur la carte et auprès des coordinateurs.\n",
            link("a-jour"),
            link("a-modifier"),
            link("archiver"),
        );
        for email in &recipients {
            super::mail(&mut tx, email, t::MAIL_FRESHNESS_SUBJECT, &body).await?;
        }
        tx.commit().await?;
        asked += 1;
    }
    if asked > 0 {
        db::outbox::wake();
    }
    let flagged = db::freshness::flag_stale(pool, now - Duration::days(STALE_AFTER_DAYS)).await?;
    Ok((asked, flagged))
}

/// What a reminder link leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    UpToDate,
    ToEdit,
    Archive,
}

impl Answer {
    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "a-jour" => Some(Answer::UpToDate),
            "a-modifier" => Some(Answer::ToEdit),
            "archiver" => Some(Answer::Archive),
            _ => None,
        }
    }
}

/// The structure of a reminder link (name, slug, id), or a French refusal.
pub async fn lookup(pool: &Pool, token: &str) -> AppResult<(i64, String, String)> {
    db::freshness::by_token(pool, &tokens::hash_token(token.trim())).await?.ok_or_else(|| AppError::bad_request(t::ERR_FRESHNESS_LINK))
}

/// Applies an answer. « À modifier » changes nothing here (the page sends the user to the
/// profile form, which clears the reminder once saved).
pub async fn answer(pool: &Pool, token: &str, answer: Answer) -> AppResult<String> {
    let (id, name, slug) = lookup(pool, token).await?;
    let now = db::now();
    let mut tx = db::begin_write(pool).await?;
    match answer {
        Answer::UpToDate => db::freshness::confirm(&mut tx, id, now).await?,
        Answer::Archive => db::freshness::archive(&mut tx, id, now).await?,
        Answer::ToEdit => return Ok(format!("/compte/structures/{id}/fiche")),
    }
    let action = if answer == Answer::Archive { "structure.archive_by_reminder" } else { "structure.confirm_fresh" };
    db::audit::record(&mut tx, None, action, Some(("structure", id)), "{}").await?;
    tx.commit().await?;
    let _ = name;
    Ok(if answer == Answer::Archive { "/annuaire".into() } else { format!("/structures/{slug}") })
}
