//! `sessionStorage` and `localStorage` as a [`TokenStore`]. Every access is guarded: getting
//! the storage object itself throws in some browsers (disabled cookies, sandboxed iframes).

use super::errors::describe;
use crate::config::StorageKind;
use crate::error::AuthError;
use crate::store::{MemoryStore, TokenStore};

/// One of the two Web Storage areas.
pub(crate) struct WebStore {
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

fn failed(what: &str, e: wasm_bindgen::JsValue) -> AuthError {
    AuthError::Storage([what, ": ", &describe(&e)].concat())
}

impl WebStore {
    fn area(&self) -> Result<web_sys::Storage, AuthError> {
        let window = web_sys::window().ok_or_else(|| AuthError::Storage("no window".into()))?;
        let area = if self.local {
            window.local_storage()
        } else {
            window.session_storage()
        };
        area.map_err(|e| failed("opening storage", e))?
            .ok_or_else(|| AuthError::Storage("storage is disabled".into()))
    }
}

impl TokenStore for WebStore {
    fn read(&self, key: &str) -> Result<Option<String>, AuthError> {
        self.area()?.get_item(key).map_err(|e| failed("reading", e))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), AuthError> {
        self.area()?
            .set_item(key, value)
            .map_err(|e| failed("writing", e))
    }

    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.area()?
            .remove_item(key)
            .map_err(|e| failed("removing", e))
    }
}
