//! The coordination space: validation queue, audit log, dashboard, moderation, « mise en
//! relation », imports, settings and territories.

use super::dates::date_fr;
use super::structures::QUEUE_STALE;
use crate::model::time::paris_date;

// Validation queue (coordination)
pub const VALIDATION_TITLE: &str = "Structures à valider";
pub const VALIDATION_INTRO: &str = "Les structures déclarées sur votre territoire. Vérifiez qu’elles existent et ne font pas doublon avant de les publier dans l’annuaire.";
pub const VALIDATION_NONE: &str = "Aucune structure n’attend de validation.";
pub const VALIDATION_ACCEPT: &str = "Valider";
pub const VALIDATION_REJECT: &str = "Refuser";
pub const VALIDATION_REASON: &str = "Motif du refus (envoyé au déclarant)";
pub const VALIDATION_DECLARED_BY: &str = "Déclarée par";
pub const ERR_REASON_REQUIRED: &str = "Indiquez le motif du refus (500 caractères au plus) : il est envoyé au déclarant.";

// Audit log (admins)
pub const AUDIT_TITLE: &str = "Journal des actions sensibles";
pub const AUDIT_INTRO: &str = "Changements de rôle, modération, suppressions, connexions bloquées : qui a fait quoi, et quand. Ni adresse IP ni contenu de message.";
pub const AUDIT_NONE: &str = "Le journal est vide.";
pub const AUDIT_WHEN: &str = "Date";
pub const AUDIT_WHO: &str = "Par";
pub const AUDIT_WHAT: &str = "Action";
pub const AUDIT_TARGET: &str = "Objet";
pub const AUDIT_SYSTEM: &str = "le système";
pub const AUDIT_OLDER: &str = "Plus anciennes";
pub const DELETED_ACCOUNT: &str = "Compte supprimé";
pub const COORDINATION_INTRO: &str = "L’espace des coordinateurs de territoire et de réseau.";
pub const COORDINATION_ADMINS_ONLY: &str = "(administrateurs de l’instance)";

// Espace coordination: dashboard, list, « mise en relation », moderation
pub const NOTIF_CONNECTION: &str = "Les coordinateurs vous mettent en relation";
pub const NOTIF_POST_HIDDEN: &str = "Votre annonce a été masquée par la modération";
pub const NOTIF_POST_RESTORED: &str = "Votre annonce est de nouveau visible";
pub const MODERATION_REASON_SHOWN: &str = "motif :";
pub const MAIL_MODERATION_SUBJECT: &str = "Votre fiche sur Coin du partage";
pub const COORD_SCOPE_INSTANCE: &str = "Toute l’instance";
pub const COORD_SCOPE_LABEL: &str = "Territoire ou réseau";
pub const COORD_SCOPE_SHOW: &str = "Afficher";
pub const COORD_NOT_COORDINATOR: &str = "Cet espace est réservé aux coordinateurs d’un territoire ou d’un réseau.";
pub const ERR_CONNECT_NEED: &str = "Seul un besoin ouvert et visible peut être mis en relation.";
pub const ERR_CONNECT_OFFER: &str = "Cette ressource n’est plus ouverte : choisissez-en une autre.";
pub const ERR_MODERATION_REASON: &str = "Indiquez un motif de 5 à 1 000 caractères : il est envoyé à l’auteur.";
pub const ERR_MERGE: &str = "Fusion impossible : la nouvelle fiche doit attendre sa validation et l’autre être validée.";
pub const ERR_BAN: &str = "Ce compte ne peut pas être suspendu (déjà suspendu, supprimé, ou administrateur).";
pub const DUPLICATE_SAME_RNA: &str = "même numéro RNA";
pub const DUPLICATE_SAME_SIRET: &str = "même SIRET";

/// « à 40 m, nom proche »
pub fn duplicate_near(meters: f64) -> String {
    format!("à {} m, nom proche", meters.round() as i64)
}

