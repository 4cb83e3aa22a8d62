//! « Mutualiser »: bookings of pooled resources. No double booking by construction (the
//! database refuses an overlap on both backends, whatever the application checked), the
//! owner's rules, the 72-hour hold of a request, who may do what; and a property test
//! comparing the database's decisions with a plain Rust model of the rules.

use app::model::{BookingForm, BookingStatus, ResourceForm, SessionUser, TimeUnit};
use app::pooling::bookings::{self, Outcome};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use futures_util::future::join_all;

use crate::helpers::{TestApp, body_text, call, login_cookie, responsable_of_new_structure, urlencode};

const PW: &str = "partage-demo-2026";

fn links(signer: &app::auth::signed::Signer) -> app::mail::bookings::Links<'_> {
    app::mail::bookings::Links { signer, public_url: "http://127.0.0.1:3000" }
}

async fn user(pool: &app::db::Pool, email: &str) -> SessionUser {
    let (id, display_name): (i64, String) =
        sqlx::query_as("SELECT id, display_name FROM users WHERE email = $1").bind(email).fetch_one(pool).await.unwrap();
    SessionUser { id, display_name, email: email.into(), is_instance_admin: false }
}

fn resource_form(structure: i64, unit: TimeUnit, buffer: u32, notice: u32, partners: &[i64]) -> ResourceForm {
    ResourceForm {
        structure_id: structure.to_string(),
        name: "Camion frigorifique".into(),
        kind: "vehicle".into(),
        description: "Un camion réfrigéré pour les collectes.".into(),
        unit: unit.as_str().into(),
        min_units: "1".into(),
        max_units: "50".into(),
        notice_hours: notice.to_string(),
        horizon_days: "365".into(),
        buffer_minutes: buffer.to_string(),
        partners: partners.iter().map(|p| p.to_string()).collect(),
        ..Default::default()
    }
}

/// A Paris day some weeks ahead of the real clock (the page and the server functions use
/// it), so that the notice and the horizon hold whenever the test runs.
fn day_ahead(days: i64) -> NaiveDate {
    app::model::time::paris_date(Utc::now() + Duration::days(days))
}

fn ask(resource: i64, day: NaiveDate, part: u32, units: u16, booker: &str) -> BookingForm {
    BookingForm {
        resource_id: resource,
        day: app::model::day_param(day),
        part: part.to_string(),
        units: units.to_string(),
        booker: booker.into(),
        note: String::new(),
    }
}

fn booking_query(f: &BookingForm) -> String {
    format!(
        "form[resource_id]={}&form[day]={}&form[part]={}&form[units]={}&form[booker]={}&form[note]=",
        f.resource_id,
        f.day,
        f.part,
        f.units,
        urlencode(&f.booker)
    )
}

#[test]
fn twenty_structures_asking_for_one_slot_at_once_get_one_booking_and_nineteen_clear_refusals() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (owner_email, owner) = responsable_of_new_structure(pool, 700).await;
        let resource = app::pooling::resources::save(pool, &user(pool, &owner_email).await, None, &resource_form(owner, TimeUnit::Day, 0, 24, &[]))
            .await
            .unwrap();
        let mut borrowers = Vec::new();
        for i in 0..20 {
            let (email, structure) = responsable_of_new_structure(pool, 710 + i).await;
            borrowers.push((login_cookie(&app, &email, PW).await, structure));
        }
        let day = day_ahead(30);
        let answers = join_all(borrowers.iter().map(|(cookie, structure)| {
            let form = booking_query(&ask(resource, day, 0, 2, &format!("structure:{structure}")));
            let app = &app;
            async move { call(app, "request_booking", Some(cookie), &form).await }
        }))
        .await;
        let ok: Vec<_> = answers.iter().filter(|(s, _)| *s == 200).collect();
        let refused: Vec<_> = answers.iter().filter(|(s, _)| *s == 409).collect();
        assert_eq!(ok.len(), 1, "one booking holds the slot: {answers:?}");
        assert_eq!(refused.len(), 19, "every other request is refused with 409, none fails: {answers:?}");
        for (_, body) in &refused {
            assert!(body.contains("Ce créneau vient d'être pris"), "{body}");
            assert!(body.contains("Créneaux libres de même durée"), "the refusal offers free slots: {body}");
        }
        // The first free two-day slot after the held one is offered: right after it.
        let next = app::i18n::slot_fr(app::model::slot_of(TimeUnit::Day, day + chrono::Days::new(2), 0, 2));
        assert!(refused[0].1.contains(&next), "{} should offer {next}", refused[0].1);
        let holding: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE resource_id = $1 AND status IN ('requested', 'confirmed')")
            .bind(resource)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(holding, 1);
        app.finish().await;
    });
}

