//! Cookie mode against a test server started with `--refresh-cookie`: the refresh token in an
//! `HttpOnly` cookie, the access token in memory only, the session restored on load by a
//! refresh the cookie authenticates; and one session shared by clients of one storage key over
//! a `BroadcastChannel` (two clients in one page hear each other as two tabs would).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn base() -> &'static str {
    option_env!("AUTH_COOKIE_SERVER_URL").unwrap_or("http://127.0.0.1:9005")
}

/// A cookie-mode client; `extra` adds members (JSON without braces).
fn cookie_client(key: &str, extra: &str) -> JsAuthClient {
    let sep = if extra.is_empty() { "" } else { "," };
    client_at(
        base(),
        key,
        &format!(
            r#""refreshToken":{{"cookie":true}},"logout":{{"url":"_auth/logout"}}{sep}{extra}"#
        ),
    )
}

async fn ready(c: &JsAuthClient) {
    wait(c.ready()).await.expect("ready");
}

fn status(c: &JsAuthClient) -> String {
    get(&c.snapshot(), "status").as_string().unwrap()
}

async fn stat_settles(name: &str, want: f64) -> f64 {
    let mut seen = 0.0;
    for _ in 0..50 {
        seen = stat(base(), name).await;
        if seen == want {
            break;
        }
        sleep_ms(100).await;
    }
    seen
}

