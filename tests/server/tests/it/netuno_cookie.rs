//! Cookie mode on the netuno dialect: the refresh JWT in the HttpOnly
//! cookie, refreshes through it, and the logout endpoint cookie mode adds.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::common::{json_of, keys_of, netuno_cookie_config, set_cookies, spawn, Server};

const AUTH: &str = "/services/_auth";
const LOGOUT: &str = "/services/_auth/logout";

/// The `name=value` pair of the single `Set-Cookie` of `response`.
fn cookie_pair(response: &Response) -> String {
    let cookies = set_cookies(response);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    cookies[0].split(';').next().unwrap_or_default().to_owned()
}

/// Logs in; returns the cookie pair and the body.
async fn login(server: &Server) -> (String, Value) {
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    (cookie_pair(&response), json_of(response).await)
}

#[tokio::test]
async fn login_puts_the_refresh_token_in_the_cookie() {
    let server = spawn(netuno_cookie_config()).await;
    let response = server.try_login("admin", "secret").await;
    let cookies = set_cookies(&response);
    assert_eq!(cookies.len(), 1);
    assert!(
        cookies[0].ends_with("; HttpOnly; SameSite=Strict; Path=/services/_auth; Max-Age=86400"),
        "{cookies:?}"
    );
    let token = cookie_pair(&response)
        .trim_start_matches("auth_refresh=")
        .to_owned();
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
    let body = json_of(response).await;
    assert_eq!(
        keys_of(&body),
        [
            "access_token",
            "expires_in",
            "extra",
            "refresh_expires_in",
            "result",
            "short_token",
            "token_type"
        ]
    );
}

#[tokio::test]
async fn a_bare_jwt_refreshes_through_the_cookie() {
    let server = spawn(netuno_cookie_config()).await;
    let (first, login) = login(&server).await;
    let renewed = server
        .post_with_cookie(AUTH, &json!({"jwt": true}), &first)
        .await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let second = cookie_pair(&renewed);
    assert_ne!(second, first);
    assert!(json_of(renewed).await.get("refresh_token").is_none());
    let old = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED, "the old pair died");
    let replayed = server
        .post_with_cookie(AUTH, &json!({"jwt": true}), &first)
        .await;
    assert_eq!(replayed.status(), StatusCode::FORBIDDEN);
    assert!(set_cookies(&replayed).is_empty());
    assert_eq!(json_of(replayed).await, json!({"result": false}));
    let missing = server.post_json(AUTH, &json!({"jwt": true})).await;
    assert_eq!(
        missing.status(),
        StatusCode::FORBIDDEN,
        "no cookie: a refused refresh"
    );
    let again = server
        .post_with_cookie(AUTH, &json!({"jwt": true}), &second)
        .await;
    assert_eq!(again.status(), StatusCode::OK, "no reuse detection");
}

#[tokio::test]
async fn cookie_mode_adds_a_logout_that_ends_the_pair() {
    let server = spawn(netuno_cookie_config()).await;
    let (cookie, login) = login(&server).await;
    let response = server.post_with_cookie(LOGOUT, &json!({}), &cookie).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "no-cache, no-store, must-revalidate"
    );
    assert_eq!(cookie_pair(&response), "auth_refresh=");
    assert_eq!(json_of(response).await, json!({"result": true}));
    let profile = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(
        profile.status(),
        StatusCode::UNAUTHORIZED,
        "its access token too"
    );
    let refresh = server
        .post_with_cookie(AUTH, &json!({"jwt": true}), &cookie)
        .await;
    assert_eq!(refresh.status(), StatusCode::FORBIDDEN);
    let stats = server.stats().await;
    assert_eq!(stats["logouts"], 1);
    assert_eq!(stats["revoked_token_calls"], 0, "a logout is not a refresh");
}