#[test]
fn partners_are_confirmed_at_once_others_wait_and_a_request_lapses_after_72_hours() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let signer = crate::helpers::signer();
        let (owner_email, owner) = responsable_of_new_structure(pool, 720).await;
        let (partner_email, partner) = responsable_of_new_structure(pool, 721).await;
        let (other_email, other) = responsable_of_new_structure(pool, 722).await;
        let (owner_u, partner_u, other_u) = (user(pool, &owner_email).await, user(pool, &partner_email).await, user(pool, &other_email).await);
        let resource = app::pooling::resources::save(pool, &owner_u, None, &resource_form(owner, TimeUnit::HalfDay, 60, 48, &[partner])).await.unwrap();
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
        let d = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();

        let confirmed = bookings::request(pool, links(&signer), &partner_u, &ask(resource, d, 0, 1, &format!("structure:{partner}")), now).await.unwrap();
        assert!(matches!(confirmed, Outcome::Confirmed(_)));
        // The afternoon starts when the morning ends, but the buffer (60 min) keeps it.
        let e = bookings::request(pool, links(&signer), &other_u, &ask(resource, d, 1, 1, &format!("structure:{other}")), now).await.unwrap_err();
        assert_eq!(e.status(), 409, "{e:?}");
        // Back to back without buffer: the next morning is free from the afternoon's end.
        let waiting = bookings::request(pool, links(&signer), &other_u, &ask(resource, d + chrono::Days::new(1), 0, 1, &format!("structure:{other}")), now).await.unwrap();
        assert!(matches!(waiting, Outcome::Requested(_)));

        // The owner's rules: notice (48 h), closed days, lengths.
        let soon = bookings::request(pool, links(&signer), &other_u, &ask(resource, NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(), 0, 1, &format!("structure:{other}")), now).await.unwrap_err();
        assert_eq!(soon.message_for("day"), Some(app::i18n::booking_too_soon(48).as_str()));
        let nobody = bookings::request(pool, links(&signer), &other_u, &ask(resource, d, 0, 1, "moi"), now).await.unwrap_err();
        assert!(nobody.message_for("booker").is_some(), "individuals may not book this resource: {nobody:?}");
        let not_mine = bookings::request(pool, links(&signer), &other_u, &ask(resource, d, 0, 1, &format!("structure:{partner}")), now).await.unwrap_err();
        assert!(not_mine.message_for("booker").is_some(), "one books only for one's own structures");

        // A request holds its slot for 72 h, buffer included: another structure cannot
        // take it meanwhile…
        let after = bookings::request(pool, links(&signer), &partner_u, &ask(resource, d + chrono::Days::new(1), 1, 1, &format!("structure:{partner}")), now).await;
        assert_eq!(after.unwrap_err().status(), 409, "the afternoon starts within the waiting morning's buffer");
        let blocked = bookings::request(pool, links(&signer), &partner_u, &ask(resource, d + chrono::Days::new(1), 0, 1, &format!("structure:{partner}")), now + Duration::hours(71)).await;
        assert_eq!(blocked.unwrap_err().status(), 409);
        // …then lapses: the owner can no longer accept it, and the slot is free again.
        let later = now + Duration::hours(72);
        let late = bookings::decide(pool, links(&signer), &owner_u, waiting.id(), true, "", later).await.unwrap_err();
        assert_eq!(late.status(), 409);
        assert_eq!(late.message, app::i18n::ERR_BOOKING_NOT_WAITING);
        // The morning is free again once the request lapsed.
        let taken = bookings::request(pool, links(&signer), &partner_u, &ask(resource, d + chrono::Days::new(1), 0, 1, &format!("structure:{partner}")), later).await;
        assert!(taken.is_ok(), "{taken:?}");
        let status: BookingStatus = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1").bind(waiting.id()).fetch_one(pool).await.unwrap();
        assert_eq!(status, BookingStatus::Lapsed);

        // Decisions are the owner's: the borrower cannot accept its own request.
        let pending = bookings::request(pool, links(&signer), &other_u, &ask(resource, d + chrono::Days::new(5), 0, 2, &format!("structure:{other}")), later).await.unwrap();
        let forbidden = bookings::decide(pool, links(&signer), &other_u, pending.id(), true, "", later).await.unwrap_err();
        assert_eq!(forbidden.status(), 403);
        bookings::decide(pool, links(&signer), &owner_u, pending.id(), false, "Le camion part en révision.", later).await.unwrap();
        let again = bookings::decide(pool, links(&signer), &owner_u, pending.id(), true, "", later).await.unwrap_err();
        assert_eq!(again.status(), 409, "a decided request is not decided twice");

        // Cancelling: the borrower until the notice, the owner at any time before the end.
        let b = confirmed.id();
        let too_late = bookings::cancel(pool, links(&signer), &partner_u, b, "", Utc.with_ymd_and_hms(2027, 3, 8, 12, 0, 0).unwrap()).await.unwrap_err();
        assert_eq!(too_late.message, app::i18n::booking_cancel_too_late(48));
        let stranger = bookings::cancel(pool, links(&signer), &other_u, b, "", later).await.unwrap_err();
        assert_eq!(stranger.status(), 403);
        bookings::cancel(pool, links(&signer), &owner_u, b, "Panne.", Utc.with_ymd_and_hms(2027, 3, 9, 20, 0, 0).unwrap()).await.unwrap();
        // Its slot is free again (its afternoon is not: with the buffer it would reach into
        // the next morning, booked above).
        let retake = bookings::request(pool, links(&signer), &other_u, &ask(resource, d, 0, 1, &format!("structure:{other}")), later).await;
        assert!(retake.is_ok(), "{retake:?}");
        app.finish().await;
    });
}

