//! Where a protected call carries its access token, per dialect.
//!
//! - netuno: `Authorization: Bearer <token>`, with `Bearer ` in exactly
//!   that case (Netuno's `startsWith("Bearer ")`);
//! - oauth: `Authorization: Bearer <jwt>` (scheme case-insensitive);
//! - tutorial: a bare `x-access-token: <jwt>`, no scheme.

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, HeaderName};

use crate::dialect::Dialect;
use crate::tokens::TokenRejection;

/// The tutorial dialect's token header.
pub const X_ACCESS_TOKEN: HeaderName = HeaderName::from_static("x-access-token");

/// The token `headers` present in `dialect`'s header.
///
/// # Errors
/// [`TokenRejection::Missing`] without the header or with an empty one,
/// [`TokenRejection::Malformed`] if it is not the expected form.
pub fn presented(dialect: Dialect, headers: &HeaderMap) -> Result<&str, TokenRejection> {
    match dialect {
        Dialect::Netuno => exact_bearer_token(headers),
        Dialect::Oauth => bearer_token(headers),
        Dialect::Tutorial => bare_token(headers),
    }
}

/// The token from `Authorization: Bearer <token>` (scheme case-insensitive). An empty header
/// presents no token, as in the tutorial dialect: it counts as missing, not as a rejected token
/// (Netuno's service client empties the header on logout rather than removing it).
fn bearer_token(headers: &HeaderMap) -> Result<&str, TokenRejection> {
    let value = headers.get(AUTHORIZATION).ok_or(TokenRejection::Missing)?;
    let value = value
        .to_str()
        .map_err(|_| TokenRejection::Malformed)?
        .trim();
    if value.is_empty() {
        return Err(TokenRejection::Missing);
    }
    let (scheme, token) = value.split_once(' ').ok_or(TokenRejection::Malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(TokenRejection::Malformed);
    }
    Ok(token)
}

/// The token from `Authorization: Bearer <token>` with `Bearer ` exactly
/// so; an empty header presents no token (missing).
fn exact_bearer_token(headers: &HeaderMap) -> Result<&str, TokenRejection> {
    let value = headers.get(AUTHORIZATION).ok_or(TokenRejection::Missing)?;
    let value = value.to_str().map_err(|_| TokenRejection::Malformed)?;
    if value.trim().is_empty() {
        return Err(TokenRejection::Missing);
    }
    match value.strip_prefix("Bearer ").map(str::trim) {
        Some(token) if !token.is_empty() => Ok(token),
        _ => Err(TokenRejection::Malformed),
    }
}

/// The token from `x-access-token: <token>`; empty counts as missing, as
/// the tutorial's `if (!token)` does.
fn bare_token(headers: &HeaderMap) -> Result<&str, TokenRejection> {
    let value = headers.get(X_ACCESS_TOKEN).ok_or(TokenRejection::Missing)?;
    let value = value.to_str().map_err(|_| TokenRejection::Malformed)?;
    match value.trim() {
        "" => Err(TokenRejection::Missing),
        token => Ok(token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn token_of(name: HeaderName, value: &'static str) -> Result<String, TokenRejection> {
        let mut headers = HeaderMap::new();
        let dialect = if name == AUTHORIZATION {
            Dialect::Oauth
        } else {
            Dialect::Tutorial
        };
        headers.insert(name, HeaderValue::from_static(value));
        presented(dialect, &headers).map(str::to_owned)
    }

    #[test]
    fn bearer_header_forms() {
        assert_eq!(token_of(AUTHORIZATION, "Bearer abc"), Ok("abc".into()));
        assert_eq!(token_of(AUTHORIZATION, "bearer  abc "), Ok("abc".into()));
        assert_eq!(
            token_of(AUTHORIZATION, "Basic abc"),
            Err(TokenRejection::Malformed)
        );
        assert_eq!(
            token_of(AUTHORIZATION, "Bearer"),
            Err(TokenRejection::Malformed)
        );
        assert_eq!(
            token_of(AUTHORIZATION, "Bearer "),
            Err(TokenRejection::Malformed)
        );
        assert_eq!(
            presented(Dialect::Oauth, &HeaderMap::new()),
            Err(TokenRejection::Missing)
        );
        assert_eq!(token_of(AUTHORIZATION, ""), Err(TokenRejection::Missing));
        assert_eq!(token_of(AUTHORIZATION, "  "), Err(TokenRejection::Missing));
    }

    #[test]
    fn netuno_wants_bearer_in_exactly_that_case() {
        let netuno = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
            presented(Dialect::Netuno, &headers).map(str::to_owned)
        };
        assert_eq!(netuno("Bearer abc "), Ok("abc".into()));
        assert_eq!(netuno("bearer abc"), Err(TokenRejection::Malformed));
        assert_eq!(netuno("BEARER abc"), Err(TokenRejection::Malformed));
        assert_eq!(netuno("Bearer "), Err(TokenRejection::Malformed));
        assert_eq!(netuno("Basic abc"), Err(TokenRejection::Malformed));
        assert_eq!(netuno(" "), Err(TokenRejection::Missing));
        assert_eq!(
            presented(Dialect::Netuno, &HeaderMap::new()),
            Err(TokenRejection::Missing)
        );
    }

    #[test]
    fn bare_header_forms() {
        assert_eq!(token_of(X_ACCESS_TOKEN, "abc"), Ok("abc".into()));
        assert_eq!(token_of(X_ACCESS_TOKEN, " "), Err(TokenRejection::Missing));
        assert_eq!(
            token_of(X_ACCESS_TOKEN, "Bearer abc"),
            Ok("Bearer abc".into()),
            "no scheme is stripped: the JWT check then refuses it"
        );
        let mut bearer_only = HeaderMap::new();
        bearer_only.insert(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        assert_eq!(
            presented(Dialect::Tutorial, &bearer_only),
            Err(TokenRejection::Missing)
        );
    }
}
