//! The netuno dialect's refresh: a new pair replaces the old one at once,
//! and a replayed refresh token is refused without reuse detection.

use std::time::Duration;

use auth_test_server::ServerConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{
    assert_sorted_compact, spawn, spawn_default, test_config, verified_claims, Server,
};

/// Asserts the refresh with `token` is 403 `{"result":false}`.
async fn assert_refused(server: &Server, token: &Value) {
    let response = server.try_refresh(token).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.headers()["cache-control"],
        "no-cache, no-store, must-revalidate"
    );
    assert_eq!(
        response.text().await.unwrap_or_default(),
        r#"{"result":false}"#
    );
}

/// The status of `GET /services/profile` with `token`.
async fn profile_status(server: &Server, token: &Value) -> StatusCode {
    server
        .get_with_token("/services/profile", token)
        .await
        .status()
}

#[tokio::test]
async fn refresh_answers_the_login_keys_but_extra() {
    let server = spawn_default().await;
    let login = server.login("customer").await;
    let response = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap_or_default();
    assert_sorted_compact(
        &text,
        &[
            "access_token",
            "expires_in",
            "refresh_expires_in",
            "refresh_token",
            "result",
            "short_token",
            "token_type",
        ],
    );
    let renewed: Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(renewed["expires_in"], 3_600_000);
    assert_eq!(
        verified_claims(&renewed["access_token"])["_user"],
        "customer"
    );
    assert_ne!(renewed["access_token"], login["access_token"]);
    assert_ne!(renewed["short_token"], login["short_token"]);
}

#[tokio::test]
async fn a_refresh_kills_the_old_pair_at_once() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    assert_eq!(
        profile_status(&server, &login["access_token"]).await,
        StatusCode::OK
    );
    let renewed = server.refresh(&login["refresh_token"]).await;
    assert_eq!(
        profile_status(&server, &login["access_token"]).await,
        StatusCode::UNAUTHORIZED,
        "no grace period for the old access token"
    );
    assert_eq!(
        profile_status(&server, &login["short_token"]).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        profile_status(&server, &renewed["access_token"]).await,
        StatusCode::OK
    );
    let stats = server.stats().await;
    assert_eq!(stats["revoked_token_calls"], 2);
    assert_eq!(stats["rejected_token_calls"], 2);
    assert_eq!(stats["expired_token_calls"], 0);
}

#[tokio::test]
async fn a_replayed_refresh_token_is_refused_and_the_new_pair_lives_on() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    let renewed = server.refresh(&login["refresh_token"]).await;
    assert_refused(&server, &login["refresh_token"]).await;
    assert_refused(&server, &login["refresh_token"]).await;
    assert_eq!(
        profile_status(&server, &renewed["access_token"]).await,
        StatusCode::OK
    );
    let again = server.refresh(&renewed["refresh_token"]).await;
    assert!(again["access_token"].is_string());
    let stats = server.stats().await;
    assert_eq!(
        (
            stats["refreshes"].clone(),
            stats["refresh_rejections"].clone()
        ),
        (json!(2), json!(2))
    );
}

#[tokio::test]
async fn unknown_and_expired_refresh_tokens_are_refused() {
    let server = spawn(ServerConfig {
        refresh_ttl_secs: 1,
        ..test_config()
    })
    .await;
    assert_refused(&server, &json!("not-a-token")).await;
    assert_refused(&server, &json!("")).await;
    let login = server.login("admin").await;
    assert_eq!(login["refresh_expires_in"], 1000);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_refused(&server, &login["refresh_token"]).await;
}
