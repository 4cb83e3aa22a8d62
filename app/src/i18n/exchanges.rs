//! What happens between people around a post: responses and threads, matches,
//! volunteering, reports, « Mes échanges » and notifications.

// Responses and threads
pub const RESPONSE_PENDING: &str = "En attente";
pub const RESPONSE_ACCEPTED: &str = "Acceptée";
pub const RESPONSE_DECLINED: &str = "Déclinée";
pub const RESPONSE_WITHDRAWN: &str = "Retirée";
pub const RESPONSE_CAN_HELP: &str = "Je peux aider";
pub const RESPONSE_INTERESTED: &str = "Ça m’intéresse";
pub const RESPONSE_MESSAGE: &str = "Votre message *";
pub const RESPONSE_MESSAGE_HINT: &str = "De 2 à 2 000 caractères. Vos coordonnées ne sont transmises que si l’auteur accepte votre réponse.";
pub const RESPOND_AS: &str = "Répondre au nom de";
pub const RESPOND_AS_MYSELF: &str = "Moi-même";
pub const RESPONSE_LOGIN: &str = "Connectez-vous pour répondre.";
pub const RESPONSE_SENT: &str = "Votre réponse a été envoyée.";
pub const RESPONSES_TITLE: &str = "Réponses reçues";
pub const RESPONSES_NONE: &str = "Aucune réponse pour l’instant.";
pub const MY_RESPONSE_TITLE: &str = "Votre réponse";
pub const RESPONSE_ACCEPT: &str = "Accepter";
pub const RESPONSE_DECLINE: &str = "Décliner";
pub const RESPONSE_AND_IN_PROGRESS: &str = "Passer aussi l’annonce « en cours »";
pub const THREAD_SEND: &str = "Envoyer";
pub const THREAD_MESSAGE: &str = "Nouveau message";
pub const CONTACT_TITLE: &str = "Coordonnées";
pub const CONTACT_EMAIL: &str = "E-mail";
pub const CONTACT_PHONE: &str = "Téléphone";
pub const ERR_MESSAGE: &str = "Le message doit compter de 2 à 2 000 caractères.";
pub const ERR_RESPONSE_OWN_POST: &str = "Vous ne pouvez pas répondre à votre propre annonce.";
pub const ERR_RESPONSE_TWICE: &str = "Vous avez déjà répondu à cette annonce : poursuivez l’échange dans votre fil de discussion.";
pub const ERR_RESPONSE_NOT_FOUND: &str = "Cette réponse n’existe pas.";
pub const ERR_RESPONSE_DECIDED: &str = "Cette réponse a déjà été acceptée ou déclinée.";
pub const ERR_RESPONSE_CLOSED: &str = "Cet échange est clos.";

// Matching
pub const MATCHES_TITLE_FOR_NEED: &str = "Ressources qui correspondent";
pub const MATCHES_TITLE_FOR_OFFER: &str = "Besoins qui correspondent";
/// « 3 ressources correspondent » / « 1 besoin correspond ».
pub fn matches_count(n: i64, offers: bool) -> String {
    match (n, offers) {
        (1, true) => "1 ressource correspond, à moins de 30 km".into(),
        (n, true) => format!("{n} ressources correspondent, à moins de 30 km"),
        (1, false) => "1 besoin correspond, à moins de 30 km".into(),
        (n, false) => format!("{n} besoins correspondent, à moins de 30 km"),
    }
}

/// On a card: « 3 ressources correspondent » (capped at 10: « 10 ressources ou plus… »).
pub fn matches_short(n: i64, offers: bool) -> String {
    let what = if offers { "ressource" } else { "besoin" };
    match n {
        1 => format!("1 {what} correspond"),
        n if n >= crate::model::MATCH_COUNT_CAP => format!("{n} {what}s ou plus correspondent"),
        n => format!("{n} {what}s correspondent"),
    }
}

// Volunteering
pub const VOLUNTEER_TITLE: &str = "Bénévolat";
pub const VOLUNTEER_INTRO: &str = "Des missions ponctuelles proposées par les structures du territoire : inscrivez-vous, l’équipe vous attend.";
pub const VOLUNTEER_NONE: &str = "Aucune mission à venir pour l’instant.";
pub const VOLUNTEER_MINE: &str = "Mes prochaines missions";
pub const VOLUNTEER_UPCOMING: &str = "Missions à venir";
pub const VOLUNTEER_JOIN: &str = "Je m’inscris";
pub const VOLUNTEER_LEAVE: &str = "Me désinscrire";
pub const VOLUNTEER_SIGNED_UP: &str = "Vous êtes inscrit·e à cette mission.";
pub const VOLUNTEER_LIST: &str = "Bénévoles inscrits";
pub const VOLUNTEER_LOGIN: &str = "Connectez-vous pour vous inscrire.";
pub const ERR_NOT_A_MISSION: &str = "Cette annonce n’est pas une mission de bénévolat.";
pub const ERR_MISSION_FULL: &str = "Cette mission est complète.";
pub const ERR_ALREADY_SIGNED_UP: &str = "Vous êtes déjà inscrit·e à cette mission.";

// Reports
pub const REPORT_TITLE: &str = "Signaler un problème";
pub const REPORT_REASON: &str = "Ce qui ne va pas *";
pub const REPORT_REASON_HINT: &str = "De 10 à 1 000 caractères. L’équipe de coordination du territoire examinera votre signalement.";
pub const REPORT_SUBMIT: &str = "Envoyer le signalement";
pub const REPORT_DONE: &str = "Merci, votre signalement a été transmis à la coordination.";
pub const ERR_REPORT_REASON: &str = "Expliquez le problème en 10 à 1 000 caractères.";
pub const ERR_REPORT_TARGET: &str = "Ce que vous signalez n’existe pas ou n’est plus en ligne.";

// « Mes échanges » and notifications
pub const EXCHANGES_TITLE: &str = "Mes échanges";
pub const EXCHANGES_NOTIFICATIONS: &str = "Nouveautés";
pub const EXCHANGES_NOTIFICATIONS_NONE: &str = "Rien de nouveau.";
pub const EXCHANGES_READ_ALL: &str = "Tout marquer comme lu";
pub const EXCHANGES_MY_POSTS: &str = "Mes annonces";
pub const EXCHANGES_MY_POSTS_NONE: &str = "Vous n’avez publié aucune annonce.";
pub const EXCHANGES_MY_RESPONSES: &str = "Mes réponses";
pub const EXCHANGES_MY_RESPONSES_NONE: &str = "Vous n’avez répondu à aucune annonce.";
pub const NEW_BADGE: &str = "nouveau";
pub const NOTIF_RESPONSE: &str = "Nouvelle réponse à votre annonce";
pub const NOTIF_RESPONSE_ACCEPTED: &str = "Votre réponse a été acceptée";
pub const NOTIF_RESPONSE_DECLINED: &str = "Votre réponse a été déclinée";
pub const NOTIF_MESSAGE: &str = "Nouveau message";
pub const NOTIF_EXPIRY_SOON: &str = "Votre annonce expire dans moins de 7 jours";
pub const NOTIF_EXPIRED: &str = "Votre annonce a expiré";
pub const NOTIF_VOLUNTEER: &str = "Nouvelle inscription à votre mission";

/// « 3 réponses en attente ».
pub fn pending_responses(n: i64) -> String {
    if n <= 1 { format!("{n} réponse en attente") } else { format!("{n} réponses en attente") }
}

/// « 2 nouveautés » for screen readers beside the badge.
pub fn unread(n: i64) -> String {
    if n <= 1 { format!("{n} nouveauté") } else { format!("{n} nouveautés") }
}

