//! Settings as passed to `config(settings)`: read strictly (unknown keys and wrong types are
//! errors naming the key path) into a copy of the configuration through the table of
//! [`Config::slots`], then validated, so a bad call changes nothing. The same table writes the
//! copy that `config()` returns, so each key is named once.

use crate::config::Config;
use crate::error::AuthError;
use crate::json::Value;
use crate::json_read::{self, Entry, Slot};

impl Config {
    /// Deep-merges `settings` into a copy of this configuration and validates the result; on
    /// error nothing changes.
    ///
    /// # Errors
    /// [`AuthError::Config`] for an unknown key, a value of the wrong type or an invalid
    /// result, naming the path of the key.
    pub fn merged(&self, settings: &Value) -> Result<Config, AuthError> {
        let Value::Object(members) = settings else {
            return Err(AuthError::Config(crate::text::concat(&[
                "settings: expected an object, got ",
                settings.type_name(),
            ])));
        };
        let mut c = self.clone();
        json_read::read("", members, &mut c.slots())?;
        c.validate()?;
        Ok(c)
    }

    /// Every setting: its key and where it lives, in the order `config()` returns them.
    pub fn slots(&mut self) -> Vec<Entry<'_>> {
        let Config {
            prefix,
            url,
            auto_load_service_headers,
            auto_refresh_token,
            storage,
            expires_in_unit,
            login,
            refresh_token,
            token: t,
            timeout,
            refresh_lead,
            refresh_jitter,
            allowed_origins,
            auth_header,
            auth_scheme,
            retry_statuses,
            cross_tab_lock,
        } = self;
        vec![
            ("prefix", Slot::Text(prefix)),
            ("url", Slot::Text(url)),
            (
                "autoLoadServiceHeaders",
                Slot::Flag(auto_load_service_headers),
            ),
            ("autoRefreshToken", Slot::Flag(auto_refresh_token)),
            ("storage", Slot::Storage(storage)),
            ("expiresInUnit", Slot::Unit(expires_in_unit)),
            (
                "login",
                Slot::Section(
                    "login.",
                    vec![
                        ("usernameKey", Slot::Text(&mut login.username_key)),
                        ("passwordKey", Slot::Text(&mut login.password_key)),
                        ("success", Slot::Ignored),
                        ("fail", Slot::Ignored),
                    ],
                ),
            ),
            (
                "refreshToken",
                Slot::Section(
                    "refreshToken.",
                    vec![
                        ("parameterKey", Slot::Text(&mut refresh_token.parameter_key)),
                        ("success", Slot::Ignored),
                        ("fail", Slot::Ignored),
                    ],
                ),
            ),
            (
                "token",
                Slot::Section(
                    "token.",
                    vec![
                        ("storageKey", Slot::Text(&mut t.storage_key)),
                        ("resultKey", Slot::NullableText(&mut t.result_key)),
                        ("expiresInKey", Slot::NullableText(&mut t.expires_in_key)),
                        ("accessTokenKey", Slot::Text(&mut t.access_token_key)),
                        ("refreshTokenKey", Slot::Text(&mut t.refresh_token_key)),
                        ("tokenTypeKey", Slot::NullableText(&mut t.token_type_key)),
                        (
                            "expiresInDefault",
                            Slot::NullableNumber(&mut t.expires_in_default),
                        ),
                        (
                            "tokenTypeDefault",
                            Slot::NullableText(&mut t.token_type_default),
                        ),
                    ],
                ),
            ),
            ("timeout", Slot::Millis(timeout)),
            ("refreshLead", Slot::Number(refresh_lead)),
            ("refreshJitter", Slot::NullableNumber(refresh_jitter)),
            ("allowedOrigins", Slot::Origins(allowed_origins)),
            ("authHeader", Slot::Text(auth_header)),
            ("authScheme", Slot::Scheme(auth_scheme)),
            ("retryStatuses", Slot::Statuses(retry_statuses)),
            ("crossTabLock", Slot::Flag(cross_tab_lock)),
            ("onLogin", Slot::Ignored),
            ("onLogout", Slot::Ignored),
        ]
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
            return Err(AuthError::Config(crate::text::concat(&[
                *key,
                ": must not be empty",
            ])));
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
                return Err(AuthError::Config(crate::text::concat(&[
                    "allowedOrigins: `",
                    origin,
                    "` is not an origin (scheme://host[:port], lower-case, no path)",
                ])));
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
