//! Extra request-body fields (`login.params`, `refreshToken.params`, `logout.params`): the
//! `jwt: true` a Netuno server expects by default, which other servers may not want, and
//! whatever fields theirs do (`client_id`, `grant_type` ...).

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;

/// A scalar body value.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
}

/// Body fields in order, a JSON object on the wire (a settings value is replaced whole:
/// `{params: {}}` removes them all). Also the request bodies themselves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params(pub Vec<(String, Param)>);

impl Params {
    /// `{jwt: true}`, what a Netuno server expects in login and refresh bodies.
    pub fn netuno() -> Params {
        Params(vec![("jwt".to_owned(), Param::Bool(true))])
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// These params followed by `fields` (a field wins over a param of the same key): a
    /// request body.
    pub fn with(&self, fields: Vec<(String, Param)>) -> Params {
        let mut body: Vec<(String, Param)> = self
            .0
            .iter()
            .filter(|(k, _)| !fields.iter().any(|(f, _)| f == k))
            .cloned()
            .collect();
        body.extend(fields);
        Params(body)
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Params;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of body fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry::<String, Param>()? {
                    fields.push(field);
                }
                Ok(Params(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Bool(b) => s.serialize_bool(*b),
            Param::Number(n) => s.serialize_f64(*n),
            Param::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;
        impl Visitor<'_> for Scalar {
            type Value = Param;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Param, E> {
                Ok(Param::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Param, E> {
                Ok(Param::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Param, E> {
                Ok(Param::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Param, E> {
                Ok(Param::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Param, E> {
                Ok(Param::Text(v.to_owned()))
            }
        }
        d.deserialize_any(Scalar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_scalars() {
        let p: Params = serde_json::from_str(r#"{"jwt":true,"n":2,"s":"x"}"#).unwrap();
        assert_eq!(p.get("n"), Some(&Param::Number(2.0)));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"jwt":true,"n":2.0,"s":"x"}"#
        );
        let e = serde_json::from_str::<Params>(r#"{"o":{}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a string, a number or a boolean"), "{e}");
    }
}
