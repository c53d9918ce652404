//! An auth-server outage, the way real ones happen: refresh answers 503 for 10 s (or
//! `OUTAGE_SECONDS`, see `scripts/bench-outage`) while the app
//! calls its API every 100 ms, against a server whose access tokens live 3 seconds (so they
//! expire during the outage). The refresh backs off and never storms, no call goes out with an
//! expired token, calls that cannot get a fresh token in time fail with `refresh_unavailable`
//! (never `unauthorized`), the user stays logged in, and when the server comes back the next
//! scheduled attempt restores the session with no app call. Then the same with three clients
//! sharing one session (as three tabs do), and oversized tokens.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The outage's length: 10 s, or `OUTAGE_SECONDS` at compile time (`scripts/bench-outage`).
fn outage_ms() -> f64 {
    let seconds = option_env!("OUTAGE_SECONDS").and_then(|s| s.parse::<f64>().ok());
    seconds.unwrap_or(10.0) * 1000.0
}

fn base() -> &'static str {
    short_ttl_server()
}

/// The arrival times (ms since the reset) of the refresh attempts the server saw.
async fn refresh_attempts() -> Vec<f64> {
    let log = raw_at(base(), "GET", "/_test/attempts", None, None).await.1;
    let list: js_sys::Array = get(&log, "refresh").into();
    list.iter().filter_map(|v| v.as_f64()).collect()
}

/// Outcomes of the app's calls: how many succeeded, and the codes of the others.
#[derive(Default)]
struct Calls {
    ok: usize,
    codes: Vec<String>,
    logged_out_during: bool,
}

