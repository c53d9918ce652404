//! Reading typed values out of a [`Value`] object by hand, with errors that name the full key
//! path (`token.storageKey: expected a string, got a number`) and reject unknown keys. Written
//! out rather than derived: serde's derives and a path-tracking deserializer were a third of
//! the wasm, which every user of every app downloads.

use crate::error::AuthError;
use crate::json::Value;

/// One JSON object being read, with the path that leads to it (`""` or `"token."`).
pub struct Fields<'a> {
    path: &'a str,
    members: &'a [(String, Value)],
}

impl<'a> Fields<'a> {
    /// The object `value`, or an error naming `what` when it is not one.
    pub fn of(value: &'a Value, path: &'a str, what: &str) -> Result<Self, AuthError> {
        match value {
            Value::Object(members) => Ok(Self { path, members }),
            other => Err(AuthError::Config(
                [what, ": expected an object, got ", other.type_name()].concat(),
            )),
        }
    }

    /// Fails on the first key not in `allowed`, naming it and what is allowed.
    pub fn only(&self, allowed: &[&str]) -> Result<(), AuthError> {
        match self
            .members
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            Some((key, _)) => Err(AuthError::Config(
                [
                    self.path,
                    key,
                    ": unknown key (expected one of: ",
                    &allowed.join(", "),
                    ")",
                ]
                .concat(),
            )),
            None => Ok(()),
        }
    }

    fn raw(&self, key: &str) -> Option<&'a Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn wrong(&self, key: &str, expected: &str, got: &Value) -> AuthError {
        AuthError::Config(
            [
                self.path,
                key,
                ": expected ",
                expected,
                ", got ",
                got.type_name(),
            ]
            .concat(),
        )
    }

    /// A value read by `read`: absent is `None`; `null` is an error unless `read` accepts it.
    fn typed<T>(
        &self,
        key: &str,
        expected: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<T>, AuthError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => read(v)
                .map(Some)
                .ok_or_else(|| self.wrong(key, expected, v)),
        }
    }

    /// `Some(None)` for an explicit `null`, so that it can clear a nullable setting.
    fn nullable<T>(
        &self,
        key: &str,
        expected: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<Option<T>>, AuthError> {
        self.typed(key, expected, |v| match v {
            Value::Null => Some(None),
            other => read(other).map(Some),
        })
    }

    /// A string.
    pub fn string(&self, key: &str) -> Result<Option<String>, AuthError> {
        self.typed(key, "a string", |v| v.as_str().map(str::to_owned))
    }

    /// A string or `null`.
    pub fn nullable_string(&self, key: &str) -> Result<Option<Option<String>>, AuthError> {
        self.nullable(key, "a string or null", |v| v.as_str().map(str::to_owned))
    }

    /// A boolean.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, AuthError> {
        self.typed(key, "a boolean", |v| match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        })
    }

    /// A finite number.
    pub fn number(&self, key: &str) -> Result<Option<f64>, AuthError> {
        self.typed(key, "a number", finite)
    }

    /// A finite number or `null`.
    pub fn nullable_number(&self, key: &str) -> Result<Option<Option<f64>>, AuthError> {
        self.nullable(key, "a number or null", finite)
    }

    /// A whole number from 0 to 2^32-1.
    pub fn u32(&self, key: &str) -> Result<Option<u32>, AuthError> {
        self.typed(key, "a whole number", |v| {
            whole(v, f64::from(u32::MAX)).map(|n| n as u32)
        })
    }

    /// One of `variants`.
    pub fn choice(
        &self,
        key: &str,
        variants: &[&'static str],
    ) -> Result<Option<&'static str>, AuthError> {
        let expected = ["one of ", &variants.join(", ")].concat();
        let found = self.typed(key, &expected, |v| {
            v.as_str()
                .and_then(|s| variants.iter().copied().find(|c| *c == s))
        });
        match (found, self.raw(key)) {
            (Err(_), Some(Value::String(s))) => Err(AuthError::Config(
                [self.path, key, ": \"", s, "\" is not ", &expected].concat(),
            )),
            (other, _) => other,
        }
    }

    /// An array of whole HTTP statuses.
    pub fn statuses(&self, key: &str) -> Result<Option<Vec<u16>>, AuthError> {
        self.typed(key, "an array of HTTP statuses", |v| match v {
            Value::Array(items) => items
                .iter()
                .map(|i| whole(i, 999.0).map(|n| n as u16))
                .collect(),
            _ => None,
        })
    }

    /// An array of strings, or `null`.
    pub fn nullable_strings(&self, key: &str) -> Result<Option<Option<Vec<String>>>, AuthError> {
        self.nullable(key, "an array of strings or null", |v| match v {
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => None,
        })
    }

    /// The nested object `key`, read with the path extended by `path` (`"token."`).
    pub fn section(&self, key: &str, path: &'a str) -> Result<Option<Fields<'a>>, AuthError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v @ Value::Object(_)) => Fields::of(v, path, key).map(Some),
            Some(other) => Err(self.wrong(key, "an object", other)),
        }
    }
}

fn finite(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite())
}

fn whole(v: &Value, max: f64) -> Option<f64> {
    finite(v).filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= max)
}
