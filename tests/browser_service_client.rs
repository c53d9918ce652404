//! The `@netuno/service-client` drop-in's parts of the client: its helpers (`serviceUrl`,
//! `encodedParameters`, `urlWithEncodedParameters`, `randomString`), the configured `method`,
//! `success` and `fail`, the failure `fail` gets, and Promises that never go unhandled.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_auth_client::core::url::backend_port;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A port where nothing listens (discard): a call there fails without an answer.
const NOWHERE: &str = "http://127.0.0.1:9/x";

/// A JS function that records what it is called with.
struct Recorder {
    calls: Rc<RefCell<Vec<JsValue>>>,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl Recorder {
    fn new() -> Recorder {
        let calls = Rc::new(RefCell::new(Vec::new()));
        let sink = calls.clone();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
            sink.borrow_mut().push(v);
        });
        Recorder { calls, closure }
    }

    fn function(&self) -> &Function {
        self.closure.as_ref().unchecked_ref()
    }

    fn count(&self) -> usize {
        self.calls.borrow().len()
    }

    fn last(&self) -> JsValue {
        self.calls.borrow().last().cloned().expect("called")
    }
}

/// `value` with `key` set to `f`.
fn with(value: JsValue, key: &str, f: &Function) -> JsValue {
    js_sys::Reflect::set(&value, &key.into(), f).unwrap();
    value
}

/// What a relative prefix turns into on this page: the backend's origin before it when the
/// test runner's port is a frontend dev server's, else nothing.
fn seen_from_page(prefix: &str) -> String {
    let location = web_sys::window().unwrap().location();
    match backend_port(&location.port().unwrap()) {
        Some(port) => format!(
            "{}//{}:{port}{prefix}",
            location.protocol().unwrap(),
            location.hostname().unwrap()
        ),
        None => prefix.to_owned(),
    }
}

