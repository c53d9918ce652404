//! The retry slot that tabs sharing a session (`storage: 'local'`) agree on. The tab whose
//! refresh attempt failed writes it, under the cross-tab lock, before the lock is released; a
//! tab that then gets the lock before that slot follows it instead of sending an attempt of its
//! own, so the origin makes one attempt per backoff slot however many tabs are open.

use crate::core::error::AuthError;
use serde::{Deserialize, Serialize};

/// The storage key of the retry slot of the session under `storage_key`.
pub fn slot_key(storage_key: &str) -> String {
    format!("wasm-auth-client:{storage_key}:retry")
}

/// The kinds of failure a retry slot can hold: the transient ones (a refused token ends the
/// session instead). Their names are [`crate::core::error::ErrorCode`]'s; a type of their own
/// keeps the slot's reader to these four (a deserializer for all the codes costs 1.5 KB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Transient {
    Network,
    Timeout,
    HttpStatus,
    InvalidResponse,
}

/// The shared retry slot: when the next attempt may start, how many failed in a row, and why
/// the last one failed (its transient kinds only: a refused token ends the session instead).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryRecord {
    /// When the next attempt may start (local clock, ms since epoch).
    pub at: f64,
    /// Failed attempts in a row, across the tabs.
    pub failures: u32,
    /// The last failure's kind.
    pub code: Transient,
    /// Its HTTP status (`http_status`) or timeout in ms (`timeout`).
    pub number: Option<u32>,
    /// Its detail (`network`, `invalid_response`).
    pub detail: Option<String>,
}

impl RetryRecord {
    /// The record of a failure.
    pub fn new(at: f64, failures: u32, error: &AuthError) -> RetryRecord {
        let (number, detail) = match error {
            AuthError::Timeout(ms) => (Some(*ms), None),
            AuthError::HttpStatus { status, .. } => (Some(u32::from(*status)), None),
            AuthError::Network(d) | AuthError::InvalidResponse(d) => (None, Some(d.clone())),
            _ => (None, Some(error.to_string())),
        };
        RetryRecord {
            at,
            failures,
            code: match error {
                AuthError::Timeout(_) => Transient::Timeout,
                AuthError::HttpStatus { .. } => Transient::HttpStatus,
                AuthError::InvalidResponse(_) => Transient::InvalidResponse,
                _ => Transient::Network,
            },
            number,
            detail,
        }
    }

    /// The failure as the tab that follows it reports it.
    pub fn error(&self) -> AuthError {
        let detail = self.detail.clone().unwrap_or_default();
        match (self.code, self.number) {
            (Transient::Timeout, Some(ms)) => AuthError::Timeout(ms),
            (Transient::HttpStatus, Some(status)) => AuthError::HttpStatus {
                status: u16::try_from(status).unwrap_or(500),
                detail: None,
                body: None,
            },
            (Transient::InvalidResponse, _) => AuthError::InvalidResponse(detail),
            _ => AuthError::Network(detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_round_trip() {
        for error in [
            AuthError::Timeout(1_000),
            AuthError::HttpStatus {
                status: 503,
                detail: None,
                body: None,
            },
            AuthError::Network("TypeError: Failed to fetch".into()),
            AuthError::InvalidResponse("the body is not a JSON object".into()),
        ] {
            let record = RetryRecord::new(5.0, 2, &error);
            let text = serde_json::to_string(&record).unwrap();
            let back: RetryRecord = serde_json::from_str(&text).unwrap();
            assert_eq!(back.error(), error);
            assert_eq!((back.at, back.failures), (5.0, 2));
        }
    }
}
