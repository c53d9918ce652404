//! What an app written for `@netuno/auth-client` sees (PROTOCOL.md §2), the way reauthkit uses
//! it, against the real Netuno wire: callback arguments (`success: ({json}) => json.extra`,
//! `fail: (data) => data.json.locked`), body transforms (an altcha payload), return values
//! (`logout().then`, `(await config()).token.load(...)`, `token(data)`), and `onLogin` on a
//! restore.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn set(object: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(object, &key.into(), value).unwrap();
}

/// A function that pushes what `pick` (a JS expression of `arg`) gives into `into`.
fn recorder(into: &Array, pick: &str) -> Function {
    Function::new_with_args("arg", &format!("this.push({pick})")).bind0(into)
}

/// `(d) => { d.altcha = 'valid'; return d; }`, as reauthkit's `login.data` adds its payload.
fn altcha() -> Function {
    Function::new_with_args("d", "d.altcha = 'valid'; return d;")
}

#[wasm_bindgen_test]
async fn callbacks_get_the_service_client_result() {
    reset(server()).await;
    test_route(server(), "/_test/extra", r#"{"extra":{"plan":"pro"}}"#).await;
    let c = client("t_compat_callbacks", "");
    let seen = Array::new();
    // fail: the reference's `{ok, status, isJSON, json, error}`, on our AuthError.
    let args = js(r#"{"username":"customer","password":"wrong"}"#);
    let fail = recorder(
        &seen,
        "[arg.ok, arg.status, arg.isJSON, arg.json.locked, arg.error instanceof Error, arg.code]",
    );
    set(&args, "fail", &fail);
    let e = wait(c.login(args)).await.expect_err("refused");
    assert_eq!(
        code(&e),
        "invalid_credentials",
        "the Promise still rejects typed"
    );
    // success: `({json}) => json.extra`, and the token's own fields too.
    let args = js(r#"{"username":"admin","password":"secret"}"#);
    let success = recorder(
        &seen,
        "[arg.ok, arg.status, arg.isJSON, arg.json.extra.plan, typeof arg.access_token, arg.response instanceof Response]",
    );
    set(&args, "success", &success);
    let token = wait(c.login(args)).await.unwrap();
    assert_eq!(
        get(&get(&get(&token, "json"), "extra"), "plan")
            .as_string()
            .as_deref(),
        Some("pro"),
        "the Promise resolves with the same"
    );
    let seen: Vec<String> = seen
        .iter()
        .map(|v| js_sys::JSON::stringify(&v).unwrap().as_string().unwrap())
        .collect();
    assert_eq!(
        seen,
        [
            r#"[false,403,true,false,true,"invalid_credentials"]"#,
            r#"[true,200,true,"pro","string",true]"#,
        ]
    );
    let _ = c.logout();
    reset(server()).await;
}

#[wasm_bindgen_test]
async fn a_network_failure_gives_fail_the_type_error() {
    let c = new_client(js(
        r#"{"prefix":"http://127.0.0.1:9/services/","token":{"storageKey":"t_compat_net"}}"#,
    ))
    .unwrap();
    let seen = Array::new();
    let args = js(r#"{"username":"admin","password":"secret"}"#);
    set(
        &args,
        "fail",
        &recorder(&seen, "arg.error instanceof TypeError"),
    );
    let e = wait(c.login(args)).await.expect_err("no server");
    assert_eq!(code(&e), "network");
    assert_eq!(seen.get(0), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn login_and_refresh_bodies_go_through_the_apps_data_functions() {
    reset(server()).await;
    test_route(server(), "/_test/altcha", r#"{"required":true}"#).await;
    let c = client("t_compat_data", "");
    // Without the payload, the server's altcha check refuses.
    let e = wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .expect_err("no payload");
    assert_eq!(code(&e), "login_rejected");
    // A per-call `data` adds it.
    let args = js(r#"{"username":"admin","password":"secret"}"#);
    set(&args, "data", &altcha());
    wait(c.login(args)).await.expect("the payload went");
    // The configured `refreshToken.data` adds it to refreshes (the real server checks it there
    // too), and `login.data` to logins.
    let settings = js(r#"{"login":{},"refreshToken":{}}"#);
    set(&get(&settings, "login"), "data", &altcha());
    set(&get(&settings, "refreshToken"), "data", &altcha());
    c.config(settings).unwrap();
    wait(c.refresh_token(JsValue::UNDEFINED))
        .await
        .expect("a refresh with the payload");
    let _ = c.logout();
    wait(c.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .expect("login.data");
    let attempts = raw("GET", "/_test/attempts", None, None).await.1;
    let fields = get(&attempts, "fields");
    let logins: Array = get(&fields, "login").unchecked_into();
    let last = logins.get(logins.length() - 1);
    assert_eq!(get(&last, "altcha").as_string().as_deref(), Some("valid"));
    assert_eq!(
        get(&last, "jwt"),
        JsValue::TRUE,
        "the body is the SDK's, changed"
    );
    let _ = c.logout();
    reset(server()).await;
}

#[wasm_bindgen_test]
async fn return_values_are_the_references() {
    reset(server()).await;
    let c = client("t_compat_returns", "");
    // `(await _auth.config()).token.load(config, json.token)`, as a provider login does.
    let (_, answer) = raw(
        "POST",
        "/services/_auth",
        None,
        Some(r#"{"username":"admin","password":"secret","jwt":true}"#),
    )
    .await;
    let copy = c.config(JsValue::UNDEFINED).unwrap();
    let resolved = wait(Promise::resolve(&copy)).await.unwrap();
    assert!(get(&resolved, "then").is_undefined(), "awaiting it ends");
    let load: Function = get(&get(&resolved, "token"), "load").unchecked_into();
    let loaded = load.call2(&JsValue::NULL, &resolved, &answer).unwrap();
    assert_eq!(loaded, JsValue::TRUE);
    assert!(c.is_logged());
    // `token(data)` says whether it loaded; `token()` is the token settings.
    assert_eq!(
        c.token(js(r#"{"result":true}"#), JsValue::UNDEFINED),
        JsValue::FALSE
    );
    let settings = c.token(JsValue::UNDEFINED, JsValue::UNDEFINED);
    assert_eq!(
        get(&settings, "loadedInKey").as_string().as_deref(),
        Some("loaded_in")
    );
    // `_auth.logout().then(...)`.
    let done: Promise = c.logout();
    wait(done).await.expect("logout resolves");
    assert!(!c.is_logged());
    // The reference's keys are accepted; a typo of ours still names its path.
    let keys = js(r#"{"serviceClient":null,"token":{"loadedInKey":"loaded_in"}}"#);
    set(
        &get(&keys, "token"),
        "load",
        &Function::new_no_args("return true"),
    );
    set(
        &get(&keys, "token"),
        "unload",
        &Function::new_no_args("return true"),
    );
    c.config(keys).expect("the reference's keys");
    let typo = c.config(js(r#"{"login":{"sucess":null}}"#)).unwrap_err();
    assert!(get(&typo, "message")
        .as_string()
        .unwrap()
        .contains("login.sucess"));
}

#[wasm_bindgen_test]
async fn on_login_fires_for_a_restored_session_once() {
    reset(server()).await;
    let first = client("t_compat_onlogin", "");
    login_admin(&first).await;
    drop(first);
    // The next page load: the app configures onLogin, as reauthkit loads the profile there.
    let calls = Array::new();
    let settings = js(r#"{"prefix":"","token":{"storageKey":"t_compat_onlogin"}}"#);
    set(
        &settings,
        "prefix",
        &format!("{}/services/", server()).into(),
    );
    set(&settings, "onLogin", &recorder(&calls, "arg.type"));
    let c = new_client(settings).unwrap();
    wait(c.ready()).await.unwrap();
    sleep_ms(50).await;
    assert_eq!(calls.to_vec(), vec![JsValue::from("restore")]);
    wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(calls.length(), 1, "a refresh is not a new session");
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn login_and_refresh_go_with_the_linked_service_clients_headers() {
    reset(server()).await;
    // A `_service` as `@netuno/service-client` is: its config() gives its settings.
    let service = Function::new_no_args("return this.settings;");
    // (A CORS-safelisted header: the test server's CORS allows no custom ones, as a Netuno
    // server's allows only those its app configures.)
    let settings = js(
        r#"{"headers":{"Accept-Language":"pt-PT","Authorization":"Bearer old"},"credentials":"include"}"#,
    );
    set(&service, "settings", &settings);
    set(&service, "config", &service.bind0(&service));
    let c = client("t_compat_linked", "");
    c.use_service_client(service.into()).unwrap();
    let watch = Function::new_no_args(
        "const real = globalThis.fetch, seen = [];
         globalThis.fetch = (r, init) => {
           if (r.url.includes('_auth')) seen.push([r.headers.get('Accept-Language'), r.headers.get('Authorization'), r.credentials]);
           return real(r, init);
         };
         return () => { globalThis.fetch = real; return seen; };",
    );
    let stop: Function = watch.call0(&JsValue::NULL).unwrap().into();
    login_admin(&c).await;
    wait(c.refresh_token(JsValue::UNDEFINED)).await.unwrap();
    let seen: Array = stop.call0(&JsValue::NULL).unwrap().into();
    let seen = js_sys::JSON::stringify(&seen).unwrap().as_string().unwrap();
    assert_eq!(
        seen, r#"[["pt-PT",null,"include"],["pt-PT",null,"include"]]"#,
        "its headers (never its Authorization) and credentials"
    );
    let _ = c.logout();
}
