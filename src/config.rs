//! The client configuration: typed, deep-merged from partial settings, and strict about keys.
//!
//! Defaults follow `@netuno/auth-client` (PROTOCOL.md §2). A patch is parsed with unknown keys
//! rejected and the offending path named (`token.storageKey: invalid type ...`), so a typo such
//! as `storage: 'locl'` fails loudly instead of silently keeping the default.

use crate::error::AuthError;
use serde::{Deserialize, Deserializer, Serialize};

/// Where the token is kept between page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// RFC 6749 §5.1 (the default).
    Seconds,
    /// What Netuno's documentation describes.
    Minutes,
    /// Milliseconds.
    Milliseconds,
}

impl TimeUnit {
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginConfig {
    /// Body key of the username (`username`).
    pub username_key: String,
    /// Body key of the password (`password`).
    pub password_key: String,
}

/// Keys of the refresh request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenConfig {
    /// Body key of the refresh token (`refresh_token`).
    pub parameter_key: String,
}

/// Where the token lives in storage and how to read it out of a server response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
        }
    }
}

/// A config key that holds a JS function. The core only checks that the key is allowed; the
/// facade reads the function itself.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CallbackSlot;

impl<'de> Deserialize<'de> for CallbackSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| CallbackSlot)
    }
}

/// `Some(None)` for an explicit `null`, `None` for an absent key.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Partial `login` settings.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LoginPatch {
    pub username_key: Option<String>,
    pub password_key: Option<String>,
    pub success: Option<CallbackSlot>,
    pub fail: Option<CallbackSlot>,
}

/// Partial `refreshToken` settings.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RefreshTokenPatch {
    pub parameter_key: Option<String>,
    pub success: Option<CallbackSlot>,
    pub fail: Option<CallbackSlot>,
}

/// Partial `token` settings; `null` clears the nullable keys.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct TokenPatch {
    pub storage_key: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub result_key: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub expires_in_key: Option<Option<String>>,
    pub access_token_key: Option<String>,
    pub refresh_token_key: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub token_type_key: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub expires_in_default: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    pub token_type_default: Option<Option<String>>,
}

/// Partial settings, as passed to `config(settings)`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ConfigPatch {
    pub prefix: Option<String>,
    pub url: Option<String>,
    pub auto_load_service_headers: Option<bool>,
    pub auto_refresh_token: Option<bool>,
    pub storage: Option<StorageKind>,
    pub expires_in_unit: Option<TimeUnit>,
    pub login: Option<LoginPatch>,
    pub refresh_token: Option<RefreshTokenPatch>,
    pub token: Option<TokenPatch>,
    pub timeout: Option<u32>,
    pub refresh_lead: Option<f64>,
    #[serde(default, deserialize_with = "nullable")]
    pub refresh_jitter: Option<Option<f64>>,
    pub on_login: Option<CallbackSlot>,
    pub on_logout: Option<CallbackSlot>,
}

impl ConfigPatch {
    /// Parses settings, naming the path of the first bad key in the error.
    pub fn parse<'de, D: Deserializer<'de>>(d: D) -> Result<Self, AuthError> {
        serde_path_to_error::deserialize(d).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            AuthError::Config(if path == "." {
                inner
            } else {
                format!("{path}: {inner}")
            })
        })
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

