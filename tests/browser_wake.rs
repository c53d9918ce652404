//! Catch-up after the page could not run its timers (a sleeping laptop, a throttled background
//! tab), against a test server whose access tokens live 3 seconds: the page is blocked until the
//! token is inside its refresh window, so the refresh timer is late; a wake event (`online`,
//! `visibilitychange`, `pageshow`) must start the refresh before that timer gets to run, and
//! without a wake event the late timer must still refresh; `accessToken()` called inside the
//! refresh window starts the refresh too.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Wraps `window.fetch` to count the requests to the auth endpoint; restores it when dropped.
/// (A failed test aborts without dropping: the next one wraps the original fetch, not this.)
struct AuthRequests {
    restore: Function,
}

impl AuthRequests {
    fn watch() -> Self {
        let install = Function::new_no_args(
            "const original = window.__unwrappedFetch || (window.__unwrappedFetch = window.fetch);
             window.__authRequests = 0;
             window.fetch = function (input, init) {
               const url = String(input && input.url || input);
               if (url.includes('/services/_auth')) window.__authRequests += 1;
               return original.apply(this, arguments);
             };
             return () => { window.fetch = original; };",
        );
        let restore = install.call0(&JsValue::NULL).expect("wrap fetch");
        Self {
            restore: restore.into(),
        }
    }

    fn count(&self) -> f64 {
        let window = web_sys::window().unwrap();
        get(&window, "__authRequests").as_f64().unwrap_or(0.0)
    }
}

impl Drop for AuthRequests {
    fn drop(&mut self) {
        let _ = self.restore.call0(&JsValue::NULL);
    }
}

/// Blocks the page for `ms`: no timer, event or network callback runs meanwhile.
fn block_page(ms: f64) {
    let until = now() + ms;
    while now() < until {}
}

/// Lets every queued microtask run, but no task (so no timer callback).
async fn run_microtasks() {
    for _ in 0..50 {
        let _ = wait(Promise::resolve(&JsValue::NULL)).await;
    }
}

async fn wait_for_refreshes(events: &EventLog, n: usize) {
    let started = now();
    while events.count("refresh") < n && now() - started < 10_000.0 {
        sleep_ms(20).await;
    }
    assert_eq!(events.count("refresh"), n, "{:?}", events.seen.borrow());
}

fn dispatch(on_document: bool, name: &str) {
    let window = web_sys::window().unwrap();
    let event = web_sys::Event::new(name).unwrap();
    let target: web_sys::EventTarget = if on_document {
        window.document().unwrap().into()
    } else {
        window.into()
    };
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_wake_event_refreshes_a_due_token_before_the_late_timer_runs() {
    reset(short_ttl_server()).await;
    let c = client_at(short_ttl_server(), "t_wake", r#""refreshJitter":0"#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    let requests = AuthRequests::watch();
    let wakes = [
        (false, "online"),
        (true, "visibilitychange"),
        (false, "pageshow"),
    ];
    for (n, (on_document, name)) in wakes.into_iter().enumerate() {
        // A 3 s token is due 1.5 s after it arrived; block past that, well before expiry.
        block_page(1_800.0);
        let before = requests.count();
        run_microtasks().await;
        assert_eq!(
            requests.count(),
            before,
            "nothing refreshes before the page wakes (the timer is late)"
        );
        dispatch(on_document, name);
        run_microtasks().await;
        assert_eq!(
            requests.count(),
            before + 1.0,
            "`{name}` started the refresh before any timer ran"
        );
        wait_for_refreshes(&events, n + 1).await;
    }
    assert_eq!(stat(short_ttl_server(), "refreshes").await, 3.0);
    assert_eq!(events.count("logout"), 0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_late_timer_still_refreshes() {
    reset(short_ttl_server()).await;
    let c = client_at(short_ttl_server(), "t_wake_late", r#""refreshJitter":0"#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    let first = c.access_token().as_string().expect("the login's token");
    block_page(1_800.0);
    wait_for_refreshes(&events, 1).await;
    let token = c.access_token().as_string().expect("a live token");
    // A fresh token: not the login's, and the server takes it.
    assert_ne!(token, first, "a fresh token");
    assert!(accepted(short_ttl_server(), &token).await, "and live");
    assert!(
        !accepted(short_ttl_server(), &first).await,
        "the login's was revoked"
    );
    assert_eq!(events.count("logout"), 0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn access_token_inside_the_lead_starts_the_refresh_and_hands_out_the_live_token() {
    reset(short_ttl_server()).await;
    let c = client_at(short_ttl_server(), "t_wake_access", r#""refreshJitter":0"#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    let requests = AuthRequests::watch();
    let before = c.access_token().as_string().expect("a live token");
    block_page(1_800.0);
    let during = c
        .access_token()
        .as_string()
        .expect("the held token, still live");
    assert_eq!(during, before, "the held token is handed out meanwhile");
    assert!(expires_at(&c) > now(), "and it has not expired");
    run_microtasks().await;
    assert_eq!(
        requests.count(),
        1.0,
        "accessToken() inside the lead started the refresh before the late timer ran"
    );
    wait_for_refreshes(&events, 1).await;
    let after = c.access_token().as_string().expect("the new token");
    assert_ne!(after, before);
    let _ = c.logout();
}
