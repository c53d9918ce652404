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

/// Declares the settings of one section, each once: its serde name (the variant, camelCase)
/// with its type, and the [`Config`] field it sets. A new setting is that line and the field.
macro_rules! section {
    ($(#[$doc:meta])* $name:ident at $($path:ident).* {
        $($variant:ident($ty:ty) => $field:ident,)*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(missing_docs)]
        pub enum $name {
            $($variant($ty),)*
        }

        impl $name {
            /// Applies the setting to `c`.
            pub fn apply(self, c: &mut Config) {
                let target = &mut (*c)$(.$path)*;
                match self {
                    // `into`: a nullable setting of a field that tells "unset" from `null`
                    // (`authScheme`) wraps the value.
                    $($name::$variant(v) => target.$field = v.into(),)*
                }
            }
        }
    };
}

section! {
    /// A top-level setting (the sections are [`Change::Login`] and the others).
    Setting at {
        Prefix(String) => prefix,
        Url(String) => url,
        AutoLoadServiceHeaders(bool) => auto_load_service_headers,
        AutoRefreshToken(bool) => auto_refresh_token,
        Storage(StorageKind) => storage,
        ExpiresInUnit(TimeUnit) => expires_in_unit,
        Timeout(u32) => timeout,
        RefreshLead(f64) => refresh_lead,
        RefreshJitter(Option<f64>) => refresh_jitter,
        AllowedOrigins(Option<Vec<String>>) => allowed_origins,
        AuthHeader(String) => auth_header,
        // `null`: the bare token.
        AuthScheme(Option<String>) => auth_scheme,
        RetryStatuses(Vec<u16>) => retry_statuses,
        CrossTabLock(bool) => cross_tab_lock,
        ShareAcrossTabs(Option<bool>) => share_across_tabs,
    }
}

section! {
    /// A setting of the `login` section.
    LoginSetting at login {
        UsernameKey(String) => username_key,
        PasswordKey(String) => password_key,
        Params(Params) => params,
    }
}

section! {
    /// A setting of the `refreshToken` section.
    RefreshTokenSetting at refresh_token {
        ParameterKey(String) => parameter_key,
        Url(Option<String>) => url,
        Cookie(bool) => cookie,
        Params(Params) => params,
    }
}

section! {
    /// A setting of the `logout` section.
    LogoutSetting at logout {
        Url(Option<String>) => url,
        Params(Params) => params,
    }
}

section! {
    /// A setting of the `service` section.
    ServiceSetting at service {
        Headers(Params) => headers,
        Credentials(Option<Credentials>) => credentials,
    }
}

section! {
    /// A setting of the `token` section.
    TokenSetting at token {
        StorageKey(String) => storage_key,
        ResultKey(Option<String>) => result_key,
        ExpiresInKey(Option<String>) => expires_in_key,
        AccessTokenKey(String) => access_token_key,
        RefreshTokenKey(String) => refresh_token_key,
        TokenTypeKey(Option<String>) => token_type_key,
        LoadedInKey(String) => loaded_in_key,
        ExpiresInDefault(Option<f64>) => expires_in_default,
        TokenTypeDefault(Option<String>) => token_type_default,
        MaxBytes(u32) => max_bytes,
    }
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
            Change::Top(s) => s.apply(c),
            Change::Login(s) => s.apply(c),
            Change::RefreshToken(s) => s.apply(c),
            Change::Logout(s) => s.apply(c),
            Change::Service(s) => s.apply(c),
            Change::Token(s) => s.apply(c),
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
