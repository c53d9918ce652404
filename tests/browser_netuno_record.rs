//! The stored record shared with `@netuno/auth-client` 1.1.1, which keeps the server's raw token
//! answer plus `loaded_in` under `_auth_token`: a session it stored continues in this client
//! (switching logs no one out), the record this client writes passes that client's own
//! `token.load` check (rolling back logs no one out), and its refresh in another tab, seen as a
//! `storage` event, is taken up here. Against the test server's default dialect, the real
//! Netuno wire (`expires_in` in milliseconds, no `exp`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `sessionStorage` or `localStorage`.
fn area(storage: &str) -> web_sys::Storage {
    let window = web_sys::window().unwrap();
    let area = match storage {
        "local" => window.local_storage(),
        _ => window.session_storage(),
    };
    area.unwrap().unwrap()
}

fn text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

/// The server's answer to a login (`raw`, not through the SDK): what the reference stores.
async fn login_answer() -> JsValue {
    let body = r#"{"jwt":true,"username":"admin","password":"secret"}"#;
    let (status, answer) = raw("POST", "/services/_auth", None, Some(body)).await;
    assert_eq!(status, 200, "login");
    answer
}

/// The record as the reference writes it: `token.load` sets `data[loadedInKey]` to
/// `new Date().getTime()` on the answer, then stores `JSON.stringify(data)`.
fn reference_record(answer: &JsValue, loaded_in: f64) -> String {
    Reflect::set(answer, &"loaded_in".into(), &loaded_in.into()).unwrap();
    text(answer)
}

/// `token.load`'s check and what it takes from the record, ported from `@netuno/auth-client`
/// 1.1.1's index.mjs (`settings` are its defaults): `null` where it returns false, else the
/// load time, the lifetime and the Authorization header it would use.
fn reference_load(record: &str) -> JsValue {
    let load = Function::new_with_args(
        "settings, data",
        "const t = settings.token;
         if (data && (t.resultKey == null || data[t.resultKey])
             && (t.expiresInKey != null || data[t.expiresInKey] > 0)
             && data[t.accessTokenKey]
             && data[t.refreshTokenKey]
             && (data[t.tokenTypeKey] == null || data[t.tokenTypeKey])) {
           const tokenType = data[t.tokenTypeKey] == null ? t.tokenTypeDefault : data[t.tokenTypeKey];
           const expiresIn = data[t.expiresInKey] == null ? t.expiresInDefault : data[t.expiresInKey];
           const loadedIn = data[t.loadedInKey] == null ? new Date().getTime() : data[t.loadedInKey];
           return { loadedIn, expiresIn, authorization: `${tokenType} ${data.access_token}` };
         }
         return null;",
    );
    let settings = js(
        r#"{"token": {"storageKey": "_auth_token", "resultKey": "result",
        "expiresInKey": "expires_in", "accessTokenKey": "access_token",
        "refreshTokenKey": "refresh_token", "loadedInKey": "loaded_in",
        "tokenTypeKey": "token_type", "expiresInDefault": null, "tokenTypeDefault": null}}"#,
    );
    load.call2(&JsValue::NULL, &settings, &js(record))
        .expect("token.load runs")
}

