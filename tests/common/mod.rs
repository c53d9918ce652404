//! Helpers shared by the browser test files: the test server's URL (set at compile time by
//! scripts/test), JS object literals, promise plumbing and direct calls to the server.
#![allow(dead_code)]

use js_sys::{Promise, Reflect};
use wasm_auth_client::JsAuthClient;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Base URL of the test server (`AUTH_SERVER_URL` at compile time).
pub fn server() -> &'static str {
    option_env!("AUTH_SERVER_URL").unwrap_or("http://127.0.0.1:9000")
}

/// A JS object from JSON text.
pub fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON literal")
}

/// Settings pointing at the test server, with a storage key of the test's own and `extra`
/// members (JSON without braces, may be empty).
pub fn settings(key: &str, extra: &str) -> JsValue {
    let sep = if extra.is_empty() { "" } else { "," };
    js(&format!(
        r#"{{"prefix":"{}/services/","token":{{"storageKey":"{key}"}}{sep}{extra}}}"#,
        server()
    ))
}

/// A client for the test server.
pub fn client(key: &str, extra: &str) -> JsAuthClient {
    JsAuthClient::new(settings(key, extra)).expect("valid settings")
}

/// Awaits a promise.
pub async fn wait(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// A member of a JS object.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The `code` of a rejected AuthError (panics in the test if it is not one).
pub fn code(e: &JsValue) -> String {
    assert_eq!(
        get(e, "name").as_string().as_deref(),
        Some("AuthError"),
        "not an AuthError"
    );
    get(e, "code").as_string().expect("AuthError.code")
}

/// Logs `client` in as admin.
pub async fn login_admin(client: &JsAuthClient) {
    wait(client.login(js(r#"{"username":"admin","password":"secret"}"#)))
        .await
        .expect("admin login");
}

/// A sessionStorage item.
pub fn session_item(key: &str) -> Option<String> {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.get_item(key).unwrap()
}

/// A localStorage item.
pub fn local_item(key: &str) -> Option<String> {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.get_item(key).unwrap()
}

/// A raw request to the test server, bypassing the SDK: `(status, parsed JSON body or null)`.
pub async fn raw(
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<&str>,
) -> (u16, JsValue) {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().unwrap();
    if let Some(a) = authorization {
        headers.set("Authorization", a).unwrap();
    }
    if let Some(b) = body {
        headers.set("Content-Type", "application/json").unwrap();
        init.set_body(&b.into());
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(&format!("{}{path}", server()), &init).unwrap();
    let window = web_sys::window().unwrap();
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(response.text().unwrap()).await.unwrap();
    let json = js_sys::JSON::parse(&text.as_string().unwrap_or_default()).unwrap_or(JsValue::NULL);
    (response.status(), json)
}

/// The test server's counters.
pub async fn stats() -> JsValue {
    raw("GET", "/_test/stats", None, None).await.1
}

/// A counter of `/_test/stats`.
pub async fn stat(name: &str) -> f64 {
    get(&stats().await, name).as_f64().expect("stats counter")
}

/// Queues a fault (`/_test/faults`).
pub async fn fault(json: &str) {
    let (status, _) = raw("POST", "/_test/faults", None, Some(json)).await;
    assert_eq!(status, 200, "fault accepted");
}

/// Sleeps on the browser's clock.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}
