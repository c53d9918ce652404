use super::*;
use crate::core::config::Credentials;
use serde_json::{json, Value};

use crate::core::testing::JsonSettings;

fn one(section: &str, key: &str, value: Value) -> Result<Change, String> {
    change(section, &JsonSettings(json!({ key: value })))
}

/// Every key the configuration serializes is a setting, of the same type: reading the default
/// configuration back key by key, section by section, changes nothing.
#[test]
fn every_key_is_a_setting() {
    let mut defaults = Config {
        auth_scheme: Some(Some("Token".into())),
        allowed_origins: Some(vec!["https://a.example".into()]),
        ..Config::default()
    };
    defaults.service.credentials = Some(Credentials::Include);
    defaults.share_across_tabs = Some(true);
    defaults.refresh_token.cookie = true;
    let Value::Object(top) = serde_json::to_value(&defaults).unwrap() else {
        panic!("not an object")
    };
    let mut rebuilt = Config {
        prefix: "x".into(),
        ..Config::default()
    };
    let mut seen = 0;
    for (key, value) in top {
        if let (true, Value::Object(inner)) = (Config::SECTIONS.contains(&key.as_str()), &value) {
            for (k, v) in inner {
                one(&key, k, v.clone()).unwrap().apply(&mut rebuilt);
                seen += 1;
            }
        } else {
            one("", &key, value)
                .unwrap_or_else(|e| panic!("{key}: {e}"))
                .apply(&mut rebuilt);
            seen += 1;
        }
    }
    assert_eq!(rebuilt, defaults);
    assert_eq!(
        seen,
        15 + 3 + 4 + 2 + 2 + 10,
        "every field of every section"
    );
}

#[test]
fn values_of_the_wrong_type_and_unknown_keys_are_serde_errors() {
    assert_eq!(
        one("", "storage", json!("local")),
        Ok(Change::Top(Setting::Storage(StorageKind::Local)))
    );
    for (section, key, value, problem) in [
        ("", "storage", json!("locl"), "locl"),
        ("", "autoRefreshToken", json!("yes"), "boolean"),
        ("", "timeout", json!(1.5), "u32"),
        ("token", "storagekey", json!("x"), "storagekey"),
        ("", "retryStatuses", json!([401, "x"]), "u16"),
    ] {
        let e = one(section, key, value).unwrap_err();
        assert!(e.contains(problem), "{key}: {e}");
    }
}

#[test]
fn null_clears_nullable_keys_and_means_the_bare_token_for_auth_scheme() {
    let mut c = Config::default();
    one("token", "resultKey", Value::Null)
        .unwrap()
        .apply(&mut c);
    assert_eq!(c.token.result_key, None);
    one("", "authScheme", Value::Null).unwrap().apply(&mut c);
    assert_eq!(c.auth_header_value("Bearer", "t").1, "t");
    assert!(one("", "url", Value::Null).is_err(), "not nullable");
}
