//! Every user-facing string, in one place, so that English can follow.
//! French typography: non-breaking space before « : ; ? ! » is left to the browser.

pub const SITE_NAME: &str = "Coin du partage";
pub const TAGLINE: &str = "Besoins et ressources des associations, partagés sur tout le territoire";

// Navigation
pub const NAV_MAP: &str = "Carte";
pub const NAV_SHARE: &str = "Coin du partage";
pub const NAV_DIRECTORY: &str = "Annuaire";
pub const NAV_VOLUNTEER: &str = "Bénévolat";
pub const NAV_COORDINATION: &str = "Coordination";
pub const NAV_LOGIN: &str = "Se connecter";
pub const NAV_MAIN_LABEL: &str = "Navigation principale";
pub const NAV_MENU: &str = "Menu";
pub const SKIP_TO_CONTENT: &str = "Aller au contenu";

// Home
pub const HOME_TITLE: &str = "Partager ce qui manque, prêter ce qui dort";
pub const HOME_INTRO: &str = "Un camion pour samedi, des outils pour un garage solidaire, des bras pour une buvette, une salle pour un atelier : publiez vos besoins, proposez vos ressources, trouvez-vous sur la carte.";
pub const HOME_STATS_LABEL: &str = "Le partage en chiffres";
pub const STAT_STRUCTURES: &str = "structures";
pub const STAT_OPEN_NEEDS: &str = "besoins ouverts";
pub const STAT_OPEN_OFFERS: &str = "ressources disponibles";
pub const STAT_COMMUNES: &str = "communes";
pub const HOME_LATEST_NEEDS: &str = "Derniers besoins";
pub const HOME_LATEST_OFFERS: &str = "Dernières ressources";
pub const HOME_NONE_YET: &str = "Rien pour l’instant.";
pub const HOME_CTA_PUBLISH: &str = "Publier un besoin ou une ressource";
pub const HOME_CTA_BROWSE: &str = "Parcourir le Coin du partage";
pub const HOME_COMMUNE_SEARCH: &str = "Chercher une commune";
pub const HOME_COMMUNE_SEARCH_HINT: &str = "Nom ou code postal, par exemple « uzes » ou « 30700 »";
pub const HOME_COMMUNE_NO_RESULT: &str = "Aucune commune ne correspond.";
pub const LOADING: &str = "Chargement…";

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

// Structure kinds
pub const SK_ASSOCIATION: &str = "Association";
pub const SK_COOPERATIVE: &str = "Coopérative";
pub const SK_TIERS_LIEU: &str = "Tiers-lieu";
pub const SK_CENTRE_SOCIAL: &str = "Centre social";
pub const SK_EVS: &str = "Espace de vie sociale";
pub const SK_COLLECTIF: &str = "Collectif";
pub const SK_COLLECTIVITE: &str = "Collectivité";
pub const SK_ENTREPRISE_ESS: &str = "Entreprise de l’ESS";

// Footer
pub const FOOTER_LICENCE_PREFIX: &str = "Données partagées sous licence";
pub const FOOTER_LEGAL: &str = "Mentions légales";
pub const FOOTER_PRIVACY: &str = "Confidentialité";
pub const FOOTER_DATA_CREDITS: &str = "Communes : INSEE et La Poste, Licence Ouverte 2.0";

// Pages
pub const NOT_FOUND_TITLE: &str = "Page introuvable";
pub const NOT_FOUND_TEXT: &str = "Cette page n’existe pas ou plus. Le lien est peut-être ancien, ou le contenu a été retiré.";
pub const BACK_HOME: &str = "Revenir à l’accueil";
pub const COMING_SOON: &str = "Cette partie arrive bientôt. En attendant, la page d’accueil montre les derniers besoins et ressources.";
pub const ERROR_TITLE: &str = "Quelque chose s’est mal passé";

// Errors (safe to show)
pub const ERR_INTERNAL: &str = "Une erreur inattendue est survenue. Réessayez dans un instant ; si cela continue, prévenez l’équipe de l’instance.";
pub const ERR_BUSY: &str = "Le service est très sollicité. Réessayez dans quelques secondes.";
pub const ERR_NETWORK: &str = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.";
pub const ERR_BAD_REQUEST: &str = "La requête est incomplète ou mal formée.";
pub const ERR_NOT_FOUND: &str = "Élément introuvable.";
pub const ERR_FORBIDDEN: &str = "Vous n’avez pas le droit de faire cela.";
pub const ERR_FORM: &str = "Le formulaire contient des erreurs : corrigez les champs signalés.";
pub const ERR_LOGIN_REQUIRED: &str = "Connectez-vous pour continuer.";
pub const ERR_QUERY_TOO_LONG: &str = "La recherche est trop longue (100 caractères au plus).";

