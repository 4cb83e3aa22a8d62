//! E-mails of the exchanges, their settings on `/compte` and the unsubscribe page.

use crate::model::NotificationKind;

pub const TOPIC_REPLIES: &str = "Réponses à mes annonces";
pub const TOPIC_MESSAGES: &str = "Messages dans mes échanges";
pub const TOPIC_DECISIONS: &str = "Réponses acceptées ou déclinées";
pub const TOPIC_CONNECTIONS: &str = "Mises en relation par les coordinateurs";
pub const TOPIC_MODERATION: &str = "Annonces masquées ou rétablies par la modération";
pub const TOPIC_VOLUNTEERS: &str = "Inscriptions et désistements à mes missions";
pub const TOPIC_MISSIONS: &str = "Rappel la veille d’une mission où je suis inscrit·e";
pub const TOPIC_EXPIRY: &str = "Expiration de mes annonces";
pub const TOPIC_INVITATIONS: &str = "Invitations de réseaux";
pub const TOPIC_BOOKINGS: &str = "Réservations de ressources (demandes, réponses, annulations, rappel la veille)";
pub const FREQUENCY_NOW: &str = "Tout de suite";
pub const FREQUENCY_DAILY: &str = "Résumé quotidien";
pub const FREQUENCY_NEVER: &str = "Jamais";

pub const NOTIF_VOLUNTEER_WITHDRAWN: &str = "Désistement d’un·e bénévole de votre mission";
pub const NOTIF_MISSION_REMINDER: &str = "Rappel : votre mission a lieu demain";
pub const NOTIF_BOOKING_REQUESTED: &str = "Demande de réservation à examiner";
pub const NOTIF_BOOKING_PARTNER: &str = "Réservation d’une structure partenaire, confirmée d’office";
pub const NOTIF_BOOKING_ACCEPTED: &str = "Votre réservation est confirmée";
pub const NOTIF_BOOKING_DECLINED: &str = "Votre demande de réservation est déclinée";
pub const NOTIF_BOOKING_CANCELLED: &str = "Réservation annulée";
pub const NOTIF_BOOKING_LAPSED: &str = "Demande de réservation expirée sans réponse";
pub const MAIL_BOOKING_SLOT: &str = "Créneau :";

pub const MAILS_TITLE: &str = "Courriels";
pub const MAILS_INTRO: &str = "Choisissez quand vous êtes prévenu·e par courriel de ce qui se passe dans vos échanges. « Tout de suite » regroupe ce qui arrive sur une même annonce en quelques minutes ; le résumé quotidien part à 7 h. Les courriels de votre compte (confirmation d’adresse, mot de passe) partent toujours.";
pub const MAILS_SUSPEND: &str = "Tout suspendre : ne plus recevoir aucun de ces courriels";
pub const MAILS_SAVE: &str = "Enregistrer mes choix";
pub const MAILS_SAVED: &str = "Vos choix de courriels sont enregistrés.";
pub const MAILS_SUSPENDED_NOTE: &str = "Tous ces courriels sont suspendus. Décochez « Tout suspendre » pour les recevoir de nouveau.";
pub const ERR_MAIL_FREQUENCY: &str = "Choisissez « Tout de suite », « Résumé quotidien » ou « Jamais ».";

/// Shown on `/compte` once the SMTP server refused the address for good.
pub fn mail_refused_note(date: &str, reason: &str) -> String {
    format!(
        "Le serveur de courriel a refusé votre adresse le {date} ({reason}). Nous ne vous envoyons plus de courriels d’échanges ni d’alertes. Vérifiez votre adresse ou changez-la ci-dessous, puis enregistrez vos choix pour reprendre les envois."
    )
}

