//! `GET /_test/attempts`: when each classified call arrived.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::spawn_oauth;

/// The times listed for `target`, as numbers.
fn times(attempts: &Value, target: &str) -> Vec<f64> {
    attempts[target]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_classified_call_is_logged_bad_requests_are_not() {
    let server = spawn_oauth().await;
    let empty = json!({"login": [], "refresh": [], "logout": [], "service": [],
                       "fields": {"login": [], "refresh": []}});
    assert_eq!(server.attempts().await, empty);

    let login = server.login("admin").await;
    server.try_login("admin", "wrong").await;
    server.post_auth_raw("not json").await; // 400: not logged
    server
        .inject(json!({"target": "refresh", "kind": "status", "status": 503}))
        .await;
    let faulted = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(faulted.status(), StatusCode::SERVICE_UNAVAILABLE);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.try_refresh(&login["refresh_token"]).await;
    server.post_json("/services/_auth/logout", &json!({})).await;
    server
        .post_raw("/services/_auth/logout", "[not an object]")
        .await; // 400: not logged
    server
        .get_with_token("/services/profile", &json!("bad"))
        .await;
    server
        .client
        .get(server.url("/services/echo"))
        .send()
        .await
        .ok();
    server
        .client
        .get(server.url("/public/echo"))
        .send()
        .await
        .ok(); // not a service

    let attempts = server.attempts().await;
    let counts = ["login", "refresh", "logout", "service"].map(|t| times(&attempts, t).len());
    assert_eq!(counts, [2, 2, 1, 2], "{attempts}");
    let refresh = times(&attempts, "refresh");
    let spacing = refresh[1] - refresh[0];
    assert!((290.0..2000.0).contains(&spacing), "spacing {spacing} ms");
    let all: Vec<f64> = ["login", "refresh", "logout", "service"]
        .iter()
        .flat_map(|target| times(&attempts, target))
        .collect();
    assert!(all.windows(2).all(|pair| pair[0] <= pair[1]), "{all:?}");
}

#[tokio::test]
async fn reset_clears_the_log_and_restarts_its_clock() {
    let server = spawn_oauth().await;
    server.login("admin").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.login("admin").await;
    let before = times(&server.attempts().await, "login");
    assert!(before[1] >= 390.0, "{before:?}");
    server.post_json("/_test/reset", &json!({})).await;
    assert_eq!(server.attempts().await["login"], json!([]));
    server.login("admin").await;
    let after = times(&server.attempts().await, "login");
    assert_eq!(after.len(), 1);
    assert!(after[0] < before[1], "counted from the reset: {after:?}");
}
