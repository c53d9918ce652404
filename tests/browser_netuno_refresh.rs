//! Refreshing on a real Netuno server's wire (PROTOCOL.md §1): `expires_in` in milliseconds and
//! no `exp` claim, with the SDK's defaults (only `prefix` set); the old pair revoked the moment
//! a refresh lands, so no call may go out into a refresh the client knows about, and a call that
//! a refresh overtook is replayed once with the new token.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Response;

wasm_bindgen_test_configure!(run_in_browser);

/// Three lifetimes of a 4-second token, and a little more.
const RUN_MS: f64 = 13_000.0;

/// The status of a settled `authFetch`, or the error's code.
async fn outcome(call: Promise) -> Result<u16, String> {
    match wait(call).await {
        Ok(response) => Ok(response.unchecked_into::<Response>().status()),
        Err(e) => Err(code(&e)),
    }
}

#[wasm_bindgen_test]
async fn a_four_second_token_is_refreshed_before_each_expiry_and_no_call_fails() {
    let base = netuno_4s_server();
    reset(base).await;
    // Only the prefix (and a key of the test's own): the defaults must fit a Netuno server.
    let c = client_at(base, "t_netuno_4s", "");
    // When each refresh event came, to compare with the expiry of the token it replaced.
    let refreshed = Rc::new(RefCell::new(Vec::new()));
    let sink = refreshed.clone();
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if get(&e, "type").as_string().as_deref() == Some("refresh") {
            sink.borrow_mut().push(now());
        }
    });
    let _unsubscribe = c.subscribe(listener.as_ref().clone()).unwrap();
    login_admin(&c).await;
    let token = c.current_token();
    let lifetime =
        get(&token, "expires_at").as_f64().unwrap() - get(&token, "loaded_at").as_f64().unwrap();
    assert_eq!(lifetime, 4_000.0, "expires_in 4000 read as milliseconds");
    let mut expiries = vec![get(&token, "expires_at").as_f64().unwrap()];
    let url = format!("{base}/services/profile");
    let started = now();
    let (mut calls, mut failures) = (0, Vec::new());
    while now() - started < RUN_MS {
        match outcome(c.auth_fetch(url.as_str().into(), JsValue::UNDEFINED)).await {
            Ok(200) => {}
            other => failures.push(format!("{other:?}")),
        }
        calls += 1;
        let held = c.current_token();
        let expires_at = get(&held, "expires_at").as_f64().unwrap();
        if Some(&expires_at) != expiries.last() {
            expiries.push(expires_at);
        }
        sleep_ms(500).await;
    }
    let times = refreshed.borrow().clone();
    // Each refresh against the expiry of the token it replaced (the SDK's own clock).
    let leads: Vec<f64> = times
        .iter()
        .zip(&expiries)
        .map(|(at, exp)| exp - at)
        .collect();
    let expired = stat(base, "expired_token_calls").await;
    let revoked = stat(base, "revoked_token_calls").await;
    web_sys::console::log_1(
        &format!(
            "netuno 4 s token: {} refreshes, leads before expiry (ms) {leads:.0?}; {calls} calls, \
             {expired} expired-token calls, {revoked} revoked-token calls, {} failures",
            times.len(),
            failures.len()
        )
        .into(),
    );
    assert!(failures.is_empty(), "the app saw failures: {failures:?}");
    assert_eq!(expired, 0.0, "no call went out with an expired token");
    assert!(times.len() >= 3, "a refresh in each lifetime: {times:?}");
    assert!(
        leads.iter().all(|lead| *lead > 0.0),
        "each before expiry: {leads:?}"
    );
    let _ = c.logout();
}

/// Watches the page's `fetch`: what each request to `path` carried in `Authorization`.
fn watch_authorization(path: &str) -> Function {
    let start = Function::new_with_args(
        "path",
        "const real = globalThis.fetch, seen = [];
         globalThis.fetch = (r, init) => {
           if (r.url.includes(path)) seen.push(r.headers.get('Authorization'));
           return real(r, init);
         };
         return () => { globalThis.fetch = real; return seen; };",
    );
    start.call1(&JsValue::NULL, &path.into()).unwrap().into()
}

#[wasm_bindgen_test]
async fn calls_made_while_a_refresh_is_on_the_wire_wait_for_it() {
    reset(server()).await;
    let c = client("t_netuno_inflight", "");
    login_admin(&c).await;
    // The refresh takes 600 ms on the server; it revokes the old pair when it completes.
    fault(
        server(),
        r#"{"target":"refresh","kind":"delay","delay_ms":600,"count":1}"#,
    )
    .await;
    let stop = watch_authorization("/services/profile");
    let refresh = c.refresh_token(JsValue::UNDEFINED);
    let url = format!("{}/services/profile", server());
    let calls: Vec<Promise> = (0..10)
        .map(|_| c.auth_fetch(url.as_str().into(), JsValue::UNDEFINED))
        .collect();
    let renewed = wait(refresh).await.expect("the refresh");
    for call in calls {
        assert_eq!(outcome(call).await, Ok(200));
    }
    let seen: Array = stop.call0(&JsValue::NULL).unwrap().into();
    let new = format!(
        "Bearer {}",
        get(&renewed, "access_token").as_string().unwrap()
    );
    assert_eq!(seen.length(), 10, "each call sent once");
    for sent in seen.iter() {
        assert_eq!(
            sent.as_string(),
            Some(new.clone()),
            "sent with the new token"
        );
    }
    assert_eq!(stat(server(), "revoked_token_calls").await, 0.0);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn thirty_calls_across_a_refresh_all_succeed() {
    reset(server()).await;
    // Two clients on one localStorage key, as two tabs (in one page the second hears no
    // `storage` event, so it goes on with the token the refresh revoked).
    let settings = r#""storage":"local""#;
    let a = client("t_netuno_thirty", settings);
    login_admin(&a).await;
    let b = client("t_netuno_thirty", settings);
    assert!(b.is_logged(), "the second tab shares the session");
    let url = format!("{}/services/profile", server());
    let fire = |n: usize| -> Vec<Promise> {
        (0..n)
            .map(|i| {
                let client = if i % 2 == 0 { &a } else { &b };
                client.auth_fetch(url.as_str().into(), JsValue::UNDEFINED)
            })
            .collect()
    };
    let mut calls = fire(10);
    let refresh = a.refresh_token(JsValue::UNDEFINED);
    calls.extend(fire(10));
    wait(refresh).await.expect("the refresh");
    calls.extend(fire(10));
    let mut statuses = Vec::new();
    for call in calls {
        statuses.push(outcome(call).await);
    }
    let revoked = stat(server(), "revoked_token_calls").await;
    web_sys::console::log_1(
        &format!("30 calls across a refresh: {revoked} revoked-token calls replayed").into(),
    );
    assert!(statuses.iter().all(|s| *s == Ok(200)), "{statuses:?}");
    assert!(
        revoked >= 1.0,
        "the second tab's old token was refused and replayed"
    );
    assert_eq!(stat(server(), "refreshes").await, 1.0, "no second refresh");
    let _ = a.logout();
}
