//! Alertes: a saved filter of the list, mailed at 07:00 (Paris) each day or each Monday
//! with its new posts. All the due alerts of one person make one mail, never an empty
//! one; each alert is restated in words with its first new posts and a link to the rest.

use chrono::{DateTime, Utc};

use super::compose::esc;
use super::unsubscribe;
use crate::auth::signed::Signer;
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{
    ALERT_POSTS_SHOWN, AlertFrequency, AlertView, Grammar, MAX_ALERTS, Params, PostCard, PostFilter, PostKind, SessionUser, ShareSort,
    next_alert_time,
};
use crate::search::{self, PostSearch};
use crate::state::AppState;

/// The list's query of a filter, as stored: what `/partage` reads, in canonical order,
/// without page or order (an alert is about new posts, newest first).
pub fn canonical(query: &str) -> String {
    let mut f = PostFilter::from_params(&Params::parse(query), Grammar::LIST);
    f.page = 1;
    f.sort = None;
    f.near = None;
    f.bbox = None;
    // An alert counts from its last sending, not from a day chosen on the list.
    f.since = None;
    f.to_query()
}

/// The filter in words: « Besoins, Véhicule, à Uzès, « camion » ».
pub async fn describe(st: &AppState, query: &str) -> AppResult<String> {
    let f = PostFilter::from_params(&Params::parse(query), Grammar::LIST);
    let mut parts: Vec<String> = Vec::new();
    match f.post_kind() {
        Some(PostKind::Need) => parts.push(t::DASHBOARD_NEEDS.to_string()),
        Some(PostKind::Offer) => parts.push(t::ALERT_OFFERS.to_string()),
        None => {}
    }
    let categories = st.cache.categories(&st.pool).await?;
    for slug in &f.categories {
        parts.push(categories.choices.iter().find(|c| &c.slug == slug).map_or(slug.clone(), |c| c.name.clone()));
    }
    if let Some(code) = &f.place.commune {
        let name = db::communes::by_insee(&st.pool, code).await?.map_or(code.clone(), |c| c.name);
        parts.push(match f.radius_km {
            Some(km) => t::alert_around(km, &name),
            None => t::alert_in_commune(&name),
        });
    }
    if let Some(d) = &f.place.departement {
        parts.push(t::alert_in_departement(d));
    }
    if let Some(slug) = &f.place.territory {
        let territories = st.cache.territories(&st.pool).await?;
        parts.push(t::alert_in_network(&territories.iter().find(|c| &c.slug == slug).map_or(slug.clone(), |c| c.name.clone())));
    }
    if !f.q.is_empty() {
        parts.push(t::alert_words(&f.q));
    }
    Ok(if parts.is_empty() { t::ALERT_EVERYTHING.to_string() } else { parts.join(", ") })
}

pub async fn list(st: &AppState, user: &SessionUser) -> AppResult<Vec<AlertView>> {
    let mut out = Vec::new();
    for (id, query, frequency) in db::alerts::of_user(&st.pool, user.id).await? {
        out.push(AlertView { id, description: describe(st, &query).await?, query, frequency });
    }
    Ok(out)
}

fn frequency(value: &str) -> AppResult<AlertFrequency> {
    AlertFrequency::parse(value.trim()).ok_or_else(|| AppError::invalid(vec![AppError::field("frequency", t::ERR_ALERT_FREQUENCY)]))
}