#[test]
fn the_public_calendar_shows_free_and_taken_and_names_the_borrower_to_the_owner_and_the_borrower_only() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (owner_email, owner) = responsable_of_new_structure(pool, 730).await;
        let (borrower_email, borrower) = responsable_of_new_structure(pool, 731).await;
        let resource = app::pooling::resources::save(pool, &user(pool, &owner_email).await, None, &resource_form(owner, TimeUnit::Day, 0, 24, &[]))
            .await
            .unwrap();
        let day = day_ahead(20);
        let cookie = login_cookie(&app, &borrower_email, PW).await;
        let (status, body) = call(&app, "request_booking", Some(&cookie), &booking_query(&ask(resource, day, 0, 1, &format!("structure:{borrower}")))).await;
        assert_eq!(status, 200, "{body}");
        let month = format!("/ressources/{resource}?mois={}", &app::model::day_param(day)[..7]);
        let borrower_name = "Collectif simultané 731";

        let public = body_text(app.get(&month).await).await;
        assert!(public.contains("<table class=\"calendar calendar-month\""), "a table of days, in the served HTML");
        assert!(public.contains(app::i18n::CALENDAR_TAKEN) && public.contains(app::i18n::CALENDAR_FREE));
        assert!(public.contains("aria-label=\"Demander le "), "each « demander » link names its day for a screen reader");
        assert!(!public.contains(borrower_name), "a visitor does not see who booked");
        assert!(public.contains(app::i18n::BOOKING_SIGN_IN));

        let as_borrower = crate::helpers::get_as(&app, &month, Some(&cookie)).await.1;
        assert!(as_borrower.contains(borrower_name), "the borrower sees its own booking");
        let owner_cookie = login_cookie(&app, &owner_email, PW).await;
        let as_owner = crate::helpers::get_as(&app, &month, Some(&owner_cookie)).await.1;
        assert!(as_owner.contains(borrower_name), "the owner's members see who booked");
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let as_citizen = crate::helpers::get_as(&app, &month, Some(&camille)).await.1;
        assert!(!as_citizen.contains(borrower_name), "another user does not");
        assert!(as_citizen.contains(app::i18n::BOOKING_NOT_ALLOWED), "a citizen may not book a structures-only resource");

        // Its owner edits it; nobody else can.
        let mut form = resource_form(owner, TimeUnit::Day, 0, 24, &[]);
        form.name = "Camion frigorifique réfrigéré".into();
        form.commune = "Uzès".into();
        let owner_u = user(pool, &owner_email).await;
        assert_eq!(app::pooling::resources::save(pool, &owner_u, Some(resource), &form).await.unwrap(), resource);
        let borrower_u = user(pool, &borrower_email).await;
        assert_eq!(app::pooling::resources::save(pool, &borrower_u, Some(resource), &form).await.unwrap_err().status(), 400, "not its structure");
        let mut theirs = form.clone();
        theirs.structure_id = borrower.to_string();
        assert_eq!(app::pooling::resources::save(pool, &borrower_u, Some(resource), &theirs).await.unwrap_err().status(), 403, "a resource stays with its owner");
        let (name, insee): (String, Option<String>) =
            sqlx::query_as("SELECT name, insee FROM shared_resources WHERE id = $1").bind(resource).fetch_one(pool).await.unwrap();
        assert_eq!((name.as_str(), insee.as_deref()), ("Camion frigorifique réfrigéré", Some("30334")));

        // The list finds it without accents; the structure's own list too.
        let list = body_text(app.get("/ressources?q=FRIGORIFIQUE").await).await;
        assert!(list.contains(&format!("/ressources/{resource}")), "{list}");
        let list = body_text(app.get("/ressources?q=refrigere&type=vehicle").await).await;
        assert!(list.contains(&format!("/ressources/{resource}")));
        let none = body_text(app.get("/ressources?q=refrigere&type=room").await).await;
        assert!(!none.contains(&format!("/ressources/{resource}")));
        app.finish().await;
    });
}

/// The plain model the database is held to: a booking holds its slot while confirmed, or
/// requested and before its hold's end; a new one is written if no holder's range meets
/// its own, widened by the resource's buffer.
#[derive(Clone, Debug)]
struct ModelBooking {
    id: i64,
    resource: usize,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    until: DateTime<Utc>,
    status: BookingStatus,
    hold_until: Option<DateTime<Utc>>,
}

