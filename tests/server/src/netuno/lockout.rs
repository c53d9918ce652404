//! Login lockout, as Netuno's auth history keeps it.
//!
//! Every login of a known user from a client IP is recorded as a success or
//! a failure. A (user, IP) is locked while its latest [`MAX_FAILS`] attempts
//! within [`WINDOW`] are all failures: the 3rd consecutive failure within 60
//! minutes locks, and every attempt while locked (even with the right
//! password) is refused and recorded as one more failure, which keeps the
//! lock until the failures age out of the window. A success in between
//! breaks the run. Unknown usernames are never recorded, so never locked.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How far back failures count: Netuno's `auth.attempts.interval`, 60 min.
pub const WINDOW: Duration = Duration::from_secs(60 * 60);
/// How many consecutive failures lock: Netuno's `auth.attempts.maxFails`.
pub const MAX_FAILS: usize = 3;

/// One recorded login attempt.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    at: Instant,
    success: bool,
}

/// The latest attempts of each (username, client IP).
#[derive(Default)]
pub struct Lockouts {
    history: Mutex<HashMap<(String, IpAddr), VecDeque<Attempt>>>,
}

impl Lockouts {
    /// Whether `username` is locked out from `ip` at `now`.
    pub fn is_locked(&self, username: &str, ip: IpAddr, now: Instant) -> bool {
        let history = self.lock();
        history
            .get(&(username.to_owned(), ip))
            .is_some_and(|attempts| locked(attempts, now))
    }

    /// Records an attempt at `now`; returns whether the pair is locked
    /// after it.
    pub fn record(&self, username: &str, ip: IpAddr, success: bool, now: Instant) -> bool {
        let mut history = self.lock();
        let attempts = history.entry((username.to_owned(), ip)).or_default();
        // Only the latest MAX_FAILS attempts can ever decide.
        if attempts.len() >= MAX_FAILS {
            attempts.pop_front();
        }
        attempts.push_back(Attempt { at: now, success });
        locked(attempts, now)
    }

    /// Forgets every attempt (`/_test/reset`).
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(String, IpAddr), VecDeque<Attempt>>> {
        // A poisoned lock still holds a usable map: nothing panics mid-update.
        self.history
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Whether the latest attempts within the window are [`MAX_FAILS`]
/// failures (`attempts` is in time order, at most [`MAX_FAILS`] long).
fn locked(attempts: &VecDeque<Attempt>, now: Instant) -> bool {
    let recent: Vec<&Attempt> = attempts
        .iter()
        .filter(|attempt| now.saturating_duration_since(attempt.at) <= WINDOW)
        .collect();
    recent.len() == MAX_FAILS && recent.iter().all(|attempt| !attempt.success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const HOME: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const AWAY: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

    fn minutes(count: u64) -> Duration {
        Duration::from_secs(count * 60)
    }

    #[test]
    fn the_third_failure_within_the_window_locks() {
        let lockouts = Lockouts::default();
        let start = Instant::now();
        assert!(!lockouts.record("admin", HOME, false, start));
        assert!(!lockouts.record("admin", HOME, false, start + minutes(10)));
        assert!(lockouts.record("admin", HOME, false, start + minutes(20)));
        assert!(lockouts.is_locked("admin", HOME, start + minutes(30)));
        // Other users and other addresses are not affected.
        assert!(!lockouts.is_locked("customer", HOME, start + minutes(30)));
        assert!(!lockouts.is_locked("admin", AWAY, start + minutes(30)));
        // Once the first failure is over an hour old, the lock is gone.
        assert!(lockouts.is_locked("admin", HOME, start + minutes(60)));
        assert!(!lockouts.is_locked("admin", HOME, start + minutes(61)));
    }

    #[test]
    fn attempts_while_locked_keep_the_lock() {
        let lockouts = Lockouts::default();
        let start = Instant::now();
        for minute in 0..3 {
            lockouts.record("admin", HOME, false, start + minutes(minute));
        }
        // A refused attempt at 50 min counts as a failure: still locked at
        // 61 min, when the first failure has aged out.
        assert!(lockouts.record("admin", HOME, false, start + minutes(50)));
        assert!(lockouts.is_locked("admin", HOME, start + minutes(61)));
        assert!(!lockouts.is_locked("admin", HOME, start + minutes(62)));
    }

    #[test]
    fn failures_spread_over_more_than_an_hour_or_broken_by_a_success_do_not_lock() {
        let lockouts = Lockouts::default();
        let start = Instant::now();
        lockouts.record("admin", HOME, false, start);
        lockouts.record("admin", HOME, false, start + minutes(40));
        assert!(!lockouts.record("admin", HOME, false, start + minutes(70)));
        let broken = Lockouts::default();
        broken.record("admin", HOME, false, start);
        broken.record("admin", HOME, false, start + minutes(1));
        broken.record("admin", HOME, true, start + minutes(2));
        assert!(!broken.record("admin", HOME, false, start + minutes(3)));
        broken.clear();
        assert!(!broken.is_locked("admin", HOME, start + minutes(3)));
    }
}
