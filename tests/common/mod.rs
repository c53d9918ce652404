//! Helpers shared by the browser test files: the test server's URL (set at compile time by
//! scripts/test), JS object literals, promise plumbing, direct calls to the server, and the
//! clients under test: the exported facade (`JsAuthClient`, what JS apps get) and the Rust
//! `AuthClient` (what Rust apps get).
#![allow(dead_code)]

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Base URL of the test server (`AUTH_SERVER_URL` at compile time).
pub fn server() -> &'static str {
    option_env!("AUTH_SERVER_URL").unwrap_or("http://127.0.0.1:9000")
}

/// Base URL of the test server started with `--access-ttl 3`.
pub fn short_ttl_server() -> &'static str {
    option_env!("AUTH_SHORT_TTL_SERVER_URL").unwrap_or("http://127.0.0.1:9003")
}

/// Base URL of the test server on the real Netuno wire with 4-second access tokens
/// (`--access-ttl 4`: `expires_in` 4000, no `exp`).
pub fn netuno_4s_server() -> &'static str {
    option_env!("AUTH_NETUNO_4S_SERVER_URL").unwrap_or("http://127.0.0.1:9004")
}

/// Base URL of the test server in the `oauth` dialect (`expires_in` in seconds, JWT `exp`,
/// `WWW-Authenticate`, a logout endpoint), with 3-second access tokens.
pub fn oauth_server() -> &'static str {
    option_env!("AUTH_OAUTH_SERVER_URL").unwrap_or("http://127.0.0.1:9005")
}

/// Base URL of a second test server, on another origin (another port).
pub fn other_server() -> &'static str {
    option_env!("AUTH_OTHER_SERVER_URL").unwrap_or("http://127.0.0.1:9001")
}

/// A JS object from JSON text.
pub fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON literal")
}

/// Settings pointing at the test server, with a storage key of the test's own and `extra`
/// members (JSON without braces, may be empty).
pub fn settings(key: &str, extra: &str) -> JsValue {
    settings_at(server(), key, extra)
}

/// Settings pointing at the server at `base`.
pub fn settings_at(base: &str, key: &str, extra: &str) -> JsValue {
    let sep = if extra.is_empty() { "" } else { "," };
    js(&format!(
        r#"{{"prefix":"{base}/services/","token":{{"storageKey":"{key}"}}{sep}{extra}}}"#
    ))
}

pub use wasm_auth_client::js::JsAuthClient;

/// `new AuthClient(settings)` as JS calls it: the facade the package exports. Dropping it is
/// `free()`, so no test's timers outlive it.
pub fn new_client(settings: JsValue) -> Result<JsAuthClient, JsValue> {
    JsAuthClient::new(settings)
}

/// A client for the test server.
pub fn client(key: &str, extra: &str) -> JsAuthClient {
    new_client(settings(key, extra)).expect("valid settings")
}

/// A client for the server at `base`.
pub fn client_at(base: &str, key: &str, extra: &str) -> JsAuthClient {
    new_client(settings_at(base, key, extra)).expect("valid settings")
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
    raw_at(server(), method, path, authorization, body).await
}

/// [`raw`] against the server at `base`.
pub async fn raw_at(
    base: &str,
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
    let request = Request::new_with_str_and_init(&format!("{base}{path}"), &init).unwrap();
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

/// A counter of `/_test/stats` of the server at `base`.
pub async fn stat(base: &str, name: &str) -> f64 {
    let stats = raw_at(base, "GET", "/_test/stats", None, None).await.1;
    get(&stats, name).as_f64().expect("stats counter")
}

/// POSTs `json` to a `/_test/...` route of the server at `base`; asserts it was accepted.
pub async fn test_route(base: &str, path: &str, json: &str) {
    let (status, _) = raw_at(base, "POST", path, None, Some(json)).await;
    assert_eq!(status, 200, "{path} accepted");
}

/// Queues a fault (`/_test/faults`) on the server at `base`.
pub async fn fault(base: &str, json: &str) {
    let (status, _) = raw_at(base, "POST", "/_test/faults", None, Some(json)).await;
    assert_eq!(status, 200, "fault accepted");
}

/// Clears the counters, faults and tokens of the server at `base`.
pub async fn reset(base: &str) {
    let (status, _) = raw_at(base, "POST", "/_test/reset", None, None).await;
    assert_eq!(status, 200, "reset");
}

/// When the token `c` holds expires, on the SDK's clock (`token().expires_at`, ms).
pub fn expires_at(c: &JsAuthClient) -> f64 {
    let token = c.current_token();
    get(&token, "expires_at")
        .as_f64()
        .expect("a token with an expiry")
}

/// Whether the server at `base` takes `token` now: a profile call with it answers 200 (a real
/// Netuno server's tokens carry no `exp`: only the server knows).
pub async fn accepted(base: &str, token: &str) -> bool {
    let bearer = format!("Bearer {token}");
    raw_at(base, "GET", "/services/profile", Some(&bearer), None)
        .await
        .0
        == 200
}

/// The `exp` claim (seconds) of a JWT, decoded without verification.
pub fn jwt_exp(jwt: &str) -> f64 {
    let text = wasm_auth_client::core::claims::unverified_payload(jwt).expect("a JWT");
    get(&js(&text), "exp").as_f64().expect("exp claim")
}

/// Records the events a client emits, as `type` or `type:reason` strings.
pub struct EventLog {
    pub seen: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(JsValue)>,
}

impl EventLog {
    /// Subscribes to `client`.
    pub fn attach(client: &JsAuthClient) -> EventLog {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let sink = seen.clone();
        let listener =
            wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let kind = get(&e, "type").as_string().unwrap_or_default();
                let entry = match get(&e, "reason").as_string() {
                    Some(reason) => format!("{kind}:{reason}"),
                    None => kind,
                };
                sink.borrow_mut().push(entry);
            });
        client
            .subscribe(listener.as_ref().clone())
            .expect("listener");
        EventLog {
            seen,
            _listener: listener,
        }
    }

    /// How many events of `kind` (`type` or `type:reason`) were seen.
    pub fn count(&self, kind: &str) -> usize {
        self.seen.borrow().iter().filter(|e| *e == kind).count()
    }
}

/// The current time on the browser's clock, in ms.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Sleeps on the browser's clock.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}
