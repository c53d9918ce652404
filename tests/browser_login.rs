//! Login, storage and logout against the real test server, in a real browser.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn login_stores_the_token_in_session_storage() {
    let c = client("t_login_ok", "");
    assert!(!c.is_logged());
    let token = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap();
    assert!(c.is_logged());
    let access = c.access_token().as_string().unwrap();
    assert_eq!(access.split('.').count(), 3, "a JWT");
    assert_eq!(
        get(&token, "token_type").as_string().as_deref(),
        Some("Bearer")
    );
    let stored = session_item("t_login_ok").expect("stored in sessionStorage");
    assert!(stored.contains(&access));
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_invalid_credentials_and_stores_nothing() {
    let c = client("t_login_bad", "");
    let e = wait(c.login(js(r#"{"username":"admin","password":"nope"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "invalid_credentials");
    assert_eq!(get(&e, "status").as_f64(), Some(403.0));
    assert!(!c.is_logged());
    assert_eq!(session_item("t_login_bad"), None);
    // The same client still works after the failure.
    login_admin(&c).await;
    assert!(c.is_logged());
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_protected_call_carries_the_header_and_fails_without_it() {
    let c = client("t_protected", "");
    login_admin(&c).await;
    let result = wait(c.service(js(r#"{"url":"profile"}"#))).await.unwrap();
    assert_eq!(get(&result, "status").as_f64(), Some(200.0));
    let profile = get(&result, "json");
    assert_eq!(get(&profile, "group").as_string().as_deref(), Some("admin"));

    let (status, _) = raw("GET", "/services/profile", None, None).await;
    assert_eq!(status, 401, "no header, no profile");
    let _ = c.logout();
    let after = wait(c.service(js(r#"{"url":"profile"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&after), "http_status", "logged out: no header is sent");
    assert_eq!(get(&after, "status").as_f64(), Some(401.0));
}

#[wasm_bindgen_test]
async fn logout_clears_storage_and_state() {
    let c = client("t_logout", "");
    login_admin(&c).await;
    assert!(session_item("t_logout").is_some());
    let _ = c.logout();
    assert!(!c.is_logged());
    assert!(c.access_token().is_null(), "null, not undefined");
    assert_eq!(session_item("t_logout"), None);
}
