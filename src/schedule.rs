//! When to refresh: a fixed lead before expiry, never more than half the token's lifetime,
//! minus a random jitter so that many clients do not refresh in lockstep; and how long to
//! back off after a failed refresh. Pure arithmetic on the local clock, in milliseconds.

use crate::token::TokenState;

/// Browsers run a timer whose delay exceeds a signed 32-bit millisecond count at once.
pub const MAX_TIMER_DELAY_MS: f64 = 2_147_483_647.0;

/// First retry delay after a failed refresh.
const BACKOFF_BASE_MS: f64 = 1_000.0;
/// Longest retry delay.
const BACKOFF_CAP_MS: f64 = 30_000.0;

/// `x` limited to `[lo, hi]`. Not `f64::clamp`: its panic message formats floats, which alone
/// pulled 10 KB (gzip) of float formatting into the wasm.
#[allow(clippy::manual_clamp)]
fn bounded(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

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
        bounded(self.jitter_ms.unwrap_or(lead * 0.1), 0.0, lead)
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

/// The timer delay until the next refresh, jittered by `random` in `[0, 1)`; clamped to
/// what a browser timer can hold. `None`: no expiry known, so no timer.
pub fn refresh_delay(
    token: &TokenState,
    policy: &RefreshPolicy,
    now: f64,
    random: f64,
) -> Option<f64> {
    let lifetime = token.lifetime_ms?;
    let lead = policy.effective_lead(lifetime);
    let jitter = policy.max_jitter(lead) * bounded(random, 0.0, 1.0);
    let at = token.loaded_at + lifetime - lead - jitter;
    Some(bounded(at - now, 0.0, MAX_TIMER_DELAY_MS))
}

/// The delay before retry number `attempt` (0-based) of a failed refresh: exponential from
/// 1 s, capped at 30 s, with "equal jitter" (between half and all of it), and never past the
/// moment the access token expires.
pub fn backoff_delay(attempt: u32, random: f64, until_expiry_ms: Option<f64>) -> f64 {
    let full = (BACKOFF_BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(BACKOFF_CAP_MS);
    let delay = full / 2.0 + full / 2.0 * bounded(random, 0.0, 1.0);
    match until_expiry_ms {
        // One last try just before expiry beats waiting past it.
        Some(left) if left > 0.0 => delay.min((left - 500.0).max(0.0)),
        _ => delay,
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
