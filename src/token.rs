//! The token the client holds: validated out of a server response, kept in storage, and
//! timed on the local clock.

use crate::claims::{unverified_payload_json, TimeClaims};
use crate::config::{Config, TokenConfig};
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::parse;
use crate::secret::{AccessToken, RefreshToken};

/// Ten years: a lifetime beyond this is a unit mistake, not a policy.
const MAX_LIFETIME_MS: f64 = 10.0 * 365.25 * 24.0 * 3600.0 * 1000.0;

/// Version of the stored record; a record of another version is dropped, not misread.
pub(crate) const STORED_VERSION: u32 = 1;

/// A token pair as held by the client. Also the record kept in storage (as JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenState {
    /// Record version.
    pub v: u32,
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token.
    pub refresh_token: RefreshToken,
    /// `Bearer`, usually.
    pub token_type: String,
    /// The raw `expires_in` number of the response, as the server sent it.
    pub expires_in: Option<f64>,
    /// Local clock (ms since epoch) when the response arrived.
    pub loaded_at: f64,
    /// How long the access token lives from `loaded_at`, in ms; `None` when unknown.
    pub lifetime_ms: Option<f64>,
}

impl TokenState {
    /// When the access token expires, on the local clock (ms since epoch).
    pub fn expires_at(&self) -> Option<f64> {
        self.lifetime_ms.map(|l| self.loaded_at + l)
    }
}

pub(crate) fn plausible_lifetime(ms: f64) -> bool {
    ms.is_finite() && ms > 0.0 && ms <= MAX_LIFETIME_MS
}

/// An [`AuthError::InvalidResponse`] whose message is `parts` joined.
fn invalid(parts: &[&str]) -> AuthError {
    AuthError::InvalidResponse(crate::text::concat(parts))
}

fn required_string<'a>(body: &'a Value, key: &str) -> Result<&'a str, AuthError> {
    match body.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(invalid(&["`", key, "` is empty"])),
        None | Some(Value::Null) => Err(invalid(&["`", key, "` is missing"])),
        Some(other) => Err(invalid(&[
            "`",
            key,
            "` is ",
            other.type_name(),
            ", expected a string",
        ])),
    }
}

fn optional_key<'a>(body: &'a Value, key: Option<&str>) -> Option<&'a Value> {
    key.and_then(|k| body.get(k)).filter(|v| **v != Value::Null)
}

/// What the server answered to a login or refresh, before it is trusted.
pub struct TokenResponse<'a> {
    /// The parsed JSON body.
    pub body: &'a Value,
    /// Local clock when it arrived (ms since epoch).
    pub received_at: f64,
    /// The refresh token to keep when a refresh response carries none (servers that do not
    /// rotate); `None` for a login, where one is required.
    pub previous_refresh: Option<&'a RefreshToken>,
}

/// Validates a token response by the configured keys and builds the token to hold.
///
/// # Errors
/// [`AuthError::InvalidResponse`] naming the first bad key; nothing is stored then.
pub fn validate_response(
    response: TokenResponse<'_>,
    config: &Config,
) -> Result<TokenState, AuthError> {
    let keys: &TokenConfig = &config.token;
    let body = response.body;
    if !matches!(body, Value::Object(_)) {
        return Err(invalid(&["expected a JSON object, got ", body.type_name()]));
    }
    if let Some(result_key) = &keys.result_key {
        if !matches!(body.get(result_key), Some(Value::Bool(true))) {
            return Err(invalid(&["`", result_key, "` is not true"]));
        }
    }
    let access = required_string(body, &keys.access_token_key)?;
    let refresh = match (body.get(&keys.refresh_token_key), response.previous_refresh) {
        (None | Some(Value::Null), Some(previous)) => previous.clone(),
        _ => RefreshToken::new(required_string(body, &keys.refresh_token_key)?.to_owned()),
    };
    let token_type = match optional_key(body, keys.token_type_key.as_deref()) {
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        Some(other) => {
            return Err(invalid(&[
                "the token type is ",
                other.type_name(),
                ", expected a non-empty string",
            ]))
        }
        None => keys
            .token_type_default
            .clone()
            .unwrap_or_else(|| "Bearer".into()),
    };
    let expires_in = match optional_key(body, keys.expires_in_key.as_deref()) {
        Some(Value::Number(n)) if n.is_finite() && *n > 0.0 => Some(*n),
        Some(_) => {
            return Err(AuthError::InvalidResponse(
                "the expiry is not a positive number".into(),
            ))
        }
        None => None,
    };
    let lifetime_ms = lifetime_ms(access, expires_in, config)?;
    Ok(TokenState {
        v: STORED_VERSION,
        access_token: AccessToken::new(access.to_owned()),
        refresh_token: refresh,
        token_type,
        expires_in,
        loaded_at: response.received_at,
        lifetime_ms,
    })
}