#[wasm_bindgen_test]
fn encoded_parameters_are_the_references() {
    let encoded = |json: &str| JsAuthClient::encoded_parameters(js(json)).unwrap();
    assert_eq!(
        encoded(r#"{"a":1,"b":"x y","c":"á&=/?+"}"#),
        "a=1&b=x%20y&c=%C3%A1%26%3D%2F%3F%2B"
    );
    // Values as String() writes them; keys as they are.
    assert_eq!(
        encoded(r#"{"o":{"x":1},"l":[1,"a b",[2,3]],"n":null,"t":true,"e":""}"#),
        "o=%5Bobject%20Object%5D&l=1%2Ca%20b%2C2%2C3&n=null&t=true&e="
    );
    assert_eq!(encoded(r#"{"k y":1,"a&b":"c"}"#), "k y=1&a&b=c");
    assert_eq!(encoded("{}"), "");
    assert_eq!(encoded(r#"["x","y"]"#), "0=x&1=y");
    let undefined = js_sys::Object::new();
    js_sys::Reflect::set(&undefined, &"u".into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        JsAuthClient::encoded_parameters(undefined.into()).unwrap(),
        "u=undefined"
    );
    for bad in [JsValue::NULL, JsValue::UNDEFINED] {
        assert_eq!(
            code(&JsAuthClient::encoded_parameters(bad).unwrap_err()),
            "invalid_argument"
        );
    }
}

#[wasm_bindgen_test]
fn url_with_encoded_parameters_is_the_references() {
    let with_params = |url: &str, json: &str| {
        JsAuthClient::url_with_encoded_parameters(url.into(), js(json)).unwrap()
    };
    assert_eq!(
        with_params("/services/x", r#"{"a":1,"b":"c d"}"#),
        "/services/x?a=1&b=c%20d"
    );
    assert_eq!(with_params("/services/x", "{}"), "/services/x");
    // A second `?`, as the reference writes it.
    assert_eq!(
        with_params("/services/x?y=1", r#"{"a":1}"#),
        "/services/x?y=1?a=1"
    );
}

#[wasm_bindgen_test]
fn random_strings_are_letters_and_digits() {
    let random = |length: JsValue| JsAuthClient::random_string(length).unwrap();
    let text = random(64.into());
    assert_eq!(text.len(), 64);
    assert!(text.chars().all(|c| c.is_ascii_alphanumeric()), "{text}");
    assert_ne!(text, random(64.into()));
    assert_eq!(random(0.into()), "");
    assert_eq!(random((-1).into()), "");
    assert_eq!(random(JsValue::UNDEFINED), "");
    assert_eq!(random(2.5.into()).len(), 3, "i < 2.5: three characters");
    assert_eq!(random("4".into()).len(), 4);
    let too_long = JsAuthClient::random_string(1e9.into()).unwrap_err();
    assert_eq!(code(&too_long), "invalid_argument");
}

#[wasm_bindgen_test]
fn service_url_joins_like_the_reference() {
    let c = client("t_svc_url", "");
    let base = format!("{}/services/", server());
    let url = |a: JsValue, b: JsValue| c.service_url(a, b).unwrap();
    let none = || JsValue::UNDEFINED;
    assert_eq!(url("profile".into(), none()), format!("{base}profile"));
    assert_eq!(url("/profile".into(), none()), format!("{base}profile"));
    assert_eq!(url(format!("{base}x").into(), none()), format!("{base}x"));
    assert_eq!(
        url("https://other.example/y".into(), none()),
        "https://other.example/y"
    );
    assert_eq!(url(none(), none()), base, "no url: the prefix");
    // A prefix of the settings', else the configured one.
    let relative = seen_from_page("/api");
    assert_eq!(
        url(js(r#"{"prefix":"/api","url":"x"}"#), none()),
        format!("{relative}/x")
    );
    assert_eq!(
        url(js(r#"{"prefix":"/api"}"#), "x".into()),
        format!("{relative}/x")
    );
    assert_eq!(url(js(r#"{"url":"x"}"#), none()), format!("{base}x"));
    assert_eq!(url(js(r#"{"prefix":""}"#), "x".into()), "x");
    let bad = c.service_url(5.into(), none()).unwrap_err();
    assert_eq!(code(&bad), "invalid_argument");

    // A url under the prefix is left alone; an empty prefix is kept.
    c.service_config(js(r#"{"prefix":"/services"}"#)).unwrap();
    assert_eq!(url("/services/echo".into(), none()), "/services/echo");
    assert_eq!(
        url("echo".into(), none()),
        format!("{}/echo", seen_from_page("/services"))
    );
    let copy = c.service_config(js(r#"{"prefix":""}"#)).unwrap();
    assert_eq!(get(&copy, "prefix").as_string().as_deref(), Some(""));
    assert_eq!(url("echo".into(), none()), "echo");
    assert_eq!(url(none(), none()), "");
}

#[wasm_bindgen_test]
async fn a_url_under_a_relative_prefix_gets_it_once() {
    let c = client("t_svc_once", r#""timeout":5000"#);
    c.service_config(js(r#"{"prefix":"/services/"}"#)).unwrap();
    if seen_from_page("/") != "/" {
        web_sys::console::log_1(&"skipped: the test page is on a dev-server port".into());
        return;
    }
    // Sent to the test runner's own origin: whatever it answers, the URL is the point.
    let outcome = wait(c.service(js(r#"{"url":"/services/nowhere"}"#))).await;
    let response = get(&outcome.unwrap_or_else(|e| e), "response");
    let response: web_sys::Response = response.dyn_into().expect("an answer");
    let page = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(response.url(), format!("{page}/services/nowhere"));
}

#[wasm_bindgen_test]
async fn configured_method_and_callbacks_apply_to_calls_without_their_own() {
    let c = client("t_svc_defaults", "");
    login_admin(&c).await;
    let (success, fail, own) = (Recorder::new(), Recorder::new(), Recorder::new());
    let settings = with(js(r#"{"method":"post"}"#), "success", success.function());
    let copy = c
        .service_config(with(settings, "fail", fail.function()))
        .unwrap();
    assert_eq!(get(&copy, "method").as_string().as_deref(), Some("post"));
    assert!(get(&copy, "success").is_function() && get(&copy, "fail").is_function());

    let result = wait(c.service(js(r#"{"url":"echo","data":{"a":1}}"#)))
        .await
        .unwrap();
    assert_eq!(success.count(), 1);
    assert_eq!(
        get(&get(&success.last(), "json"), "method")
            .as_string()
            .as_deref(),
        Some("POST")
    );
    assert_eq!(
        get(&get(&get(&result, "json"), "body"), "a").as_f64(),
        Some(1.0)
    );
    let result = wait(c.service(js(r#"{"url":"echo","method":"GET"}"#)))
        .await
        .unwrap();
    assert_eq!(
        get(&get(&result, "json"), "method").as_string().as_deref(),
        Some("GET")
    );
    assert_eq!(success.count(), 2);

    // A call's own callback replaces the configured one.
    let args = with(js(r#"{"url":"echo"}"#), "success", own.function());
    wait(c.service(args)).await.unwrap();
    assert_eq!((own.count(), success.count()), (1, 2));

    let rejected = wait(c.service(js(r#"{"url":"echo?_status=500"}"#)))
        .await
        .unwrap_err();
    assert_eq!(fail.count(), 1);
    assert!(
        js_sys::Object::is(&fail.last(), &rejected),
        "fail gets what the Promise rejects with"
    );
    let args = with(js(r#"{"url":"echo?_status=500"}"#), "fail", own.function());
    let _ = wait(c.service(args)).await;
    assert_eq!((own.count(), fail.count()), (2, 1));

    // A bad setting changes nothing; null clears.
    let bad = c
        .service_config(js(r#"{"method":"GET","fail":5}"#))
        .unwrap_err();
    assert_eq!(code(&bad), "invalid_argument");
    let copy = c
        .service_config(js(r#"{"method":null,"success":null}"#))
        .unwrap();
    assert_eq!(get(&copy, "method").as_string().as_deref(), Some("GET"));
    assert!(get(&copy, "success").is_undefined() && get(&copy, "fail").is_function());
    wait(c.service(js(r#"{"url":"echo"}"#))).await.unwrap();
    assert_eq!(success.count(), 2);
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn fail_gets_the_references_fields_on_the_auth_error() {
    let c = client("t_svc_fail", "");
    // Logged out: the server refuses the profile.
    let e = wait(c.service(js(r#"{"url":"profile"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "http_status");
    assert_eq!(get(&e, "ok").as_bool(), Some(false));
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    let response: web_sys::Response = get(&e, "response").dyn_into().expect("the Response");
    assert_eq!(response.status(), 401);
    let is_json = get(&e, "isJSON").as_bool().expect("isJSON");
    assert!(get(&e, "contentType").is_string());
    let body = if is_json { "json" } else { "text" };
    assert!(!get(&e, body).is_undefined(), "the body as {body}");
    let error: js_sys::Error = get(&e, "error").dyn_into().expect("an Error");
    assert_eq!(
        String::from(error.message()),
        "Service failed responding status 401."
    );

    // A failure's body is read as text or JSON, even when the call asked for a blob.
    let args = format!(
        r#"{{"url":"{}/public/echo?_status=500","blob":true}}"#,
        server()
    );
    let e = wait(c.service(js(&args))).await.unwrap_err();
    assert_eq!(get(&e, "status").as_f64(), Some(500.0));
    assert!(get(&e, "blob").is_undefined() && get(&e, "text").as_string().is_some());

    // No answer: `error` is fetch's TypeError, and no result fields.
    let e = wait(c.service(js(&format!(r#"{{"url":"{NOWHERE}"}}"#))))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "network");
    assert!(get(&e, "error").is_instance_of::<js_sys::TypeError>());
    assert!(get(&e, "ok").is_undefined() && get(&e, "status").is_undefined());
}

#[wasm_bindgen_test]
async fn get_data_and_empty_urls_are_sent_as_by_the_reference() {
    let c = client("t_svc_query", "");
    login_admin(&c).await;
    let r = wait(c.service(js(
        r#"{"url":"echo","data":{"q":"a b","l":[1,"x y"],"o":{"x":1}}}"#,
    )))
    .await
    .unwrap();
    let response: web_sys::Response = get(&r, "response").dyn_into().unwrap();
    assert!(
        response
            .url()
            .ends_with("/services/echo?q=a%20b&l=1%2Cx%20y&o=%5Bobject%20Object%5D"),
        "{}",
        response.url()
    );
    let query = get(&get(&r, "json"), "query");
    assert_eq!(get(&query, "l").as_string().as_deref(), Some("1,x y"));
    // After a query of the url's own, with `&` (the reference adds a second `?`).
    let r = wait(c.service(js(r#"{"url":"echo?x=1","data":{"y":2}}"#)))
        .await
        .unwrap();
    let response: web_sys::Response = get(&r, "response").dyn_into().unwrap();
    assert!(
        response.url().ends_with("/services/echo?x=1&y=2"),
        "{}",
        response.url()
    );
    // An empty url is the prefix itself; a missing one is a mistake.
    let outcome = wait(c.service(js(r#"{"url":""}"#))).await;
    let response = get(&outcome.unwrap_or_else(|e| e), "response");
    let response: web_sys::Response = response.dyn_into().expect("an answer");
    assert_eq!(response.url(), format!("{}/services/", server()));
    let e = wait(c.service(js("{}"))).await.unwrap_err();
    assert_eq!(code(&e), "invalid_argument");
    let _ = c.logout();
}

#[wasm_bindgen_test]
async fn no_unhandled_rejection_unless_the_app_leaves_one() {
    let window = web_sys::window().unwrap();
    let reasons = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let sink = reasons.clone();
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        sink.borrow_mut().push(get(&event, "reason"));
    });
    let listen = listener.as_ref().unchecked_ref();
    window
        .add_event_listener_with_callback("unhandledrejection", listen)
        .unwrap();

    let c = client("t_svc_unhandled", "");
    let fail = Recorder::new();
    let nowhere = || js(&format!(r#"{{"url":"{NOWHERE}"}}"#));
    // Dropped, with a callback of its own, with a configured one: none is reported.
    let _ = c.service(nowhere());
    let _ = c.service(with(nowhere(), "fail", fail.function()));
    c.service_config(with(js("{}"), "fail", fail.function()))
        .unwrap();
    let _ = c.service(nowhere());
    // An app that awaits still gets the error; one that chains without handling it is told.
    assert_eq!(
        code(&wait(c.service(nowhere())).await.unwrap_err()),
        "network"
    );
    let noop = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
    let chained: Promise = c.service(nowhere()).then(&noop);
    drop(chained);
    sleep_ms(300).await;
    window
        .remove_event_listener_with_callback("unhandledrejection", listen)
        .unwrap();

    assert_eq!(fail.count(), 4, "every failure reached a fail callback");
    let reasons = reasons.borrow();
    assert_eq!(
        reasons.len(),
        1,
        "only the chained Promise's rejection is unhandled"
    );
    assert_eq!(code(&reasons[0]), "network");
}

#[wasm_bindgen_test]
fn a_linked_service_clients_empty_prefix_is_kept() {
    // An app's own @netuno/service-client, whose prefix the client follows while the app sets
    // none: its default '' leaves urls as they are, as there.
    let c = new_client(js(r#"{"token":{"storageKey":"t_svc_linked"}}"#)).unwrap();
    let service = js(r#"{"prefix":""}"#);
    let config = Function::new_with_args("settings", "return { prefix: this.prefix };");
    js_sys::Reflect::set(&service, &"config".into(), &config).unwrap();
    c.use_service_client(service.clone()).unwrap();
    let url = |u: &str| c.service_url(u.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(url("_auth"), "_auth");
    js_sys::Reflect::set(&service, &"prefix".into(), &"/services/".into()).unwrap();
    assert_eq!(
        url("_auth"),
        format!("{}_auth", seen_from_page("/services/"))
    );
}
