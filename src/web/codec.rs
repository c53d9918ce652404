//! JSON in the browser: `JSON.parse`/`JSON.stringify` and a walk between JS values and the
//! core's [`Value`], so no JSON parser or serde code is compiled into the wasm.

use crate::json::Value;
use crate::session::JsonCodec;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The browser's JSON.
pub(crate) struct BrowserJson;

/// Nesting beyond this is cut (as `null`): settings and token responses are shallow, and a
/// cyclic object must not recurse forever.
const MAX_DEPTH: u8 = 32;

/// A plain JS value (objects, arrays, strings, numbers, booleans, null) for a core value.
pub(crate) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(members) => {
            let object = Object::new();
            for (k, v) in members {
                let _ = Reflect::set(&object, &JsValue::from_str(k), &to_js(v));
            }
            object.into()
        }
    }
}

/// Reads any JS value as a core [`Value`]. Functions and symbols become `Null`, and members
/// whose value is `undefined` are left out, as `JSON.stringify` does (callbacks are read
/// separately by the facade).
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
    } else if Array::is_array(v) {
        Value::Array(
            Array::from(v)
                .iter()
                .map(|item| walk(&item, depth + 1))
                .collect(),
        )
    } else {
        let entries = Object::entries(v.unchecked_ref());
        let members = entries.iter().filter_map(|entry| {
            let pair = Array::from(&entry);
            let value = pair.get(1);
            if value.is_undefined() {
                return None;
            }
            Some((pair.get(0).as_string()?, walk(&value, depth + 1)))
        });
        Value::Object(members.collect())
    }
}

/// `JSON.parse` into a core value.
pub(crate) fn parse(text: &str) -> Option<Value> {
    js_sys::JSON::parse(text).ok().map(|v| from_js(&v))
}

/// `JSON.stringify` of a core value.
pub(crate) fn stringify(value: &Value) -> String {
    js_sys::JSON::stringify(&to_js(value))
        .map(String::from)
        .unwrap_or_default()
}

impl JsonCodec for BrowserJson {
    fn parse(&self, text: &str) -> Option<Value> {
        parse(text)
    }

    fn stringify(&self, value: &Value) -> Option<String> {
        Some(stringify(value))
    }
}
