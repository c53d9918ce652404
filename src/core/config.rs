//! The client configuration: one typed, serde-derived struct per section, with the defaults of
//! `@netuno/auth-client` (PROTOCOL.md §2).
//!
//! JS settings are deep-merged into the serialized configuration and the result is deserialized
//! back ([`crate::core::keys`] rejects unknown keys first, naming them, because
//! serde-wasm-bindgen reads only the declared fields); Rust apps change the struct itself. Either
//! way [`Config::validate`] runs before anything is applied, so a bad change changes nothing.

pub use crate::core::config_sections::{
    Credentials, LoginConfig, LogoutConfig, RefreshTokenConfig, ServiceConfig, TokenConfig,
};
use crate::core::error::AuthError;
use crate::core::params::{Param, Params};
use crate::core::url::{join_at, PageUrl};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;

/// Where the token is kept between page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// `sessionStorage`: per tab, gone when the tab closes (the default).
    Session,
    /// `localStorage`: shared by every tab of the origin, survives restarts.
    Local,
    /// Nowhere: the token lives and dies with the page.
    Memory,
}

/// The unit of the server's `expires_in` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// RFC 6749 §5.1, and most OAuth-shaped servers.
    Seconds,
    /// What Netuno's documentation describes (its server sends milliseconds).
    Minutes,
    /// What a Netuno server sends (minutes × 60000): the default.
    Milliseconds,
}

impl TimeUnit {
    /// The unit as configured (`'milliseconds'`).
    pub fn name(self) -> &'static str {
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

/// The whole configuration of one client (in TypeScript `ConfigData`: `Config` adds the
/// callbacks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(rename = "ConfigData", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Base URL of the API; relative URLs of service calls are joined to it.
    pub prefix: String,
    /// The auth endpoint, relative to `prefix` (or absolute).
    pub url: String,
    /// Whether a linked `@netuno/service-client` (`useServiceClient`) gets the token header in
    /// its global headers, as the reference client does. This SDK's own `service` and
    /// `authFetch` attach it in any case, to allowed origins only.
    pub auto_load_service_headers: bool,
    /// Refresh automatically before the access token expires.
    pub auto_refresh_token: bool,
    /// Where the token is kept.
    pub storage: StorageKind,
    /// Unit of the server's `expires_in`: `milliseconds` (the default) as a Netuno server sends
    /// it; `seconds` for RFC 6749 servers. A JWT `exp` claim, where the token has one, wins.
    pub expires_in_unit: TimeUnit,
    /// Login request keys.
    pub login: LoginConfig,
    /// The refresh request.
    pub refresh_token: RefreshTokenConfig,
    /// The logout request.
    pub logout: LogoutConfig,
    /// Defaults of `service()` calls.
    pub service: ServiceConfig,
    /// Token storage and response keys.
    pub token: TokenConfig,
    /// Request timeout in milliseconds for calls to the auth endpoint, and the default of
    /// `service` (the body read included) and `auth_fetch` (until the response headers).
    pub timeout: u32,
    /// Refresh this many seconds before the access token expires (at most half its lifetime).
    pub refresh_lead: f64,
    /// Refresh up to this many seconds earlier still, at random; `None`: 10% of the lead.
    pub refresh_jitter: Option<f64>,
    /// Origins that receive the token; `None`: the origin of `prefix` (when `prefix` is
    /// relative, the page's own origin, or on a frontend dev server the backend's: see
    /// [`Config::prefix_at`]).
    pub allowed_origins: Option<Vec<String>>,
    /// Header that carries the token (`Authorization`).
    pub auth_header: String,
    /// Scheme before the token: absent (`None`) uses the token type (`Bearer`), `null`
    /// (`Some(None)`) sends the bare token (for `x-access-token` servers).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "js", tsify(optional, type = "string | null"))]
    pub auth_scheme: Option<Option<String>>,
    /// Statuses after which a call is retried once with a refreshed token (`[401]`).
    pub retry_statuses: Vec<u16>,
    /// With `storage: 'local'`, refresh under a cross-tab lock (default `true`). Turning it off
    /// lets tabs race to spend the same refresh token; it exists to show that race in tests.
    pub cross_tab_lock: bool,
    /// Tabs of this origin share one session over a `BroadcastChannel`: a new tab gets the
    /// access token from a live one (never the refresh token), one tab refreshes for all (the
    /// one holding the refresh token, outside cookie mode: also from the background, and when
    /// another tab asks), and a logout logs out every tab. `None` (the default): on in cookie
    /// mode, else off. With `storage: 'local'` the storage itself is shared and this changes
    /// nothing.
    #[cfg_attr(feature = "js", tsify(type = "boolean | null"))]
    pub share_across_tabs: Option<bool>,
}

