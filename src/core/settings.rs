//! Settings as typed changes: each key of a settings object is one serde-derived enum value
//! (`{storage: 'local'}` is `Setting::Storage(StorageKind::Local)`), applied to a copy of the
//! configuration, which is then validated; on any error nothing changes.
//!
//! A key is read on its own, so its error names it (`token.storageKey: invalid type ...`), and
//! only the keys the app passes are read: deserializing the whole merged configuration for each
//! call would cost several times the code in the wasm (every field of every section, with its
//! duplicate and missing-field paths). `tests::every_key_is_a_setting` keeps the enums and
//! [`Config`] in step.

use crate::core::config::{Config, Credentials, StorageKind, TimeUnit};
use crate::core::error::AuthError;
use crate::core::keys;
use crate::core::params::Params;
use serde::Deserialize;

/// A top-level setting (the sections are [`Change::Login`] and the others).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum Setting {
    Prefix(String),
    Url(String),
    AutoLoadServiceHeaders(bool),
    AutoRefreshToken(bool),
    Storage(StorageKind),
    ExpiresInUnit(TimeUnit),
    Timeout(u32),
    RefreshLead(f64),
    RefreshJitter(Option<f64>),
    AllowedOrigins(Option<Vec<String>>),
    AuthHeader(String),
    /// `null`: the bare token.
    AuthScheme(Option<String>),
    RetryStatuses(Vec<u16>),
    CrossTabLock(bool),
    ShareAcrossTabs(Option<bool>),
}

/// A setting of the `login` section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum LoginSetting {
    UsernameKey(String),
    PasswordKey(String),
    Params(Params),
}

/// A setting of the `refreshToken` section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum RefreshTokenSetting {
    ParameterKey(String),
    Url(Option<String>),
    Cookie(bool),
    Params(Params),
}

/// A setting of the `logout` section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum LogoutSetting {
    Url(Option<String>),
    Params(Params),
}

/// A setting of the `service` section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum ServiceSetting {
    Headers(Params),
    Credentials(Option<Credentials>),
}

/// A setting of the `token` section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum TokenSetting {
    StorageKey(String),
    ResultKey(Option<String>),
    ExpiresInKey(Option<String>),
    AccessTokenKey(String),
    RefreshTokenKey(String),
    TokenTypeKey(Option<String>),
    LoadedInKey(String),
    ExpiresInDefault(Option<f64>),
    TokenTypeDefault(Option<String>),
    MaxBytes(u32),
}

/// One settings key's change, whichever section it is in.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Change {
    Top(Setting),
    Login(LoginSetting),
    RefreshToken(RefreshTokenSetting),
    Logout(LogoutSetting),
    Service(ServiceSetting),
    Token(TokenSetting),
}

impl Change {
    /// Applies the change to `c`.
    pub fn apply(self, c: &mut Config) {
        match self {
            Change::Top(s) => match s {
                Setting::Prefix(v) => c.prefix = v,
                Setting::Url(v) => c.url = v,
                Setting::AutoLoadServiceHeaders(v) => c.auto_load_service_headers = v,
                Setting::AutoRefreshToken(v) => c.auto_refresh_token = v,
                Setting::Storage(v) => c.storage = v,
                Setting::ExpiresInUnit(v) => c.expires_in_unit = v,
                Setting::Timeout(v) => c.timeout = v,
                Setting::RefreshLead(v) => c.refresh_lead = v,
                Setting::RefreshJitter(v) => c.refresh_jitter = v,
                Setting::AllowedOrigins(v) => c.allowed_origins = v,
                Setting::AuthHeader(v) => c.auth_header = v,
                Setting::AuthScheme(v) => c.auth_scheme = Some(v),
                Setting::RetryStatuses(v) => c.retry_statuses = v,
                Setting::CrossTabLock(v) => c.cross_tab_lock = v,
                Setting::ShareAcrossTabs(v) => c.share_across_tabs = v,
            },
            Change::Login(s) => match s {
                LoginSetting::UsernameKey(v) => c.login.username_key = v,
                LoginSetting::PasswordKey(v) => c.login.password_key = v,
                LoginSetting::Params(v) => c.login.params = v,
            },
            Change::RefreshToken(s) => match s {
                RefreshTokenSetting::ParameterKey(v) => c.refresh_token.parameter_key = v,
                RefreshTokenSetting::Url(v) => c.refresh_token.url = v,
                RefreshTokenSetting::Cookie(v) => c.refresh_token.cookie = v,
                RefreshTokenSetting::Params(v) => c.refresh_token.params = v,
            },
            Change::Logout(s) => match s {
                LogoutSetting::Url(v) => c.logout.url = v,
                LogoutSetting::Params(v) => c.logout.params = v,
            },
            Change::Service(s) => match s {
                ServiceSetting::Headers(v) => c.service.headers = v,
                ServiceSetting::Credentials(v) => c.service.credentials = v,
            },
            Change::Token(s) => {
                let t = &mut c.token;
                match s {
                    TokenSetting::StorageKey(v) => t.storage_key = v,
                    TokenSetting::ResultKey(v) => t.result_key = v,
                    TokenSetting::ExpiresInKey(v) => t.expires_in_key = v,
                    TokenSetting::AccessTokenKey(v) => t.access_token_key = v,
                    TokenSetting::RefreshTokenKey(v) => t.refresh_token_key = v,
                    TokenSetting::TokenTypeKey(v) => t.token_type_key = v,
                    TokenSetting::LoadedInKey(v) => t.loaded_in_key = v,
                    TokenSetting::ExpiresInDefault(v) => t.expires_in_default = v,
                    TokenSetting::TokenTypeDefault(v) => t.token_type_default = v,
                    TokenSetting::MaxBytes(v) => t.max_bytes = v,
                }
            }
        }
    }
}

