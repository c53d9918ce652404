use super::*;
use crate::config_patch::ConfigPatch;
use crate::error::AuthError;

fn patch(json: &str) -> Result<ConfigPatch, AuthError> {
    ConfigPatch::parse(&serde_json::from_str(json).unwrap())
}

#[test]
fn deep_merge_keeps_sibling_keys() {
    let c = Config::default()
        .merged(patch(r#"{"token":{"storageKey":"k"},"storage":"local"}"#).unwrap())
        .unwrap();
    assert_eq!(c.token.storage_key, "k");
    assert_eq!(c.token.access_token_key, "access_token");
    assert_eq!(c.storage, StorageKind::Local);
    assert_eq!(c.login, Config::default().login);
}

#[test]
fn null_clears_nullable_keys_and_absent_keeps_them() {
    let c = Config::default()
        .merged(patch(r#"{"token":{"resultKey":null}}"#).unwrap())
        .unwrap();
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
    let e = base.merged(patch(r#"{"url":""}"#).unwrap()).unwrap_err();
    assert_eq!(e.code(), "config");
    assert_eq!(base, Config::default());
}

#[test]
fn refresh_timing_is_validated() {
    let c = Config::default().merged(patch(r#"{"refreshLead":5,"refreshJitter":0}"#).unwrap());
    assert_eq!(c.unwrap().refresh_policy().lead_ms, 5_000.0);
    let e = Config::default()
        .merged(patch(r#"{"refreshLead":-1}"#).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("refreshLead"));
}

#[test]
fn callbacks_are_allowed_keys() {
    assert!(patch(r#"{"onLogin":1,"login":{"success":2},"refreshToken":{"fail":3}}"#).is_ok());
}

#[test]
fn the_header_follows_scheme_and_origins() {
    let c = Config::default();
    assert_eq!(c.auth_header_value("Bearer", "t").1, "Bearer t");
    assert_eq!(c.token_origins("http://page:1"), ["http://127.0.0.1:9000"]);
    let c = c
        .merged(patch(r#"{"authHeader":"x-access-token","authScheme":null,"allowedOrigins":["https://a.example"]}"#).unwrap())
        .unwrap();
    assert_eq!(
        c.auth_header_value("Bearer", "t"),
        ("x-access-token".into(), "t".into())
    );
    assert_eq!(c.token_origins("http://page:1"), ["https://a.example"]);
    let e = Config::default()
        .merged(patch(r#"{"allowedOrigins":["https://a.example/path"]}"#).unwrap());
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
    let custom = Config::default()
        .merged(
            patch(
                r#"{"authScheme":null,"allowedOrigins":["https://a.example"],"storage":"memory"}"#,
            )
            .unwrap(),
        )
        .unwrap();
    for config in [Config::default(), custom] {
        let again = Config::default().merged(ConfigPatch::parse(&config.to_value()).unwrap());
        assert_eq!(again.unwrap(), config);
    }
}
