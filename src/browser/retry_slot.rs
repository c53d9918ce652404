//! The retry slot shared by the tabs of an origin ([`RetryRecord`]), kept in `localStorage`
//! next to the token: JSON text written and read through serde-wasm-bindgen.

use crate::browser::storage::web_storage;
use crate::core::config::StorageKind;
use crate::core::retry_record::RetryRecord;

fn storage() -> Option<web_sys::Storage> {
    web_storage(StorageKind::Local)?.ok()
}

/// The slot another tab left, if any (unreadable data reads as none).
pub(crate) fn read(key: &str) -> Option<RetryRecord> {
    let text = storage()?.get_item(key).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Leaves the slot for the other tabs (storage that fails leaves each tab to its own slots).
pub(crate) fn write(key: &str, record: &RetryRecord) {
    let text = crate::browser::http::json_text(record);
    if let (Some(storage), Some(text)) = (storage(), text) {
        let _ = storage.set_item(key, &text);
    }
}

/// Removes the slot: the session was refreshed, or is over.
pub(crate) fn clear(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
