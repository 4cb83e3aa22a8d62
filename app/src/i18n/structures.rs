//! Structures: their kinds, memberships, profile form, the directory and structure
//! pages, and the yearly freshness reminders.

// Structure kinds
pub const SK_ASSOCIATION: &str = "Association";
pub const SK_COOPERATIVE: &str = "Coopérative";
pub const SK_TIERS_LIEU: &str = "Tiers-lieu";
pub const SK_CENTRE_SOCIAL: &str = "Centre social";
pub const SK_EVS: &str = "Espace de vie sociale";
pub const SK_COLLECTIF: &str = "Collectif";
pub const SK_COLLECTIVITE: &str = "Collectivité";
pub const SK_ENTREPRISE_ESS: &str = "Entreprise de l’ESS";

// Structures and memberships
pub const MY_STRUCTURES_TITLE: &str = "Mes structures";
pub const MY_STRUCTURES_INTRO: &str = "Les structures pour lesquelles vous agissez : vous pouvez publier en leur nom, répondre pour elles et tenir leur fiche à jour.";
pub const MY_STRUCTURES_NONE: &str = "Vous n’êtes membre d’aucune structure pour l’instant.";
pub const ROLE_ADMIN: &str = "responsable";
pub const ROLE_MEMBER: &str = "membre";
pub const MEMBERSHIP_INVITED: &str = "invitation reçue";
pub const MEMBERSHIP_REQUESTED: &str = "demande en attente";
pub const ACCEPT_INVITATION: &str = "Accepter l’invitation";
pub const DECLINE_INVITATION: &str = "Refuser";
pub const CANCEL_REQUEST: &str = "Annuler la demande";
pub const LEAVE_STRUCTURE: &str = "Quitter la structure";
pub const MANAGE_MEMBERS: &str = "Gérer les membres";
pub const JOIN_TITLE: &str = "Rejoindre une structure";
pub const JOIN_INTRO: &str = "Cherchez votre structure par son nom : ses responsables recevront votre demande.";
pub const JOIN_SEARCH_LABEL: &str = "Structure à rejoindre (son nom)";
pub const JOIN_SEARCH_SUBMIT: &str = "Chercher";
pub const JOIN_REQUEST: &str = "Demander à rejoindre";
pub const JOIN_NO_RESULT: &str = "Aucune structure validée ne porte ce nom. Vous pouvez la déclarer ci-dessous.";
pub const JOIN_REQUESTED: &str = "Demande envoyée : les responsables de la structure vont y répondre.";
pub const CREATE_STRUCTURE_TITLE: &str = "Déclarer une structure";
pub const CREATE_STRUCTURE_INTRO: &str = "Votre structure n’est pas encore sur la plateforme ? Déclarez-la : les coordinateurs de votre territoire la valideront avant qu’elle apparaisse dans l’annuaire. Vous en serez responsable.";
pub const CREATE_STRUCTURE_SUBMIT: &str = "Envoyer pour validation";
pub const CREATE_STRUCTURE_DONE: &str = "Merci ! La structure est enregistrée et attend la validation des coordinateurs.";
pub const FIELD_STRUCTURE_NAME: &str = "Nom de la structure";
pub const FIELD_STRUCTURE_KIND: &str = "Type de structure";
pub const FIELD_DESCRIPTION: &str = "Présentation";
pub const FIELD_DESCRIPTION_HINT: &str = "Ce que fait la structure, ce qu’elle peut partager (5 000 caractères au plus).";
pub const FIELD_COMMUNE: &str = "Commune";
pub const FIELD_COMMUNE_HINT: &str = "Nom ou code postal ; choisissez dans la liste proposée, par exemple « Uzès (30700) ».";
pub const FIELD_ADDRESS: &str = "Adresse (facultatif)";
pub const FIELD_STRUCTURE_EMAIL: &str = "E-mail de contact public (facultatif)";
pub const FIELD_STRUCTURE_EMAIL_HINT: &str = "Une adresse de la structure, pas une adresse personnelle : elle sera publiée.";
pub const FIELD_PHONE: &str = "Téléphone public (facultatif)";
pub const FIELD_WEBSITE: &str = "Site web (facultatif)";
pub const FIELD_RNA: &str = "Numéro RNA (facultatif)";
pub const FIELD_RNA_HINT: &str = "Pour une association : W suivi de 9 caractères, par exemple W302001234.";
pub const FIELD_SIRET: &str = "SIRET (facultatif)";
pub const CHOOSE: &str = "— Choisir —";
pub const ERR_STRUCTURE_NAME: &str = "Indiquez un nom de 2 à 120 caractères, sur une ligne.";
pub const ERR_STRUCTURE_KIND: &str = "Choisissez un type de structure dans la liste.";
pub const ERR_STRUCTURE_DESCRIPTION: &str = "La présentation ne peut pas dépasser 5 000 caractères.";
pub const ERR_COMMUNE_REQUIRED: &str = "Indiquez la commune (nom ou code postal).";
pub const ERR_COMMUNE_UNKNOWN: &str = "Aucune commune ne correspond : vérifiez l’orthographe ou indiquez le code postal.";
pub const ERR_COMMUNE_AMBIGUOUS: &str = "Plusieurs communes correspondent : choisissez dans la liste ou ajoutez le code postal, par exemple « Saint-Quentin-la-Poterie (30700) ».";
pub const ERR_ADDRESS: &str = "L’adresse ne peut pas dépasser 200 caractères.";
pub const ERR_PHONE: &str = "Numéro de téléphone invalide (chiffres, espaces, « + », « . », 30 caractères au plus).";
pub const ERR_WEBSITE: &str = "Indiquez une adresse web complète commençant par https:// (300 caractères au plus).";
pub const ERR_RNA: &str = "Numéro RNA invalide : W suivi de 9 caractères, par exemple W302001234.";
pub const ERR_SIRET: &str = "SIRET invalide : 14 chiffres (vérifiez qu’il n’y a pas de faute de frappe).";
pub const ERR_RNA_TAKEN: &str =
    "Ce numéro RNA est déjà celui d’une structure de l’annuaire (ou en attente de validation). Si c’est la vôtre, demandez à la rejoindre depuis « Mes structures ».";
