//! Counters read by `GET /_test/stats`, cleared by `POST /_test/reset`.
//!
//! Definitions (also in README.md):
//! - `logins`: logins answered 200;
//! - `login_failures`: logins refused (bad credentials, locked out, group
//!   not allowed, altcha);
//! - `refreshes`: refreshes answered 200;
//! - `refresh_rejections`: refreshes refused (403; netuno altcha 406);
//! - `logouts`: logout requests answered 200;
//! - `service_calls`: every request to a protected service path;
//! - `unauthenticated_calls`: those that came without a token;
//! - `rejected_token_calls`: those refused for a malformed, badly signed,
//!   expired or revoked token;
//! - `expired_token_calls`: those of `rejected_token_calls` whose token had
//!   expired;
//! - `revoked_token_calls`: those of `rejected_token_calls` whose token a
//!   refresh had already replaced (netuno dialect).

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

/// One counter per event the tests observe.
#[derive(Default)]
pub struct Stats {
    counters: [AtomicU64; ALL_EVENTS.len()],
}

/// Which counter an event bumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A login answered 200.
    Login,
    /// A login refused (wrong credentials, locked out, group not allowed,
    /// altcha).
    LoginFailure,
    /// A refresh answered 200.
    Refresh,
    /// A refresh refused.
    RefreshRejection,
    /// A logout answered 200.
    Logout,
    /// A request to a protected service path.
    ServiceCall,
    /// A protected call that came without a token.
    UnauthenticatedCall,
    /// A protected call refused for a bad, expired or revoked token.
    RejectedTokenCall,
    /// A protected call refused for an expired token (also a rejected one).
    ExpiredTokenCall,
    /// A protected call refused because a refresh had replaced its token
    /// (also a rejected one).
    RevokedTokenCall,
}

/// Every event with its key in the stats JSON, in the order listed.
const ALL_EVENTS: [(Event, &str); 10] = [
    (Event::Login, "logins"),
    (Event::LoginFailure, "login_failures"),
    (Event::Refresh, "refreshes"),
    (Event::RefreshRejection, "refresh_rejections"),
    (Event::Logout, "logouts"),
    (Event::ServiceCall, "service_calls"),
    (Event::UnauthenticatedCall, "unauthenticated_calls"),
    (Event::RejectedTokenCall, "rejected_token_calls"),
    (Event::ExpiredTokenCall, "expired_token_calls"),
    (Event::RevokedTokenCall, "revoked_token_calls"),
];

impl Stats {
    /// Counts one `event`.
    pub fn record(&self, event: Event) {
        self.counter(event).fetch_add(1, Ordering::Relaxed);
    }

    /// Zeroes every counter.
    pub fn reset(&self) {
        for counter in &self.counters {
            counter.store(0, Ordering::Relaxed);
        }
    }

    /// The JSON object `GET /_test/stats` answers.
    pub fn snapshot(&self) -> Value {
        let mut object = serde_json::Map::new();
        for (event, key) in ALL_EVENTS {
            let count = self.counter(event).load(Ordering::Relaxed);
            object.insert(key.into(), json!(count));
        }
        Value::Object(object)
    }

    fn counter(&self, event: Event) -> &AtomicU64 {
        // `Event` has no explicit discriminants: its order is `ALL_EVENTS`'s.
        &self.counters[event as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_listed_in_declaration_order() {
        for (index, (event, _)) in ALL_EVENTS.iter().enumerate() {
            assert_eq!(*event as usize, index);
        }
    }

    #[test]
    fn record_and_reset() {
        let stats = Stats::default();
        stats.record(Event::Login);
        stats.record(Event::Login);
        stats.record(Event::ExpiredTokenCall);
        stats.record(Event::Logout);
        stats.record(Event::RevokedTokenCall);
        assert_eq!(stats.snapshot()["logins"], 2);
        assert_eq!(stats.snapshot()["expired_token_calls"], 1);
        assert_eq!(stats.snapshot()["logouts"], 1);
        assert_eq!(stats.snapshot()["rejected_token_calls"], 0);
        assert_eq!(stats.snapshot()["revoked_token_calls"], 1);
        stats.reset();
        assert_eq!(stats.snapshot()["logins"], 0);
    }
}
