//! Atom and iCalendar feeds, and the links to them.

pub const ATOM_TITLE: &str = "Coin du partage — besoins et ressources";
pub const ATOM_INDIVIDUAL: &str = "Un particulier";
pub const ATOM_LINK: &str = "Suivre cette liste (flux Atom)";
pub const ICAL_MISSIONS: &str = "Coin du partage — missions bénévoles";
pub const ICAL_MISSION_LINK: &str = "Détails et inscription : ";
pub const ICAL_LINK: &str = "Ajouter les missions à mon agenda (iCalendar)";
pub const ICAL_STRUCTURE_LINK: &str = "Ses missions dans mon agenda (iCalendar)";
pub const ICAL_UNDATED_NOTE: &str = "Les missions sans date n’apparaissent pas dans l’agenda : elles restent sur cette page.";

/// « Missions de Lo Solan — Coin du partage ».
pub fn ical_structure_missions(structure: &str) -> String {
    format!("Missions de {structure} — Coin du partage")
}

/// « Proposée par Lo Solan. » (with the space that follows).
pub fn ical_mission_by(structure: &str) -> String {
    format!("Proposée par {structure}. ")
}

/// The confirmation of a mission sign-up (the mission is attached as `invitation.ics`).
pub fn mail_signed_up(name: &str, m: &crate::model::MissionCard, link: &str) -> (String, String) {
    let when = match (m.starts_on, m.mission_time) {
        (Some(d), Some(h)) => format!("le {} à {}", super::date_fr(d), h.format("%H h %M")),
        (Some(d), None) => format!("le {}", super::date_fr(d)),
        _ => "à une date que la structure précisera".to_string(),
    };
    let place = m.commune_name.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    let by = m.structure_name.as_deref().map(|s| format!(" auprès de {s}")).unwrap_or_default();
    (
        format!("Inscription confirmée : « {} » — Coin du partage", super::cut_title(&m.title)),
        format!(
            "Bonjour {name},\n\nVous êtes inscrit·e à la mission « {} »{by}, {when}{place}.\nLe fichier joint l’ajoute à votre agenda. La veille, un rappel vous sera envoyé (réglable sur votre compte).\n\nDétails, ou vous désinscrire si vous ne pouvez plus venir :\n{link}\n\nMerci pour votre engagement !\nL’équipe du Coin du partage",
            m.title
        ),
    )
}
