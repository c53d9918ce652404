//! Builders for the JSON answers every route shares.
//!
//! Bodies follow PROTOCOL.md: failures are `{"result": false, "error": CODE}`
//! plus a `message` where a human needs one (the tutorial dialect's refusals
//! are `{"message"}` alone). Building them here keeps the
//! shapes identical across routes.

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

/// The challenge sent with every 401, as RFC 6750 §3 spells it.
pub const BEARER_CHALLENGE: &str = "Bearer error=\"invalid_token\"";

/// A response with `status` and `value` serialized as its JSON body.
pub fn json(status: StatusCode, value: &Value) -> Response {
    // Serializing a `Value` cannot fail: its keys are always strings.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// `{"result": false, "error": code, "message": message?}` with `status`.
pub fn error(status: StatusCode, code: &str, message: Option<&str>) -> Response {
    let mut body = json!({"result": false, "error": code});
    if let (Some(message), Some(map)) = (message, body.as_object_mut()) {
        map.insert("message".into(), Value::from(message));
    }
    json(status, &body)
}

/// `{"message": text}` with `status`: the tutorial dialect's refusals.
pub fn message(status: StatusCode, text: &str) -> Response {
    json(status, &json!({ "message": text }))
}

/// 400 `bad-request` with a message saying what is wrong with the request.
pub fn bad_request(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "bad-request", Some(message))
}

/// 403 with one of the `_auth` error codes and no message (as Netuno answers).
pub fn forbidden(code: &str) -> Response {
    no_store(error(StatusCode::FORBIDDEN, code, None))
}

/// 404 `not-found` for paths that exist nowhere.
pub fn not_found(path: &str) -> Response {
    let message = format!("no route for {path}");
    error(StatusCode::NOT_FOUND, "not-found", Some(&message))
}

/// 405 `method-not-allowed`, naming the methods the path accepts.
pub fn method_not_allowed(allowed: &'static str) -> Response {
    let message = format!("use {allowed}");
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        Some(&message),
    );
    response
        .headers_mut()
        .insert("allow", HeaderValue::from_static(allowed));
    response
}

/// 401 `invalid-token` with the Bearer challenge, `reason` and `message`.
pub fn invalid_token(reason: &str, message: &str) -> Response {
    let body = json!({
        "result": false,
        "error": "invalid-token",
        "reason": reason,
        "message": message,
    });
    let mut response = json(StatusCode::UNAUTHORIZED, &body);
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static(BEARER_CHALLENGE));
    response
}

/// Marks a response uncacheable, as RFC 6749 §5.1 asks of token answers.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An answer with `status` and an empty body.
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}