// Dates, French style, in metropolitan France's time zone.

const MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/// Offset of Europe/Paris at a UTC instant: +2 h from the last Sunday of March 01:00 UTC
/// to the last Sunday of October 01:00 UTC, else +1 h (EU rule since 1996). Written out
/// to keep a time-zone database out of the browser bundle.
fn paris_offset_hours(utc: chrono::DateTime<chrono::Utc>) -> i64 {
    use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(utc.year(), month, 31).expect("March and October have 31 days");
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().expect("in range");
        }
        chrono::Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
    };
    if utc >= last_sunday(3) && utc < last_sunday(10) { 2 } else { 1 }
}

/// « 23 novembre 2026 »
pub fn date_fr(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let day = if date.day() == 1 { "1er".to_string() } else { date.day().to_string() };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// The calendar date in Paris of a UTC instant.
pub fn paris_date(utc: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (utc + chrono::Duration::hours(paris_offset_hours(utc))).date_naive()
}

/// The last instant of a calendar day in Paris, in UTC (a post « valable jusqu'au »
/// that day expires when it ends).
pub fn end_of_paris_day(date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let midnight = chrono::Utc.from_utc_datetime(&(date + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("valid time"));
    midnight - chrono::Duration::hours(paris_offset_hours(midnight))
}

/// Today's date in Paris.
pub fn paris_today() -> chrono::NaiveDate {
    paris_date(chrono::Utc::now())
}

/// « Page — Coin du partage »
pub fn page_title(page: &str) -> String {
    let title = format!("{page} — {SITE_NAME}");
    // leptos_meta 0.8 writes the title into the server's HTML without escaping it, and
    // a page title may hold user text (a structure's name): escape it there. In the
    // browser the title is set as text (`document.title`), so it stays as is — and the
    // browser decodes the server's entities to the same text.
    #[cfg(feature = "ssr")]
    let title = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    title
}


#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn french_dates_in_paris_time() {
        assert_eq!(super::date_fr(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), "23 novembre 2026");
        assert_eq!(super::date_fr(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()), "1er août 2026");
        // 23:30 UTC in winter is already the next day in Paris (+1).
        let winter = Utc.with_ymd_and_hms(2026, 1, 10, 23, 30, 0).unwrap();
        assert_eq!(super::paris_date(winter), NaiveDate::from_ymd_opt(2026, 1, 11).unwrap());
        // 22:30 UTC in summer is the next day too (+2), 21:30 is not.
        let summer = Utc.with_ymd_and_hms(2026, 7, 10, 22, 30, 0).unwrap();
        assert_eq!(super::paris_date(summer), NaiveDate::from_ymd_opt(2026, 7, 11).unwrap());
        let summer_early = Utc.with_ymd_and_hms(2026, 7, 10, 21, 30, 0).unwrap();
        assert_eq!(super::paris_date(summer_early), NaiveDate::from_ymd_opt(2026, 7, 10).unwrap());
        // DST switch 2026: 29 March and 25 October, at 01:00 UTC.
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap()), 1);
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()), 2);
        assert_eq!(super::paris_offset_hours(Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()), 1);
    }
}