impl ModelBooking {
    fn holds(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Confirmed || (self.status == BookingStatus::Requested && self.hold_until.is_some_and(|h| h > now))
    }
}

#[test]
fn the_database_decides_like_the_plain_model_over_random_requests_decisions_cancellations_and_lapses() {
    use rand::{Rng, SeedableRng};
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let signer = crate::helpers::signer();
        let (owner_email, owner) = responsable_of_new_structure(pool, 740).await;
        let (partner_email, partner) = responsable_of_new_structure(pool, 741).await;
        let (other_email, other) = responsable_of_new_structure(pool, 742).await;
        let (owner_u, partner_u, other_u) = (user(pool, &owner_email).await, user(pool, &partner_email).await, user(pool, &other_email).await);
        let buffers = [0u32, 30, 120];
        let mut resources = Vec::new();
        for b in buffers {
            resources.push(app::pooling::resources::save(pool, &owner_u, None, &resource_form(owner, TimeUnit::Hour, b, 0, &[partner])).await.unwrap());
        }
        let mut rng = rand::rngs::StdRng::seed_from_u64(20271205);
        let mut now = Utc.with_ymd_and_hms(2027, 3, 20, 6, 0, 0).unwrap();
        let first_day = NaiveDate::from_ymd_opt(2027, 3, 26).unwrap();
        let mut model: Vec<ModelBooking> = Vec::new();
        let (mut written, mut refused) = (0, 0);
        for step in 0..400 {
            match rng.gen_range(0..10) {
                0..=5 => {
                    let r = rng.gen_range(0..resources.len());
                    // The next days (across the change to summer time, 28 March 2027,
                    // early in the run).
                    let day = app::model::time::paris_date(now).max(first_day) + chrono::Days::new(rng.gen_range(0..4));
                    let part = rng.gen_range(0..24);
                    let units = rng.gen_range(1..6);
                    let slot = app::model::slot_of(TimeUnit::Hour, day, part, units);
                    if app::model::part_of(TimeUnit::Hour, slot.start) != Some((day, part)) {
                        continue; // the hour the clock skips
                    }
                    let as_partner = rng.gen_bool(0.4);
                    let (u, s) = if as_partner { (&partner_u, partner) } else { (&other_u, other) };
                    let until = slot.end + Duration::minutes(i64::from(buffers[r]));
                    let free = !model.iter().any(|m| m.resource == r && m.holds(now) && m.start < until && slot.start < m.until);
                    let got = bookings::request(pool, links(&signer), u, &ask(resources[r], day, part, units, &format!("structure:{s}")), now).await;
                    if slot.start < now {
                        assert_eq!(got.map_err(|e| e.status()), Err(400), "step {step}: a slot already begun is refused by the rules");
                        continue;
                    }
                    match (free, got) {
                        (true, Ok(outcome)) => {
                            written += 1;
                            // Requests that lapsed in the model are lapsed by the writer too.
                            let status = if as_partner { BookingStatus::Confirmed } else { BookingStatus::Requested };
                            assert_eq!(matches!(outcome, Outcome::Confirmed(_)), as_partner, "step {step}");
                            model.push(ModelBooking {
                                id: outcome.id(),
                                resource: r,
                                start: slot.start,
                                end: slot.end,
                                until,
                                status,
                                hold_until: (!as_partner).then(|| now + Duration::hours(72)),
                            });
                        }
                        (false, Err(e)) if e.status() == 409 => refused += 1,
                        (free, got) => panic!("step {step}: the model says free = {free}, the database answered {got:?}"),
                    }
                }
                6 | 7 => {
                    // The owner decides a booking: accepted only while it waits.
                    let Some(i) = (!model.is_empty()).then(|| rng.gen_range(0..model.len())) else { continue };
                    let accept = rng.gen_bool(0.6);
                    let waiting = model[i].status == BookingStatus::Requested && model[i].holds(now);
                    let got = bookings::decide(pool, links(&signer), &owner_u, model[i].id, accept, "", now).await;
                    assert_eq!(got.is_ok(), waiting, "step {step}: decide {:?} → {got:?}", model[i]);
                    if waiting {
                        model[i].status = if accept { BookingStatus::Confirmed } else { BookingStatus::Declined };
                    }
                }
                8 => {
                    // The owner cancels: any holder not yet over.
                    let Some(i) = (!model.is_empty()).then(|| rng.gen_range(0..model.len())) else { continue };
                    let cancellable = model[i].holds(now) && model[i].end > now;
                    let got = bookings::cancel(pool, links(&signer), &owner_u, model[i].id, "", now).await;
                    if cancellable {
                        assert!(got.is_ok(), "step {step}: cancel {:?} → {got:?}", model[i]);
                        model[i].status = BookingStatus::Cancelled;
                    } else {
                        assert!(got.is_err(), "step {step}: cancel of a non-holder {:?} went through", model[i]);
                    }
                }
                _ => now += Duration::hours(rng.gen_range(1..30)),
            }
            // The holders the database reports are the model's.
            if step % 20 == 0 {
                for (r, id) in resources.iter().enumerate() {
                    let far = now + Duration::days(400);
                    let mut db: Vec<i64> = app::db::bookings::holders(pool, *id, now - Duration::days(30), far, now).await.unwrap().iter().map(|h| h.id).collect();
                    let mut expected: Vec<i64> = model.iter().filter(|m| m.resource == r && m.holds(now) && m.until > now - Duration::days(30)).map(|m| m.id).collect();
                    db.sort_unstable();
                    expected.sort_unstable();
                    assert_eq!(db, expected, "step {step}, resource {r}");
                }
            }
        }
        assert!(written > 30 && refused > 30, "the run exercised both outcomes: {written} written, {refused} refused");
        app.finish().await;
    });
}

