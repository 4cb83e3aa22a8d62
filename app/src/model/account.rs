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
    Ok(())
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
        assert!(check_new_password(&"é".repeat(64)).is_ok());
        assert!(check_new_password(&"a".repeat(257)).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Camille@Example.ORG ").unwrap().as_str(), "camille@example.org");
        for bad in ["", "camille", "@example.org", "camille@", "camille@example", "a b@example.org", "a@b@c.org", "a@.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