#[wasm_bindgen_test]
async fn the_refresh_token_stays_in_the_cookie_and_a_new_page_restores_through_it() {
    reset(base()).await;
    let key = "t_cookie_restore";
    let c = cookie_client(key, r#""shareAcrossTabs":false,"storage":"local""#);
    ready(&c).await;
    assert_eq!(
        status(&c),
        "logged_out",
        "no cookie yet: quietly logged out"
    );
    login_admin(&c).await;
    let token = c.current_token();
    assert_eq!(
        get(&token, "refresh_token"),
        JsValue::NULL,
        "the page never sees it"
    );
    assert_eq!(
        session_item(key),
        None,
        "nothing stored, whatever `storage` says"
    );
    assert_eq!(local_item(key), None);
    let profile = wait(c.service(js(r#"{"url":"profile"}"#))).await.unwrap();
    assert_eq!(get(&profile, "status").as_f64(), Some(200.0));
    let before = stat(base(), "refreshes").await;
    drop(c);

    // The next page load: no token anywhere but the cookie.
    let next = cookie_client(key, r#""shareAcrossTabs":false"#);
    let events = EventLog::attach(&next);
    assert_eq!(status(&next), "loading", "restoring through the cookie");
    // A call the app makes at once waits for the restore, and goes with the token.
    let early = next.service(js(r#"{"url":"profile"}"#));
    ready(&next).await;
    assert_eq!(status(&next), "logged_in");
    assert_eq!(stat(base(), "refreshes").await, before + 1.0);
    assert_eq!(stat(base(), "logins").await, 1.0);
    assert_eq!(*events.seen.borrow(), ["restore", "ready"]);
    let profile = wait(early).await.expect("sent after the restore");
    assert_eq!(get(&profile, "status").as_f64(), Some(200.0));

    let _ = next.logout();
    assert_eq!(
        stat_settles("logouts", 1.0).await,
        1.0,
        "the server cleared the cookie"
    );
    drop(next);
    let after = cookie_client(key, r#""shareAcrossTabs":false"#);
    let events = EventLog::attach(&after);
    ready(&after).await;
    assert_eq!(status(&after), "logged_out", "the cookie is gone");
    assert_eq!(
        *events.seen.borrow(),
        ["ready"],
        "no error shown for the refusal"
    );
    assert_eq!(stat(base(), "refreshes").await, before + 1.0);
}

#[wasm_bindgen_test]
async fn a_new_tab_gets_the_session_from_a_live_one_without_a_server_call() {
    reset(base()).await;
    let key = "t_cookie_tabs";
    let a = cookie_client(key, "");
    ready(&a).await;
    login_admin(&a).await;
    let (logins, refreshes) = (
        stat(base(), "logins").await,
        stat(base(), "refreshes").await,
    );

    let started = now();
    let b = cookie_client(key, "");
    let b_events = EventLog::attach(&b);
    ready(&b).await;
    let took = now() - started;
    assert_eq!(status(&b), "logged_in");
    assert!(took < 150.0, "{took} ms to a session");
    assert_eq!(b.access_token(), a.access_token());
    assert_eq!(stat(base(), "logins").await, logins);
    assert_eq!(stat(base(), "refreshes").await, refreshes, "no server call");
    assert_eq!(*b_events.seen.borrow(), ["restore", "ready"]);

    // One refreshes for both.
    wait(a.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    sleep_ms(50).await;
    assert_eq!(
        b.access_token(),
        a.access_token(),
        "the new token was shared"
    );
    assert_eq!(stat(base(), "refreshes").await, refreshes + 1.0);

    let _ = a.logout();
    sleep_ms(50).await;
    assert!(!b.is_logged());
    assert_eq!(b_events.count("logout:other_tab"), 1);
}

#[wasm_bindgen_test]
async fn memory_mode_shares_the_access_token_only_when_asked_to() {
    // The main server: it sends refresh tokens in the body, as outside cookie mode.
    let key = "t_memory_tabs";
    let settings = r#""storage":"memory","shareAcrossTabs":true"#;
    let a = client(key, settings);
    login_admin(&a).await;
    let b = client(key, settings);
    ready(&b).await;
    assert!(b.is_logged(), "shared");
    let token = b.current_token();
    assert_eq!(get(&token, "refresh_token"), JsValue::NULL, "never shared");
    let alone = client(key, r#""storage":"memory""#);
    ready(&alone).await;
    assert!(!alone.is_logged(), "off by default outside cookie mode");
    let _ = a.logout();
    sleep_ms(50).await;
    assert!(!b.is_logged());
}

#[wasm_bindgen_test]
async fn turning_cookie_mode_on_restores_and_says_when_it_is_done() {
    reset(base()).await;
    let c = client_at(base(), "t_cookie_later", "");
    let events = EventLog::attach(&c);
    ready(&c).await;
    c.config(js(
        r#"{"refreshToken":{"cookie":true},"logout":{"url":"_auth/logout"}}"#,
    ))
    .expect("cookie mode");
    assert_eq!(status(&c), "loading", "the cookie is asked");
    ready(&c).await;
    assert_eq!(
        status(&c),
        "logged_out",
        "no cookie: logged out, not loading forever"
    );
    assert_eq!(
        *events.seen.borrow(),
        ["ready", "ready"],
        "listeners hear it is done"
    );
    // Other settings change where no session can be found: the cookie is not asked again.
    let refreshes = stat(base(), "refreshes").await;
    for _ in 0..3 {
        c.config(js(r#"{"timeout":5000}"#)).expect("a setting");
        assert_eq!(status(&c), "logged_out", "not loading again");
    }
    sleep_ms(200).await;
    assert_eq!(stat(base(), "refreshes").await, refreshes);
    assert_eq!(events.count("ready"), 2);
}

#[wasm_bindgen_test]
async fn the_logout_request_outlives_the_page() {
    reset(base()).await;
    let c = cookie_client("t_cookie_keepalive", r#""shareAcrossTabs":false"#);
    ready(&c).await;
    login_admin(&c).await;
    // What the page's fetch is asked to send (it still sends it).
    let watch = js_sys::Function::new_no_args(
        "const real = globalThis.fetch, seen = [];
         globalThis.fetch = (r, init) => {
           seen.push([r.url, Boolean(r.keepalive || (init && init.keepalive))]);
           return real(r, init);
         };
         return () => { globalThis.fetch = real; return seen; };",
    );
    let stop: js_sys::Function = watch.call0(&JsValue::NULL).unwrap().into();
    // An app that navigates at once: the request must not die with the page, or the refresh
    // cookie survives it and the next page load restores the session.
    let _ = c.logout();
    let logouts = stat_settles("logouts", 1.0).await;
    let seen: js_sys::Array = stop.call0(&JsValue::NULL).unwrap().into();
    assert_eq!(logouts, 1.0);
    let logout = seen
        .iter()
        .find(|r| {
            get(r, "0")
                .as_string()
                .is_some_and(|u| u.ends_with("_auth/logout"))
        })
        .expect("the logout request");
    assert_eq!(
        get(&logout, "1").as_bool(),
        Some(true),
        "sent with keepalive"
    );
}
