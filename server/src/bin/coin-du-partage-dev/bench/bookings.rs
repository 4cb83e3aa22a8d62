//! `coin-du-partage-dev bench-bookings [--history N] [--runs N] [--concurrent N] [--seed N]`:
//! the booking benchmarks of docs/benchmarks.md §7, on the database of `DATABASE_URL`.
//! Makes one structure lending an hourly resource (15 min buffer) with N past bookings in
//! its history (and a few hundred ahead), structures to borrow it, then measures, each
//! beside a naive baseline of the same run:
//!
//! 1. a month of the resource's calendar as its page builds it (`pooling::resources::page`),
//!    against reading the resource's whole history and laying it out in Rust;
//! 2. booking creation (`pooling::bookings::request`, the overlap left to the database),
//!    against the application-side check of the booking tools compared in the issue (read
//!    every booking of the resource in the write transaction, compare, insert);
//! 3. `--concurrent` structures asking for the same slot at the same moment: exactly one
//!    booking, the others a 409 with free slots, no 5xx.

use std::fmt::Write as _;
use std::time::Instant;

use app::auth::signed::Signer;
use app::db::{self, Pool};
use app::mail::bookings::Links;
use app::model::{BookingForm, BookingStatus, CalendarView, ResourceForm, SessionUser, TimeUnit};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use server::config::Config;
use server::startup;

use super::measure::quantile_ms;

const MONTH_GOAL_MS: f64 = 10.0;
const CREATE_GOAL_MS: f64 = 20.0;
const PUBLIC_URL: &str = "http://127.0.0.1:3000";

#[derive(Clone, Debug)]
pub struct BookingBenchOptions {
    pub history: u64,
    pub runs: usize,
    pub concurrent: usize,
    pub seed: u64,
}

pub fn parse_args(args: &[String]) -> Result<BookingBenchOptions, String> {
    let mut o = BookingBenchOptions { history: 10_000, runs: 300, concurrent: 50, seed: 1 };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let raw = it.next().ok_or(format!("{flag} : valeur manquante / missing value"))?;
        let number = raw.replace('_', "").parse::<u64>().ok();
        match (flag.as_str(), number) {
            ("--history", Some(v)) => o.history = v,
            ("--runs", Some(v)) if v > 0 => o.runs = v as usize,
            ("--concurrent", Some(v)) if v > 1 => o.concurrent = v as usize,
            ("--seed", Some(v)) => o.seed = v,
            _ => return Err(format!("option invalide / invalid option: {flag} {raw}")),
        }
    }
    Ok(o)
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A validated structure with a responsable account: (structure id, user).
async fn structure_with_user(pool: &Pool, tag: &str, hash: &str) -> Result<(i64, SessionUser), String> {
    let email = format!("banc-{tag}@example.org");
    let name = format!("Structure du banc {tag}");
    let mut tx = db::begin_write(pool).await.map_err(err)?;
    let user = db::users::insert_user(
        &mut tx,
        &db::users::NewUser { email: &email, display_name: &name, password_hash: Some(hash), is_instance_admin: false, email_verified: true },
    )
    .await
    .map_err(|e| e.message)?;
    let structure = db::structures::insert_structure(
        &mut tx,
        &db::structures::NewStructure {
            slug: &format!("banc-{tag}"),
            name: &name,
            kind: app::model::StructureKind::Association,
            description: "Structure synthétique du banc des réservations.",
            address: None,
            insee: Some("64410"),
            postcode: Some("64150"),
            departement: Some("64"),
            lat_lon: Some((43.374, -0.616)),
            email: None,
            phone: None,
            website: None,
            rna: None,
            siret: None,
            validation_status: app::model::ValidationStatus::Validated,
            created_by: Some(user),
        },
    )
    .await
    .map_err(|e| e.message)?;
    db::structures::insert_membership(&mut tx, user, structure, app::model::MemberRole::Admin, app::model::MembershipStatus::Active)
        .await
        .map_err(|e| e.message)?;
    tx.commit().await.map_err(err)?;
    Ok((structure, SessionUser { id: user, display_name: name, email, is_instance_admin: false }))
}