/// `null` as `Some(None)`, so that a present `null` differs from an absent key (`None`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl Default for Config {
    fn default() -> Self {
        Self {
            prefix: "http://127.0.0.1:9000/services/".into(),
            url: "_auth".into(),
            auto_load_service_headers: true,
            auto_refresh_token: true,
            storage: StorageKind::Session,
            expires_in_unit: TimeUnit::Milliseconds,
            login: LoginConfig {
                username_key: "username".into(),
                password_key: "password".into(),
                params: Params::netuno(),
            },
            refresh_token: RefreshTokenConfig {
                parameter_key: "refresh_token".into(),
                url: None,
                cookie: false,
                params: Params::netuno(),
            },
            logout: LogoutConfig {
                url: None,
                params: Params::default(),
            },
            service: ServiceConfig {
                headers: Params::default(),
                credentials: None,
            },
            token: TokenConfig {
                storage_key: "_auth_token".into(),
                result_key: Some("result".into()),
                expires_in_key: Some("expires_in".into()),
                access_token_key: "access_token".into(),
                refresh_token_key: "refresh_token".into(),
                token_type_key: Some("token_type".into()),
                loaded_in_key: "loaded_in".into(),
                expires_in_default: None,
                token_type_default: None,
                max_bytes: 16_384,
            },
            timeout: 30_000,
            refresh_lead: 60.0,
            refresh_jitter: None,
            allowed_origins: None,
            auth_header: "Authorization".into(),
            auth_scheme: None,
            retry_statuses: vec![401],
            cross_tab_lock: true,
            share_across_tabs: None,
        }
    }
}

fn config_error(key: &str, problem: &str) -> AuthError {
    AuthError::Config(format!("{key}: {problem}"))
}

impl Config {
    /// The keys whose values are sections: settings deep-merge into them member by member,
    /// where every other value is replaced whole.
    pub const SECTIONS: [&'static str; 5] = ["login", "refreshToken", "logout", "service", "token"];

    /// The largest token response body read, in bytes: room for both tokens at their limit
    /// and the rest of the response, at least 64 KiB. A larger body is refused unparsed.
    pub fn max_response_bytes(&self) -> usize {
        (self.token.max_bytes as usize)
            .saturating_mul(4)
            .max(65_536)
    }

    /// The header name and value that carry `token` of type `token_type`.
    pub fn auth_header_value(&self, token_type: &str, token: &str) -> (String, String) {
        let value = match &self.auth_scheme {
            None => format!("{token_type} {token}"),
            Some(None) => token.to_owned(),
            Some(Some(scheme)) => format!("{scheme} {token}"),
        };
        (self.auth_header.clone(), value)
    }

    /// Whether the refresh token lives in an `HttpOnly` cookie (`refreshToken.cookie`).
    pub fn cookie_mode(&self) -> bool {
        self.refresh_token.cookie
    }

    /// Where the token is kept: in cookie mode always in memory (nothing a script could read
    /// survives the page), else `storage`.
    pub fn token_storage(&self) -> StorageKind {
        if self.cookie_mode() {
            StorageKind::Memory
        } else {
            self.storage
        }
    }

    /// Whether tabs share the session over a `BroadcastChannel` (see `share_across_tabs`).
    pub fn shares_tabs(&self) -> bool {
        self.token_storage() != StorageKind::Local
            && self.share_across_tabs.unwrap_or(self.cookie_mode())
    }

    /// Whether refreshes run under the cross-tab lock: whenever tabs spend one refresh token
    /// (shared storage, the shared cookie) or share one session.
    pub fn locks_refresh(&self) -> bool {
        self.cross_tab_lock
            && (self.token_storage() == StorageKind::Local
                || self.cookie_mode()
                || self.shares_tabs())
    }

    /// The prefix requests go to, seen from `page`: a path prefix on a frontend dev server
    /// points at the backend beside it ([`crate::core::url::api_prefix`]).
    pub fn prefix_at(&self, page: Option<&PageUrl>) -> Cow<'_, str> {
        crate::core::url::api_prefix(&self.prefix, page)
    }

    /// The URL of the auth endpoint (`prefix` + `url` unless `url` is absolute or already
    /// under the prefix).
    pub fn auth_url(&self) -> String {
        self.auth_url_at(None)
    }

    /// [`Config::auth_url`] seen from `page` (see [`Config::prefix_at`]).
    pub fn auth_url_at(&self, page: Option<&PageUrl>) -> String {
        join_at(&self.prefix, &self.url, page)
    }

