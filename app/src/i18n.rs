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
pub const ERR_ALREADY_MEMBER: &str = "Vous êtes déjà membre de cette structure, ou une demande est en cours.";
pub const ERR_LAST_ADMIN: &str = "La structure doit garder au moins un responsable : nommez-en un autre d’abord.";
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
pub const BACK_TO_DIRECTORY: &str = "← Retour à l’annuaire";

/// « 12 structures » / « 1 structure ».
pub fn structures_count(n: i64) -> String {
    if n <= 1 { format!("{n} structure") } else { format!("{n} structures") }
}

/// « Page 2 sur 5 ».
pub fn page_of(page: u32, pages: u32) -> String {
    format!("Page {page} sur {pages}")
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

/// « 12 annonces » / « 1 annonce ».
pub fn posts_count(n: i64) -> String {
    if n <= 1 { format!("{n} annonce") } else { format!("{n} annonces") }
}
