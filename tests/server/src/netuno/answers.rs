//! The answers of the netuno dialect, shaped as a real Netuno server sends
//! them: compact JSON with sorted keys and Netuno's no-cache headers, or an
//! HTML error page.

use axum::body::Body;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, EXPIRES, PRAGMA};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::tokens::IssuedPair;
use crate::error::Error;
use crate::faults::{Oversized, OversizedField};
use crate::responses;
use crate::state::AppState;
use crate::test_settings::AltchaRefusal;
use crate::token_answer::Grant;
use crate::users::FAULT_USER;

/// Netuno's `Cache-Control` on every JSON answer.
pub const NO_CACHE: &str = "no-cache, no-store, must-revalidate";

/// Adds Netuno's no-cache headers (`Cache-Control`, `Pragma`, `Expires`).
pub fn no_cache(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(EXPIRES, HeaderValue::from_static("0"));
    response
}

/// `value` as compact JSON (its keys sorted: `serde_json`'s map is a
/// `BTreeMap`), uncacheable.
pub fn json(status: StatusCode, value: &Value) -> Response {
    no_cache(responses::json(status, value))
}

/// `{"result": false}` with `status`: refused refreshes (403) and `jwt`
/// requests with neither credentials nor refresh token (400).
pub fn result_false(status: StatusCode) -> Response {
    json(status, &json!({"result": false}))
}

/// 403 `{"locked": locked, "result": false}`: a refused login.
pub fn login_refused(locked: bool) -> Response {
    json(
        StatusCode::FORBIDDEN,
        &json!({"locked": locked, "result": false}),
    )
}

/// 406 `{"altcha": code, "result": false}`.
pub fn altcha_refused(refusal: AltchaRefusal) -> Response {
    json(
        StatusCode::NOT_ACCEPTABLE,
        &json!({"altcha": refusal.code(), "result": false}),
    )
}

/// 200 `{"result": true}`: a login without `jwt` (a session login in
/// Netuno; no session is kept here).
pub fn session_login() -> Response {
    json(StatusCode::OK, &json!({"result": true}))
}

/// 200 with an empty body: what Netuno writes for a request with neither
/// credentials nor `jwt`.
pub fn nothing() -> Response {
    responses::empty(StatusCode::OK)
}

/// The 200 answer of a login or refresh: the refresh token in the body, or
/// in cookie mode in the cookie; `extra` on logins only.
pub fn tokens(state: &AppState, grant: Grant, issued: &IssuedPair) -> Response {
    let in_body = state.refresh_cookie.is_none();
    let body = token_body(state, grant, issued, in_body);
    let mut response = json(StatusCode::OK, &body);
    if let Some(cookie) = &state.refresh_cookie {
        cookie.set(&mut response, &issued.refresh_token);
    }
    response
}

/// An `oversized` fault's answer: a well-shaped token answer whose `field`
/// is `bytes` `a` characters. Nothing is kept: the pair is unlisted and no
/// cookie is set (in cookie mode the refresh token is in the body only when
/// it is the oversized field).
///
/// # Errors
/// [`Error::Random`] or [`Error::TokenSigning`].
pub fn oversized(state: &AppState, grant: Grant, fault: Oversized) -> Result<Response, Error> {
    let issued = state.pairs.mint_unlisted(&FAULT_USER)?;
    let in_body = state.refresh_cookie.is_none() || fault.field == OversizedField::RefreshToken;
    let mut body = token_body(state, grant, &issued, in_body);
    let key = match fault.field {
        OversizedField::AccessToken => "access_token",
        OversizedField::RefreshToken => "refresh_token",
        OversizedField::Body => "padding",
    };
    if let Some(map) = body.as_object_mut() {
        map.insert(key.into(), "a".repeat(fault.bytes).into());
    }
    Ok(json(StatusCode::OK, &body))
}

/// `{"access_token", "expires_in", "extra" (logins), "refresh_expires_in",
/// "refresh_token" (if `refresh_in_body`), "result": true, "short_token",
/// "token_type": "Bearer"}`.
fn token_body(state: &AppState, grant: Grant, issued: &IssuedPair, refresh_in_body: bool) -> Value {
    let unit = state.expires_in_unit;
    let mut body = json!({
        "access_token": issued.access_token,
        "expires_in": unit.express(state.pairs.access_ttl_secs()),
        "refresh_expires_in": unit.express(state.pairs.refresh_ttl_secs()),
        "result": true,
        "short_token": issued.short_token,
        "token_type": "Bearer",
    });
    if let Some(map) = body.as_object_mut() {
        if refresh_in_body {
            map.insert("refresh_token".into(), issued.refresh_token.clone().into());
        }
        if grant == Grant::Login {
            map.insert("extra".into(), state.test_settings.extra());
        }
    }
    body
}

/// A protected call without a valid token: 401 with no `WWW-Authenticate`.
/// The body is `{}` when the request's Content-Type is `application/json`,
/// empty (with a JSON Content-Type) when its Accept is, an HTML page
/// otherwise (both compared whole, case aside, as Netuno does).
pub fn unauthorized(request_headers: &HeaderMap) -> Response {
    let is_json = |name: HeaderName| {
        request_headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.eq_ignore_ascii_case("application/json"))
    };
    if is_json(CONTENT_TYPE) {
        return json(StatusCode::UNAUTHORIZED, &json!({}));
    }
    if is_json(ACCEPT) {
        let mut response = responses::empty(StatusCode::UNAUTHORIZED);
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        return response;
    }
    html_error(StatusCode::UNAUTHORIZED)
}

/// An HTML error page with `status`, as Netuno answers browsers (and any
/// request whose JSON body does not parse).
pub fn html_error(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body><h1>{title}</h1></body></html>\n"
    );
    let mut response = Response::new(Body::from(page));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    fn content_type(response: &Response) -> &str {
        response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    #[test]
    fn unauthorized_follows_content_type_then_accept() {
        let json_request = headers(&[(CONTENT_TYPE, "Application/JSON")]);
        let answer = unauthorized(&json_request);
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(answer.headers()[CACHE_CONTROL], NO_CACHE);
        let accepts = headers(&[(ACCEPT, "application/json")]);
        assert_eq!(content_type(&unauthorized(&accepts)), "application/json");
        let charset = headers(&[(CONTENT_TYPE, "application/json; charset=utf-8")]);
        assert!(content_type(&unauthorized(&charset)).starts_with("text/html"));
        let browser = headers(&[(ACCEPT, "application/json, text/plain, */*")]);
        assert!(content_type(&unauthorized(&browser)).starts_with("text/html"));
        for response in [unauthorized(&json_request), unauthorized(&accepts)] {
            assert!(response.headers().get("www-authenticate").is_none());
        }
    }
}
