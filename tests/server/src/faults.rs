//! Fault injection for `/_test/faults`: the next calls to a target misbehave.
//!
//! Entries queue in the order they were posted; a call takes the first entry
//! for its target and spends one of its `count`. A `status`, `malformed` or
//! `drop` fault answers *instead of* the real handler, so no token is issued,
//! rotated or spent: a client that retries after the fault finds the server
//! state unchanged. A `delay` fault waits, then lets the call proceed.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::connection::ConnectionDropper;
use crate::responses;

/// The longest delay a fault may ask for, so a typo cannot hang a test run.
pub const MAX_DELAY_MS: u64 = 600_000;
/// What a `malformed` fault sends: a token answer cut off mid-string.
pub const MALFORMED_BODY: &str = "{\"result\": true, \"access_token\": \"eyJ";

/// Which calls a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultTarget {
    /// `POST /services/_auth` with credentials.
    Login,
    /// `POST /services/_auth` with a refresh token.
    Refresh,
    /// Any protected `/services/` path.
    Service,
}

/// How a faulted call misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status with a JSON error body.
    Status(StatusCode),
    /// Wait, then answer normally.
    Delay(Duration),
    /// Answer 200 with a body that is not valid JSON.
    Malformed,
    /// Close the connection without any HTTP answer.
    Drop,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum FaultKind {
    Status,
    Delay,
    Malformed,
    Drop,
}

/// One posted fault, as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    target: FaultTarget,
    kind: FaultKind,
    status: Option<u16>,
    delay_ms: Option<u64>,
    count: Option<u32>,
}

struct Entry {
    target: FaultTarget,
    fault: Fault,
    remaining: u32,
}

/// The queue of pending faults.
#[derive(Default)]
pub struct FaultQueue {
    entries: Mutex<VecDeque<Entry>>,
}