#[test]
fn the_owner_answers_from_the_mail_link_the_borrower_gets_the_ics_and_the_secret_feeds_follow() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let signer = crate::helpers::signer();
        let (owner_email, owner) = responsable_of_new_structure(pool, 750).await;
        let (borrower_email, borrower) = responsable_of_new_structure(pool, 751).await;
        let resource = app::pooling::resources::save(pool, &user(pool, &owner_email).await, None, &resource_form(owner, TimeUnit::Day, 0, 24, &[]))
            .await
            .unwrap();
        let cookie = login_cookie(&app, &borrower_email, PW).await;
        let day = day_ahead(12);
        let (status, body) = call(&app, "request_booking", Some(&cookie), &booking_query(&ask(resource, day, 0, 1, &format!("structure:{borrower}")))).await;
        assert_eq!(status, 200, "{body}");
        let id: i64 = body.trim().parse().unwrap();

        let (subject, text) = crate::helpers::last_mail_to(&app.db, &owner_email).await.expect("the owner is told");
        assert_eq!(subject, "Demande de réservation : Camion frigorifique");
        assert!(text.contains("Collectif simultané 751"), "{text}");
        let link = |verb: &str| {
            let line = text.lines().find(|l| l.starts_with(verb)).unwrap_or_else(|| panic!("{verb} in {text}"));
            line.split("http://127.0.0.1:3000").nth(1).unwrap().trim().to_string()
        };
        let (accept, decline) = (link("Accepter : "), link("Refuser : "));
        assert!(accept.starts_with(app::mail::bookings::ANSWER_PATH));

        // The link's page asks; it changes nothing by itself.
        let (status, page) = crate::helpers::get_as(&app, &accept, None).await;
        assert_eq!(status, 200);
        assert!(page.contains(app::i18n::BOOKING_ANSWER_ACCEPT) && page.contains("Collectif simultané 751"));
        let status_of = |id: i64| async move {
            sqlx::query_scalar::<_, BookingStatus>("SELECT status FROM bookings WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        };
        assert_eq!(status_of(id).await, BookingStatus::Requested);
        // A forged or reused token does nothing.
        let token = accept.trim_start_matches(app::mail::bookings::ANSWER_PATH);
        let forged = format!("{}x", &token[..token.len() - 1]);
        let (status, _) = call(&app, "answer_booking", None, &format!("token={}", urlencode(&forged))).await;
        assert_eq!(status, 409);
        let (status, body) = call(&app, "answer_booking", None, &format!("token={}", urlencode(token))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(status_of(id).await, BookingStatus::Confirmed);
        let decline_token = decline.trim_start_matches(app::mail::bookings::ANSWER_PATH);
        let (status, body) = call(&app, "answer_booking", None, &format!("token={}&reason=trop+tard", urlencode(decline_token))).await;
        assert_eq!(status, 409, "a request is answered once: {body}");
        assert_eq!(status_of(id).await, BookingStatus::Confirmed);

        // The borrower's confirmation carries the booking as a calendar file.
        let (subject, ics): (String, Option<String>) =
            sqlx::query_as("SELECT subject, ics FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1").bind(&borrower_email).fetch_one(pool).await.unwrap();
        assert_eq!(subject, "Réservation confirmée : Camion frigorifique");
        let ics = ics.expect("an .ics attached");
        assert!(ics.contains("BEGIN:VEVENT") && ics.contains(&format!("DTSTART;TZID=Europe/Paris:{}T000000", day.format("%Y%m%d"))), "{ics}");
        // The bookings topic can be turned off from the mail: a stop link at its foot,
        // the same in its List-Unsubscribe header, and one click stops that topic only.
        let (body, stop, user_id): (String, Option<String>, Option<i64>) =
            sqlx::query_as("SELECT body, unsubscribe_url, user_id FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
                .bind(&borrower_email)
                .fetch_one(pool)
                .await
                .unwrap();
        let stop = stop.expect("a List-Unsubscribe link");
        let borrower_id = user(pool, &borrower_email).await.id;
        assert_eq!(user_id, Some(borrower_id));
        assert!(body.contains(&format!("Ne plus recevoir ce type de courriel : {stop}")), "{body}");

        // The borrower's structure feed holds it; a wrong key, or the key before
        // « révoquer », is a 404.
        let slug = "collectif-simultane-751";
        let feed = app::feeds::bookings::structure_feed_url(&signer, "http://127.0.0.1:3000", slug, borrower, 1);
        let path = feed.trim_start_matches("http://127.0.0.1:3000").to_string();
        let (status, body) = crate::helpers::get_as(&app, &path, None).await;
        assert_eq!(status, 200);
        assert!(body.contains("Camion frigorifique — Collectif simultané 751"), "{body}");
        let (status, _) = crate::helpers::get_as(&app, &format!("/structures/{slug}/reservations.ics?cle=abc"), None).await;
        assert_eq!(status, 404);
        let other = app::feeds::bookings::structure_feed_url(&signer, "", "collectif-simultane-750", owner, 1);
        let (status, _) = crate::helpers::get_as(&app, &format!("/structures/{slug}/reservations.ics?{}", other.split('?').nth(1).unwrap()), None).await;
        assert_eq!(status, 404, "another structure's key does not open this feed");
        let (status, _) = call(&app, "revoke_booking_feed", Some(&cookie), &format!("structure_id={borrower}")).await;
        assert_eq!(status, 200);
        let (status, _) = crate::helpers::get_as(&app, &path, None).await;
        assert_eq!(status, 404, "a revoked key stops working");
        // The owner's resource feed too; the borrower cannot revoke it.
        let (status, _) = call(&app, "revoke_booking_feed", Some(&cookie), &format!("resource_id={resource}")).await;
        assert_eq!(status, 403);
        let resource_feed = app::feeds::bookings::resource_feed_url(&signer, "", resource, 1);
        let (status, body) = crate::helpers::get_as(&app, &resource_feed, None).await;
        assert_eq!(status, 200);
        assert!(body.contains("Collectif simultané 751"));

        // The reminder the day before, once, even with two instances passing.
        let links = links(&signer);
        let start = app::model::slot_of(TimeUnit::Day, day, 0, 1).start;
        let before = start - Duration::hours(30);
        let reminders = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND subject = 'Rappel : Camion frigorifique demain'")
                .bind(&borrower_email)
                .fetch_one(pool)
                .await
                .unwrap()
        };
        app::mail::bookings::run(pool, links, before).await.unwrap();
        assert_eq!(reminders().await, 0, "not yet");
        let second = crate::helpers::second_instance(&app.db, &app.site_root.to_string_lossy()).await;
        let at = start - Duration::hours(20);
        let (a, b) = tokio::join!(app::mail::bookings::run(pool, links, at), app::mail::bookings::run(&second.pool, links, at));
        assert!(a.unwrap() + b.unwrap() >= 1);
        assert_eq!(reminders().await, 1, "one reminder, though two instances passed");
        app::mail::bookings::run(pool, links, at + Duration::hours(1)).await.unwrap();
        assert_eq!(reminders().await, 1, "and only one");

        // A request left unanswered lapses after 72 h and its borrower is told, once.
        let now = Utc::now();
        let pending = bookings::request(pool, links, &user(pool, &borrower_email).await, &ask(resource, day + chrono::Days::new(3), 0, 1, &format!("structure:{borrower}")), now)
            .await
            .unwrap();
        let later = now + Duration::hours(73);
        let (a, b) = tokio::join!(app::mail::bookings::run(pool, links, later), app::mail::bookings::run(&second.pool, links, later));
        assert!(a.unwrap() + b.unwrap() >= 1);
        assert_eq!(status_of(pending.id()).await, BookingStatus::Lapsed);
        let lapsed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND subject = 'Demande expirée : Camion frigorifique'")
            .bind(&borrower_email)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(lapsed, 1);

        // The confirmation's one-click link (its List-Unsubscribe header) stops the
        // bookings topic, and that one only.
        assert_eq!(crate::exchange_mails::one_click(&app, &stop).await.0, 200);
        let topics: Vec<(String, String)> = sqlx::query_as("SELECT topic, frequency FROM mail_preferences WHERE user_id = $1")
            .bind(borrower_id)
            .fetch_all(pool)
            .await
            .unwrap();
        assert_eq!(topics, vec![("bookings".to_string(), "never".to_string())]);
        app.finish().await;
    });
}

