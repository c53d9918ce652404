//! The token the client holds: validated out of a server response, and timed on the local
//! clock.
//!
//! A token response is read by keys the app configures (`token.accessTokenKey` ...), known only
//! at run time, so the I/O layer reads those members out of the body into [`TokenFields`] (with
//! `js_sys::Reflect` in the browser) and this module decides whether they make a token.

use crate::core::claims::TimeClaims;
use crate::core::config::{Config, TokenConfig};
use crate::core::error::AuthError;
use crate::core::secret::{AccessToken, RefreshToken};
use serde::Serialize;

/// Thirty days: an access token said to live longer is a unit mistake (seconds read as
/// milliseconds would be 1,000 times too long), not a policy.
const MAX_LIFETIME_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;
/// One second: an access token said to live shorter is a unit mistake too; refreshing on it
/// would be a refresh storm.
const MIN_LIFETIME_MS: f64 = 1_000.0;

/// One member of a response body, as the I/O layer found it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field {
    /// The key is not there (or is `undefined`).
    #[default]
    Absent,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// Anything else (an object, an array), by its JSON type name.
    Other(&'static str),
}

impl Field {
    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Field::Absent | Field::Null => "null",
            Field::Bool(_) => "a boolean",
            Field::Number(_) => "a number",
            Field::Text(_) => "a string",
            Field::Other(name) => name,
        }
    }

    fn is_missing(&self) -> bool {
        matches!(self, Field::Absent | Field::Null)
    }
}

/// The members of a token response that the configured keys point at, and the time claims of
/// the access token when it is a JWT (decoded, unverified, by the I/O layer).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenFields {
    /// `token.resultKey` (must be `true` when configured).
    pub result: Field,
    /// `token.accessTokenKey`.
    pub access_token: Field,
    /// `token.refreshTokenKey`.
    pub refresh_token: Field,
    /// `token.tokenTypeKey`.
    pub token_type: Field,
    /// `token.expiresInKey`.
    pub expires_in: Field,
    /// The access token's `iat`/`exp`: `Ok(None)` when it is not a JWT, `Err` naming the bad
    /// claim when it is a JWT whose time claims are not numbers.
    pub claims: Result<Option<TimeClaims>, String>,
    /// The response's `extra` member as JSON text (Netuno's login answer carries the app's own
    /// data there); `None` when absent or `null`.
    pub extra: Option<String>,
}

/// A token pair as held by the client.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenState {
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token; `None` in cookie mode (the server keeps it in an `HttpOnly` cookie)
    /// and for an access token another tab shared.
    pub refresh_token: Option<RefreshToken>,
    /// `Bearer`, usually.
    pub token_type: String,
    /// The raw `expires_in` number of the response, as the server sent it.
    pub expires_in: Option<f64>,
    /// Local clock (ms since epoch) when the response arrived.
    pub loaded_at: f64,
    /// How long the access token lives from `loaded_at`, in ms; `None` when unknown.
    pub lifetime_ms: Option<f64>,
    /// The login answer's `extra` (the app's own data) as JSON text, kept through refreshes.
    pub extra: Option<String>,
}

impl TokenState {
    /// When the access token expires, on the local clock (ms since epoch).
    pub fn expires_at(&self) -> Option<f64> {
        self.lifetime_ms.map(|l| self.loaded_at + l)
    }

    /// The token as `token()` shows it.
    pub fn view(&self) -> Token {
        Token {
            access_token: self.access_token.clone(),
            refresh_token: self.refresh_token.clone(),
            token_type: self.token_type.clone(),
            expires_in: self.expires_in,
            loaded_at: self.loaded_at,
            expires_at: self.expires_at(),
            extra: self.extra.clone(),
        }
    }
}

/// The token as `token()` returns it, keyed by these names whatever keys the server uses. It
/// loads back with `token(args, newToken)`, keeping its age (`loaded_at`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Token {
    /// The access token.
    #[cfg_attr(feature = "js", tsify(type = "string"))]
    pub access_token: AccessToken,
    /// The refresh token; `null` in cookie mode and for an access token another tab shared.
    #[cfg_attr(feature = "js", tsify(type = "string | null"))]
    pub refresh_token: Option<RefreshToken>,
    /// The token type (`Bearer`).
    pub token_type: String,
    /// The raw `expires_in` of the response, in `expiresInUnit`.
    pub expires_in: Option<f64>,
    /// Local time (ms since epoch) when the token arrived.
    pub loaded_at: f64,
    /// Local time (ms since epoch) when the access token expires, if known.
    pub expires_at: Option<f64>,
    /// The login answer's `extra` (the app's own data; a refresh keeps the login's), as JSON
    /// text: JS sees the value itself (`token().extra`), Rust apps read it into a type of their
    /// own with `AuthClient::extra`.
    #[cfg_attr(feature = "js", tsify(type = "unknown"))]
    pub extra: Option<String>,
}

/// Whether an access token lifetime is believable: from 1 s to 30 days.
pub(crate) fn plausible_lifetime(ms: f64) -> bool {
    (MIN_LIFETIME_MS..=MAX_LIFETIME_MS).contains(&ms)
}

fn invalid(message: String) -> AuthError {
    AuthError::InvalidResponse(message)
}