impl FaultQueue {
    /// Queues the fault(s) in `body`: one object or an array of them.
    ///
    /// # Errors
    /// A message for the 400 answer; nothing is queued then.
    pub fn push_json(&self, body: &Value) -> Result<(), String> {
        let specs = match body {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let entries = specs
            .into_iter()
            .map(parse_entry)
            .collect::<Result<Vec<_>, _>>()?;
        self.lock().extend(entries);
        Ok(())
    }

    /// Takes one use of the first pending fault for `target`.
    pub fn take(&self, target: FaultTarget) -> Option<Fault> {
        let mut entries = self.lock();
        let index = entries.iter().position(|entry| entry.target == target)?;
        let entry = entries.get_mut(index)?;
        let fault = entry.fault;
        entry.remaining = entry.remaining.saturating_sub(1);
        if entry.remaining == 0 {
            entries.remove(index);
        }
        Some(fault)
    }

    /// Drops every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The pending faults, in queue order, as JSON.
    pub fn pending(&self) -> Value {
        self.lock().iter().map(entry_json).collect()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Entry>> {
        // A poisoned lock still holds a usable queue: nothing panics mid-update.
        self.entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Parses and checks one fault object.
fn parse_entry(value: &Value) -> Result<Entry, String> {
    let spec: FaultSpec = serde_path_to_error::deserialize(value).map_err(|err| {
        match err.path().to_string().as_str() {
            "." => format!("invalid fault: {}", err.into_inner()),
            path => format!("invalid fault at {path}: {}", err.into_inner()),
        }
    })?;
    let remaining = spec.count.unwrap_or(1);
    if remaining == 0 {
        return Err("fault count must be at least 1".into());
    }
    let fault = match spec.kind {
        FaultKind::Status => Fault::Status(parse_status(spec.status.unwrap_or(500))?),
        FaultKind::Delay => Fault::Delay(parse_delay(spec.delay_ms)?),
        FaultKind::Malformed => Fault::Malformed,
        FaultKind::Drop => Fault::Drop,
    };
    Ok(Entry {
        target: spec.target,
        fault,
        remaining,
    })
}

fn parse_status(code: u16) -> Result<StatusCode, String> {
    match StatusCode::from_u16(code) {
        Ok(status) if (200..=599).contains(&code) => Ok(status),
        _ => Err(format!("fault status must be 200..=599 (got {code})")),
    }
}

fn parse_delay(delay_ms: Option<u64>) -> Result<Duration, String> {
    match delay_ms {
        Some(ms) if ms <= MAX_DELAY_MS => Ok(Duration::from_millis(ms)),
        Some(ms) => Err(format!(
            "fault delay_ms must be at most {MAX_DELAY_MS} (got {ms})"
        )),
        None => Err("a delay fault needs delay_ms".into()),
    }
}

fn entry_json(entry: &Entry) -> Value {
    let target = match entry.target {
        FaultTarget::Login => "login",
        FaultTarget::Refresh => "refresh",
        FaultTarget::Service => "service",
    };
    let mut value = json!({"target": target, "remaining": entry.remaining});
    let extra = match entry.fault {
        Fault::Status(status) => json!({"kind": "status", "status": status.as_u16()}),
        Fault::Delay(delay) => json!({"kind": "delay", "delay_ms": delay.as_millis() as u64}),
        Fault::Malformed => json!({"kind": "malformed"}),
        Fault::Drop => json!({"kind": "drop"}),
    };
    if let (Some(map), Value::Object(extra)) = (value.as_object_mut(), extra) {
        map.extend(extra);
    }
    value
}

/// Carries out `fault`, if any.
///
/// Returns the answer that replaces the real one, or `None` when the call
/// should go on normally (no fault, or a delay that has now elapsed).
pub async fn apply(fault: Option<Fault>, dropper: Option<ConnectionDropper>) -> Option<Response> {
    match fault? {
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Fault::Status(status) => Some(status_answer(status)),
        Fault::Malformed => Some(malformed_answer()),
        Fault::Drop => match dropper {
            Some(dropper) => match dropper.drop_connection().await {},
            // Only reachable when the router is driven without our connection
            // loop (never in the binary); say so rather than hang.
            None => Some(responses::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "injected-fault",
                Some("drop fault: this connection cannot be dropped"),
            )),
        },
    }
}

fn status_answer(status: StatusCode) -> Response {
    if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        return responses::empty(status);
    }
    let message = format!(
        "fault injected by /_test/faults: status {}",
        status.as_u16()
    );
    let mut response = responses::error(status, "injected-fault", Some(&message));
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(responses::BEARER_CHALLENGE),
        );
    }
    response
}

fn malformed_answer() -> Response {
    let mut response = Response::new(Body::from(MALFORMED_BODY));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_queue_in_order_and_count_down() {
        let queue = FaultQueue::default();
        let posted = json!([
            {"target": "login", "kind": "status", "status": 503, "count": 2},
            {"target": "login", "kind": "malformed"},
            {"target": "service", "kind": "drop"}
        ]);
        assert_eq!(queue.push_json(&posted), Ok(()));
        let status = StatusCode::SERVICE_UNAVAILABLE;
        assert_eq!(queue.take(FaultTarget::Login), Some(Fault::Status(status)));
        assert_eq!(queue.take(FaultTarget::Login), Some(Fault::Status(status)));
        assert_eq!(queue.take(FaultTarget::Login), Some(Fault::Malformed));
        assert_eq!(queue.take(FaultTarget::Login), None);
        assert_eq!(queue.take(FaultTarget::Refresh), None);
        assert_eq!(queue.pending()[0]["kind"], "drop");
    }

    #[test]
    fn bad_specs_are_refused_whole() {
        let queue = FaultQueue::default();
        let bad = |value: Value| queue.push_json(&value).err().unwrap_or_default();
        assert!(bad(json!({"target": "logon", "kind": "drop"})).contains("target"));
        assert!(bad(json!({"target": "login", "kind": "delay"})).contains("delay_ms"));
        assert!(bad(json!({"target": "login", "kind": "drop", "count": 0})).contains("count"));
        assert!(bad(json!({"target": "login", "kind": "drop", "x": 1})).contains("`x`"));
        assert!(bad(json!({"target": "login", "kind": "status", "status": 42})).contains("42"));
        assert_eq!(queue.pending(), json!([]));
    }
}
