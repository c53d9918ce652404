//! Refresh-token rotation, reuse detection and expiry.

use auth_test_server::ServerConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{json_of, oauth_config, spawn, spawn_oauth, Server};

/// Asserts the refresh with `token` is refused.
async fn assert_refused(server: &Server, token: &Value) {
    let response = server.try_refresh(token).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = json_of(response).await;
    assert_eq!(
        body,
        json!({"result": false, "error": "invalid-refresh-token"})
    );
}

#[tokio::test]
async fn refresh_rotates_and_the_old_token_dies() {
    let server = spawn_oauth().await;
    let login = server.login("customer").await;
    let first = &login["refresh_token"];
    let renewed = server.refresh(first).await;
    assert_eq!(renewed["result"], true);
    assert_eq!(renewed["token_type"], "Bearer");
    assert_eq!(renewed["expires_in"], 3600);
    assert_ne!(&renewed["refresh_token"], first);
    assert_ne!(renewed["access_token"], login["access_token"]);
    let profile = server.get_with_token("/services/profile", &renewed["access_token"]);
    let profile = json_of(profile.await).await;
    assert_eq!(profile["id"], "2");
    assert_refused(&server, first).await;
}

#[tokio::test]
async fn reuse_revokes_the_whole_family_only() {
    let server = spawn_oauth().await;
    let family = server.login("admin").await;
    let other_login = server.login("admin").await;
    let first = family["refresh_token"].clone();
    let second = server.refresh(&first).await["refresh_token"].clone();
    assert_refused(&server, &first).await;
    // The sibling issued later from the same login is dead too.
    assert_refused(&server, &second).await;
    // Another login's family is untouched.
    server.refresh(&other_login["refresh_token"]).await;
}

#[tokio::test]
async fn unknown_refresh_token_is_refused() {
    let server = spawn_oauth().await;
    assert_refused(&server, &json!("not-a-token")).await;
    assert_refused(&server, &json!("")).await;
}

#[tokio::test]
async fn refresh_token_expires_after_its_ttl() {
    let server = spawn(ServerConfig {
        refresh_ttl_secs: 1,
        ..oauth_config()
    })
    .await;
    let login = server.login("admin").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_refused(&server, &login["refresh_token"]).await;
}