/// Calls `service({url: 'profile'})` on every client in turn every 100 ms until `until`,
/// without waiting for the answers (as an app's polling does).
async fn poll(clients: Rc<Vec<JsAuthClient>>, until: f64, calls: Rc<RefCell<Calls>>) {
    let mut turn = 0;
    while now() < until {
        let c = &clients[turn % clients.len()];
        turn += 1;
        if !c.is_logged() {
            calls.borrow_mut().logged_out_during = true;
        }
        let pending: Promise = c.service(js(r#"{"url":"profile"}"#));
        let sink = calls.clone();
        spawn_local(async move {
            match wait(pending).await {
                Ok(_) => sink.borrow_mut().ok += 1,
                Err(e) => sink.borrow_mut().codes.push(code(&e)),
            }
        });
        sleep_ms(100).await;
    }
}

/// Runs a 10 s outage for `clients` (logged in after the server's reset at `reset_at`, on the
/// browser's clock) and checks what the issue promises.
async fn outage(clients: Vec<JsAuthClient>, events: &EventLog, reset_at: f64) {
    let clients = Rc::new(clients);
    fault(
        base(),
        &format!(
            r#"{{"target":"refresh","kind":"status","status":503,"duration_ms":{}}}"#,
            outage_ms()
        ),
    )
    .await;
    let started = now();
    let back = started + outage_ms();
    let calls = Rc::new(RefCell::new(Calls::default()));
    poll(clients.clone(), back, calls.clone()).await;
    let refreshes_before = events.count("refresh");
    // The server is back: no app call from now on; the next scheduled attempt must restore the
    // session by itself.
    while events.count("refresh") == refreshes_before && now() - back < 45_000.0 {
        sleep_ms(50).await;
    }
    let recovered_after = now() - back;
    sleep_ms(2_500).await; // the last calls settle
    let attempts = refresh_attempts().await;
    // The server's attempt clock starts at its reset.
    let end = started - reset_at + outage_ms();
    let during: Vec<f64> = attempts.iter().copied().filter(|t| *t < end).collect();
    let gaps: Vec<f64> = attempts.windows(2).map(|w| w[1] - w[0]).collect();
    let expired_token_calls = stat(base(), "expired_token_calls").await;
    let rejected_token_calls = stat(base(), "rejected_token_calls").await;
    let calls = calls.borrow();
    web_sys::console::log_1(
        &format!(
            "{} client(s), {} s outage: {} refresh attempts during it, gaps {:?} ms; recovered \
             {recovered_after:.0} ms after the server came back; calls: {} ok, {} rejected",
            clients.len(),
            outage_ms() / 1000.0,
            during.len(),
            gaps.iter().map(|g| g.round()).collect::<Vec<_>>(),
            calls.ok,
            calls.codes.len()
        )
        .into(),
    );
    assert!(
        gaps.iter().all(|g| *g >= 900.0),
        "no two attempts less than about 1 s apart: {gaps:?}"
    );
    assert!(
        (1..=8).contains(&during.len()),
        "attempts during the outage: {during:?}"
    );
    assert_eq!(expired_token_calls, 0.0, "no call carried an expired token");
    assert_eq!(rejected_token_calls, 0.0);
    assert!(!calls.logged_out_during, "isLogged() stayed true");
    assert!(
        !calls.codes.iter().any(|c| c == "unauthorized"),
        "{:?}",
        calls.codes
    );
    assert!(
        calls.codes.iter().all(|c| c == "refresh_unavailable"),
        "only typed refresh_unavailable rejections: {:?}",
        calls.codes
    );
    assert!(
        !calls.codes.is_empty(),
        "calls after expiry waited, then were refused"
    );
    // Within one backoff slot of the server's return: the slot after n failures is at most
    // 1.25 × min(30 s, 2^(n-1) s).
    let n = during.len() as i32;
    let slot = 1.25 * (1_000.0 * 2f64.powi(n - 1)).min(30_000.0);
    assert!(
        recovered_after <= slot + 1_000.0,
        "recovered {recovered_after} ms after the server came back (slot {slot} ms)"
    );
    for c in clients.iter() {
        assert!(c.is_logged());
        let _ = c.logout();
    }
}

#[wasm_bindgen_test]
async fn an_outage_backs_off_sends_no_dead_token_and_recovers_alone() {
    reset(base()).await;
    let reset_at = now();
    let c = client_at(base(), "t_outage", r#""timeout":2000,"refreshJitter":0"#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    outage(vec![c], &events, reset_at).await;
    assert_eq!(events.count("logout:user"), 1, "{:?}", events.seen.borrow());
    assert!(
        events.count("token_expired") >= 1,
        "{:?}",
        events.seen.borrow()
    );
}

#[wasm_bindgen_test]
async fn three_tabs_on_shared_storage_make_one_attempt_per_slot_between_them() {
    reset(base()).await;
    let reset_at = now();
    let extra = r#""storage":"local","timeout":2000,"refreshJitter":0"#;
    let first = client_at(base(), "t_outage_tabs", extra);
    let events = EventLog::attach(&first);
    login_admin(&first).await;
    let second = client_at(base(), "t_outage_tabs", extra);
    let third = client_at(base(), "t_outage_tabs", extra);
    assert!(
        second.is_logged() && third.is_logged(),
        "the tabs share the session"
    );
    outage(vec![first, second, third], &events, reset_at).await;
}

#[wasm_bindgen_test]
async fn an_oversized_token_is_refused_and_nothing_is_stored() {
    let c = client("t_oversized", "");
    fault(
        server(),
        r#"{"target":"login","kind":"oversized","field":"access_token","bytes":60000}"#,
    )
    .await;
    let e = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "invalid_response");
    let message = get(&e, "message").as_string().unwrap();
    assert!(message.contains("60000 bytes"), "{message}");
    assert!(!c.is_logged());
    assert_eq!(session_item("t_oversized"), None, "nothing stored");

    login_admin(&c).await;
    let before = c.access_token();
    fault(
        server(),
        r#"{"target":"refresh","kind":"oversized","field":"body","bytes":300000}"#,
    )
    .await;
    let e = wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(
        code(&e),
        "invalid_response",
        "a body over the bound, unparsed"
    );
    assert_eq!(c.access_token(), before, "the session is kept");
    let _ = c.logout();
}
