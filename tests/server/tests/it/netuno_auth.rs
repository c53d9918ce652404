//! The netuno dialect's `_auth` (the default): login answers, where fields
//! come from, and every refusal but lockouts.

use auth_test_server::{ExpiresInUnit, ServerConfig};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha512};

use crate::common::{
    assert_sorted_compact, json_of, spawn, spawn_default, test_config, verified_claims, Server,
    NETUNO_LOGIN_KEYS,
};

/// Asserts Netuno's no-cache headers and a JSON content type.
fn assert_netuno_json_headers(response: &Response) {
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(
        headers["cache-control"],
        "no-cache, no-store, must-revalidate"
    );
    assert_eq!(headers["pragma"], "no-cache");
    assert_eq!(headers["expires"], "0");
}

/// Sends `body` to `_auth` with `content_type` and `method`.
async fn send(server: &Server, method: Method, content_type: &str, body: &str) -> Response {
    server
        .client
        .request(method, server.url("/services/_auth"))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("answered")
}

#[tokio::test]
async fn login_answers_netuno_keys_sorted_in_milliseconds() {
    let server = spawn(ServerConfig {
        access_ttl_secs: 4,
        ..test_config()
    })
    .await;
    let response = server.try_login("admin", "secret").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_netuno_json_headers(&response);
    let text = response.text().await.unwrap_or_default();
    assert_sorted_compact(&text, &NETUNO_LOGIN_KEYS);
    let body: Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(body["result"], true);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 4000);
    assert_eq!(body["refresh_expires_in"], 86_400_000);
    assert_eq!(body["extra"], json!({}));
    let claims = verified_claims(&body["access_token"]);
    assert_eq!(
        claims,
        json!({"token_type": "Bearer", "uid": claims["uid"], "_user": "admin",
               "_user_uid": "6f1c2a4e-0b1d-4c2e-9a51-3d7e8f1a0001",
               "_user_name": "Ada Admin", "_user_code": "ADM-001",
               "_group_uid": "1b9e7d3c-5a2f-4e61-8c0d-9f4a2b6e0a01",
               "_group_name": "Administrators", "_group_code": "admin",
               "_admin": true, "_dev": false})
    );
    let uid = claims["uid"].as_str().unwrap_or_default();
    let sha: String = Sha512::digest(uid.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(body["short_token"], sha);
    assert_eq!(sha.len(), 128);
    let refresh = verified_claims(&body["refresh_token"]);
    assert_eq!(refresh["token_type"], "Bearer");
    assert_eq!(refresh["token_uid"], claims["uid"]);
    assert_eq!(refresh["expires_in"], 86_400_000);
    assert!(refresh["uid"].is_string() && refresh["uid"] != claims["uid"]);
}

#[tokio::test]
async fn expires_in_unit_overrides_the_milliseconds() {
    let server = spawn(ServerConfig {
        expires_in_unit: Some(ExpiresInUnit::Seconds),
        refresh_ttl_secs: 90,
        ..test_config()
    })
    .await;
    let body = server.login("customer").await;
    assert_eq!(
        (
            body["expires_in"].clone(),
            body["refresh_expires_in"].clone()
        ),
        (json!(3600), json!(90))
    );
}