/// Saves the list's filter `query` as an alert; its first mail counts the posts
/// published from now on.
pub async fn create(pool: &Pool, user: &SessionUser, query: &str, freq: &str) -> AppResult<i64> {
    let freq = frequency(freq)?;
    let query = canonical(query);
    let now = db::now();
    let mut tx = db::begin_write(pool).await?;
    // « Count, then insert » under the user's row lock: two tabs creating at once cannot
    // pass the limit together on PostgreSQL (SQLite's write lock already serialises them).
    db::alerts::lock_user(&mut tx, user.id).await?;
    if db::alerts::count(&mut tx, user.id).await? >= MAX_ALERTS as i64 {
        return Err(AppError::new(ErrorCode::Conflict, t::ERR_TOO_MANY_ALERTS));
    }
    let id = db::alerts::insert(&mut tx, user.id, &query, freq, now, next_alert_time(now, freq)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn change(pool: &Pool, user: &SessionUser, id: i64, freq: &str) -> AppResult<()> {
    let freq = frequency(freq)?;
    if !db::alerts::set_frequency(&*pool, user.id, id, freq, next_alert_time(db::now(), freq)).await? {
        return Err(AppError::not_found(t::ERR_ALERT_NOT_FOUND));
    }
    Ok(())
}

pub async fn delete(pool: &Pool, user: &SessionUser, id: i64) -> AppResult<()> {
    let mut tx = db::begin_write(pool).await?;
    let n = db::alerts::delete(&mut tx, user.id, &[id]).await?;
    tx.commit().await?;
    if n == 0 { Err(AppError::not_found(t::ERR_ALERT_NOT_FOUND)) } else { Ok(()) }
}

/// The new posts of one alert (published after `since`): the first
/// [`ALERT_POSTS_SHOWN`], nearest first around a radius's centre and newest first
/// elsewhere, and how many are new (counted up to the list's limit; `true`: more).
async fn new_posts(st: &AppState, query: &str, since: DateTime<Utc>) -> AppResult<(Vec<PostCard>, i64, bool)> {
    let mut f = PostFilter::from_params(&Params::parse(query), Grammar::LIST);
    f.sort = Some(if f.radius_km.is_some() { ShareSort::Distance } else { ShareSort::Recent });
    let search = PostSearch { since: Some(since + chrono::Duration::microseconds(1)), ..search::of_filter(&st.pool, &f, None).await? };
    let ranked = search::rank(st, &search, 0, ALERT_POSTS_SHOWN as i64).await?;
    let cards = db::posts::cards(&st.pool, &ranked.posts.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    Ok((cards, ranked.total, ranked.more))
}

/// One pass: every person with a due alert gets one mail listing the new posts of each
/// of their due alerts (none when nothing is new). Returns the mails enqueued.
pub async fn run(st: &AppState, signer: &Signer, now: DateTime<Utc>) -> AppResult<usize> {
    let mut enqueued = 0;
    loop {
        let users = db::alerts::due_users(&st.pool, now, 100).await?;
        if users.is_empty() {
            break;
        }
        for user_id in users {
            enqueued += usize::from(send_one(st, signer, user_id, now).await?);
        }
    }
    if enqueued > 0 {
        db::outbox::wake();
    }
    Ok(enqueued)
}

/// What one alert brings to the mail.
struct Section {
    id: i64,
    query: String,
    description: String,
    posts: Vec<PostCard>,
    frequency: AlertFrequency,
    /// Where the alert's new posts start.
    since: DateTime<Utc>,
    /// New posts in all (at least, when `more`).
    total: i64,
    more: bool,
}

/// Reads first, then writes: the new posts are searched through the pool, outside the
/// write transaction (on SQLite a transaction holding the write lock while it waits for
/// another pooled connection can starve). Only the alerts this instance then takes go in
/// the mail, so a mail is sent once even when two instances read at the same time.
async fn send_one(st: &AppState, signer: &Signer, user_id: i64, now: DateTime<Utc>) -> AppResult<bool> {
    // Posts published from here on are new for the next sending.
    let read_at = db::now().min(now);
    let due = db::alerts::due_of(&st.pool, user_id, now).await?;
    let mut sections = Vec::new();
    for a in &due {
        let (posts, total, more) = new_posts(st, &a.query, a.sent_until).await?;
        if !posts.is_empty() {
            sections.push(Section { id: a.id, description: describe(st, &a.query).await?, query: a.query.clone(), posts, frequency: a.frequency, since: a.sent_until, total, more });
        }
    }
    let mut tx = db::begin_write(&st.pool).await?;
    let mut taken = Vec::new();
    for a in &due {
        if db::alerts::take(&mut tx, a.id, now, next_alert_time(now, a.frequency), read_at).await? {
            taken.push(a.id);
        }
    }
    sections.retain(|s| taken.contains(&s.id));
    let recipient = if sections.is_empty() { None } else { db::mail::recipient(&mut tx, user_id).await? };
    let Some((email, name)) = recipient else {
        // Never an empty mail; the alerts have moved on all the same.
        tx.commit().await?;
        return Ok(false);
    };
    let public_url = &st.site.public_url;
    let ids: Vec<i64> = sections.iter().map(|s| s.id).collect();
    let stop_all = unsubscribe::alerts_link(signer, public_url, user_id, &ids, now);
    let (subject, text, html) = compose(&name, &sections, public_url, signer, user_id, now);
    db::outbox::enqueue_optional(
        &mut tx,
        &db::outbox::Optional { user_id, recipient: &email, subject: &subject, text: &text, html: &html, unsubscribe_url: &stop_all },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn compose(name: &str, sections: &[Section], public_url: &str, signer: &Signer, user_id: i64, now: DateTime<Utc>) -> (String, String, String) {
    let total: i64 = sections.iter().map(|s| s.total).sum();
    let subject = t::mail_alerts_subject(total as usize);
    let settings = format!("{public_url}/compte/alertes");
    let mut text = format!("{} {name},\n\n{}\n\n", t::MAIL_GREETING, t::MAIL_ALERTS_INTRO);
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\"><p>{} {},</p><p>{}</p>",
        t::MAIL_GREETING,
        esc(name),
        esc(t::MAIL_ALERTS_INTRO)
    );
    for s in sections {
        let stop = unsubscribe::alerts_link(signer, public_url, user_id, &[s.id], now);
        text.push_str(&format!("== {} ==\n", s.description));
        html.push_str(&format!("<h2 style=\"font-size:1.1em\">{}</h2><ul>", esc(&s.description)));
        for p in &s.posts {
            let kind = match p.kind {
                PostKind::Need => t::KIND_NEED,
                PostKind::Offer => t::KIND_OFFER,
            };
            let place = p.commune_name.as_deref().map(|c| format!(" · {c}")).unwrap_or_default();
            let url = format!("{public_url}/partage/{}", p.id);
            text.push_str(&format!("- {} ({kind} · {}{place})\n  {url}\n", p.title, p.category_name));
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <small>({kind} · {}{})</small></li>",
                esc(&url),
                esc(&p.title),
                esc(&p.category_name),
                esc(&place)
            ));
        }
        html.push_str("</ul>");
        if s.total > s.posts.len() as i64 {
            let more = t::mail_alert_more((s.total - s.posts.len() as i64) as usize, s.more);
            // The list with the same filters, from the day of the last sending.
            let mut f = PostFilter::from_params(&Params::parse(&s.query), Grammar::LIST);
            f.since = Some(crate::model::time::paris_date(s.since));
            let list = format!("{public_url}/partage?{}", f.to_query());
            text.push_str(&format!("{more} : {list}\n"));
            html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", esc(&list), esc(&more)));
        }
        // « Modifier », « passer en hebdomadaire » (a daily alert), « arrêter ».
        let mut links = vec![(t::MAIL_ALERT_CHANGE, settings.clone())];
        if s.frequency == AlertFrequency::Daily {
            links.push((t::MAIL_ALERT_WEEKLY, unsubscribe::weekly_link(signer, public_url, user_id, s.id, now)));
        }
        links.push((t::MAIL_ALERT_STOP, stop));
        for (label, url) in &links {
            text.push_str(&format!("{label} : {url}\n"));
        }
        text.push('\n');
        let links: Vec<String> = links.iter().map(|(label, url)| format!("<a href=\"{}\">{}</a>", esc(url), esc(label))).collect();
        html.push_str(&format!("<p style=\"font-size:0.9em\">{}</p>", links.join(" · ")));
    }
    text.push_str(&format!("{}\n", t::MAIL_SIGNATURE));
    html.push_str(&format!("<p>{}</p></body></html>", esc(t::MAIL_SIGNATURE)));
    (subject, text, html)
}
