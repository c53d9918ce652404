//! The full client API in a real browser: configuration, storage modes, restore, events,
//! snapshot, the netuno-style callbacks, and every error code, each followed by a successful
//! login on the same client (a wasm panic would poison the instance).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::Function;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Asserts that the client still logs in, then logs out.
async fn still_works(c: &JsAuthClient) {
    login_admin(c).await;
    assert!(c.is_logged());
    let _ = c.logout();
}

async fn login_error(c: &JsAuthClient, args: &str) -> String {
    code(&wait(c.login(js(args))).await.unwrap_err())
}

#[wasm_bindgen_test]
async fn config_merges_deeply_and_rejects_typos_by_name() {
    let c = client("t_cfg", "");
    let copy = c
        .config(js(
            r#"{"token":{"resultKey":"result"},"expiresInUnit":"minutes"}"#,
        ))
        .unwrap();
    assert_eq!(
        get(&get(&copy, "token"), "storageKey")
            .as_string()
            .as_deref(),
        Some("t_cfg")
    );
    assert_eq!(
        get(&copy, "expiresInUnit").as_string().as_deref(),
        Some("minutes")
    );
    assert_eq!(
        get(&copy, "storage").as_string().as_deref(),
        Some("session")
    );
    for (bad, key) in [
        (r#"{"storage":"locl"}"#, "storage"),
        (r#"{"token":{"storagekey":"x"}}"#, "storagekey"),
        (r#"{"autoRefreshToken":"yes"}"#, "autoRefreshToken"),
        (r#"{"onLogin":5}"#, "onLogin"),
    ] {
        let e = c
            .config(js(bad))
            .err()
            .unwrap_or_else(|| panic!("{bad} was accepted"));
        assert_eq!(code(&e), "config");
        let message = get(&e, "message").as_string().unwrap();
        assert!(message.contains(key), "{message} should name {key}");
    }
    assert_eq!(
        get(&c.config(JsValue::UNDEFINED).unwrap(), "expiresInUnit")
            .as_string()
            .as_deref(),
        Some("minutes")
    );
    c.config(js(r#"{"expiresInUnit":"seconds"}"#)).unwrap();
    still_works(&c).await;
}

#[wasm_bindgen_test]
async fn each_storage_mode_keeps_the_token_where_it_says() {
    for (mode, in_session, in_local) in [
        ("session", true, false),
        ("local", false, true),
        ("memory", false, false),
    ] {
        let key = format!("t_store_{mode}");
        let c = client(&key, &format!(r#""storage":"{mode}""#));
        login_admin(&c).await;
        assert_eq!(session_item(&key).is_some(), in_session, "{mode}");
        assert_eq!(local_item(&key).is_some(), in_local, "{mode}");
        // A new client on the same key is the next page load.
        let next = client(&key, &format!(r#""storage":"{mode}""#));
        let events = EventLog::attach(&next);
        sleep_ms(0).await;
        assert_eq!(next.is_logged(), mode != "memory", "{mode} restore");
        assert_eq!(events.count("restore"), usize::from(mode != "memory"));
        assert_eq!(events.count("login"), 0, "a restore is not a login");
        let _ = c.logout();
        assert_eq!(session_item(&key), None);
        assert_eq!(local_item(&key), None);
    }
}

#[wasm_bindgen_test]
async fn switching_storage_moves_the_session() {
    let c = client("t_switch", "");
    login_admin(&c).await;
    c.config(js(r#"{"storage":"local"}"#)).unwrap();
    assert_eq!(session_item("t_switch"), None);
    assert!(local_item("t_switch").is_some());
    assert!(c.is_logged());
    let _ = c.logout();
    assert_eq!(local_item("t_switch"), None);
}

#[wasm_bindgen_test]
async fn corrupt_storage_is_removed_and_means_logged_out() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for junk in ["{oops", r#"{"v":1,"accessToken":"a"}"#, "[]"] {
        storage.set_item("t_corrupt", junk).unwrap();
        let c = client("t_corrupt", "");
        assert!(!c.is_logged(), "{junk}");
        assert_eq!(session_item("t_corrupt"), None);
        still_works(&c).await;
    }
}

#[wasm_bindgen_test]
async fn a_full_storage_degrades_to_memory_with_an_event() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // Fill the quota with ever smaller chunks until not even a few bytes fit.
    let mut filled = 0;
    for size in [1 << 20, 1 << 16, 1 << 12, 1 << 8, 16, 1] {
        let chunk = "x".repeat(size);
        while filled < 10_000 && local.set_item(&format!("t_fill_{filled}"), &chunk).is_ok() {
            filled += 1;
        }
    }
    let c = client("t_full", r#""storage":"local""#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    for i in 0..=filled {
        local.remove_item(&format!("t_fill_{i}")).unwrap();
    }
    assert_eq!(
        events.count("storage_degraded"),
        1,
        "{:?}",
        events.seen.borrow()
    );
    assert!(c.is_logged(), "still logged in, in memory");
    assert_eq!(get(&c.snapshot(), "storageDegraded").as_bool(), Some(true));
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn a_storage_that_fails_a_read_mid_session_keeps_it_and_still_refreshes() {
    let c = client("t_read_fails", r#""storage":"local""#);
    let events = EventLog::attach(&c);
    login_admin(&c).await;
    let first = c.access_token().as_string();
    // localStorage starts throwing on reads, as a storage the browser revoked does.
    let restore: Function = Function::new_no_args(
        "const proto = Storage.prototype, real = proto.getItem;
         proto.getItem = function () { throw new DOMException('denied', 'SecurityError'); };
         return () => { proto.getItem = real; };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .into();
    let refreshed = wait(c.refresh_token(JsValue::UNDEFINED)).await;
    let again = wait(c.refresh_token(JsValue::UNDEFINED)).await;
    restore.call0(&JsValue::NULL).unwrap();
    refreshed.expect("refreshed");
    again.expect("refreshed again");
    assert!(c.is_logged(), "{:?}", events.seen.borrow());
    assert_ne!(c.access_token().as_string(), first, "a new token");
    assert_eq!(events.count("storage_degraded"), 1);
    assert_eq!(events.count("refresh"), 2);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn events_and_snapshot_follow_the_state() {
    let c = client("t_events", "");
    let events = EventLog::attach(&c);
    let throwing = Function::new_with_args("e", "throw new Error('listener bug')");
    c.subscribe(throwing.into()).unwrap();
    let before = c.snapshot();
    assert!(
        js_sys::Object::is(&before, &c.snapshot()),
        "same object while nothing changes"
    );
    assert_eq!(get(&before, "loggedIn").as_bool(), Some(false));
    login_admin(&c).await;
    let after = c.snapshot();
    assert!(!js_sys::Object::is(&before, &after));
    assert_eq!(get(&after, "loggedIn").as_bool(), Some(true));
    assert_eq!(
        get(&get(&after, "user"), "_group_code")
            .as_string()
            .as_deref(),
        Some("admin")
    );
    assert!(get(&after, "expiresAt").as_f64().unwrap() > now());
    assert!(js_sys::Object::is_frozen(&after.clone().into()));
    wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    let _ = c.logout();
    assert_eq!(
        *events.seen.borrow(),
        ["ready", "login", "refresh", "logout:user"],
        "a throwing listener breaks nothing"
    );
    assert_eq!(get(&c.snapshot(), "user"), JsValue::NULL);
}

#[wasm_bindgen_test]
async fn netuno_style_callbacks_are_called() {
    let calls = js_sys::Array::new();
    let record = |name: &str| {
        Function::new_with_args(
            "arg",
            &format!("this.push('{name}:' + (arg && (arg.code || arg.token_type || arg.type)))"),
        )
        .bind0(&calls)
    };
    let c = client("t_callbacks", "");
    let settings = js_sys::Object::new();
    let login = js_sys::Object::new();
    js_sys::Reflect::set(&login, &"success".into(), &record("login.success")).unwrap();
    js_sys::Reflect::set(&login, &"fail".into(), &record("login.fail")).unwrap();
    js_sys::Reflect::set(&settings, &"login".into(), &login).unwrap();
    js_sys::Reflect::set(&settings, &"onLogin".into(), &record("onLogin")).unwrap();
    js_sys::Reflect::set(&settings, &"onLogout".into(), &record("onLogout")).unwrap();
    c.config(settings.into()).unwrap();

    let args = js(r#"{"username":"admin","password":"nope"}"#);
    js_sys::Reflect::set(&args, &"fail".into(), &record("fail")).unwrap();
    assert!(wait(c.login(args)).await.is_err());
    let args = js(r#"{"username":"admin","password":"secret"}"#);
    js_sys::Reflect::set(&args, &"success".into(), &record("success")).unwrap();
    wait(c.login(args)).await.unwrap();
    let refresh = js_sys::Object::new();
    js_sys::Reflect::set(&refresh, &"success".into(), &record("refresh.success")).unwrap();
    wait(c.refresh_token(refresh.into())).await.unwrap();
    let _ = c.logout();
    // Without callbacks of their own, calls get the configured ones.
    assert!(
        wait(c.login(js(r#"{"username":"admin","password":"nope"}"#)))
            .await
            .is_err()
    );
    wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap();
    let _ = c.logout();
    let seen: Vec<String> = calls.iter().map(|v| v.as_string().unwrap()).collect();
    // As in `@netuno/auth-client`, a call's own callback replaces the configured one.
    assert_eq!(
        seen,
        [
            "fail:invalid_credentials",
            "onLogin:login",
            "success:Bearer",
            "refresh.success:Bearer",
            "onLogout:logout",
            "login.fail:invalid_credentials",
            "onLogin:login",
            "login.success:Bearer",
            "onLogout:logout"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_call_with_only_a_success_callback_raises_no_unhandled_rejection() {
    // As with `@netuno/auth-client`, whose calls never reject: the app does not await them.
    let watch = Function::new_no_args(
        "const seen = [], on = (e) => seen.push(String(e.reason && e.reason.code));
         addEventListener('unhandledrejection', on);
         return () => { removeEventListener('unhandledrejection', on); return seen; };",
    );
    let stop: Function = watch.call0(&JsValue::NULL).unwrap().into();
    let c = client("t_success_only", "");
    let noop = Function::new_no_args("");
    let login = js(r#"{"username":"admin","password":"nope"}"#);
    js_sys::Reflect::set(&login, &"success".into(), &noop).unwrap();
    let _ = c.login(login);
    let call = js(r#"{"url":"no-such-service"}"#);
    js_sys::Reflect::set(&call, &"success".into(), &noop).unwrap();
    let _ = c.service(call);
    sleep_ms(300).await;
    let seen: js_sys::Array = stop.call0(&JsValue::NULL).unwrap().into();
    assert_eq!(seen.length(), 0, "{:?}", seen.to_vec());
}

#[wasm_bindgen_test]
async fn token_reads_and_loads() {
    let c = client("t_token", "");
    assert_eq!(c.current_token(), JsValue::NULL);
    // As `@netuno/auth-client`: token() is a copy of the token settings, with load/unload.
    let settings = c.token(JsValue::UNDEFINED, JsValue::UNDEFINED);
    assert_eq!(
        get(&settings, "storageKey").as_string().as_deref(),
        Some("t_token")
    );
    assert!(get(&settings, "load").is_function());
    login_admin(&c).await;
    let token = c.current_token();
    let other = client("t_token_other", "");
    let events = EventLog::attach(&other);
    // token(data) loads what currentToken() returned, and says whether it was a token.
    assert_eq!(
        other.token(token.clone(), JsValue::UNDEFINED),
        JsValue::TRUE
    );
    assert_eq!(
        other.access_token().as_string(),
        c.access_token().as_string()
    );
    assert_eq!(events.count("login"), 1);
    let refused = other.token(JsValue::UNDEFINED, js(r#"{"result":true}"#));
    assert_eq!(refused, JsValue::FALSE);
    assert_eq!(
        other.access_token().as_string(),
        c.access_token().as_string(),
        "a bad token changes nothing"
    );
    let _ = other.logout();
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn every_error_code_and_the_client_still_works() {
    let c = client("t_errors", r#""timeout":500"#);
    assert_eq!(
        login_error(&c, r#"{"username":"admin"}"#).await,
        "invalid_argument"
    );
    assert_eq!(
        login_error(&c, r#"{"username":"admin","password":"x"}"#).await,
        "invalid_credentials"
    );
    // A real Netuno server does not enforce `auth.jwt.groups` at login; an oauth-shaped one
    // (the test server's `oauth` dialect) does.
    let oauth = client_at(oauth_server(), "t_errors_groups", "");
    assert_eq!(
        login_error(&oauth, r#"{"username":"guest","password":"secret"}"#).await,
        "group_not_allowed"
    );
    fault(
        server(),
        r#"{"target":"login","kind":"malformed","count":1}"#,
    )
    .await;
    assert_eq!(
        login_error(&c, r#"{"username":"admin","password":"secret"}"#).await,
        "invalid_response"
    );
    fault(
        server(),
        r#"{"target":"login","kind":"status","status":500,"count":1}"#,
    )
    .await;
    let e = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap_err();
    assert_eq!(
        (code(&e), get(&e, "status").as_f64()),
        ("http_status".into(), Some(500.0))
    );
    fault(
        server(),
        r#"{"target":"login","kind":"delay","delay_ms":1500,"count":1}"#,
    )
    .await;
    assert_eq!(
        login_error(&c, r#"{"username":"admin","password":"secret"}"#).await,
        "timeout"
    );
    let e = wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(code(&e), "not_logged_in");
    still_works(&c).await;

    login_admin(&c).await;
    fault(
        server(),
        r#"{"target":"refresh","kind":"status","status":403,"count":1}"#,
    )
    .await;
    let e = wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(code(&e), "invalid_refresh_token");
    assert!(!c.is_logged());
    still_works(&c).await;

    let offline = client_at("http://127.0.0.1:9", "t_errors_net", "");
    let e = wait(offline.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "network");
    assert!(
        !get(&e, "message").as_string().unwrap().contains("secret"),
        "no password in messages"
    );
}
