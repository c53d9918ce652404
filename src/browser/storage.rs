//! `sessionStorage` and `localStorage` as a [`TokenStore`]: the record is JSON text written
//! and read through serde-wasm-bindgen. Every access is guarded: getting the storage object
//! itself throws in some browsers (disabled cookies, sandboxed iframes), and a full quota
//! throws on write; both come back as [`AuthError::Storage`], which the session turns into a
//! fallback to memory. Where there is no Web Storage at all (Node), the token lives in memory.

use crate::browser::env::{describe, global_member};
use crate::core::config::StorageKind;
use crate::core::error::AuthError;
use crate::core::record::StoredToken;
use crate::core::store::{MemoryStore, Stored, TokenStore};
use crate::core::token::TokenState;
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

/// The token record in `text`, if it is one.
pub(crate) fn decode(text: &str) -> Stored {
    let record = js_sys::JSON::parse(text)
        .ok()
        .and_then(|value| serde_wasm_bindgen::from_value::<StoredToken>(value).ok());
    match record.and_then(StoredToken::into_token) {
        Some(token) => Stored::Token(token),
        None => Stored::Unreadable,
    }
}

impl TokenStore for WebStore {
    fn read(&self, key: &str) -> Result<Option<Stored>, AuthError> {
        let text = self.area()?.get_item(key).map_err(failed("reading"))?;
        Ok(text.as_deref().map(decode))
    }

    fn write(&self, key: &str, token: &TokenState) -> Result<(), AuthError> {
        let record = serde_wasm_bindgen::to_value(&StoredToken::from(token))
            .map_err(|e| AuthError::Storage(format!("encoding the token: {e}")))?;
        let text = js_sys::JSON::stringify(&record)
            .map_err(failed("encoding the token"))?
            .as_string()
            .unwrap_or_default();
        self.area()?.set_item(key, &text).map_err(failed("writing"))
    }

    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.area()?.remove_item(key).map_err(failed("removing"))
    }
}
