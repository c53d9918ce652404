//! `sessionStorage` and `localStorage` as a [`TokenStore`]: the record (`@netuno/auth-client`'s
//! shape plus this SDK's fields, [`crate::core::record`]) is JSON text, written through
//! serde-wasm-bindgen and read member by member by the configured keys, as a token answer is.
//! Every access is guarded: getting the storage object itself throws in some browsers
//! (disabled cookies, sandboxed iframes), and a full quota throws on write; both come back as
//! [`AuthError::Storage`], which the session turns into a fallback to memory. Where there is
//! no Web Storage at all (Node), the token lives in memory.

use crate::browser::env::{describe, global_member, now};
use crate::browser::js_value::{is_object, parse_json};
use crate::browser::token_fields::{field, token_fields};
use crate::core::config::{StorageKind, TokenConfig};
use crate::core::error::AuthError;
use crate::core::record::{RecordFields, TokenRecord, LIFETIME_KEY, VERSION_KEY};
use crate::core::store::{MemoryStore, Stored, TokenStore};
use crate::core::token::TokenState;
use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use wasm_bindgen::{JsCast, JsValue};

/// One Web Storage area, or why it cannot be used.
struct WebStore {
    storage: Result<web_sys::Storage, String>,
}

/// The global `sessionStorage` or `localStorage`: `None` when the environment has none,
/// `Err` when reaching it throws.
pub(crate) fn web_storage(kind: StorageKind) -> Option<Result<web_sys::Storage, String>> {
    let name = match kind {
        StorageKind::Local => "localStorage",
        StorageKind::Session => "sessionStorage",
        StorageKind::Memory => return None,
    };
    match global_member(name) {
        Ok(v) if v.is_undefined() || v.is_null() => None,
        // Structural calls: a test DOM's storage object works as well as the browser's.
        Ok(v) => Some(Ok(v.unchecked_into())),
        Err(e) => Some(Err(describe(&e))),
    }
}

/// The value kept as JSON text under `key`; `None` when there is none or it does not read
/// as a `T`.
pub(crate) fn read_json<T: DeserializeOwned>(storage: &web_sys::Storage, key: &str) -> Option<T> {
    let text = storage.get_item(key).ok()??;
    serde_wasm_bindgen::from_value(parse_json(&text)?).ok()
}

/// Keeps `value` as JSON text under `key` (through serde-wasm-bindgen and `JSON.stringify`).
///
/// # Errors
/// [`AuthError::Storage`] when it cannot be written as JSON, or the storage refuses it (a
/// full quota).
pub(crate) fn write_json(
    storage: &web_sys::Storage,
    key: &str,
    value: &impl Serialize,
) -> Result<(), AuthError> {
    let encoding = |e: String| AuthError::Storage(format!("encoding as JSON: {e}"));
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| encoding(e.to_string()))?;
    let text = js_sys::JSON::stringify(&value).map_err(|e| encoding(describe(&e)))?;
    storage
        .set_item(key, &String::from(text))
        .map_err(failed("writing"))
}

/// The store for a configured kind.
pub(crate) fn open(kind: StorageKind) -> Box<dyn TokenStore> {
    match web_storage(kind) {
        Some(storage) => Box::new(WebStore { storage }),
        None => Box::new(MemoryStore::default()),
    }
}

fn failed(what: &'static str) -> impl Fn(JsValue) -> AuthError {
    move |e| AuthError::Storage(format!("{what}: {}", describe(&e)))
}

impl WebStore {
    fn area(&self) -> Result<&web_sys::Storage, AuthError> {
        self.storage
            .as_ref()
            .map_err(|e| AuthError::Storage(format!("opening the storage: {e}")))
    }
}

/// The record in `text`, read by the configured keys `names`; not a JSON object: unreadable.
pub(crate) fn decode(text: &str, names: &TokenConfig) -> Stored {
    let Some(record) = parse_json(text).filter(is_object) else {
        return Stored::Unreadable;
    };
    Stored::Record(Box::new(RecordFields {
        token: token_fields(&record, names),
        loaded_in: field(&record, Some(&names.loaded_in_key)),
        version: field(&record, Some(VERSION_KEY)),
        lifetime_ms: field(&record, Some(LIFETIME_KEY)),
        previous: serde_wasm_bindgen::from_value(record).ok(),
        read_at: now(),
    }))
}

/// A parsed JSON value (the login answer's `extra`) that serde-wasm-bindgen puts in the record
/// as it is.
struct Parsed(JsValue);

impl Serialize for Parsed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&self.0, serializer)
    }
}

impl TokenStore for WebStore {
    fn read(&self, key: &str, names: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        let text = self.area()?.get_item(key).map_err(failed("reading"))?;
        Ok(text.map(|text| decode(&text, names)))
    }

    fn write(&self, key: &str, token: &TokenState, names: &TokenConfig) -> Result<(), AuthError> {
        let extra = token.extra.as_deref().and_then(parse_json);
        let record = TokenRecord::new(token, names, extra.map(Parsed));
        write_json(self.area()?, key, &record)
    }

    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.area()?.remove_item(key).map_err(failed("removing"))
    }
}
