//! Alertes: a saved filter of the list, mailed at 07:00 (Paris) each day or each Monday
//! with its new posts, and at once for an urgent need if its owner asked. All the due
//! alerts of one person make one mail, never an empty one; each alert is restated in
//! words with its first new posts (nearest first around a centre, else newest first) and
//! a link to the rest.
//!
//! A pass reads the new posts once and matches each against the due alerts through
//! [`AlertIndex`] (`matching`), rather than searching once per alert: figures in
//! docs/benchmarks.md §6. Reads go through the pool first; the write transaction then
//! takes the alerts and enqueues the mails (decision 38): only what this instance took
//! is sent, so two instances send each mail once.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::compose::esc;
use super::matching::{AlertIndex, Network, Networks, PostFacts};
use super::unsubscribe;
use crate::auth::signed::Signer;
use crate::db::alerts::{DueAlert, FactsRow, Owner};
use crate::db::{self, Pool};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n as t;
use crate::model::{
    ALERT_POSTS_SHOWN, AlertFrequency, AlertView, Grammar, MAX_ALERTS, Params, PostCard, PostFilter, PostKind, SessionUser, Urgency,
    next_alert_time,
};
use crate::search::Origin;
use crate::state::AppState;

/// New posts one pass reads at most (newest first): weeks of a busy territory. Past it,
/// a weekly alert may miss the oldest of its week, and its mail says « au moins ».
pub const MAX_NEW_POSTS: i64 = 20_000;
/// Owners whose due alerts are matched together (bounds the memory of a pass).
const OWNERS_PER_BATCH: i64 = 1_000;
/// Owners whose mails are enqueued in one transaction.
const OWNERS_PER_TRANSACTION: usize = 100;
/// How long after its publication an urgent need is still mailed at once (an instance
/// down for longer sends it in the summaries only).
const URGENT_WINDOW_DAYS: i64 = 7;

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

/// The filter in words: « Besoins, Véhicule, à moins de 10 km d’Uzès, « camion » ».
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

/// [`describe`], once per distinct query of a pass.
async fn described(st: &AppState, memo: &mut HashMap<String, String>, query: &str) -> AppResult<String> {
    if let Some(d) = memo.get(query) {
        return Ok(d.clone());
    }
    let d = describe(st, query).await?;
    memo.insert(query.to_string(), d.clone());
    Ok(d)
}

pub async fn list(st: &AppState, user: &SessionUser) -> AppResult<Vec<AlertView>> {
    let mut out = Vec::new();
    for (id, query, frequency, urgent_now) in db::alerts::of_user(&st.pool, user.id).await? {
        out.push(AlertView { id, description: describe(st, &query).await?, query, frequency, urgent_now });
    }
    Ok(out)
}

pub fn frequency(value: &str) -> AppResult<AlertFrequency> {
    AlertFrequency::parse(value.trim()).ok_or_else(|| AppError::invalid(vec![AppError::field("frequency", t::ERR_ALERT_FREQUENCY)]))
}

