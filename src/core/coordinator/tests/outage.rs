//! The retry schedule of an outage, on the fake clock: how soon a session recovers, and how
//! often it tries.

use super::*;

/// Fails every attempt from `from` for `outage_ms`, with a caller waiting when `waiting`;
/// returns the start times of the attempts and when the session recovered.
fn outage(waiting: bool, outage_ms: f64) -> (Vec<f64>, Option<f64>) {
    let mut rig = Rig::logged_in("a1");
    let start = rig.now;
    let mut starts = Vec::new();
    rig.now = start + 40_000.0;
    let mut pending = rig.step(Input::RefreshTimer);
    if waiting {
        pending.extend(rig.step(Input::Wait));
    }
    let mut timer: Option<f64> = None;
    while rig.now < start + 40_000.0 + outage_ms + 70_000.0 {
        if pending.iter().any(|e| matches!(e, Effect::Lock { .. })) {
            starts.push(rig.now);
            let grant = rig.run_to_request(&pending);
            rig.now += 50.0;
            let down = rig.now < start + 40_000.0 + outage_ms;
            let answer = match down {
                true => Err(AuthError::Network("down".into())),
                false => Ok(ok_reply("a2", "r2")),
            };
            pending = rig.step(Input::RefreshAnswer(grant, answer));
            if !down {
                return (starts, Some(rig.now));
            }
            if waiting {
                pending.extend(rig.step(Input::Wait));
            }
        }
        for e in &pending {
            if let Effect::ArmRefresh(at) = e {
                timer = *at;
            }
        }
        let Some(at) = timer.take() else {
            break;
        };
        rig.now = rig.now.max(at);
        rig.random = (rig.random * 7.3 + 0.31).fract();
        pending = rig.step(Input::RefreshTimer);
    }
    (starts, None)
}

#[test]
fn in_an_outage_waiting_callers_get_a_retry_at_least_every_five_seconds() {
    let (starts, recovered) = outage(true, 30_000.0);
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        assert!((1_000.0..=5_100.0).contains(&gap), "gap {gap}");
    }
    for (i, at) in starts.iter().enumerate() {
        let within = starts[i..].iter().filter(|t| **t < at + 10_000.0).count();
        assert!(within <= 8, "{within} attempts in 10 s");
    }
    let back = starts[0] + 30_000.0;
    let recovered = recovered.expect("the session recovers");
    assert!(
        recovered - back <= 5_100.0,
        "recovered {} ms late",
        recovered - back
    );
}

#[test]
fn with_no_one_waiting_the_backoff_grows_to_a_minute() {
    let (starts, _) = outage(false, 600_000.0);
    let gaps: Vec<f64> = starts.windows(2).map(|p| p[1] - p[0]).collect();
    assert!(
        gaps.iter().all(|g| *g >= 1_000.0 && *g <= 60_100.0),
        "{gaps:?}"
    );
    assert!(
        gaps.iter().any(|g| *g > 40_000.0),
        "it backs off further: {gaps:?}"
    );
}

#[test]
fn a_wait_pulls_a_far_retry_in_and_a_wake_up_retries_at_once() {
    let mut rig = Rig::logged_in("a1");
    rig.now += 50_000.0;
    let mut failed_at = rig.now;
    for _ in 0..7 {
        let effects = rig.step(Input::RefreshTimer);
        let grant = rig.run_to_request(&effects);
        failed_at = rig.now;
        rig.step(Input::RefreshAnswer(
            grant,
            Err(AuthError::Network("x".into())),
        ));
        let Phase::Retrying { at } = rig.c.schedule.phase() else {
            panic!("retrying")
        };
        rig.now = at;
    }
    let Phase::Retrying { at: far } = rig.c.schedule.phase() else {
        panic!("retrying")
    };
    assert!(far - failed_at > 30_000.0, "no one waits: a far slot");
    rig.now = failed_at + 100.0;
    rig.step(Input::Wait);
    let Phase::Retrying { at: near } = rig.c.schedule.phase() else {
        panic!("retrying")
    };
    assert!(near - failed_at <= 5_000.0, "a caller waits: within 5 s");
    // A wait once that slot has passed starts the attempt at once.
    rig.now = near;
    let late = rig.step(Input::Wait);
    assert!(
        late.iter().any(|e| matches!(e, Effect::Lock { .. })),
        "started at once"
    );
    let grant = rig.run_to_request(&late);
    rig.step(Input::RefreshAnswer(
        grant,
        Err(AuthError::Network("x".into())),
    ));
    rig.now += 1_500.0;
    let woken = rig.step(Input::WakeUp { hidden: false });
    assert!(
        woken.iter().any(|e| matches!(e, Effect::Lock { .. })),
        "retried at once"
    );
}
