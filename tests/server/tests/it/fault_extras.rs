//! Time-bounded faults, the `oversized` kind, and faults on logout.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{json_of, keys_of, spawn_oauth, Server};

async fn pending(server: &Server) -> Value {
    let listed = server.client.get(server.url("/_test/faults")).send().await;
    json_of(listed.expect("answered")).await["pending"].clone()
}

#[tokio::test]
async fn a_timed_fault_hits_every_call_until_its_time_is_up() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "refresh", "kind": "status", "status": 503,
                       "duration_ms": 700, "count": 1}))
        .await;
    let listed = pending(&server).await;
    assert_eq!(listed[0]["duration_ms"], 700);
    let remaining = listed[0]["remaining_ms"].as_u64().unwrap_or(0);
    assert!(remaining > 0 && remaining <= 700, "{listed}");
    assert!(listed[0].get("remaining").is_none(), "{listed}");
    for _ in 0..3 {
        let refused = server.try_refresh(&login["refresh_token"]).await;
        assert_eq!(
            refused.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "count is ignored"
        );
    }
    // Logins are another target: untouched.
    server.login("customer").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(pending(&server).await, json!([]));
    let renewed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(
        renewed.status(),
        StatusCode::OK,
        "the token was never spent"
    );
}

#[tokio::test]
async fn timed_fault_durations_are_bounded() {
    let server = spawn_oauth().await;
    for duration in [json!(0), json!(600_001), json!("10s")] {
        let spec = json!({"target": "service", "kind": "drop", "duration_ms": duration});
        let response = server.post_json("/_test/faults", &spec).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{spec}");
    }
    let longest = json!({"target": "service", "kind": "drop", "duration_ms": 600_000});
    server.inject(longest).await;
}

#[tokio::test]
async fn oversized_access_token_on_login_issues_nothing() {
    let server = spawn_oauth().await;
    server
        .inject(json!({"target": "login", "kind": "oversized",
                       "field": "access_token", "bytes": 100_000}))
        .await;
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = json_of(response).await;
    assert_eq!(
        keys_of(&body),
        [
            "access_token",
            "expires_in",
            "refresh_token",
            "result",
            "token_type"
        ]
    );
    assert_eq!(body["result"], true);
    let access = body["access_token"].as_str().unwrap_or_default();
    assert_eq!(access.len(), 100_000);
    assert!(access.bytes().all(|byte| byte == b'a'));
    assert_eq!(server.stats().await["logins"], 0);
    let refused = server.try_refresh(&body["refresh_token"]).await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "no family was started"
    );
}

#[tokio::test]
async fn oversized_refresh_token_leaves_the_presented_one_alive() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "refresh", "kind": "oversized",
                       "field": "refresh_token", "bytes": 5000}))
        .await;
    let body = json_of(server.try_refresh(&login["refresh_token"]).await).await;
    assert_eq!(body["refresh_token"].as_str().map(str::len), Some(5000));
    // The access token looks real (a JWT) but was never issued.
    let unlisted = server
        .get_with_token("/services/profile", &body["access_token"])
        .await;
    assert_eq!(json_of(unlisted).await["reason"], "revoked");
    let renewed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    assert_eq!(server.stats().await["refreshes"], 1);
}

#[tokio::test]
async fn oversized_body_pads_a_normal_answer() {
    let server = spawn_oauth().await;
    server
        .inject(
            json!({"target": "login", "kind": "oversized", "field": "body",
                       "bytes": 4 * 1024 * 1024}),
        )
        .await;
    let body = json_of(server.try_login("admin", "secret").await).await;
    assert_eq!(
        body["padding"].as_str().map(str::len),
        Some(4 * 1024 * 1024)
    );
    assert_eq!(body["token_type"], "Bearer");
    let access = body["access_token"].as_str().unwrap_or_default();
    assert_eq!(access.split('.').count(), 3, "a JWT: {access}");
    let listed = json!({"target": "login", "kind": "oversized", "field": "body",
                        "bytes": 10, "count": 2});
    let response = server.post_json("/_test/faults", &listed).await;
    let pending = json_of(response).await["pending"].clone();
    assert_eq!(
        pending,
        json!([{"target": "login", "kind": "oversized", "field": "body",
                "bytes": 10, "remaining": 2}])
    );
}

#[tokio::test]
async fn oversized_faults_are_checked_when_posted() {
    let server = spawn_oauth().await;
    for spec in [
        json!({"target": "service", "kind": "oversized", "field": "body", "bytes": 1}),
        json!({"target": "logout", "kind": "oversized", "field": "body", "bytes": 1}),
        json!({"target": "login", "kind": "oversized", "field": "jwt", "bytes": 1}),
        json!({"target": "login", "kind": "oversized", "bytes": 1}),
        json!({"target": "login", "kind": "oversized", "field": "body", "bytes": 0}),
        json!({"target": "login", "kind": "oversized", "field": "body",
               "bytes": 4 * 1024 * 1024 + 1}),
    ] {
        let response = server.post_json("/_test/faults", &spec).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{spec}");
    }
    assert_eq!(pending(&server).await, json!([]));
}

#[tokio::test]
async fn logout_faults_answer_instead_and_revoke_nothing() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "logout", "kind": "status", "status": 500}))
        .await;
    let logout = json!({"refresh_token": login["refresh_token"]});
    let failed = server.post_json("/services/_auth/logout", &logout).await;
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(server.stats().await["logouts"], 0);
    let renewed = json_of(server.try_refresh(&login["refresh_token"]).await).await;
    let logout = json!({"refresh_token": renewed["refresh_token"]});
    let done = server.post_json("/services/_auth/logout", &logout).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(server.stats().await["logouts"], 1);
}
