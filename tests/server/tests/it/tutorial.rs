//! `--dialect tutorial`: the bezkoder "Node.js JWT refresh token" shape.

use std::time::Duration;

use auth_test_server::ServerConfig;
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::common::{json_of, keys_of, spawn, tutorial_config, Server};

async fn signin(server: &Server, username: &str, password: &str) -> Response {
    let body = json!({"username": username, "password": password, "remember": true});
    server.post_json("/api/auth/signin", &body).await
}

async fn refresh(server: &Server, token: &Value) -> Response {
    let body = json!({ "refreshToken": token });
    server.post_json("/api/auth/refreshtoken", &body).await
}

async fn get_user(server: &Server, token: &Value) -> Response {
    server
        .client
        .get(server.url("/api/test/user"))
        .header("x-access-token", token.as_str().unwrap_or_default())
        .send()
        .await
        .expect("answered")
}

async fn assert_message(response: Response, status: StatusCode, message: &str) {
    assert_eq!(response.status(), status, "{message}");
    assert_eq!(json_of(response).await, json!({ "message": message }));
}

#[tokio::test]
async fn signin_answers_the_tutorial_shape() {
    let server = spawn(tutorial_config()).await;
    let response = signin(&server, "admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json_of(response).await;
    assert_eq!(
        keys_of(&body),
        [
            "accessToken",
            "email",
            "id",
            "refreshToken",
            "roles",
            "username"
        ]
    );
    assert_eq!(body["id"], "1");
    assert_eq!(body["username"], "admin");
    assert_eq!(body["email"], "admin@example.com");
    assert_eq!(body["roles"], json!(["ROLE_ADMIN"]));
    let token = body["accessToken"].as_str().unwrap_or_default();
    let key = DecodingKey::from_secret(b"ThisSecretMustBeWith32Characters!");
    let claims = decode::<Value>(token, &key, &Validation::new(Algorithm::HS256))
        .expect("the same HS256 JWT")
        .claims;
    assert!(claims["iat"].is_u64() && claims["exp"].is_u64(), "{claims}");
    assert_eq!(
        json_of(get_user(&server, &body["accessToken"]).await).await,
        json!({"id": "1", "name": "Ada Admin", "code": "ADM-001", "group": "admin"})
    );
}

#[tokio::test]
async fn signin_refusals_use_the_tutorial_statuses() {
    let server = spawn(tutorial_config()).await;
    let wrong = signin(&server, "admin", "nope").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        json_of(wrong).await,
        json!({"accessToken": null, "message": "Invalid Password!"})
    );
    let unknown = signin(&server, "nobody", "secret").await;
    assert_message(unknown, StatusCode::NOT_FOUND, "User Not found.").await;
    let guest = signin(&server, "guest", "secret").await;
    assert_eq!(guest.status(), StatusCode::FORBIDDEN);
    assert!(json_of(guest).await["message"].is_string());
    let missing = server
        .post_json("/api/auth/signin", &json!({"username": "admin"}))
        .await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let stats = server.stats().await;
    assert_eq!(
        (stats["login_failures"].clone(), stats["logins"].clone()),
        (json!(3), json!(0))
    );
}

#[tokio::test]
async fn refreshtoken_rotates_and_detects_reuse() {
    let server = spawn(tutorial_config()).await;
    let login = json_of(signin(&server, "customer", "secret").await).await;
    let first = &login["refreshToken"];
    let renewed = refresh(&server, first).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let renewed = json_of(renewed).await;
    assert_eq!(keys_of(&renewed), ["accessToken", "refreshToken"]);
    assert_ne!(&renewed["refreshToken"], first);
    assert_eq!(
        get_user(&server, &renewed["accessToken"]).await.status(),
        200
    );
    let not_found = "Refresh token is not in database!";
    assert_message(
        refresh(&server, first).await,
        StatusCode::FORBIDDEN,
        not_found,
    )
    .await;
    let sibling = refresh(&server, &renewed["refreshToken"]).await;
    assert_message(sibling, StatusCode::FORBIDDEN, not_found).await;
    let unknown = refresh(&server, &json!("nope")).await;
    assert_message(unknown, StatusCode::FORBIDDEN, not_found).await;
    let required = "Refresh Token is required!";
    for body in ["", "{}", r#"{"refreshToken": null}"#] {
        let response = server.post_raw("/api/auth/refreshtoken", body).await;
        assert_message(response, StatusCode::FORBIDDEN, required).await;
    }
    let stats = server.stats().await;
    assert_eq!(
        (
            stats["refreshes"].clone(),
            stats["refresh_rejections"].clone()
        ),
        (json!(1), json!(6))
    );
}