// Legal pages (instance admins will be able to edit them with the coordination settings).
pub const LEGAL_TITLE: &str = "Mentions légales";
pub const LEGAL_PARAGRAPHS: &[&str] = &[
    "Cette plateforme est une instance de Coin du partage, logiciel libre publié sous licence AGPL-3.0-or-later. Elle est éditée et hébergée par la structure qui l’administre ; ses administrateurs répondent aux demandes concernant les contenus et les données.",
    "Les annonces et les fiches des structures sont publiées par leurs auteurs, qui en restent responsables. Les coordinateurs du territoire peuvent masquer un contenu signalé.",
    "Les données publiées (annonces, structures) sont réutilisables selon la licence indiquée en bas de chaque page. Les noms et codes des communes proviennent de l’INSEE et de La Poste (Licence Ouverte 2.0) ; le fond de carte, des contributeurs d’OpenStreetMap.",
];
pub const PRIVACY_TITLE: &str = "Confidentialité et données personnelles";
pub const PRIVACY_SECTIONS: &[(&str, &str)] = &[
    ("Ce que nous enregistrons", "Pour un compte : votre adresse e-mail, le nom que vous choisissez d’afficher et votre mot de passe, conservé uniquement sous forme d’empreinte (Argon2id), jamais en clair. Pour une structure : les informations de sa fiche. Vos annonces, réponses et messages."),
    ("Ce qui est public", "Les annonces et les fiches des structures. Pour une annonce publiée par un particulier, seule la commune est indiquée, jamais l’adresse. Vos coordonnées personnelles ne sont jamais publiées : elles ne sont communiquées à l’autre partie qu’après l’acceptation d’une réponse."),
    ("Cookies et traceurs", "Un seul cookie, nécessaire à la connexion. Aucune mesure d’audience, aucun traceur publicitaire, aucun service tiers ; seules les images du fond de carte sont chargées depuis le serveur de tuiles de l’instance."),
    ("Journaux", "Les journaux techniques du serveur ne contiennent ni adresse IP, ni mot de passe, ni lien de connexion. Les actions sensibles (changement de rôle, modération, suppression) sont tracées pour les administrateurs."),
    ("Vos droits", "Vous pouvez consulter, corriger, exporter ou supprimer vos données depuis votre compte, ou en écrivant aux administrateurs de l’instance. Vous pouvez aussi saisir la CNIL (cnil.fr)."),
];

// Accounts
pub const SIGNUP_TITLE: &str = "Créer un compte";
pub const SIGNUP_INTRO: &str = "Un compte permet de répondre aux annonces, de proposer votre aide et de publier pour votre structure. Votre adresse e-mail n’est jamais publiée.";
pub const SIGNUP_SUBMIT: &str = "Créer mon compte";
pub const SIGNUP_DONE: &str = "Presque fini : nous venons d’envoyer un lien de confirmation à cette adresse. Ouvrez-le pour activer votre compte (il reste valable 48 heures).";
pub const LOGIN_TITLE: &str = "Se connecter";
pub const LOGIN_SUBMIT: &str = "Se connecter";
pub const LOGIN_NO_ACCOUNT: &str = "Pas encore de compte ?";
pub const LOGIN_FAILED: &str = "Adresse e-mail ou mot de passe incorrect.";
pub const LOGIN_UNVERIFIED: &str = "Confirmez d’abord votre adresse e-mail avec le lien reçu lors de l’inscription.";
pub const LOGOUT: &str = "Se déconnecter";
pub const MY_ACCOUNT: &str = "Mon compte";
pub const FIELD_EMAIL: &str = "Adresse e-mail";
pub const FIELD_PASSWORD: &str = "Mot de passe";
pub const FIELD_PASSWORD_HINT: &str = "12 caractères au moins ; une phrase de passe facile à retenir convient très bien.";
pub const FIELD_DISPLAY_NAME: &str = "Nom affiché";
pub const FIELD_DISPLAY_NAME_HINT: &str = "Prénom, pseudonyme… visible des personnes avec qui vous échangez.";
pub const ERR_DISPLAY_NAME: &str = "Indiquez un nom affiché de 2 à 60 caractères.";
pub const ERR_PASSWORD_COMMON: &str = "Ce mot de passe figure parmi les plus courants : choisissez-en un autre.";
pub const VERIFY_TITLE: &str = "Confirmation de l’adresse e-mail";
pub const VERIFY_SUBMIT: &str = "Confirmer mon adresse";
pub const VERIFY_OK: &str = "Merci, votre adresse est confirmée. Vous pouvez vous connecter.";
pub const VERIFY_BAD: &str = "Ce lien de confirmation n’est pas valable : il a déjà servi ou a expiré. Reconnectez-vous ou inscrivez-vous à nouveau pour en recevoir un autre.";
pub const ACCOUNT_TITLE: &str = "Mon compte";
pub const ACCOUNT_SIGNED_IN_AS: &str = "Connecté·e en tant que";
pub const OUTBOX_TITLE: &str = "Courriels envoyés (instance de développement)";
pub const OUTBOX_INTRO: &str = "Aucun serveur SMTP n’est configuré : les courriels que l’instance enverrait sont listés ici.";
pub const OUTBOX_EMPTY: &str = "Aucun courriel pour l’instant.";
pub const MAIL_VERIFY_SUBJECT: &str = "Confirmez votre adresse — Coin du partage";
pub const MAIL_EXISTS_SUBJECT: &str = "Tentative d’inscription avec votre adresse — Coin du partage";
pub const FORGOT_TITLE: &str = "Mot de passe oublié";
pub const FORGOT_INTRO: &str = "Indiquez l’adresse de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe (valable une heure).";
pub const FORGOT_SUBMIT: &str = "Envoyer le lien";
pub const FORGOT_DONE: &str = "Si un compte existe pour cette adresse, un lien vient d’y être envoyé. Pensez à regarder dans les indésirables.";
pub const FORGOT_LINK: &str = "Mot de passe oublié ?";
pub const RESET_TITLE: &str = "Choisir un nouveau mot de passe";
pub const RESET_SUBMIT: &str = "Enregistrer le mot de passe";
pub const RESET_DONE: &str = "Votre mot de passe est changé et vos autres sessions sont fermées. Vous pouvez vous connecter.";
pub const RESET_BAD: &str = "Ce lien n’est pas valable : il a déjà servi ou a expiré (une heure). Demandez-en un nouveau.";
pub const MAIL_RESET_SUBJECT: &str = "Nouveau mot de passe — Coin du partage";
pub const SESSIONS_TITLE: &str = "Sessions ouvertes";
pub const SESSIONS_INTRO: &str = "Les appareils où votre compte est connecté. Fermez une session que vous ne reconnaissez pas, puis changez votre mot de passe.";
pub const SESSION_CURRENT: &str = "cet appareil";
pub const SESSION_OPENED: &str = "ouverte le";
pub const SESSION_REVOKE: &str = "Fermer cette session";
pub const DEVICE_UNKNOWN_BROWSER: &str = "Navigateur inconnu";
/// « Firefox sur Linux »: a browser and a system as the sessions list shows them.
pub fn device_on(browser: &str, system: &str) -> String {
    format!("{browser} sur {system}")
}

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

