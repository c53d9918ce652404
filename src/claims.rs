//! Reading a JWT's payload **without verifying its signature**.
//!
//! The client cannot verify an HS256 signature (it does not have the secret) and does not need
//! to: it only wants `exp`/`iat` to schedule a refresh and the user's claims to show them. The
//! server verifies every token it receives. Hence the name `unverified`.

use crate::error::AuthError;

/// The JSON text of a JWT's payload (its second dot-separated part), base64url-decoded,
/// unverified. `None` when the token is not shaped like a JWT (an opaque access token).
pub fn unverified_payload_json(jwt: &str) -> Option<String> {
    // Scanned for its two dots by hand: `split('.')` costs a generic searcher in the wasm.
    let dots: Vec<usize> = jwt
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'.')
        .map(|(i, _)| i)
        .collect();
    let [first, second] = dots[..] else {
        return None;
    };
    let payload = &jwt[first + 1..second];
    // Some encoders pad; RFC 7515 says they must not, but accepting it costs nothing.
    let bytes = base64url_decode(payload.trim_end_matches('='))?;
    String::from_utf8(bytes).ok()
}

/// Base64url without padding (RFC 4648 §5). Written out: the `base64` crate's general engine
/// cost 3 KB of wasm for this one call.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    }
    let input = text.as_bytes();
    if input.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    for chunk in input.chunks(4) {
        let mut bits = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            bits |= sextet(*c)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// The time claims that drive refresh scheduling, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TimeClaims {
    /// `iat`: when the server issued the token.
    pub issued_at: Option<f64>,
    /// `exp`: when the server stops accepting it.
    pub expires_at: Option<f64>,
}

impl TimeClaims {
    /// Picks `iat` and `exp` out of a decoded payload; a claim of the wrong type is an error.
    pub fn from_payload(payload: &crate::json::Value) -> Result<Self, AuthError> {
        let number = |name: &str| match payload.get(name) {
            None | Some(crate::json::Value::Null) => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    AuthError::InvalidResponse(crate::text::concat(&[
                        "the JWT claim `",
                        name,
                        "` is not a number",
                    ]))
                }),
        };
        Ok(Self {
            issued_at: number("iat")?,
            expires_at: number("exp")?,
        })
    }

    /// The token's lifetime as the server meant it (`exp - iat`), in milliseconds. Measured
    /// between two server timestamps, so it is immune to the client's clock being off.
    pub fn lifetime_ms(&self) -> Option<f64> {
        match (self.issued_at, self.expires_at) {
            (Some(iat), Some(exp)) => Some((exp - iat) * 1000.0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    #[test]
    fn base64url_decodes_every_length_and_rejects_junk() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "\u{fe}\u{ff}?>",
        ] {
            let encoded = URL_SAFE_NO_PAD.encode(text);
            assert_eq!(
                base64url_decode(&encoded).as_deref(),
                Some(text.as_bytes()),
                "{text}"
            );
        }
        assert_eq!(
            base64url_decode("ab+c"),
            None,
            "standard alphabet is not base64url"
        );
        assert_eq!(base64url_decode("abcde"), None, "impossible length");
    }

    fn jwt(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn decodes_the_payload_of_a_jwt() {
        let token = jwt(r#"{"sub":"1","iat":100,"exp":160,"name":"Zoë"}"#);
        let text = unverified_payload_json(&token).unwrap();
        let value: crate::json::Value = serde_json::from_str(&text).unwrap();
        let claims = TimeClaims::from_payload(&value).unwrap();
        assert_eq!(claims.lifetime_ms(), Some(60_000.0));
        assert_eq!(value.get("name").and_then(|v| v.as_str()), Some("Zoë"));
    }

    #[test]
    fn opaque_and_broken_tokens_have_no_payload() {
        assert_eq!(unverified_payload_json("opaque-token"), None);
        assert_eq!(unverified_payload_json("a.b"), None);
        assert_eq!(unverified_payload_json("a.!!!.c"), None);
        assert_eq!(unverified_payload_json("a.b.c.d"), None);
    }

    #[test]
    fn a_mistyped_exp_is_an_invalid_response() {
        let value: crate::json::Value = serde_json::from_str(r#"{"exp":"soon"}"#).unwrap();
        let err = TimeClaims::from_payload(&value).unwrap_err();
        assert_eq!(err.code(), "invalid_response");
    }
}
