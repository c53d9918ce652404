//! What a test sets through `/_test/extra` and `/_test/altcha` (netuno
//! dialect): the stand-ins for an app's own server code.
//!
//! A real Netuno app fills a login answer's `extra` from its
//! `_auth_sign_in.js` (`_auth.signInExtraData(...)`) and turns on altcha in
//! its configuration; here a test sets both, and `/_test/reset` puts them
//! back to their defaults (`{}`, altcha off).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde::Deserialize;
use serde_json::{Map, Value};

/// The altcha payload this server accepts as solved: a real server verifies
/// a proof of work, a test only needs a valid and an invalid value.
pub const VALID_ALTCHA: &str = "valid";

/// Why an altcha check failed (answered 406 `{"altcha": code, ...}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AltchaRefusal {
    /// No `altcha` field, or a blank one.
    NoPayload,
    /// An `altcha` field other than [`VALID_ALTCHA`].
    Invalidated,
}

impl AltchaRefusal {
    /// The `altcha` member of the 406 answer.
    pub fn code(self) -> &'static str {
        match self {
            Self::NoPayload => "no-payload",
            Self::Invalidated => "invalidated",
        }
    }
}

/// The body of `POST /_test/extra`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraSpec {
    extra: Value,
}

/// The body of `POST /_test/altcha`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AltchaSpec {
    required: bool,
}

/// The login answers' `extra` and whether altcha is required.
#[derive(Default)]
pub struct TestSettings {
    extra: Mutex<Option<Value>>,
    altcha_required: AtomicBool,
}

impl TestSettings {
    /// What login answers carry in `extra` (default `{}`).
    pub fn extra(&self) -> Value {
        self.lock_extra()
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()))
    }

    /// Applies a `POST /_test/extra` body; returns the new `extra`.
    ///
    /// # Errors
    /// A message for the 400 answer: not `{"extra": object or array}`.
    pub fn set_extra_json(&self, body: &Value) -> Result<Value, String> {
        let spec: ExtraSpec = serde_json::from_value(body.clone())
            .map_err(|err| format!("expected {{\"extra\": {{...}}}}: {err}"))?;
        if !(spec.extra.is_object() || spec.extra.is_array()) {
            return Err("`extra` must be an object or an array".into());
        }
        *self.lock_extra() = Some(spec.extra.clone());
        Ok(spec.extra)
    }

    /// Whether `_auth` calls must carry a solved altcha.
    pub fn altcha_required(&self) -> bool {
        self.altcha_required.load(Ordering::Relaxed)
    }

    /// Applies a `POST /_test/altcha` body; returns the new setting.
    ///
    /// # Errors
    /// A message for the 400 answer: not `{"required": true|false}`.
    pub fn set_altcha_json(&self, body: &Value) -> Result<bool, String> {
        let spec: AltchaSpec = serde_json::from_value(body.clone())
            .map_err(|err| format!("expected {{\"required\": true|false}}: {err}"))?;
        self.altcha_required.store(spec.required, Ordering::Relaxed);
        Ok(spec.required)
    }

    /// Checks a request's `altcha` field (its text, if any) when altcha
    /// is required.
    ///
    /// # Errors
    /// The [`AltchaRefusal`] to answer.
    pub fn check_altcha(&self, altcha: Option<&str>) -> Result<(), AltchaRefusal> {
        if !self.altcha_required() {
            return Ok(());
        }
        match altcha.map(str::trim) {
            None | Some("") => Err(AltchaRefusal::NoPayload),
            Some(VALID_ALTCHA) => Ok(()),
            Some(_) => Err(AltchaRefusal::Invalidated),
        }
    }

    /// Back to the defaults: `extra` is `{}`, altcha is off.
    pub fn reset(&self) {
        *self.lock_extra() = None;
        self.altcha_required.store(false, Ordering::Relaxed);
    }

    fn lock_extra(&self) -> MutexGuard<'_, Option<Value>> {
        // A poisoned lock still holds a usable value: nothing panics mid-update.
        self.extra
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_is_set_checked_and_reset() {
        let settings = TestSettings::default();
        assert_eq!(settings.extra(), json!({}));
        let set = settings.set_extra_json(&json!({"extra": {"name": "Ada"}}));
        assert_eq!(set, Ok(json!({"name": "Ada"})));
        assert_eq!(settings.extra(), json!({"name": "Ada"}));
        assert!(settings.set_extra_json(&json!({"extra": 1})).is_err());
        assert!(settings
            .set_extra_json(&json!({"extra": {}, "x": 1}))
            .is_err());
        assert!(settings.set_extra_json(&json!({})).is_err());
        assert_eq!(settings.extra(), json!({"name": "Ada"}), "unchanged");
        settings.reset();
        assert_eq!(settings.extra(), json!({}));
    }

    #[test]
    fn altcha_checks_only_when_required() {
        let settings = TestSettings::default();
        assert_eq!(settings.check_altcha(None), Ok(()));
        assert_eq!(
            settings.set_altcha_json(&json!({"required": true})),
            Ok(true)
        );
        assert_eq!(settings.check_altcha(None), Err(AltchaRefusal::NoPayload));
        assert_eq!(
            settings.check_altcha(Some(" ")),
            Err(AltchaRefusal::NoPayload)
        );
        assert_eq!(
            settings.check_altcha(Some("forged")),
            Err(AltchaRefusal::Invalidated)
        );
        assert_eq!(settings.check_altcha(Some("valid")), Ok(()));
        assert!(settings
            .set_altcha_json(&json!({"required": "yes"}))
            .is_err());
        settings.reset();
        assert!(!settings.altcha_required());
    }
}
