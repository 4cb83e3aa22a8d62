//! Account value types, validated the same way in the browser and on the server.

use serde::{Deserialize, Serialize};

/// Passwords: at least 12 characters and not only digits — about 50 bits by the CNIL's
/// 2022 formula when login attempts are throttled. No other composition rule; long
/// passphrases welcome. The upper bound keeps hashing cost bounded.
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Err("Le mot de passe doit compter au moins 12 caractères.");
    }
    if n > PASSWORD_MAX_CHARS {
        return Err("Le mot de passe ne peut pas dépasser 256 caractères.");
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err("Le mot de passe ne peut pas être composé uniquement de chiffres.");
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.lines().any(|p| p == lower) || password.chars().all(|c| Some(c) == password.chars().next()) {
        return Err(crate::i18n::ERR_PASSWORD_COMMON);
    }
    Ok(())
}

/// Common passwords long enough to pass the length rule (the short ones already fail it).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

pub const DISPLAY_NAME_MAX_CHARS: usize = 60;

/// A display name: trimmed, 2–60 characters, no control characters.
pub fn check_display_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    let n = name.chars().count();
    if !(2..=DISPLAY_NAME_MAX_CHARS).contains(&n) || name.chars().any(char::is_control) {
        return Err(crate::i18n::ERR_DISPLAY_NAME);
    }
    Ok(name.to_string())
}

/// A syntactically plausible e-mail address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

pub const EMAIL_MAX_CHARS: usize = 254;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let e = raw.trim().to_lowercase();
        let valid = e.len() <= EMAIL_MAX_CHARS
            && !e.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(e.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
        if valid { Ok(Email(e)) } else { Err("Adresse e-mail invalide (exemple : prenom@exemple.fr).") }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert!(check_new_password("court").is_err());
        assert!(check_new_password("123456789012").is_err());
        assert!(check_new_password("partage-demo-2026").is_ok());
        assert!(check_new_password("des châtaignes séchées à la clède de Ventalon, tout l’hiver durant, pour tous").is_ok());
        assert!(check_new_password(&"a".repeat(257)).is_err());
        assert!(check_new_password("MotDePasse2026").is_err(), "common, whatever the case");
        assert!(check_new_password("zzzzzzzzzzzzzz").is_err());
        assert!(check_display_name("  Camille ").unwrap() == "Camille");
        assert!(check_display_name("C").is_err());
        assert!(check_display_name("a\u{0}b").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Camille@Example.ORG ").unwrap().as_str(), "camille@example.org");
        for bad in ["", "camille", "@example.org", "camille@", "camille@example", "a b@example.org", "a@b@c.org", "a@.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}

/// The signed-in user, as pages see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SessionUser {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub is_instance_admin: bool,
}

/// An e-mail of the outbox (dev page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OutboxMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One of my open sessions. `handle` is a hash of the session id: the id itself (the
/// cookie's secret) never reaches a page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub handle: String,
    /// A short label such as « Firefox sur Linux »; the full user agent stays on the server.
    pub device: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub current: bool,
}

/// One line of the audit log (admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub id: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub details: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}