pub const ERR_SIRET_TAKEN: &str =
    "Ce SIRET est déjà celui d’une structure de l’annuaire (ou en attente de validation). Si c’est la vôtre, demandez à la rejoindre depuis « Mes structures ».";
/// The profile form: each contact may be kept for the structure's members and its
/// territory's coordinators instead of being public.
pub const FIELD_CONTACTS_VISIBILITY: &str = "Coordonnées réservées";
pub const FIELD_CONTACTS_VISIBILITY_HINT: &str =
    "Cochées, elles ne sont montrées qu’aux membres de la structure et aux coordinateurs de son territoire : ni sur la fiche publique, ni dans les données ouvertes.";
pub const FIELD_HIDE_EMAIL: &str = "Réserver l’e-mail";
pub const FIELD_HIDE_PHONE: &str = "Réserver le téléphone";
pub const FIELD_HIDE_WEBSITE: &str = "Réserver le site web";
pub const ERR_ALREADY_MEMBER: &str = "Vous êtes déjà membre de cette structure, ou une demande est en cours.";
pub const ERR_INVITE_NOT_VALIDATED: &str =
    "Votre structure attend encore sa validation par la coordination : vous pourrez inviter des membres dès qu’elle sera validée.";
pub const ERR_LAST_ADMIN: &str = "La structure doit garder au moins un responsable : nommez-en un autre d’abord.";

/// Account deletion refused: the account is the last responsable of these structures.
pub fn err_last_admin_of(names: &[String]) -> String {
    let list = names.iter().map(|n| format!("« {n} »")).collect::<Vec<_>>().join(", ");
    format!("Vous êtes le dernier responsable de {list} : nommez un autre responsable (ou quittez la structure) avant de supprimer votre compte.")
}
pub const ERR_TOO_MANY_PENDING: &str = "Vous avez déjà 5 structures en attente de validation : attendez la réponse des coordinateurs.";
pub const MEMBERS_TITLE: &str = "Membres";
pub const MEMBERS_REQUESTS: &str = "Demandes à rejoindre";
pub const MEMBERS_INVITED: &str = "Invitations envoyées";
pub const MEMBERS_ACCEPT: &str = "Accepter";
pub const MEMBERS_REFUSE: &str = "Refuser";
pub const MEMBERS_REMOVE: &str = "Retirer";
pub const MEMBERS_MAKE_ADMIN: &str = "Nommer responsable";
pub const MEMBERS_MAKE_MEMBER: &str = "Repasser membre";
pub const MEMBERS_INVITE_TITLE: &str = "Inviter une personne";
pub const MEMBERS_INVITE_HINT: &str = "Elle recevra un e-mail ; si elle n’a pas encore de compte, l’invitation l’attendra à son inscription.";
pub const MEMBERS_INVITE_SUBMIT: &str = "Inviter";
pub const MEMBERS_INVITE_DONE: &str = "Invitation envoyée.";
pub const MEMBERS_BACK: &str = "Retour à mes structures";
pub const MAIL_INVITE_SUBJECT: &str = "Invitation à rejoindre une structure — Coin du partage";
pub const MAIL_JOIN_REQUEST_SUBJECT: &str = "Nouvelle demande pour rejoindre votre structure — Coin du partage";
pub const MAIL_VALIDATION_SUBJECT: &str = "Votre structure sur Coin du partage";

