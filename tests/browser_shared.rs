//! One session shared over a `BroadcastChannel` outside cookie mode (memory or session storage with
//! `shareAcrossTabs`): the tab that logged in holds the refresh token, and renews the access
//! token for the others, also from the background; a tab whose shared token is due, expired or
//! asked to refresh gets a new one from it; and once it is gone, the others' session ends when
//! their token expires. Two clients in one page hear each other as two tabs would; the server
//! issues 3 s access tokens.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Memory, not session storage: two clients in one page share its sessionStorage, and two tabs
// do not. The tabs share the session alike in both.
const SHARED: &str = r#""storage":"memory","shareAcrossTabs":true,"refreshJitter":0"#;

/// A client sharing the session under `key`, with `extra` settings after [`SHARED`].
fn tab(key: &str, extra: &str) -> JsAuthClient {
    let sep = if extra.is_empty() { "" } else { "," };
    client_at(short_ttl_server(), key, &format!("{SHARED}{sep}{extra}"))
}

/// The tab that logs in, and one opened after it that got the session from it.
async fn two_tabs(key: &str, holder: &str) -> (JsAuthClient, JsAuthClient) {
    let a = tab(key, holder);
    login_admin(&a).await;
    let b = tab(key, "");
    wait(b.ready()).await.expect("ready");
    assert!(b.is_logged(), "the second tab got the session");
    (a, b)
}

/// Makes the page say it is hidden (a background tab) until dropped.
struct Hidden;

impl Hidden {
    fn page() -> Hidden {
        js_sys::Function::new_no_args(
            "Object.defineProperty(document, 'hidden', {get: () => true, configurable: true})",
        )
        .call0(&JsValue::NULL)
        .expect("hide the page");
        Hidden
    }
}

impl Drop for Hidden {
    fn drop(&mut self) {
        let _ = js_sys::Function::new_no_args("delete document.hidden").call0(&JsValue::NULL);
    }
}

/// A tab's access token, if it holds one.
fn access(c: &JsAuthClient) -> Option<String> {
    c.access_token().as_string()
}

/// Whether `token` is there and the server takes it.
async fn live(token: Option<String>) -> bool {
    match token {
        Some(t) => accepted(short_ttl_server(), &t).await,
        None => false,
    }
}

#[wasm_bindgen_test]
async fn the_tab_holding_the_refresh_token_renews_on_time_from_the_background() {
    let hidden = Hidden::page();
    let (a, b) = two_tabs("t_shared_hidden", "").await;
    let a_events = EventLog::attach(&a);
    let first = access(&b);
    // Past the first token's expiry: the hidden holder's timer renewed it before, for both.
    sleep_ms(4_000).await;
    drop(hidden);
    assert!(b.is_logged(), "the other tab is still logged in");
    assert_ne!(access(&b), first, "it has a new token");
    assert!(live(access(&b)).await, "and a live one");
    assert_eq!(a_events.count("token_expired"), 0, "renewed before expiry");
}

#[wasm_bindgen_test]
async fn a_tab_whose_shared_token_expires_gets_a_new_one_from_the_holder() {
    // The holder never refreshes on its own timer: only when the other tab asks.
    let (a, b) = two_tabs("t_shared_ask", r#""autoRefreshToken":false"#).await;
    let b_events = EventLog::attach(&b);
    let first = access(&b);
    sleep_ms(3_600).await;
    assert!(b.is_logged(), "not logged out: the holder renewed it");
    assert_eq!(b_events.count("logout:other_tab"), 0);
    assert!(live(access(&b)).await && access(&b) != first);
    assert_eq!(access(&b), access(&a), "the holder's new token");

    // A call with the token when it is due waits for the holder's renewal, then goes.
    sleep_ms(3_600).await;
    let echo = wait(b.service(js(r#"{"url":"echo"}"#)))
        .await
        .expect("sent");
    assert_eq!(
        get(&get(&echo, "json"), "authorization").as_bool(),
        Some(true)
    );
    // And the app's own refreshToken() gets a new token from the holder.
    let before = access(&b);
    let renewed = wait(b.refresh_token(JsValue::UNDEFINED))
        .await
        .expect("renewed");
    let renewed_access = get(&renewed, "access_token").as_string();
    assert!(renewed_access.is_some() && renewed_access != before);
    assert_eq!(access(&b), renewed_access);
}

#[wasm_bindgen_test]
async fn when_the_holder_is_gone_the_session_ends_as_the_token_expires() {
    let (a, b) = two_tabs("t_shared_gone", "").await;
    let b_events = EventLog::attach(&b);
    drop(a);
    sleep_ms(3_600).await;
    assert!(!b.is_logged());
    assert_eq!(b_events.count("logout:other_tab"), 1);
}