pub const DASHBOARD_TITLE: &str = "Tableau de bord";
pub const DASHBOARD_INTRO: &str = "Les besoins et les ressources du territoire, ce qui reste sans réponse et ce qui a abouti. Chaque chiffre mène à la liste des annonces qu’il compte.";
pub const DASHBOARD_OPEN_NEEDS: &str = "Besoins ouverts";
pub const DASHBOARD_OPEN_OFFERS: &str = "Ressources ouvertes";
pub const DASHBOARD_FULFILLED: &str = "Besoins pourvus ce mois-ci";
pub const DASHBOARD_MEDIAN: &str = "Délai médian avant la première réponse";
pub const DASHBOARD_ACTIVE: &str = "Structures actives (90 derniers jours)";
pub const DASHBOARD_QUEUE: &str = "À traiter en modération";
pub const DASHBOARD_BY_CATEGORY: &str = "Annonces ouvertes par catégorie";
pub const DASHBOARD_BY_COMMUNE: &str = "Communes les plus actives";
pub const DASHBOARD_TREND: &str = "Annonces publiées ces 12 derniers mois";
pub const DASHBOARD_UNMET: &str = "Besoins sans réponse depuis 7 jours et plus";
pub const DASHBOARD_UNMET_NONE: &str = "Aucun besoin n’attend depuis plus de 7 jours : bravo !";
pub const DASHBOARD_CONNECT: &str = "Relier à une ressource";
pub const DASHBOARD_NEEDS: &str = "Besoins";
pub const DASHBOARD_OFFERS: &str = "Ressources";
pub const DASHBOARD_CATEGORY: &str = "Catégorie";
pub const DASHBOARD_COMMUNE: &str = "Commune";
pub const DASHBOARD_MONTH: &str = "Mois";
pub const DASHBOARD_TABLE_NOTE: &str = "Les mêmes chiffres en tableau :";
pub const DASHBOARD_NO_POSTS: &str = "Aucune annonce ouverte pour le moment.";
pub const DASHBOARD_SEE_LIST: &str = "Voir les annonces";

/// « Sans réponse depuis 7 jours »
pub fn unanswered_since(days: i64) -> String {
    format!("Besoins sans réponse depuis {days} jours")
}

/// « 3 h », « 2,5 jours » — a duration in hours, readable.
pub fn hours_readable(h: f64) -> String {
    if h < 48.0 {
        format!("{} h", format!("{:.1}", h).replace('.', ",").trim_end_matches(",0"))
    } else {
        format!("{} jours", format!("{:.1}", h / 24.0).replace('.', ",").trim_end_matches(",0"))
    }
}

/// « sur 12 annonces ayant reçu une réponse »
pub fn median_sample(n: i64) -> String {
    if n <= 1 { format!("sur {n} annonce ayant reçu une réponse") } else { format!("sur {n} annonces ayant reçu une réponse") }
}

/// « depuis le 3 mars 2026 »
pub fn waiting_since(date: chrono::DateTime<chrono::Utc>) -> String {
    format!("la plus ancienne attend depuis le {}", date_fr(paris_date(date)))
}

pub const COORD_POSTS_TITLE: &str = "Annonces du territoire";
pub const COORD_POSTS_NONE: &str = "Aucune annonce ne correspond à ces critères.";
pub const COORD_STATE: &str = "État";
pub const COORD_STATE_OPEN: &str = "Ouvertes";
pub const COORD_STATE_FULFILLED: &str = "Besoins pourvus ce mois-ci";
pub const COORD_STATE_ALL: &str = "Toutes (hors brouillons)";
pub const COORD_FILTER: &str = "Filtrer";
pub const COORD_EXPORT_CSV: &str = "Exporter ces annonces (CSV)";
pub const COORD_COL_TITLE: &str = "Annonce";
pub const COORD_COL_PUBLISHED: &str = "Publiée le";
pub const COORD_COL_RESPONSES: &str = "Réponses";
pub const COORD_COL_STATUS: &str = "État";
pub const COORD_COL_WHO: &str = "Structure";
pub const COORD_INDIVIDUAL: &str = "Particulier";
pub const COORD_HIDDEN: &str = "masquée";
pub const COORD_MONTH_FILTER: &str = "publiées en";
pub const COORD_ALL_MONTHS: &str = "Tous les mois";

pub const CONNECT_TITLE: &str = "Mise en relation";
pub const CONNECT_INTRO: &str = "Les ressources ouvertes de la même catégorie à moins de 30 km, les plus proches d’abord. En reliant une ressource à ce besoin, vous prévenez leurs deux auteurs dans l’application.";
pub const CONNECT_NONE: &str = "Aucune ressource ouverte ne correspond à moins de 30 km.";
pub const CONNECT_BUTTON: &str = "Mettre en relation";
pub const CONNECT_DONE: &str = "Mis en relation";
pub const CONNECT_OK: &str = "Les deux parties ont été prévenues.";