/// One `{key: value}` object in some serde format (a JS object in the browser, a serde_json
/// value in native tests).
pub trait OneKey {
    /// Deserializes the object as `T`; the error is serde's message.
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String>;
}

/// The change `one` (a `{key: value}` object) makes in `section` (`""` for the top level, else
/// one of [`Config::SECTIONS`]).
///
/// # Errors
/// serde's message: an unknown key or section, or a value of the wrong type.
pub fn change(section: &str, one: &impl OneKey) -> Result<Change, String> {
    match section {
        "" => one.read().map(Change::Top),
        "login" => one.read().map(Change::Login),
        "refreshToken" => one.read().map(Change::RefreshToken),
        "logout" => one.read().map(Change::Logout),
        "service" => one.read().map(Change::Service),
        "token" => one.read().map(Change::Token),
        _ => Err(format!("unknown section `{section}`")),
    }
}

/// A settings object in some format, as [`merged`] walks it.
pub trait SettingsObject: Sized {
    /// The `{key: value}` objects it makes.
    type One: OneKey;
    /// Its keys, when it is a plain object.
    fn keys(&self) -> Option<Vec<String>>;
    /// The value under `key`; `None` when absent or `undefined` (which changes nothing).
    fn member(&self, key: &str) -> Option<Self>;
    /// `{key: value}`.
    fn one(key: &str, value: Self) -> Self::One;
    /// What kind of value it is, for messages (`an array`).
    fn kind(&self) -> &'static str;
}

/// `settings` applied to a copy of `base`, key by key (sections member by member), then
/// validated. Callback keys are skipped: the JS facade reads the functions itself.
///
/// # Errors
/// [`AuthError::Config`] naming the first bad key: unknown, of the wrong type, or invalid.
pub fn merged(base: &Config, settings: &impl SettingsObject) -> Result<Config, AuthError> {
    let top = settings.keys().ok_or_else(|| {
        AuthError::Config(format!(
            "settings: expected an object, got {}",
            settings.kind()
        ))
    })?;
    keys::check("", &top)?;
    let mut config = base.clone();
    for key in &top {
        let Some(value) = settings.member(key) else {
            continue;
        };
        if !Config::SECTIONS.contains(&key.as_str()) {
            if !keys::is_callback("", key) {
                read("", key, value)?.apply(&mut config);
            }
            continue;
        }
        let inner = value.keys().ok_or_else(|| {
            AuthError::Config(format!("{key}: expected an object, got {}", value.kind()))
        })?;
        keys::check(key, &inner)?;
        for k in &inner {
            if let (false, Some(v)) = (keys::is_callback(key, k), value.member(k)) {
                read(key, k, v)?.apply(&mut config);
            }
        }
    }
    config.validate()?;
    Ok(config)
}

fn read<S: SettingsObject>(section: &str, key: &str, value: S) -> Result<Change, AuthError> {
    change(section, &S::one(key, value)).map_err(|e| {
        let path = if section.is_empty() {
            key.to_owned()
        } else {
            format!("{section}.{key}")
        };
        AuthError::Config(format!("{path}: {e}"))
    })
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
