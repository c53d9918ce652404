//! Partial settings as passed to `config(settings)`: read strictly (unknown keys and wrong
//! types are errors naming the key path), then deep-merged into a copy of the configuration
//! and validated, so a bad call changes nothing.

use crate::config::{Config, StorageKind, TimeUnit};
use crate::error::AuthError;
use crate::json::Value;
use crate::json_read::Fields;

/// Partial `login` settings (`success`/`fail` callbacks are read by the facade).
#[derive(Debug, Default)]
#[allow(missing_docs)]
pub struct LoginPatch {
    pub username_key: Option<String>,
    pub password_key: Option<String>,
}

/// Partial `refreshToken` settings (`success`/`fail` callbacks are read by the facade).
#[derive(Debug, Default)]
#[allow(missing_docs)]
pub struct RefreshTokenPatch {
    pub parameter_key: Option<String>,
}

/// Partial `token` settings; `null` clears the nullable keys.
#[derive(Debug, Default)]
#[allow(missing_docs)]
pub struct TokenPatch {
    pub storage_key: Option<String>,
    pub result_key: Option<Option<String>>,
    pub expires_in_key: Option<Option<String>>,
    pub access_token_key: Option<String>,
    pub refresh_token_key: Option<String>,
    pub token_type_key: Option<Option<String>>,
    pub expires_in_default: Option<Option<f64>>,
    pub token_type_default: Option<Option<String>>,
}

/// Partial settings, as passed to `config(settings)`.
#[derive(Debug, Default)]
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
    pub refresh_jitter: Option<Option<f64>>,
    pub allowed_origins: Option<Option<Vec<String>>>,
    pub auth_header: Option<String>,
    pub auth_scheme: Option<Option<String>>,
    pub retry_statuses: Option<Vec<u16>>,
    pub cross_tab_lock: Option<bool>,
}

const KEYS: &[&str] = &[
    "prefix",
    "url",
    "autoLoadServiceHeaders",
    "autoRefreshToken",
    "storage",
    "expiresInUnit",
    "login",
    "refreshToken",
    "token",
    "timeout",
    "refreshLead",
    "refreshJitter",
    "allowedOrigins",
    "authHeader",
    "authScheme",
    "retryStatuses",
    "crossTabLock",
    "onLogin",
    "onLogout",
];
const TOKEN_KEYS: &[&str] = &[
    "storageKey",
    "resultKey",
    "expiresInKey",
    "accessTokenKey",
    "refreshTokenKey",
    "tokenTypeKey",
    "expiresInDefault",
    "tokenTypeDefault",
];

impl ConfigPatch {
    /// Reads settings, naming the path of the first bad key in the error.
    ///
    /// # Errors
    /// [`AuthError::Config`] for an unknown key or a value of the wrong type.
    pub fn parse(settings: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(settings, "", "settings")?;
        f.only(KEYS)?;
        let storage = f
            .choice("storage", &["session", "local", "memory"])?
            .map(|s| match s {
                "local" => StorageKind::Local,
                "memory" => StorageKind::Memory,
                _ => StorageKind::Session,
            });
        let unit = f.choice("expiresInUnit", &["seconds", "minutes", "milliseconds"])?;
        Ok(Self {
            prefix: f.string("prefix")?,
            url: f.string("url")?,
            auto_load_service_headers: f.bool("autoLoadServiceHeaders")?,
            auto_refresh_token: f.bool("autoRefreshToken")?,
            storage,
            expires_in_unit: unit.map(|u| match u {
                "minutes" => TimeUnit::Minutes,
                "milliseconds" => TimeUnit::Milliseconds,
                _ => TimeUnit::Seconds,
            }),
            login: match f.section("login", "login.")? {
                Some(l) => {
                    l.only(&["usernameKey", "passwordKey", "success", "fail"])?;
                    Some(LoginPatch {
                        username_key: l.string("usernameKey")?,
                        password_key: l.string("passwordKey")?,
                    })
                }
                None => None,
            },
            refresh_token: match f.section("refreshToken", "refreshToken.")? {
                Some(r) => {
                    r.only(&["parameterKey", "success", "fail"])?;
                    Some(RefreshTokenPatch {
                        parameter_key: r.string("parameterKey")?,
                    })
                }
                None => None,
            },
            token: match f.section("token", "token.")? {
                Some(t) => Some(TokenPatch::read(&t)?),
                None => None,
            },
            timeout: f.u32("timeout")?,
            refresh_lead: f.number("refreshLead")?,
            refresh_jitter: f.nullable_number("refreshJitter")?,
            allowed_origins: f.nullable_strings("allowedOrigins")?,
            auth_header: f.string("authHeader")?,
            auth_scheme: f.nullable_string("authScheme")?,
            retry_statuses: f.statuses("retryStatuses")?,
            cross_tab_lock: f.bool("crossTabLock")?,
        })
    }
}

impl TokenPatch {
    fn read(t: &Fields<'_>) -> Result<Self, AuthError> {
        t.only(TOKEN_KEYS)?;
        Ok(Self {
            storage_key: t.string("storageKey")?,
            result_key: t.nullable_string("resultKey")?,
            expires_in_key: t.nullable_string("expiresInKey")?,
            access_token_key: t.string("accessTokenKey")?,
            refresh_token_key: t.string("refreshTokenKey")?,
            token_type_key: t.nullable_string("tokenTypeKey")?,
            expires_in_default: t.nullable_number("expiresInDefault")?,
            token_type_default: t.nullable_string("tokenTypeDefault")?,
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
            return Err(AuthError::Config([*key, ": must not be empty"].concat()));
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
                return Err(AuthError::Config(
                    [
                        "allowedOrigins: `",
                        origin,
                        "` is not an origin (scheme://host[:port], lower-case, no path)",
                    ]
                    .concat(),
                ));
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