/// « 2 réponses reçues »
pub fn responses_received(n: i64) -> String {
    match n {
        0 => "Aucune réponse reçue".into(),
        1 => "1 réponse reçue".into(),
        n => format!("{n} réponses reçues"),
    }
}

pub const MODERATION_TITLE: &str = "Modération";
pub const MODERATION_INTRO: &str = "Les nouvelles structures à valider, les annonces et fiches signalées, et ce qui a été masqué. Chaque action est inscrite au journal.";
pub const MODERATION_EMPTY: &str = "Rien n’attend : la file est vide.";
pub const MODERATION_PENDING: &str = "Nouvelles structures";
pub const MODERATION_REPORTED: &str = "Signalements";
pub const MODERATION_HIDDEN: &str = "Annonces masquées";
pub const MODERATION_HIDDEN_NONE: &str = "Aucune annonce masquée.";
pub const MODERATION_REASONS: &str = "Motifs des signalements";
pub const MODERATION_WHY: &str = "Pourquoi ici :";
pub const MODERATION_DUPLICATES: &str = "Doublons possibles";
pub const MODERATION_MERGE: &str = "Fusionner avec cette fiche";
pub const MODERATION_HIDE: &str = "Masquer l’annonce";
pub const MODERATION_RESTORE: &str = "Rétablir";
pub const MODERATION_DISMISS: &str = "Classer sans suite";
pub const MODERATION_ARCHIVE: &str = "Retirer la fiche de l’annuaire";
pub const MODERATION_BAN: &str = "Suspendre le compte de l’auteur";
pub const MODERATION_REASON_LABEL: &str = "Motif (envoyé à l’auteur)";
pub const MODERATION_BAN_REASON: &str = "Motif de la suspension (inscrit au journal)";
pub const MODERATION_BY: &str = "Auteur :";
pub const MODERATION_SLA_NONE: &str = "Aucun élément en attente.";
pub const QUEUE_NEW: &str = "nouvelle structure";
pub const QUEUE_REPORTED: &str = "signalement";
pub const QUEUE_DUPLICATE: &str = "doublon possible";
pub const QUEUE_LOCATION: &str = "localisation douteuse";
pub const QUEUE_LATE: &str = "en attente depuis plus de 7 jours";

pub fn queue_reason(r: crate::model::QueueReason) -> &'static str {
    use crate::model::QueueReason::*;
    match r {
        New => QUEUE_NEW,
        Reported => QUEUE_REPORTED,
        PossibleDuplicate => QUEUE_DUPLICATE,
        LocationDoubtful => QUEUE_LOCATION,
        WaitingTooLong => QUEUE_LATE,
        Stale => QUEUE_STALE,
    }
}

/// « 3 éléments en attente »
pub fn queue_count(n: i64) -> String {
    if n <= 1 { format!("{n} élément en attente") } else { format!("{n} éléments en attente") }
}