pub const UNSUBSCRIBE_TITLE: &str = "Se désabonner";
pub const UNSUBSCRIBE_BAD: &str = "Ce lien de désabonnement n’est pas valable (il a peut-être été copié incomplètement). Vous pouvez régler vos courriels depuis votre compte.";
pub const UNSUBSCRIBE_CONFIRM: &str = "Ne plus recevoir ces courriels";
pub const UNSUBSCRIBE_ALL: &str = "Tout suspendre pour cette adresse";
pub const UNSUBSCRIBE_DONE: &str = "C’est fait : vous ne recevrez plus ces courriels.";
pub const UNSUBSCRIBE_ALL_DONE: &str = "C’est fait : tous les courriels d’échanges et d’alertes sont suspendus pour cette adresse.";
pub const UNSUBSCRIBE_SETTINGS: &str = "Régler mes courriels";
pub const UNSUBSCRIBE_ASK: &str = "Vous ne recevrez plus de courriels pour :";
pub const WEEKLY_TITLE: &str = "Passer une alerte en hebdomadaire";
pub const WEEKLY_ASK: &str = "Cette alerte vous sera envoyée une fois par semaine, le lundi à 7 h, au lieu de chaque jour :";
pub const WEEKLY_DONE: &str = "C’est fait : cette alerte vous sera envoyée le lundi à 7 h.";
/// The answer to a mail client's one-click POST (RFC 8058), read by no one.
pub const UNSUBSCRIBE_ONE_CLICK: &str = "Désabonnement enregistré.";

pub const MAIL_GREETING: &str = "Bonjour";
pub const MAIL_SIGNATURE: &str = "L’équipe du Coin du partage";
pub const MAIL_SEE: &str = "Voir sur le site";
pub const MAIL_WHY: &str = "Vous recevez ce courriel parce que vous avez un compte sur le Coin du partage.";
pub const MAIL_SETTINGS: &str = "Régler vos courriels";
pub const MAIL_STOP: &str = "Ne plus recevoir ce type de courriel";

/// The line of one event in a mail.
pub fn mail_event(kind: NotificationKind) -> &'static str {
    use NotificationKind as K;
    match kind {
        K::Response => "Quelqu’un répond à votre annonce « Je peux aider ».",
        K::Message => "Nouveau message dans l’échange.",
        K::ResponseAccepted => "Votre réponse a été acceptée.",
        K::ResponseDeclined => "Votre réponse a été déclinée.",
        K::Connection => "Les coordinateurs mettent cette annonce en relation avec une autre.",
        K::PostHidden => "Votre annonce a été masquée par la modération.",
        K::PostRestored => "Votre annonce est de nouveau visible.",
        K::Volunteer => "Un·e bénévole s’est inscrit·e à votre mission.",
        K::VolunteerWithdrawn => "Un·e bénévole s’est désinscrit·e de votre mission.",
        K::MissionReminder => "Votre mission a lieu demain.",
        K::ExpirySoon => "Votre annonce expire dans moins de 7 jours : prolongez-la ou indiquez qu’elle est pourvue.",
        K::Expired => "Votre annonce a expiré.",
        K::NetworkInvitation => "Un réseau invite votre structure à le rejoindre.",
        K::BookingRequested => "Une structure demande à réserver votre ressource : acceptez ou déclinez.",
        K::BookingPartner => "Une structure partenaire a réservé votre ressource (confirmé d’office).",
        K::BookingAccepted => "Votre réservation est confirmée.",
        K::BookingDeclined => "Votre demande de réservation est déclinée.",
        K::BookingCancelled => "Une réservation est annulée.",
        K::BookingLapsed => "Votre demande de réservation a expiré sans réponse : le créneau est libéré.",
    }
}

/// Subject of a mail about one post.
pub fn mail_post_subject(kind: NotificationKind, events: usize, title: &str) -> String {
    let title = super::cut_title(title);
    if events > 1 {
        return format!("{events} nouveautés sur « {title} » — Coin du partage");
    }
    let what = match kind {
        NotificationKind::Response => "Nouvelle réponse",
        NotificationKind::Message => "Nouveau message",
        NotificationKind::ResponseAccepted => "Réponse acceptée",
        NotificationKind::ResponseDeclined => "Réponse déclinée",
        NotificationKind::Connection => "Mise en relation",
        NotificationKind::PostHidden => "Annonce masquée",
        NotificationKind::PostRestored => "Annonce rétablie",
        NotificationKind::Volunteer => "Nouvelle inscription",
        NotificationKind::VolunteerWithdrawn => "Désistement",
        NotificationKind::MissionReminder => "Demain",
        NotificationKind::ExpirySoon => "Bientôt expirée",
        NotificationKind::Expired => "Annonce expirée",
        NotificationKind::NetworkInvitation => "Invitation",
        NotificationKind::BookingRequested => "Demande de réservation",
        NotificationKind::BookingPartner => "Réservation d’un partenaire",
        NotificationKind::BookingAccepted => "Réservation confirmée",
        NotificationKind::BookingDeclined => "Réservation déclinée",
        NotificationKind::BookingCancelled => "Réservation annulée",
        NotificationKind::BookingLapsed => "Demande expirée",
    };
    format!("{what} : « {title} » — Coin du partage")
}

