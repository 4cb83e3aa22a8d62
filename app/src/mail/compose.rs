//! The text and HTML of an exchange mail. Only what the recipient may already see on the
//! site: the kind of event, the post's title and link, a moderator's reason given to them.

use crate::i18n as t;
use crate::model::{NotificationKind, NotificationView};
use crate::model::time::{paris_date, paris_local};

#[derive(Debug, PartialEq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The events of one post (or one invitation) under its title and link.
struct Group<'a> {
    title: String,
    link: String,
    events: Vec<&'a NotificationView>,
}

fn groups<'a>(events: &'a [NotificationView], public_url: &str) -> Vec<Group<'a>> {
    let mut out: Vec<Group> = Vec::new();
    for e in events {
        let (title, link) = match (e.post_id, e.structure_id) {
            // A booking event: under its resource, whose page holds the calendar and,
            // for its managers, the requests waiting.
            _ if e.resource_id.is_some() => (
                e.resource_name.clone().unwrap_or_default(),
                format!("{public_url}/ressources/{}", e.resource_id.unwrap_or_default()),
            ),
            (Some(id), _) => (e.post_title.clone().unwrap_or_default(), format!("{public_url}/partage/{id}")),
            (None, Some(id)) => (
                format!("{} → {}", e.territory_name.clone().unwrap_or_default(), e.structure_name.clone().unwrap_or_default()),
                format!("{public_url}/compte/structures/{id}"),
            ),
            (None, None) => (String::new(), format!("{public_url}/compte/echanges")),
        };
        match out.iter_mut().find(|g| g.link == link) {
            Some(g) => g.events.push(e),
            None => out.push(Group { title, link, events: vec![e] }),
        }
    }
    out
}

fn when(e: &NotificationView, summary: bool) -> String {
    let local = paris_local(e.created_at);
    let time = local.format("%H h %M").to_string();
    if summary { format!("{} à {time}", t::date_fr(paris_date(e.created_at))) } else { time }
}

/// What follows an event's line: the moderator's reason, the other post of a
/// « mise en relation ».
fn extras(e: &NotificationView, public_url: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    if let Some(d) = &e.detail {
        out.push((format!("{} {d}", t::MAIL_MODERATION_REASON), None));
    }
    if let (Some(id), Some(title)) = (e.related_post_id, &e.related_post_title) {
        out.push((format!("{} « {title} »", t::MAIL_RELATED), Some(format!("{public_url}/partage/{id}"))));
    }
    if let Some(slot) = e.booking_slot() {
        out.push((format!("{} {}", t::MAIL_BOOKING_SLOT, t::slot_fr(slot)), None));
    }
    if e.kind == NotificationKind::NetworkInvitation {
        out.push((t::MAIL_INVITATION.to_string(), None));
    }
    out
}

/// Text for HTML: the five characters that could open markup or end an attribute.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The plain-text foot of a mail its account may turn off: why it came, where to choose
/// the mails, and the link that stops its kind (also in its List-Unsubscribe header).
pub fn text_footer(public_url: &str, unsubscribe_url: &str) -> String {
    format!("--\n{}\n{} : {}\n{} : {unsubscribe_url}\n", t::MAIL_WHY, t::MAIL_SETTINGS, settings_url(public_url), t::MAIL_STOP)
}

fn settings_url(public_url: &str) -> String {
    format!("{public_url}/compte#courriels")
}

