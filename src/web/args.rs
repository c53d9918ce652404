//! Reading call arguments (`{username, password}`, `{url, method}` ...) from JS objects,
//! with `invalid_argument` errors that name the argument.

use crate::error::AuthError;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The member `key` of `object` (undefined when `object` is not an object).
pub(crate) fn member(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `object[key] = value`; a frozen or proxied object that refuses is left as it is.
pub(crate) fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// A required non-empty string argument.
pub(crate) fn string(object: &JsValue, key: &str) -> Result<String, AuthError> {
    if !object.is_object() {
        return Err(AuthError::invalid_argument(
            "arguments",
            "expected an object",
        ));
    }
    match member(object, key).as_string() {
        Some(s) if !s.is_empty() => Ok(s),
        Some(_) => Err(AuthError::invalid_argument(key, "must not be empty")),
        None => Err(AuthError::invalid_argument(key, "expected a string")),
    }
}

/// An optional string argument.
pub(crate) fn optional_string(object: &JsValue, key: &str) -> Result<Option<String>, AuthError> {
    let value = member(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| AuthError::invalid_argument(key, "expected a string"))
}
