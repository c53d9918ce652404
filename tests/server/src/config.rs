//! The server's settings: defaults, the Netuno-shaped JSON file, and flags.
//!
//! Precedence is defaults < `--config` file < individual flags, whatever the
//! order of the flags, so a test can take a shared file and shorten one TTL.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::CliOptions;
use crate::dialect::Dialect;
use crate::error::Error;

/// The secret Netuno ships in its sample configuration.
pub const DEFAULT_SECRET: &str = "ThisSecretMustBeWith32Characters!";
/// HS256 wants a key at least as long as its 256-bit output.
pub const MIN_SECRET_CHARS: usize = 32;
/// Where the server listens unless `--addr` says otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:9000";
/// Netuno's default access-token lifetime: 60 minutes.
pub const DEFAULT_ACCESS_TTL_SECS: u64 = 60 * 60;
/// Netuno's default refresh-token lifetime: 1440 minutes.
pub const DEFAULT_REFRESH_TTL_SECS: u64 = 1440 * 60;
/// How long a client may take to send a request head before it is dropped.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The refresh cookie's name unless `--refresh-cookie-name` says otherwise.
pub const DEFAULT_REFRESH_COOKIE_NAME: &str = "auth_refresh";

/// The unit of the `expires_in` (and netuno `refresh_expires_in`) number in
/// token answers.
///
/// Only the number changes; the lifetimes, and the oauth JWT `exp` claim,
/// are always counted in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiresInUnit {
    /// RFC 6749 §5.1: seconds (the oauth dialect's default).
    Seconds,
    /// What Netuno's documentation describes (its code sends milliseconds).
    Minutes,
    /// What a real Netuno server sends (the netuno dialect's default).
    Milliseconds,
}

impl ExpiresInUnit {
    /// Parses the `--expires-in-unit` value.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the accepted values.
    pub fn parse(value: &str) -> Result<Self, Error> {
        match value {
            "seconds" => Ok(Self::Seconds),
            "minutes" => Ok(Self::Minutes),
            "milliseconds" => Ok(Self::Milliseconds),
            other => Err(Error::Usage(format!(
                "--expires-in-unit must be seconds, minutes or milliseconds (got {other:?})"
            ))),
        }
    }

    /// `ttl_secs` expressed in this unit, as the JSON number to send.
    ///
    /// Minutes may be fractional (a 90 s TTL is 1.5 minutes).
    pub fn express(self, ttl_secs: u64) -> serde_json::Value {
        match self {
            Self::Seconds => ttl_secs.into(),
            Self::Milliseconds => ttl_secs.saturating_mul(1000).into(),
            Self::Minutes if ttl_secs % 60 == 0 => (ttl_secs / 60).into(),
            Self::Minutes => (ttl_secs as f64 / 60.0).into(),
        }
    }
}

/// Everything the server needs to start, after defaults, file and flags.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to bind; port 0 picks a free port.
    pub addr: SocketAddr,
    /// HS256 key for access tokens (at least 32 characters).
    pub secret: String,
    /// Access-token lifetime in seconds.
    pub access_ttl_secs: u64,
    /// Refresh-token lifetime in seconds, counted from each rotation.
    pub refresh_ttl_secs: u64,
    /// Group codes allowed to log in (`auth.jwt.groups`); the netuno
    /// dialect does not check them, as a real Netuno server does not.
    pub groups: Vec<String>,
    /// Unit of the `expires_in` number; `None` takes the dialect's
    /// (see [`ServerConfig::expires_in_unit`]).
    pub expires_in_unit: Option<ExpiresInUnit>,
    /// Folder served at `/`, if any.
    pub static_dir: Option<PathBuf>,
    /// Whether the `/_test/*` endpoints exist.
    pub test_mode: bool,
    /// File to write the bound port number into once listening.
    pub port_file: Option<PathBuf>,
    /// Which wire shape the routes speak.
    pub dialect: Dialect,
    /// Cookie mode: the refresh cookie's name; `None` sets and reads no cookie.
    pub refresh_cookie: Option<String>,
    /// Time a client has to send a whole request head (slow clients are
    /// dropped); an idle keep-alive connection is closed after it too.
    pub header_read_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 9000)),
            secret: DEFAULT_SECRET.to_owned(),
            access_ttl_secs: DEFAULT_ACCESS_TTL_SECS,
            refresh_ttl_secs: DEFAULT_REFRESH_TTL_SECS,
            groups: ["admin", "customer", "supplier"].map(String::from).to_vec(),
            expires_in_unit: None,
            static_dir: None,
            test_mode: false,
            port_file: None,
            dialect: Dialect::Netuno,
            refresh_cookie: None,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
        }
    }
}

