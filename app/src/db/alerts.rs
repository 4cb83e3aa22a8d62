//! Saved filters mailed on a schedule (`mail::alerts`).

use chrono::{DateTime, Utc};

use super::posts::POST_IS_PUBLIC;
use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{AlertFrequency, PostKind, Urgency};

/// Serialises the alert writes of one user: a no-op write takes the user's row lock on
/// PostgreSQL (the database's write lock on SQLite), as `volunteers::lock_post` does.
pub async fn lock_user(tx: &mut Tx<'_>, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET id = id WHERE id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn count(tx: &mut Tx<'_>, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE user_id = $1").bind(user_id).fetch_one(&mut **tx).await?)
}

/// A new alert of `owner`; a visitor's waits for the confirmation of its address
/// (`confirmed` false) before anything is sent.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx<'_>,
    owner: Owner,
    query: &str,
    frequency: AlertFrequency,
    urgent_now: bool,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
    confirmed: bool,
) -> AppResult<i64> {
    let (user_id, subscriber_id) = match owner {
        Owner::User(id) => (Some(id), None),
        Owner::Visitor(id) => (None, Some(id)),
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO alerts (user_id, subscriber_id, query, frequency, urgent_now, created_at, confirmed_at, sent_until, next_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8) RETURNING id",
    )
    .bind(user_id)
    .bind(subscriber_id)
    .bind(query)
    .bind(frequency)
    .bind(urgent_now)
    .bind(now)
    .bind(confirmed.then_some(now))
    .bind(due)
    .fetch_one(&mut **tx)
    .await?)
}

/// (id, query, frequency, urgent needs at once) of a user's alerts, oldest first.
pub async fn of_user(pool: &Pool, user_id: i64) -> AppResult<Vec<(i64, String, AlertFrequency, bool)>> {
    Ok(sqlx::query_as("SELECT id, query, frequency, urgent_now FROM alerts WHERE user_id = $1 ORDER BY id").bind(user_id).fetch_all(pool).await?)
}

/// Changes whether one of the user's alerts mails urgent needs at once.
pub async fn set_urgent(pool: &Pool, user_id: i64, id: i64, urgent_now: bool) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE alerts SET urgent_now = $3 WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .bind(urgent_now)
        .execute(pool)
        .await?
        .rows_affected()
        == 1)
}

/// Whose an alert is: an account's, or a visitor's address (`alert_subscribers`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    User(i64),
    Visitor(i64),
}

impl Owner {
    fn of(user_id: Option<i64>, subscriber_id: Option<i64>) -> Option<Owner> {
        match (user_id, subscriber_id) {
            (Some(u), _) => Some(Owner::User(u)),
            (None, Some(v)) => Some(Owner::Visitor(v)),
            (None, None) => None,
        }
    }

    /// The SQL condition on `alerts` for this owner, with its bind.
    fn condition(self) -> (&'static str, i64) {
        match self {
            Owner::User(id) => ("user_id", id),
            Owner::Visitor(id) => ("subscriber_id", id),
        }
    }
}

/// An alert due for a sending.
#[derive(Debug, Clone)]
pub struct DueAlert {
    pub id: i64,
    pub owner: Owner,
    pub query: String,
    pub frequency: AlertFrequency,
    pub urgent_now: bool,
    pub sent_until: DateTime<Utc>,
    /// When it was confirmed: what was published before is not news to it.
    pub since: DateTime<Utc>,
}

type DueRow = (i64, Option<i64>, Option<i64>, String, AlertFrequency, bool, DateTime<Utc>, DateTime<Utc>);

fn due_alert((id, user_id, subscriber_id, query, frequency, urgent_now, sent_until, since): DueRow) -> Option<DueAlert> {
    Some(DueAlert { id, owner: Owner::of(user_id, subscriber_id)?, query, frequency, urgent_now, sent_until, since })
}

const DUE_COLUMNS: &str = "id, user_id, subscriber_id, query, frequency, urgent_now, sent_until, confirmed_at";

