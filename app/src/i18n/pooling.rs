//! « Mutualiser »: pooled resources, their calendars and bookings.

use chrono::NaiveDate;

use crate::model::TimeUnit;

pub const RESOURCE_KIND_VEHICLE: &str = "Véhicule";
pub const RESOURCE_KIND_ROOM: &str = "Salle";
pub const RESOURCE_KIND_EQUIPMENT: &str = "Matériel";
pub const RESOURCE_KIND_OVEN: &str = "Four, clède";
pub const RESOURCE_KIND_TOOL: &str = "Outil";
pub const RESOURCE_KIND_OTHER: &str = "Autre";

pub const TIME_UNIT_HOUR: &str = "À l'heure";
pub const TIME_UNIT_HALF_DAY: &str = "À la demi-journée";
pub const TIME_UNIT_DAY: &str = "À la journée";

pub const BOOKING_REQUESTED: &str = "Demandée";
pub const BOOKING_CONFIRMED: &str = "Confirmée";
pub const BOOKING_DECLINED: &str = "Refusée";
pub const BOOKING_CANCELLED: &str = "Annulée";
pub const BOOKING_LAPSED: &str = "Expirée (sans réponse sous 72 h)";
pub const BOOKING_DONE: &str = "Terminée";

pub const RESOURCES_TITLE: &str = "Ressources à partager";
pub const RESOURCES_INTRO: &str = "Véhicules, salles, matériel, fours et outils que les structures du territoire prêtent à leurs partenaires. Chaque ressource a son agenda : choisissez un créneau libre et envoyez une demande.";
pub const RESOURCES_ON_MAP: &str = "Voir les ressources sur la carte";
pub const RESOURCES_NONE: &str = "Aucune ressource ne correspond à ces critères.";
pub const RESOURCES_SEARCH: &str = "Rechercher une ressource";
pub const RESOURCES_ALL_KINDS: &str = "Tous les types";
pub const RESOURCE_NEW: &str = "Proposer une ressource";
pub const RESOURCE_EDIT: &str = "Modifier la ressource";
pub const RESOURCE_SAVE: &str = "Enregistrer la ressource";
pub const RESOURCE_SAVED: &str = "Ressource enregistrée.";
pub const RESOURCE_NOT_FOUND: &str = "Cette ressource n'existe pas ou n'est plus proposée.";
pub const RESOURCE_OFFERED_BY: &str = "Proposée par";
pub const RESOURCE_CONDITIONS: &str = "Conditions d'utilisation";
pub const RESOURCE_HANDOVER: &str = "Lieu de remise";
pub const RESOURCE_CONTRIBUTION: &str = "Participation demandée";
pub const RESOURCE_PARTNERS: &str = "Partenaires de confiance (réservation confirmée d'emblée)";
pub const RESOURCE_CLOSURES: &str = "Périodes de fermeture";
pub const RESOURCE_RULES: &str = "Règles de réservation";
pub const RESOURCE_CALENDAR: &str = "Agenda";
pub const RESOURCE_OPEN_TO_INDIVIDUALS: &str = "Les particuliers peuvent aussi demander cette ressource.";
pub const RESOURCE_STRUCTURES_ONLY: &str = "Réservable par les structures inscrites.";