impl ServerConfig {
    /// The unit of `expires_in`: the one set, else the dialect's default
    /// (milliseconds for netuno, seconds otherwise).
    pub fn expires_in_unit(&self) -> ExpiresInUnit {
        self.expires_in_unit
            .unwrap_or_else(|| self.dialect.default_expires_in_unit())
    }

    /// Builds the configuration from parsed flags, reading `--config` if given.
    ///
    /// # Errors
    /// An unreadable or invalid file, or a setting the server refuses.
    pub fn from_options(options: CliOptions) -> Result<Self, Error> {
        let mut config = Self::default();
        if let Some(path) = &options.config {
            config.apply_file(path)?;
        }
        if let Some(addr) = options.addr {
            config.addr = addr;
        }
        if let Some(secs) = options.access_ttl_secs {
            config.access_ttl_secs = secs;
        }
        if let Some(secs) = options.refresh_ttl_secs {
            config.refresh_ttl_secs = secs;
        }
        config.expires_in_unit = options.expires_in_unit;
        if let Some(millis) = options.header_timeout_ms {
            config.header_read_timeout = Duration::from_millis(millis);
        }
        config.static_dir = options.static_dir;
        config.test_mode = options.test_mode;
        config.port_file = options.port_file;
        config.dialect = options.dialect.unwrap_or_default();
        config.refresh_cookie = match (options.refresh_cookie, options.refresh_cookie_name) {
            (true, name) => Some(name.unwrap_or_else(|| DEFAULT_REFRESH_COOKIE_NAME.into())),
            (false, None) => None,
            (false, Some(_)) => {
                return Err(Error::Usage(
                    "--refresh-cookie-name needs --refresh-cookie".into(),
                ))
            }
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks the rules that hold whatever the source of each setting.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting and the problem.
    pub fn validate(&self) -> Result<(), Error> {
        let chars = self.secret.chars().count();
        if chars < MIN_SECRET_CHARS {
            return Err(Error::InvalidSetting(format!(
                "auth.jwt.secret must be at least {MIN_SECRET_CHARS} characters (got {chars})"
            )));
        }
        if self.access_ttl_secs == 0 || self.refresh_ttl_secs == 0 {
            return Err(Error::InvalidSetting(
                "token lifetimes must be at least 1 second".into(),
            ));
        }
        if self.header_read_timeout.is_zero() {
            return Err(Error::InvalidSetting(
                "the header read timeout must be at least 1 ms".into(),
            ));
        }
        if let Some(name) = &self.refresh_cookie {
            if !is_cookie_name(name) {
                return Err(Error::InvalidSetting(format!(
                    "refresh cookie name {name:?} is not a valid cookie name \
                     (letters, digits and !#$%&'*+-.^_`|~ only)"
                )));
            }
        }
        if let Some(dir) = &self.static_dir {
            if !dir.is_dir() {
                return Err(Error::InvalidSetting(format!(
                    "--static {} is not a readable directory",
                    dir.display()
                )));
            }
        }
        Ok(())
    }

    /// Reads the Netuno-shaped file at `path` and applies what it sets.
    fn apply_file(&mut self, path: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::ConfigRead {
            path: path.to_owned(),
            source,
        })?;
        let invalid = |message: String| Error::ConfigInvalid {
            path: path.to_owned(),
            message,
        };
        let file = parse_file(&bytes).map_err(invalid)?;
        let Some(jwt) = file.auth.and_then(|auth| auth.jwt) else {
            return Ok(());
        };
        if jwt.enabled == Some(false) {
            return Err(invalid(
                "auth.jwt.enabled is false, but this server only serves JWT auth".into(),
            ));
        }
        if let Some(secret) = jwt.secret {
            self.secret = secret;
        }
        if let Some(groups) = jwt.groups {
            self.groups = groups;
        }
        let expires = jwt.expires.unwrap_or_default();
        if let Some(minutes) = expires.access {
            self.access_ttl_secs = minutes_to_secs(minutes, "access").map_err(invalid)?;
        }
        if let Some(minutes) = expires.refresh {
            self.refresh_ttl_secs = minutes_to_secs(minutes, "refresh").map_err(invalid)?;
        }
        Ok(())
    }
}

/// The file's outer levels: Netuno keeps much else there, so other keys pass.
#[derive(Deserialize)]
struct FileConfig {
    auth: Option<AuthSection>,
}

#[derive(Deserialize)]
struct AuthSection {
    jwt: Option<JwtSection>,
}

/// `auth.jwt`: every key is ours, so a typo is an error that names it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JwtSection {
    enabled: Option<bool>,
    secret: Option<String>,
    expires: Option<ExpiresSection>,
    groups: Option<Vec<String>>,
}

