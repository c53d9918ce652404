//! The app's own requests, authorized by the Rust client: `authorization` (the header for a URL,
//! after waiting for a usable token; none for another origin) and `send` (a gloo-net request sent
//! the way `auth_fetch` sends, with the 401 replay). Only the Rust API, as an app that depends on
//! the crate without `js` has it (tests/common is the facade's).
#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use serde_json::{json, Value};
use wasm_auth_client::{AuthClient, Config};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The test server (`AUTH_SERVER_URL` at compile time, as in tests/common).
fn server() -> &'static str {
    option_env!("AUTH_SERVER_URL").unwrap_or("http://127.0.0.1:9000")
}

/// A second test server, on another origin.
fn other_server() -> &'static str {
    option_env!("AUTH_OTHER_SERVER_URL").unwrap_or("http://127.0.0.1:9001")
}

fn client(key: &str) -> AuthClient {
    let mut config = Config {
        prefix: format!("{}/services/", server()),
        ..Config::default()
    };
    config.token.storage_key = key.into();
    AuthClient::new(config).expect("valid config")
}

/// POSTs `body` to the test route `path` of the test server, without the client.
async fn test_route(path: &str, body: Value) {
    let url = format!("{}{path}", server());
    let response = Request::post(&url)
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path} accepted");
}

/// Clears the test server's counters, faults and tokens.
async fn reset() {
    let url = format!("{}/_test/reset", server());
    assert_eq!(
        Request::post(&url).send().await.unwrap().status(),
        200,
        "reset"
    );
}

/// A counter of `/_test/stats`.
async fn stat(name: &str) -> u64 {
    let url = format!("{}/_test/stats", server());
    let stats: Value = Request::get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats[name].as_u64().expect("a counter")
}

#[wasm_bindgen_test]
async fn the_header_authorizes_a_real_call_to_an_allowed_origin_only() {
    let c = client("t_rust_header");
    let profile = format!("{}/services/profile", server());
    assert!(
        c.authorization(&profile).await.unwrap().is_none(),
        "logged out"
    );
    c.login("admin", "secret").await.expect("login");

    let header = c.authorization(&profile).await.unwrap().expect("a header");
    assert_eq!(header.name, "Authorization");
    assert!(header.value.starts_with("Bearer "));
    let response = Request::get(&profile)
        .header(&header.name, &header.value)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the server takes the header");
    let unauthorized = Request::get(&profile).send().await.unwrap();
    assert_eq!(unauthorized.status(), 401, "and wants one");

    let other = format!("{}/services/profile", other_server());
    assert!(
        c.authorization(&other).await.unwrap().is_none(),
        "another origin"
    );
    // A relative URL is the page's, as for fetch: the test runner's origin, not allowed until
    // the configuration allows it.
    let relative = "/services/profile";
    assert!(c.authorization(relative).await.unwrap().is_none());
    let page = web_sys::window().unwrap().location().origin().unwrap();
    c.configure(|config| config.allowed_origins = Some(vec![server().into(), page]))
        .expect("both origins allowed");
    assert!(
        c.authorization(relative).await.unwrap().is_some(),
        "resolved"
    );
    let e = c.authorization("http://[").await.err().expect("not a URL");
    assert_eq!(e.code().as_str(), "invalid_argument");
    c.logout();
}

#[wasm_bindgen_test]
async fn a_gloo_request_carries_the_token_to_allowed_origins_only() {
    let c = client("t_rust_send");
    c.login("admin", "secret").await.expect("login");
    let echo = |base: &str| format!("{base}/public/echo");
    let mine: Value = c
        .send(Request::get(&echo(server())))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["authorization"], json!(true));
    let other = c.send(Request::get(&echo(other_server()))).await.unwrap();
    let other: Value = other.json().await.unwrap();
    assert_eq!(
        other["authorization"],
        json!(false),
        "no token to another origin"
    );
    c.logout();
}

#[wasm_bindgen_test]
async fn a_refused_token_is_refreshed_and_the_gloo_request_replayed() {
    let c = client("t_rust_replay");
    reset().await;
    c.login("admin", "secret").await.expect("login");
    let fault = json!({"target": "service", "kind": "status", "status": 401, "count": 1});
    test_route("/_test/faults", fault).await;

    let url = format!("{}/services/echo", server());
    let request = Request::post(&url).json(&json!({"note": "kept"})).unwrap();
    let response = c.send(request).await.expect("replayed after a refresh");
    assert_eq!(response.status(), 200);
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["body"], json!({"note": "kept"}), "the body went again");
    assert_eq!(stat("refreshes").await, 1, "one refresh");
    c.logout();
}
