//! Reading a JWT's payload **without verifying its signature**.
//!
//! The client cannot verify an HS256 signature (it does not have the secret) and does not need
//! to: it only wants `exp`/`iat` to schedule a refresh and the user's claims to show them. The
//! server verifies every token it receives. Hence the name `unverified`.
//!
//! The payload is JSON; parsing it is left to the caller's serde format (serde-wasm-bindgen over
//! `JSON.parse` in the browser, serde_json in native tests), which fills [`TimeClaims`] and
//! [`UserClaims`].

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Base64url (RFC 4648 §5). JWTs carry no padding (RFC 7515 §2); some encoders add it anyway,
/// and accepting it costs nothing.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The JSON text of a JWT's payload (its second of three dot-separated parts), base64url-
/// decoded, **unverified**. `None` when the token is not shaped like a JWT (an opaque token).
pub fn unverified_payload(jwt: &str) -> Option<String> {
    let mut parts = jwt.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    String::from_utf8(BASE64URL.decode(payload).ok()?).ok()
}

/// The time claims that drive refresh scheduling, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
pub struct TimeClaims {
    /// `iat`: when the server issued the token.
    pub iat: Option<f64>,
    /// `exp`: when the server stops accepting it.
    pub exp: Option<f64>,
}

impl TimeClaims {
    /// The token's lifetime as the server meant it (`exp - iat`), in milliseconds. Measured
    /// between two server timestamps, so it is immune to the client's clock being off.
    pub fn lifetime_ms(&self) -> Option<f64> {
        match (self.iat, self.exp) {
            (Some(iat), Some(exp)) => Some((exp - iat) * 1000.0),
            _ => None,
        }
    }
}

/// `sub` as text: servers send it as a string or a number.
fn subject<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Subject;
    impl serde::de::Visitor<'_> for Subject {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Subject)
}

/// The claims of the access token that a Netuno server (`_user`, `_group_code` ...) or an
/// RFC 7519-style one (`sub`, `name` ...) sets, decoded without verification; shown as the
/// snapshot's `user`. (JS gets every claim of the payload.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UserClaims {
    /// Netuno: the user's login name.
    #[serde(rename = "_user")]
    pub user: Option<String>,
    /// Netuno: the user's display name.
    #[serde(rename = "_user_name")]
    pub user_name: Option<String>,
    /// Netuno: the user's code.
    #[serde(rename = "_user_code")]
    pub user_code: Option<String>,
    /// Netuno: the group's display name.
    #[serde(rename = "_group_name")]
    pub group_name: Option<String>,
    /// Netuno: the group's code.
    #[serde(rename = "_group_code")]
    pub group_code: Option<String>,
    /// User id (a numeric `sub` as its decimal text).
    #[serde(default, deserialize_with = "subject")]
    pub sub: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// User code.
    pub code: Option<String>,
    /// Group code.
    pub group: Option<String>,
    /// Issued at (seconds since the epoch).
    pub iat: Option<f64>,
    /// Expires at (seconds since the epoch).
    pub exp: Option<f64>,
    /// Token id.
    pub jti: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jwt(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn decodes_the_payload_of_a_jwt() {
        let token = jwt(r#"{"sub":"1","iat":100,"exp":160,"name":"Zoë"}"#);
        let text = unverified_payload(&token).unwrap();
        let claims: TimeClaims = serde_json::from_str(&text).unwrap();
        assert_eq!(claims.lifetime_ms(), Some(60_000.0));
        let user: UserClaims = serde_json::from_str(&text).unwrap();
        assert_eq!(user.name.as_deref(), Some("Zoë"));
        assert_eq!(user.sub.as_deref(), Some("1"));
        let netuno: UserClaims = serde_json::from_str(
            r#"{"token_type":"Bearer","uid":"u","_user":"admin","_user_name":"Ada","_group_code":"admin","_admin":true}"#,
        )
        .unwrap();
        assert_eq!(netuno.user.as_deref(), Some("admin"));
        assert_eq!(netuno.group_code.as_deref(), Some("admin"));
        let numeric: UserClaims = serde_json::from_str(r#"{"sub":7}"#).unwrap();
        assert_eq!(numeric.sub.as_deref(), Some("7"));
    }

    #[test]
    fn padding_is_tolerated_and_every_length_decodes() {
        for text in ["{}", "{\"a\":1}", "{\"ab\":12}", "{\"abc\":123}"] {
            let padded = base64::engine::general_purpose::URL_SAFE.encode(text);
            let token = format!("h.{padded}.s");
            assert_eq!(unverified_payload(&token).as_deref(), Some(text));
        }
    }

    #[test]
    fn opaque_and_broken_tokens_have_no_payload() {
        assert_eq!(unverified_payload("opaque-token"), None);
        assert_eq!(unverified_payload("a.b"), None);
        assert_eq!(unverified_payload("a.!!!.c"), None);
        assert_eq!(unverified_payload("a.b.c.d"), None);
        assert_eq!(
            unverified_payload("a.ab+c.d"),
            None,
            "not the url-safe alphabet"
        );
    }
}
