//! Parsing the body of `POST /services/_auth` (oauth dialect) into a login
//! or a refresh.
//!
//! Fields are checked by hand so that each 400 message names the field and
//! says what is wrong with it, in the protocol's JSON shape.

use serde_json::{Map, Value};

use crate::json_fields;

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
    /// `{"refresh_token", "jwt": true}`, or in cookie mode `{"jwt": true}`
    /// alone (the token is then the cookie's: `None` here).
    Refresh {
        /// The opaque refresh token, when the body carries one.
        refresh_token: Option<String>,
    },
}

/// Parses `body`; with `cookie_mode`, a body with neither credentials nor
/// `refresh_token` is a refresh through the cookie.
///
/// # Errors
/// The message of the 400 answer: not JSON, not an object, or a missing or
/// mistyped field. Keys other than the protocol's are ignored.
pub fn parse(body: &[u8], cookie_mode: bool) -> Result<AuthRequest, String> {
    let fields = json_fields::object(body, false)?;
    check_jwt_flag(&fields)?;
    let has_credentials = fields.contains_key("username") || fields.contains_key("password");
    if fields.contains_key("refresh_token") {
        if has_credentials {
            return Err("send either username and password, or refresh_token, not both".into());
        }
        let refresh_token = json_fields::string(&fields, "refresh_token")?;
        return Ok(AuthRequest::Refresh {
            refresh_token: Some(refresh_token),
        });
    }
    if cookie_mode && !has_credentials {
        return Ok(AuthRequest::Refresh {
            refresh_token: None,
        });
    }
    Ok(AuthRequest::Login {
        username: json_fields::string(&fields, "username")?,
        password: json_fields::string(&fields, "password")?,
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
            json_fields::type_name(other)
        )),
        None => Err("missing field `jwt` (must be true)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_and_refresh_parse() {
        let login = parse(
            br#"{"username":"admin","password":"secret","jwt":true,"x":1}"#,
            false,
        );
        assert_eq!(
            login,
            Ok(AuthRequest::Login {
                username: "admin".into(),
                password: "secret".into()
            })
        );
        let refresh = parse(br#"{"refresh_token":"abc","jwt":true}"#, false);
        assert_eq!(
            refresh,
            Ok(AuthRequest::Refresh {
                refresh_token: Some("abc".into())
            })
        );
    }

    #[test]
    fn cookie_mode_turns_a_bare_jwt_flag_into_a_cookie_refresh() {
        let bare = br#"{"jwt":true}"#;
        assert_eq!(
            parse(bare, true),
            Ok(AuthRequest::Refresh {
                refresh_token: None
            })
        );
        let err = parse(bare, false).err().unwrap_or_default();
        assert!(err.contains("missing field `username`"), "{err}");
        let half = parse(br#"{"jwt":true,"username":"a"}"#, true);
        assert!(half.is_err_and(|err| err.contains("missing field `password`")));
    }

    #[test]
    fn each_problem_has_its_message() {
        let err = |body: &[u8]| parse(body, false).err().unwrap_or_default();
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