// Directory (« Annuaire ») and structure pages
pub const DIRECTORY_TITLE: &str = "Annuaire des structures";
pub const DIRECTORY_INTRO: &str = "Associations, coopératives, tiers-lieux, centres sociaux… Trouvez qui fait quoi près de chez vous, et ce dont chacun a besoin.";
pub const DIRECTORY_SEARCH: &str = "Rechercher";
pub const DIRECTORY_SEARCH_HINT: &str = "Un ou plusieurs mots, sans se soucier des accents : « eco » trouve « Écocentre ».";
pub const DIRECTORY_KIND: &str = "Type";
pub const DIRECTORY_THEME: &str = "Thème";
pub const DIRECTORY_DEPARTEMENT: &str = "Département (numéro)";
pub const DIRECTORY_TERRITORY: &str = "Territoire ou réseau";
pub const DIRECTORY_OPEN_NEEDS: &str = "Seulement celles qui ont des besoins ouverts";
pub const DIRECTORY_ALL: &str = "Tous";
pub const DIRECTORY_APPLY: &str = "Filtrer";
pub const DIRECTORY_RESET: &str = "Tout effacer";
pub const DIRECTORY_IN_COMMUNE: &str = "Commune :";
pub const DIRECTORY_REMOVE_COMMUNE: &str = "retirer";
pub const DIRECTORY_NONE: &str = "Aucune structure ne correspond à ces critères.";
pub const DIRECTORY_FILTERS: &str = "Filtres";
pub const PAGINATION_LABEL: &str = "Pagination";
pub const PAGE_PREVIOUS: &str = "← Page précédente";
pub const PAGE_NEXT: &str = "Page suivante →";
pub const OPEN_NEEDS_COUNT: &str = "besoin(s) ouvert(s)";
pub const OPEN_OFFERS_COUNT: &str = "ressource(s)";
pub const PROFILE_CONTACT: &str = "Contact";
pub const PROFILE_ADDRESS: &str = "Adresse";
pub const PROFILE_WEBSITE: &str = "Site web";
pub const PROFILE_THEMES: &str = "Thèmes";
pub const PROFILE_NETWORKS: &str = "Territoires et réseaux";
pub const PROFILE_NEEDS: &str = "Ses besoins ouverts";
pub const PROFILE_OFFERS: &str = "Ce qu’elle propose";
pub const PROFILE_RESOURCES: &str = "Matériel et lieux partagés";
pub const PROFILE_NO_NEEDS: &str = "Aucun besoin ouvert en ce moment.";
pub const PROFILE_NO_OFFERS: &str = "Aucune ressource proposée en ce moment.";
pub const PROFILE_MEMBER_NOTE: &str = "Vous êtes membre de cette structure.";
pub const PROFILE_MANAGE: &str = "Gérer depuis « Mes structures »";
pub const PROFILE_EDIT: &str = "Modifier la fiche";
pub const EDIT_STRUCTURE_TITLE: &str = "Modifier la fiche de la structure";
pub const EDIT_STRUCTURE_INTRO: &str = "Ces informations sont publiques, sauf le RNA et le SIRET qui servent à la coordination. L’adresse de la page ne change pas.";
pub const EDIT_STRUCTURE_SUBMIT: &str = "Enregistrer la fiche";
pub const ERR_STRUCTURE_NOT_FOUND: &str = "Cette structure n’existe pas.";
pub const BACK_TO_DIRECTORY: &str = "← Retour à l’annuaire";

/// « 12 structures » / « 1 structure ».
pub fn structures_count(n: i64) -> String {
    if n <= 1 { format!("{n} structure") } else { format!("{n} structures") }
}

/// « Page 2 sur 5 ».
pub fn page_of(page: u32, pages: u32) -> String {
    format!("Page {page} sur {pages}")
}

// Freshness reminders
pub const MAIL_FRESHNESS_SUBJECT: &str = "Votre fiche sur Coin du partage est-elle à jour ?";
pub const ERR_FRESHNESS_LINK: &str = "Ce lien n’est plus valable : la fiche a déjà été confirmée, modifiée ou archivée.";
pub const FRESHNESS_TITLE: &str = "Votre fiche est-elle à jour ?";
pub const FRESHNESS_UP_TO_DATE: &str = "Vous indiquez que la fiche est toujours juste. Confirmez pour la garder telle quelle pour un an.";
pub const FRESHNESS_ARCHIVE: &str = "Vous indiquez que la structure n’existe plus ou ne partage plus. Confirmez pour retirer sa fiche de l’annuaire et de la carte.";
pub const FRESHNESS_TO_EDIT: &str = "Connectez-vous avec le compte d’un membre de la structure pour modifier la fiche ; l’enregistrer répond au rappel.";
pub const FRESHNESS_CONFIRM_UP_TO_DATE: &str = "Confirmer : la fiche est à jour";
pub const FRESHNESS_CONFIRM_ARCHIVE: &str = "Confirmer : archiver la fiche";
pub const FRESHNESS_EDIT: &str = "Se connecter et modifier la fiche";
pub const FRESHNESS_THANKS: &str = "Merci, c’est noté.";
pub const FRESHNESS_CONTINUE: &str = "Continuer";
pub const MAP_STALE: &str = "fiche à vérifier";
pub const MODERATION_STALE: &str = "Fiches à vérifier (sans réponse au rappel annuel)";
pub const QUEUE_STALE: &str = "fiche non confirmée depuis plus d’un an";
