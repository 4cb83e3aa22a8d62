//! Posts: kinds, statuses and urgencies, the publish and edit forms, managing a post,
//! and a post's own page.

// Posts
pub const KIND_NEED: &str = "Besoin";
pub const KIND_OFFER: &str = "Ressource";
pub const STATUS_DRAFT: &str = "Brouillon";
pub const STATUS_PUBLISHED: &str = "Publié";
pub const STATUS_IN_PROGRESS: &str = "En cours";
pub const STATUS_FULFILLED: &str = "Pourvu";
pub const STATUS_EXPIRED: &str = "Expiré";
pub const STATUS_ARCHIVED: &str = "Archivé";
pub const URGENCY_LOW: &str = "Pas pressé";
pub const URGENCY_NORMAL: &str = "Normal";
pub const URGENCY_HIGH: &str = "Urgent";
pub const BY_INDIVIDUAL: &str = "Un particulier";
pub const PUBLISHED_ON: &str = "Publié le";

// Publishing a need or an offer
pub const PUBLISH_TITLE: &str = "Publier un besoin ou une ressource";
pub const EDIT_POST_TITLE: &str = "Modifier l’annonce";
pub const PUBLISH_INTRO: &str = "Les champs marqués d’un astérisque sont obligatoires. Une annonce reste en ligne 60 jours, sauf date choisie ; un rappel vous est envoyé une semaine avant.";
pub const PUBLISH_LINK: &str = "Publier une annonce";
pub const PUBLISH_AS: &str = "Publier au nom de *";
pub const PUBLISH_AS_HINT: &str = "Un particulier peut proposer une ressource ou une compétence ; les besoins sont publiés par les structures.";
pub const PUBLISH_AS_MYSELF: &str = "À titre personnel (seule la commune sera affichée)";
pub const FIELD_POST_KIND: &str = "Type d’annonce *";
pub const FIELD_POST_CATEGORY: &str = "Catégorie *";
pub const FIELD_POST_TITLE: &str = "Titre *";
pub const FIELD_POST_TITLE_HINT: &str = "De 5 à 120 caractères : ce qui est cherché ou proposé, en quelques mots.";
pub const FIELD_POST_DESCRIPTION: &str = "Description *";
pub const FIELD_POST_DESCRIPTION_HINT: &str = "De 10 à 5 000 caractères : quoi, quand, dans quelles conditions.";
pub const FIELD_POST_QUANTITY: &str = "Quantité";
pub const FIELD_POST_QUANTITY_HINT: &str = "Par exemple « 2 tables », « une demi-journée ».";
pub const FIELD_STARTS_ON: &str = "À partir du";
pub const FIELD_ENDS_ON: &str = "Jusqu’au";
pub const FIELD_PERIOD_HINT: &str = "Laissez vide pour une annonce sans date. Pour une mission de bénévolat, la date de début est obligatoire.";
pub const FIELD_MISSION_TIME: &str = "Heure de début (mission de bénévolat)";
pub const FIELD_VOLUNTEERS_NEEDED: &str = "Nombre de bénévoles recherchés (mission de bénévolat)";
pub const FIELD_POST_COMMUNE: &str = "Lieu : commune ou code postal";
pub const FIELD_POST_COMMUNE_HINT: &str = "Vide : l’adresse de la structure. Pour une annonce personnelle, seule la commune est publiée, jamais votre adresse.";
pub const FIELD_URGENCY: &str = "Urgence";
pub const FIELD_EXPIRES_ON: &str = "Annonce valable jusqu’au";
pub const FIELD_EXPIRES_ON_HINT: &str = "Vide : dans 60 jours. Au plus dans un an.";
pub const PUBLISH_SUBMIT: &str = "Publier";
pub const SAVE_SUBMIT: &str = "Enregistrer les modifications";
pub const DRAFT_SUBMIT: &str = "Enregistrer comme brouillon";
pub const PUBLISH_NEED_STRUCTURE: &str = "Pour publier un besoin, rejoignez ou déclarez d’abord votre structure dans « Mes structures ».";
pub const SIMILAR_TITLE: &str = "Déjà proposé près de chez vous";
pub const ERR_POST_AUTHOR: &str = "Choisissez une structure dont vous êtes membre, ou « à titre personnel ».";
pub const ERR_POST_KIND: &str = "Choisissez « besoin » ou « ressource ».";
pub const ERR_POST_NEED_AS_MYSELF: &str = "À titre personnel, vous pouvez proposer une ressource ; un besoin se publie au nom d’une structure.";
pub const ERR_POST_CATEGORY: &str = "Choisissez une catégorie dans la liste.";
pub const ERR_POST_TITLE: &str = "Le titre doit compter de 5 à 120 caractères.";
pub const ERR_POST_DESCRIPTION: &str = "La description doit compter de 10 à 5 000 caractères.";
pub const ERR_POST_QUANTITY: &str = "La quantité ne doit pas dépasser 100 caractères.";
pub const ERR_DATE: &str = "Date invalide : utilisez le format jj/mm/aaaa.";
pub const ERR_TIME: &str = "Heure invalide : utilisez le format hh:mm.";
pub const ERR_POST_PERIOD: &str = "La date de fin doit suivre la date de début.";
pub const ERR_POST_PERIOD_PAST: &str = "La date de fin est déjà passée.";
pub const ERR_POST_VOLUNTEERS: &str = "Indiquez un nombre de bénévoles entre 1 et 500.";
pub const ERR_MISSION_DATE: &str = "Une mission de bénévolat a une date : indiquez le jour où elle commence.";
pub const ERR_POST_COMMUNE_AS_MYSELF: &str = "Indiquez votre commune : seule elle sera affichée.";
pub const ERR_POST_URGENCY: &str = "Choisissez un niveau d’urgence dans la liste.";
pub const ERR_POST_EXPIRY: &str = "La date de fin de validité doit être dans le futur, au plus dans un an.";
pub const ERR_POST_NOT_FOUND: &str = "Cette annonce n’existe pas ou n’est plus en ligne.";
pub const ERR_POST_CLOSED: &str = "Cette annonce est close : elle ne peut plus être modifiée ni recevoir de réponse.";
pub const ERR_POST_STATUS: &str = "Ce changement d’état n’est pas possible pour cette annonce.";