pub fn mail_summary_subject(events: usize) -> String {
    if events <= 1 {
        "Votre résumé du jour : 1 nouveauté — Coin du partage".to_string()
    } else {
        format!("Votre résumé du jour : {events} nouveautés — Coin du partage")
    }
}

pub const MAIL_SUMMARY_INTRO: &str = "Voici ce qui s’est passé depuis votre dernier résumé.";
pub const MAIL_MODERATION_REASON: &str = "Motif :";
pub const MAIL_RELATED: &str = "Annonce reliée :";
pub const MAIL_INVITATION: &str = "Répondre à l’invitation";

pub const ALERT_DAILY: &str = "Chaque jour";
pub const ALERT_WEEKLY: &str = "Chaque semaine (lundi)";
pub const ALERTS_TITLE: &str = "Mes alertes";
pub const ALERTS_INTRO: &str = "Une alerte vous écrit quand de nouvelles annonces correspondent à une recherche : un seul courriel pour toutes vos alertes, à 7 h, chaque jour ou le lundi, et jamais s’il n’y a rien de neuf.";
pub const ALERTS_NONE: &str = "Vous n’avez pas d’alerte. Faites une recherche dans le Coin du partage ou sur la carte, puis « Créer une alerte avec ces filtres ».";
pub const ALERT_CREATE_LINK: &str = "Créer une alerte avec ces filtres";
pub const ALERT_NEW_TITLE: &str = "Nouvelle alerte";
pub const ALERT_FREQUENCY: &str = "Fréquence";
pub const ALERT_CREATE: &str = "Créer l’alerte";
pub const ALERT_URGENT: &str = "Me prévenir tout de suite d’un besoin urgent qui correspond (sans attendre le résumé)";
pub const ALERT_URGENT_ON: &str = "besoins urgents tout de suite";
pub const ALERT_URGENT_ENABLE: &str = "Besoins urgents : tout de suite";
pub const ALERT_URGENT_DISABLE: &str = "Besoins urgents : dans le résumé";
pub const ALERT_CREATED: &str = "Alerte créée : vous recevrez les nouvelles annonces à 7 h.";
pub const ALERT_CHANGED: &str = "Alerte modifiée.";
pub const ALERT_DELETED: &str = "Alerte supprimée.";
pub const ALERT_DELETE: &str = "Arrêter";
pub const ALERT_SEE: &str = "Voir les annonces";
pub const ERR_TOO_MANY_ALERTS: &str = "Vous avez déjà 20 alertes : supprimez-en une avant d’en créer une autre.";
pub const ERR_ALERT_NOT_FOUND: &str = "Cette alerte n’existe pas (ou plus).";
pub const ERR_ALERT_FREQUENCY: &str = "Choisissez « Chaque jour » ou « Chaque semaine ».";
pub const ALERT_EVERYTHING: &str = "Toutes les annonces";
pub const MAIL_ALERTS_SUBJECT_ONE: &str = "1 nouvelle annonce pour vos alertes — Coin du partage";
pub const MAIL_ALERTS_INTRO: &str = "De nouvelles annonces correspondent à vos alertes.";
pub const MAIL_ALERT_CHANGE: &str = "Modifier";
pub const MAIL_ALERT_WEEKLY: &str = "Passer en hebdomadaire";
pub const MAIL_ALERT_STOP: &str = "Arrêter cette alerte";

pub fn mail_alerts_subject(n: usize) -> String {
    if n <= 1 { MAIL_ALERTS_SUBJECT_ONE.to_string() } else { format!("{n} nouvelles annonces pour vos alertes — Coin du partage") }
}

/// « Voir les 12 autres » (or « au moins 40 autres » when the count stopped).
pub fn mail_alert_more(n: usize, at_least: bool) -> String {
    if at_least { format!("Voir au moins {n} autres") } else if n == 1 { "Voir l’autre".to_string() } else { format!("Voir les {n} autres") }
}

pub fn mail_urgent_subject(title: &str) -> String {
    format!("Besoin urgent : « {title} » — Coin du partage")
}

/// `alerts`: « « Besoins, Véhicule » », joined.
pub fn mail_urgent_intro(alerts: &str) -> String {
    format!("Un besoin urgent vient d’être publié. Il correspond à votre alerte {alerts} :")
}

