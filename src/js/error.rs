//! [`AuthError`] as JS sees it: an `Error` named `AuthError` with `code`, `status` and `body`
//! when an HTTP answer caused it, and `cause` (another `AuthError`) for `refresh_unavailable`. Made here
//! only, once, at the boundary.

use crate::core::error::{AuthError, ErrorBody};
use crate::js::convert::json_to_js;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The JS `Error` of `error`.
pub(crate) fn to_js(error: &AuthError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("AuthError");
    let value: JsValue = js.into();
    let set = |key: &str, v: JsValue| {
        let _ = Reflect::set(&value, &JsValue::from_str(key), &v);
    };
    set("code", error.code().as_str().into());
    if let Some(status) = error.status() {
        set("status", status.into());
    }
    if let Some(cause) = error.cause() {
        set("cause", to_js(cause));
    }
    match error.body() {
        Some(ErrorBody::Json(text)) => set("body", json_to_js(Some(text))),
        Some(ErrorBody::Text(text)) => set("body", text.as_str().into()),
        None if error.status().is_some() => set("body", JsValue::NULL),
        None => {}
    }
    value
}

impl From<AuthError> for JsValue {
    fn from(error: AuthError) -> JsValue {
        to_js(&error)
    }
}