pub const FIELD_RESOURCE_STRUCTURE: &str = "Structure propriétaire";
pub const FIELD_RESOURCE_NAME: &str = "Nom de la ressource";
pub const FIELD_RESOURCE_KIND: &str = "Type";
pub const FIELD_RESOURCE_DESCRIPTION: &str = "Description";
pub const FIELD_RESOURCE_CONDITIONS: &str = "Conditions d'utilisation";
pub const FIELD_RESOURCE_CONDITIONS_HINT: &str = "Permis, caution, ménage, assurance… ce que l'emprunteur doit savoir.";
pub const FIELD_RESOURCE_COMMUNE: &str = "Commune (code INSEE ou nom)";
pub const FIELD_RESOURCE_HANDOVER: &str = "Lieu de remise des clés ou du matériel";
pub const FIELD_RESOURCE_CONTRIBUTION: &str = "Participation demandée (texte libre)";
pub const FIELD_RESOURCE_CONTRIBUTION_HINT: &str = "Par exemple : « gratuit entre partenaires », « 0,30 € par km », « 20 € la journée ».";
pub const FIELD_RESOURCE_INDIVIDUALS: &str = "Les particuliers peuvent envoyer une demande";
pub const FIELD_RESOURCE_UNIT: &str = "Réservation";
pub const FIELD_RESOURCE_MIN: &str = "Durée minimale (en unités)";
pub const FIELD_RESOURCE_MAX: &str = "Durée maximale (en unités)";
pub const FIELD_RESOURCE_NOTICE: &str = "Délai de prévenance (heures)";
pub const FIELD_RESOURCE_NOTICE_HINT: &str = "Une demande, ou son annulation par l'emprunteur, doit arriver au moins ce nombre d'heures avant le début.";
pub const FIELD_RESOURCE_HORIZON: &str = "Réservable jusqu'à (jours à l'avance)";
pub const FIELD_RESOURCE_BUFFER: &str = "Battement entre deux réservations (minutes)";
pub const FIELD_RESOURCE_PARTNERS: &str = "Partenaires de confiance";
pub const FIELD_RESOURCE_PARTNERS_HINT: &str = "Leurs réservations sont confirmées d'emblée ; les autres structures envoient une demande.";
pub const FIELD_RESOURCE_CLOSURES: &str = "Périodes de fermeture";
pub const FIELD_RESOURCE_CLOSURES_HINT: &str = "Une période par ligne : date de début, date de fin (incluse), puis la raison. Exemple : « 2027-08-01 2027-08-15 congés ».";

