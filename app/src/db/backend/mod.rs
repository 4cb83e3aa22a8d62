//! What differs between SQLite and PostgreSQL, and only that: connecting, migrating,
//! the write lock, backups, text search, a few dialect fragments. The backend is chosen
//! at compile time (`sqlite` default, `postgres`); [`sqlite`] and [`postgres`] export the
//! same names, re-exported here, so the rest of the code never names a backend. A name
//! one of them lacks fails the build of that backend, and the test at the end of this
//! file fails on either backend (both suites run in CI). Everything else is portable
//! SQL, written once with `$N` placeholders.

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
pub use postgres::*;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
mod sqlite;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub use sqlite::*;

/// Why a database could not be opened, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "DATABASE_URL désigne une base « {found} » mais ce programme a été compilé pour « {BACKEND} ». \
         / DATABASE_URL points to a « {found} » database but this build uses « {BACKEND} » \
         (rebuild with --no-default-features --features {found})."
    )]
    WrongBackend { found: String },
    #[error("DATABASE_URL invalide : {0} / invalid DATABASE_URL: {0}")]
    BadUrl(String),
    #[error("impossible d’ouvrir la base de données : {0} / cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("impossible de créer le dossier de la base {0} : {1} / cannot create the database folder")]
    Folder(String, std::io::Error),
}

fn scheme_backend(url: &str) -> Option<&'static str> {
    let scheme = url.split(':').next().unwrap_or("");
    match scheme {
        "sqlite" => Some("sqlite"),
        "postgres" | "postgresql" => Some("postgres"),
        _ => None,
    }
}

/// Checks that a URL names the compiled backend, before anything touches the disk.
pub fn check_url(url: &str) -> Result<(), ConnectError> {
    match scheme_backend(url) {
        Some(b) if b == BACKEND => Ok(()),
        Some(b) => Err(ConnectError::WrongBackend { found: b.to_string() }),
        None => Err(ConnectError::BadUrl("le schéma doit être sqlite: ou postgres: / scheme must be sqlite: or postgres:".into())),
    }
}

/// The search words as both text indexes and the row check read them: letters and digits
/// only, empty words dropped.
fn clean_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a word matches as a prefix. A single letter or digit matches only itself: as a
/// prefix it would read a large part of the index (there is no one-character prefix
/// index) and narrow nothing.
pub fn word_is_prefix(word: &str) -> bool {
    word.chars().count() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_match_the_compiled_backend() {
        let other = if BACKEND == "sqlite" { "postgres://u@localhost/db" } else { "sqlite://data/x.db" };
        let own = if BACKEND == "sqlite" { "sqlite://data/x.db" } else { "postgres://u@localhost/db" };
        assert!(check_url(own).is_ok());
        let err = check_url(other).unwrap_err().to_string();
        assert!(err.contains("compilé pour"), "{err}");
        assert!(matches!(check_url("mysql://x"), Err(ConnectError::BadUrl(_))));
    }

    /// The public names of a backend file: `pub fn`, `pub async fn`, `pub const`, `pub type`.
    fn public_names(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter_map(|l| {
                let rest = l.strip_prefix("pub ")?;
                let rest = rest.strip_prefix("async ").unwrap_or(rest);
                let (_, rest) = rest.split_once(' ').filter(|(k, _)| matches!(*k, "fn" | "const" | "type"))?;
                Some(rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next()?.to_string())
            })
            .collect()
    }

    /// Each backend exports what the other does: the one not compiled is checked here.
    #[test]
    fn both_backends_export_the_same_names() {
        let sqlite = public_names(include_str!("sqlite.rs"));
        let postgres = public_names(include_str!("postgres.rs"));
        assert!(sqlite.len() > 15, "{sqlite:?}");
        assert_eq!(sqlite, postgres, "sqlite.rs and postgres.rs must export the same names");
    }
}