/// The confirmed alerts due at `now` of the first `owners` owners having one, by owner:
/// all the due alerts of each owner, so that each gets one mail.
pub async fn due_batch(pool: &Pool, now: DateTime<Utc>, owners: i64) -> AppResult<Vec<DueAlert>> {
    let mut out = Vec::new();
    for column in ["user_id", "subscriber_id"] {
        let rows: Vec<DueRow> = sqlx::query_as(&format!(
            "SELECT {DUE_COLUMNS} FROM alerts
             WHERE next_due_at <= $1 AND confirmed_at IS NOT NULL AND {column} IN (
                 SELECT {column} FROM alerts WHERE next_due_at <= $1 AND confirmed_at IS NOT NULL AND {column} IS NOT NULL
                 GROUP BY {column} ORDER BY {column} LIMIT $2)
             ORDER BY {column}, id"
        ))
        .bind(now)
        .bind(owners)
        .fetch_all(pool)
        .await?;
        out.extend(rows.into_iter().filter_map(due_alert));
    }
    Ok(out)
}

/// The earliest « sent until » of the confirmed alerts due at `now`: posts older than it
/// are new to none of them.
pub async fn oldest_due(pool: &Pool, now: DateTime<Utc>) -> AppResult<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar("SELECT MIN(sent_until) FROM alerts WHERE next_due_at <= $1 AND confirmed_at IS NOT NULL")
        .bind(now)
        .fetch_one(pool)
        .await?)
}

/// The confirmed alerts mailing urgent needs at once.
pub async fn urgent(pool: &Pool) -> AppResult<Vec<DueAlert>> {
    let rows: Vec<DueRow> = sqlx::query_as(&format!("SELECT {DUE_COLUMNS} FROM alerts WHERE urgent_now = TRUE AND confirmed_at IS NOT NULL ORDER BY id"))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().filter_map(due_alert).collect())
}