// Validation queue (coordination)
pub const VALIDATION_TITLE: &str = "Structures à valider";
pub const VALIDATION_INTRO: &str = "Les structures déclarées sur votre territoire. Vérifiez qu’elles existent et ne font pas doublon avant de les publier dans l’annuaire.";
pub const VALIDATION_NONE: &str = "Aucune structure n’attend de validation.";
pub const VALIDATION_ACCEPT: &str = "Valider";
pub const VALIDATION_REJECT: &str = "Refuser";
pub const VALIDATION_REASON: &str = "Motif du refus (envoyé au déclarant)";
pub const VALIDATION_DECLARED_BY: &str = "Déclarée par";
pub const ERR_REASON_REQUIRED: &str = "Indiquez le motif du refus (500 caractères au plus) : il est envoyé au déclarant.";

// Account management
pub const PASSWORD_CHANGE_TITLE: &str = "Changer de mot de passe";
pub const FIELD_CURRENT_PASSWORD: &str = "Mot de passe actuel";
pub const FIELD_NEW_PASSWORD: &str = "Nouveau mot de passe";
pub const PASSWORD_CHANGE_SUBMIT: &str = "Changer le mot de passe";
pub const PASSWORD_CHANGE_DONE: &str = "Mot de passe changé. Vos autres sessions sont fermées.";
pub const ERR_CURRENT_PASSWORD: &str = "Le mot de passe actuel est incorrect.";
pub const EMAIL_CHANGE_TITLE: &str = "Changer d’adresse e-mail";
pub const FIELD_NEW_EMAIL: &str = "Nouvelle adresse e-mail";
pub const EMAIL_CHANGE_SUBMIT: &str = "Recevoir le lien de confirmation";
pub const EMAIL_CHANGE_DONE: &str = "Un lien de confirmation a été envoyé à la nouvelle adresse (valable 48 heures). Votre adresse actuelle reste valable d’ici là.";
pub const EMAIL_CONFIRM_TITLE: &str = "Confirmer la nouvelle adresse";
pub const EMAIL_CONFIRM_SUBMIT: &str = "Confirmer cette adresse";
pub const EMAIL_CONFIRM_OK: &str = "Votre nouvelle adresse est enregistrée.";
pub const EMAIL_CONFIRM_BAD: &str = "Ce lien n’est pas valable : il a déjà servi, a expiré, ou l’adresse a été prise entre-temps.";
pub const MAIL_EMAIL_CHANGE_SUBJECT: &str = "Confirmez votre nouvelle adresse — Coin du partage";
pub const MAIL_EMAIL_CHANGED_SUBJECT: &str = "Votre adresse e-mail a changé — Coin du partage";
pub const MAIL_PASSWORD_CHANGED_SUBJECT: &str = "Votre mot de passe a changé — Coin du partage";
pub const DATA_TITLE: &str = "Mes données";
pub const DATA_INTRO: &str = "Téléchargez tout ce que la plateforme garde sur vous (compte, structures, annonces, réponses, messages), au format JSON.";
pub const DATA_DOWNLOAD: &str = "Télécharger mes données (JSON)";
pub const DELETE_TITLE: &str = "Supprimer mon compte";
pub const DELETE_INTRO: &str = "La suppression est définitive : votre compte, vos sessions, vos adhésions et vos messages sont effacés. Pour vos annonces publiées en votre nom, choisissez :";
pub const DELETE_POSTS_ANONYMISE: &str = "les garder sans mon nom (elles restent utiles aux autres)";
pub const DELETE_POSTS_DELETE: &str = "les supprimer";
pub const DELETE_CONFIRM_HINT: &str = "Pour confirmer, saisissez votre mot de passe.";
pub const DELETE_SUBMIT: &str = "Supprimer définitivement mon compte";
pub const DELETE_DONE: &str = "Votre compte est supprimé. Merci d’avoir partagé !";
pub const ERR_DELETE_CHOICE: &str = "Choisissez ce que deviennent vos annonces.";
pub const ACCOUNT_NAV_LABEL: &str = "Rubriques du compte";

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

