//! JS values in and out, through serde-wasm-bindgen: settings deep-merged into the
//! configuration (unknown keys rejected by name, then deserialized with key paths), and the
//! configuration copy, the token, events and the snapshot made into plain JS objects.

use crate::browser::describe;
pub(crate) use crate::browser::js_value::{is_object, member, set};
use crate::browser::js_value::{parse_json, JsKind};
use crate::browser::token_fields::payload;
use crate::browser::Snapshot;
use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::settings;
use crate::core::token::Token;
use crate::js::error::to_js;
use js_sys::Object;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

fn keys_of(object: &JsValue) -> Vec<String> {
    Object::keys(object.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// The `(name, value)` pairs of a headers object (`{'X-App': 'web'}`), values as `fetch`
/// writes them (`String(value)`); none when it is not a plain object.
pub(crate) fn header_pairs(headers: &JsValue) -> Vec<(String, String)> {
    if !is_object(headers) {
        return Vec::new();
    }
    Object::entries(headers.unchecked_ref::<Object>())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            let value = pair.get(1);
            let text = value.as_string().unwrap_or_else(|| describe(&value));
            Some((pair.get(0).as_string()?, text))
        })
        .collect()
}

/// `value` as a plain JS object (`null` for `None`, objects for maps).
pub(crate) fn to_plain(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A JS settings object, as [`settings::merged`] walks it.
pub(crate) struct JsSettings(pub(crate) JsValue);

impl settings::OneKey for JsSettings {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_wasm_bindgen::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
}

impl settings::SettingsObject for JsSettings {
    type One = JsSettings;
    fn keys(&self) -> Option<Vec<String>> {
        is_object(&self.0).then(|| keys_of(&self.0))
    }
    fn member(&self, key: &str) -> Option<Self> {
        Some(member(&self.0, key))
            .filter(|v| !v.is_undefined())
            .map(JsSettings)
    }
    fn one(key: &str, value: Self) -> Self {
        let object: JsValue = Object::new().into();
        set(&object, key, &value.0);
        JsSettings(object)
    }
    fn kind(&self) -> &'static str {
        JsKind::of(&self.0).described()
    }
}

/// `settings` (a JS object) applied to `base`.
///
/// # Errors
/// [`AuthError::Config`] naming the first bad key.
pub(crate) fn merged(base: &Config, settings: &JsValue) -> Result<Config, AuthError> {
    settings::merged(base, &JsSettings(settings.clone()))
}

/// The token as `token()` shows it, with `extra` as the object the server sent.
pub(crate) fn token_to_js(token: &Token) -> JsValue {
    let object = to_plain(token);
    set(&object, "extra", &json_to_js(token.extra.as_deref()));
    object
}

/// JSON text the SDK kept (`extra`, an error's body) as a JS value; `null` for none.
pub(crate) fn json_to_js(text: Option<&str>) -> JsValue {
    text.and_then(parse_json).unwrap_or(JsValue::NULL)
}

/// `{type, reason?, error?}` of an event.
pub(crate) fn event_to_js(event: &Event) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "type", &event.kind().into());
    match event {
        Event::Logout(reason) => set(&object, "reason", &to_plain(reason)),
        Event::RefreshError(e) | Event::StorageDegraded(e) => set(&object, "error", &to_js(e)),
        Event::Warning(message) => set(&object, "message", &message.as_str().into()),
        _ => {}
    }
    object
}

/// The snapshot as a frozen JS object; `user` is the access token's whole payload, `extra`
/// the login answer's.
pub(crate) fn snapshot_to_js(snapshot: &Snapshot, token: Option<&Token>) -> JsValue {
    let object = to_plain(snapshot);
    let user = token
        .and_then(|t| payload(t.access_token.secret()))
        .unwrap_or(JsValue::NULL);
    set(&object, "user", &user);
    let extra = json_to_js(token.and_then(|t| t.extra.as_deref()));
    set(&object, "extra", &extra);
    Object::freeze(object.unchecked_ref::<Object>()).into()
}

/// A required non-empty string argument of an argument object.
///
/// # Errors
/// [`AuthError::InvalidArgument`] naming it.
pub(crate) fn string_arg(args: &JsValue, key: &str) -> Result<String, AuthError> {
    if !is_object(args) {
        return Err(AuthError::invalid_argument(
            "arguments",
            "expected an object",
        ));
    }
    match member(args, key).as_string() {
        Some(s) if !s.is_empty() => Ok(s),
        Some(_) => Err(AuthError::invalid_argument(key, "must not be empty")),
        None => Err(AuthError::invalid_argument(key, "expected a string")),
    }
}