#[test]
fn my_bookings_are_in_my_data_and_my_own_future_ones_go_with_my_account() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let clede: i64 = sqlx::query_scalar("SELECT id FROM shared_resources WHERE name LIKE 'Clède%'").fetch_one(pool).await.unwrap();
        let camille = login_cookie(&app, "camille@example.org", PW).await;
        let mut form = ask(clede, day_ahead(30), 0, 2, "moi");
        form.note = "Trois claies de châtaignes du jardin.".into();
        let (status, body) = call(&app, "request_booking", Some(&camille), &format!("{}{}", booking_query(&form), urlencode(&form.note))).await;
        assert_eq!(status, 200, "the clède is open to individuals: {body}");
        let id: i64 = body.trim().parse().unwrap();

        let (status, export) = crate::helpers::get_as(&app, "/api/export_my_data", Some(&camille)).await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&export).unwrap();
        let bookings = json["bookings"].as_array().unwrap();
        assert_eq!(bookings.len(), 1, "{export}");
        assert_eq!(bookings[0]["note"], "Trois claies de châtaignes du jardin.");
        assert_eq!(bookings[0]["status"], "requested");

        let (status, body) = call(&app, "delete_account", Some(&camille), &format!("password={PW}&posts=anonymise")).await;
        assert_eq!(status, 200, "{body}");
        let (status, note): (BookingStatus, Option<String>) =
            sqlx::query_as("SELECT status, note FROM bookings WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert_eq!(status, BookingStatus::Cancelled, "a deleted account's own request frees its slot");
        assert_eq!(note, None, "and its words go");
        app.finish().await;
    });
}

