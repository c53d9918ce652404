//! Protected services in the netuno dialect: `Bearer ` exactly, 401 without
//! a challenge, its body chosen by the request's Content-Type and Accept.

use std::time::Duration;

use auth_test_server::ServerConfig;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::json;

use crate::common::{json_of, spawn, spawn_default, test_config, Server};

/// `GET /services/profile` with `authorization` (if any) and `headers`.
fn profile(
    server: &Server,
    authorization: Option<&str>,
    headers: &[(&str, &str)],
) -> RequestBuilder {
    let mut request = server.client.get(server.url("/services/profile"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
}

/// Asserts a 401 with no `WWW-Authenticate`; returns the content type and
/// the body.
async fn unauthorized(response: Response) -> (String, String) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().get("www-authenticate").is_none());
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (content_type, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn the_401_body_follows_content_type_then_accept() {
    let server = spawn_default().await;
    let json_request = profile(&server, None, &[("content-type", "application/json")]);
    let (content_type, body) = unauthorized(json_request.send().await.expect("answered")).await;
    assert_eq!(
        (content_type.as_str(), body.as_str()),
        ("application/json", "{}")
    );

    let accepts = profile(
        &server,
        Some("Bearer nope"),
        &[("accept", "application/json")],
    );
    let (content_type, body) = unauthorized(accepts.send().await.expect("answered")).await;
    assert_eq!(
        (content_type.as_str(), body.as_str()),
        ("application/json", "")
    );

    let browser = profile(&server, None, &[("accept", "text/html,*/*")]);
    let (content_type, body) = unauthorized(browser.send().await.expect("answered")).await;
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("401"), "{body}");

    let with_charset = profile(
        &server,
        None,
        &[("content-type", "application/json; charset=utf-8")],
    );
    let (content_type, _) = unauthorized(with_charset.send().await.expect("answered")).await;
    assert!(
        content_type.starts_with("text/html"),
        "not exactly JSON: {content_type}"
    );
}

#[tokio::test]
async fn bearer_must_be_spelled_exactly() {
    let server = spawn_default().await;
    let login = server.login("supplier").await;
    let token = login["access_token"].as_str().unwrap_or_default();
    for scheme in ["bearer", "BEARER", "Token"] {
        let response = profile(&server, Some(&format!("{scheme} {token}")), &[])
            .send()
            .await;
        unauthorized(response.expect("answered")).await;
    }
    let empty = profile(&server, Some(""), &[]).send().await;
    unauthorized(empty.expect("answered")).await;
    let ok = profile(&server, Some(&format!("Bearer {token}")), &[])
        .send()
        .await;
    let body = json_of(ok.expect("answered")).await;
    assert_eq!(
        body,
        json!({"id": "3", "name": "Simon Supplier", "code": "SUP-001", "group": "supplier"})
    );
    let stats = server.stats().await;
    assert_eq!(stats["service_calls"], 5);
    assert_eq!(stats["unauthenticated_calls"], 1, "the empty header");
    assert_eq!(stats["rejected_token_calls"], 3);
}

#[tokio::test]
async fn the_short_token_works_as_a_bearer_token_too() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    let response = server
        .get_with_token("/services/profile", &login["short_token"])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await["id"], "1");
}

#[tokio::test]
async fn echo_works_with_a_valid_token() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    let token = login["access_token"].as_str().unwrap_or_default();
    let response = server
        .client
        .post(server.url("/services/echo?a=1"))
        .bearer_auth(token)
        .json(&json!({"any": "json"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(body["body"], json!({"any": "json"}));
    assert_eq!(body["authorization"], true);
}

#[tokio::test]
async fn an_expired_access_token_is_401_and_counted() {
    let server = spawn(ServerConfig {
        access_ttl_secs: 1,
        ..test_config()
    })
    .await;
    let login = server.login("admin").await;
    assert_eq!(login["expires_in"], 1000);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let stale = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    unauthorized(stale).await;
    let stats = server.stats().await;
    assert_eq!(stats["expired_token_calls"], 1);
    assert_eq!(stats["rejected_token_calls"], 1);
    assert_eq!(stats["revoked_token_calls"], 0);
    // Refreshing still works: the refresh lifetime is separate.
    let renewed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(renewed.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_401_carries_cors_for_a_loopback_origin() {
    let server = spawn_default().await;
    let origin = "http://localhost:5173";
    let response = profile(&server, None, &[("origin", origin)]).send().await;
    let response = response.expect("answered");
    assert_eq!(response.headers()["access-control-allow-origin"], origin);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    unauthorized(response).await;
    let wrong = server
        .client
        .post(server.url("/services/_auth"))
        .header("origin", origin)
        .json(&json!({"username": "admin", "password": "wrong", "jwt": true}))
        .send()
        .await
        .expect("answered");
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(wrong.headers()["access-control-allow-origin"], origin);
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/services/_auth"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("answered");
    assert_eq!(preflight.status(), StatusCode::OK);
}