pub const FIELD_BOOKING_DAY: &str = "Jour";
pub const FIELD_BOOKING_PART: &str = "À partir de";
pub const FIELD_BOOKING_UNITS: &str = "Durée";
pub const FIELD_BOOKING_BOOKER: &str = "Au nom de";
pub const FIELD_BOOKING_NOTE: &str = "Message au propriétaire (facultatif)";
pub const FIELD_BOOKING_REASON: &str = "Raison (facultative, transmise à l'emprunteur)";
pub const BOOKING_AS_MYSELF: &str = "Moi-même (particulier)";
pub const BOOKING_ASK: &str = "Demander ce créneau";
pub const BOOKING_ASK_TITLE: &str = "Demander un créneau";
pub const BOOKING_SIGN_IN: &str = "Connectez-vous avec le compte d'une structure pour demander un créneau.";
pub const BOOKING_NOT_ALLOWED: &str = "Seules les structures inscrites peuvent réserver cette ressource, au nom d'une structure dont vous êtes membre.";
pub const BOOKING_CONFIRMED_NOW: &str = "Réservation confirmée : votre structure est partenaire de confiance.";
pub const BOOKING_REQUEST_SENT: &str = "Demande envoyée : le créneau vous est gardé 72 heures, le temps que le propriétaire réponde.";
pub const BOOKING_ACCEPT: &str = "Accepter";
pub const BOOKING_DECLINE: &str = "Refuser";
pub const BOOKING_CANCEL: &str = "Annuler la réservation";
pub const BOOKING_ACCEPTED_NOTICE: &str = "Réservation acceptée.";
pub const BOOKING_DECLINED_NOTICE: &str = "Demande refusée.";
pub const BOOKING_CANCELLED_NOTICE: &str = "Réservation annulée.";
pub const BOOKING_WAITING: &str = "Demandes en attente";
pub const BOOKINGS_MINE: &str = "Mes réservations";
pub const BOOKINGS_OF_OURS: &str = "Réservations de nos ressources";
pub const BOOKINGS_NONE: &str = "Aucune réservation.";
pub const BOOKINGS_TITLE: &str = "Réservations";
pub const ERR_BOOKING_TAKEN: &str = "Ce créneau vient d'être pris : une autre réservation le tient déjà.";
pub const ERR_BOOKING_NOT_WAITING: &str = "Cette demande n'attend plus de réponse (déjà traitée, annulée ou expirée).";
pub const ERR_BOOKING_NOT_CANCELLABLE: &str = "Cette réservation ne peut plus être annulée.";
pub const ERR_BOOKING_DAY: &str = "Indiquez le jour au format AAAA-MM-JJ.";
pub const ERR_BOOKING_PART: &str = "Choisissez le début du créneau.";
pub const ERR_BOOKING_UNITS: &str = "Indiquez une durée en nombre entier d'unités.";
pub const ERR_BOOKING_BOOKER: &str = "Choisissez au nom de qui vous réservez.";
pub const ERR_RESOURCE_NAME: &str = "Donnez un nom à la ressource (120 caractères au plus).";
pub const ERR_RESOURCE_KIND: &str = "Choisissez le type de ressource.";
pub const ERR_RESOURCE_UNIT: &str = "Choisissez l'unité de réservation.";
pub const ERR_RESOURCE_STRUCTURE: &str = "Choisissez une structure dont vous êtes membre.";
pub const ERR_RESOURCE_COMMUNE: &str = "Commune inconnue : choisissez-la dans la liste.";
pub const ERR_RESOURCE_PARTNER: &str = "Un partenaire choisi n'est pas une structure inscrite.";
pub const ERR_RESOURCE_CLOSURE: &str = "Chaque ligne : deux dates AAAA-MM-JJ (début puis fin), puis la raison (200 caractères au plus).";
pub const CALENDAR_MONTH: &str = "Mois";
pub const CALENDAR_WEEK: &str = "Semaine";
pub const CALENDAR_PREV: &str = "Précédent";
pub const CALENDAR_NEXT: &str = "Suivant";
pub const CALENDAR_FREE: &str = "Libre";
pub const CALENDAR_TAKEN: &str = "Pris";
pub const CALENDAR_CLOSED: &str = "Fermé";
pub const CALENDAR_UNAVAILABLE: &str = "Non réservable";
pub const CALENDAR_MORNING: &str = "Matin";
pub const CALENDAR_AFTERNOON: &str = "Après-midi";
pub const CALENDAR_DAY: &str = "Journée";
pub const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
pub const FREE_SLOTS_INTRO: &str = "Créneaux libres de même durée :";

/// « 3 jours », « 1 demi-journée », « 2 heures ».
pub fn units_fr(n: u16, unit: TimeUnit) -> String {
    let word = match (unit, n > 1) {
        (TimeUnit::Hour, false) => "heure",
        (TimeUnit::Hour, true) => "heures",
        (TimeUnit::HalfDay, false) => "demi-journée",
        (TimeUnit::HalfDay, true) => "demi-journées",
        (TimeUnit::Day, false) => "jour",
        (TimeUnit::Day, true) => "jours",
    };
    format!("{n} {word}")
}