/// The access token's lifetime from the moment the response arrived: `exp - iat` of a JWT,
/// else `expires_in`, else `token.expiresInDefault`, both in `expiresInUnit`.
fn lifetime_ms(
    access: &str,
    expires_in: Option<f64>,
    config: &Config,
) -> Result<Option<f64>, AuthError> {
    let from_jwt = match unverified_payload_json(access).and_then(|text| parse(&text)) {
        Some(payload) => TimeClaims::from_payload(&payload)?.lifetime_ms(),
        None => None,
    };
    let unit = config.expires_in_unit.millis();
    let lifetime = from_jwt
        .or(expires_in.map(|n| n * unit))
        .or(config.token.expires_in_default.map(|n| n * unit));
    match lifetime {
        // No number in the message: formatting a float would add 15 KB of wasm.
        Some(ms) if !plausible_lifetime(ms) => Err(AuthError::InvalidResponse(
            "implausible token lifetime (zero, negative, or over ten years: check expiresInUnit)"
                .into(),
        )),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    fn body(json: &str) -> Value {
        parse(json).unwrap()
    }

    fn validate(json: &str, config: &Config) -> Result<TokenState, AuthError> {
        let b = body(json);
        let response = TokenResponse {
            body: &b,
            received_at: 1_000.0,
            previous_refresh: None,
        };
        validate_response(response, config)
    }

    #[test]
    fn a_good_response_gives_a_token() {
        let t = validate(
            r#"{"result":true,"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":60}"#,
            &Config::default(),
        )
        .unwrap();
        assert_eq!(t.access_token.secret(), "a");
        assert_eq!(t.expires_at(), Some(61_000.0));
    }

    #[test]
    fn the_jwt_lifetime_wins_over_expires_in() {
        let payload = URL_SAFE_NO_PAD.encode(r#"{"iat":1000,"exp":1010}"#);
        let json = format!(
            r#"{{"result":true,"access_token":"h.{payload}.s","refresh_token":"r","expires_in":3600}}"#
        );
        let t = validate(&json, &Config::default()).unwrap();
        assert_eq!(t.lifetime_ms, Some(10_000.0));
        assert_eq!(t.token_type, "Bearer");
    }

    #[test]
    fn bad_responses_are_invalid_response() {
        let c = Config::default();
        for bad in [
            r#"[]"#,
            r#"{"result":false,"access_token":"a","refresh_token":"r"}"#,
            r#"{"result":true,"access_token":"","refresh_token":"r"}"#,
            r#"{"result":true,"access_token":"a"}"#,
            r#"{"result":true,"access_token":5,"refresh_token":"r"}"#,
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":-1}"#,
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":"60"}"#,
            r#"{"result":true,"access_token":"a","refresh_token":"r","token_type":7}"#,
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":1e12}"#,
        ] {
            assert_eq!(
                validate(bad, &c).unwrap_err().code(),
                "invalid_response",
                "{bad}"
            );
        }
    }

    #[test]
    fn units_and_defaults_apply() {
        let mut c = Config {
            expires_in_unit: crate::config::TimeUnit::Minutes,
            ..Config::default()
        };
        let t = validate(
            r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":2}"#,
            &c,
        );
        assert_eq!(t.unwrap().lifetime_ms, Some(120_000.0));
        c.token.expires_in_default = Some(5.0);
        let t = validate(
            r#"{"result":true,"access_token":"a","refresh_token":"r"}"#,
            &c,
        )
        .unwrap();
        assert_eq!(t.lifetime_ms, Some(300_000.0));
        c.token.expires_in_default = None;
        let t = validate(
            r#"{"result":true,"access_token":"a","refresh_token":"r"}"#,
            &c,
        )
        .unwrap();
        assert_eq!(t.lifetime_ms, None);
    }

    #[test]
    fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
        let b = body(r#"{"result":true,"access_token":"a2"}"#);
        let old = RefreshToken::new("r1".into());
        let response = TokenResponse {
            body: &b,
            received_at: 0.0,
            previous_refresh: Some(&old),
        };
        let t = validate_response(response, &Config::default()).unwrap();
        assert_eq!(t.refresh_token, old);
    }
}
