//! Writing members of JS objects.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Sets `object[key] = value`; a frozen or proxied object that refuses is left as it is.
pub(crate) fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}