pub fn booking_too_short(n: u16, unit: TimeUnit) -> String {
    format!("Durée trop courte : au moins {}.", units_fr(n, unit))
}
pub fn booking_too_long(n: u16, unit: TimeUnit) -> String {
    format!("Durée trop longue : au plus {}.", units_fr(n, unit))
}
pub fn booking_too_soon(hours: u32) -> String {
    format!("Trop tard pour ce créneau : il faut réserver au moins {hours} heures avant le début.")
}
pub fn booking_too_far(days: u32) -> String {
    format!("Trop tôt pour ce créneau : on réserve au plus {days} jours à l'avance.")
}
pub fn booking_closed(from: NaiveDate, to: NaiveDate) -> String {
    format!("La ressource est fermée du {} au {}.", super::date_fr(from), super::date_fr(to))
}
pub fn booking_cancel_too_late(hours: u32) -> String {
    format!("Trop tard pour annuler en ligne : le délai de prévenance est de {hours} heures. Contactez le propriétaire.")
}
/// « samedi 5 juin 2027, 14 h – 17 h », « du lundi 7 juin 2027 au mercredi 9 juin 2027 », on
/// the Paris clock (an end at midnight is « 24 h » of the day before).
pub fn slot_fr(slot: crate::model::Slot) -> String {
    use chrono::{Datelike, Timelike};
    let (from, to) = (crate::model::time::paris_local(slot.start), crate::model::time::paris_local(slot.end));
    let day = |d: NaiveDate| format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], super::date_fr(d));
    let hour = |h: u32, m: u32| if m == 0 { format!("{h} h") } else { format!("{h} h {m:02}") };
    let (end_day, end_hour) = if to.hour() == 0 && to.minute() == 0 { (to.date().pred_opt().unwrap_or(to.date()), 24) } else { (to.date(), to.hour()) };
    let whole_days = from.hour() == 0 && from.minute() == 0 && end_hour == 24;
    match (from.date() == end_day, whole_days) {
        (true, true) => day(from.date()),
        (true, false) => format!("{}, {} – {}", day(from.date()), hour(from.hour(), from.minute()), hour(end_hour, to.minute())),
        (false, true) => format!("du {} au {}", day(from.date()), day(end_day)),
        (false, false) => format!("du {}, {} au {}, {}", day(from.date()), hour(from.hour(), from.minute()), day(end_day), hour(end_hour, to.minute())),
    }
}

pub const ERR_RESOURCE_MAX_BELOW_MIN: &str = "La durée maximale doit être au moins égale à la durée minimale.";

/// « Texte trop long : 2 000 caractères au plus. »
pub fn too_long(max: usize) -> String {
    format!("Texte trop long : {} caractères au plus.", thousands(max))
}

/// « Indiquez un nombre entier entre 1 et 1 000. »
pub fn number_between(min: u32, max: u32) -> String {
    format!("Indiquez un nombre entier entre {} et {}.", thousands(min as usize), thousands(max as usize))
}

/// 10080 → « 10 080 » (a narrow no-break space, as French typography writes it).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

pub const BOOKING_ASK_SHORT: &str = "demander";
pub const BOOKING_REASON_LABEL: &str = "Motif";
pub const CALENDAR_NAV: &str = "Changer de période";
pub const CALENDAR_SEE_DAY: &str = "voir la semaine";
pub const FIELD_RESOURCE_COMMUNE_HINT: &str = "Laissez vide si la ressource est au siège de la structure.";
pub const NAV_RESOURCES: &str = "Ressources";
pub const NAV_MY_STRUCTURES: &str = "Mes structures";

/// « 3 ressources »
pub fn resources_count(n: i64) -> String {
    match n {
        0 => "Aucune ressource".into(),
        1 => "1 ressource".into(),
        n => format!("{n} ressources"),
    }
}

/// « 5 heures libres »
pub fn free_hours(n: usize) -> String {
    match n {
        0 => CALENDAR_TAKEN_DAY.into(),
        1 => "1 heure libre".into(),
        n => format!("{n} heures libres"),
    }
}
pub const CALENDAR_TAKEN_DAY: &str = "Rien de libre";

/// « Semaine du lundi 3 mai 2027 »
pub fn week_label(monday: NaiveDate) -> String {
    format!("Semaine du lundi {}", super::date_fr(monday))
}

/// « lun. 3 »
pub fn day_short(d: NaiveDate) -> String {
    use chrono::Datelike;
    const SHORT: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    format!("{} {}", SHORT[d.weekday().num_days_from_monday() as usize], d.day())
}

/// The hint of the length field: its unit.
pub fn units_hint(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Hour => "En heures.",
        TimeUnit::HalfDay => "En demi-journées (matin : 0 h – 12 h, après-midi : 12 h – 24 h).",
        TimeUnit::Day => "En jours.",
    }
}

