//! The client configuration: typed, deep-merged from partial settings, and strict about keys.
//!
//! Defaults follow `@netuno/auth-client` (PROTOCOL.md §2). A patch is parsed with unknown keys
//! rejected and the offending path named (`token.storageKey: invalid type ...`), so a typo such
//! as `storage: 'locl'` fails loudly instead of silently keeping the default.

/// Where the token is kept between page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    /// `sessionStorage`: per tab, gone when the tab closes (the default).
    Session,
    /// `localStorage`: shared by every tab of the origin, survives restarts.
    Local,
    /// Nowhere: the token lives and dies with the page.
    Memory,
}

/// The unit of the server's `expires_in` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// RFC 6749 §5.1 (the default).
    Seconds,
    /// What Netuno's documentation describes.
    Minutes,
    /// Milliseconds.
    Milliseconds,
}

impl StorageKind {
    const ALL: [Self; 3] = [Self::Session, Self::Local, Self::Memory];

    /// The kind a settings name stands for.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The name used in settings.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageKind::Session => "session",
            StorageKind::Local => "local",
            StorageKind::Memory => "memory",
        }
    }
}

impl TimeUnit {
    const ALL: [Self; 3] = [Self::Seconds, Self::Minutes, Self::Milliseconds];

    /// The unit a settings name stands for.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == name)
    }

    /// The name used in settings.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Milliseconds => "milliseconds",
        }
    }

    /// How many milliseconds one unit is.
    pub fn millis(self) -> f64 {
        match self {
            TimeUnit::Seconds => 1_000.0,
            TimeUnit::Minutes => 60_000.0,
            TimeUnit::Milliseconds => 1.0,
        }
    }
}

/// Keys of the login request body.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginConfig {
    /// Body key of the username (`username`).
    pub username_key: String,
    /// Body key of the password (`password`).
    pub password_key: String,
}

/// Keys of the refresh request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshTokenConfig {
    /// Body key of the refresh token (`refresh_token`).
    pub parameter_key: String,
}

/// Where the token lives in storage and how to read it out of a server response.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenConfig {
    /// Storage key (`_auth_token`).
    pub storage_key: String,
    /// Response key that must be `true`; `None` skips the check.
    pub result_key: Option<String>,
    /// Response key of the lifetime number.
    pub expires_in_key: Option<String>,
    /// Response key of the access token.
    pub access_token_key: String,
    /// Response key of the refresh token.
    pub refresh_token_key: String,
    /// Response key of the token type.
    pub token_type_key: Option<String>,
    /// Lifetime (in `expiresInUnit`) used when neither the JWT nor the response gives one.
    pub expires_in_default: Option<f64>,
    /// Token type used when the response has none (else `Bearer`).
    pub token_type_default: Option<String>,
}

/// The whole configuration of one client.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base URL of the API; relative URLs of service calls are joined to it.
    pub prefix: String,
    /// The auth endpoint, relative to `prefix` (or absolute).
    pub url: String,
    /// Kept for compatibility: the Authorization header is always attached by this SDK's own
    /// service wrapper, only to allowed origins.
    pub auto_load_service_headers: bool,
    /// Refresh automatically before the access token expires.
    pub auto_refresh_token: bool,
    /// Where the token is kept.
    pub storage: StorageKind,
    /// Unit of the server's `expires_in`.
    pub expires_in_unit: TimeUnit,
    /// Login request keys.
    pub login: LoginConfig,
    /// Refresh request keys.
    pub refresh_token: RefreshTokenConfig,
    /// Token storage and response keys.
    pub token: TokenConfig,
    /// Request timeout in milliseconds for calls to the auth endpoint.
    pub timeout: u32,
    /// Refresh this many seconds before the access token expires (at most half its lifetime).
    pub refresh_lead: f64,
    /// Refresh up to this many seconds earlier still, at random; `None`: 10% of the lead.
    pub refresh_jitter: Option<f64>,
    /// Origins that receive the token; `None`: the origin of `prefix` (or the page's own
    /// origin when `prefix` is relative).
    pub allowed_origins: Option<Vec<String>>,
    /// Header that carries the token (`Authorization`).
    pub auth_header: String,
    /// Scheme before the token: absent (`None`) uses the token type (`Bearer`), `null`
    /// (`Some(None)`) sends the bare token (for `x-access-token` servers).
    pub auth_scheme: Option<Option<String>>,
    /// Statuses after which a call is retried once with a refreshed token (`[401]`).
    pub retry_statuses: Vec<u16>,
    /// With `storage: 'local'`, refresh under a cross-tab lock (default `true`). Turning it off
    /// lets tabs race to spend the same refresh token; it exists to show that race in tests.
    pub cross_tab_lock: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            prefix: "http://127.0.0.1:9000/services/".into(),
            url: "_auth".into(),
            auto_load_service_headers: true,
            auto_refresh_token: true,
            storage: StorageKind::Session,
            expires_in_unit: TimeUnit::Seconds,
            login: LoginConfig {
                username_key: "username".into(),
                password_key: "password".into(),
            },
            refresh_token: RefreshTokenConfig {
                parameter_key: "refresh_token".into(),
            },
            token: TokenConfig {
                storage_key: "_auth_token".into(),
                result_key: Some("result".into()),
                expires_in_key: Some("expires_in".into()),
                access_token_key: "access_token".into(),
                refresh_token_key: "refresh_token".into(),
                token_type_key: Some("token_type".into()),
                expires_in_default: None,
                token_type_default: None,
            },
            timeout: 30_000,
            refresh_lead: 60.0,
            refresh_jitter: None,
            allowed_origins: None,
            auth_header: "Authorization".into(),
            auth_scheme: None,
            retry_statuses: vec![401],
            cross_tab_lock: true,
        }
    }
}

impl Config {
    /// The configuration as `config()` returns it, as JSON text (the callbacks are added by
    /// `client.js`).
    pub fn to_json(&self) -> String {
        crate::json_read::write(&self.clone().slots())
    }

    /// The refresh timing these settings ask for.
    pub fn refresh_policy(&self) -> crate::schedule::RefreshPolicy {
        crate::schedule::RefreshPolicy {
            lead_ms: self.refresh_lead * 1000.0,
            jitter_ms: self.refresh_jitter.map(|j| j * 1000.0),
        }
    }

    /// The header name and value that carry `token` of type `token_type`.
    pub fn auth_header_value(&self, token_type: &str, token: &str) -> (String, String) {
        let value = match &self.auth_scheme {
            None => crate::text::concat(&[token_type, " ", token]),
            Some(None) => token.to_owned(),
            Some(Some(scheme)) => crate::text::concat(&[scheme, " ", token]),
        };
        (self.auth_header.clone(), value)
    }

    /// The absolute URL of the auth endpoint (`prefix` + `url` unless `url` is absolute).
    pub fn auth_url(&self) -> String {
        crate::url::join(&self.prefix, &self.url)
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