// Import of structures (CSV)
pub const IMPORT_TITLE: &str = "Importer des structures (CSV)";
pub const IMPORT_INTRO: &str = "Un fichier CSV (séparateur « ; » ou « , », UTF-8) avec une ligne d’en-tête. Colonnes lues : nom, type, commune (obligatoires), description, adresse, email, téléphone, site web, RNA, SIRET. Les structures importées sont validées et rejoignent le territoire choisi. Rien n’est enregistré tant que vous n’avez pas confirmé un fichier sans erreur.";
pub const IMPORT_FILE: &str = "Fichier CSV";
pub const IMPORT_TEXT: &str = "Contenu du fichier (ou collez-le ici)";
pub const IMPORT_TEXT_HINT: &str = "1 Mo et 5 000 lignes au plus. Types acceptés : association, coopérative, tiers-lieu, centre social, espace de vie sociale, collectif, collectivité, entreprise de l’ESS.";
pub const IMPORT_PREVIEW: &str = "Vérifier le fichier";
pub const IMPORT_CONFIRM: &str = "Importer ces structures";
pub const IMPORT_LINE: &str = "Ligne";
pub const IMPORT_NAME: &str = "Nom";
pub const IMPORT_KIND: &str = "Type";
pub const IMPORT_COMMUNE: &str = "Commune";
pub const IMPORT_PROBLEMS: &str = "Problèmes";
pub const IMPORT_OK: &str = "valide";
pub const IMPORT_IGNORED: &str = "Colonnes non lues :";
pub const IMPORT_PROGRESS: &str = "Import en cours";
pub const IMPORT_REFRESH: &str = "Actualiser";
pub const ERR_IMPORT_TOO_BIG: &str = "Le fichier dépasse 1 Mo : découpez-le en plusieurs fichiers.";
pub const ERR_IMPORT_TOO_MANY: &str = "Le fichier dépasse 5 000 lignes : découpez-le en plusieurs fichiers.";
pub const ERR_IMPORT_EMPTY: &str = "Le fichier ne contient aucune ligne de structure après l’en-tête.";
pub const ERR_IMPORT_UNREADABLE: &str = "Ce fichier ne se lit pas comme un CSV : enregistrez-le au format « CSV UTF-8 ».";
pub const ERR_IMPORT_REPEATED_NAME: &str = "nom : cette structure apparaît déjà plus haut dans le fichier (même nom, même commune)";
pub const ERR_IMPORT_FAILED: &str = "L’import n’a pas pu aller au bout : rien n’a été enregistré. Réessayez dans un moment.";
pub const ERR_IMPORT_UNKNOWN: &str = "Cet import est inconnu ou terminé depuis plus d’une heure.";

pub fn import_missing_columns(missing: &[&str]) -> String {
    format!("Colonnes obligatoires absentes de l’en-tête : {}.", missing.join(", "))
}

pub fn import_unreadable_line(line: usize) -> String {
    format!("La ligne {line} ne se lit pas (guillemets mal fermés ?) : corrigez-la puis recommencez.")
}

pub fn import_repeated(id: &str) -> String {
    format!("RNA/SIRET : {id} apparaît déjà plus haut dans le fichier")
}

pub fn import_known(name: &str) -> String {
    format!("doublon : « {name} » existe déjà (même RNA, SIRET, ou même nom dans la commune)")
}

pub fn import_refused(invalid: usize) -> String {
    if invalid == 1 {
        "1 ligne est en erreur : rien n’a été importé. Corrigez-la puis vérifiez le fichier à nouveau.".into()
    } else {
        format!("{invalid} lignes sont en erreur : rien n’a été importé. Corrigez-les puis vérifiez le fichier à nouveau.")
    }
}

/// « 12 structures prêtes à importer, 2 lignes en erreur »
pub fn import_summary(valid: usize, invalid: usize) -> String {
    let v = if valid == 1 { "1 structure prête à importer".to_string() } else { format!("{valid} structures prêtes à importer") };
    match invalid {
        0 => format!("{v}, aucune erreur."),
        1 => format!("{v}, 1 ligne en erreur : corrigez-la, rien ne sera importé avant."),
        n => format!("{v}, {n} lignes en erreur : corrigez-les, rien ne sera importé avant."),
    }
}

pub fn import_done(n: usize) -> String {
    if n == 1 { "Import terminé : 1 structure ajoutée à l’annuaire.".into() } else { format!("Import terminé : {n} structures ajoutées à l’annuaire.") }
}

pub fn import_progress(done: usize, total: usize) -> String {
    format!("{done} / {total} structures enregistrées…")
}
pub const ERR_BODY_TOO_LARGE: &str = "Requête trop volumineuse.";
pub const COORD_EXPORT_GEOJSON: &str = "Exporter ces annonces (GeoJSON)";
pub const COORD_EXPORTS: &str = "Exports et import";
pub const COORD_EXPORTS_NOTE: &str = "Fichiers CSV en UTF-8 avec BOM (Excel affiche les accents). Ni coordonnées de particuliers ni contenu de messages.";
pub const COORD_EXPORT_STRUCTURES_CSV: &str = "Structures du territoire (CSV)";
pub const COORD_EXPORT_STRUCTURES_GEOJSON: &str = "Structures du territoire (GeoJSON)";
pub const COORD_EXPORT_STRUCTURES_INCLUSION: &str = "Structures au format data.inclusion (JSON)";
pub const COORD_EXPORT_POSTS_CSV: &str = "Annonces ouvertes avec leurs réponses (CSV)";

