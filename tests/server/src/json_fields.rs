//! Reading the fields of a JSON request body, with 400 messages that name
//! the field and say what is wrong with it.

use serde_json::{Map, Value};

/// The body as a JSON object.
///
/// An empty (or all-whitespace) body is an empty object when `empty_ok`,
/// an error otherwise.
///
/// # Errors
/// The message of the 400 answer: empty, not JSON, or not an object.
pub fn object(body: &[u8], empty_ok: bool) -> Result<Map<String, Value>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        if empty_ok {
            return Ok(Map::new());
        }
        return Err("request body is empty: expected a JSON object".into());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|err| format!("request body is not valid JSON: {err}"))?;
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err("request body must be a JSON object".into()),
    }
}

/// The string at `key`, which must be present.
///
/// # Errors
/// Missing, or not a string.
pub fn string(fields: &Map<String, Value>, key: &str) -> Result<String, String> {
    optional_string(fields, key, false)?.ok_or_else(|| format!("missing field `{key}`"))
}

/// The string at `key`, or `None` if absent (or `null`, when `null_ok`).
///
/// # Errors
/// Present but not a string.
pub fn optional_string(
    fields: &Map<String, Value>,
    key: &str,
    null_ok: bool,
) -> Result<Option<String>, String> {
    match fields.get(key) {
        None => Ok(None),
        Some(Value::Null) if null_ok => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!(
            "field `{key}` must be a string (got {})",
            type_name(other)
        )),
    }
}

/// How a message names the JSON type of `value`.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_bodies_and_nulls_follow_the_flags() {
        assert_eq!(object(b" \n", true), Ok(Map::new()));
        assert!(object(b"", false).is_err_and(|err| err.contains("empty")));
        let fields = object(br#"{"a": null, "b": "x", "c": 1}"#, false).unwrap_or_default();
        assert_eq!(optional_string(&fields, "a", true), Ok(None));
        assert!(optional_string(&fields, "a", false).is_err_and(|e| e.contains("got null")));
        assert_eq!(string(&fields, "b"), Ok("x".into()));
        assert!(string(&fields, "c").is_err_and(|e| e.contains("a number")));
        assert!(string(&fields, "d").is_err_and(|e| e.contains("missing field `d`")));
    }
}
