//! Login answers and every bad-request case of `POST /services/_auth`.

use auth_test_server::{ExpiresInUnit, ServerConfig};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{json_of, oauth_config, spawn, spawn_oauth};

const SECRET: &str = "ThisSecretMustBeWith32Characters!";

/// Verifies `token` with `secret` and returns its claims.
fn claims_of(token: &Value, secret: &str) -> Value {
    let token = token.as_str().expect("token is a string");
    let header = decode_header(token).expect("JWT header decodes");
    assert_eq!(header.alg, Algorithm::HS256);
    let validation = Validation::new(Algorithm::HS256);
    let key = DecodingKey::from_secret(secret.as_bytes());
    decode::<Value>(token, &key, &validation)
        .expect("JWT verifies with the secret")
        .claims
}

#[tokio::test]
async fn good_login_returns_the_token_answer() {
    let server = spawn_oauth().await;
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = json_of(response).await;
    assert_eq!(body["result"], true);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let refresh = body["refresh_token"].as_str().unwrap_or_default();
    assert!(refresh.len() >= 32, "opaque refresh token: {refresh:?}");
    let claims = claims_of(&body["access_token"], SECRET);
    assert_eq!(claims["sub"], "1");
    assert_eq!(claims["name"], "Ada Admin");
    assert_eq!(claims["code"], "ADM-001");
    assert_eq!(claims["group"], "admin");
    let (iat, exp) = (claims["iat"].as_u64(), claims["exp"].as_u64());
    assert_eq!(exp.zip(iat).map(|(e, i)| e - i), Some(3600));
    assert!(claims["jti"].as_str().is_some_and(|jti| !jti.is_empty()));
}

#[tokio::test]
async fn each_seeded_user_gets_its_group() {
    let server = spawn_oauth().await;
    for (user, group) in [("customer", "customer"), ("supplier", "supplier")] {
        let body = server.login(user).await;
        assert_eq!(claims_of(&body["access_token"], SECRET)["group"], group);
    }
}

#[tokio::test]
async fn wrong_credentials_are_403_invalid_credentials() {
    let server = spawn_oauth().await;
    for (user, password) in [("admin", "wrong"), ("nobody", "secret"), ("", "")] {
        let response = server.try_login(user, password).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{user}/{password}"
        );
        let body = json_of(response).await;
        assert_eq!(
            body,
            json!({"result": false, "error": "invalid-credentials"})
        );
    }
}

#[tokio::test]
async fn group_outside_the_allowed_list_is_403() {
    let server = spawn_oauth().await;
    let response = server.try_login("guest", "secret").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = json_of(response).await;
    assert_eq!(body, json!({"result": false, "error": "group-not-allowed"}));
}

/// Asserts a 400 bad-request whose message contains `needle`.
async fn assert_bad_request(response: reqwest::Response, needle: &str) {
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "for {needle}");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = json_of(response).await;
    assert_eq!(body["result"], false);
    assert_eq!(body["error"], "bad-request");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(needle), "{message:?} lacks {needle:?}");
}

#[tokio::test]
async fn malformed_bodies_are_400_with_a_message() {
    let server = spawn_oauth().await;
    let cases: [(&str, &str); 8] = [
        ("username=admin&password=secret", "not valid JSON"),
        ("", "empty"),
        ("[\"admin\"]", "JSON object"),
        (
            r#"{"username":"admin","jwt":true}"#,
            "missing field `password`",
        ),
        (
            r#"{"password":"secret","jwt":true}"#,
            "missing field `username`",
        ),
        (
            r#"{"username":"admin","password":7,"jwt":true}"#,
            "`password` must be a string",
        ),
        (
            r#"{"username":"admin","password":"secret"}"#,
            "missing field `jwt`",
        ),
        (
            r#"{"refresh_token":["x"],"jwt":true}"#,
            "`refresh_token` must be a string",
        ),
    ];
    for (body, needle) in cases {
        assert_bad_request(server.post_auth_raw(body).await, needle).await;
    }
}

#[tokio::test]
async fn body_over_64_kib_is_413_and_exactly_64_kib_is_read() {
    let server = spawn_oauth().await;
    let login = |padding: usize| {
        let prefix = r#"{"username":"admin","password":"secret","jwt":true,"pad":""#;
        let mut body = String::from(prefix);
        body.push_str(&"x".repeat(padding - prefix.len() - 2));
        body.push_str("\"}");
        body
    };
    let at_limit = login(64 * 1024);
    assert_eq!(at_limit.len(), 65536);
    let response = server.post_auth_raw(at_limit).await;
    assert_eq!(response.status(), StatusCode::OK);
    let over = login(64 * 1024 + 1);
    let response = server.post_auth_raw(over).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = json_of(response).await;
    assert_eq!(body["result"], false);
    assert_eq!(body["error"], "payload-too-large");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("larger than 64 KiB"), "{message:?}");
    // Neither the 413 nor the 400 counts anywhere.
    assert_eq!(server.stats().await["logins"], 1);
    assert_eq!(
        server.attempts().await["login"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn only_post_is_allowed_on_auth() {
    let server = spawn_oauth().await;
    let response = server
        .client
        .get(server.url("/services/_auth"))
        .send()
        .await;
    let response = response.expect("answered");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json_of(response).await["error"], "method-not-allowed");
}

async fn expires_in_with(unit: ExpiresInUnit, access_ttl_secs: u64) -> (Value, u64) {
    let server = spawn(ServerConfig {
        expires_in_unit: Some(unit),
        access_ttl_secs,
        ..oauth_config()
    })
    .await;
    let body = server.login("admin").await;
    let claims = claims_of(&body["access_token"], SECRET);
    let lifetime = claims["exp"].as_u64().unwrap_or(0) - claims["iat"].as_u64().unwrap_or(0);
    (body["expires_in"].clone(), lifetime)
}

#[tokio::test]
async fn expires_in_unit_changes_only_the_number() {
    assert_eq!(
        expires_in_with(ExpiresInUnit::Minutes, 3600).await,
        (json!(60), 3600)
    );
    assert_eq!(
        expires_in_with(ExpiresInUnit::Milliseconds, 3600).await,
        (json!(3_600_000), 3600)
    );
    assert_eq!(
        expires_in_with(ExpiresInUnit::Minutes, 90).await,
        (json!(1.5), 90)
    );
    assert_eq!(
        expires_in_with(ExpiresInUnit::Seconds, 90).await,
        (json!(90), 90)
    );
}
