//! Plain JS values as the SDK reads and writes them: what kind a value is, a member read or
//! set by name, and JSON text parsed into a value. Every other module asks these, so a value
//! is told apart one way everywhere.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// What a JS value is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum JsKind {
    /// `undefined` (or anything else no branch below matches: a symbol, a bigint).
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string (read it with `as_string`).
    Text,
    /// An array.
    Array,
    /// A function.
    Function,
    /// Any other object: a plain object, a `Date`, a `FormData` ...
    Object,
}

impl JsKind {
    /// What kind of value `value` is.
    pub(crate) fn of(value: &JsValue) -> JsKind {
        if value.is_null() {
            JsKind::Null
        } else if let Some(b) = value.as_bool() {
            JsKind::Bool(b)
        } else if let Some(n) = value.as_f64() {
            JsKind::Number(n)
        } else if value.is_string() {
            JsKind::Text
        } else if js_sys::Array::is_array(value) {
            JsKind::Array
        } else if value.is_function() {
            JsKind::Function
        } else if value.is_object() {
            JsKind::Object
        } else {
            JsKind::Undefined
        }
    }

    /// The kind as messages name it (`"an object"`, `"a string"`).
    #[cfg(feature = "js")]
    pub(crate) fn described(self) -> &'static str {
        match self {
            JsKind::Undefined => "undefined",
            JsKind::Null => "null",
            JsKind::Bool(_) => "a boolean",
            JsKind::Number(_) => "a number",
            JsKind::Text => "a string",
            JsKind::Array => "an array",
            JsKind::Function => "a function",
            JsKind::Object => "an object",
        }
    }
}

/// Whether `value` is a plain object (not null, not an array, not a function).
pub(crate) fn is_object(value: &JsValue) -> bool {
    JsKind::of(value) == JsKind::Object
}

/// `object[key]`, `undefined` when absent or not an object (or a function).
pub(crate) fn member(object: &JsValue, key: &str) -> JsValue {
    if !(object.is_object() || object.is_function()) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `object[key] = value`; nothing happens when `object` refuses it (frozen, not an object).
#[cfg(feature = "js")]
pub(crate) fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// `JSON.parse(text)`; `None` when it is not JSON.
pub(crate) fn parse_json(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}