#[test]
fn resources_written_before_the_search_text_are_found_without_accents_after_a_start() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let structure: i64 = sqlx::query_scalar("SELECT MIN(id) FROM structures").fetch_one(pool).await.unwrap();
        // As migration 0020 leaves the rows of before: no search text.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO shared_resources (structure_id, name, description, created_at, updated_at) VALUES ($1, 'Bétonnière', 'Électrique', $2, $2) RETURNING id",
        )
        .bind(structure)
        .bind(app::db::now())
        .fetch_one(pool)
        .await
        .unwrap();
        server::startup::prepare_reference_data(pool).await.unwrap();
        let text: String = sqlx::query_scalar("SELECT search_text FROM shared_resources WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert_eq!(text, "betonniere electrique");
        app.finish().await;
    });
}

/// Booking events are in-app notifications of the other side, and their mails follow the
/// `bookings` topic: the owner who chose the daily summary gets the request there (with
/// its slot), not at once; the borrower who chose never gets the answer in the app only;
/// « Mes réservations » marks them read.
#[test]
fn booking_events_are_notified_in_app_and_their_mails_follow_the_bookings_topic() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let signer = crate::helpers::signer();
        let (owner_email, owner) = responsable_of_new_structure(pool, 770).await;
        let (borrower_email, borrower) = responsable_of_new_structure(pool, 771).await;
        let (owner_user, borrower_user) = (user(pool, &owner_email).await, user(pool, &borrower_email).await);
        for (u, frequency) in [(owner_user.id, "daily"), (borrower_user.id, "never")] {
            sqlx::query("INSERT INTO mail_preferences (user_id, topic, frequency) VALUES ($1, 'bookings', $2)").bind(u).bind(frequency).execute(pool).await.unwrap();
        }
        let resource = app::pooling::resources::save(pool, &owner_user, None, &resource_form(owner, TimeUnit::Day, 0, 24, &[])).await.unwrap();
        let now = Utc::now();
        let id = bookings::request(pool, links(&signer), &borrower_user, &ask(resource, day_ahead(15), 0, 1, &format!("structure:{borrower}")), now)
            .await
            .unwrap()
            .id();
        let notified = |u: i64| async move {
            sqlx::query_as::<_, (String, Option<i64>, Option<String>, bool)>(
                "SELECT kind, booking_id, mail_mode, read_at IS NULL FROM notifications WHERE user_id = $1 ORDER BY id",
            )
            .bind(u)
            .fetch_all(pool)
            .await
            .unwrap()
        };
        assert_eq!(notified(owner_user.id).await, vec![("booking_requested".to_string(), Some(id), Some("daily".to_string()), true)]);
        assert!(crate::helpers::last_mail_to(&app.db, &owner_email).await.is_none(), "daily: no mail at once");
        // The owner's « Mes échanges » lists it, linked to the resource's page.
        let cookie = login_cookie(&app, &owner_email, PW).await;
        let (status, page) = crate::helpers::get_as(&app, "/compte/echanges", Some(&cookie)).await;
        assert_eq!(status, 200);
        assert!(page.contains(app::i18n::NOTIF_BOOKING_REQUESTED) && page.contains(&format!("href=\"/ressources/{resource}\"")), "{page}");

        // The summary, when it is due, carries it with its slot.
        let due: DateTime<Utc> = sqlx::query_scalar("SELECT mail_due_at FROM notifications WHERE user_id = $1").bind(owner_user.id).fetch_one(pool).await.unwrap();
        assert_eq!(app::mail::exchanges::run(pool, "http://127.0.0.1:3000", &signer, due).await.unwrap(), 1);
        let (subject, text) = crate::helpers::last_mail_to(&app.db, &owner_email).await.expect("the summary");
        assert!(subject.contains("résumé"), "{subject}");
        assert!(text.contains("« Camion frigorifique »") && text.contains(app::i18n::MAIL_BOOKING_SLOT), "{text}");
        assert!(text.contains(&format!("/ressources/{resource}")), "{text}");

        // Accepted: the borrower who chose never is told in the app only.
        bookings::decide(pool, links(&signer), &owner_user, id, true, "", now).await.unwrap();
        assert_eq!(notified(borrower_user.id).await, vec![("booking_accepted".to_string(), Some(id), None, true)]);
        assert!(crate::helpers::last_mail_to(&app.db, &borrower_email).await.is_none(), "never: no mail");
        // Seen on « Mes réservations »: read.
        bookings::mine(pool, links(&signer), &borrower_user, now).await.unwrap();
        assert_eq!(notified(borrower_user.id).await, vec![("booking_accepted".to_string(), Some(id), None, false)]);
        // The default (at once): the owner, back to it, gets the cancellation's own mail.
        sqlx::query("DELETE FROM mail_preferences WHERE user_id = $1").bind(owner_user.id).execute(pool).await.unwrap();
        bookings::cancel(pool, links(&signer), &borrower_user, id, "", now).await.unwrap();
        let (subject, _) = crate::helpers::last_mail_to(&app.db, &owner_email).await.unwrap();
        assert_eq!(subject, "Réservation annulée : Camion frigorifique");
        let kinds: Vec<String> = notified(owner_user.id).await.into_iter().map(|n| n.0).collect();
        assert_eq!(kinds, vec!["booking_requested", "booking_cancelled"]);
        // Booking one's own structure's resource tells no one of one's own act.
        let own = bookings::request(pool, links(&signer), &owner_user, &ask(resource, day_ahead(20), 0, 1, &format!("structure:{owner}")), now).await.unwrap();
        assert!(matches!(own, Outcome::Confirmed(_)));
        assert_eq!(notified(owner_user.id).await.len(), 2, "no notification of one's own booking");
        let (subject, _) = crate::helpers::last_mail_to(&app.db, &owner_email).await.unwrap();
        assert_eq!(subject, "Réservation annulée : Camion frigorifique", "nor a mail");
        app.finish().await;
    });
}

