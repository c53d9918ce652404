//! `POST /services/_auth/logout` without cookie mode: revokes the family,
//! always 200, never sets or reads a cookie.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{json_of, set_cookies, spawn_oauth};

const LOGOUT: &str = "/services/_auth/logout";

#[tokio::test]
async fn logout_revokes_the_whole_family_only() {
    let server = spawn_oauth().await;
    let family = server.login("admin").await;
    let other_login = server.login("admin").await;
    let renewed = json_of(server.try_refresh(&family["refresh_token"]).await).await;
    // The spent first token still names the family.
    let response = server
        .post_json(LOGOUT, &json!({"refresh_token": family["refresh_token"]}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(set_cookies(&response).is_empty());
    assert_eq!(json_of(response).await, json!({"result": true}));
    let dead = server.try_refresh(&renewed["refresh_token"]).await;
    assert_eq!(dead.status(), StatusCode::FORBIDDEN);
    let alive = server.try_refresh(&other_login["refresh_token"]).await;
    assert_eq!(alive.status(), StatusCode::OK);
    // Access tokens live on until they expire, as stateless JWTs do.
    let profile = server
        .get_with_token("/services/profile", &renewed["access_token"])
        .await;
    assert_eq!(profile.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_is_idempotent_and_the_body_optional() {
    let server = spawn_oauth().await;
    let login = server.login("admin").await;
    let with_token = json!({"refresh_token": login["refresh_token"], "extra": 1});
    for body in [
        "",
        "{}",
        r#"{"refresh_token": null}"#,
        r#"{"refresh_token": "unknown"}"#,
    ] {
        let response = server.post_raw(LOGOUT, body).await;
        assert_eq!(response.status(), StatusCode::OK, "{body:?}");
        assert_eq!(json_of(response).await, json!({"result": true}));
    }
    for _ in 0..2 {
        let response = server.post_json(LOGOUT, &with_token).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(server.stats().await["logouts"], 6);
}

#[tokio::test]
async fn logout_refuses_what_is_not_a_logout() {
    let server = spawn_oauth().await;
    for body in ["not json", "[1]", r#"{"refresh_token": 7}"#] {
        let response = server.post_raw(LOGOUT, body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(json_of(response).await["error"], "bad-request");
    }
    let get = server.client.get(server.url(LOGOUT)).send().await;
    let get = get.expect("answered");
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(server.stats().await["logouts"], 0);
    // It is not a protected service: no token needed, not a service call.
    assert_eq!(server.stats().await["service_calls"], 0);
}

#[tokio::test]
async fn without_cookie_mode_no_cookie_is_set_or_read() {
    let server = spawn_oauth().await;
    let login = server.try_login("admin", "secret").await;
    assert!(set_cookies(&login).is_empty());
    let login = json_of(login).await;
    let refresh_token = login["refresh_token"].as_str().unwrap_or_default();
    let cookie = format!("auth_refresh={refresh_token}");
    let bare = server
        .post_with_cookie("/services/_auth", &json!({"jwt": true}), &cookie)
        .await;
    assert_eq!(
        bare.status(),
        StatusCode::BAD_REQUEST,
        "the cookie is ignored"
    );
    let logout = server.post_with_cookie(LOGOUT, &json!({}), &cookie).await;
    assert!(set_cookies(&logout).is_empty());
    let alive = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(alive.status(), StatusCode::OK, "logout ignored the cookie");
}