fn required_text(field: &Field, key: &str, max_bytes: u32) -> Result<String, AuthError> {
    match field {
        Field::Text(s) if s.len() > max_bytes as usize => Err(invalid(format!(
            "`{key}` is {} bytes, over the limit of {max_bytes} (token.maxBytes)",
            s.len()
        ))),
        Field::Text(s) if !s.is_empty() => Ok(s.clone()),
        Field::Text(_) => Err(invalid(format!("`{key}` is empty"))),
        f if f.is_missing() => Err(invalid(format!("`{key}` is missing"))),
        other => Err(invalid(format!(
            "`{key}` is {}, expected a string",
            other.type_name()
        ))),
    }
}

/// What the server answered to a login or refresh, before it is trusted.
pub struct TokenResponse<'a> {
    /// The members the configured keys point at.
    pub fields: &'a TokenFields,
    /// Local clock when it arrived (ms since epoch).
    pub received_at: f64,
    /// The token a refresh renews: its refresh token is kept when the response carries none
    /// (servers that do not rotate), and its `extra` when the response has none (a Netuno
    /// refresh answer never has). `None` for a login, where a refresh token is required.
    pub previous: Option<&'a TokenState>,
}

/// A token response that passed, and what was doubtful about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The token to hold.
    pub token: TokenState,
    /// A lifetime the response gave (in ms) that is implausible, under 1 s or over 30 days, so
    /// it was ignored: the token is held as one of unknown lifetime (renewed when a call is
    /// refused), and the app is told once, as a unit mistake (`expiresInUnit`).
    pub ignored_lifetime_ms: Option<f64>,
}

/// Validates a token response by the configured keys and builds the token to hold.
///
/// # Errors
/// [`AuthError::InvalidResponse`] naming the first bad key; nothing is stored then.
pub fn validate_response(
    response: TokenResponse<'_>,
    config: &Config,
) -> Result<Validated, AuthError> {
    let keys: &TokenConfig = &config.token;
    let fields = response.fields;
    if let Some(result_key) = &keys.result_key {
        if fields.result != Field::Bool(true) {
            return Err(invalid(format!("`{result_key}` is not true")));
        }
    }
    let access = required_text(&fields.access_token, &keys.access_token_key, keys.max_bytes)?;
    // In cookie mode the server keeps the refresh token: one in the body is not kept either.
    let previous_refresh = response.previous.and_then(|p| p.refresh_token.as_ref());
    let refresh = match (&fields.refresh_token, previous_refresh) {
        _ if config.cookie_mode() => None,
        (f, Some(previous)) if f.is_missing() => Some(previous.clone()),
        (f, _) => Some(RefreshToken::new(required_text(
            f,
            &keys.refresh_token_key,
            keys.max_bytes,
        )?)),
    };
    let token_type = match &fields.token_type {
        Field::Text(t) if !t.is_empty() => t.clone(),
        f if f.is_missing() => keys
            .token_type_default
            .clone()
            .unwrap_or_else(|| "Bearer".into()),
        other => {
            return Err(invalid(format!(
                "the token type is {}, expected a non-empty string",
                other.type_name()
            )))
        }
    };
    let expires_in = match &fields.expires_in {
        Field::Number(n) if n.is_finite() && *n > 0.0 => Some(*n),
        f if f.is_missing() => None,
        _ => return Err(invalid("the expiry is not a positive number".into())),
    };
    let claims = fields
        .claims
        .clone()
        .map_err(|e| invalid(format!("the access token's claims are invalid: {e}")))?;
    let given = given_lifetime_ms(claims, expires_in, config);
    let plausible = given.filter(|ms| plausible_lifetime(*ms));
    let extra = fields
        .extra
        .clone()
        .or_else(|| response.previous.and_then(|p| p.extra.clone()));
    Ok(Validated {
        token: TokenState {
            access_token: AccessToken::new(access),
            refresh_token: refresh,
            token_type,
            expires_in,
            loaded_at: response.received_at,
            lifetime_ms: plausible,
            extra,
        },
        ignored_lifetime_ms: given.filter(|_| plausible.is_none()),
    })
}

/// The access token's lifetime from the moment the response arrived, as the response gives
/// it: `exp - iat` of a JWT, else `expires_in`, else `token.expiresInDefault`, both in
/// `expiresInUnit`.
fn given_lifetime_ms(
    claims: Option<TimeClaims>,
    expires_in: Option<f64>,
    config: &Config,
) -> Option<f64> {
    let unit = config.expires_in_unit.millis();
    claims
        .and_then(|c| c.lifetime_ms())
        .or(expires_in.map(|n| n * unit))
        .or(config.token.expires_in_default.map(|n| n * unit))
}

/// What the app is told, once, about a lifetime that was ignored.
pub fn implausible_lifetime_warning(ms: f64, config: &Config) -> String {
    let unit = config.expires_in_unit.name();
    format!(
        "wasm-auth-client: the server's token lifetime reads as {} s with expiresInUnit \
         '{unit}', which is not plausible (under 1 s or over 30 days), so it is ignored: the \
         token is renewed when the server refuses it. Set expiresInUnit to the unit the server \
         sends expires_in in (Netuno: 'milliseconds'; RFC 6749 servers: 'seconds').",
        ms / 1000.0
    )
}

#[cfg(test)]
#[path = "token_tests.rs"]
mod tests;
