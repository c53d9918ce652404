//! `--refresh-cookie`: the refresh token in an HttpOnly cookie scoped to
//! the auth path; CORS with credentials for loopback origins.

use auth_test_server::ServerConfig;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::common::{cookie_config, json_of, keys_of, set_cookies, spawn, tutorial_config, Server};

const AUTH: &str = "/services/_auth";
const LOGOUT: &str = "/services/_auth/logout";

/// The single `Set-Cookie` of `response`, split into its value and the
/// attributes after it.
fn cookie_of(response: &Response) -> (String, String) {
    let cookies = set_cookies(response);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let (pair, attributes) = cookies[0].split_once("; ").unwrap_or_default();
    (pair.to_owned(), attributes.to_owned())
}

/// Logs in; returns the `name=value` pair of the cookie and the body.
async fn login(server: &Server) -> (String, Value) {
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    let (pair, _) = cookie_of(&response);
    (pair, json_of(response).await)
}

/// A cookie refresh: `{"jwt": true}` with `cookie`.
async fn refresh(server: &Server, cookie: &str) -> Response {
    server
        .post_with_cookie(AUTH, &json!({"jwt": true}), cookie)
        .await
}

#[tokio::test]
async fn login_sets_the_cookie_and_leaves_the_token_out_of_the_body() {
    let server = spawn(cookie_config()).await;
    let response = server.try_login("admin", "secret").await;
    let (pair, attributes) = cookie_of(&response);
    let token = pair.strip_prefix("auth_refresh=").unwrap_or_default();
    assert_eq!(token.len(), 64, "{pair}");
    assert_eq!(
        attributes,
        "HttpOnly; SameSite=Strict; Path=/services/_auth; Max-Age=86400"
    );
    let body = json_of(response).await;
    assert_eq!(
        keys_of(&body),
        ["access_token", "expires_in", "result", "token_type"]
    );
    let profile = server.get_with_token("/services/profile", &body["access_token"]);
    assert_eq!(profile.await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_name_and_max_age_follow_the_settings() {
    let server = spawn(ServerConfig {
        refresh_cookie: Some("rt".into()),
        refresh_ttl_secs: 120,
        ..cookie_config()
    })
    .await;
    let (pair, attributes) = cookie_of(&server.try_login("admin", "secret").await);
    assert!(pair.starts_with("rt="), "{pair}");
    assert!(attributes.ends_with("; Max-Age=120"), "{attributes}");
}

#[tokio::test]
async fn refresh_reads_and_rotates_the_cookie() {
    let server = spawn(cookie_config()).await;
    let (first, _) = login(&server).await;
    let renewed = refresh(&server, &format!("other=1; {first}")).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let (second, attributes) = cookie_of(&renewed);
    assert_ne!(second, first);
    assert!(attributes.contains("Path=/services/_auth"), "{attributes}");
    let body = json_of(renewed).await;
    assert!(body.get("refresh_token").is_none(), "{body}");
    assert!(body["access_token"].is_string());
    // The rotated value is dead; presenting it revokes the family.
    let reused = refresh(&server, &first).await;
    assert_eq!(reused.status(), StatusCode::FORBIDDEN);
    assert!(
        set_cookies(&reused).is_empty(),
        "a refusal leaves the cookie alone"
    );
    assert_eq!(
        json_of(reused).await,
        json!({"result": false, "error": "invalid-refresh-token"})
    );
    let revoked = refresh(&server, &second).await;
    assert_eq!(revoked.status(), StatusCode::FORBIDDEN, "family revoked");
}

#[tokio::test]
async fn without_a_cookie_a_bare_refresh_is_403() {
    let server = spawn(cookie_config()).await;
    let response = server.post_json(AUTH, &json!({"jwt": true})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(response).await["error"], "invalid-refresh-token");
    let empty = refresh(&server, "auth_refresh=").await;
    assert_eq!(empty.status(), StatusCode::FORBIDDEN);
    assert_eq!(server.stats().await["refresh_rejections"], 2);
}

#[tokio::test]
async fn a_token_in_the_body_wins_over_the_cookie() {
    let server = spawn(cookie_config()).await;
    let (pair, _) = login(&server).await;
    let token = pair.strip_prefix("auth_refresh=").unwrap_or_default();
    let body = json!({"refresh_token": token, "jwt": true});
    let response = server
        .post_with_cookie(AUTH, &body, "auth_refresh=garbage")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(set_cookies(&response).len(), 1);
}

#[tokio::test]
async fn logout_clears_the_cookie_and_revokes_its_family() {
    let server = spawn(cookie_config()).await;
    let (first, _) = login(&server).await;
    let (second, _) = cookie_of(&refresh(&server, &first).await);
    let response = server.post_with_cookie(LOGOUT, &json!({}), &second).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (pair, attributes) = cookie_of(&response);
    assert_eq!(pair, "auth_refresh=");
    assert_eq!(
        attributes,
        "HttpOnly; SameSite=Strict; Path=/services/_auth; Max-Age=0"
    );
    assert_eq!(json_of(response).await, json!({"result": true}));
    assert_eq!(
        refresh(&server, &second).await.status(),
        StatusCode::FORBIDDEN
    );
    // Without a cookie it still answers 200 and clears it.
    let again = server.post_raw(LOGOUT, "").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(cookie_of(&again).0, "auth_refresh=");
    assert_eq!(server.stats().await["logouts"], 2);
}

#[tokio::test]
async fn oversized_faults_set_no_cookie() {
    let server = spawn(cookie_config()).await;
    server
        .inject(json!([
            {"target": "login", "kind": "oversized", "field": "access_token", "bytes": 10},
            {"target": "login", "kind": "oversized", "field": "refresh_token", "bytes": 10}
        ]))
        .await;
    let access = server.try_login("admin", "secret").await;
    assert!(set_cookies(&access).is_empty());
    let body = json_of(access).await;
    assert!(body.get("refresh_token").is_none(), "{body}");
    let refresh = server.try_login("admin", "secret").await;
    assert!(set_cookies(&refresh).is_empty());
    assert_eq!(json_of(refresh).await["refresh_token"], "a".repeat(10));
}

#[tokio::test]
async fn the_tutorial_dialect_scopes_the_cookie_to_api_auth() {
    let server = spawn(ServerConfig {
        refresh_cookie: Some("auth_refresh".into()),
        ..tutorial_config()
    })
    .await;
    let body = json!({"username": "admin", "password": "secret"});
    let signin = server.post_json("/api/auth/signin", &body).await;
    let (first, attributes) = cookie_of(&signin);
    assert_eq!(
        attributes,
        "HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=86400"
    );
    assert!(json_of(signin).await.get("refreshToken").is_none());
    let path = "/api/auth/refreshtoken";
    let renewed = server.post_with_cookie(path, &json!({}), &first).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let (second, _) = cookie_of(&renewed);
    assert_eq!(keys_of(&json_of(renewed).await), ["accessToken"]);
    let missing = server.post_json(path, &json!({})).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        json_of(missing).await,
        json!({"message": "Refresh Token is required!"})
    );
    let signout = server
        .post_with_cookie("/api/auth/signout", &json!({}), &second)
        .await;
    let (pair, attributes) = cookie_of(&signout);
    assert_eq!(pair, "auth_refresh=");
    assert!(
        attributes.contains("Path=/api/auth; Max-Age=0"),
        "{attributes}"
    );
    let dead = server.post_with_cookie(path, &json!({}), &second).await;
    assert_eq!(dead.status(), StatusCode::FORBIDDEN);
}

/// Asserts `response` allows `origin` with credentials.
fn assert_credentialed_cors(response: &Response, origin: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("access-control-allow-origin"), origin);
    assert_eq!(header("access-control-allow-credentials"), "true");
}

#[tokio::test]
async fn cors_allows_credentials_for_the_exact_loopback_origin() {
    let server = spawn(cookie_config()).await;
    let origin = "http://127.0.0.1:5173";
    for path in [AUTH, LOGOUT] {
        let preflight = server
            .client
            .request(Method::OPTIONS, server.url(path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .expect("answered");
        assert!(preflight.status().is_success(), "{path}");
        assert_credentialed_cors(&preflight, origin);
    }
    let body = json!({"username": "admin", "password": "secret", "jwt": true});
    let login = server
        .client
        .post(server.url(AUTH))
        .header("origin", origin)
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_credentialed_cors(&login, origin);
    let (cookie, _) = cookie_of(&login);
    for (path, cookie) in [(AUTH, "none=1"), (AUTH, cookie.as_str()), (LOGOUT, "")] {
        let response = server
            .client
            .post(server.url(path))
            .header("origin", origin)
            .header("cookie", cookie)
            .json(&json!({"jwt": true}))
            .send()
            .await
            .expect("answered");
        assert_credentialed_cors(&response, origin);
    }
}