/// The owner's rules in a sentence.
pub fn rules_fr(r: &crate::model::BookingRules) -> String {
    let mut s = format!("{} : de {} à {}", r.unit.label(), units_fr(r.min_units, r.unit), units_fr(r.max_units, r.unit));
    if r.notice_hours > 0 {
        s.push_str(&format!(", au moins {} h à l'avance", r.notice_hours));
    }
    s.push_str(&format!(", jusqu'à {} jours à l'avance", r.horizon_days));
    if r.buffer_minutes > 0 {
        s.push_str(&format!(", {} min de battement entre deux réservations", r.buffer_minutes));
    }
    s.push('.');
    s
}

/// « du 1er août 2027 au 15 août 2027 (congés) »
pub fn closure_fr(c: &crate::model::Closure) -> String {
    let base = if c.starts_on == c.ends_on {
        format!("le {}", super::date_fr(c.starts_on))
    } else {
        format!("du {} au {}", super::date_fr(c.starts_on), super::date_fr(c.ends_on))
    };
    if c.reason.is_empty() { base } else { format!("{base} ({})", c.reason) }
}

/// « créneau gardé jusqu'au 8 mai 2027, 14 h »
pub fn hold_until_fr(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let local = crate::model::time::paris_local(at);
    format!("créneau gardé jusqu'au {}, {} h {:02}", super::date_fr(local.date()), local.hour(), local.minute())
}

// Booking mails (plain text; the site's name and the links say where they come from).

pub fn booking_event_summary(resource: &str, owner: &str) -> String {
    format!("{resource} ({owner})")
}
pub fn booking_event_description(borrower: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("Réservation de {borrower}.\n{n}"),
        None => format!("Réservation de {borrower}."),
    }
}
fn note_line(note: Option<&str>) -> String {
    note.map(|n| format!("\nSon message :\n{n}\n")).unwrap_or_default()
}
pub fn booking_requested_subject(resource: &str) -> String {
    format!("Demande de réservation : {}", super::cut_title(resource))
}
#[allow(clippy::too_many_arguments)]
pub fn booking_requested_body(borrower: &str, resource: &str, slot: &str, note: Option<&str>, accept: &str, decline: &str, until: &str, mine: &str) -> String {
    format!(
        "Bonjour,\n\n{borrower} demande à réserver « {resource} » : {slot}.\n{}\nLe créneau lui est gardé jusqu'à votre réponse ({until}).\n\nAccepter : {accept}\nRefuser : {decline}\n\nToutes les demandes : {mine}\n",
        note_line(note)
    )
}
pub fn booking_partner_subject(resource: &str) -> String {
    format!("Nouvelle réservation : {}", super::cut_title(resource))
}
pub fn booking_partner_body(borrower: &str, resource: &str, slot: &str, note: Option<&str>, mine: &str) -> String {
    format!(
        "Bonjour,\n\n{borrower}, partenaire de confiance, a réservé « {resource} » : {slot}. La réservation est confirmée.\n{}\nLes réservations de vos ressources : {mine}\n",
        note_line(note)
    )
}
pub fn booking_accepted_subject(resource: &str) -> String {
    format!("Réservation confirmée : {}", super::cut_title(resource))
}
pub fn booking_accepted_body(resource: &str, owner: &str, slot: &str, handover: &str, page: &str) -> String {
    let place = if handover.is_empty() { String::new() } else { format!("\nLieu de remise : {handover}\n") };
    format!("Bonjour,\n\n{owner} a accepté votre réservation de « {resource} » : {slot}.\n{place}\nL'agenda de la ressource : {page}\nLa réservation est jointe en fichier agenda (.ics).\n")
}
pub fn booking_declined_subject(resource: &str) -> String {
    format!("Réservation refusée : {}", super::cut_title(resource))
}
pub fn booking_declined_body(resource: &str, owner: &str, slot: &str, reason: Option<&str>, page: &str) -> String {
    let why = reason.map(|r| format!("\nMotif : {r}\n")).unwrap_or_default();
    format!("Bonjour,\n\n{owner} ne peut pas vous prêter « {resource} » : {slot}.\n{why}\nD'autres créneaux sont peut-être libres : {page}\n")
}
pub fn booking_cancelled_subject(resource: &str) -> String {
    format!("Réservation annulée : {}", super::cut_title(resource))
}
pub fn booking_cancelled_by_owner_body(resource: &str, owner: &str, slot: &str, reason: Option<&str>, page: &str) -> String {
    let why = reason.map(|r| format!("\nMotif : {r}\n")).unwrap_or_default();
    format!("Bonjour,\n\n{owner} a annulé votre réservation de « {resource} » : {slot}.\n{why}\nL'agenda de la ressource : {page}\n")
}
pub fn booking_cancelled_by_borrower_body(borrower: &str, resource: &str, slot: &str, mine: &str) -> String {
    format!("Bonjour,\n\n{borrower} a annulé sa réservation de « {resource} » : {slot}. Le créneau est de nouveau libre.\n\nLes réservations de vos ressources : {mine}\n")
}
pub fn booking_lapsed_subject(resource: &str) -> String {
    format!("Demande expirée : {}", super::cut_title(resource))
}
pub fn booking_lapsed_body(resource: &str, owner: &str, slot: &str, page: &str) -> String {
    format!("Bonjour,\n\n{owner} n'a pas répondu dans les 72 heures à votre demande de « {resource} » : {slot}. La demande a expiré et le créneau n'est plus gardé.\n\nVous pouvez en demander un autre : {page}\n")
}
pub fn booking_reminder_subject(resource: &str) -> String {
    format!("Rappel : {} demain", super::cut_title(resource))
}
pub fn booking_reminder_body(resource: &str, owner: &str, slot: &str, handover: &str, page: &str) -> String {
    let place = if handover.is_empty() { String::new() } else { format!("\nLieu de remise : {handover}\n") };
    format!("Bonjour,\n\nRappel de votre réservation de « {resource} » auprès de {owner} : {slot}.\n{place}\nL'agenda de la ressource : {page}\n")
}