// Replies and threads
pub const REPLY_PENDING: &str = "En attente";
pub const REPLY_ACCEPTED: &str = "Acceptée";
pub const REPLY_DECLINED: &str = "Déclinée";
pub const REPLY_WITHDRAWN: &str = "Retirée";
pub const REPLY_CAN_HELP: &str = "Je peux aider";
pub const REPLY_INTERESTED: &str = "Ça m’intéresse";
pub const REPLY_MESSAGE: &str = "Votre message *";
pub const REPLY_MESSAGE_HINT: &str = "De 2 à 2 000 caractères. Vos coordonnées ne sont transmises que si l’auteur accepte votre réponse.";
pub const REPLY_AS: &str = "Répondre au nom de";
pub const REPLY_AS_MYSELF: &str = "Moi-même";
pub const REPLY_LOGIN: &str = "Connectez-vous pour répondre.";
pub const REPLY_SENT: &str = "Votre réponse a été envoyée.";
pub const REPLIES_TITLE: &str = "Réponses reçues";
pub const REPLIES_NONE: &str = "Aucune réponse pour l’instant.";
pub const MY_REPLY_TITLE: &str = "Votre réponse";
pub const REPLY_ACCEPT: &str = "Accepter";
pub const REPLY_DECLINE: &str = "Décliner";
pub const REPLY_AND_IN_PROGRESS: &str = "Passer aussi l’annonce « en cours »";
pub const THREAD_SEND: &str = "Envoyer";
pub const THREAD_MESSAGE: &str = "Nouveau message";
pub const CONTACT_TITLE: &str = "Coordonnées";
pub const CONTACT_EMAIL: &str = "E-mail";
pub const CONTACT_PHONE: &str = "Téléphone";
pub const ERR_MESSAGE: &str = "Le message doit compter de 2 à 2 000 caractères.";
pub const ERR_REPLY_OWN_POST: &str = "Vous ne pouvez pas répondre à votre propre annonce.";
pub const ERR_REPLY_TWICE: &str = "Vous avez déjà répondu à cette annonce : poursuivez l’échange dans votre fil de discussion.";
pub const ERR_REPLY_NOT_FOUND: &str = "Cette réponse n’existe pas.";
pub const ERR_REPLY_DECIDED: &str = "Cette réponse a déjà été acceptée ou déclinée.";
pub const ERR_REPLY_CLOSED: &str = "Cet échange est clos.";

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
pub const EXCHANGES_MY_REPLIES: &str = "Mes réponses";
pub const EXCHANGES_MY_REPLIES_NONE: &str = "Vous n’avez répondu à aucune annonce.";
pub const NEW_BADGE: &str = "nouveau";
pub const NOTIF_REPLY: &str = "Nouvelle réponse à votre annonce";
pub const NOTIF_REPLY_ACCEPTED: &str = "Votre réponse a été acceptée";
pub const NOTIF_REPLY_DECLINED: &str = "Votre réponse a été déclinée";
pub const NOTIF_MESSAGE: &str = "Nouveau message";
pub const NOTIF_EXPIRY_SOON: &str = "Votre annonce expire dans moins de 7 jours";
pub const NOTIF_EXPIRED: &str = "Votre annonce a expiré";
pub const NOTIF_VOLUNTEER: &str = "Nouvelle inscription à votre mission";

