use super::*;
use crate::core::testing::JsonSettings;
use serde_json::{json, Value};

/// The settings applied to the defaults, as the facade applies JS settings.
fn patch(settings: Value) -> Result<Config, AuthError> {
    crate::core::settings::merged(&Config::default(), &JsonSettings(settings))
}

#[test]
fn deep_merge_keeps_sibling_keys() {
    let c = patch(json!({"token": {"storageKey": "k"}, "storage": "local"})).unwrap();
    assert_eq!(c.token.storage_key, "k");
    assert_eq!(c.token.access_token_key, "access_token");
    assert_eq!(c.storage, StorageKind::Local);
    assert_eq!(c.login, Config::default().login);
}

#[test]
fn null_clears_nullable_keys_and_absent_keeps_them() {
    let c = patch(json!({"token": {"resultKey": null}})).unwrap();
    assert_eq!(c.token.result_key, None);
    assert_eq!(c.token.expires_in_key.as_deref(), Some("expires_in"));
}

#[test]
fn typos_and_wrong_types_name_the_key() {
    for (settings, key) in [
        (json!({"storage": "locl"}), "storage"),
        (json!({"token": {"storagekey": "x"}}), "token.storagekey"),
        (json!({"autoRefreshToken": "yes"}), "autoRefreshToken"),
        (json!({"timeout": 1.5}), "timeout"),
        (json!({"login": {"usernameKey": 5}}), "login.usernameKey"),
        (json!({"retryStatuses": [401, "x"]}), "retryStatuses"),
        (json!({"token": []}), "token"),
        (json!([]), "settings"),
        (json!({"bad": 1}), "bad"),
    ] {
        let e = patch(settings.clone()).unwrap_err();
        assert_eq!(e.code().as_str(), "config");
        let message = e.to_string();
        assert!(
            message.starts_with(&format!("invalid configuration: {key}")),
            "{settings}: {message}"
        );
    }
}

#[test]
fn invalid_values_are_errors() {
    for (settings, key) in [
        (json!({"url": ""}), "url"),
        (json!({"refreshLead": -1}), "refreshLead"),
        (json!({"refreshJitter": -1}), "refreshJitter"),
        (json!({"timeout": 0}), "timeout"),
        (
            json!({"token": {"expiresInDefault": 0}}),
            "token.expiresInDefault",
        ),
        // What fetch would refuse on every call, not once at config().
        (json!({"authHeader": "X Token"}), "authHeader"),
        (json!({"authScheme": "Be arer"}), "authScheme"),
        (
            json!({"service": {"headers": {"Bad Name": "x"}}}),
            "service.headers",
        ),
        (
            json!({"service": {"headers": {"X-A": "a\nb"}}}),
            "service.headers",
        ),
        (
            json!({"service": {"headers": {"X-A": "\u{2028}"}}}),
            "service.headers",
        ),
    ] {
        let message = patch(settings).unwrap_err().to_string();
        assert!(message.contains(key), "{message}");
    }
}

#[test]
fn refresh_timing_and_the_header_follow_the_settings() {
    let c = patch(json!({"refreshLead": 5, "refreshJitter": 0})).unwrap();
    assert_eq!(
        crate::core::schedule::RefreshPolicy::of(&c).lead_ms,
        5_000.0
    );
    assert_eq!(
        crate::core::schedule::RefreshPolicy::of(&c).jitter_ms,
        Some(0.0)
    );
    assert_eq!(
        Config::default().auth_header_value("Bearer", "t").1,
        "Bearer t"
    );
    let c = patch(json!({"authHeader": "x-access-token", "authScheme": null})).unwrap();
    assert_eq!(
        c.auth_header_value("Bearer", "t"),
        ("x-access-token".into(), "t".into())
    );
    let c = patch(json!({"authScheme": "Token"})).unwrap();
    assert_eq!(c.auth_header_value("Bearer", "t").1, "Token t");
}

#[test]
fn callbacks_are_allowed_keys() {
    // The facade reads the functions; serde skips them.
    assert!(
        patch(json!({"onLogin": 1, "login": {"success": 2}, "refreshToken": {"fail": 3}})).is_ok()
    );
}

#[test]
fn auth_url_joins_prefix() {
    assert_eq!(
        Config::default().auth_url(),
        "http://127.0.0.1:9000/services/_auth"
    );
}

#[test]
fn the_config_copy_reads_back_as_settings() {
    let custom = patch(json!({
        "authScheme": null, "allowedOrigins": ["https://a.example"], "storage": "memory"
    }))
    .unwrap();
    for config in [Config::default(), custom] {
        let copy = serde_json::to_value(&config).unwrap();
        assert_eq!(patch(copy).unwrap(), config);
    }
    let default_copy = serde_json::to_value(Config::default()).unwrap();
    assert!(
        default_copy.get("authScheme").is_none(),
        "absent means the token type"
    );
}