#[tokio::test]
async fn an_expired_refresh_token_says_so() {
    let server = spawn(ServerConfig {
        refresh_ttl_secs: 1,
        ..tutorial_config()
    })
    .await;
    let login = json_of(signin(&server, "admin", "secret").await).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let expired = "Refresh token was expired. Please make a new signin request";
    let response = refresh(&server, &login["refreshToken"]).await;
    assert_message(response, StatusCode::FORBIDDEN, expired).await;
}

#[tokio::test]
async fn services_take_a_bare_x_access_token() {
    let server = spawn(ServerConfig {
        access_ttl_secs: 1,
        ..tutorial_config()
    })
    .await;
    let login = json_of(signin(&server, "admin", "secret").await).await;
    let token = login["accessToken"].as_str().unwrap_or_default();
    let bearer_only = server
        .client
        .get(server.url("/api/test/user"))
        .bearer_auth(token)
        .send()
        .await
        .expect("answered");
    assert_message(bearer_only, StatusCode::FORBIDDEN, "No token provided!").await;
    let garbage = get_user(&server, &json!("garbage")).await;
    assert_message(garbage, StatusCode::UNAUTHORIZED, "Unauthorized!").await;
    let echo = server
        .client
        .put(server.url("/api/test/echo?_delay_ms=0&a=1"))
        .header("x-access-token", token)
        .json(&json!({"x": 1}))
        .send()
        .await
        .expect("answered");
    let echo = json_of(echo).await;
    assert_eq!(echo["x_access_token"], true);
    assert_eq!(echo["authorization"], false);
    assert_eq!(echo["body"], json!({"x": 1}));
    let unknown = server
        .client
        .get(server.url("/api/test/nothing"))
        .header("x-access-token", token)
        .send()
        .await;
    assert_eq!(unknown.expect("answered").status(), StatusCode::NOT_FOUND);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let expired = get_user(&server, &login["accessToken"]).await;
    let message = "Unauthorized! Access Token was expired!";
    assert_message(expired, StatusCode::UNAUTHORIZED, message).await;
    let stats = server.stats().await;
    assert_eq!(stats["service_calls"], 5);
    assert_eq!(stats["unauthenticated_calls"], 1);
    assert_eq!(stats["rejected_token_calls"], 2);
    assert_eq!(stats["expired_token_calls"], 1);
}

#[tokio::test]
async fn netuno_routes_are_absent_and_the_rest_stays() {
    let server = spawn(tutorial_config()).await;
    let login = json!({"username": "admin", "password": "secret", "jwt": true});
    let netuno = server.post_json("/services/_auth", &login).await;
    assert_eq!(netuno.status(), StatusCode::NOT_FOUND);
    for path in [
        "/services/profile",
        "/services/echo",
        "/services/_auth/logout",
    ] {
        let response = server.client.get(server.url(path)).send().await;
        assert_eq!(
            response.expect("answered").status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let public = server.client.get(server.url("/public/echo")).send().await;
    let public = json_of(public.expect("answered")).await;
    assert_eq!(public["x_access_token"], false);
    assert_eq!(server.stats().await["service_calls"], 0);
}

#[tokio::test]
async fn signout_revokes_the_family_and_faults_apply() {
    let server = spawn(tutorial_config()).await;
    let login = json_of(signin(&server, "admin", "secret").await).await;
    let body = json!({"refreshToken": login["refreshToken"]});
    let response = server.post_json("/api/auth/signout", &body).await;
    assert_message(response, StatusCode::OK, "You've been signed out!").await;
    let dead = refresh(&server, &login["refreshToken"]).await;
    assert_eq!(dead.status(), StatusCode::FORBIDDEN);
    assert_eq!(server.stats().await["logouts"], 1);

    server
        .inject(json!([
            {"target": "login", "kind": "status", "status": 503},
            {"target": "refresh", "kind": "oversized", "field": "access_token", "bytes": 64},
            {"target": "service", "kind": "malformed"}
        ]))
        .await;
    assert_eq!(signin(&server, "admin", "secret").await.status(), 503);
    let fresh = json_of(signin(&server, "admin", "secret").await).await;
    let oversized = json_of(refresh(&server, &fresh["refreshToken"]).await).await;
    assert_eq!(keys_of(&oversized), ["accessToken", "refreshToken"]);
    assert_eq!(oversized["accessToken"], "a".repeat(64));
    let malformed = get_user(&server, &fresh["accessToken"]).await;
    assert!(serde_json::from_str::<Value>(&malformed.text().await.unwrap_or_default()).is_err());
    let attempts = server.attempts().await;
    let count = |target: &str| attempts[target].as_array().map(Vec::len);
    assert_eq!(
        [
            count("login"),
            count("refresh"),
            count("logout"),
            count("service")
        ],
        [Some(3), Some(2), Some(1), Some(1)]
    );
}
