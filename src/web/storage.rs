//! `sessionStorage` and `localStorage` as a [`TokenStore`]. Every access is guarded: getting
//! the storage object itself throws in some browsers (disabled cookies, sandboxed iframes),
//! and the generated glue catches that like any other throw.

use crate::config::StorageKind;
use crate::error::AuthError;
use crate::store::{MemoryStore, TokenStore};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = getItem)]
    fn session_get(key: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = setItem)]
    fn session_set(key: &str, value: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = removeItem)]
    fn session_remove(key: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = localStorage, js_name = getItem)]
    fn local_get(key: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = localStorage, js_name = setItem)]
    fn local_set(key: &str, value: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = localStorage, js_name = removeItem)]
    fn local_remove(key: &str) -> Result<(), JsValue>;
    /// `String(thrown)`: `Name: message` for errors and DOMExceptions.
    #[wasm_bindgen(js_name = String)]
    fn describe(thrown: &JsValue) -> String;
}

/// One of the two Web Storage areas.
struct WebStore {
    local: bool,
}

/// The store for a configured kind.
pub(crate) fn open(kind: StorageKind) -> Box<dyn TokenStore> {
    match kind {
        StorageKind::Session => Box::new(WebStore { local: false }),
        StorageKind::Local => Box::new(WebStore { local: true }),
        StorageKind::Memory => Box::new(MemoryStore::default()),
    }
}

fn failed(what: &str) -> impl FnOnce(JsValue) -> AuthError + '_ {
    move |e| AuthError::Storage(crate::text::concat(&[what, ": ", &describe(&e)]))
}

impl TokenStore for WebStore {
    fn read(&self, key: &str) -> Result<Option<String>, AuthError> {
        let got = if self.local {
            local_get(key)
        } else {
            session_get(key)
        };
        got.map_err(failed("reading"))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), AuthError> {
        let done = if self.local {
            local_set(key, value)
        } else {
            session_set(key, value)
        };
        done.map_err(failed("writing"))
    }

    fn remove(&self, key: &str) -> Result<(), AuthError> {
        let done = if self.local {
            local_remove(key)
        } else {
            session_remove(key)
        };
        done.map_err(failed("removing"))
    }
}