/// Saves the list's filter `query` as an alert; its first mail counts the posts
/// published from now on.
pub async fn create(pool: &Pool, user: &SessionUser, query: &str, freq: &str, urgent_now: bool) -> AppResult<i64> {
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
    let id = db::alerts::insert(&mut tx, Owner::User(user.id), &query, freq, urgent_now, now, next_alert_time(now, freq), true).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes one of the user's alerts: its frequency, whether urgent needs go at once
/// (`None`: unchanged).
pub async fn change(pool: &Pool, user: &SessionUser, id: i64, freq: Option<&str>, urgent_now: Option<bool>) -> AppResult<()> {
    let freq = freq.map(frequency).transpose()?;
    let mut found = true;
    if let Some(freq) = freq {
        let mut tx = db::begin_write(pool).await?;
        found = db::alerts::set_owned_frequency(&mut tx, Owner::User(user.id), id, freq, next_alert_time(db::now(), freq)).await?;
        tx.commit().await?;
    }
    if let Some(urgent) = urgent_now {
        found &= db::alerts::set_urgent(pool, user.id, id, urgent).await?;
    }
    if found { Ok(()) } else { Err(AppError::not_found(t::ERR_ALERT_NOT_FOUND)) }
}

pub async fn delete(pool: &Pool, user: &SessionUser, id: i64) -> AppResult<()> {
    let mut tx = db::begin_write(pool).await?;
    let n = db::alerts::delete_owned(&mut tx, Owner::User(user.id), &[id]).await?;
    tx.commit().await?;
    if n == 0 { Err(AppError::not_found(t::ERR_ALERT_NOT_FOUND)) } else { Ok(()) }
}

pub fn facts((id, kind, category, structure, insee, departement, lat, lon, published, urgency, text): FactsRow) -> PostFacts {
    PostFacts { id, kind, category, structure, insee, departement, point: lat.zip(lon), published, urgent: urgency == Urgency::High, text }
}

pub async fn networks(pool: &Pool) -> AppResult<Networks> {
    let (structures, communes) = db::alerts::networks(pool).await?;
    let mut out: Networks = HashMap::new();
    for (slug, id) in structures {
        out.entry(slug).or_insert_with(Network::default).structures.insert(id);
    }
    for (slug, insee) in communes {
        out.entry(slug).or_insert_with(Network::default).communes.insert(insee);
    }
    Ok(out)
}

/// The alerts' index, their radius's centres resolved.
pub async fn index_of(pool: &Pool, alerts: &[DueAlert]) -> AppResult<(AlertIndex, HashMap<i64, Origin>)> {
    let filters: Vec<(i64, PostFilter)> =
        alerts.iter().map(|a| (a.id, PostFilter::from_params(&Params::parse(&a.query), Grammar::LIST))).collect();
    let codes: Vec<String> = filters
        .iter()
        .filter(|(_, f)| f.radius_km.is_some())
        .filter_map(|(_, f)| f.place.commune.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let known: HashMap<String, Origin> = db::alerts::centres(pool, &codes).await?.into_iter().map(|(c, lat, lon)| (c, Origin { lat, lon })).collect();
    let mut centres = HashMap::new();
    let index = AlertIndex::new(filters.into_iter().map(|(id, f)| {
        let centre = f.radius_km.and(f.place.commune.as_ref()).and_then(|c| known.get(c).copied());
        if let Some(c) = centre {
            centres.insert(id, c);
        }
        (id, f, centre)
    }));
    Ok((index, centres))
}

/// What one alert brings to a mail.
struct Section {
    id: i64,
    query: String,
    description: String,
    frequency: AlertFrequency,
    /// Where the alert's new posts start.
    since: DateTime<Utc>,
    /// The first new posts, in the mail's order.
    posts: Vec<PostCard>,
    /// New posts in all (at least, when `more`).
    total: usize,
    more: bool,
}

/// One pass: every owner with a due alert gets one mail listing the new posts of each of
/// their due alerts (none when nothing is new). Returns the mails enqueued.
pub async fn run(st: &AppState, signer: &Signer, now: DateTime<Utc>) -> AppResult<usize> {
    let pool = &st.pool;
    let Some(oldest) = db::alerts::oldest_due(pool, now).await? else {
        return Ok(0);
    };
    // Posts published from here on are new for the next sending.
    let read_at = db::now().min(now);
    let rows = db::alerts::published_after(pool, oldest, MAX_NEW_POSTS).await?;
    let capped = rows.len() as i64 == MAX_NEW_POSTS;
    let posts: Vec<PostFacts> = rows.into_iter().map(facts).filter(|p| p.published <= read_at).collect();
    let networks = networks(pool).await?;
    let mut memo = HashMap::new();
    let mut enqueued = 0;
    loop {
        let due = db::alerts::due_batch(pool, now, OWNERS_PER_BATCH).await?;
        if due.is_empty() {
            break;
        }
        let (index, centres) = index_of(pool, &due).await?;
        let by_id: HashMap<i64, &DueAlert> = due.iter().map(|a| (a.id, a)).collect();
        // Per alert, its new posts, newest first (the order of `posts`).
        let mut found: HashMap<i64, Vec<&PostFacts>> = HashMap::new();
        for p in &posts {
            for id in index.matching(p, &networks) {
                let a = by_id[&id];
                // An urgent need already went at once to an alert asking for that.
                let sent_at_once = a.urgent_now && p.urgent && p.kind == PostKind::Need;
                if p.published > a.sent_until && !sent_at_once {
                    found.entry(id).or_default().push(p);
                }
            }
        }
        for list in found.iter_mut() {
            if let Some(c) = centres.get(list.0) {
                list.1.sort_by(|a, b| distance(*c, a).total_cmp(&distance(*c, b)).then(b.id.cmp(&a.id)));
            }
        }
        let shown: Vec<i64> = found.values().flat_map(|l| l.iter().take(ALERT_POSTS_SHOWN).map(|p| p.id)).collect::<HashSet<_>>().into_iter().collect();
        let cards: HashMap<i64, PostCard> = db::posts::cards(pool, &shown).await?.into_iter().map(|c| (c.id, c)).collect();
        let mut owners: BTreeMap<Owner, (Vec<i64>, Vec<Section>)> = BTreeMap::new();
        for a in &due {
            let entry = owners.entry(a.owner).or_default();
            entry.0.push(a.id);
            let Some(list) = found.get(&a.id) else { continue };
            let posts: Vec<PostCard> = list.iter().take(ALERT_POSTS_SHOWN).filter_map(|p| cards.get(&p.id).cloned()).collect();
            if posts.is_empty() {
                continue;
            }
            entry.1.push(Section {
                id: a.id,
                query: a.query.clone(),
                description: described(st, &mut memo, &a.query).await?,
                frequency: a.frequency,
                since: a.sent_until,
                posts,
                total: list.len(),
                more: capped,
            });
        }
        let owners: Vec<(Owner, (Vec<i64>, Vec<Section>))> = owners.into_iter().collect();
        for chunk in owners.chunks(OWNERS_PER_TRANSACTION) {
            let mut tx = db::begin_write(pool).await?;
            for (owner, (ids, sections)) in chunk {
                let mut taken = Vec::new();
                for id in ids {
                    let a = by_id[id];
                    if db::alerts::take(&mut tx, *id, now, next_alert_time(now, a.frequency), read_at).await? {
                        taken.push(*id);
                    }
                }
                let sections: Vec<&Section> = sections.iter().filter(|s| taken.contains(&s.id)).collect();
                if sections.is_empty() {
                    // Never an empty mail; the alerts have moved on all the same.
                    continue;
                }
                let Some((email, name)) = db::alerts::recipient(&mut tx, *owner).await? else { continue };
                let public_url = &st.site.public_url;
                let ids: Vec<i64> = sections.iter().map(|s| s.id).collect();
                let stop_all = unsubscribe::alerts_link(signer, public_url, *owner, &ids, now);
                let (subject, text, html) = compose(&name, &sections, public_url, signer, *owner, now);
                db::outbox::enqueue_optional(
                    &mut tx,
                    &db::outbox::Optional { user_id: user_of(*owner), recipient: &email, subject: &subject, text: &text, html: &html, unsubscribe_url: &stop_all },
                )
                .await?;
                enqueued += 1;
            }
            tx.commit().await?;
        }
    }
    if enqueued > 0 {
        db::outbox::wake();
    }
    Ok(enqueued)
}

fn user_of(owner: Owner) -> Option<i64> {
    match owner {
        Owner::User(id) => Some(id),
        Owner::Visitor(_) => None,
    }
}

fn distance(centre: Origin, p: &PostFacts) -> f64 {
    p.point.map_or(f64::INFINITY, |(lat, lon)| centre.squared(lat, lon))
}

/// One pass of the « at once » alerts: each urgent need published in the last days and
/// not yet matched is matched against them, and each owner of a matching alert gets one
/// mail about it. Claiming the need and enqueueing its mails is one transaction: once,
/// whichever instance does it, and again after a restart only if it was not committed.
pub async fn run_urgent(st: &AppState, signer: &Signer, now: DateTime<Utc>) -> AppResult<usize> {
    let pool = &st.pool;
    let needs = db::alerts::unmatched_urgent_needs(pool, now - chrono::Duration::days(URGENT_WINDOW_DAYS), 50).await?;
    if needs.is_empty() {
        return Ok(0);
    }
    let alerts = db::alerts::urgent(pool).await?;
    let (index, _) = index_of(pool, &alerts).await?;
    let networks = networks(pool).await?;
    let by_id: HashMap<i64, &DueAlert> = alerts.iter().map(|a| (a.id, a)).collect();
    let mut memo = HashMap::new();
    let mut enqueued = 0;
    for row in needs {
        let need = facts(row);
        let mut owners: BTreeMap<Owner, Vec<(i64, String)>> = BTreeMap::new();
        for id in index.matching(&need, &networks) {
            let a = by_id[&id];
            if need.published <= a.since {
                continue; // published before the alert existed
            }
            owners.entry(a.owner).or_default().push((id, described(st, &mut memo, &a.query).await?));
        }
        let card = db::posts::cards(pool, &[need.id]).await?.pop();
        let mut tx = db::begin_write(pool).await?;
        if !db::alerts::claim_urgent(&mut tx, need.id, now).await? {
            continue; // another instance has it
        }
        if let Some(card) = card {
            for (owner, matched) in &owners {
                let Some((email, name)) = db::alerts::recipient(&mut tx, *owner).await? else { continue };
                let ids: Vec<i64> = matched.iter().map(|(id, _)| *id).collect();
                let stop = unsubscribe::alerts_link(signer, &st.site.public_url, *owner, &ids, now);
                let (subject, text, html) = compose_urgent(&name, &card, matched, &st.site.public_url, &stop);
                db::outbox::enqueue_optional(
                    &mut tx,
                    &db::outbox::Optional { user_id: user_of(*owner), recipient: &email, subject: &subject, text: &text, html: &html, unsubscribe_url: &stop },
                )
                .await?;
                enqueued += 1;
            }
        }
        tx.commit().await?;
    }
    if enqueued > 0 {
        db::outbox::wake();
    }
    Ok(enqueued)
}

fn greeting(name: &str) -> String {
    if name.is_empty() { format!("{},", t::MAIL_GREETING) } else { format!("{} {name},", t::MAIL_GREETING) }
}

fn post_line(p: &PostCard) -> (String, String) {
    let kind = match p.kind {
        PostKind::Need => t::KIND_NEED,
        PostKind::Offer => t::KIND_OFFER,
    };
    let place = p.commune_name.as_deref().map(|c| format!(" · {c}")).unwrap_or_default();
    (p.title.clone(), format!("{kind} · {}{place}", p.category_name))
}

fn html_page(body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\">{body}</body></html>")
}

fn compose(name: &str, sections: &[&Section], public_url: &str, signer: &Signer, owner: Owner, now: DateTime<Utc>) -> (String, String, String) {
    let total: usize = sections.iter().map(|s| s.total).sum();
    let subject = t::mail_alerts_subject(total);
    let mut text = format!("{}\n\n{}\n\n", greeting(name), t::MAIL_ALERTS_INTRO);
    let mut html = format!("<p>{}</p><p>{}</p>", esc(&greeting(name)), esc(t::MAIL_ALERTS_INTRO));
    for s in sections {
        text.push_str(&format!("== {} ==\n", s.description));
        html.push_str(&format!("<h2 style=\"font-size:1.1em\">{}</h2><ul>", esc(&s.description)));
        for p in &s.posts {
            let (title, meta) = post_line(p);
            let url = format!("{public_url}/partage/{}", p.id);
            text.push_str(&format!("- {title} ({meta})\n  {url}\n"));
            html.push_str(&format!("<li><a href=\"{}\">{}</a> <small>({})</small></li>", esc(&url), esc(&title), esc(&meta)));
        }
        html.push_str("</ul>");
        if s.total > s.posts.len() || s.more {
            let more = t::mail_alert_more(s.total - s.posts.len(), s.more);
            // The list with the same filters, from the day of the last sending.
            let mut f = PostFilter::from_params(&Params::parse(&s.query), Grammar::LIST);
            f.since = Some(crate::model::time::paris_date(s.since));
            let list = format!("{public_url}/partage?{}", f.to_query());
            text.push_str(&format!("{more} : {list}\n"));
            html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", esc(&list), esc(&more)));
        }
        // « Modifier » (an account's page), « passer en hebdomadaire » (a daily alert),
        // « arrêter »: the last two are signed links, for visitors too.
        let mut links = Vec::new();
        if let Owner::User(_) = owner {
            links.push((t::MAIL_ALERT_CHANGE, format!("{public_url}/compte/alertes")));
        }
        if s.frequency == AlertFrequency::Daily {
            links.push((t::MAIL_ALERT_WEEKLY, unsubscribe::weekly_link(signer, public_url, owner, s.id, now)));
        }
        links.push((t::MAIL_ALERT_STOP, unsubscribe::alerts_link(signer, public_url, owner, &[s.id], now)));
        for (label, url) in &links {
            text.push_str(&format!("{label} : {url}\n"));
        }
        text.push('\n');
        let links: Vec<String> = links.iter().map(|(label, url)| format!("<a href=\"{}\">{}</a>", esc(url), esc(label))).collect();
        html.push_str(&format!("<p style=\"font-size:0.9em\">{}</p>", links.join(" · ")));
    }
    text.push_str(&format!("{}\n", t::MAIL_SIGNATURE));
    html.push_str(&format!("<p>{}</p>", esc(t::MAIL_SIGNATURE)));
    (subject, text, html_page(&html))
}

fn compose_urgent(name: &str, need: &PostCard, matched: &[(i64, String)], public_url: &str, stop: &str) -> (String, String, String) {
    let subject = t::mail_urgent_subject(&need.title);
    let (title, meta) = post_line(need);
    let url = format!("{public_url}/partage/{}", need.id);
    let alerts: Vec<String> = matched.iter().map(|(_, d)| format!("« {d} »")).collect();
    let intro = t::mail_urgent_intro(&alerts.join(", "));
    let text = format!(
        "{}\n\n{intro}\n\n- {title} ({meta})\n  {url}\n\n{} : {stop}\n\n{}\n",
        greeting(name),
        t::MAIL_ALERT_STOP,
        t::MAIL_SIGNATURE
    );
    let html = format!(
        "<p>{}</p><p>{}</p><p><a href=\"{}\">{}</a> <small>({})</small></p><p style=\"font-size:0.9em\"><a href=\"{}\">{}</a></p><p>{}</p>",
        esc(&greeting(name)),
        esc(&intro),
        esc(&url),
        esc(&title),
        esc(&meta),
        esc(stop),
        esc(t::MAIL_ALERT_STOP),
        esc(t::MAIL_SIGNATURE)
    );
    (subject, text, html_page(&html))
}
