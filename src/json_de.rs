//! [`Value`] as a serde `Deserializer`, so typed settings can be read out of it with unknown
//! keys seen and rejected (serde-wasm-bindgen reads structs field by field and never notices
//! an extra key, which would let a typo such as `storagekey` pass silently).

use crate::json::Value;
use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Integral numbers within ±2^53 are visited as integers so that `u32` fields accept `500`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de> Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER => {
                if n >= 0.0 {
                    visitor.visit_u64(n as u64)
                } else {
                    visitor.visit_i64(n as i64)
                }
            }
            Value::Number(n) => visitor.visit_f64(n),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Value::Object(members) => visitor.visit_map(MapDeserializer::new(members.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => other.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config_patch::ConfigPatch;
    use crate::json::Value;

    fn patch(json: &str) -> Result<ConfigPatch, crate::AuthError> {
        let value: Value = serde_json::from_str(json).unwrap();
        ConfigPatch::parse(value)
    }

    #[test]
    fn reads_typed_settings_and_names_unknown_keys() {
        let c = Config::default()
            .merged(
                patch(r#"{"storage":"local","timeout":500,"token":{"resultKey":null}}"#).unwrap(),
            )
            .unwrap();
        assert_eq!((c.timeout, c.token.result_key), (500, None));
        let e = patch(r#"{"token":{"storagekey":"x"}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("token") && e.contains("storagekey"), "{e}");
        let e = patch(r#"{"storage":"locl"}"#).unwrap_err().to_string();
        assert!(e.contains("storage") && e.contains("locl"), "{e}");
        let e = patch(r#"{"timeout":1.5}"#).unwrap_err().to_string();
        assert!(e.contains("timeout"), "{e}");
    }
}