impl Config {
    /// Deep-merges a patch into a copy of this configuration and validates the result; on error
    /// nothing changes.
    pub fn merged(&self, patch: ConfigPatch) -> Result<Config, AuthError> {
        let mut c = self.clone();
        set(&mut c.prefix, patch.prefix);
        set(&mut c.url, patch.url);
        set(
            &mut c.auto_load_service_headers,
            patch.auto_load_service_headers,
        );
        set(&mut c.auto_refresh_token, patch.auto_refresh_token);
        set(&mut c.storage, patch.storage);
        set(&mut c.expires_in_unit, patch.expires_in_unit);
        set(&mut c.timeout, patch.timeout);
        set(&mut c.refresh_lead, patch.refresh_lead);
        set(&mut c.refresh_jitter, patch.refresh_jitter);
        if let Some(login) = patch.login {
            set(&mut c.login.username_key, login.username_key);
            set(&mut c.login.password_key, login.password_key);
        }
        if let Some(refresh) = patch.refresh_token {
            set(&mut c.refresh_token.parameter_key, refresh.parameter_key);
        }
        if let Some(t) = patch.token {
            let k = &mut c.token;
            set(&mut k.storage_key, t.storage_key);
            set(&mut k.result_key, t.result_key);
            set(&mut k.expires_in_key, t.expires_in_key);
            set(&mut k.access_token_key, t.access_token_key);
            set(&mut k.refresh_token_key, t.refresh_token_key);
            set(&mut k.token_type_key, t.token_type_key);
            set(&mut k.expires_in_default, t.expires_in_default);
            set(&mut k.token_type_default, t.token_type_default);
        }
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<(), AuthError> {
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
        ];
        if let Some((key, _)) = non_empty.iter().find(|(_, v)| v.is_empty()) {
            return Err(AuthError::Config(format!("{key}: must not be empty")));
        }
        if let Some(d) = self.token.expires_in_default {
            if !(d.is_finite() && d > 0.0) {
                return Err(AuthError::Config(
                    "token.expiresInDefault: expected a positive number or null".into(),
                ));
            }
        }
        let seconds = |v: f64| v.is_finite() && v >= 0.0;
        if !seconds(self.refresh_lead) {
            return Err(AuthError::Config(
                "refreshLead: expected seconds >= 0".into(),
            ));
        }
        if !self.refresh_jitter.is_none_or(seconds) {
            return Err(AuthError::Config(
                "refreshJitter: expected seconds >= 0 or null".into(),
            ));
        }
        if self.timeout == 0 {
            return Err(AuthError::Config(
                "timeout: expected milliseconds > 0".into(),
            ));
        }
        Ok(())
    }

    /// The refresh timing these settings ask for.
    pub fn refresh_policy(&self) -> crate::schedule::RefreshPolicy {
        crate::schedule::RefreshPolicy {
            lead_ms: self.refresh_lead * 1000.0,
            jitter_ms: self.refresh_jitter.map(|j| j * 1000.0),
        }
    }

    /// The absolute URL of the auth endpoint (`prefix` + `url` unless `url` is absolute).
    pub fn auth_url(&self) -> String {
        crate::url::join(&self.prefix, &self.url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(json: &str) -> Result<ConfigPatch, AuthError> {
        ConfigPatch::parse(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn deep_merge_keeps_sibling_keys() {
        let c = Config::default()
            .merged(patch(r#"{"token":{"storageKey":"k"},"storage":"local"}"#).unwrap())
            .unwrap();
        assert_eq!(c.token.storage_key, "k");
        assert_eq!(c.token.access_token_key, "access_token");
        assert_eq!(c.storage, StorageKind::Local);
        assert_eq!(c.login, Config::default().login);
    }

    #[test]
    fn null_clears_nullable_keys_and_absent_keeps_them() {
        let c = Config::default()
            .merged(patch(r#"{"token":{"resultKey":null}}"#).unwrap())
            .unwrap();
        assert_eq!(c.token.result_key, None);
        assert_eq!(c.token.expires_in_key.as_deref(), Some("expires_in"));
    }

    #[test]
    fn typos_name_the_key() {
        let e = patch(r#"{"storage":"locl"}"#).unwrap_err().to_string();
        assert!(e.contains("storage") && e.contains("locl"), "{e}");
        let e = patch(r#"{"token":{"storagekey":"x"}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("token") && e.contains("storagekey"), "{e}");
        let e = patch(r#"{"autoRefreshToken":"yes"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("autoRefreshToken") && e.contains("boolean"),
            "{e}"
        );
    }

    #[test]
    fn invalid_values_change_nothing() {
        let base = Config::default();
        let e = base.merged(patch(r#"{"url":""}"#).unwrap()).unwrap_err();
        assert_eq!(e.code(), "config");
        assert_eq!(base, Config::default());
    }

    #[test]
    fn refresh_timing_is_validated() {
        let c = Config::default().merged(patch(r#"{"refreshLead":5,"refreshJitter":0}"#).unwrap());
        assert_eq!(c.unwrap().refresh_policy().lead_ms, 5_000.0);
        let e = Config::default()
            .merged(patch(r#"{"refreshLead":-1}"#).unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("refreshLead"));
    }

    #[test]
    fn callbacks_are_allowed_keys() {
        assert!(patch(r#"{"onLogin":1,"login":{"success":2},"refreshToken":{"fail":3}}"#).is_ok());
    }

    #[test]
    fn auth_url_joins_prefix() {
        assert_eq!(
            Config::default().auth_url(),
            "http://127.0.0.1:9000/services/_auth"
        );
    }
}
