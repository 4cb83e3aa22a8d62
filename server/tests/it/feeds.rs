//! Atom and iCalendar outputs, read back with parsers (`atom_syndication`, `icalendar`):
//! the list's filter, newest first, ETags; missions at their Paris time with the
//! VTIMEZONE; the calendar attached to a sign-up's confirmation.

use std::str::FromStr;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use icalendar::{Component, DatePerhapsTime};

use crate::exchanges::{created_id, member_structure};
use crate::helpers::{TestApp, body_text, call, login_cookie, urlencode};
use crate::smtp::{Mode, Sink, mailer};

const PW: &str = "partage-demo-2026";

async fn get_with(app: &TestApp, uri: &str, etag: Option<&str>) -> (StatusCode, Option<String>, String) {
    let mut req = Request::get(uri);
    if let Some(e) = etag {
        req = req.header(header::IF_NONE_MATCH, e);
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status();
    let etag = res.headers().get(header::ETAG).map(|v| v.to_str().unwrap().to_string());
    (status, etag, body_text(res).await)
}

#[test]
fn the_atom_feed_follows_the_list_filter_newest_first_with_an_etag() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let res = app.get("/partage.atom").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/atom+xml"));
        let feed = atom_syndication::Feed::from_str(&body_text(res).await).expect("valid Atom");
        assert!(!feed.entries.is_empty() && feed.entries.len() <= 50, "{}", feed.entries.len());
        let published: Vec<_> = feed.entries.iter().map(|e| e.published.expect("published")).collect();
        assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(feed.links.iter().any(|l| l.rel == "self" && l.href.ends_with("/partage.atom")));
        for e in &feed.entries {
            let link = &e.links[0].href;
            assert!(link.contains("/partage/") && e.id == *link, "{link}");
        }

        // The list's own parameters: needs of the « véhicule » category only.
        let (status, _, xml) = get_with(&app, "/partage.atom?type=besoin&categorie=vehicule&tri=urgence", None).await;
        assert_eq!(status, 200);
        let feed = atom_syndication::Feed::from_str(&xml).unwrap();
        assert!(!feed.entries.is_empty());
        for e in &feed.entries {
            assert_eq!(e.categories[0].term, "vehicule");
            assert!(e.summary.as_ref().unwrap().value.starts_with("Besoin"), "{:?}", e.summary);
        }
        // The same posts as the list page shows, in the feed's order (newest first).
        let page = body_text(app.get("/partage?type=besoin&categorie=vehicule").await).await;
        for e in feed.entries.iter().take(5) {
            let id = e.id.rsplit('/').next().unwrap();
            assert!(page.contains(&format!("href=\"/partage/{id}\"")), "entry {id} missing from the list page");
        }
        // The list page links to its feed, with its filter.
        assert!(page.contains("href=\"/partage.atom?type=besoin&amp;categorie=vehicule\""), "no feed link");

        // Unchanged: 304 on the ETag; a new need of the category changes it.
        let (_, etag, _) = get_with(&app, "/partage.atom?type=besoin&categorie=vehicule", None).await;
        let etag = etag.expect("an ETag");
        let (status, _, body) = get_with(&app, "/partage.atom?type=besoin&categorie=vehicule", Some(&etag)).await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let form = crate::exchanges::need_form(&member_structure(&app).await, "Un fourgon pour la collecte", "");
        let (status, body) = call(&app, "save_post", Some(&member), &format!("{form}&intent=publish")).await;
        assert_eq!(status, 200, "{body}");
        let id = created_id(&body);
        let (status, new_etag, xml) = get_with(&app, "/partage.atom?type=besoin&categorie=vehicule", Some(&etag)).await;
        assert_eq!(status, 200);
        assert_ne!(new_etag.unwrap(), etag);
        let feed = atom_syndication::Feed::from_str(&xml).unwrap();
        assert!(feed.entries[0].id.ends_with(&format!("/partage/{id}")), "the newest first: {}", feed.entries[0].id);
        assert_eq!(feed.entries[0].title.value, "Un fourgon pour la collecte");
        app.finish().await;
    })
}