// Settings and territories
pub const ERR_LABEL_NAME: &str = "Indiquez un nom de 2 à 60 caractères, sur une ligne.";
pub const ERR_LABEL_TAKEN: &str = "Ce nom existe déjà (ou s’écrit de la même façon sans accents).";
pub const ERR_LABEL_MERGE: &str = "Choisissez deux éléments différents de la liste.";
pub const ERR_TEXT_TOO_LONG: &str = "Ce texte dépasse 20 000 caractères.";
pub const ERR_MAP_VIEW: &str = "Latitude entre -85 et 85, longitude entre -180 et 180, zoom entre 2 et 18.";
pub const ERR_TERRITORY_NAME: &str = "Indiquez un nom de 2 à 120 caractères.";
pub const ERR_TERRITORY_DESCRIPTION: &str = "La présentation dépasse 2 000 caractères.";
pub const ERR_DEPARTEMENT_UNKNOWN: &str = "Département inconnu : indiquez son code (30, 2A, 974…).";
pub const ERR_MEMBER_NOT_FOUND: &str = "Aucune structure validée de ce nom : recopiez son nom exact ou l’adresse de sa fiche.";
pub const ERR_USER_NOT_FOUND: &str = "Aucun compte actif avec cette adresse e-mail.";
pub const SETTINGS_TITLE: &str = "Réglages de l’instance";
pub const SETTINGS_CATEGORIES: &str = "Catégories d’annonces";
pub const SETTINGS_THEMES: &str = "Thématiques des structures";
pub const SETTINGS_TEXTS: &str = "Textes de l’instance";
pub const SETTINGS_TEXTS_HINT: &str = "Texte simple, un paragraphe par ligne vide. Laissez vide pour garder le texte fourni avec Coin du partage.";
pub const SETTINGS_MAP: &str = "Vue par défaut de la carte";
pub const SETTINGS_SAVE: &str = "Enregistrer";
pub const SETTINGS_NAME: &str = "Nom";
pub const SETTINGS_RENAME: &str = "Renommer";
pub const SETTINGS_UP: &str = "Monter";
pub const SETTINGS_DOWN: &str = "Descendre";
pub const SETTINGS_MERGE_INTO: &str = "Fusionner dans";
pub const SETTINGS_MERGE: &str = "Fusionner";
pub const SETTINGS_ADD: &str = "Nouvel élément";
pub const SETTINGS_ADD_BUTTON: &str = "Ajouter";
pub const TERRITORIES_TITLE: &str = "Territoires et réseaux";
pub const TERRITORIES_NEW: &str = "Nouveau territoire ou réseau";
pub const TERRITORIES_CREATE: &str = "Créer";
pub const TERRITORIES_DESCRIPTION: &str = "Présentation";
pub const TERRITORIES_REMOVE: &str = "Retirer";
pub const TERRITORIES_ADD_COMMUNE: &str = "Ajouter une commune (nom ou code postal)";
pub const TERRITORIES_ADD_DEPARTEMENT: &str = "Ajouter toutes les communes d’un département (code)";
pub const TERRITORIES_MEMBERS: &str = "Structures membres";
pub const TERRITORIES_ADD_MEMBER: &str = "Ajouter une structure (nom exact)";
pub const TERRITORIES_COORDINATORS: &str = "Coordination";
pub const TERRITORIES_ADD_COORDINATOR: &str = "Nommer un coordinateur (adresse e-mail de son compte)";
pub const ABOUT_TITLE: &str = "À propos";
pub const ABOUT_DEFAULT: &str = "Coin du partage met en relation les associations, coopératives, tiers-lieux, centres sociaux et habitants d’un territoire : chacun publie ce dont il a besoin et ce qu’il peut prêter ou donner.";
pub const CHARTER_TITLE: &str = "Charte de la communauté";
pub const CHARTER_DEFAULT: &str = "On partage sans contrepartie commerciale, on répond avec bienveillance, on respecte les données de chacun. Les annonces qui ne respectent pas ces principes peuvent être masquées par la coordination.";

/// « utilisée par 12 annonces »
pub fn label_used(n: i64, category: bool) -> String {
    let what = if category { if n == 1 { "annonce" } else { "annonces" } } else if n == 1 { "structure" } else { "structures" };
    format!("{n} {what}")
}

