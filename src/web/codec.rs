//! JSON in the browser: `JSON.parse`/`JSON.stringify` plus serde-wasm-bindgen, so no JSON
//! parser is compiled into the wasm.

use crate::json::Value;
use crate::session::JsonCodec;
use crate::token::TokenState;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// The browser's JSON.
pub(crate) struct BrowserJson;

/// Serializes to a plain JS value (objects, not `Map`s).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Reads any JS value as a core [`Value`]; functions and symbols become `Null`.
pub(crate) fn from_js(value: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap_or_default()
}

/// `JSON.parse` into a core value.
pub(crate) fn parse(text: &str) -> Option<Value> {
    js_sys::JSON::parse(text).ok().map(|v| from_js(&v))
}

impl JsonCodec for BrowserJson {
    fn parse(&self, text: &str) -> Option<Value> {
        parse(text)
    }

    fn encode(&self, token: &TokenState) -> Option<String> {
        js_sys::JSON::stringify(&to_js(token))
            .ok()
            .map(String::from)
    }

    fn decode(&self, text: &str) -> Option<TokenState> {
        let value = js_sys::JSON::parse(text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
}
