//! [`AuthError`] as JS sees it: an `Error` named `AuthError` with `code`, `status` when an HTTP
//! status caused it, and `cause` (another `AuthError`) for `refresh_unavailable`. Made here
//! only, once, at the boundary.

use crate::core::error::AuthError;
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
    value
}

impl From<AuthError> for JsValue {
    fn from(error: AuthError) -> JsValue {
        to_js(&error)
    }
}
