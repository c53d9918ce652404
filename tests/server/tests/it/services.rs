//! Protected services: the Bearer check, profile, echo and its extras.

use std::time::{Duration, Instant};

use auth_test_server::echo::BLOB_BYTES;
use auth_test_server::ServerConfig;
use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::common::{json_of, oauth_config, spawn, spawn_oauth};

/// Asserts a 401 with the Bearer challenge and `reason`; returns the message.
async fn assert_invalid_token(response: Response, reason: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{reason}");
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    let body = json_of(response).await;
    assert_eq!(body["result"], false);
    assert_eq!(body["error"], "invalid-token");
    assert_eq!(body["reason"], reason);
    body["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn profile_answers_the_token_user() {
    let server = spawn_oauth().await;
    let login = server.login("supplier").await;
    let response = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let expected =
        json!({"id": "3", "name": "Simon Supplier", "code": "SUP-001", "group": "supplier"});
    assert_eq!(json_of(response).await, expected);
}

#[tokio::test]
async fn missing_malformed_and_foreign_tokens_are_401() {
    let server = spawn_oauth().await;
    let missing = server.client.get(server.url("/services/profile")).send();
    let message = assert_invalid_token(missing.await.expect("answered"), "missing").await;
    assert!(message.contains("missing"), "{message}");

    let garbage = server
        .get_with_token("/services/profile", &json!("garbage"))
        .await;
    assert_invalid_token(garbage, "malformed").await;
    let basic = server
        .client
        .get(server.url("/services/echo"))
        .header("authorization", "Basic YWRtaW46c2VjcmV0")
        .send();
    assert_invalid_token(basic.await.expect("answered"), "malformed").await;

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    let claims = json!({"sub": "1", "name": "Ada Admin", "code": "ADM-001", "group": "admin",
                        "iat": now, "exp": now + 3600, "jti": "forged"});
    let other_key = EncodingKey::from_secret(b"AnotherSecretThatIsAlso32CharsLong!");
    let forged = encode(&Header::default(), &claims, &other_key).expect("encodes");
    let response = server
        .get_with_token("/services/profile", &json!(forged))
        .await;
    let message = assert_invalid_token(response, "bad-signature").await;
    assert!(message.contains("signature"), "{message}");
}

#[tokio::test]
async fn expired_token_is_401_expired() {
    let server = spawn(ServerConfig {
        access_ttl_secs: 1,
        ..oauth_config()
    })
    .await;
    let login = server.login("admin").await;
    assert_eq!(login["expires_in"], 1);
    let fresh = server.get_with_token("/services/profile", &login["access_token"]);
    assert_eq!(fresh.await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let stale = server.get_with_token("/services/profile", &login["access_token"]);
    let message = assert_invalid_token(stale.await, "expired").await;
    assert!(message.contains("expired"), "{message}");
    let stats = server.stats().await;
    assert_eq!(stats["service_calls"], 2);
    assert_eq!(stats["expired_token_calls"], 1);
    assert_eq!(stats["unauthenticated_calls"], 0);
}

#[tokio::test]
async fn unknown_service_is_404_after_auth() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    let response = server.get_with_token("/services/nothing/here", &login["access_token"]);
    let response = response.await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(response).await["error"], "not-found");
    let anonymous = server
        .client
        .get(server.url("/services/nothing"))
        .send()
        .await;
    assert_eq!(
        anonymous.expect("answered").status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn echo_reports_the_request() {
    const RAW: &str = r#"{"x": [1, 2], "y": null}"#;
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    let token = login["access_token"].as_str().unwrap_or_default();
    let response = server
        .client
        .put(server.url("/services/echo?a=1&b=two%20words&a=2"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(RAW)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    let expected = json!({
        "method": "PUT",
        "query": {"a": ["1", "2"], "b": "two words"},
        "body": {"x": [1, 2], "y": null},
        "authorization": true,
        "content_type": "application/json",
        "body_bytes": RAW.len(),
    });
    assert_eq!(json_of(response).await, expected);

    let get = server.get_with_token("/services/echo", &login["access_token"]);
    let body = json_of(get.await).await;
    assert_eq!(
        body,
        json!({"method": "GET", "query": {}, "body": null, "authorization": true,
               "content_type": null, "body_bytes": 0})
    );
}

#[tokio::test]
async fn echo_extras_change_the_answer() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    let token = login["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let call = |query: &str, body: &'static str| {
        server
            .client
            .post(server.url(&format!("/services/echo?{query}")))
            .bearer_auth(&token)
            .body(body)
            .send()
    };
    let no_content = call("_status=204", "").await.expect("answered");
    assert_eq!(no_content.status(), StatusCode::NO_CONTENT);
    let failure = call("_status=503", "x").await.expect("answered");
    assert_eq!(failure.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failure.bytes().await.map(|b| b.len()).ok(), Some(0));

    let text = call("_type=text", "hello").await.expect("answered");
    assert_eq!(text.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(text.text().await.ok().as_deref(), Some("echo POST\nhello"));

    let blob = call("_type=blob", "").await.expect("answered");
    assert_eq!(blob.headers()["content-type"], "application/octet-stream");
    assert_eq!(blob.bytes().await.ok().as_deref(), Some(&BLOB_BYTES[..]));

    let started = Instant::now();
    let slow = call("_delay_ms=300&k=v", "").await.expect("answered");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        json_of(slow).await["query"],
        json!({"_delay_ms": "300", "k": "v"})
    );

    // _body_delay_ms: the headers at once, the body later.
    let started = Instant::now();
    let late = call("_body_delay_ms=400", "").await.expect("answered");
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "headers at once"
    );
    assert_eq!(late.status(), StatusCode::OK);
    let body = json_of(late).await;
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "body after the delay"
    );
    assert_eq!(body["query"], json!({"_body_delay_ms": "400"}));

    let bad = call("_status=42", "").await.expect("answered");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = call("_type=xml", "").await.expect("answered");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn public_echo_needs_no_token_and_reports_none() {
    let server = spawn_oauth().await;
    let response = server
        .client
        .get(server.url("/public/echo?q=1"))
        .send()
        .await;
    let body = json_of(response.expect("answered")).await;
    assert_eq!(body["authorization"], false);
    assert_eq!(body["query"], json!({"q": "1"}));
    assert_eq!(server.stats().await["service_calls"], 0);
}
