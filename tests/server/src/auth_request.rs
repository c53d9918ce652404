//! Parsing the body of `POST /services/_auth` into a login or a refresh.
//!
//! Fields are checked by hand so that each 400 message names the field and
//! says what is wrong with it, in the protocol's JSON shape.

use serde_json::{Map, Value};

/// What a valid `_auth` body asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthRequest {
    /// `{"username", "password", "jwt": true}`.
    Login {
        /// The login name.
        username: String,
        /// The password.
        password: String,
    },
    /// `{"refresh_token", "jwt": true}`.
    Refresh {
        /// The opaque refresh token.
        refresh_token: String,
    },
}

/// Parses `body`.
///
/// # Errors
/// The message of the 400 answer: not JSON, not an object, or a missing or
/// mistyped field. Keys other than the protocol's are ignored.
pub fn parse(body: &[u8]) -> Result<AuthRequest, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("request body is empty: expected a JSON object".into());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|err| format!("request body is not valid JSON: {err}"))?;
    let Value::Object(fields) = value else {
        return Err("request body must be a JSON object".into());
    };
    check_jwt_flag(&fields)?;
    if fields.contains_key("refresh_token") {
        if fields.contains_key("username") || fields.contains_key("password") {
            return Err("send either username and password, or refresh_token, not both".into());
        }
        let refresh_token = string_field(&fields, "refresh_token")?;
        return Ok(AuthRequest::Refresh { refresh_token });
    }
    Ok(AuthRequest::Login {
        username: string_field(&fields, "username")?,
        password: string_field(&fields, "password")?,
    })
}

/// `jwt` must be `true`: this server only issues JWTs, as the clients ask.
fn check_jwt_flag(fields: &Map<String, Value>) -> Result<(), String> {
    match fields.get("jwt") {
        Some(Value::Bool(true)) => Ok(()),
        Some(Value::Bool(false)) => {
            Err("field `jwt` must be true: this server only issues JWTs".into())
        }
        Some(other) => Err(format!(
            "field `jwt` must be a boolean (got {})",
            type_name(other)
        )),
        None => Err("missing field `jwt` (must be true)".into()),
    }
}

fn string_field(fields: &Map<String, Value>, key: &str) -> Result<String, String> {
    match fields.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Err(format!(
            "field `{key}` must be a string (got {})",
            type_name(other)
        )),
        None => Err(format!("missing field `{key}`")),
    }
}

fn type_name(value: &Value) -> &'static str {
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
    fn login_and_refresh_parse() {
        let login = parse(br#"{"username":"admin","password":"secret","jwt":true,"x":1}"#);
        assert_eq!(
            login,
            Ok(AuthRequest::Login {
                username: "admin".into(),
                password: "secret".into()
            })
        );
        let refresh = parse(br#"{"refresh_token":"abc","jwt":true}"#);
        assert_eq!(
            refresh,
            Ok(AuthRequest::Refresh {
                refresh_token: "abc".into()
            })
        );
    }

    #[test]
    fn each_problem_has_its_message() {
        let err = |body: &[u8]| parse(body).err().unwrap_or_default();
        assert!(err(b"").contains("empty"));
        assert!(err(b"username=admin").contains("not valid JSON"));
        assert!(err(b"[1]").contains("JSON object"));
        assert!(err(br#"{"username":"a","password":"b"}"#).contains("missing field `jwt`"));
        assert!(err(br#"{"username":"a","password":"b","jwt":"yes"}"#).contains("boolean"));
        assert!(err(br#"{"username":"a","jwt":true}"#).contains("missing field `password`"));
        assert!(err(br#"{"username":1,"password":"b","jwt":true}"#)
            .contains("`username` must be a string"));
        assert!(err(br#"{"refresh_token":null,"jwt":true}"#).contains("got null"));
    }
}
