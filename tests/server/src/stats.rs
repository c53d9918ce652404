//! Counters read by `GET /_test/stats`, cleared by `POST /_test/reset`.
//!
//! Definitions (also in README.md):
//! - `logins`: logins answered 200;
//! - `login_failures`: logins answered 403 (bad credentials, group not allowed);
//! - `refreshes`: refreshes answered 200;
//! - `refresh_rejections`: refreshes answered 403;
//! - `service_calls`: every request to a protected `/services/` path;
//! - `expired_token_calls`: those refused because the token had expired;
//! - `unauthenticated_calls`: those refused for a missing, malformed,
//!   badly signed or revoked token.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

/// One counter per event the tests observe.
#[derive(Default)]
pub struct Stats {
    logins: AtomicU64,
    login_failures: AtomicU64,
    refreshes: AtomicU64,
    refresh_rejections: AtomicU64,
    service_calls: AtomicU64,
    expired_token_calls: AtomicU64,
    unauthenticated_calls: AtomicU64,
}

/// Which counter an event bumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A login answered 200.
    Login,
    /// A login answered 403.
    LoginFailure,
    /// A refresh answered 200.
    Refresh,
    /// A refresh answered 403.
    RefreshRejection,
    /// A request to a protected service path.
    ServiceCall,
    /// A protected call refused for an expired token.
    ExpiredTokenCall,
    /// A protected call refused for any other token problem.
    UnauthenticatedCall,
}

impl Stats {
    /// Counts one `event`.
    pub fn record(&self, event: Event) {
        self.counter(event).fetch_add(1, Ordering::Relaxed);
    }

    /// Zeroes every counter.
    pub fn reset(&self) {
        for event in ALL_EVENTS {
            self.counter(event).store(0, Ordering::Relaxed);
        }
    }

    /// The JSON object `GET /_test/stats` answers.
    pub fn snapshot(&self) -> Value {
        let read = |event| self.counter(event).load(Ordering::Relaxed);
        json!({
            "logins": read(Event::Login),
            "login_failures": read(Event::LoginFailure),
            "refreshes": read(Event::Refresh),
            "refresh_rejections": read(Event::RefreshRejection),
            "service_calls": read(Event::ServiceCall),
            "expired_token_calls": read(Event::ExpiredTokenCall),
            "unauthenticated_calls": read(Event::UnauthenticatedCall),
        })
    }

    fn counter(&self, event: Event) -> &AtomicU64 {
        match event {
            Event::Login => &self.logins,
            Event::LoginFailure => &self.login_failures,
            Event::Refresh => &self.refreshes,
            Event::RefreshRejection => &self.refresh_rejections,
            Event::ServiceCall => &self.service_calls,
            Event::ExpiredTokenCall => &self.expired_token_calls,
            Event::UnauthenticatedCall => &self.unauthenticated_calls,
        }
    }
}

const ALL_EVENTS: [Event; 7] = [
    Event::Login,
    Event::LoginFailure,
    Event::Refresh,
    Event::RefreshRejection,
    Event::ServiceCall,
    Event::ExpiredTokenCall,
    Event::UnauthenticatedCall,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_and_reset() {
        let stats = Stats::default();
        stats.record(Event::Login);
        stats.record(Event::Login);
        stats.record(Event::ExpiredTokenCall);
        assert_eq!(stats.snapshot()["logins"], 2);
        assert_eq!(stats.snapshot()["expired_token_calls"], 1);
        stats.reset();
        assert_eq!(stats.snapshot()["logins"], 0);
    }
}