/// `auth.jwt.expires`, in minutes as in Netuno.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ExpiresSection {
    access: Option<f64>,
    refresh: Option<f64>,
}

/// Parses the file, reporting the JSON path of the offending key.
fn parse_file(bytes: &[u8]) -> Result<FileConfig, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed: FileConfig =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            match err.path().to_string().as_str() {
                "." => err.into_inner().to_string(),
                path => format!("at {path}: {}", err.into_inner()),
            }
        })?;
    deserializer.end().map_err(|err| err.to_string())?;
    Ok(parsed)
}

/// Whether `name` is an RFC 6265 cookie name (an RFC 7230 token).
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Converts a lifetime in minutes to whole seconds, at least one.
fn minutes_to_secs(minutes: f64, key: &str) -> Result<u64, String> {
    let secs = (minutes * 60.0).round();
    if !secs.is_finite() || secs < 1.0 || secs > u32::MAX as f64 {
        return Err(format!(
            "auth.jwt.expires.{key} must be a positive number of minutes (got {minutes})"
        ));
    }
    Ok(secs as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_jwt_key_is_named() {
        let err = parse_file(br#"{"auth":{"jwt":{"secrte":"x"}}}"#)
            .err()
            .unwrap_or_default();
        assert!(err.contains("auth.jwt"), "{err}");
        assert!(err.contains("secrte"), "{err}");
    }

    #[test]
    fn other_netuno_keys_pass() {
        let parsed = parse_file(br#"{"db":{"default":{}},"auth":{"other":1}}"#);
        assert!(parsed.is_ok());
    }

    #[test]
    fn minutes_convert_and_reject_nonsense() {
        assert_eq!(minutes_to_secs(1.5, "access"), Ok(90));
        assert!(minutes_to_secs(0.0, "access").is_err());
        assert!(minutes_to_secs(-3.0, "refresh").is_err());
    }

    #[test]
    fn expires_in_units() {
        assert_eq!(ExpiresInUnit::Seconds.express(90), serde_json::json!(90));
        assert_eq!(ExpiresInUnit::Minutes.express(120), serde_json::json!(2));
        assert_eq!(ExpiresInUnit::Minutes.express(90), serde_json::json!(1.5));
        assert_eq!(
            ExpiresInUnit::Milliseconds.express(3),
            serde_json::json!(3000)
        );
    }

    #[test]
    fn the_unit_defaults_to_the_dialects() {
        let unit = |dialect, unit| {
            let config = ServerConfig {
                dialect,
                expires_in_unit: unit,
                ..ServerConfig::default()
            };
            config.expires_in_unit()
        };
        assert_eq!(unit(Dialect::Netuno, None), ExpiresInUnit::Milliseconds);
        assert_eq!(unit(Dialect::Oauth, None), ExpiresInUnit::Seconds);
        assert_eq!(
            unit(Dialect::Netuno, Some(ExpiresInUnit::Minutes)),
            ExpiresInUnit::Minutes
        );
    }

    #[test]
    fn cookie_names_are_tokens() {
        assert!(is_cookie_name("auth_refresh"));
        assert!(is_cookie_name("__Host-rt"));
        for bad in ["", "a b", "a=b", "a;b", "é"] {
            assert!(!is_cookie_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn short_secret_is_refused_with_its_length() {
        let config = ServerConfig {
            secret: "0123456789".into(),
            ..ServerConfig::default()
        };
        let message = config.validate().err().map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some("auth.jwt.secret must be at least 32 characters (got 10)")
        );
    }
}