fn ask(resource: i64, at: DateTime<Utc>, units: u16, structure: i64) -> BookingForm {
    let local = app::model::time::paris_local(at);
    use chrono::Timelike;
    BookingForm {
        resource_id: resource,
        day: app::model::day_param(local.date()),
        part: local.hour().to_string(),
        units: units.to_string(),
        booker: format!("structure:{structure}"),
        note: String::new(),
    }
}

pub async fn run(config: Config, o: BookingBenchOptions) -> Result<(), String> {
    let pool = startup::prepare_database(&config).await.map_err(err)?;
    let signer = Signer::new("clé du banc des réservations, assez longue pour signer");
    let links = Links { signer: &signer, public_url: PUBLIC_URL };
    let run_tag = Utc::now().timestamp();
    let hash = app::auth::passwords::hash("banc-des-reservations".into()).await.map_err(|e| e.message)?;
    eprintln!("structures…");
    let (owner, owner_user) = structure_with_user(&pool, &format!("{run_tag}-proprietaire"), &hash).await?;
    let (partner, partner_user) = structure_with_user(&pool, &format!("{run_tag}-partenaire"), &hash).await?;
    let mut borrowers = Vec::new();
    for i in 0..o.concurrent {
        borrowers.push(structure_with_user(&pool, &format!("{run_tag}-emprunteur-{i}"), &hash).await?);
    }
    let form = ResourceForm {
        structure_id: owner.to_string(),
        name: format!("Salle du banc {run_tag}"),
        kind: "room".into(),
        description: "Salle synthétique.".into(),
        unit: "hour".into(),
        min_units: "1".into(),
        max_units: "8".into(),
        notice_hours: "0".into(),
        horizon_days: "730".into(),
        buffer_minutes: "15".into(),
        partners: vec![partner.to_string()],
        ..Default::default()
    };
    let resource = app::pooling::resources::save(&pool, &owner_user, None, &form).await.map_err(|e| e.message)?;

    // The history: back to back-ish hourly bookings into the past, and some ahead.
    eprintln!("historique de {} réservations…", o.history);
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(o.seed);
    let now = db::now();
    let hour = |t: DateTime<Utc>| t - Duration::seconds(t.timestamp() % 3600) - Duration::nanoseconds(t.timestamp_subsec_nanos() as i64);
    let mut at = hour(now) - Duration::hours(2);
    let mut made = 0u64;
    while made < o.history {
        let mut tx = db::begin_write(&pool).await.map_err(err)?;
        for _ in 0..1000.min(o.history - made) {
            let len = rng.gen_range(1..=3);
            at -= Duration::hours(len + rng.gen_range(1..4));
            let slot = app::model::Slot { start: at, end: at + Duration::hours(len) };
            let b = db::bookings::NewBooking {
                resource_id: resource,
                booker_id: partner_user.id,
                booker_structure_id: Some(partner),
                slot,
                blocked: app::model::blocked(slot, 15),
                status: BookingStatus::Confirmed,
                note: None,
                hold_until: None,
                now,
            };
            db::bookings::insert(&mut tx, &b).await.map_err(|e| e.message)?.ok_or("chevauchement dans l'historique")?;
            made += 1;
        }
        tx.commit().await.map_err(err)?;
    }
    // This month and the next: every other day, a few hours.
    let mut ahead = 0;
    let mut tx = db::begin_write(&pool).await.map_err(err)?;
    for d in (1..60).step_by(2) {
        for h in [9, 14] {
            let start = app::model::part_start(TimeUnit::Hour, app::model::time::paris_date(now) + chrono::Days::new(d), h);
            let slot = app::model::Slot { start, end: start + Duration::hours(2) };
            let b = db::bookings::NewBooking {
                resource_id: resource,
                booker_id: partner_user.id,
                booker_structure_id: Some(partner),
                slot,
                blocked: app::model::blocked(slot, 15),
                status: BookingStatus::Confirmed,
                note: None,
                hold_until: None,
                now,
            };
            if db::bookings::insert(&mut tx, &b).await.map_err(|e| e.message)?.is_some() {
                ahead += 1;
            }
        }
    }
    tx.commit().await.map_err(err)?;
    let total = db::bookings::count_for(&pool, resource).await.map_err(|e| e.message)?;
    eprintln!("{total} réservations en {:.1} s", started.elapsed().as_secs_f64());

    let mut r = format!("{}\n", super::header_line(&pool).await?);
    let _ = writeln!(r, "Une ressource à l'heure (battement 15 min) : {total} réservations dans son historique, dont {ahead} à venir.\n");
    let _ = writeln!(r, "| mesure | p50 | p95 | p99 | n | objectif | référence naïve | naïf p50 | naïf p95 |\n|---|---:|---:|---:|---:|---|---|---:|---:|");

    // 1. The month view.
    eprintln!("vue du mois…");
    let today = app::model::time::paris_date(now);
    let view = CalendarView::read(None, None, today);
    let mut ours = Vec::new();
    for i in 0..o.runs + 10 {
        let t = Instant::now();
        let page = app::pooling::resources::page(&pool, links, None, resource, view, now).await.map_err(|e| e.message)?;
        std::hint::black_box(page.ok_or("ressource introuvable")?);
        if i >= 10 {
            ours.push(t.elapsed());
        }
    }
    let mut naive = Vec::new();
    for i in 0..o.runs.min(100) + 3 {
        let t = Instant::now();
        std::hint::black_box(naive_month(&pool, resource, view, now).await?);
        if i >= 3 {
            naive.push(t.elapsed());
        }
    }
    ours.sort_unstable();
    naive.sort_unstable();
    let _ = writeln!(
        r,
        "| agenda du mois (page de la ressource, anonyme) | {:.2} | {:.2} | {:.2} | {} | p95 ≤ {MONTH_GOAL_MS} ms | tout l'historique lu, placé en Rust | {:.2} | {:.2} |",
        quantile_ms(&ours, 0.5),
        quantile_ms(&ours, 0.95),
        quantile_ms(&ours, 0.99),
        ours.len(),
        quantile_ms(&naive, 0.5),
        quantile_ms(&naive, 0.95)
    );

    // 2. Creation, on free hours far ahead (confirmed at once: the partner).
    eprintln!("création…");
    let base = app::model::part_start(TimeUnit::Hour, today + chrono::Days::new(120), 0);
    let mut ours = Vec::new();
    for k in 0..o.runs {
        let start = base + Duration::hours(3 * k as i64);
        let t = Instant::now();
        app::pooling::bookings::request(&pool, links, &partner_user, &ask(resource, start, 1, partner), now).await.map_err(|e| e.message)?;
        ours.push(t.elapsed());
    }
    let base = base + Duration::hours(3 * o.runs as i64 + 24);
    let mut naive = Vec::new();
    for k in 0..o.runs {
        let start = base + Duration::hours(3 * k as i64);
        let t = Instant::now();
        naive_create(&pool, resource, partner_user.id, partner, start, now).await?;
        naive.push(t.elapsed());
    }
    ours.sort_unstable();
    naive.sort_unstable();
    let _ = writeln!(
        r,
        "| création d'une réservation (règles, contrainte en base, courriel) | {:.2} | {:.2} | {:.2} | {} | p95 ≤ {CREATE_GOAL_MS} ms | toutes les réservations lues et comparées en Rust | {:.2} | {:.2} |",
        quantile_ms(&ours, 0.5),
        quantile_ms(&ours, 0.95),
        quantile_ms(&ours, 0.99),
        ours.len(),
        quantile_ms(&naive, 0.5),
        quantile_ms(&naive, 0.95)
    );

    // 3. Many structures, one slot, one moment.
    eprintln!("{} demandes simultanées…", o.concurrent);
    let slot_start = base + Duration::hours(3 * o.runs as i64 + 48);
    let started = Instant::now();
    let tasks: Vec<_> = borrowers
        .iter()
        .cloned()
        .map(|(structure, user)| {
            let pool = pool.clone();
            let form = ask(resource, slot_start, 2, structure);
            let signer = Signer::new("clé du banc des réservations, assez longue pour signer");
            tokio::spawn(async move {
                let links = Links { signer: &signer, public_url: PUBLIC_URL };
                app::pooling::bookings::request(&pool, links, &user, &form, now).await.map(|_| ()).map_err(|e| e.status())
            })
        })
        .collect();
    let (mut ok, mut conflict, mut server_errors, mut other) = (0, 0, 0, 0);
    for t in tasks {
        match t.await.map_err(err)? {
            Ok(()) => ok += 1,
            Err(409) => conflict += 1,
            Err(s) if s >= 500 => server_errors += 1,
            Err(_) => other += 1,
        }
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let holding: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE resource_id = $1 AND starts_at = $2 AND status IN ('requested', 'confirmed')")
        .bind(resource)
        .bind(db::backend::slot_time(slot_start))
        .fetch_one(&pool)
        .await
        .map_err(err)?;
    let _ = writeln!(
        r,
        "\n{} demandes simultanées du même créneau ({elapsed:.0} ms en tout) : **{ok} acceptée**, {conflict} refusées (409, créneaux libres proposés), {server_errors} erreur 5xx, {other} autre ; {holding} réservation tient le créneau en base.",
        o.concurrent
    );
    if ok != 1 || server_errors != 0 || holding != 1 {
        return Err(format!("{r}\nÉCHEC : une seule réservation attendue, sans erreur 5xx"));
    }
    print!("{r}");
    Ok(())
}

/// The naive month: every booking of the resource read, the holders kept in Rust.
async fn naive_month(pool: &Pool, resource: i64, view: CalendarView, now: DateTime<Utc>) -> Result<usize, String> {
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>, DateTime<Utc>, BookingStatus, Option<DateTime<Utc>>)> =
        sqlx::query_as("SELECT starts_at, ends_at, blocked_until, status, hold_until FROM bookings WHERE resource_id = $1")
            .bind(resource)
            .fetch_all(pool)
            .await
            .map_err(err)?;
    let holders: Vec<app::model::CalendarHolder> = rows
        .into_iter()
        .filter(|r| r.3 == BookingStatus::Confirmed || (r.3 == BookingStatus::Requested && r.4.is_some_and(|h| h > now)))
        .map(|r| app::model::CalendarHolder {
            slot: app::model::Slot { start: r.0, end: r.1 },
            blocked: app::model::Blocked { start: r.0, until: r.2 },
            label: None,
        })
        .collect();
    let rules = db::resources::get(pool, resource).await.map_err(|e| e.message)?.ok_or("ressource")?.rules();
    let closures = db::resources::closures(pool, resource).await.map_err(|e| e.message)?;
    Ok(app::model::calendar_days(&rules, &closures, &holders, now, view.days().into_iter()).len())
}