/// « 34 communes »
pub fn territory_communes(n: i64) -> String {
    if n <= 1 { format!("{n} commune") } else { format!("{n} communes") }
}

/// « Chiffres du 2 décembre 2026 à 06:01 (recalculés au plus toutes les minutes) »
pub fn figures_as_of(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = crate::model::time::paris_local(at);
    format!("Chiffres du {} à {} (recalculés au plus toutes les minutes).", date_fr(local.date()), local.format("%H:%M"))
}

// Territories: what coordinators may change alone (issue 15), network invitations, the
// admins' review of coordinators' additions.
pub const ERR_COMMUNES_ADMINS_ONLY: &str = "Seuls les admins de l’instance modifient les communes d’un territoire.";
pub const ERR_NETWORK_INVITATION_GONE: &str = "Cette invitation n’existe plus : elle a déjà reçu une réponse ou a été retirée.";
pub const NOTIF_NETWORK_INVITATION: &str = "Un réseau invite votre structure à le rejoindre";
pub const TERRITORIES_INVITED: &str = "invitation envoyée";
pub const TERRITORIES_INVITE_MEMBER: &str = "Inviter une structure (nom exact) : ses responsables acceptent ou refusent";
pub const TERRITORIES_COMMUNES_BY_ADMINS: &str = "Les communes du territoire sont fixées par les admins de l’instance.";
pub const NETWORK_INVITATIONS_TITLE: &str = "Invitations à rejoindre un réseau";
pub const NETWORK_INVITATIONS_INTRO: &str = "Les coordinateurs d’un territoire ou d’un réseau invitent votre structure. En acceptant, ils pourront la modérer, la mettre en relation et exporter sa fiche avec ses coordonnées.";
pub const NETWORK_INVITATION_ACCEPT: &str = "Accepter";
pub const NETWORK_INVITATION_DECLINE: &str = "Refuser";
pub const NETWORK_INVITATION_ANSWER: &str = "Répondre";
pub const REVIEW_TITLE: &str = "Ajouts des coordinateurs à revoir";
pub const REVIEW_INTRO: &str = "Communes et structures membres que des coordinateurs ont ajoutées à leurs territoires (d’après le journal). Désormais, seuls les admins changent les communes, et une structure rejoint un réseau quand ses responsables acceptent.";
pub const REVIEW_NONE: &str = "Aucun ajout de coordinateur.";
pub const REVIEW_PENDING: &str = "Invitations en attente de réponse";
pub const REVIEW_PENDING_NONE: &str = "Aucune invitation en attente.";
pub const REVIEW_ADDITIONS: &str = "Ajouts";
pub const REVIEW_TERRITORY: &str = "Territoire";
pub const REVIEW_ADDED: &str = "Ajout";
pub const REVIEW_STILL_MEMBER: &str = "toujours membre";
pub const REVIEW_NO_LONGER_MEMBER: &str = "n’est plus membre";
pub const REVIEW_DELETED_STRUCTURE: &str = "structure supprimée";
pub const REVIEW_DELETED_TERRITORY: &str = "territoire supprimé";

/// « Nîmes n’est pas une commune de « Pays d’Uzès » : … »
pub fn import_outside_territory(commune: &str, territory: &str) -> String {
    format!("commune : {commune} n’est pas une commune de « {territory} » ; seuls les admins de l’instance importent des structures d’ailleurs.")
}

/// « commune « Nîmes » (1 commune ajoutée) »
pub fn review_commune(value: &str, changed: i64) -> String {
    format!("commune « {value} »{}", if changed > 1 { format!(" ({changed} communes ajoutées)") } else { String::new() })
}

/// « département 2A (124 communes ajoutées) »
pub fn review_departement(code: &str, changed: i64) -> String {
    format!("département {code} ({changed} commune{} ajoutée{})", if changed > 1 { "s" } else { "" }, if changed > 1 { "s" } else { "" })
}

/// « Invité par Claire, le 3 décembre 2026 »
pub fn network_invited_by(who: Option<&str>, on: chrono::NaiveDate) -> String {
    match who {
        Some(w) => format!("Invitation de {w}, le {}", date_fr(on)),
        None => format!("Invitation du {}", date_fr(on)),
    }
}