/// Takes a due alert for this sending: moves it to its next time and to « sent until »
/// `read_at`. False if another instance took it first (its `next_due_at` moved on; on
/// PostgreSQL the row is re-read after the lock).
pub async fn take(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>, next: DateTime<Utc>, read_at: DateTime<Utc>) -> AppResult<bool> {
    Ok(sqlx::query("UPDATE alerts SET next_due_at = $3, sent_until = $4 WHERE id = $1 AND next_due_at <= $2")
        .bind(id)
        .bind(now)
        .bind(next)
        .bind(read_at)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Claims an urgent need for the « at once » alerts: false if it was already matched
/// (by another instance, or before a restart).
pub async fn claim_urgent(tx: &mut Tx<'_>, post_id: i64, now: DateTime<Utc>) -> AppResult<bool> {
    Ok(sqlx::query("INSERT INTO urgent_alert_runs (post_id, done_at) VALUES ($1, $2) ON CONFLICT (post_id) DO NOTHING")
        .bind(post_id)
        .bind(now)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Whom an alert mail goes to: (e-mail, name) if the owner may receive one now.
pub async fn recipient(tx: &mut Tx<'_>, owner: Owner) -> AppResult<Option<(String, String)>> {
    match owner {
        Owner::User(id) => super::mail::recipient(tx, id).await,
        Owner::Visitor(id) => Ok(sqlx::query_scalar("SELECT email FROM alert_subscribers WHERE id = $1 AND mails_suspended_at IS NULL")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|email: String| (email, String::new()))),
    }
}

/// Deletes some of an owner's alerts (another owner's ids are left alone), and a visitor's
/// address once it has no alert left (nothing is kept about it).
pub async fn delete_owned(tx: &mut Tx<'_>, owner: Owner, ids: &[i64]) -> AppResult<u64> {
    let (column, value) = owner.condition();
    let mut n = 0;
    for id in ids {
        n += sqlx::query(&format!("DELETE FROM alerts WHERE id = $1 AND {column} = $2")).bind(id).bind(value).execute(&mut **tx).await?.rows_affected();
    }
    if let Owner::Visitor(id) = owner {
        sqlx::query("DELETE FROM alert_subscribers WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM alerts WHERE subscriber_id = $1)").bind(id).execute(&mut **tx).await?;
    }
    Ok(n)
}

/// Changes the frequency of one of an owner's alerts; false if they have no such alert.
pub async fn set_owned_frequency(tx: &mut Tx<'_>, owner: Owner, id: i64, frequency: AlertFrequency, due: DateTime<Utc>) -> AppResult<bool> {
    let (column, value) = owner.condition();
    Ok(sqlx::query(&format!("UPDATE alerts SET frequency = $3, next_due_at = $4 WHERE id = $1 AND {column} = $2"))
        .bind(id)
        .bind(value)
        .bind(frequency)
        .bind(due)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Suspends every alert mail of a visitor's address.
pub async fn suspend_visitor(tx: &mut Tx<'_>, subscriber_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE alert_subscribers SET mails_suspended_at = $2 WHERE id = $1").bind(subscriber_id).bind(super::now()).execute(&mut **tx).await?;
    Ok(())
}

/// The SMTP server refused a visitor's address for good: no more alerts to it.
pub async fn refuse_visitor_address(pool: &Pool, email: &str) -> AppResult<()> {
    sqlx::query("UPDATE alert_subscribers SET mails_suspended_at = $2 WHERE email = $1").bind(email).bind(super::now()).execute(pool).await?;
    Ok(())
}

/// (id, query) of an owner's alerts, oldest first.
pub async fn of_owner(pool: &Pool, owner: Owner) -> AppResult<Vec<(i64, String)>> {
    let (column, value) = owner.condition();
    Ok(sqlx::query_as(&format!("SELECT id, query FROM alerts WHERE {column} = $1 ORDER BY id")).bind(value).fetch_all(pool).await?)
}

/// A public post as the alerts match it: id, kind, category slug, structure, commune,
/// département, point, publication, urgency, folded text.
pub type FactsRow = (i64, PostKind, String, Option<i64>, Option<String>, Option<String>, Option<f64>, Option<f64>, DateTime<Utc>, Urgency, String);

const FACTS_SELECT: &str = "SELECT p.id, p.kind, c.slug, p.structure_id, p.insee, co.departement, p.lat, p.lon, p.published_at, p.urgency, p.search_folded
     FROM posts p JOIN categories c ON c.id = p.category_id LEFT JOIN structures s ON s.id = p.structure_id
     LEFT JOIN communes co ON co.insee = p.insee";

/// The public posts published after `after`, newest first, at most `limit`.
pub async fn published_after(pool: &Pool, after: DateTime<Utc>, limit: i64) -> AppResult<Vec<FactsRow>> {
    Ok(sqlx::query_as(&format!("{FACTS_SELECT} WHERE {POST_IS_PUBLIC} AND p.published_at > $1 ORDER BY p.published_at DESC, p.id DESC LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// The public urgent needs published after `after` that no instance has matched yet.
pub async fn unmatched_urgent_needs(pool: &Pool, after: DateTime<Utc>, limit: i64) -> AppResult<Vec<FactsRow>> {
    Ok(sqlx::query_as(&format!(
        "{FACTS_SELECT} WHERE {POST_IS_PUBLIC} AND p.kind = 'need' AND p.urgency = 'high' AND p.published_at > $1
           AND NOT EXISTS (SELECT 1 FROM urgent_alert_runs r WHERE r.post_id = p.id)
         ORDER BY p.published_at, p.id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Every network's member structures and communes: (slug, structure) and (slug, commune).
pub async fn networks(pool: &Pool) -> AppResult<(Vec<(String, i64)>, Vec<(String, String)>)> {
    let structures = sqlx::query_as("SELECT tr.slug, ts.structure_id FROM territory_structures ts JOIN territories tr ON tr.id = ts.territory_id")
        .fetch_all(pool)
        .await?;
    let communes = sqlx::query_as("SELECT tr.slug, tc.insee FROM territory_communes tc JOIN territories tr ON tr.id = tc.territory_id")
        .fetch_all(pool)
        .await?;
    Ok((structures, communes))
}

/// The centres of these communes: (code, latitude, longitude), known ones only.
pub async fn centres(pool: &Pool, codes: &[String]) -> AppResult<Vec<(String, f64, f64)>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(500) {
        let mut qb = sqlx::QueryBuilder::<super::Db>::new("SELECT insee, lat, lon FROM communes WHERE lat IS NOT NULL AND insee IN (");
        let mut list = qb.separated(", ");
        for c in chunk {
            list.push_bind(c.clone());
        }
        qb.push(")");
        out.extend(qb.build_query_as::<(String, f64, f64)>().fetch_all(pool).await?);
    }
    Ok(out)
}

/// A visitor's address: its id, created if new, and when a confirmation was last sent.
/// The no-op update on a known address takes its row lock (PostgreSQL; SQLite's write
/// lock already serialises): two requests at once count its alerts and decide on the
/// confirmation mail one after the other.
pub async fn subscriber(tx: &mut Tx<'_>, email: &str, now: DateTime<Utc>) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    Ok(sqlx::query_as(
        "INSERT INTO alert_subscribers (email, created_at) VALUES ($1, $2)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id, confirmation_sent_at",
    )
    .bind(email)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// How many alerts a visitor's address has (pending ones included).
pub async fn count_visitor(tx: &mut Tx<'_>, subscriber_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE subscriber_id = $1").bind(subscriber_id).fetch_one(&mut **tx).await?)
}

pub async fn confirmation_sent(tx: &mut Tx<'_>, subscriber_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query("UPDATE alert_subscribers SET confirmation_sent_at = $2 WHERE id = $1").bind(subscriber_id).bind(now).execute(&mut **tx).await?;
    Ok(())
}

/// Confirms a visitor's address (`email` must still be the address of `subscriber_id`):
/// mails to it resume, and its pending alerts are returned for [`confirm`].
pub async fn confirm_address(tx: &mut Tx<'_>, subscriber_id: i64, email: &str) -> AppResult<Vec<(i64, AlertFrequency)>> {
    let pending: Vec<(i64, AlertFrequency)> = sqlx::query_as(
        "SELECT a.id, a.frequency FROM alerts a JOIN alert_subscribers s ON s.id = a.subscriber_id
         WHERE s.id = $1 AND s.email = $2 AND a.confirmed_at IS NULL ORDER BY a.id",
    )
    .bind(subscriber_id)
    .bind(email)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("UPDATE alert_subscribers SET mails_suspended_at = NULL WHERE id = $1 AND email = $2")
        .bind(subscriber_id)
        .bind(email)
        .execute(&mut **tx)
        .await?;
    Ok(pending)
}

/// Marks one pending alert confirmed, due at `due`.
pub async fn confirm(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>, due: DateTime<Utc>) -> AppResult<()> {
    sqlx::query("UPDATE alerts SET confirmed_at = $2, sent_until = $2, next_due_at = $3 WHERE id = $1 AND confirmed_at IS NULL")
        .bind(id)
        .bind(now)
        .bind(due)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Forgets what visitors never confirmed: alerts pending since before `before`, and
/// addresses left without any alert. Returns the alerts deleted.
pub async fn forget_unconfirmed(pool: &Pool, before: DateTime<Utc>) -> AppResult<u64> {
    // A read first: most passes find nothing, and take no write lock.
    let stale: Option<i64> = sqlx::query_scalar("SELECT id FROM alerts WHERE confirmed_at IS NULL AND created_at < $1 LIMIT 1")
        .bind(before)
        .fetch_optional(pool)
        .await?;
    if stale.is_none() {
        return Ok(0);
    }
    let mut tx = super::begin_write(pool).await?;
    let n = sqlx::query("DELETE FROM alerts WHERE confirmed_at IS NULL AND created_at < $1").bind(before).execute(&mut *tx).await?.rows_affected();
    sqlx::query("DELETE FROM alert_subscribers WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.subscriber_id = alert_subscribers.id)")
        .bind(before)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(n)
}
