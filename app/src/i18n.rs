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
    format!("{page} — {SITE_NAME}")
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
