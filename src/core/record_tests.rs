//! The stored record between this SDK and `@netuno/auth-client` 1.1.1, on a store that keeps
//! JSON text as Web Storage does (serde_json standing in for `JSON.parse` and
//! serde-wasm-bindgen, as in the browser's store).

use super::*;
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::session::Session;
use crate::core::store::TokenStore;
use crate::core::testing::fields;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The server's login answer, as a real Netuno server sends it (PROTOCOL.md §1).
const LOGIN: &str = r#"{"access_token":"a1","expires_in":3600000,"extra":{"plan":"pro"},
    "refresh_expires_in":86400000,"refresh_token":"r1","result":true,
    "short_token":"s1","token_type":"Bearer"}"#;

/// When the reference stored the answer (its `loaded_in`).
const LOADED_IN: f64 = 1_765_000_000_000.0;

/// The record `@netuno/auth-client` writes: the answer plus `loaded_in`.
fn reference_record(answer: &str, loaded_in: f64) -> Value {
    let mut record: Value = serde_json::from_str(answer).unwrap();
    record["loaded_in"] = json!(loaded_in);
    record
}

/// What the browser's store reads out of `text` by the keys of `config`, on a clock at `now`.
fn decode(text: &str, config: &Config, now: f64) -> Stored {
    let record: Value = match serde_json::from_str(text) {
        Ok(record @ Value::Object(_)) => record,
        _ => return Stored::Unreadable,
    };
    let member = |key: &str| match record.get(key) {
        None => Field::Absent,
        Some(Value::Null) => Field::Null,
        Some(Value::Bool(b)) => Field::Bool(*b),
        Some(Value::Number(n)) => Field::Number(n.as_f64().unwrap_or(f64::NAN)),
        Some(Value::String(s)) => Field::Text(s.clone()),
        Some(_) => Field::Other("an object or an array"),
    };
    Stored::Record(Box::new(RecordFields {
        token: fields(text, config),
        loaded_in: member(&config.token.loaded_in_key),
        version: member(VERSION_KEY),
        lifetime_ms: member(LIFETIME_KEY),
        previous: serde_json::from_value(record.clone()).ok(),
        read_at: now,
    }))
}

/// Web Storage on serde_json: JSON text per key, read on a clock of the test's.
#[derive(Clone, Default)]
struct JsonStore {
    items: Rc<RefCell<HashMap<String, String>>>,
    now: Rc<Cell<f64>>,
}

