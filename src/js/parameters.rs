//! A call's `data` as URL parameters, as `@netuno/service-client`'s `encodedParameters` writes
//! them: for a GET's query (`service()`) and the helper of the same name.

use crate::browser::describe;
use crate::core::error::AuthError;
use crate::core::service_helpers as helpers;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `String(value)`; throws where the reference's `encodeURIComponent(value)` would
    /// (`Object.create(null)`, a symbol).
    #[wasm_bindgen(js_name = String, catch)]
    pub(crate) fn string_of(value: &JsValue) -> Result<String, JsValue>;
    /// `Object(value)`: a primitive's wrapper, whose keys `Object.keys` lists.
    #[wasm_bindgen(js_name = Object)]
    fn object_of(value: &JsValue) -> Object;
}

/// `encodedParameters(data)`: each own key of `data` as it is, `=`, and its value as text
/// through `encodeURIComponent` (a nested object gives `[object Object]`, an array its items
/// joined by commas, as `String()` writes them), joined by `&`.
///
/// # Errors
/// [`AuthError::InvalidArgument`] for `null` or `undefined` data, or a value with no string
/// form (where the reference throws too).
pub(crate) fn encoded_parameters_of(data: &JsValue) -> Result<String, AuthError> {
    if data.is_undefined() || data.is_null() {
        return Err(AuthError::invalid_argument("data", "expected an object"));
    }
    let object = object_of(data);
    let mut pairs = Vec::new();
    for key in Object::keys(&object).iter() {
        let value = Reflect::get(&object, &key).unwrap_or(JsValue::UNDEFINED);
        let text = string_of(&value).map_err(|e| {
            AuthError::invalid_argument("data", &format!("a value has no text: {}", describe(&e)))
        })?;
        pairs.push((key.as_string().unwrap_or_default(), text));
    }
    let pairs = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    Ok(helpers::encoded_parameters(pairs, |value| {
        js_sys::encode_uri_component(value).into()
    }))
}
