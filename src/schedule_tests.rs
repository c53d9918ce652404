use super::*;
use crate::secret::{AccessToken, RefreshToken};

const HOUR: f64 = 3_600_000.0;

fn token(loaded_at: f64, lifetime_ms: Option<f64>) -> TokenState {
    TokenState {
        v: 1,
        access_token: AccessToken::new("a".into()),
        refresh_token: RefreshToken::new("r".into()),
        token_type: "Bearer".into(),
        expires_in: None,
        loaded_at,
        lifetime_ms,
    }
}

#[test]
fn refreshes_one_lead_before_expiry_within_the_jitter() {
    let t = token(0.0, Some(HOUR));
    let p = RefreshPolicy::default();
    assert_eq!(refresh_delay(&t, &p, 0.0, 0.0), Some(HOUR - 60_000.0));
    let earliest = refresh_delay(&t, &p, 0.0, 0.999_999).unwrap();
    assert!(
        (HOUR - 66_000.0..HOUR - 60_000.0).contains(&earliest),
        "{earliest}"
    );
}

#[test]
fn the_lead_is_at_most_half_the_lifetime() {
    let t = token(0.0, Some(10_000.0));
    let p = RefreshPolicy::default();
    assert_eq!(refresh_delay(&t, &p, 0.0, 0.0), Some(5_000.0));
    let d = refresh_delay(&t, &p, 0.0, 1.0).unwrap();
    assert!((4_500.0..=5_000.0).contains(&d), "{d}");
    assert!(!is_due(&t, &p, 4_999.0) && is_due(&t, &p, 5_000.0));
}

#[test]
fn explicit_jitter_is_bounded_by_the_lead() {
    let t = token(0.0, Some(HOUR));
    let p = RefreshPolicy {
        lead_ms: 60_000.0,
        jitter_ms: Some(10.0 * HOUR),
    };
    assert_eq!(refresh_delay(&t, &p, 0.0, 1.0), Some(HOUR - 120_000.0));
    let none = RefreshPolicy {
        lead_ms: 60_000.0,
        jitter_ms: Some(0.0),
    };
    assert_eq!(refresh_delay(&t, &none, 0.0, 1.0), Some(HOUR - 60_000.0));
}

#[test]
fn delays_are_clamped_for_browser_timers() {
    let t = token(0.0, Some(365.0 * 24.0 * HOUR));
    assert_eq!(
        refresh_delay(&t, &RefreshPolicy::default(), 0.0, 0.0),
        Some(MAX_TIMER_DELAY_MS)
    );
    let overdue = token(0.0, Some(HOUR));
    assert_eq!(
        refresh_delay(&overdue, &RefreshPolicy::default(), 2.0 * HOUR, 0.5),
        Some(0.0)
    );
    assert_eq!(
        refresh_delay(&token(0.0, None), &RefreshPolicy::default(), 0.0, 0.0),
        None
    );
}

#[test]
fn a_skewed_client_clock_changes_nothing() {
    // The token's lifetime comes from server timestamps (exp - iat) and is laid on the local
    // clock at arrival: a clock two hours off in either direction gives the same delay.
    for skew in [-2.0 * HOUR, 0.0, 2.0 * HOUR] {
        let arrival = 1_700_000_000_000.0 + skew;
        let t = token(arrival, Some(3_000.0));
        let d = refresh_delay(&t, &RefreshPolicy::default(), arrival, 0.0).unwrap();
        assert_eq!(d, 1_500.0, "skew {skew}");
        assert!(!is_expired(&t, arrival + 2_999.0) && is_expired(&t, arrival + 3_000.0));
    }
}

#[test]
fn backoff_grows_is_capped_and_jittered() {
    assert_eq!(backoff_delay(0, 0.0, None), 500.0);
    assert_eq!(backoff_delay(0, 1.0, None), 1_000.0);
    assert_eq!(backoff_delay(3, 1.0, None), 8_000.0);
    assert_eq!(backoff_delay(30, 1.0, None), 30_000.0);
    assert_eq!(backoff_delay(30, 0.0, None), 15_000.0);
    for attempt in 0..20 {
        let d = backoff_delay(attempt, 0.37, None);
        assert!((500.0..=30_000.0).contains(&d));
    }
}

#[test]
fn backoff_never_waits_past_expiry() {
    assert_eq!(backoff_delay(5, 1.0, Some(2_000.0)), 1_500.0);
    assert_eq!(backoff_delay(5, 1.0, Some(100.0)), 0.0);
    assert_eq!(backoff_delay(0, 1.0, Some(-5.0)), 1_000.0);
}
