//! A whole session against a server of another shape, by configuration only: the test server's
//! tutorial dialect (`--dialect tutorial --access-ttl 3`), shaped like the widely copied "JWT
//! refresh token" tutorial: `POST /api/auth/signin`, a separate `POST /api/auth/refreshtoken`
//! `{refreshToken}`, camelCase keys, no `expires_in` (the expiry is the JWT's `exp`), the token in
//! a bare `x-access-token` header, 401 for an expired token and 403 for a missing one, and
//! `POST /api/auth/signout` `{refreshToken}`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The tokens live 3 s: the calls go on past two lifetimes and a half.
const RUN_MS: f64 = 7_500.0;

fn base() -> &'static str {
    option_env!("AUTH_TUTORIAL_SERVER_URL").unwrap_or("http://127.0.0.1:9004")
}

/// The tutorial server, described by configuration alone.
fn tutorial_client(key: &str) -> JsAuthClient {
    new_client(js(&format!(
        r#"{{
            "prefix": "{}/api/",
            "url": "auth/signin",
            "login": {{ "params": {{}} }},
            "refreshToken": {{ "url": "auth/refreshtoken", "parameterKey": "refreshToken", "params": {{}} }},
            "logout": {{ "url": "auth/signout" }},
            "token": {{
                "storageKey": "{key}",
                "resultKey": null,
                "accessTokenKey": "accessToken",
                "refreshTokenKey": "refreshToken",
                "tokenTypeKey": null,
                "expiresInKey": null
            }},
            "authHeader": "x-access-token",
            "authScheme": null,
            "retryStatuses": [401],
            "refreshJitter": 0
        }}"#,
        base()
    )))
    .expect("valid settings")
}

#[wasm_bindgen_test]
async fn a_whole_session_runs_by_configuration_only() {
    reset(base()).await;
    let c = tutorial_client("t_dialect_session");
    let events = EventLog::attach(&c);
    let token = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .expect("login on /api/auth/signin");
    assert!(
        get(&token, "expires_at").as_f64().unwrap() > now(),
        "expiry from the JWT's exp"
    );
    assert_eq!(stat(base(), "logins").await, 1.0);

    let started = now();
    let mut calls = 0;
    while now() - started < RUN_MS {
        let result = wait(c.service(js(r#"{"url":"test/user"}"#)))
            .await
            .expect("a call with the token in x-access-token");
        assert_eq!(get(&result, "status").as_f64(), Some(200.0));
        calls += 1;
        sleep_ms(1_000).await;
    }
    assert!(calls >= 7, "{calls} calls");
    let refreshes = stat(base(), "refreshes").await;
    assert!(
        refreshes >= 2.0,
        "{refreshes} refreshes on /api/auth/refreshtoken in {RUN_MS} ms of 3 s tokens"
    );
    assert_eq!(stat(base(), "refresh_rejections").await, 0.0);
    assert_eq!(
        stat(base(), "expired_token_calls").await,
        0.0,
        "no expired token sent"
    );
    assert_eq!(stat(base(), "rejected_token_calls").await, 0.0);
    assert_eq!(stat(base(), "unauthenticated_calls").await, 0.0);
    assert!(events.count("refresh") >= 2);
    assert_eq!(
        events.count("refresh_error"),
        0,
        "{:?}",
        events.seen.borrow()
    );

    let _ = c.logout();
    assert!(!c.is_logged());
    // The signout POST runs after the local logout, which it never delays.
    let mut logouts = 0.0;
    for _ in 0..50 {
        logouts = stat(base(), "logouts").await;
        if logouts > 0.0 {
            break;
        }
        sleep_ms(100).await;
    }
    assert_eq!(
        logouts, 1.0,
        "the refresh token revoked on /api/auth/signout"
    );
    let (status, _) = raw_at(base(), "GET", "/api/test/user", None, None).await;
    assert_eq!(status, 403, "the tutorial's answer without a token");
    assert_eq!(events.count("logout:user"), 1);
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_refused_with_the_dialects_status() {
    reset(base()).await;
    let c = tutorial_client("t_dialect_wrong");
    let e = wait(c.login(js(r#"{"username":"admin","password":"nope"}"#)))
        .await
        .expect_err("refused");
    assert_eq!(code(&e), "invalid_credentials");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert!(!c.is_logged());
    assert_eq!(stat(base(), "login_failures").await, 1.0);
}

#[wasm_bindgen_test]
async fn what_token_returns_loads_back_and_keeps_its_age() {
    reset(base()).await;
    let c = tutorial_client("t_dialect_load_a");
    wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .expect("login");
    sleep_ms(1_000).await;
    let held = c.current_token();
    drop(c);
    // Keyed by the SDK (`access_token`, `loaded_at` ...), not by this server (`accessToken`).
    let d = tutorial_client("t_dialect_load_b");
    assert_eq!(
        d.token(JsValue::UNDEFINED, held.clone()),
        JsValue::TRUE,
        "currentToken() output loads back"
    );
    let loaded = d.current_token();
    assert!(d.is_logged());
    assert_eq!(get(&loaded, "access_token"), get(&held, "access_token"));
    assert_eq!(
        get(&loaded, "expires_at"),
        get(&held, "expires_at"),
        "the token is 1 s old, not new"
    );
    // A response shaped like this server's still loads by the configured keys.
    let response = js(&format!(
        r#"{{"accessToken":{},"refreshToken":{}}}"#,
        js_sys::JSON::stringify(&get(&held, "access_token")).unwrap(),
        js_sys::JSON::stringify(&get(&held, "refresh_token")).unwrap(),
    ));
    assert_eq!(
        d.token(response, JsValue::UNDEFINED),
        JsValue::TRUE,
        "a server response loads"
    );
    let _ = d.logout();
}
