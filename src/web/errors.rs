//! The one conversion of [`AuthError`] into a JS `Error` named `AuthError`.

use crate::error::AuthError;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

impl From<AuthError> for JsValue {
    fn from(e: AuthError) -> JsValue {
        let error = js_sys::Error::new(&e.message());
        error.set_name("AuthError");
        // Reflect::set only fails on frozen or proxied objects; a fresh Error is neither.
        let _ = Reflect::set(&error, &"code".into(), &e.code().into());
        if let Some(status) = e.status() {
            let _ = Reflect::set(&error, &"status".into(), &status.into());
        }
        error.into()
    }
}

/// Describes a thrown JS value (an exception from a callback, a fetch rejection) as owned text.
pub(crate) fn describe(thrown: &JsValue) -> String {
    if let Some(error) = thrown.dyn_ref::<js_sys::Error>() {
        let name = String::from(error.name());
        return [name.as_str(), ": ", &String::from(error.message())].concat();
    }
    thrown.as_string().unwrap_or_else(|| "unknown error".into())
}

use wasm_bindgen::JsCast;
