//! Site-wide texts: navigation, footer, error messages, legal pages, and the page title
//! (escaped for the server's HTML).

use super::SITE_NAME;

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

// Footer
pub const FOOTER_LICENCE_PREFIX: &str = "Données partagées sous licence";
pub const FOOTER_LEGAL: &str = "Mentions légales";
pub const FOOTER_PRIVACY: &str = "Confidentialité";
pub const FOOTER_DATA_CREDITS: &str = "Communes : INSEE et La Poste, Licence Ouverte 2.0";

// Pages
pub const LOADING: &str = "Chargement…";
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

/// A rate limit's refusal: attempts (log-in, sign-up…) or downloads, and the wait.
pub fn too_many(downloads: bool, minutes: u64) -> String {
    let what = if downloads { "Trop de téléchargements depuis votre adresse." } else { "Trop de tentatives. Par sécurité," };
    let again = if downloads { "Réessayez" } else { "réessayez" };
    format!("{what} {again} dans {minutes} minute{}.", if minutes > 1 { "s" } else { "" })
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
