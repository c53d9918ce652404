//! Test mode in the netuno dialect: `extra`, altcha, the fields in
//! `/_test/attempts`, reset, and faults.

use auth_test_server::faults::MALFORMED_BODY;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{json_of, keys_of, spawn_default, Server, NETUNO_LOGIN_KEYS};

/// A login with the extra `fields` merged into the body.
async fn login_with(server: &Server, fields: Value) -> reqwest::Response {
    let mut body = json!({"username": "admin", "password": "secret", "jwt": true});
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    server.post_json("/services/_auth", &body).await
}

#[tokio::test]
async fn extra_is_what_later_logins_carry() {
    let server = spawn_default().await;
    let extra = json!({"profile": {"name": "Ada"}, "roles": ["x"]});
    let set = server
        .post_json("/_test/extra", &json!({ "extra": extra }))
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    assert_eq!(json_of(set).await, json!({"result": true, "extra": extra}));
    assert_eq!(server.login("admin").await["extra"], extra);
    for bad in [json!({"extra": 1}), json!({"other": {}}), json!([])] {
        let response = server.post_json("/_test/extra", &bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    server.post_json("/_test/reset", &json!({})).await;
    assert_eq!(server.login("admin").await["extra"], json!({}));
}

#[tokio::test]
async fn altcha_refuses_missing_and_invalid_payloads_when_required() {
    let server = spawn_default().await;
    server.login("admin").await;
    let on = server
        .post_json("/_test/altcha", &json!({"required": true}))
        .await;
    assert_eq!(json_of(on).await, json!({"result": true, "required": true}));
    let missing = server.try_login("admin", "secret").await;
    assert_eq!(missing.status(), StatusCode::NOT_ACCEPTABLE);
    assert_eq!(
        missing.text().await.unwrap_or_default(),
        r#"{"altcha":"no-payload","result":false}"#
    );
    let invalid = login_with(&server, json!({"altcha": "forged"})).await;
    assert_eq!(invalid.status(), StatusCode::NOT_ACCEPTABLE);
    assert_eq!(
        invalid.text().await.unwrap_or_default(),
        r#"{"altcha":"invalidated","result":false}"#
    );
    let valid = login_with(&server, json!({"altcha": "valid"})).await;
    assert_eq!(valid.status(), StatusCode::OK);
    let login = json_of(valid).await;
    // Netuno checks altcha on every `_auth` call, refreshes included.
    let refresh = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(refresh.status(), StatusCode::NOT_ACCEPTABLE);
    let body = json!({"refresh_token": login["refresh_token"], "jwt": true, "altcha": "valid"});
    let refresh = server.post_json("/services/_auth", &body).await;
    assert_eq!(refresh.status(), StatusCode::OK);
    let stats = server.stats().await;
    assert_eq!(stats["login_failures"], 2);
    assert_eq!(stats["refresh_rejections"], 1);
    let off = server
        .post_json("/_test/altcha", &json!({"required": false}))
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    server.login("admin").await;
    let bad = server
        .post_json("/_test/altcha", &json!({"required": "yes"}))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn reset_turns_altcha_off() {
    let server = spawn_default().await;
    server
        .post_json("/_test/altcha", &json!({"required": true}))
        .await;
    server.post_json("/_test/reset", &json!({})).await;
    server.login("admin").await;
}

#[tokio::test]
async fn attempts_show_the_fields_each_login_and_refresh_carried() {
    let server = spawn_default().await;
    let login = login_with(&server, json!({"altcha": "payload", "Lang": "pt"})).await;
    let login = json_of(login).await;
    server.try_refresh(&login["refresh_token"]).await;
    server
        .post_json("/services/_auth", &json!({"jwt": true}))
        .await; // 400: not logged
    let attempts = server.attempts().await;
    let fields = &attempts["fields"];
    assert_eq!(fields["login"].as_array().map(Vec::len), Some(1));
    assert_eq!(fields["login"][0]["altcha"], "payload");
    assert_eq!(fields["login"][0]["lang"], "pt", "names are lowercased");
    assert_eq!(keys_of(&fields["refresh"][0]), ["jwt", "refresh_token"]);
    assert_eq!(attempts["login"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn reset_forgets_every_pair() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    server.post_json("/_test/reset", &json!({})).await;
    let profile = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(profile.status(), StatusCode::UNAUTHORIZED);
    let refresh = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(refresh.status(), StatusCode::FORBIDDEN);
    let stats = server.stats().await;
    assert_eq!(stats["rejected_token_calls"], 1);
    assert_eq!(stats["revoked_token_calls"], 0, "a reset is not a refresh");
}

#[tokio::test]
async fn faults_work_in_the_netuno_dialect() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    server
        .inject(json!([
            {"target": "service", "kind": "status", "status": 401},
            {"target": "refresh", "kind": "malformed"},
            {"target": "login", "kind": "oversized", "field": "access_token", "bytes": 50},
            {"target": "login", "kind": "drop"}
        ]))
        .await;
    let faulted = server
        .get_with_token("/services/profile", &login["access_token"])
        .await;
    assert_eq!(faulted.status(), StatusCode::UNAUTHORIZED);
    assert!(faulted.headers().get("www-authenticate").is_none());
    let malformed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(malformed.text().await.unwrap_or_default(), MALFORMED_BODY);
    let oversized = json_of(server.try_login("admin", "secret").await).await;
    assert_eq!(oversized["access_token"], "a".repeat(50));
    assert_eq!(keys_of(&oversized), NETUNO_LOGIN_KEYS);
    let refused = server.try_refresh(&oversized["refresh_token"]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "nothing was kept");
    let dropped = server
        .client
        .post(server.url("/services/_auth"))
        .json(&json!({"username": "admin", "password": "secret", "jwt": true}))
        .send()
        .await;
    assert!(dropped.is_err(), "no HTTP answer");
    // The faulted refresh spent nothing: the original pair still refreshes.
    let renewed = server.try_refresh(&login["refresh_token"]).await;
    assert_eq!(renewed.status(), StatusCode::OK);
    assert_eq!(server.stats().await["logins"], 1);
}
