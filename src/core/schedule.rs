//! When to refresh: a fixed lead before expiry, never more than half the token's lifetime,
//! minus a random jitter so that many clients do not refresh in lockstep; and, after a failed
//! refresh, one retry schedule that nothing bypasses (exponential backoff with jitter from about
//! 1 s, up to about 5 s while calls wait for a token and up to 60 s while none does; never twice
//! within a second, never more than 8 attempts in 10 s; it neither shrinks nor stops as expiry
//! nears). Pure arithmetic on the local clock, in milliseconds.

use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::token::TokenState;

/// Browsers run a timer whose delay exceeds a signed 32-bit millisecond count at once.
pub const MAX_TIMER_DELAY_MS: f64 = 2_147_483_647.0;

/// The shortest retry delay after a failed refresh.
const BACKOFF_BASE_MS: f64 = 1_000.0;
/// The longest retry delay while calls wait for a token: an outage that ends is noticed
/// within this long.
const WAITED_CAP_MS: f64 = 5_000.0;
/// The longest retry delay while no call waits.
const IDLE_CAP_MS: f64 = 60_000.0;
/// At most this many attempts start within [`BURST_WINDOW_MS`].
const BURST: usize = 8;
const BURST_WINDOW_MS: f64 = 10_000.0;

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
    /// The refresh timing `config` asks for (`refreshLead`, `refreshJitter`, in seconds).
    pub fn of(config: &Config) -> RefreshPolicy {
        RefreshPolicy {
            lead_ms: config.refresh_lead * 1000.0,
            jitter_ms: config.refresh_jitter.map(|j| j * 1000.0),
        }
    }

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
/// first retry): `1 s × 2^(failures-1)`, capped at 5 s while calls wait for a token (`waited`)
/// and at 60 s while none does, times a jitter in `[0.75, 1.25)` chosen by `random`, and
/// never under 1 s nor over the cap. It does not depend on when the token expires: the
/// spacing must not shrink, however close expiry is.
pub fn backoff_delay(failures: u32, random: f64, waited: bool) -> f64 {
    let cap = if waited { WAITED_CAP_MS } else { IDLE_CAP_MS };
    let exponent = failures.saturating_sub(1).min(16) as i32;
    let full = (BACKOFF_BASE_MS * 2f64.powi(exponent)).min(cap);
    (full * (0.75 + 0.5 * random.clamp(0.0, 1.0))).clamp(BACKOFF_BASE_MS, cap)
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
    /// When the last attempt failed, and the jitter drawn for its retry.
    failed: (f64, f64),
    /// When the last attempts started (the latest [`BURST`]), kept through a reset.
    starts: Vec<f64>,
}

impl Default for RefreshSchedule {
    fn default() -> Self {
        Self {
            phase: Phase::Idle,
            failures: 0,
            last_error: None,
            failed: (0.0, 0.0),
            starts: Vec::new(),
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

    /// An attempt starts at `now`.
    pub fn start(&mut self, now: f64) {
        self.phase = Phase::InFlight;
        if self.starts.len() == BURST {
            self.starts.remove(0);
        }
        self.starts.push(now);
    }

    /// The attempt succeeded, or the session it was for ended: back to the plain schedule.
    pub fn reset(&mut self) {
        let starts = std::mem::take(&mut self.starts);
        *self = Self {
            starts,
            ..Self::default()
        };
    }

    /// The earliest a next attempt may start: a second after the last one, and not before the
    /// oldest of the last [`BURST`] is [`BURST_WINDOW_MS`] old.
    fn floor(&self) -> f64 {
        let spaced = self.starts.last().map_or(0.0, |at| at + BACKOFF_BASE_MS);
        let burst = match self.starts.len() {
            BURST => self.starts[0] + BURST_WINDOW_MS,
            _ => 0.0,
        };
        spaced.max(burst)
    }

    /// The attempt failed for a reason that may pass: the next may start after the backoff
    /// (jittered by `random`; shorter when a caller `waited` for it). Returns when.
    pub fn failed(&mut self, error: AuthError, now: f64, random: f64, waited: bool) -> f64 {
        self.failures += 1;
        self.failed = (now, random);
        let at = (now + backoff_delay(self.failures, random, waited)).max(self.floor());
        self.phase = Phase::Retrying { at };
        self.last_error = Some(error);
        at
    }

    /// A caller starts waiting for a token: a retry slot set for a schedule with no one
    /// waiting comes in to the one with a caller waiting.
    pub fn waited_for(&mut self) {
        if let Phase::Retrying { at } = self.phase {
            let (failed_at, random) = self.failed;
            let waited = failed_at + backoff_delay(self.failures.max(1), random, true);
            self.phase = Phase::Retrying {
                at: at.min(waited.max(self.floor())),
            };
        }
    }

    /// The page woke up (it came online, or was shown again): a retry goes at once, within
    /// the spacing limits.
    pub fn retry_now(&mut self, now: f64) {
        if let Phase::Retrying { at } = self.phase {
            self.phase = Phase::Retrying {
                at: at.min(now.max(self.floor())),
            };
        }
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
