//! `--test-mode`: stats, each fault kind, reset; and 404 without the flag.

use std::time::{Duration, Instant};

use auth_test_server::faults::MALFORMED_BODY;
use auth_test_server::ServerConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{json_of, oauth_config, spawn, spawn_oauth};

#[tokio::test]
async fn test_endpoints_are_404_without_test_mode() {
    let server = spawn(ServerConfig {
        test_mode: false,
        ..oauth_config()
    })
    .await;
    for path in ["/_test/stats", "/_test/attempts", "/_test/faults"] {
        let response = server.client.get(server.url(path)).send().await;
        assert_eq!(response.expect("answered").status(), StatusCode::NOT_FOUND);
    }
    for path in [
        "/_test/reset",
        "/_test/faults",
        "/_test/extra",
        "/_test/altcha",
    ] {
        let response = server.post_json(path, &json!({})).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn stats_count_each_outcome() {
    let server = spawn_oauth().await;
    let zero = json!({"logins": 0, "login_failures": 0, "refreshes": 0, "refresh_rejections": 0,
                      "logouts": 0, "service_calls": 0, "unauthenticated_calls": 0,
                      "rejected_token_calls": 0, "expired_token_calls": 0,
                      "revoked_token_calls": 0});
    assert_eq!(server.stats().await, zero);
    let login = server.login("admin").await;
    server.try_login("admin", "nope").await;
    server.try_login("guest", "secret").await;
    server.post_auth_raw("not json").await; // a 400 counts nowhere
    let renewed = json_of(server.try_refresh(&login["refresh_token"]).await).await;
    server.try_refresh(&login["refresh_token"]).await;
    server
        .get_with_token("/services/profile", &renewed["access_token"])
        .await;
    server.get_with_token("/services/echo", &json!("bad")).await;
    let anonymous = server
        .client
        .get(server.url("/services/profile"))
        .send()
        .await;
    assert_eq!(
        anonymous.expect("answered").status(),
        StatusCode::UNAUTHORIZED
    );
    let logout = json!({"refresh_token": renewed["refresh_token"]});
    server.post_json("/services/_auth/logout", &logout).await;
    let expected = json!({"logins": 1, "login_failures": 2, "refreshes": 1, "refresh_rejections": 1,
                          "logouts": 1, "service_calls": 3, "unauthenticated_calls": 1,
                          "rejected_token_calls": 1, "expired_token_calls": 0,
                          "revoked_token_calls": 0});
    assert_eq!(server.stats().await, expected);
}

#[tokio::test]
async fn status_faults_answer_instead_and_count_down() {
    let server = spawn_oauth().await;
    server
        .inject(json!({"target": "login", "kind": "status", "status": 503, "count": 2}))
        .await;
    for _ in 0..2 {
        let response = server.try_login("admin", "secret").await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(json_of(response).await["error"], "injected-fault");
    }
    server.login("admin").await;
    let stats = server.stats().await;
    assert_eq!(
        (stats["logins"].clone(), stats["login_failures"].clone()),
        (json!(1), json!(0))
    );
}

#[tokio::test]
async fn refresh_fault_does_not_spend_the_token() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "refresh", "kind": "status", "status": 500}))
        .await;
    let failed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let retried = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(retried.status(), StatusCode::OK);
}

#[tokio::test]
async fn delay_fault_waits_then_answers_normally() {
    let server = spawn_oauth().await;
    server
        .inject(json!({"target": "login", "kind": "delay", "delay_ms": 400}))
        .await;
    let started = Instant::now();
    let response = server.try_login("admin", "secret").await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(response.status(), StatusCode::OK);
    let started = Instant::now();
    server.login("admin").await;
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "one use only"
    );
}

#[tokio::test]
async fn malformed_fault_sends_invalid_json() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "service", "kind": "malformed"}))
        .await;
    let response = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let text = response.text().await.unwrap_or_default();
    assert_eq!(text, MALFORMED_BODY);
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_an_answer() {
    let server = spawn_oauth().await;
    server
        .inject(json!({"target": "login", "kind": "drop"}))
        .await;
    let body = json!({"username": "admin", "password": "secret", "jwt": true});
    let result = server
        .client
        .post(server.url("/services/_auth"))
        .json(&body)
        .send()
        .await;
    let err = result.expect_err("no HTTP answer at all");
    assert!(err.status().is_none(), "{err}");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    server.login("admin").await;
    assert_eq!(server.stats().await["logins"], 1);
}

#[tokio::test]
async fn test_mode_closes_each_connection_after_one_answer() {
    let server = spawn_oauth().await;
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.headers()["connection"], "close");
    let normal = spawn(ServerConfig {
        test_mode: false,
        ..oauth_config()
    })
    .await;
    let response = normal.try_login("admin", "secret").await;
    assert!(response.headers().get("connection").is_none());
}

#[tokio::test]
async fn faults_queue_in_order_and_list_pending() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!([
            {"target": "service", "kind": "status", "status": 401},
            {"target": "login", "kind": "drop", "count": 3},
            {"target": "service", "kind": "malformed"}
        ]))
        .await;
    let listed = server.client.get(server.url("/_test/faults")).send().await;
    let pending = json_of(listed.expect("answered")).await["pending"].clone();
    assert_eq!(
        pending[1],
        json!({"target": "login", "kind": "drop", "remaining": 3})
    );
    let call = || server.get_with_token("/services/profile", &login["access_token"]);
    let first = call().await;
    assert_eq!(first.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        first.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    assert_eq!(
        call().await.text().await.unwrap_or_default(),
        MALFORMED_BODY
    );
    assert_eq!(call().await.status(), StatusCode::OK);
    assert_eq!(server.stats().await["service_calls"], 3);
}

#[tokio::test]
async fn bad_fault_specs_are_400() {
    let server = spawn_oauth().await;
    for spec in [
        json!({"target": "everything", "kind": "drop"}),
        json!({"target": "login", "kind": "explode"}),
        json!({"target": "login", "kind": "delay"}),
        json!({"target": "login", "kind": "status", "status": 700}),
        json!({"kind": "drop"}),
    ] {
        let response = server.post_json("/_test/faults", &spec).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{spec}");
        assert_eq!(json_of(response).await["error"], "bad-request");
    }
}

#[tokio::test]
async fn reset_clears_everything_and_revokes_tokens() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    server
        .inject(json!({"target": "refresh", "kind": "drop"}))
        .await;
    let reset = server.post_json("/_test/reset", &json!({})).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(server.stats().await["logins"], 0);
    let revoked = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(revoked).await["reason"], "revoked");
    // The drop fault is gone too: this refresh gets an answer (403).
    let refresh = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(refresh.status(), StatusCode::FORBIDDEN);
    let fresh = server.login("admin").await;
    let profile = server
        .get_with_token("/services/profile", &fresh["access_token"])
        .await;
    assert_eq!(profile.status(), StatusCode::OK);
    let stats = server.stats().await;
    assert_eq!(stats["rejected_token_calls"], 1, "the revoked token");
    assert_eq!(stats["unauthenticated_calls"], 0);
    assert_eq!(stats["refresh_rejections"], 1);
}