#[tokio::test]
async fn groups_are_not_enforced_and_refusals_say_locked_false() {
    let server = spawn_default().await;
    let guest = server.login("guest").await;
    assert_eq!(
        verified_claims(&guest["access_token"])["_group_code"],
        "guest"
    );
    for (user, password) in [("admin", "wrong"), ("nobody", "secret")] {
        let response = server.try_login(user, password).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{user}");
        assert_netuno_json_headers(&response);
        let text = response.text().await.unwrap_or_default();
        assert_eq!(text, r#"{"locked":false,"result":false}"#);
    }
    let stats = server.stats().await;
    assert_eq!(
        (stats["logins"].clone(), stats["login_failures"].clone()),
        (json!(1), json!(2))
    );
}

#[tokio::test]
async fn fields_come_from_query_form_multipart_and_json_in_any_case() {
    let server = spawn_default().await;
    let query = server
        .client
        .get(server.url("/services/_auth?username=admin&password=secret&jwt=true"))
        .send()
        .await
        .expect("answered");
    assert_eq!(query.status(), StatusCode::OK, "GET with a query string");
    let form = send(
        &server,
        Method::PUT,
        "application/x-www-form-urlencoded",
        "USERNAME=admin&Password=secret&jwt=1",
    )
    .await;
    assert_eq!(form.status(), StatusCode::OK, "form, names in any case");
    let multipart = "--b0undary\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin\r\n\
                     --b0undary\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n\
                     --b0undary\r\nContent-Disposition: form-data; name=\"jwt\"\r\n\r\ntrue\r\n\
                     --b0undary--\r\n";
    let response = send(
        &server,
        Method::POST,
        "multipart/form-data; boundary=b0undary",
        multipart,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "multipart");
    let json_charset = send(
        &server,
        Method::POST,
        "application/json;charset=UTF-8",
        r#"{"Username": "admin", "PASSWORD": "secret", "jwt": 1, "remember": true}"#,
    )
    .await;
    assert_eq!(json_charset.status(), StatusCode::OK, "JSON with a charset");
    let mixed = server
        .client
        .post(server.url("/services/_auth?jwt=true"))
        .json(&json!({"username": "admin", "password": "secret"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(
        mixed.status(),
        StatusCode::OK,
        "jwt in the query, credentials in the body"
    );
    assert_eq!(server.stats().await["logins"], 5);
}

#[tokio::test]
async fn jwt_accepts_netunos_true_values_only() {
    let server = spawn_default().await;
    for jwt in [json!(true), json!("true"), json!("1"), json!(1)] {
        let body = json!({"username": "admin", "password": "secret", "jwt": jwt});
        let response = server.post_json("/services/_auth", &body).await;
        assert_eq!(response.status(), StatusCode::OK, "{jwt}");
        assert!(json_of(response).await["access_token"].is_string());
    }
    // Without jwt, Netuno signs a session in: 200 {"result": true}, no token.
    for jwt in [json!(false), json!("yes"), json!(0)] {
        let body = json!({"username": "admin", "password": "secret", "jwt": jwt});
        let response = server.post_json("/services/_auth", &body).await;
        assert_eq!(response.status(), StatusCode::OK, "{jwt}");
        assert_eq!(
            response.text().await.unwrap_or_default(),
            r#"{"result":true}"#
        );
    }
}

#[tokio::test]
async fn basic_authorization_supplies_the_credentials() {
    let server = spawn_default().await;
    let basic = server
        .client
        .post(server.url("/services/_auth"))
        .basic_auth("customer", Some("secret"))
        .json(&json!({"jwt": true, "username": "admin", "password": "wrong"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(basic.status(), StatusCode::OK);
    let claims = verified_claims(&json_of(basic).await["access_token"]);
    assert_eq!(
        claims["_user"], "customer",
        "the header wins over the fields"
    );
}

#[tokio::test]
async fn credentials_win_over_a_refresh_token_and_unknown_fields_are_ignored() {
    let server = spawn_default().await;
    let first = server.login("admin").await;
    let body = json!({"username": "customer", "password": "secret", "jwt": true,
                      "refresh_token": first["refresh_token"], "altcha": "x", "lang": "pt"});
    let response = server.post_json("/services/_auth", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer = json_of(response).await;
    assert!(answer.get("extra").is_some(), "a login answer");
    assert_eq!(
        verified_claims(&answer["access_token"])["_user"],
        "customer"
    );
    let stats = server.stats().await;
    assert_eq!(
        (stats["logins"].clone(), stats["refreshes"].clone()),
        (json!(2), json!(0))
    );
    // An empty password is no credentials: the refresh token is used.
    let half = json!({"username": "customer", "password": "", "jwt": true,
                      "refresh_token": first["refresh_token"]});
    let refreshed = json_of(server.post_json("/services/_auth", &half).await).await;
    assert!(
        refreshed.get("extra").is_none(),
        "a refresh answer: {refreshed}"
    );
}

#[tokio::test]
async fn jwt_with_neither_is_400_and_without_jwt_nothing() {
    let server = spawn_default().await;
    for body in [
        json!({"jwt": true}),
        json!({"jwt": true, "username": "admin"}),
    ] {
        let response = server.post_json("/services/_auth", &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_netuno_json_headers(&response);
        assert_eq!(
            response.text().await.unwrap_or_default(),
            r#"{"result":false}"#
        );
    }
    let nothing = server
        .post_json("/services/_auth", &json!({"refresh_token": "r"}))
        .await;
    assert_eq!(nothing.status(), StatusCode::OK);
    assert_eq!(nothing.bytes().await.map(|b| b.len()).ok(), Some(0));
    let stats = server.stats().await;
    assert_eq!(
        (
            stats["login_failures"].clone(),
            stats["refresh_rejections"].clone()
        ),
        (json!(0), json!(0))
    );
    assert_eq!(server.attempts().await["login"], json!([]));
}

#[tokio::test]
async fn malformed_json_is_a_500_html_page() {
    let server = spawn_default().await;
    let response = server.post_auth_raw(r#"{"username": "admin", "#).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(response.text().await.unwrap_or_default().contains("<html"));
    // Not JSON at all, but declared so: the same. Declared as text: no fields.
    let not_json = server.post_auth_raw("username=admin&password=secret").await;
    assert_eq!(not_json.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let text = send(&server, Method::POST, "text/plain", "{not json").await;
    assert_eq!(
        text.status(),
        StatusCode::OK,
        "no fields: Netuno writes nothing"
    );
    assert_eq!(server.stats().await["login_failures"], 0);
}

#[tokio::test]
async fn the_dot_netuno_path_is_the_same_service() {
    let server = spawn_default().await;
    let body = json!({"username": "admin", "password": "secret", "jwt": true});
    let response = server.post_json("/services/_auth.netuno", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(json_of(response).await["access_token"].is_string());
}

#[tokio::test]
async fn there_is_no_logout_endpoint() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    let logout = json!({"refresh_token": login["refresh_token"]});
    // Just another service path: 401 without a token, 404 with one.
    let anonymous = server.post_json("/services/_auth/logout", &logout).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let token = login["access_token"].as_str().unwrap_or_default();
    let authorized = server
        .client
        .post(server.url("/services/_auth/logout"))
        .bearer_auth(token)
        .json(&logout)
        .send()
        .await
        .expect("answered");
    assert_eq!(authorized.status(), StatusCode::NOT_FOUND);
    assert_eq!(server.stats().await["logouts"], 0);
    let alive = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(alive.status(), StatusCode::OK, "nothing was logged out");
}
