//! Automatic refresh against a test server whose access tokens live 3 seconds.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUN_MS: f64 = 15_000.0;

fn base() -> &'static str {
    short_ttl_server()
}

#[wasm_bindgen_test]
async fn idle_refreshes_follow_the_schedule_and_no_expired_token_is_used() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_idle", r#""refreshJitter":0"#);
    let events = EventLog::attach(&c);
    let sent = now();
    login_admin(&c).await;
    // Each cycle is half the 3 s lifetime plus the refresh's own round trip (about a login's).
    let round_trip = now() - sent;
    let started = now();
    let mut leads = Vec::new(); // ms between each refresh and the expiry of the token it replaced
    let mut previous = c.access_token().as_string().unwrap();
    let mut previous_expiry = expires_at(&c);
    let mut calls = 0;
    while now() - started < RUN_MS {
        let token = c
            .access_token()
            .as_string()
            .expect("a live token at every moment");
        if token != previous {
            // The previous token's expiry on the SDK's clock (a Netuno JWT has no `exp`).
            leads.push(previous_expiry - now());
            previous = token.clone();
        }
        previous_expiry = expires_at(&c);
        let (status, _) = raw_at(
            base(),
            "GET",
            "/services/profile",
            Some(&format!("Bearer {token}")),
            None,
        )
        .await;
        // A refresh that lands between `accessToken()` and this call revokes the token (as a
        // Netuno server does): then the client already holds the new one.
        let replaced = c.access_token().as_string() != Some(token.clone());
        assert!(status == 200 || replaced, "a live token: {status}");
        calls += 1;
        sleep_ms(50).await;
    }
    // The timer keeps running while the stats are read: bracket the server's count between the
    // refresh events seen before and after it (a refresh may be in flight during the read).
    let events_before = events.count("refresh") as f64;
    let refreshes = stat(base(), "refreshes").await;
    let events_after = events.count("refresh") as f64;
    assert_eq!(
        stat(base(), "expired_token_calls").await,
        0.0,
        "no call with an expired token"
    );
    // A 3 s token with the lead capped at half its lifetime refreshes every 1.5 s (+ round trip).
    let predicted = (RUN_MS / (1_500.0 + round_trip)).floor();
    assert!(
        (refreshes - predicted).abs() <= 1.0,
        "refreshes {refreshes}, predicted {predicted}"
    );
    assert!(
        events_before <= refreshes && refreshes <= events_after + 1.0,
        "one refresh event per server refresh: events {events_before}..{events_after}, server {refreshes}"
    );
    leads.sort_by(f64::total_cmp);
    assert!(
        leads.first().is_some_and(|min| *min > 0.0),
        "every refresh before expiry: {leads:?}"
    );
    web_sys::console::log_1(
        &format!(
            "refresh lead before exp (ms): min {:.0} median {:.0} max {:.0} over {} refreshes, {calls} calls",
            leads[0],
            leads[leads.len() / 2],
            leads[leads.len() - 1],
            leads.len()
        )
        .into(),
    );
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn transient_refresh_failures_keep_the_session() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_faults", r#""timeout":1000"#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    fault(
        base(),
        r#"{"target":"refresh","kind":"status","status":500,"count":2}"#,
    )
    .await;
    fault(
        base(),
        r#"{"target":"refresh","kind":"delay","delay_ms":2000,"count":1}"#,
    )
    .await;
    fault(
        base(),
        r#"{"target":"refresh","kind":"malformed","count":1}"#,
    )
    .await;
    let started = now();
    while events.count("refresh") == 0 && now() - started < 30_000.0 {
        sleep_ms(100).await;
    }
    assert_eq!(
        events.count("refresh_error"),
        4,
        "one refresh_error per fault: {:?}",
        events.seen.borrow()
    );
    assert_eq!(
        events.count("refresh"),
        1,
        "then a successful refresh: {:?}",
        events.seen.borrow()
    );
    assert!(c.is_logged());
    assert!(!events.seen.borrow().iter().any(|e| e.starts_with("logout")));
    assert_eq!(stat(base(), "refresh_rejections").await, 0.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_refused_refresh_logs_out_and_clears_storage() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_403", "");
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    assert!(session_item("t_refresh_403").is_some());
    fault(
        base(),
        r#"{"target":"refresh","kind":"status","status":403,"count":1}"#,
    )
    .await;
    let started = now();
    while c.is_logged() && now() - started < 5_000.0 {
        sleep_ms(50).await;
    }
    assert!(!c.is_logged());
    assert_eq!(events.count("logout:refresh_rejected"), 1);
    assert_eq!(session_item("t_refresh_403"), None);
}

#[wasm_bindgen_test]
async fn nothing_refreshes_after_logout() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_logout", "");
    login_admin(&c).await;
    let _ = c.logout();
    let before = stat(base(), "refreshes").await;
    sleep_ms(10_000).await;
    assert_eq!(
        stat(base(), "refreshes").await,
        before,
        "no refresh request after logout"
    );
}

#[wasm_bindgen_test]
async fn auto_refresh_off_still_allows_a_manual_refresh() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_manual", r#""autoRefreshToken":false"#);
    login_admin(&c).await;
    sleep_ms(2_000).await;
    assert_eq!(
        stat(base(), "refreshes").await,
        0.0,
        "no timer with autoRefreshToken: false"
    );
    let first = c.access_token().as_string().unwrap();
    let (a, b) = (
        c.refresh_token(wasm_bindgen::JsValue::UNDEFINED),
        c.refresh_token(wasm_bindgen::JsValue::UNDEFINED),
    );
    wait(a).await.unwrap();
    wait(b).await.unwrap();
    assert_eq!(
        stat(base(), "refreshes").await,
        1.0,
        "two concurrent calls, one request"
    );
    assert_ne!(c.access_token().as_string().unwrap(), first);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn turning_auto_refresh_off_at_runtime_cancels_the_timer() {
    reset(base()).await;
    let c = client_at(base(), "t_refresh_runtime_off", "");
    login_admin(&c).await;
    c.config(js(r#"{"autoRefreshToken":false}"#)).unwrap();
    sleep_ms(2_500).await;
    assert_eq!(
        stat(base(), "refreshes").await,
        0.0,
        "the armed timer was cancelled"
    );
    c.config(js(r#"{"autoRefreshToken":true}"#)).unwrap();
    sleep_ms(600).await;
    assert_eq!(
        stat(base(), "refreshes").await,
        1.0,
        "turned back on: the overdue refresh runs"
    );
    let _ = c.logout();
}
