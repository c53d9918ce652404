//! When each login, refresh, logout and service call arrived, for
//! `GET /_test/attempts`: lets a browser test measure the spacing of a
//! client's retries (e.g. its refresh back-off).
//!
//! Times are milliseconds since start or the last `/_test/reset`, taken when
//! the handler received the request. A call is logged once the server knows
//! its target: faulted calls are logged, `400`/`413` bad requests are not.
//!
//! Logins and refreshes also log the fields their request carried (all of
//! them, unknown ones included), so a test can check what a client sent
//! beside the protocol's own: an `altcha` payload, say.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde_json::{json, Value};

use crate::faults::FaultTarget;

/// The most entries kept per target; older ones are dropped first.
pub const MAX_ATTEMPTS: usize = 10_000;
/// The most field sets kept per target (bodies can be large); older ones
/// are dropped first.
pub const MAX_FIELD_SETS: usize = 1_000;

struct Inner {
    since: Instant,
    login: VecDeque<f64>,
    refresh: VecDeque<f64>,
    logout: VecDeque<f64>,
    service: VecDeque<f64>,
    login_fields: VecDeque<Value>,
    refresh_fields: VecDeque<Value>,
}

impl Inner {
    fn fresh() -> Self {
        Self {
            since: Instant::now(),
            login: VecDeque::new(),
            refresh: VecDeque::new(),
            logout: VecDeque::new(),
            service: VecDeque::new(),
            login_fields: VecDeque::new(),
            refresh_fields: VecDeque::new(),
        }
    }

    fn list(&mut self, target: FaultTarget) -> &mut VecDeque<f64> {
        match target {
            FaultTarget::Login => &mut self.login,
            FaultTarget::Refresh => &mut self.refresh,
            FaultTarget::Logout => &mut self.logout,
            FaultTarget::Service => &mut self.service,
        }
    }
}

/// The arrival times of the calls to each target.
pub struct Attempts {
    inner: Mutex<Inner>,
}

impl Default for Attempts {
    fn default() -> Self {
        Self {
            inner: Mutex::new(Inner::fresh()),
        }
    }
}

impl Attempts {
    /// Logs a call to `target` that arrived at `arrived`.
    pub fn record(&self, target: FaultTarget, arrived: Instant) {
        let mut inner = self.lock();
        // A request that arrived before the last reset counts from it: 0.
        let elapsed = arrived.saturating_duration_since(inner.since);
        // Microsecond precision is plenty and keeps the JSON short.
        let millis = (elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0;
        let list = inner.list(target);
        if list.len() >= MAX_ATTEMPTS {
            list.pop_front();
        }
        list.push_back(millis);
    }

    /// Logs the fields of a login or refresh request (other targets have
    /// none: ignored).
    pub fn record_fields(&self, target: FaultTarget, fields: Value) {
        let mut inner = self.lock();
        let list = match target {
            FaultTarget::Login => &mut inner.login_fields,
            FaultTarget::Refresh => &mut inner.refresh_fields,
            FaultTarget::Logout | FaultTarget::Service => return,
        };
        if list.len() >= MAX_FIELD_SETS {
            list.pop_front();
        }
        list.push_back(fields);
    }

    /// Forgets every entry and restarts the clock.
    pub fn reset(&self) {
        *self.lock() = Inner::fresh();
    }

    /// The JSON object `GET /_test/attempts` answers.
    pub fn snapshot(&self) -> Value {
        let inner = self.lock();
        json!({
            "login": inner.login,
            "refresh": inner.refresh,
            "logout": inner.logout,
            "service": inner.service,
            "fields": {"login": inner.login_fields, "refresh": inner.refresh_fields},
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned lock still holds usable lists: nothing panics mid-update.
        self.inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn records_per_target_and_caps_the_lists() {
        let attempts = Attempts::default();
        let now = Instant::now();
        attempts.record(FaultTarget::Refresh, now);
        attempts.record(FaultTarget::Refresh, now + Duration::from_millis(1500));
        let snapshot = attempts.snapshot();
        assert_eq!(snapshot["login"], json!([]));
        let refresh = snapshot["refresh"].as_array().cloned().unwrap_or_default();
        let spacing = refresh[1].as_f64().unwrap_or(0.0) - refresh[0].as_f64().unwrap_or(0.0);
        assert!((spacing - 1500.0).abs() < 0.01, "{spacing}");
        for _ in 0..MAX_ATTEMPTS + 5 {
            attempts.record(FaultTarget::Service, now);
        }
        let service = attempts.snapshot()["service"].as_array().map(Vec::len);
        assert_eq!(service, Some(MAX_ATTEMPTS));
        attempts.record_fields(FaultTarget::Login, json!({"altcha": "valid"}));
        attempts.record_fields(FaultTarget::Service, json!({"ignored": true}));
        let fields = attempts.snapshot()["fields"].clone();
        assert_eq!(
            fields,
            json!({"login": [{"altcha": "valid"}], "refresh": []})
        );
        for index in 0..MAX_FIELD_SETS + 1 {
            attempts.record_fields(FaultTarget::Refresh, json!({ "n": index }));
        }
        let refresh = attempts.snapshot()["fields"]["refresh"].clone();
        assert_eq!(refresh.as_array().map(Vec::len), Some(MAX_FIELD_SETS));
        assert_eq!(refresh[0]["n"], 1, "the oldest went first");
        attempts.reset();
        assert_eq!(attempts.snapshot()["service"], json!([]));
        assert_eq!(attempts.snapshot()["fields"]["login"], json!([]));
    }
}
