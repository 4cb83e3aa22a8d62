//! One typed configuration, read once from environment variables at start-up.
//! A bad value stops the program with a French/English message naming the variable;
//! secret values are never echoed or logged.

use std::net::SocketAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Who may read `/metrics` without `COIN_METRICS_FROM`: this machine.
pub const DEFAULT_METRICS_FROM: &str = "127.0.0.1, ::1";

#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL` (sqlx's name). Default: SQLite file under ./data/.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR` (cargo-leptos' name). Default 127.0.0.1:3000.
    pub site_addr: SocketAddr,
    /// `COIN_PUBLIC_URL`: the address users reach (for links, cookies, CSRF origin checks).
    pub public_url: String,
    /// `COIN_SECRET_KEY` (≥ 32 characters). If absent, generated once and kept in the database.
    pub secret_key: Option<String>,
    /// `COIN_DEMO_DATA`: load the demo data set into an empty database.
    pub demo_data: bool,
    /// `RUST_LOG` (tracing's EnvFilter syntax).
    pub log_filter: String,
    /// `COIN_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `COIN_TILE_URL` / `COIN_TILE_ATTRIBUTION`: the map's raster tiles.
    pub tile_url: String,
    pub tile_attribution: String,
    /// `COIN_DEV_MODE`: development instance (the e-mail outbox page is public).
    pub dev_mode: bool,
    /// `COIN_DB_MAX_CONNECTIONS` (1–200).
    pub db_max_connections: u32,
    /// `COIN_SMTP_URL` + `COIN_SMTP_FROM`: send the outbox by SMTP. `None`: mails stay in
    /// the outbox (readable on the dev outbox page).
    pub smtp: Option<SmtpConfig>,
    /// `COIN_TRUSTED_PROXIES`: reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: app::net::TrustedProxies,
    /// `COIN_METRICS_FROM`: who may read `/metrics` (default: this machine).
    pub metrics_from: app::net::TrustedProxies,
    /// `COIN_MAP_INDEX_FILE`: where the map index is saved for fast restarts (`off`: not
    /// saved). Default: beside the SQLite file, or `data/carte.index` with PostgreSQL.
    pub map_index_file: Option<std::path::PathBuf>,
    /// `COIN_GEOCODER_URL`: the national address API (BAN), e.g.
    /// `https://api-adresse.data.gouv.fr`, called by the server for street addresses.
    /// `None` (default): places are communes only, looked up offline.
    pub geocoder_url: Option<String>,
}

/// Where and as whom to send e-mails. The URL holds the SMTP password: `Debug` shows the
/// host and port only.
#[derive(Clone)]
pub struct SmtpConfig {
    /// lettre's connection URL: `smtps://user:password@host:465`, `smtp://host:587?tls=required`.
    pub url: String,
    pub from: lettre::message::Mailbox,
    pub host: String,
    pub port: u16,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("site_addr", &self.site_addr)
            .field("public_url", &self.public_url)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "[caché]"))
            .field("demo_data", &self.demo_data)
            .field("dev_mode", &self.dev_mode)
            .field("log_filter", &self.log_filter)
            .field("log_format", &self.log_format)
            .field("tile_url", &self.tile_url)
            .field("db_max_connections", &self.db_max_connections)
            .field("smtp", &self.smtp)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics_from", &self.metrics_from)
            .finish()
    }
}