#[test]
fn missions_are_calendars_at_their_paris_time_and_a_sign_up_brings_one_by_mail() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let member = login_cookie(&app, "membre@example.org", PW).await;
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let author = member_structure(&app).await;
        // A summer day and a winter day: the same clock time, two UTC offsets.
        let today = app::model::time::paris_date(chrono::Utc::now());
        let mut ids = Vec::new();
        for (i, month) in [7u32, 12].into_iter().enumerate() {
            let mut day = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today) + 1, month, 12).unwrap();
            if day <= today {
                day = day + chrono::Days::new(365);
            }
            let form = format!(
                "form[author]={}&form[kind]=need&form[category]=benevolat&form[title]={}&form[description]={}&form[starts_on]={}&form[mission_time]=09:30&form[volunteers_needed]=4&intent=publish",
                urlencode(&author),
                urlencode(&format!("Mission d’agenda n° {i}, ; virgules")),
                urlencode("Accueillir le public, ranger les tables ensuite."),
                day.format("%Y-%m-%d")
            );
            let (status, body) = call(&app, "save_post", Some(&member), &form).await;
            assert_eq!(status, 200, "{body}");
            ids.push((created_id(&body), day));
        }

        let (status, etag, text) = get_with(&app, "/benevolat.ics", None).await;
        assert_eq!(status, 200);
        let cal = icalendar::Calendar::from_str(&text).expect("valid iCalendar");
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"), "the TZID's definition");
        let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
        for (id, day) in &ids {
            let e = events
                .iter()
                .find(|e| e.get_url().is_some_and(|u| u.ends_with(&format!("/partage/{id}"))))
                .unwrap_or_else(|| panic!("mission {id} in the calendar"));
            assert!(e.get_summary().unwrap().starts_with("Mission d’agenda n°") && e.get_summary().unwrap().ends_with(", ; virgules"));
            match e.get_start().unwrap() {
                DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone { date_time, tzid }) => {
                    assert_eq!(tzid, "Europe/Paris");
                    assert_eq!(date_time, day.and_hms_opt(9, 30, 0).unwrap());
                }
                other => panic!("a Paris time: {other:?}"),
            }
        }
        // Unchanged missions: the same file all day (304).
        assert_eq!(get_with(&app, "/benevolat.ics", etag.as_deref()).await.0, StatusCode::NOT_MODIFIED);

        // The structure's own calendar; an unknown structure is not found.
        let slug: String = sqlx::query_scalar("SELECT slug FROM structures WHERE id = $1")
            .bind(author.trim_start_matches("structure:").parse::<i64>().unwrap())
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let (status, _, text) = get_with(&app, &format!("/structures/{slug}/missions.ics"), None).await;
        assert_eq!(status, 200);
        let cal = icalendar::Calendar::from_str(&text).unwrap();
        assert!(cal.components.iter().filter_map(|c| c.as_event()).count() >= 2);
        assert_eq!(get_with(&app, "/structures/nulle-part/missions.ics", None).await.0, StatusCode::NOT_FOUND);

        // Signing up brings a confirmation with the mission attached.
        let (id, day) = ids[1];
        assert_eq!(call(&app, "volunteer", Some(&camille), &format!("post_id={id}&action=join")).await.0, 200);
        let (subject, ics): (String, Option<String>) =
            sqlx::query_as("SELECT subject, ics FROM outbox WHERE recipient = 'camille@example.org' ORDER BY id DESC LIMIT 1")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert!(subject.starts_with("Inscription confirmée"), "{subject}");
        let cal = icalendar::Calendar::from_str(&ics.expect("an attached calendar")).unwrap();
        let e = cal.components.iter().find_map(|c| c.as_event()).unwrap();
        assert_eq!(
            e.get_start(),
            Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
                date_time: day.and_hms_opt(9, 30, 0).unwrap(),
                tzid: "Europe/Paris".into()
            }))
        );
        let sink = Sink::start(Mode::Accept).await;
        mailer(sink.addr.port()).deliver_due(&app.db.pool).await.unwrap();
        let mail = sink.mails().into_iter().find(|m| m.to == vec!["camille@example.org".to_string()]).expect("sent");
        assert!(mail.data.contains("multipart/mixed") && mail.data.contains("text/calendar"), "{}", mail.data);
        assert!(mail.data.contains("invitation.ics"));
        app.finish().await;
    })
}
