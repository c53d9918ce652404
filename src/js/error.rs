//! [`AuthError`] as JS sees it: an `Error` named `AuthError` with `code`, `status` and `body`
//! when an HTTP answer caused it, and `cause` (another `AuthError`) for `refresh_unavailable`. Made here
//! only, once, at the boundary.

use crate::browser::js_value::{parse_json, set};
use crate::core::error::{AuthError, ErrorBody};
use wasm_bindgen::JsValue;

/// The JS `Error` of `error`.
pub(crate) fn to_js(error: &AuthError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("AuthError");
    let value: JsValue = js.into();
    set(&value, "code", &error.code().as_str().into());
    if let Some(status) = error.status() {
        set(&value, "status", &status.into());
    }
    if let Some(cause) = error.cause() {
        set(&value, "cause", &to_js(cause));
    }
    let body = match error.body() {
        Some(ErrorBody::Json(text)) => parse_json(text).unwrap_or(JsValue::NULL),
        Some(ErrorBody::Text(text)) => text.as_str().into(),
        None if error.status().is_some() => JsValue::NULL,
        None => return value,
    };
    set(&value, "body", &body);
    value
}

/// The `error` that `@netuno/service-client` gives with an answer of a non-2xx status: an
/// `Error` saying the status.
pub(crate) fn status_error(status: u16) -> JsValue {
    js_sys::Error::new(&format!("Service failed responding status {status}.")).into()
}

/// The `error` that `@netuno/service-client` gives for a network failure: the `TypeError` that
/// `fetch` rejected with (`describe` wrote it as `String(e)`: "TypeError: Failed to fetch").
pub(crate) fn network_error(cause: &str) -> JsValue {
    js_sys::TypeError::new(cause.strip_prefix("TypeError: ").unwrap_or(cause)).into()
}

impl From<AuthError> for JsValue {
    fn from(error: AuthError) -> JsValue {
        to_js(&error)
    }
}
