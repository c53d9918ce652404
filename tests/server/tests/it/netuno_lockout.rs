//! The netuno dialect's login lockout: three consecutive failures for a
//! user from one IP within an hour lock it out (the hour itself is tested
//! on a fake clock in `netuno::lockout`).

use std::net::{IpAddr, Ipv4Addr};

use reqwest::{Client, Response, StatusCode};
use serde_json::json;

use crate::common::{json_of, spawn_default, Server};

/// A login from `client` (which may bind another loopback address).
async fn login_from(server: &Server, client: &Client, username: &str, password: &str) -> Response {
    let body = json!({"username": username, "password": password, "jwt": true});
    client
        .post(server.url("/services/_auth"))
        .json(&body)
        .send()
        .await
        .expect("answered")
}

/// Asserts a 403 with `{"locked": locked, "result": false}`.
async fn assert_refused(response: Response, locked: bool) {
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        json_of(response).await,
        json!({"locked": locked, "result": false})
    );
}

#[tokio::test]
async fn the_third_failure_locks_even_the_right_password_out() {
    let server = spawn_default().await;
    assert_refused(server.try_login("admin", "wrong").await, false).await;
    assert_refused(server.try_login("admin", "wrong").await, false).await;
    assert_refused(server.try_login("admin", "wrong").await, true).await;
    assert_refused(server.try_login("admin", "secret").await, true).await;
    assert_refused(server.try_login("admin", "wrong").await, true).await;
    // Other users are not affected.
    server.login("customer").await;
    let stats = server.stats().await;
    assert_eq!(stats["login_failures"], 5);
    assert_eq!(stats["logins"], 1);
}

#[tokio::test]
async fn the_lock_is_per_client_address() {
    let server = spawn_default().await;
    for _ in 0..3 {
        server.try_login("admin", "wrong").await;
    }
    assert_refused(server.try_login("admin", "secret").await, true).await;
    let elsewhere = Client::builder()
        .pool_max_idle_per_host(0)
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .expect("client builds");
    let response = login_from(&server, &elsewhere, "admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK, "127.0.0.2 is not locked");
}

#[tokio::test]
async fn a_success_breaks_the_run_and_unknown_users_never_lock() {
    let server = spawn_default().await;
    server.try_login("admin", "wrong").await;
    server.try_login("admin", "wrong").await;
    server.login("admin").await;
    assert_refused(server.try_login("admin", "wrong").await, false).await;
    for _ in 0..4 {
        assert_refused(server.try_login("nobody", "wrong").await, false).await;
    }
}

#[tokio::test]
async fn reset_clears_the_lockouts() {
    let server = spawn_default().await;
    for _ in 0..3 {
        server.try_login("supplier", "wrong").await;
    }
    assert_refused(server.try_login("supplier", "secret").await, true).await;
    server.post_json("/_test/reset", &json!({})).await;
    server.login("supplier").await;
}