/// A resource's place may be a point picked on the map, within 30 km of its commune (or
/// its structure's place); the edit form gives it back; a far or unreadable point is
/// refused in French on its field, and nothing is written.
#[test]
fn a_resource_may_stand_on_a_point_picked_near_its_place() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        let (email, owner) = responsable_of_new_structure(pool, 780).await;
        let me = user(pool, &email).await;
        let (lat, lon): (f64, f64) = sqlx::query_as("SELECT lat, lon FROM structures WHERE id = $1").bind(owner).fetch_one(pool).await.unwrap();
        let near = ResourceForm { lat: format!("{:.6}", lat + 0.01), lon: format!("{:.6}", lon - 0.01), ..resource_form(owner, TimeUnit::Day, 0, 24, &[]) };
        let id = app::pooling::resources::save(pool, &me, None, &near).await.unwrap();
        let stored: (f64, f64, String) =
            sqlx::query_as("SELECT lat, lon, location_precision FROM shared_resources WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert!((stored.0 - (lat + 0.01)).abs() < 1e-6 && (stored.1 - (lon - 0.01)).abs() < 1e-6 && stored.2 == "address", "{stored:?}");
        let form = app::pooling::resources::form_of(pool, &me, id).await.unwrap();
        assert_eq!((form.lat.as_str(), form.lon.as_str()), (near.lat.as_str(), near.lon.as_str()));
        // Without a point it stands at its structure's place again, as a commune does.
        app::pooling::resources::save(pool, &me, Some(id), &ResourceForm { lat: String::new(), lon: String::new(), ..near.clone() }).await.unwrap();
        let stored: (f64, String) = sqlx::query_as("SELECT lat, location_precision FROM shared_resources WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
        assert_eq!(stored, (lat, "commune".to_string()));
        let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM shared_resources").fetch_one(pool).await.unwrap() };
        let before = count().await;
        for (form, message) in [
            (ResourceForm { lat: format!("{}", lat + 1.0), ..near.clone() }, app::i18n::ERR_POINT_FAR),
            (ResourceForm { lat: "quarante".into(), ..near.clone() }, app::i18n::ERR_POINT_INVALID),
        ] {
            let e = app::pooling::resources::save(pool, &me, None, &form).await.unwrap_err();
            assert!(e.fields.iter().any(|f| f.field == "point" && f.message == message), "{e:?}");
        }
        assert_eq!(count().await, before, "nothing written");
        app.finish().await;
    });
}