/// « 3 structures proposent déjà un véhicule à moins de 10 km ».
pub fn similar_nearby(total: i64, offers: bool, category: &str, km: i64) -> String {
    let category = category.to_lowercase();
    match (total, offers) {
        (1, true) => format!("1 annonce propose déjà « {category} » à moins de {km} km :"),
        (n, true) => format!("{n} annonces proposent déjà « {category} » à moins de {km} km :"),
        (1, false) => format!("1 annonce cherche déjà « {category} » à moins de {km} km :"),
        (n, false) => format!("{n} annonces cherchent déjà « {category} » à moins de {km} km :"),
    }
}

// Managing a post
pub const MANAGE_TITLE: &str = "Gérer l’annonce";
pub const MANAGE_EDIT: &str = "Modifier";
pub const MANAGE_PUBLISH: &str = "Publier le brouillon";
pub const MANAGE_FULFILLED: &str = "Marquer comme pourvu";
pub const MANAGE_IN_PROGRESS: &str = "Passer « en cours »";
pub const MANAGE_REOPEN: &str = "Remettre en ligne";
pub const MANAGE_ARCHIVE: &str = "Archiver";
pub const DRAFT_NOTICE: &str = "Brouillon : cette annonce n’est visible que par vous et votre structure.";

// A post's page
pub const BACK_TO_SHARE: &str = "← Tous les besoins et ressources";
pub const POST_QUANTITY: &str = "Quantité";
pub const POST_PERIOD: &str = "Période";
pub const POST_TIME: &str = "Heure";
pub const POST_VOLUNTEERS: &str = "Bénévoles";
pub const POST_PLACE: &str = "Lieu";
pub const POST_EXPIRES: &str = "Annonce valable jusqu’au";
pub const PERIOD_ONGOING: &str = "En continu";
pub const PERIOD_FROM: &str = "Du";
pub const PERIOD_TO: &str = "au";
pub const PERIOD_UNTIL: &str = "Jusqu’au";

/// « 3 places sur 8 encore libres » / « Complet (8 inscrits) ».
pub fn volunteers_left(needed: i64, signed: i64) -> String {
    let left = (needed - signed).max(0);
    if left == 0 { format!("Complet ({signed} inscrits)") } else { format!("{left} place(s) libre(s) sur {needed}") }
}