/// Hides passwords in a database URL: `user:secret@host` and `?password=secret`.
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match (base.find("://"), base.rfind('@')) {
        (Some(s), Some(at)) if at > s + 3 => {
            let creds = &base[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &base[..s + 3], &creds[..c], &base[at..]),
                None => base.to_string(),
            }
        }
        _ => base.to_string(),
    };
    match query {
        None => base,
        Some(q) => {
            let params: Vec<String> = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration : {var} — {fr}\nconfiguration: {var} — {en}")]
pub struct ConfigError {
    pub var: &'static str,
    pub fr: String,
    pub en: String,
}

fn err(var: &'static str, fr: impl Into<String>, en: impl Into<String>) -> ConfigError {
    ConfigError { var, fr: fr.into(), en: en.into() }
}

/// The map index file's default place: beside a SQLite file (one per database), else
/// under ./data/ (an in-memory SQLite database has none).
fn default_map_index_file(database_url: &str) -> Option<std::path::PathBuf> {
    if let Some(rest) = database_url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//").split('?').next().unwrap_or_default();
        if path.is_empty() || path.contains(":memory:") || rest.contains("mode=memory") {
            return None;
        }
        return Some(std::path::PathBuf::from(format!("{path}.carte")));
    }
    Some(std::path::PathBuf::from("data/carte.index"))
}

pub const DEFAULT_SQLITE_URL: &str = "sqlite://data/coin-du-partage.db";
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const DEFAULT_TILE_ATTRIBUTION: &str =
    "&copy; <a href=\"https://www.openstreetmap.org/copyright\">les contributeurs d’OpenStreetMap</a>";

fn parse_bool(var: &'static str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "oui" | "on" => Ok(true),
        "0" | "false" | "no" | "non" | "off" | "" => Ok(false),
        _ => Err(err(var, "attendu : true ou false", "expected: true or false")),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = match get("DATABASE_URL").filter(|v| !v.trim().is_empty()) {
            Some(v) => v.trim().to_string(),
            None if app::db::BACKEND == "sqlite" => DEFAULT_SQLITE_URL.to_string(),
            None => {
                return Err(err(
                    "DATABASE_URL",
                    "obligatoire avec PostgreSQL (postgres://utilisateur:motdepasse@hôte/base)",
                    "required with PostgreSQL (postgres://user:password@host/db)",
                ));
            }
        };
        app::db::backend::check_url(&database_url)
            .map_err(|e| err("DATABASE_URL", e.to_string(), "see above"))?;

        let site_addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = site_addr.trim().parse().map_err(|_| {
            err("LEPTOS_SITE_ADDR", "adresse attendue sous la forme 127.0.0.1:3000", "expected an address like 127.0.0.1:3000")
        })?;

        let public_url = get("COIN_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        let public_url = public_url.trim().trim_end_matches('/').to_string();
        let valid_url = (public_url.starts_with("http://") || public_url.starts_with("https://"))
            && public_url.split("://").nth(1).is_some_and(|h| !h.is_empty() && !h.contains(char::is_whitespace));
        if !valid_url {
            return Err(err(
                "COIN_PUBLIC_URL",
                "URL attendue, par exemple https://partage.example.org",
                "expected a URL such as https://partage.example.org",
            ));
        }

        let secret_key = get("COIN_SECRET_KEY").filter(|v| !v.is_empty());
        if let Some(k) = &secret_key {
            if k.chars().count() < 32 {
                return Err(err("COIN_SECRET_KEY", "au moins 32 caractères", "at least 32 characters"));
            }
        }

        let demo_data = match get("COIN_DEMO_DATA") {
            Some(v) => parse_bool("COIN_DEMO_DATA", &v)?,
            None => false,
        };

        let dev_mode = match get("COIN_DEV_MODE") {
            Some(v) => parse_bool("COIN_DEV_MODE", &v)?,
            None => false,
        };

        let log_filter = get("RUST_LOG").unwrap_or_else(|| "info,sqlx=warn,tower_http=info".into());
        tracing_subscriber::EnvFilter::try_new(&log_filter)
            .map_err(|_| err("RUST_LOG", "filtre de journalisation invalide (ex. info,sqlx=warn)", "invalid log filter (e.g. info,sqlx=warn)"))?;
        let log_format = match get("COIN_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("") | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(err("COIN_LOG_FORMAT", "attendu : text ou json", "expected: text or json")),
        };

        let tile_url = get("COIN_TILE_URL").unwrap_or_else(|| DEFAULT_TILE_URL.into());
        if !tile_url.starts_with("https://") && !tile_url.starts_with("http://") || !tile_url.contains("{z}") {
            return Err(err(
                "COIN_TILE_URL",
                "URL de tuiles attendue, avec {z}, {x} et {y}",
                "expected a tile URL template with {z}, {x} and {y}",
            ));
        }
        let tile_attribution = get("COIN_TILE_ATTRIBUTION").unwrap_or_else(|| DEFAULT_TILE_ATTRIBUTION.into());

        let db_max_connections = match get("COIN_DB_MAX_CONNECTIONS") {
            Some(v) => v.trim().parse::<u32>().ok().filter(|n| (1..=200).contains(n)).ok_or_else(|| {
                err("COIN_DB_MAX_CONNECTIONS", "nombre entre 1 et 200", "a number between 1 and 200")
            })?,
            None => 16,
        };

        let smtp = parse_smtp(get("COIN_SMTP_URL"), get("COIN_SMTP_FROM"))?;

        let trusted_proxies = app::net::TrustedProxies::parse(&get("COIN_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|bad| {
                err(
                    "COIN_TRUSTED_PROXIES",
                    format!("adresse IP ou bloc CIDR attendu, pas « {bad} » (ex. 127.0.0.1, 10.0.0.0/8)"),
                    format!("expected IP addresses or CIDR blocks, not « {bad} » (e.g. 127.0.0.1, 10.0.0.0/8)"),
                )
            })?;

        let metrics_from = app::net::TrustedProxies::parse(&get("COIN_METRICS_FROM").unwrap_or_else(|| DEFAULT_METRICS_FROM.into()))
            .map_err(|bad| {
                err(
                    "COIN_METRICS_FROM",
                    format!("adresse IP ou bloc CIDR attendu, pas « {bad} » (ex. 127.0.0.1, 10.0.0.0/8)"),
                    format!("expected IP addresses or CIDR blocks, not « {bad} » (e.g. 127.0.0.1, 10.0.0.0/8)"),
                )
            })?;

        let map_index_file = match get("COIN_MAP_INDEX_FILE").map(|v| v.trim().to_string()) {
            Some(v) if v == "off" => None,
            Some(v) if !v.is_empty() => Some(std::path::PathBuf::from(v)),
            _ => default_map_index_file(&database_url),
        };

        let geocoder_url = match get("COIN_GEOCODER_URL").map(|v| v.trim().trim_end_matches('/').to_string()) {
            Some(v) if v.is_empty() => None,
            Some(v) if url::Url::parse(&v).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some()) => Some(v),
            Some(_) => {
                return Err(err(
                    "COIN_GEOCODER_URL",
                    "URL attendue, par exemple https://api-adresse.data.gouv.fr",
                    "expected a URL such as https://api-adresse.data.gouv.fr",
                ));
            }
            None => None,
        };

        Ok(Config {
            map_index_file,
            geocoder_url,
            database_url,
            site_addr,
            public_url,
            secret_key,
            demo_data,
            dev_mode,
            log_filter,
            log_format,
            tile_url,
            tile_attribution,
            db_max_connections,
            smtp,
            trusted_proxies,
            metrics_from,
        })
    }
}

