//! Accounts: sign-up, log-in, e-mail confirmation, passwords, sessions, « mes données »
//! and deletion.

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