/// The naive creation: the whole calendar read in the write transaction and compared in
/// Rust before the insert (what application-side checkers do).
async fn naive_create(pool: &Pool, resource: i64, user: i64, structure: i64, start: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), String> {
    let slot = app::model::Slot { start, end: start + Duration::hours(1) };
    let range = app::model::blocked(slot, 15);
    let mut tx = db::begin_write(pool).await.map_err(err)?;
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>, BookingStatus, Option<DateTime<Utc>>)> =
        sqlx::query_as("SELECT starts_at, blocked_until, status, hold_until FROM bookings WHERE resource_id = $1")
            .bind(resource)
            .fetch_all(&mut *tx)
            .await
            .map_err(err)?;
    let taken = rows.iter().any(|r| {
        let holds = r.2 == BookingStatus::Confirmed || (r.2 == BookingStatus::Requested && r.3.is_some_and(|h| h > now));
        holds && app::model::Blocked { start: r.0, until: r.1 }.overlaps(&range)
    });
    if taken {
        return Err("créneau pris (naïf)".into());
    }
    let b = db::bookings::NewBooking {
        resource_id: resource,
        booker_id: user,
        booker_structure_id: Some(structure),
        slot,
        blocked: range,
        status: BookingStatus::Confirmed,
        note: None,
        hold_until: None,
        now,
    };
    db::bookings::insert(&mut tx, &b).await.map_err(|e| e.message)?.ok_or("chevauchement")?;
    tx.commit().await.map_err(err)?;
    Ok(())
}