/// Both SMTP variables or neither. The URL is checked the way lettre will read it, and
/// a password may only travel encrypted (`smtps://` or `?tls=required`) unless the relay
/// is on this machine. Messages never repeat the URL: it holds a password.
fn parse_smtp(url: Option<String>, from: Option<String>) -> Result<Option<SmtpConfig>, ConfigError> {
    let url = url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let from = from.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
    let (url, from) = match (url, from) {
        (None, None) => return Ok(None),
        (Some(_), None) => {
            return Err(err(
                "COIN_SMTP_FROM",
                "obligatoire avec COIN_SMTP_URL, par exemple Coin du partage <ne-pas-repondre@example.org>",
                "required with COIN_SMTP_URL, e.g. Coin du partage <ne-pas-repondre@example.org>",
            ));
        }
        (None, Some(_)) => {
            return Err(err("COIN_SMTP_URL", "obligatoire avec COIN_SMTP_FROM", "required with COIN_SMTP_FROM"));
        }
        (Some(u), Some(f)) => (u, f),
    };
    let bad_url = || {
        err(
            "COIN_SMTP_URL",
            "URL attendue : smtps://utilisateur:motdepasse@hôte:465 ou smtp://hôte:587?tls=required",
            "expected smtps://user:password@host:465 or smtp://host:587?tls=required",
        )
    };
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url).map_err(|_| bad_url())?;
    let parsed = url::Url::parse(&url).map_err(|_| bad_url())?;
    let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(bad_url)?.to_string();
    let tls = parsed.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
    let encrypted = parsed.scheme() == "smtps" || tls.as_deref() == Some("required");
    // lettre's default ports for each form of URL.
    let port = parsed.port().unwrap_or(match (parsed.scheme(), tls.is_some()) {
        ("smtps", _) => 465,
        (_, true) => 587,
        _ => 25,
    });
    let local = host == "localhost" || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if parsed.password().is_some() && !encrypted && !local {
        return Err(err(
            "COIN_SMTP_URL",
            "le mot de passe partirait en clair : utilisez smtps:// ou ?tls=required",
            "the password would travel unencrypted: use smtps:// or ?tls=required",
        ));
    }
    let from: lettre::message::Mailbox = from.parse().map_err(|_| {
        err(
            "COIN_SMTP_FROM",
            "adresse attendue, par exemple Coin du partage <ne-pas-repondre@example.org>",
            "expected an address, e.g. Coin du partage <ne-pas-repondre@example.org>",
        )
    })?;
    Ok(Some(SmtpConfig { url, from, host, port }))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let own_url = if app::db::BACKEND == "sqlite" { DEFAULT_SQLITE_URL } else { "postgres://u:p@localhost/db" };
        Config::from_lookup(move |k| map.get(k).cloned().or_else(|| (k == "DATABASE_URL").then(|| own_url.to_string())))
    }

    #[test]
    fn defaults_run_locally() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(!c.demo_data);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn bad_values_name_the_variable_in_both_languages() {
        let e = cfg(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(e.var, "LEPTOS_SITE_ADDR");
        let msg = e.to_string();
        assert!(msg.contains("adresse attendue") && msg.contains("expected an address"), "{msg}");
        assert_eq!(cfg(&[("COIN_DEMO_DATA", "peut-être")]).unwrap_err().var, "COIN_DEMO_DATA");
        assert_eq!(cfg(&[("COIN_PUBLIC_URL", "partage.example.org")]).unwrap_err().var, "COIN_PUBLIC_URL");
        assert_eq!(cfg(&[("COIN_DB_MAX_CONNECTIONS", "0")]).unwrap_err().var, "COIN_DB_MAX_CONNECTIONS");
        assert_eq!(cfg(&[("COIN_TILE_URL", "ftp://x")]).unwrap_err().var, "COIN_TILE_URL");
        assert_eq!(cfg(&[("RUST_LOG", "info,[=")]).unwrap_err().var, "RUST_LOG");
        assert_eq!(cfg(&[("COIN_TRUSTED_PROXIES", "10.0.0.1, proxy")]).unwrap_err().var, "COIN_TRUSTED_PROXIES");
        assert!(cfg(&[]).unwrap().trusted_proxies.is_empty());
        let p = cfg(&[("COIN_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8, fd00::/8")]).unwrap().trusted_proxies;
        assert!(p.contains("10.9.8.7".parse().unwrap()) && !p.contains("192.0.2.1".parse().unwrap()));
    }

    #[test]
    fn a_short_secret_is_refused_and_never_echoed() {
        let e = cfg(&[("COIN_SECRET_KEY", "tooshort-secret")]).unwrap_err();
        assert_eq!(e.var, "COIN_SECRET_KEY");
        assert!(!e.to_string().contains("tooshort-secret"));
        let ok = cfg(&[("COIN_SECRET_KEY", &"k".repeat(40))]).unwrap();
        assert!(!format!("{ok:?}").contains(&"k".repeat(40)));
    }

    #[test]
    fn a_database_url_for_the_other_backend_is_refused() {
        let other = if app::db::BACKEND == "sqlite" { "postgres://u:p@localhost/db" } else { "sqlite://data/x.db" };
        let e = cfg(&[("DATABASE_URL", other)]).unwrap_err();
        assert_eq!(e.var, "DATABASE_URL");
        assert!(e.to_string().contains("compilé pour"));
    }

    #[test]
    fn smtp_is_off_by_default_and_needs_both_variables() {
        assert!(cfg(&[]).unwrap().smtp.is_none());
        assert_eq!(cfg(&[("COIN_SMTP_URL", "smtp://localhost:25")]).unwrap_err().var, "COIN_SMTP_FROM");
        assert_eq!(cfg(&[("COIN_SMTP_FROM", "x@example.org")]).unwrap_err().var, "COIN_SMTP_URL");
        let from = ("COIN_SMTP_FROM", "Coin du partage <ne-pas-repondre@example.org>");
        assert_eq!(cfg(&[("COIN_SMTP_URL", "http://example.org"), from]).unwrap_err().var, "COIN_SMTP_URL");
        assert_eq!(cfg(&[("COIN_SMTP_URL", "smtp://localhost"), ("COIN_SMTP_FROM", "pas une adresse")]).unwrap_err().var, "COIN_SMTP_FROM");
        let c = cfg(&[("COIN_SMTP_URL", "smtp://smtp.example.org?tls=required"), from]).unwrap().smtp.unwrap();
        assert_eq!((c.host.as_str(), c.port), ("smtp.example.org", 587));
        assert_eq!(c.from.email.to_string(), "ne-pas-repondre@example.org");
    }

    #[test]
    fn the_smtp_password_is_never_shown_nor_sent_in_clear() {
        let from = ("COIN_SMTP_FROM", "Coin du partage <ne-pas-repondre@example.org>");
        let ok = cfg(&[("COIN_SMTP_URL", "smtps://coin:s3cr3t-smtp@smtp.example.org"), from]).unwrap();
        let shown = format!("{ok:?}");
        assert!(!shown.contains("s3cr3t-smtp") && shown.contains("smtp.example.org") && shown.contains("465"), "{shown}");
        let e = cfg(&[("COIN_SMTP_URL", "smtp://coin:s3cr3t-smtp@smtp.example.org:587"), from]).unwrap_err();
        assert_eq!(e.var, "COIN_SMTP_URL");
        assert!(!e.to_string().contains("s3cr3t-smtp"));
        // A relay on this machine may take a password over plain SMTP.
        assert!(cfg(&[("COIN_SMTP_URL", "smtp://coin:s3cr3t-smtp@127.0.0.1:25"), from]).is_ok());
    }

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(redact_url("postgres://coin:s3cret@db:5432/coin"), "postgres://coin:***@db:5432/coin");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(
            redact_url("postgres://db/coin?user=coin&password=s3cret&sslmode=require"),
            "postgres://db/coin?user=coin&password=***&sslmode=require"
        );
    }
}
