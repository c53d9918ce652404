//! Cookie mode (`--refresh-cookie`): the refresh token in an HttpOnly cookie.
//!
//! Login and refresh answers set the rotated token as
//! `NAME=<token>; HttpOnly; SameSite=Strict; Path=<auth path>; Max-Age=<ttl>`
//! and leave it out of the JSON; a refresh or logout without a token in its
//! body reads it back; logout clears it with `Max-Age=0`. No `Secure`: the
//! server only speaks plain http (a real deployment must add it).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

/// The refresh cookie's name, scope and lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshCookie {
    name: String,
    path: &'static str,
    max_age_secs: u64,
}

impl RefreshCookie {
    /// A cookie `name` (already validated) scoped to `path`, living `max_age_secs`.
    pub fn new(name: &str, path: &'static str, max_age_secs: u64) -> Self {
        Self {
            name: name.to_owned(),
            path,
            max_age_secs,
        }
    }

    /// Adds the `Set-Cookie` that stores `token`.
    pub fn set(&self, response: &mut Response, token: &str) {
        self.append(response, token, self.max_age_secs);
    }

    /// Adds the `Set-Cookie` that deletes the cookie.
    pub fn clear(&self, response: &mut Response) {
        self.append(response, "", 0);
    }

    /// The cookie's value in the request's `Cookie` header(s), if non-empty.
    pub fn read(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name)
            .map(|(_, value)| value.trim().trim_matches('"').to_owned())
            .filter(|value| !value.is_empty())
    }

    fn header(&self, value: &str, max_age_secs: u64) -> String {
        format!(
            "{}={value}; HttpOnly; SameSite=Strict; Path={}; Max-Age={max_age_secs}",
            self.name, self.path
        )
    }

    fn append(&self, response: &mut Response, value: &str, max_age_secs: u64) {
        // Names are validated at start-up and tokens are hex, so this
        // always converts; if it ever did not, sending no cookie is safe.
        if let Ok(header) = HeaderValue::from_str(&self.header(value, max_age_secs)) {
            response.headers_mut().append(SET_COOKIE, header);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_clear_spell_every_attribute() {
        let cookie = RefreshCookie::new("rt", "/api/auth", 90);
        assert_eq!(
            cookie.header("abc", 90),
            "rt=abc; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=90"
        );
        let mut response = Response::new(axum::body::Body::empty());
        cookie.clear(&mut response);
        assert_eq!(
            response.headers()[SET_COOKIE],
            "rt=; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=0"
        );
    }

    #[test]
    fn read_finds_the_named_cookie_only() {
        let cookie = RefreshCookie::new("rt", "/", 1);
        let mut headers = HeaderMap::new();
        assert_eq!(cookie.read(&headers), None);
        headers.append(COOKIE, HeaderValue::from_static("a=1; rtx=no"));
        headers.append(COOKIE, HeaderValue::from_static("b=2;rt=abc ; c=3"));
        assert_eq!(cookie.read(&headers).as_deref(), Some("abc"));
        let mut empty = HeaderMap::new();
        empty.insert(COOKIE, HeaderValue::from_static("rt="));
        assert_eq!(cookie.read(&empty), None);
    }
}
