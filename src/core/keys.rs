//! Unknown settings keys are errors that name them.
//!
//! serde-wasm-bindgen reads only the fields a struct declares, so `deny_unknown_fields` never
//! sees `{tokn: {}}` and a typo would pass silently. The facade therefore lists the keys of each
//! settings object (`Object.keys`) and asks [`check`]; the allowed keys are the field names serde's
//! own derive gives each section (read by [`field_names`]), plus the callbacks, which the facade
//! reads itself.

use crate::core::config::{
    Config, LoginConfig, LogoutConfig, RefreshTokenConfig, ServiceConfig, TokenConfig,
};
use crate::core::error::AuthError;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::cell::Cell;
use std::fmt;

/// Keys of `@netuno/auth-client`'s settings that the JS facade reads itself (functions, and the
/// `serviceClient` object) allowed in each section; `""` is the top.
pub const CALLBACKS: [(&str, &[&str]); 4] = [
    ("", &["onLogin", "onLogout", "serviceClient"]),
    ("login", &["success", "fail", "data"]),
    ("refreshToken", &["success", "fail", "data"]),
    ("token", &["load", "unload"]),
];

/// Whether `key` of `section` is a callback (a function the JS facade reads).
pub fn is_callback(section: &str, key: &str) -> bool {
    CALLBACKS
        .iter()
        .any(|(s, names)| *s == section && names.contains(&key))
}

/// The settings keys allowed at `section` (`""` for the top level), in declaration order.
pub fn allowed(section: &str) -> Vec<&'static str> {
    let mut keys = match section {
        "" => field_names::<Config>(),
        "login" => field_names::<LoginConfig>(),
        "refreshToken" => field_names::<RefreshTokenConfig>(),
        "logout" => field_names::<LogoutConfig>(),
        "service" => field_names::<ServiceConfig>(),
        "token" => field_names::<TokenConfig>(),
        _ => &[],
    }
    .to_vec();
    let callbacks = CALLBACKS.iter().find(|(s, _)| *s == section);
    keys.extend(callbacks.into_iter().flat_map(|(_, names)| names.iter()));
    keys
}

/// Checks the keys of the settings object at `section` (`""` for the top level).
///
/// # Errors
/// [`AuthError::Config`] naming the first unknown key and the keys that are allowed.
pub fn check(section: &str, keys: &[String]) -> Result<(), AuthError> {
    let allowed = allowed(section);
    let Some(bad) = keys.iter().find(|k| !allowed.contains(&k.as_str())) else {
        return Ok(());
    };
    let path = if section.is_empty() {
        bad.clone()
    } else {
        format!("{section}.{bad}")
    };
    Err(AuthError::Config(format!(
        "{path}: unknown key (expected one of: {})",
        allowed.join(", ")
    )))
}

/// The field names `T`'s derived `Deserialize` declares, in order (as renamed by serde).
///
/// Read by asking `T` to deserialize from a deserializer that only records what
/// `deserialize_struct` is told, so the list cannot drift from the struct.
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let seen = Cell::new(None);
    let _ = T::deserialize(FieldRecorder(&seen));
    seen.get().unwrap_or(&[])
}

struct FieldRecorder<'a>(&'a Cell<Option<&'static [&'static str]>>);

#[derive(Debug)]
struct Recorded;

impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Recorded {}

impl de::Error for Recorded {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Recorded
    }
}

impl<'de> Deserializer<'de> for FieldRecorder<'_> {
    type Error = Recorded;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Recorded> {
        Err(Recorded)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Recorded> {
        self.0.set(Some(fields));
        Err(Recorded)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_derive() {
        assert_eq!(
            field_names::<LoginConfig>(),
            ["usernameKey", "passwordKey", "params"]
        );
        let top = field_names::<Config>();
        assert_eq!(top.first(), Some(&"prefix"));
        assert!(top.contains(&"authScheme") && top.contains(&"crossTabLock"));
    }

    #[test]
    fn unknown_keys_are_named_with_their_path() {
        assert!(check("", &["prefix".into(), "onLogin".into()]).is_ok());
        let e = check("token", &["storagekey".into()]).unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("invalid configuration: token.storagekey: unknown key"),
            "{message}"
        );
        assert!(message.contains("storageKey"), "{message}");
        let e = check("login", &["x".into()]).unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid configuration: login.x: unknown key (expected one of: usernameKey, \
             passwordKey, params, success, fail, data)"
        );
    }
}