/// The mail of `events` (oldest first) for `name`: about one post when `summary` is
/// false, else the daily summary.
pub fn exchange_mail(name: &str, events: &[NotificationView], summary: bool, public_url: &str, unsubscribe_url: &str) -> Composed {
    let groups = groups(events, public_url);
    let subject = if summary {
        t::mail_summary_subject(events.len())
    } else {
        let first = &groups[0];
        t::mail_post_subject(events[0].kind, events.len(), &first.title)
    };
    let settings = settings_url(public_url);

    let mut text = format!("{} {name},\n\n", t::MAIL_GREETING);
    let mut html = format!("<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\"><p>{} {},</p>", t::MAIL_GREETING, esc(name));
    if summary {
        text.push_str(&format!("{}\n\n", t::MAIL_SUMMARY_INTRO));
        html.push_str(&format!("<p>{}</p>", esc(t::MAIL_SUMMARY_INTRO)));
    }
    for g in &groups {
        text.push_str(&format!("« {} »\n", g.title));
        html.push_str(&format!("<h2 style=\"font-size:1.1em\">« {} »</h2><ul>", esc(&g.title)));
        for e in &g.events {
            text.push_str(&format!("- {} — {}\n", when(e, summary), t::mail_event(e.kind)));
            html.push_str(&format!("<li>{} — {}", esc(&when(e, summary)), esc(t::mail_event(e.kind))));
            for (line, link) in extras(e, public_url) {
                text.push_str(&format!("  {line}{}\n", link.as_deref().map(|l| format!(" : {l}")).unwrap_or_default()));
                match link {
                    Some(l) => html.push_str(&format!("<br><a href=\"{}\">{}</a>", esc(&l), esc(&line))),
                    None => html.push_str(&format!("<br>{}", esc(&line))),
                }
            }
            html.push_str("</li>");
        }
        text.push_str(&format!("{} : {}\n\n", t::MAIL_SEE, g.link));
        html.push_str(&format!("</ul><p><a href=\"{}\">{}</a></p>", esc(&g.link), t::MAIL_SEE));
    }
    text.push_str(&format!("{}\n\n{}", t::MAIL_SIGNATURE, text_footer(public_url, unsubscribe_url)));
    html.push_str(&format!(
        "<p>{}</p><hr><p style=\"font-size:0.9em;color:#444\">{}<br><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p></body></html>",
        esc(t::MAIL_SIGNATURE),
        esc(t::MAIL_WHY),
        esc(&settings),
        t::MAIL_SETTINGS,
        esc(unsubscribe_url),
        t::MAIL_STOP
    ));
    Composed { subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(id: i64, kind: NotificationKind, post: i64, title: &str, minute: u32) -> NotificationView {
        NotificationView {
            id,
            kind,
            post_id: Some(post),
            post_title: Some(title.into()),
            related_post_id: None,
            related_post_title: None,
            detail: None,
            structure_id: None,
            structure_name: None,
            territory_name: None,
            booking_id: None,
            resource_id: None,
            resource_name: None,
            booking_starts_at: None,
            booking_ends_at: None,
            unread: true,
            created_at: chrono::Utc.with_ymd_and_hms(2026, 12, 4, 13, minute, 0).unwrap(),
        }
    }

    #[test]
    fn a_mail_names_each_event_links_its_post_and_escapes_the_html() {
        let events = vec![
            event(1, NotificationKind::Response, 7, "Camion <frigo> & co", 3),
            event(2, NotificationKind::Message, 7, "Camion <frigo> & co", 5),
        ];
        let m = exchange_mail("Léa", &events, false, "https://coin.test", "https://coin.test/desabonnement/x");
        assert_eq!(m.subject, "2 nouveautés sur « Camion <frigo> & co » — Coin du partage");
        assert!(m.text.starts_with("Bonjour Léa,"));
        assert!(m.text.contains("- 14 h 03 — Quelqu’un répond"), "{}", m.text);
        assert!(m.text.contains("- 14 h 05 — Nouveau message"), "{}", m.text);
        assert!(m.text.contains("Voir sur le site : https://coin.test/partage/7"));
        assert!(m.text.contains("https://coin.test/desabonnement/x"));
        assert!(m.html.contains("« Camion &lt;frigo&gt; &amp; co »"), "{}", m.html);
        assert!(!m.html.contains("<frigo>"));
        assert!(m.html.contains("href=\"https://coin.test/partage/7\""));
        // One event: its own subject.
        let one = exchange_mail("Léa", &events[..1], false, "https://coin.test", "u");
        assert_eq!(one.subject, "Nouvelle réponse : « Camion <frigo> & co » — Coin du partage");
    }

    #[test]
    fn a_summary_groups_events_by_post_with_their_day() {
        let events = vec![
            event(1, NotificationKind::Volunteer, 1, "Maraude", 0),
            event(2, NotificationKind::ExpirySoon, 2, "Salle", 1),
            event(3, NotificationKind::VolunteerWithdrawn, 1, "Maraude", 2),
        ];
        let m = exchange_mail("Léa", &events, true, "https://coin.test", "u");
        assert_eq!(m.subject, "Votre résumé du jour : 3 nouveautés — Coin du partage");
        let maraude = m.text.find("« Maraude »").unwrap();
        let salle = m.text.find("« Salle »").unwrap();
        let withdrawn = m.text.find("désinscrit").unwrap();
        assert!(maraude < withdrawn && withdrawn < salle, "{}", m.text);
        assert!(m.text.contains("4 décembre 2026 à 14 h 00"), "{}", m.text);
    }
}
