//! Partial settings as passed to `config(settings)`: parsed strictly (unknown keys and wrong
//! types are errors naming the key), then deep-merged into a copy of the configuration and
//! validated, so a bad call changes nothing.

use crate::config::{Config, StorageKind, TimeUnit};
use crate::error::AuthError;
use serde::{Deserialize, Deserializer};

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
    #[serde(default, deserialize_with = "nullable")]
    pub allowed_origins: Option<Option<Vec<String>>>,
    pub auth_header: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub auth_scheme: Option<Option<String>>,
    pub retry_statuses: Option<Vec<u16>>,
    pub cross_tab_lock: Option<bool>,
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
        set(&mut c.allowed_origins, patch.allowed_origins);
        set(&mut c.auth_header, patch.auth_header);
        if let Some(scheme) = patch.auth_scheme {
            c.auth_scheme = Some(scheme);
        }
        set(&mut c.retry_statuses, patch.retry_statuses);
        set(&mut c.cross_tab_lock, patch.cross_tab_lock);
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
            ("authHeader", &self.auth_header),
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
        for origin in self.allowed_origins.iter().flatten() {
            if crate::url::origin(origin).as_deref() != Some(origin.trim_end_matches('/')) {
                return Err(AuthError::Config(format!(
                    "allowedOrigins: `{origin}` is not an origin (scheme://host[:port], lower-case, no path)"
                )));
            }
        }
        if self.timeout == 0 {
            return Err(AuthError::Config(
                "timeout: expected milliseconds > 0".into(),
            ));
        }
        Ok(())
    }
}
