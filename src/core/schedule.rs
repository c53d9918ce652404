//! When to refresh: a fixed lead before expiry, never more than half the token's lifetime,
//! minus a random jitter so that many clients do not refresh in lockstep; and, after a failed
//! refresh, one retry schedule that nothing bypasses (exponential backoff with jitter, from
//! about 1 s to about 30 s, that neither shrinks nor stops as expiry nears). Pure arithmetic on
//! the local clock, in milliseconds.

use crate::core::error::AuthError;
use crate::core::token::TokenState;

/// Browsers run a timer whose delay exceeds a signed 32-bit millisecond count at once.
pub const MAX_TIMER_DELAY_MS: f64 = 2_147_483_647.0;

/// The shortest retry delay after a failed refresh.
const BACKOFF_BASE_MS: f64 = 1_000.0;
/// The retry delay the exponential growth stops at (before jitter).
const BACKOFF_CAP_MS: f64 = 30_000.0;

/// How early to refresh.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshPolicy {
    /// Refresh this long before expiry (capped at half the lifetime).
    pub lead_ms: f64,
    /// Up to this much earlier still, at random; `None` means 10% of the lead.
    pub jitter_ms: Option<f64>,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        Self {
            lead_ms: 60_000.0,
            jitter_ms: None,
        }
    }
}

impl RefreshPolicy {
    /// The lead for a token of `lifetime_ms`: the configured one, at most half the lifetime,
    /// so that a 10-second token refreshes after about 5 s rather than at once.
    pub fn effective_lead(&self, lifetime_ms: f64) -> f64 {
        self.lead_ms.min(lifetime_ms / 2.0).max(0.0)
    }

    fn max_jitter(&self, lead: f64) -> f64 {
        self.jitter_ms
            .unwrap_or(lead * 0.1)
            .clamp(0.0, lead.max(0.0))
    }
}

/// The local time (ms since epoch) at which the token enters its refresh window, without
/// jitter; `None` when its lifetime is unknown.
pub fn due_at(token: &TokenState, policy: &RefreshPolicy) -> Option<f64> {
    let lifetime = token.lifetime_ms?;
    Some(token.loaded_at + lifetime - policy.effective_lead(lifetime))
}

/// Whether the token is inside its refresh window at `now` (a refresh is due).
pub fn is_due(token: &TokenState, policy: &RefreshPolicy, now: f64) -> bool {
    due_at(token, policy).is_some_and(|due| now >= due)
}

/// Whether the access token has expired at `now`.
pub fn is_expired(token: &TokenState, now: f64) -> bool {
    token.expires_at().is_some_and(|exp| now >= exp)
}

/// The local time of the next scheduled refresh, jittered earlier by `random` in `[0, 1)`;
/// `None`: no expiry known, so no timer.
pub fn refresh_at(token: &TokenState, policy: &RefreshPolicy, random: f64) -> Option<f64> {
    let lifetime = token.lifetime_ms?;
    let lead = policy.effective_lead(lifetime);
    let jitter = policy.max_jitter(lead) * random.clamp(0.0, 1.0);
    Some(token.loaded_at + lifetime - lead - jitter)
}

/// A timer delay for `at` in whole milliseconds, rounded up (a timer must not fire before
/// `at`), clamped to what a browser timer can hold.
pub fn delay_until(at: f64, now: f64) -> u32 {
    // In range after the clamp, so the cast neither wraps nor saturates.
    (at - now).ceil().clamp(0.0, MAX_TIMER_DELAY_MS) as u32
}

/// The delay before the retry that follows `failures` failed attempts in a row (1 for the
/// first retry): `min(30 s, 1 s × 2^(failures-1))`, times a jitter in `[0.75, 1.25)` chosen by
/// `random`, and never under 1 s. It does not depend on when the token expires: the spacing
/// must not shrink, however close expiry is.
pub fn backoff_delay(failures: u32, random: f64) -> f64 {
    let exponent = failures.saturating_sub(1).min(16) as i32;
    let full = (BACKOFF_BASE_MS * 2f64.powi(exponent)).min(BACKOFF_CAP_MS);
    (full * (0.75 + 0.5 * random.clamp(0.0, 1.0))).max(BACKOFF_BASE_MS)
}

/// Where the refresh stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// No attempt running and none failed: the next refresh is the scheduled one.
    Idle,
    /// An attempt is running; everyone who needs a token joins it.
    InFlight,
    /// The last attempt failed; the next one may start at this local time, not before.
    Retrying {
        /// When the next attempt may start (ms since epoch).
        at: f64,
    },
}

/// The one retry schedule of a client: attempts are started only through it, so app calls,
/// `accessToken()`, wake-ups and the timers all join the scheduled or running attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshSchedule {
    phase: Phase,
    failures: u32,
    last_error: Option<AuthError>,
}

impl Default for RefreshSchedule {
    fn default() -> Self {
        Self {
            phase: Phase::Idle,
            failures: 0,
            last_error: None,
        }
    }
}

impl RefreshSchedule {
    /// Where the refresh stands.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// How many attempts in a row have failed.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Why the last attempt failed, while retrying.
    pub fn last_error(&self) -> Option<&AuthError> {
        self.last_error.as_ref()
    }

    /// Whether an attempt may start at `now`: none is running and, after a failure, its retry
    /// slot has come.
    pub fn may_start(&self, now: f64) -> bool {
        match self.phase {
            Phase::Idle => true,
            Phase::InFlight => false,
            Phase::Retrying { at } => now >= at,
        }
    }

    /// Whether a wake-up, `accessToken()` or a call should start an attempt at `now` (the
    /// timer that should have started it is late or was never armed): a retry whose slot has
    /// come, or a due token when automatic refresh is on.
    pub fn is_overdue(
        &self,
        token: &TokenState,
        policy: &RefreshPolicy,
        auto: bool,
        now: f64,
    ) -> bool {
        match self.phase {
            Phase::Idle => auto && is_due(token, policy, now),
            Phase::InFlight => false,
            Phase::Retrying { at } => now >= at,
        }
    }

    /// When the timer should next start an attempt: the retry slot (when automatic refresh is
    /// on or a caller waits for it), else the scheduled refresh (automatic refresh only).
    pub fn timer_at(
        &self,
        token: &TokenState,
        policy: &RefreshPolicy,
        auto: bool,
        waited_for: bool,
        random: f64,
    ) -> Option<f64> {
        match self.phase {
            Phase::Idle if auto => refresh_at(token, policy, random),
            Phase::Retrying { at } if auto || waited_for => Some(at),
            _ => None,
        }
    }

    /// An attempt starts.
    pub fn start(&mut self) {
        self.phase = Phase::InFlight;
    }

    /// The attempt succeeded, or the session it was for ended: back to the plain schedule.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// The attempt failed for a reason that may pass: the next may start after the backoff
    /// (jittered by `random`). Returns when.
    pub fn failed(&mut self, error: AuthError, now: f64, random: f64) -> f64 {
        self.failures += 1;
        let at = now + backoff_delay(self.failures, random);
        self.phase = Phase::Retrying { at };
        self.last_error = Some(error);
        at
    }

    /// Takes up the schedule of another tab that failed an attempt of its own meanwhile, so
    /// that the tabs of an origin make one attempt per slot between them.
    pub fn follow(&mut self, at: f64, failures: u32, error: AuthError) {
        self.failures = failures;
        self.phase = Phase::Retrying { at };
        self.last_error = Some(error);
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
