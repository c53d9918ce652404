//! JSON in the browser: `JSON.parse`/`JSON.stringify` plus serde-wasm-bindgen, so no JSON
//! parser is compiled into the wasm.

use crate::json::Value;
use crate::session::JsonCodec;
use crate::token::TokenState;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The browser's JSON.
pub(crate) struct BrowserJson;

/// Serializes to a plain JS value (objects, not `Map`s).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Nesting beyond this is cut (as `null`): settings and token responses are shallow, and a
/// cyclic object must not recurse forever.
const MAX_DEPTH: u8 = 32;

/// Reads any JS value as a core [`Value`]; functions, symbols and `undefined` become `Null`
/// (callbacks are read separately by the facade).
pub(crate) fn from_js(value: &JsValue) -> Value {
    walk(value, 0)
}

fn walk(v: &JsValue, depth: u8) -> Value {
    if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Value::Number(n)
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if depth >= MAX_DEPTH || v.is_function() || !v.is_object() {
        Value::Null
    } else if js_sys::Array::is_array(v) {
        Value::Array(
            js_sys::Array::from(v)
                .iter()
                .map(|item| walk(&item, depth + 1))
                .collect(),
        )
    } else {
        let entries = js_sys::Object::entries(v.unchecked_ref());
        let members = entries.iter().filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, walk(&pair.get(1), depth + 1)))
        });
        Value::Object(members.collect())
    }
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
        TokenState::deserialize(parse(text)?).ok()
    }
}