    /// The URL of the refresh endpoint: `refreshToken.url` joined like `url`, else `url`'s.
    pub fn refresh_url(&self) -> String {
        self.refresh_url_at(None)
    }

    /// [`Config::refresh_url`] seen from `page`.
    pub fn refresh_url_at(&self, page: Option<&PageUrl>) -> String {
        let url = self.refresh_token.url.as_deref().unwrap_or(&self.url);
        join_at(&self.prefix, url, page)
    }

    /// The URL logout is announced to, if any.
    pub fn logout_url(&self) -> Option<String> {
        self.logout_url_at(None)
    }

    /// [`Config::logout_url`] seen from `page`.
    pub fn logout_url_at(&self, page: Option<&PageUrl>) -> Option<String> {
        let url = self.logout.url.as_deref()?;
        Some(join_at(&self.prefix, url, page))
    }

    /// Checks the values serde cannot: non-empty keys, positive numbers.
    ///
    /// # Errors
    /// [`AuthError::Config`] naming the first bad key. (Whether `allowedOrigins` are origins
    /// is checked by the browser client, with the browser's own URL parser.)
    pub fn validate(&self) -> Result<(), AuthError> {
        let non_empty = [
            ("url", &self.url),
            ("login.usernameKey", &self.login.username_key),
            ("login.passwordKey", &self.login.password_key),
            (
                "refreshToken.parameterKey",
                &self.refresh_token.parameter_key,
            ),
            ("token.storageKey", &self.token.storage_key),
            ("token.accessTokenKey", &self.token.access_token_key),
            ("token.refreshTokenKey", &self.token.refresh_token_key),
            ("token.loadedInKey", &self.token.loaded_in_key),
            ("authHeader", &self.auth_header),
        ];
        if let Some((key, _)) = non_empty.iter().find(|(_, v)| v.is_empty()) {
            return Err(config_error(key, "must not be empty"));
        }
        if !self
            .token
            .expires_in_default
            .is_none_or(|d| d.is_finite() && d > 0.0)
        {
            return Err(config_error(
                "token.expiresInDefault",
                "expected a positive number or null",
            ));
        }
        let seconds = |v: f64| v.is_finite() && v >= 0.0;
        if !seconds(self.refresh_lead) {
            return Err(config_error("refreshLead", "expected seconds >= 0"));
        }
        if !self.refresh_jitter.is_none_or(seconds) {
            return Err(config_error(
                "refreshJitter",
                "expected seconds >= 0 or null",
            ));
        }
        if self.timeout == 0 {
            return Err(config_error("timeout", "expected milliseconds > 0"));
        }
        let empty_url = |url: &Option<String>| url.as_deref().is_some_and(str::is_empty);
        if empty_url(&self.refresh_token.url) || empty_url(&self.logout.url) {
            return Err(config_error(
                "refreshToken.url / logout.url",
                "must not be empty (null: none of its own)",
            ));
        }
        if self.cookie_mode() && self.logout.url.is_none() {
            return Err(config_error(
                "refreshToken.cookie",
                "needs logout.url (where the server clears the refresh cookie)",
            ));
        }
        if self.token.max_bytes < 64 {
            return Err(config_error("token.maxBytes", "expected at least 64 bytes"));
        }
        self.validate_headers()
    }

    /// Checks what goes into request headers, which `fetch` would refuse on every call.
    fn validate_headers(&self) -> Result<(), AuthError> {
        const NAME: &str = "expected a header name (letters, digits and !#$%&'*+-.^_`|~)";
        if !is_header_name(&self.auth_header) {
            return Err(config_error("authHeader", NAME));
        }
        if let Some(Some(scheme)) = &self.auth_scheme {
            if !is_header_name(scheme) {
                return Err(config_error(
                    "authScheme",
                    "expected a scheme such as Bearer, or null",
                ));
            }
        }
        for (name, value) in &self.service.headers.0 {
            if !is_header_name(name) {
                return Err(config_error("service.headers", NAME));
            }
            if let Param::Text(text) = value {
                if !is_header_value(text) {
                    return Err(config_error(
                        "service.headers",
                        "a value has a line break, a NUL or a character above U+00FF",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether `name` is an HTTP header name (RFC 9110's token), as `Headers.set` requires.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `Headers.set` takes `value`: no CR, LF or NUL, and Latin-1 only.
fn is_header_value(value: &str) -> bool {
    value
        .chars()
        .all(|c| !matches!(c, '\0' | '\r' | '\n') && u32::from(c) <= 0xFF)
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