pub fn alert_in_commune(name: &str) -> String {
    format!("à {name}")
}

/// « à moins de 10 km d’Uzès », « … de Lille ».
pub fn alert_around(km: u16, name: &str) -> String {
    let vowel = name.chars().next().is_some_and(|c| "AEIOUYÉÈÊÎÔÂ".contains(c.to_uppercase().next().unwrap_or(c)));
    if vowel { format!("à moins de {km} km d’{name}") } else { format!("à moins de {km} km de {name}") }
}

pub fn alert_in_departement(code: &str) -> String {
    format!("dans le département {code}")
}

pub fn alert_in_network(name: &str) -> String {
    format!("réseau « {name} »")
}

pub fn alert_words(q: &str) -> String {
    format!("« {q} »")
}
pub const ALERT_OFFERS: &str = "Ressources";
pub const ALERT_ONE: &str = "L’alerte";

/// « Passer en hebdomadaire » / « Passer en quotidien ».
pub fn alert_switch(to: crate::model::AlertFrequency) -> &'static str {
    match to {
        crate::model::AlertFrequency::Weekly => "Passer en hebdomadaire",
        crate::model::AlertFrequency::Daily => "Passer en quotidien",
    }
}

pub const DEV_SEND_MAILS: &str = "Envoyer maintenant ce qui attend 7 h (courriels groupés, résumés, alertes)";

pub fn dev_mails_sent(n: usize) -> String {
    match n {
        0 => "Rien à envoyer.".to_string(),
        1 => "1 courriel ajouté à la boîte d’envoi.".to_string(),
        n => format!("{n} courriels ajoutés à la boîte d’envoi."),
    }
}

pub const VISITOR_CONFIRM_SUBJECT: &str = "Confirmez votre alerte — Coin du partage";
pub const VISITOR_SENT: &str =
    "Merci ! Si l’adresse est valable, un courriel vient de lui être envoyé : ouvrez son lien pour confirmer l’alerte. Rien ne sera envoyé avant (un courriel de confirmation par adresse et par jour au plus).";
pub const VISITOR_TITLE: &str = "Sans compte : votre adresse e-mail suffit";
pub const VISITOR_EMAIL: &str = "Adresse e-mail";
pub const VISITOR_HINT: &str = "Elle ne sert qu’à vous envoyer cette alerte. Vous pourrez l’arrêter depuis chaque courriel.";
pub const VISITOR_SUBMIT: &str = "Recevoir cette alerte";
pub const VISITOR_OR_LOGIN: &str = "Vous avez un compte ? Connectez-vous pour retrouver vos alertes sur votre page.";
pub const VISITOR_NO_FILTER: &str = "Pour créer une alerte sans compte, choisissez d’abord vos filtres sur la liste des annonces ou sur la carte, puis « Créer une alerte avec ces filtres ».";
pub const CONFIRM_ALERT_TITLE: &str = "Confirmer mon alerte";
pub const CONFIRM_ALERT_ASK: &str = "Confirmez pour commencer à recevoir les nouvelles annonces à 7 h.";
pub const CONFIRM_ALERT_SUBMIT: &str = "Confirmer";
pub const CONFIRM_ALERT_DONE: &str = "C’est confirmé : vous recevrez les nouvelles annonces à 7 h, et pourrez arrêter l’alerte depuis chaque courriel.";
pub const CONFIRM_ALERT_ALREADY: &str = "Cette adresse est déjà confirmée : vos alertes sont actives.";
pub const CONFIRM_ALERT_BAD: &str = "Ce lien de confirmation n’est pas valable ou a expiré (il vaut 7 jours). Vous pouvez refaire la demande d’alerte.";

/// The confirmation mail of a visitor's alert (an account mail: no unsubscribe).
pub fn visitor_confirm_mail(alert: &str, link: &str, days: i64) -> String {
    format!(
        "Bonjour,\n\nQuelqu’un (vous, sans doute) a demandé à recevoir à cette adresse les nouvelles annonces du Coin du partage pour :\n  {alert}\n\nPour confirmer, ouvrez ce lien (valable {days} jours) :\n{link}\n\nSans confirmation, rien ne vous sera envoyé et l’adresse sera oubliée dans {days} jours.\n\n{MAIL_SIGNATURE}\n"
    )
}