/// « 3 réponses en attente ».
pub fn pending_replies(n: i64) -> String {
    if n <= 1 { format!("{n} réponse en attente") } else { format!("{n} réponses en attente") }
}

/// « 2 nouveautés » for screen readers beside the badge.
pub fn unread(n: i64) -> String {
    if n <= 1 { format!("{n} nouveauté") } else { format!("{n} nouveautés") }
}

/// The reminder sent a week before a post expires.
pub fn mail_expiry_soon(title: &str, date: &str, link: &str) -> (String, String) {
    (
        "Votre annonce expire bientôt — Coin du partage".to_string(),
        format!(
            "Bonjour,\n\nVotre annonce « {title} » sera retirée le {date}.\n\nSi elle est toujours d’actualité, prolongez-la en modifiant sa date de validité ; si elle est pourvue, indiquez-le :\n{link}\n\nL’équipe du Coin du partage"
        ),
    )
}

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

// The « Coin du partage » list
pub const SHARE_INTRO: &str = "Les besoins des structures et ce qu’elles — ou des habitants — peuvent prêter, donner ou proposer.";
pub const SHARE_SEARCH_HINT: &str = "Dans les titres et les descriptions, sans se soucier des accents : « velo » trouve « vélo ».";
pub const SHARE_KIND: &str = "Afficher";
pub const SHARE_KIND_ALL: &str = "Besoins et ressources";
pub const SHARE_KIND_NEEDS: &str = "Besoins";
pub const SHARE_KIND_OFFERS: &str = "Ressources";
pub const SHARE_CATEGORY: &str = "Catégorie";
pub const SHARE_SORT: &str = "Trier par";
pub const SHARE_SORT_RECENT: &str = "Les plus récentes";
pub const SHARE_SORT_URGENCY: &str = "Les plus urgentes";
pub const SHARE_NONE: &str = "Aucune annonce ne correspond à ces critères.";
pub const SHARE_SORT_RELEVANCE: &str = "Les plus pertinentes";
pub const SHARE_SORT_DISTANCE: &str = "Les plus proches";
pub const SHARE_NEAR: &str = "Distance depuis";
pub const SHARE_NEAR_HINT: &str = "Pour trier par distance : le nom ou le code postal d’une commune, puis choisissez-la dans la liste.";
pub const SHARE_NEAR_CHANGE: &str = "changer";
pub const SHARE_DISTANCE_NEEDS_COMMUNE: &str = "Choisissez une commune pour trier par distance ; en attendant, les annonces sont triées par date.";
pub const SHARE_MORE_HINT: &str = "Seules les premières peuvent être parcourues : ajoutez un mot ou un filtre pour affiner.";

/// A rate limit's refusal: attempts (log-in, sign-up…) or downloads, and the wait.
pub fn too_many(downloads: bool, minutes: u64) -> String {
    let what = if downloads { "Trop de téléchargements depuis votre adresse." } else { "Trop de tentatives. Par sécurité," };
    let again = if downloads { "Réessayez" } else { "réessayez" };
    format!("{what} {again} dans {minutes} minute{}.", if minutes > 1 { "s" } else { "" })
}

/// The distance order asked for a commune code that is not known.
pub fn share_unknown_commune(code: &str) -> String {
    format!("Commune inconnue (code « {code} ») : les annonces ne sont pas triées par distance.")
}

/// « 1 000 annonces et plus » when a list counts only its first posts.
pub fn posts_count_at_least(n: i64) -> String {
    format!("Plus de {} annonces", thousands(n))
}

/// « à 12 km », « à 1,5 km », « à moins de 500 m ».
pub fn distance_km(km: f64) -> String {
    if km < 0.5 {
        "à moins de 500 m".into()
    } else if km < 10.0 {
        format!("à {} km", format!("{:.1}", km).replace('.', ",").trim_end_matches(",0"))
    } else {
        format!("à {} km", thousands(km.round() as i64))
    }
}

