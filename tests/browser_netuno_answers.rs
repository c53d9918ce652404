//! What a real Netuno server answers beyond the token (PROTOCOL.md §1), as the app sees it: the
//! lockout, a 406 of the app's own with its body, the login answer's `extra`, and the three
//! shapes of a 401's body.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The AuthError a login is refused with.
async fn refused(c: &JsAuthClient, username: &str, password: &str) -> JsValue {
    let args = format!(r#"{{"username":"{username}","password":"{password}"}}"#);
    wait(c.login(js(&args))).await.expect_err("refused")
}

fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn a_lockout_is_account_locked_with_the_servers_body() {
    reset(server()).await;
    let c = client("t_netuno_lockout", "");
    for _ in 0..2 {
        let e = refused(&c, "customer", "wrong").await;
        assert_eq!(code(&e), "invalid_credentials");
        assert_eq!(get(&e, "status").as_f64(), Some(403.0));
        assert_eq!(
            json_text(&get(&e, "body")),
            r#"{"locked":false,"result":false}"#
        );
    }
    // The third failure locks, and so does every attempt then, the right password included.
    for password in ["wrong", "secret"] {
        let e = refused(&c, "customer", password).await;
        assert_eq!(code(&e), "account_locked", "{password}");
        assert_eq!(
            json_text(&get(&e, "body")),
            r#"{"locked":true,"result":false}"#
        );
        let message = get(&e, "message").as_string().unwrap();
        assert!(message.contains("locked"), "{message}");
        assert!(!message.contains("secret"), "no password in a message");
    }
    assert!(!c.is_logged());
    reset(server()).await;
}

#[wasm_bindgen_test]
async fn a_406_is_login_rejected_with_the_apps_json() {
    reset(server()).await;
    test_route(server(), "/_test/altcha", r#"{"required":true}"#).await;
    let c = client("t_netuno_406", "");
    let e = refused(&c, "admin", "secret").await;
    reset(server()).await;
    assert_eq!(code(&e), "login_rejected");
    assert_eq!(get(&e, "status").as_f64(), Some(406.0));
    assert_eq!(
        json_text(&get(&e, "body")),
        r#"{"altcha":"no-payload","result":false}"#
    );
}

#[wasm_bindgen_test]
async fn extra_stays_with_the_session_through_refresh_and_reload() {
    reset(server()).await;
    test_route(
        server(),
        "/_test/extra",
        r#"{"extra":{"plan":"pro","teams":[1,2]}}"#,
    )
    .await;
    let c = client("t_netuno_extra", "");
    let token = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap();
    let expected = r#"{"plan":"pro","teams":[1,2]}"#;
    assert_eq!(json_text(&get(&token, "extra")), expected, "login's token");
    assert_eq!(
        json_text(&get(&c.snapshot(), "extra")),
        expected,
        "snapshot"
    );
    // A refresh answer carries no extra: the login's is kept.
    let refreshed = wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(
        json_text(&get(&refreshed, "extra")),
        expected,
        "after refresh"
    );
    // A page load restores it with the session.
    drop(c);
    let reloaded = client("t_netuno_extra", "");
    assert_eq!(json_text(&get(&reloaded.snapshot(), "extra")), expected);
    let view = reloaded.current_token();
    assert_eq!(
        json_text(&get(&view, "extra")),
        expected,
        "token() after reload"
    );
    // It is not in storage as anything a reader would take for a token.
    let stored = session_item("t_netuno_extra").unwrap();
    assert!(stored.contains("plan"), "{stored}");
    let _ = reloaded.logout();
    assert!(
        get(&reloaded.snapshot(), "extra").is_null(),
        "gone with the session"
    );
    reset(server()).await;
}

/// A call refused even after the refresh (every token was revoked, the refresh token too),
/// with `headers` set: the AuthError it rejects with.
async fn refused_call(key: &str, headers: &str) -> JsValue {
    let c = client(key, "");
    login_admin(&c).await;
    reset(server()).await;
    let init = js(&format!(r#"{{"headers":{headers}}}"#));
    let url = format!("{}/services/profile", server());
    let e = wait(c.auth_fetch(url.as_str().into(), init))
        .await
        .expect_err("refused");
    assert!(!c.is_logged(), "the refresh token was refused: logged out");
    e
}

#[wasm_bindgen_test]
async fn each_shape_of_a_401_body_is_read() {
    reset(server()).await;
    let json = refused_call(
        "t_netuno_401_json",
        r#"{"Content-Type":"application/json"}"#,
    )
    .await;
    assert_eq!(code(&json), "unauthorized");
    assert_eq!(get(&json, "status").as_f64(), Some(401.0));
    assert_eq!(json_text(&get(&json, "body")), "{}");
    let empty = refused_call("t_netuno_401_empty", r#"{"Accept":"application/json"}"#).await;
    assert_eq!(code(&empty), "unauthorized");
    assert!(get(&empty, "body").is_null(), "an empty body");
    let html = refused_call("t_netuno_401_html", "{}").await;
    assert_eq!(code(&html), "unauthorized");
    let text = get(&html, "body").as_string().expect("the HTML as text");
    assert!(text.to_lowercase().contains("<html"), "{text}");
    assert!(text.len() <= 4_096);
    assert!(html.is_instance_of::<js_sys::Error>());
}