pub const BOOKING_ANSWER_TITLE: &str = "Répondre à une demande de réservation";
pub const BOOKING_ANSWER_ACCEPT: &str = "Confirmer : accepter la demande";
pub const BOOKING_ANSWER_DECLINE: &str = "Confirmer : refuser la demande";
pub const BOOKING_ANSWER_INVALID: &str = "Ce lien n'est plus valable : la demande a déjà reçu une réponse, a été annulée ou a expiré.";
pub const BOOKING_ANSWER_DONE: &str = "C'est noté : l'emprunteur est prévenu par courriel.";

pub const BOOKINGS_FEED_NAME: &str = "Réservations (Coin du partage)";
pub const FEED_TITLE: &str = "Agenda dans votre calendrier";
pub const FEED_INTRO: &str = "Adresse secrète à ajouter dans votre application d'agenda (abonnement iCalendar). Elle montre qui a réservé : ne la partagez qu'au sein de votre structure.";
pub const FEED_REVOKE: &str = "Révoquer ce lien (en créer un nouveau)";
pub const FEED_REVOKED: &str = "L'ancien lien ne fonctionne plus ; voici le nouveau.";
pub fn booking_feed_summary(resource: &str, borrower: &str) -> String {
    format!("{resource} — {borrower}")
}
pub fn booking_feed_waiting(resource: &str, borrower: &str) -> String {
    format!("{resource} — {borrower} (demande en attente)")
}

/// What a calendar's « demander » link says to a screen reader: « Demander le samedi 5 juin
/// 2027, matin ».
pub fn ask_label(date: NaiveDate, part: String) -> String {
    use chrono::Datelike;
    format!("Demander le {} {}, {}", WEEKDAYS[date.weekday().num_days_from_monday() as usize], super::date_fr(date), part.to_lowercase())
}