/// 12345 → « 12 345 » (French digit grouping, narrow no-break space).
fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod share_tests {
    #[test]
    fn distances_and_counts_read_in_french() {
        assert_eq!(super::distance_km(0.2), "à moins de 500 m");
        assert_eq!(super::distance_km(1.0), "à 1 km");
        assert_eq!(super::distance_km(1.46), "à 1,5 km");
        assert_eq!(super::distance_km(12.4), "à 12 km");
        assert_eq!(super::distance_km(1234.0), "à 1\u{202f}234 km");
        assert_eq!(super::posts_count_at_least(1000), "Plus de 1\u{202f}000 annonces");
    }
}

/// « 12 annonces » / « 1 annonce ».
pub fn posts_count(n: i64) -> String {
    if n <= 1 { format!("{n} annonce") } else { format!("{n} annonces") }
}

// Map (/carte, /embed)
pub const MAP_TITLE: &str = "La carte du partage";
pub const MAP_INTRO: &str = "Besoins, ressources et structures de tout le territoire. Zoomez, filtrez, ouvrez une annonce : l’adresse de la page garde la vue et les filtres, pour la partager.";
pub const MAP_TO_LIST: &str = "Voir en liste";
pub const MAP_SEARCH_HINT: &str = "Mots du titre ou de la description des annonces.";
pub const MAP_SHOW: &str = "Afficher";
pub const MAP_SHOW_HINT: &str = "Rien de coché : tout est affiché.";
pub const MAP_PLACE: &str = "Aller à une commune";
pub const MAP_PLACE_HINT: &str = "Nom ou code postal, puis choisissez dans la liste.";
pub const MAP_KIND_NEED: &str = "Besoin";
pub const MAP_KIND_OFFER: &str = "Ressource";
pub const MAP_KIND_STRUCTURE: &str = "Structure";
pub const MAP_KIND_CLUSTER: &str = "Groupe (cliquer pour zoomer)";
pub const MAP_LEGEND: &str = "Légende de la carte";
pub const MAP_FULLSCREEN: &str = "Plein écran";
pub const MAP_REGION: &str = "Carte";
pub const MAP_NEEDS_JS: &str = "La carte a besoin de JavaScript. La liste des annonces fonctionne sans : suivez le lien « Voir en liste ».";
pub const MAP_LIST_TITLE: &str = "Sur la carte";
pub const MAP_LOADING: &str = "Chargement de la carte…";
pub const MAP_EMPTY: &str = "Rien à cet endroit avec ces filtres. Dézoomez ou retirez un filtre.";
pub const MAP_TRUNCATED: &str = "Beaucoup d’annonces correspondent : seules les plus récentes sont placées. Précisez la recherche ou zoomez.";
pub const MAP_DATA_LICENCE: &str = "Données sous licence";
pub const MAP_IN_PROGRESS: &str = "en cours";
pub const MAP_OPEN_POST: &str = "Voir l’annonce";
pub const MAP_OPEN_STRUCTURE: &str = "Voir la structure";
/// A group's label starts so (`{n}`: how many); map.js and [`map_cluster`] add the kinds.
pub const MAP_CLUSTER_PREFIX: &str = "Groupe de {n}";
/// Singular and plural of each kind in a group's label (needs, resources, structures).
pub const MAP_CLUSTER_WORDS: [(&str, &str); 3] = [("besoin", "besoins"), ("ressource", "ressources"), ("structure", "structures")];
pub const MAP_SEARCH_ZONE: &str = "Rechercher dans cette zone";
pub const MAP_SEARCH_ZONE_HINT: &str = "Ouvre la liste des annonces de la partie de la carte affichée, avec les mêmes filtres.";
pub const SHARE_IN_ZONE: &str = "Annonces de la zone choisie sur la carte.";
pub const SHARE_ZONE_REMOVE: &str = "Voir tout le territoire";
pub const STRUCTURE_MAP: &str = "Sur la carte";
pub const STRUCTURE_MAP_OPEN: &str = "Voir les alentours sur la grande carte";
pub const POINT_PICK_LEGEND: &str = "Point précis sur la carte (facultatif)";
pub const POINT_PICK_HINT: &str = "Déplacez le repère ou cliquez sur la carte pour indiquer le lieu exact (à moins de 30 km de la commune). Sans point précis, l’annonce est placée au centre de la commune ou à l’adresse de la structure.";
pub const POINT_PICK_INDIVIDUAL: &str = "Une annonce personnelle est placée au centre de sa commune : votre adresse n’est jamais montrée.";
pub const POINT_PICK_CHOSEN: &str = "Point choisi :";
pub const POINT_PICK_CLEAR: &str = "Retirer le point précis";
pub const POINT_PICK_MARKER: &str = "Lieu de l’annonce (déplaçable)";
pub const ADDRESS_SEARCH: &str = "Chercher une adresse";
pub const ADDRESS_SEARCH_HINT: &str = "Numéro et rue, puis la commune (Base adresse nationale).";
pub const ADDRESS_NOT_CONFIGURED: &str = "La recherche d’adresse n’est pas proposée sur cette instance : choisissez la commune ou placez le repère sur la carte.";
pub const ERR_ADDRESS_QUERY: &str = "Tapez une adresse de 3 à 200 caractères.";
pub const ADDRESS_SUBMIT: &str = "Chercher";
pub const ADDRESS_NONE: &str = "Aucune adresse trouvée.";
pub const ADDRESS_UNAVAILABLE: &str = "La recherche d’adresse ne répond pas : placez le repère à la main ou laissez la commune.";
pub const ERR_POINT_FAR: &str = "Le point choisi est à plus de 30 km de la commune : déplacez le repère ou changez de commune.";
pub const ERR_POINT_NEEDS_COMMUNE: &str = "Indiquez la commune du point choisi sur la carte.";
pub const ERR_POINT_INVALID: &str = "Point illisible : déplacez le repère à nouveau.";
pub const MAP_LOAD_FAILED: &str = "La carte n’a pas pu se charger. La liste reste disponible.";
pub const MAP_EMBED: &str = "Intégrer cette carte sur un autre site";
pub const MAP_EMBED_HINT: &str = "Copiez ce code dans une page de votre site (un wiki de réseau, par exemple) : la carte s’y affiche avec les filtres et la vue actuels.";
pub const MAP_EMBED_FRAME_TITLE: &str = "Carte du Coin du partage";
pub const MAP_EMBED_OPEN: &str = "ouvrir la carte en grand";
pub const MAP_FETCH_FAILED: &str = "Les données de la carte n’ont pas pu être chargées. Réessayez en déplaçant la carte.";

