//! A server of the RFC 6749 shape (`--dialect oauth`): `expires_in` in seconds, JWTs with
//! `iat`/`exp`, 401 with `WWW-Authenticate`, a logout endpoint. The SDK serves it by config
//! (`expiresInUnit: 'seconds'`, `logout.url`), and a JWT `exp` wins over either unit.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn lifetime(c: &JsAuthClient) -> f64 {
    let token = c.current_token();
    get(&token, "expires_at").as_f64().unwrap() - get(&token, "loaded_at").as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn seconds_and_exp_make_a_three_second_token() {
    let base = oauth_server();
    reset(base).await;
    let c = client_at(
        base,
        "t_oauth_seconds",
        r#""expiresInUnit":"seconds","logout":{"url":"_auth/logout"}"#,
    );
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    // `exp - iat` of the JWT: 3 s.
    let ms = lifetime(&c);
    assert_eq!(ms, 3_000.0, "lifetime from the JWT");
    assert!(jwt_exp(&c.access_token().as_string().unwrap()) > 0.0);
    // Refreshed before it expires, and nothing went out with a dead token.
    sleep_ms(4_000).await;
    assert!(events.count("refresh") >= 1, "{:?}", events.seen.borrow());
    assert_eq!(events.count("token_expired"), 0);
    let (status, _) = raw_at(
        base,
        "GET",
        "/services/profile",
        Some(&format!("Bearer {}", c.access_token().as_string().unwrap())),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(stat(base, "expired_token_calls").await, 0.0);
    // The logout is announced: the refresh token's family is revoked on the server.
    let _ = c.logout();
    sleep_ms(300).await;
    assert_eq!(stat(base, "logouts").await, 1.0);
}

#[wasm_bindgen_test]
async fn exp_wins_over_the_default_unit() {
    // Only the prefix: `expires_in` 3 would read as 3 ms, but the JWT's `exp` says 3 s.
    let base = oauth_server();
    reset(base).await;
    let c = client_at(base, "t_oauth_exp", "");
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    assert_eq!(lifetime(&c), 3_000.0, "lifetime from the JWT");
    assert_eq!(events.count("warning"), 0, "nothing implausible");
    let _ = c.logout();
}
