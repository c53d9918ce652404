use super::*;
use crate::core::secret::{AccessToken, RefreshToken};

const HOUR: f64 = 3_600_000.0;

fn token(loaded_at: f64, lifetime_ms: Option<f64>) -> TokenState {
    TokenState {
        access_token: AccessToken::new("a".into()),
        refresh_token: Some(RefreshToken::new("r".into())),
        token_type: "Bearer".into(),
        expires_in: None,
        loaded_at,
        lifetime_ms,
        extra: None,
    }
}

#[test]
fn refreshes_one_lead_before_expiry_within_the_jitter() {
    let t = token(0.0, Some(HOUR));
    let p = RefreshPolicy::default();
    assert_eq!(refresh_at(&t, &p, 0.0), Some(HOUR - 60_000.0));
    let earliest = refresh_at(&t, &p, 0.999_999).unwrap();
    assert!(
        (HOUR - 66_000.0..HOUR - 60_000.0).contains(&earliest),
        "{earliest}"
    );
}

#[test]
fn the_lead_is_at_most_half_the_lifetime() {
    let t = token(0.0, Some(10_000.0));
    let p = RefreshPolicy::default();
    assert_eq!(refresh_at(&t, &p, 0.0), Some(5_000.0));
    let d = refresh_at(&t, &p, 1.0).unwrap();
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
    assert_eq!(refresh_at(&t, &p, 1.0), Some(HOUR - 120_000.0));
    let none = RefreshPolicy {
        lead_ms: 60_000.0,
        jitter_ms: Some(0.0),
    };
    assert_eq!(refresh_at(&t, &none, 1.0), Some(HOUR - 60_000.0));
}

#[test]
fn delays_are_clamped_for_browser_timers() {
    assert_eq!(delay_until(1e300, 0.0), MAX_TIMER_DELAY_MS as u32);
    assert_eq!(delay_until(5.0, 10.0), 0);
    assert_eq!(delay_until(f64::NAN, 0.0), 0);
    assert_eq!(
        refresh_at(&token(0.0, None), &RefreshPolicy::default(), 0.0),
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
        let at = refresh_at(&t, &RefreshPolicy::default(), 0.0).unwrap();
        assert_eq!(at - arrival, 1_500.0, "skew {skew}");
        assert!(!is_expired(&t, arrival + 2_999.0) && is_expired(&t, arrival + 3_000.0));
    }
}

#[test]
fn backoff_starts_at_a_second_doubles_and_is_capped_by_who_waits() {
    assert_eq!(
        backoff_delay(1, 0.0, false),
        1_000.0,
        "never under a second"
    );
    assert_eq!(backoff_delay(1, 1.0, false), 1_250.0);
    assert_eq!(backoff_delay(2, 0.0, false), 1_500.0);
    assert_eq!(backoff_delay(4, 0.5, false), 8_000.0);
    assert_eq!(backoff_delay(40, 0.5, false), 60_000.0);
    assert_eq!(backoff_delay(4, 0.5, true), 5_000.0, "a caller waits");
    for failures in 0..40 {
        for random in [0.0, 0.37, 0.999] {
            let idle = backoff_delay(failures, random, false);
            let waited = backoff_delay(failures, random, true);
            assert!(
                (1_000.0..=60_000.0).contains(&idle),
                "{failures} {random}: {idle}"
            );
            assert!(
                (1_000.0..=5_000.0).contains(&waited),
                "{failures} {random}: {waited}"
            );
        }
    }
}

#[test]
fn never_more_than_eight_attempts_in_ten_seconds() {
    let mut s = RefreshSchedule::default();
    let mut now = 0.0;
    let mut starts = Vec::new();
    for _ in 0..20 {
        starts.push(now);
        s.start(now);
        s.failed(AuthError::Timeout(5), now, 0.0, true);
        // A wake-up asks for a retry at once, every time.
        now += 1.0;
        s.retry_now(now);
        let Phase::Retrying { at } = s.phase() else {
            panic!("retrying")
        };
        now = at;
    }
    for (i, at) in starts.iter().enumerate() {
        let within = starts[i..].iter().filter(|t| **t < at + 10_000.0).count();
        assert!(within <= 8, "{within} in 10 s from {at}: {starts:?}");
    }
    assert!(starts.windows(2).all(|w| w[1] - w[0] >= 1_000.0));
}

#[test]
fn retries_keep_their_spacing_through_expiry() {
    // A 20 s token in a sustained outage: every attempt at least a second after the last,
    // before and after expiry, and a slot always comes (retries never stop).
    let t = token(0.0, Some(20_000.0));
    let p = RefreshPolicy::default();
    let mut s = RefreshSchedule::default();
    let mut now = refresh_at(&t, &p, 0.0).unwrap();
    let mut attempts = vec![now];
    while now < 120_000.0 {
        assert!(s.may_start(now));
        s.start(now);
        assert!(!s.may_start(now) && !s.is_overdue(&t, &p, true, now));
        let at = s.failed(AuthError::Timeout(5), now, 0.0, false);
        assert!(!s.may_start(at - 1.0), "nothing starts before the slot");
        assert_eq!(s.timer_at(&t, &p, true, false, 0.0), Some(at));
        now = at;
        attempts.push(now);
    }
    let gaps: Vec<f64> = attempts.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.iter().all(|g| *g >= 1_000.0), "{gaps:?}");
    assert!(attempts.len() <= 12, "{attempts:?}");
    assert_eq!(s.last_error(), Some(&AuthError::Timeout(5)));
}

#[test]
fn the_timer_follows_the_phase() {
    let t = token(0.0, Some(HOUR));
    let p = RefreshPolicy::default();
    let mut s = RefreshSchedule::default();
    assert_eq!(
        s.timer_at(&t, &p, false, true, 0.0),
        None,
        "no auto refresh"
    );
    assert_eq!(s.timer_at(&t, &p, true, false, 0.0), Some(HOUR - 60_000.0));
    assert!(!s.is_overdue(&t, &p, true, 0.0) && s.is_overdue(&t, &p, true, HOUR - 1.0));
    assert!(!s.is_overdue(&t, &p, false, HOUR - 1.0), "auto refresh off");
    s.start(0.0);
    assert_eq!(s.timer_at(&t, &p, true, true, 0.0), None, "in flight");
    let at = s.failed(AuthError::Network("x".into()), 0.0, 0.5, false);
    assert_eq!(s.timer_at(&t, &p, false, false, 0.0), None);
    assert_eq!(
        s.timer_at(&t, &p, false, true, 0.0),
        Some(at),
        "a caller waits"
    );
    assert!(s.is_overdue(&t, &p, false, at));
    s.follow(5_000.0, 3, AuthError::Timeout(1));
    assert_eq!(
        (s.phase(), s.failures()),
        (Phase::Retrying { at: 5_000.0 }, 3)
    );
    s.reset();
    assert_eq!(
        (s.phase(), s.failures(), s.last_error()),
        (Phase::Idle, 0, None)
    );
}
