//! Fault injection for `/_test/faults`: the next calls to a target misbehave.
//!
//! Entries queue in the order they were posted; a call takes the first entry
//! for its target. A counted entry spends one of its `count`; a timed entry
//! (`duration_ms`) applies to every call until its time is up, then is
//! dropped. A `status`, `malformed`, `oversized` or `drop` fault answers
//! *instead of* the real handler, so no token is issued, rotated or spent: a
//! client that retries after the fault finds the server state unchanged. A
//! `delay` fault waits, then lets the call proceed.

mod answer;
mod spec;

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::Value;

pub use answer::{apply, MALFORMED_BODY};

/// The longest delay a fault may ask for, so a typo cannot hang a test run.
pub const MAX_DELAY_MS: u64 = 600_000;
/// The longest a timed fault may last.
pub const MAX_DURATION_MS: u64 = 600_000;
/// The largest field an `oversized` fault may send: 4 MiB.
pub const MAX_OVERSIZED_BYTES: usize = 4 * 1024 * 1024;

/// Which calls a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultTarget {
    /// A login (credentials).
    Login,
    /// A refresh (a refresh token, from the body or the cookie).
    Refresh,
    /// The logout route.
    Logout,
    /// Any protected service path.
    Service,
}

impl FaultTarget {
    /// The target's name in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Refresh => "refresh",
            Self::Logout => "logout",
            Self::Service => "service",
        }
    }
}

/// The token-answer member an `oversized` fault blows up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OversizedField {
    /// The access token (`access_token` / `accessToken`).
    AccessToken,
    /// The refresh token (`refresh_token` / `refreshToken`).
    RefreshToken,
    /// A `padding` member added to an otherwise normal answer.
    Body,
}

/// What an `oversized` fault sends: `bytes` `a` characters in `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oversized {
    /// Which member is oversized.
    pub field: OversizedField,
    /// Its length in characters (1..=[`MAX_OVERSIZED_BYTES`]).
    pub bytes: usize,
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
    /// Answer 200 with a well-shaped token answer holding one huge member.
    Oversized(Oversized),
}

/// How long an entry stays queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifetime {
    /// For this many more calls.
    Count(u32),
    /// For every call until `until`.
    Until {
        /// When the entry was posted plus its `duration_ms`.
        until: Instant,
        /// The posted `duration_ms`, for the listing.
        duration: Duration,
    },
}

struct Entry {
    target: FaultTarget,
    fault: Fault,
    lifetime: Lifetime,
}

impl Entry {
    fn is_over(&self, now: Instant) -> bool {
        match self.lifetime {
            Lifetime::Count(remaining) => remaining == 0,
            Lifetime::Until { until, .. } => until <= now,
        }
    }
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
        let now = Instant::now();
        let entries = specs
            .into_iter()
            .map(|value| spec::parse_entry(value, now))
            .collect::<Result<Vec<_>, _>>()?;
        self.lock().extend(entries);
        Ok(())
    }

    /// Takes one use of the first pending fault for `target`.
    pub fn take(&self, target: FaultTarget) -> Option<Fault> {
        let mut entries = self.lock();
        let now = Instant::now();
        entries.retain(|entry| !entry.is_over(now));
        let index = entries.iter().position(|entry| entry.target == target)?;
        let entry = entries.get_mut(index)?;
        let fault = entry.fault;
        if let Lifetime::Count(remaining) = &mut entry.lifetime {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                entries.remove(index);
            }
        }
        Some(fault)
    }

    /// Drops every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The pending faults, in queue order, as JSON.
    pub fn pending(&self) -> Value {
        let mut entries = self.lock();
        let now = Instant::now();
        entries.retain(|entry| !entry.is_over(now));
        entries
            .iter()
            .map(|entry| spec::entry_json(entry, now))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Entry>> {
        // A poisoned lock still holds a usable queue: nothing panics mid-update.
        self.entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn timed_entries_apply_to_every_call_until_their_time_is_up() {
        let queue = FaultQueue::default();
        let posted = json!([
            {"target": "refresh", "kind": "status", "status": 503, "duration_ms": 150, "count": 1},
            {"target": "refresh", "kind": "drop"}
        ]);
        assert_eq!(queue.push_json(&posted), Ok(()));
        let status = StatusCode::SERVICE_UNAVAILABLE;
        for _ in 0..5 {
            assert_eq!(
                queue.take(FaultTarget::Refresh),
                Some(Fault::Status(status))
            );
        }
        let listed = queue.pending();
        assert_eq!(listed[0]["duration_ms"], 150);
        assert!(listed[0]["remaining_ms"]
            .as_u64()
            .is_some_and(|ms| ms <= 150));
        assert!(listed[0].get("remaining").is_none());
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(queue.take(FaultTarget::Refresh), Some(Fault::Drop));
        assert_eq!(queue.pending(), json!([]));
    }
}
