use super::*;
use crate::error::AuthError;
use crate::json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// The settings merged into the defaults.
fn patch(text: &str) -> Result<Config, AuthError> {
    Config::default().merged(&json(text))
}

#[test]
fn deep_merge_keeps_sibling_keys() {
    let c = patch(r#"{"token":{"storageKey":"k"},"storage":"local"}"#).unwrap();
    assert_eq!(c.token.storage_key, "k");
    assert_eq!(c.token.access_token_key, "access_token");
    assert_eq!(c.storage, StorageKind::Local);
    assert_eq!(c.login, Config::default().login);
}

#[test]
fn null_clears_nullable_keys_and_absent_keeps_them() {
    let c = patch(r#"{"token":{"resultKey":null}}"#).unwrap();
    assert_eq!(c.token.result_key, None);
    assert_eq!(c.token.expires_in_key.as_deref(), Some("expires_in"));
}

#[test]
fn typos_name_the_key() {
    let e = patch(r#"{"storage":"locl"}"#).unwrap_err().to_string();
    assert!(e.contains("storage") && e.contains("locl"), "{e}");
    let e = patch(r#"{"token":{"storagekey":"x"}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("token.storagekey: unknown key"), "{e}");
    let e = patch(r#"{"autoRefreshToken":"yes"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("autoRefreshToken") && e.contains("boolean"),
        "{e}"
    );
}

#[test]
fn invalid_values_change_nothing() {
    let base = Config::default();
    let e = base.merged(&json(r#"{"url":""}"#)).unwrap_err();
    assert_eq!(e.code(), "config");
    assert_eq!(base, Config::default());
}

#[test]
fn refresh_timing_is_validated() {
    let c = patch(r#"{"refreshLead":5,"refreshJitter":0}"#);
    assert_eq!(c.unwrap().refresh_policy().lead_ms, 5_000.0);
    let e = patch(r#"{"refreshLead":-1}"#).unwrap_err();
    assert!(e.to_string().contains("refreshLead"));
}

#[test]
fn callbacks_are_allowed_keys() {
    assert!(patch(r#"{"onLogin":1,"login":{"success":2},"refreshToken":{"fail":3}}"#).is_ok());
}

#[test]
fn the_header_follows_the_scheme_and_origins_are_checked() {
    let c = Config::default();
    assert_eq!(c.auth_header_value("Bearer", "t").1, "Bearer t");
    let c = c
        .merged(&json(r#"{"authHeader":"x-access-token","authScheme":null,"allowedOrigins":["https://a.example"]}"#))
        .unwrap();
    assert_eq!(
        c.auth_header_value("Bearer", "t"),
        ("x-access-token".into(), "t".into())
    );
    assert_eq!(
        c.allowed_origins.as_deref(),
        Some(&["https://a.example".to_owned()][..])
    );
    let e = patch(r#"{"allowedOrigins":["https://a.example/path"]}"#);
    assert!(e.unwrap_err().to_string().contains("allowedOrigins"));
}

#[test]
fn auth_url_joins_prefix() {
    assert_eq!(
        Config::default().auth_url(),
        "http://127.0.0.1:9000/services/_auth"
    );
}

#[test]
fn wrong_types_name_the_path() {
    let e = patch(r#"{"timeout":1.5}"#).unwrap_err().to_string();
    assert!(e.contains("timeout: expected a whole number"), "{e}");
    let e = patch(r#"{"login":{"usernameKey":5}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("login.usernameKey: expected a string, got a number"),
        "{e}"
    );
    let e = patch(r#"{"token":[]}"#).unwrap_err().to_string();
    assert!(e.contains("token: expected an object"), "{e}");
    let e = patch(r#"{"retryStatuses":[401,"x"]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("retryStatuses"), "{e}");
}

#[test]
fn the_config_copy_reads_back_as_settings() {
    let custom =
        patch(r#"{"authScheme":null,"allowedOrigins":["https://a.example"],"storage":"memory"}"#)
            .unwrap();
    for config in [Config::default(), custom] {
        let again = Config::default().merged(&crate::json_text::parse(&config.to_json()).unwrap());
        assert_eq!(again.unwrap(), config);
    }
}

#[test]
fn errors_are_exact_and_in_key_order() {
    let cases = [
        (
            r#"{"prefix":5,"storage":"x"}"#,
            r#"storage: "x" is not one of session, local, memory"#,
        ),
        (
            r#"{"storage":5}"#,
            "storage: expected one of session, local, memory, got a number",
        ),
        (
            r#"{"authScheme":1,"retryStatuses":"x"}"#,
            "authScheme: expected a string or null, got a number",
        ),
        (
            r#"{"timeout":"x","bad":1}"#,
            "bad: unknown key (expected one of: prefix, url, autoLoadServiceHeaders, \
             autoRefreshToken, storage, expiresInUnit, login, refreshToken, token, timeout, \
             refreshLead, refreshJitter, allowedOrigins, authHeader, authScheme, retryStatuses, \
             crossTabLock, onLogin, onLogout)",
        ),
        (
            r#"{"login":{"x":1}}"#,
            "login.x: unknown key (expected one of: usernameKey, passwordKey, success, fail)",
        ),
        ("[]", "settings: expected an object, got an array"),
    ];
    for (settings, message) in cases {
        let e = patch(settings).unwrap_err().to_string();
        assert_eq!(e, ["invalid configuration: ", message].concat());
    }
}

#[test]
fn the_config_copy_keeps_its_key_order() {
    let c = patch(r#"{"authScheme":"S"}"#).unwrap();
    let Some(Value::Object(members)) = crate::json_text::parse(&c.to_json()) else {
        panic!("not an object")
    };
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys.first(), Some(&"prefix"));
    assert_eq!(keys[keys.len() - 2..], ["crossTabLock", "authScheme"]);
    assert_eq!(keys.len(), 17);
}