/// « Groupe de 12 : 3 besoins, 8 ressources, 1 structure — zoomer » (empty kinds left out).
pub fn map_cluster(n: u32, needs: u32, offers: u32, structures: u32) -> String {
    let parts: Vec<String> = [(needs, MAP_CLUSTER_WORDS[0]), (offers, MAP_CLUSTER_WORDS[1]), (structures, MAP_CLUSTER_WORDS[2])]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, (one, many))| format!("{count} {}", if count == 1 { one } else { many }))
        .collect();
    format!("{} : {} — zoomer", MAP_CLUSTER_PREFIX.replace("{n}", &n.to_string()), parts.join(", "))
}

pub fn map_shown(n: usize) -> String {
    match n {
        0 => "Rien d’affiché sur la carte.".into(),
        1 => "1 élément affiché sur la carte.".into(),
        n => format!("{n} éléments affichés sur la carte."),
    }
}

pub const MAP_LIST_ALL: &str = "Toutes les annonces de ces filtres, en liste";

/// Above the list the server sends with a map page, when the view holds more.
pub fn map_first_items(n: usize) -> String {
    format!("Les {n} premiers éléments de cette vue. Zoomez ou filtrez pour en voir d’autres, ou ouvrez la liste des annonces.")
}

pub fn map_kind_plural(k: crate::model::MapKind) -> &'static str {
    match k {
        crate::model::MapKind::Need => "Besoins",
        crate::model::MapKind::Offer => "Ressources",
        crate::model::MapKind::Structure => "Structures",
    }
}

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

/// « mars 2026 » from `2026-03`.
pub fn month_label(month: &str) -> String {
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    format!("{} {}", MONTHS[m.clamp(1, 12) - 1], month.get(..4).unwrap_or(""))
}

/// « mars », « sept. » (the usual French abbreviations, for chart axes).
pub fn month_short(month: &str) -> String {
    const SHORT: [&str; 12] = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    SHORT[m.clamp(1, 12) - 1].to_string()
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
pub const COORD_COL_REPLIES: &str = "Réponses";
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
pub fn replies_received(n: i64) -> String {
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
    let local = at + chrono::Duration::hours(paris_offset_hours(at));
    format!("Chiffres du {} à {} (recalculés au plus toutes les minutes).", date_fr(local.date_naive()), local.format("%H:%M"))
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