/// A `profile` call through the client: its status.
async fn profile(c: &JsAuthClient) -> f64 {
    let result = wait(c.service(js(r#"{"url":"profile"}"#)))
        .await
        .expect("profile call");
    get(&result, "status").as_f64().unwrap()
}

fn logouts(log: &EventLog) -> usize {
    log.seen
        .borrow()
        .iter()
        .filter(|e| e.starts_with("logout"))
        .count()
}

/// A session the reference stored in `storage` continues in a client made after it.
async fn a_reference_session_continues(storage: &str) {
    reset(server()).await;
    let key = format!("t_record_reference_{storage}");
    let answer = login_answer().await;
    let access = get(&answer, "access_token").as_string().unwrap();
    let loaded_in = now() - 5_000.0;
    let record = reference_record(&answer, loaded_in);
    area(storage).set_item(&key, &record).unwrap();
    let c = client(&key, &format!(r#""storage":"{storage}""#));
    let log = EventLog::attach(&c);
    assert!(c.is_logged(), "logged in from the reference's record");
    assert_eq!(c.access_token().as_string(), Some(access));
    let token = c.current_token();
    assert_eq!(
        get(&token, "loaded_at").as_f64(),
        Some(loaded_in),
        "its age kept"
    );
    assert_eq!(
        get(&token, "expires_at").as_f64(),
        Some(loaded_in + 3_600_000.0),
        "expires_in in milliseconds, from loaded_in"
    );
    assert_eq!(text(&get(&token, "extra")), text(&get(&answer, "extra")));
    assert_eq!(profile(&c).await, 200.0, "the token goes out and is taken");
    sleep_ms(50).await;
    assert_eq!(logouts(&log), 0, "{:?}", log.seen.borrow());
    assert_eq!(log.count("restore"), 1, "{:?}", log.seen.borrow());
    assert_eq!(
        stat(server(), "refreshes").await,
        0.0,
        "the session, not a new one"
    );
    assert_eq!(
        area(storage).get_item(&key).unwrap(),
        Some(record),
        "the record is left as the reference wrote it"
    );
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_session_the_reference_kept_in_session_storage_continues() {
    a_reference_session_continues("session").await;
}

#[wasm_bindgen_test]
async fn a_session_the_reference_kept_in_local_storage_continues() {
    a_reference_session_continues("local").await;
}

#[wasm_bindgen_test]
async fn the_reference_loads_the_record_this_client_writes() {
    reset(server()).await;
    let key = "t_record_ours";
    let c = client(key, "");
    login_admin(&c).await;
    for step in ["login", "refresh"] {
        let record = session_item(key).expect("a stored record");
        let loaded = reference_load(&record);
        assert!(
            !loaded.is_null(),
            "token.load accepts it after the {step}: {record}"
        );
        let token = c.current_token();
        assert_eq!(
            get(&loaded, "loadedIn").as_f64(),
            get(&token, "loaded_at").as_f64(),
            "loaded_in is the load time"
        );
        assert_eq!(
            get(&loaded, "loadedIn").as_f64().unwrap()
                + get(&loaded, "expiresIn").as_f64().unwrap(),
            get(&token, "expires_at").as_f64().unwrap(),
            "the same expiry"
        );
        let authorization = get(&loaded, "authorization").as_string().unwrap();
        let (status, _) = raw("GET", "/services/profile", Some(&authorization), None).await;
        assert_eq!(status, 200, "the reference's header is taken");
        let parsed = js(&record);
        assert_eq!(get(&parsed, "v").as_f64(), Some(2.0), "then our fields");
        assert!(get(&parsed, "extra").is_object(), "extra as an object");
        wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    }
    let _ = c.logout();
}

/// Dispatches the `storage` event another tab's write of `key` fires (a page never hears its
/// own writes).
fn storage_event(key: &str, value: &str) {
    let fire = Function::new_with_args(
        "key, newValue",
        "window.dispatchEvent(new StorageEvent('storage',
             { key, newValue, storageArea: window.localStorage }));",
    );
    fire.call2(&JsValue::NULL, &key.into(), &value.into())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_reference_tabs_refresh_is_taken_up_from_the_storage_event() {
    reset(server()).await;
    let key = "t_record_event";
    let c = client(key, r#""storage":"local""#);
    login_admin(&c).await;
    let log = EventLog::attach(&c);
    // A tab on the reference refreshes with the refresh token in storage, which revokes the
    // pair this tab holds, and stores the answer plus `loaded_in`.
    let ours = js(&local_item(key).unwrap());
    let body = format!(
        r#"{{"jwt":true,"refresh_token":"{}"}}"#,
        get(&ours, "refresh_token").as_string().unwrap()
    );
    let (status, answer) = raw("POST", "/services/_auth", None, Some(&body)).await;
    assert_eq!(status, 200, "the reference tab's refresh");
    let access = get(&answer, "access_token").as_string().unwrap();
    let record = reference_record(&answer, now());
    area("local").set_item(key, &record).unwrap();
    storage_event(key, &record);
    assert_eq!(c.access_token().as_string(), Some(access), "taken up");
    assert_eq!(profile(&c).await, 200.0, "with the new token");
    // Its refresh token too: this tab renews the session itself next.
    wait(c.refresh_token(JsValue::UNDEFINED))
        .await
        .expect("a refresh with the adopted token");
    assert!(c.is_logged());
    sleep_ms(50).await;
    assert_eq!(logouts(&log), 0, "{:?}", log.seen.borrow());
    assert_eq!(log.count("refresh"), 2, "{:?}", log.seen.borrow());
    assert_eq!(stat(server(), "refresh_rejections").await, 0.0);
    let record = local_item(key).unwrap();
    assert!(
        !reference_load(&record).is_null(),
        "and the reference tab reads ours"
    );
    let _ = c.logout();
}