impl JsonStore {
    fn put(&self, key: &str, text: &str) {
        self.items.borrow_mut().insert(key.into(), text.into());
    }
    fn item(&self, key: &str) -> Option<Value> {
        let text = self.items.borrow().get(key).cloned()?;
        Some(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

impl TokenStore for JsonStore {
    fn read(&self, key: &str, names: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        let config = Config {
            token: names.clone(),
            ..Config::default()
        };
        let text = self.items.borrow().get(key).cloned();
        Ok(text.map(|text| decode(&text, &config, self.now.get())))
    }
    fn write(&self, key: &str, token: &TokenState, names: &TokenConfig) -> Result<(), AuthError> {
        let extra = token
            .extra
            .as_deref()
            .map(|t| serde_json::from_str::<Value>(t).unwrap());
        let text = serde_json::to_string(&TokenRecord::new(token, names, extra)).unwrap();
        self.put(key, &text);
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.items.borrow_mut().remove(key);
        Ok(())
    }
}

fn session(store: &JsonStore, config: Config) -> Session {
    Session::new(config, Box::new(store.clone()))
}

/// `@netuno/auth-client` 1.1.1's `token.load` condition (index.mjs), on a parsed record: what
/// a tab still on it accepts from storage. JS truthiness: not null, false, 0 or "".
fn reference_loads(data: &Value, keys: &TokenConfig) -> bool {
    let get = |key: &Option<String>| key.as_ref().map_or(&Value::Null, |k| &data[k]);
    let truthy = |v: &Value| match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    };
    let (access, refresh) = (
        &data[&keys.access_token_key],
        &data[&keys.refresh_token_key],
    );
    data.is_object()
        && (keys.result_key.is_none() || truthy(get(&keys.result_key)))
        && (keys.expires_in_key.is_some() || get(&keys.expires_in_key).as_f64() > Some(0.0))
        && truthy(access)
        && truthy(refresh)
        && (get(&keys.token_type_key).is_null() || truthy(get(&keys.token_type_key)))
}

fn restored(s: &mut Session) -> TokenState {
    assert_eq!(s.restore(), vec![Event::Restore]);
    s.token().cloned().expect("a token")
}

#[test]
fn the_reference_record_continues_its_session_and_stays() {
    let store = JsonStore::default();
    store.now.set(LOADED_IN + 60_000.0);
    let record = reference_record(LOGIN, LOADED_IN);
    store.put("_auth_token", &record.to_string());
    let token = restored(&mut session(&store, Config::default()));
    assert_eq!(token.access_token.secret(), "a1");
    assert_eq!(token.refresh_token.as_ref().map(|r| r.secret()), Some("r1"));
    assert_eq!(token.token_type, "Bearer");
    assert_eq!(token.expires_in, Some(3_600_000.0));
    assert_eq!(token.loaded_at, LOADED_IN, "its age is kept");
    assert_eq!(
        token.lifetime_ms,
        Some(3_600_000.0),
        "expires_in in milliseconds"
    );
    assert_eq!(token.extra.as_deref(), Some(r#"{"plan":"pro"}"#));
    assert_eq!(store.item("_auth_token"), Some(record), "left as it was");
}

#[test]
fn a_load_time_after_the_read_counts_as_the_read() {
    let store = JsonStore::default();
    store.now.set(LOADED_IN);
    for loaded_in in [json!(LOADED_IN + 3_600_000.0), json!(null), json!("soon")] {
        let mut record = reference_record(LOGIN, 0.0);
        record["loaded_in"] = loaded_in.clone();
        store.put("_auth_token", &record.to_string());
        let token = restored(&mut session(&store, Config::default()));
        assert_eq!(token.loaded_at, LOADED_IN, "{loaded_in}");
    }
}

#[test]
fn ours_is_the_reference_record_then_our_fields() {
    let store = JsonStore::default();
    store.now.set(LOADED_IN);
    store.put(
        "_auth_token",
        &reference_record(LOGIN, LOADED_IN).to_string(),
    );
    let mut s = session(&store, Config::default());
    s.restore();
    let refresh = r#"{"access_token":"a2","expires_in":3600000,"refresh_token":"r2",
        "result":true,"token_type":"Bearer"}"#;
    let reply = crate::core::testing::reply(200, refresh, &Config::default());
    let now = LOADED_IN + 1_000.0;
    s.accept(
        crate::core::session::Grant::Refresh(s.generation()),
        reply,
        now,
    )
    .0
    .unwrap();
    let text = store.items.borrow()["_auth_token"].clone();
    assert_eq!(
        text,
        r#"{"result":true,"access_token":"a2","refresh_token":"r2","token_type":"Bearer","expires_in":3600000.0,"extra":{"plan":"pro"},"loaded_in":1765000001000.0,"v":2,"lifetimeMs":3600000.0}"#
    );
    let written: Value = serde_json::from_str(&text).unwrap();
    assert!(reference_loads(&written, &Config::default().token));
    assert_eq!(
        written["loaded_in"],
        json!(now),
        "the reference's load time"
    );
    assert_eq!(
        written["expires_in"],
        json!(3_600_000.0),
        "as the server sent it"
    );
}

#[test]
fn the_reference_reads_ours_by_the_configured_keys() {
    let mut config = Config::default();
    config.token.result_key = None;
    config.token.access_token_key = "accessToken".into();
    config.token.refresh_token_key = "refreshToken".into();
    config.token.token_type_key = Some("tokenType".into());
    config.token.expires_in_key = Some("expiresIn".into());
    config.token.loaded_in_key = "loadedIn".into();
    let store = JsonStore::default();
    let mut s = session(&store, config.clone());
    let answer =
        r#"{"accessToken":"a1","refreshToken":"r1","tokenType":"Bearer","expiresIn":60000}"#;
    let reply = crate::core::testing::reply(200, answer, &config);
    s.accept(crate::core::session::Grant::Login, reply, 5_000.0)
        .0
        .unwrap();
    let written = store.item("_auth_token").unwrap();
    assert_eq!(
        written,
        json!({"accessToken": "a1", "refreshToken": "r1", "tokenType": "Bearer",
               "expiresIn": 60000.0, "loadedIn": 5000.0, "v": 2, "lifetimeMs": 60000.0})
    );
    assert!(reference_loads(&written, &config.token));
    assert!(
        !reference_loads(&written, &Config::default().token),
        "other keys"
    );
    store.now.set(6_000.0);
    assert_eq!(
        restored(&mut session(&store, config)),
        s.token().cloned().unwrap()
    );
}

#[test]
fn our_lifetime_wins_over_expires_in() {
    // A lifetime from a JWT `exp` (30 s) where `expires_in` says an hour.
    let store = JsonStore::default();
    store.now.set(LOADED_IN);
    let mut record = reference_record(LOGIN, LOADED_IN);
    record["v"] = json!(2);
    record["lifetimeMs"] = json!(30_000.0);
    store.put("_auth_token", &record.to_string());
    let token = restored(&mut session(&store, Config::default()));
    assert_eq!(token.lifetime_ms, Some(30_000.0));
    record.as_object_mut().unwrap().remove("lifetimeMs");
    store.put("_auth_token", &record.to_string());
    let token = restored(&mut session(&store, Config::default()));
    assert_eq!(token.lifetime_ms, None, "ours said it was unknown");
}

#[test]
fn an_access_token_alone_is_a_record_of_ours_only() {
    let store = JsonStore::default();
    let mut record = reference_record(LOGIN, LOADED_IN);
    record.as_object_mut().unwrap().remove("refresh_token");
    store.put("_auth_token", &record.to_string());
    let mut s = session(&store, Config::default());
    assert_eq!(
        s.restore(),
        vec![],
        "the reference needs a refresh token too"
    );
    assert!(store.item("_auth_token").is_some(), "not removed");
    record["v"] = json!(2);
    store.put("_auth_token", &record.to_string());
    let token = restored(&mut s);
    assert_eq!(token.refresh_token, None);
    assert!(!s.can_refresh(), "another tab renews it");
}

#[test]
fn the_previous_version_is_read_then_written_as_ours() {
    let store = JsonStore::default();
    let v1 = json!({"v": 1, "accessToken": "a1", "refreshToken": "r1", "tokenType": "Bearer",
                    "expiresIn": 3600000.0, "loadedAt": 5.0, "lifetimeMs": 3600000.0,
                    "extra": "{\"plan\":\"pro\"}"});
    store.put("_auth_token", &v1.to_string());
    let mut s = session(&store, Config::default());
    let token = restored(&mut s);
    assert_eq!(token.loaded_at, 5.0);
    assert_eq!(token.extra.as_deref(), Some(r#"{"plan":"pro"}"#));
    // The next write (a move, a refresh) is the new record.
    let mut moved = s.config().clone();
    moved.token.storage_key = "app".into();
    s.reconfigure(moved, None);
    assert_eq!(
        store.item("app"),
        Some(
            json!({"result": true, "access_token": "a1", "refresh_token": "r1",
                    "token_type": "Bearer", "expires_in": 3600000.0, "extra": {"plan": "pro"},
                    "loaded_in": 5.0, "v": 2, "lifetimeMs": 3600000.0})
        )
    );
}

#[test]
fn only_what_is_no_token_is_removed() {
    let broken_v1 = r#"{"v":1,"accessToken":"","tokenType":"Bearer","loadedAt":5}"#;
    for unreadable in ["not json", "[]", "null", "42", broken_v1] {
        let store = JsonStore::default();
        store.put("_auth_token", unreadable);
        assert_eq!(
            session(&store, Config::default()).restore(),
            vec![],
            "{unreadable}"
        );
        assert_eq!(store.item("_auth_token"), None, "{unreadable} removed");
    }
    // An object the keys do not read may be a token under keys the app has yet to set.
    for kept in [
        r#"{"accessToken":"a","refreshToken":"r"}"#,
        r#"{"v":2}"#,
        "{}",
    ] {
        let store = JsonStore::default();
        store.put("_auth_token", kept);
        assert_eq!(
            session(&store, Config::default()).restore(),
            vec![],
            "{kept}"
        );
        assert!(store.item("_auth_token").is_some(), "{kept} kept");
    }
}

#[test]
fn a_record_under_keys_configured_after_the_first_read_is_read_then() {
    // The default client reads storage before the app's `config()` gives its keys.
    let store = JsonStore::default();
    let record = json!({"accessToken": "a1", "refreshToken": "r1", "loaded_in": 5.0,
                        "v": 2, "lifetimeMs": 60000.0});
    store.put("_auth_token", &record.to_string());
    let mut s = session(&store, Config::default());
    assert_eq!(s.restore(), vec![]);
    let mut config = Config::default();
    config.token.result_key = None;
    config.token.access_token_key = "accessToken".into();
    config.token.refresh_token_key = "refreshToken".into();
    config.token.token_type_key = None;
    config.token.expires_in_key = None;
    assert_eq!(s.reconfigure(config, None), vec![Event::Restore]);
    assert_eq!(s.token().map(|t| t.access_token.secret()), Some("a1"));
    assert_eq!(s.token().and_then(|t| t.lifetime_ms), Some(60_000.0));
}

#[test]
fn a_reference_tab_s_refresh_and_logout_are_taken_up() {
    let store = JsonStore::default();
    store.now.set(LOADED_IN);
    store.put(
        "_auth_token",
        &reference_record(LOGIN, LOADED_IN).to_string(),
    );
    let mut ours = session(&store, Config::default());
    ours.restore();
    assert_eq!(ours.adopt_stored(), vec![], "the same token");
    // The reference tab refreshed: the answer without `extra`, plus `loaded_in`.
    let refresh = r#"{"access_token":"a2","expires_in":3600000,"refresh_expires_in":86400000,
        "refresh_token":"r2","result":true,"short_token":"s1","token_type":"Bearer"}"#;
    store.put(
        "_auth_token",
        &reference_record(refresh, LOADED_IN + 1.0).to_string(),
    );
    store.now.set(LOADED_IN + 2.0);
    assert_eq!(ours.adopt_stored(), vec![Event::Refresh]);
    let token = ours.token().cloned().unwrap();
    assert_eq!(token.access_token.secret(), "a2");
    assert_eq!(token.loaded_at, LOADED_IN + 1.0);
    assert_eq!(
        token.extra.as_deref(),
        Some(r#"{"plan":"pro"}"#),
        "the login's extra is kept"
    );
    store.remove("_auth_token").unwrap();
    assert_eq!(
        ours.adopt_stored(),
        vec![Event::Logout(LogoutReason::OtherTab)]
    );
}
