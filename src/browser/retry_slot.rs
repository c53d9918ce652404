//! The retry slot shared by the tabs of an origin ([`RetryRecord`]), kept in `localStorage`
//! next to the token, as JSON text.

use crate::browser::storage::{read_json, web_storage, write_json};
use crate::core::config::StorageKind;
use crate::core::retry_record::RetryRecord;

fn storage() -> Option<web_sys::Storage> {
    web_storage(StorageKind::Local)?.ok()
}

/// The slot another tab left, if any (unreadable data reads as none).
pub(crate) fn read(key: &str) -> Option<RetryRecord> {
    read_json(&storage()?, key)
}

/// Leaves the slot for the other tabs (storage that fails leaves each tab to its own slots).
pub(crate) fn write(key: &str, record: &RetryRecord) {
    if let Some(storage) = storage() {
        let _ = write_json(&storage, key, record);
    }
}

/// Removes the slot: the session was refreshed, or is over.
pub(crate) fn clear(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
