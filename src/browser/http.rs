//! Requests with a [`Deadline`]: the auth endpoint's POST (built by gloo-net, its body read
//! included), and the `fetch` of `auth_fetch` and `service` on `web_sys::Request`.

use crate::browser::callbacks::{AuthAnswer, AuthRequestDefaults, BodyTransform};
pub(crate) use crate::browser::deadline::Deadline;
use crate::browser::env::describe;
use crate::core::error::AuthError;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// `Err(network)` naming the gap when this environment has no Fetch API (`Request`), as in
/// Jest's jsdom environment: every request needs it.
pub(crate) fn fetch_api() -> Result<(), AuthError> {
    let global = js_sys::global();
    if js_sys::Reflect::has(&global, &JsValue::from_str("Request")).unwrap_or(false) {
        return Ok(());
    }
    Err(AuthError::Network(
        "this environment has no Fetch API (`Request` is not defined); give it one, as Node 18+ \
         and browsers do (in Jest's jsdom environment: a fetch polyfill)"
            .into(),
    ))
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch(request, init)` (a page's, a worker's or Node's; web-sys binds it on
    /// `Window` and `WorkerGlobalScope` apart).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request, init: &web_sys::RequestInit) -> js_sys::Promise;
}

/// `fetch(request, {signal})` with `deadline`'s signal, waiting for the headers (the browser
/// makes the copy of `request` that carries the signal, as `new Request(request, {signal})`
/// would, without a second crossing). gloo-net builds
/// the requests, but its `send` is not used: its error conversion panics on a rejection that is
/// not an `Error` (an app's `abort('left')`, a mocked `fetch` that rejects with a string) and on
/// an answer that is not a `Response` (a mocked `fetch` resolving with a plain object), and such
/// a panic takes the wasm instance down. Here both are typed errors.
pub(crate) async fn fetch(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    send(request, deadline, false).await
}

/// `fetch(request, {signal, keepalive})` (see [`fetch`]).
async fn send(
    request: &web_sys::Request,
    deadline: &Deadline,
    keepalive: bool,
) -> Result<web_sys::Response, AuthError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(deadline.signal()));
    if keepalive {
        // web-sys's `RequestInit` has no `keepalive` setter.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    let answer = wasm_bindgen_futures::JsFuture::from(global_fetch(request, &init))
        .await
        .map_err(|e| deadline.error(describe(&e)))?;
    answer.dyn_into().map_err(|_| {
        AuthError::Network(
            "fetch resolved with something that is not a Response (a mocked fetch?); resolve \
             it with a real one, such as `new Response(body, {status})`"
                .into(),
        )
    })
}

/// The body of a response the app will not get (a refusal that becomes an error), as text; `None`
/// when it cannot be read.
pub(crate) async fn body_text(response: &web_sys::Response) -> Option<String> {
    let text = response.text().ok()?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()?
        .as_string()
}

/// `value` as JSON text, through serde-wasm-bindgen and `JSON.stringify`.
pub(crate) fn json_text(value: &impl Serialize) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// A source of [`AuthRequestDefaults`], asked before each auth request.
pub(crate) type AuthRequestSource = std::rc::Rc<dyn Fn() -> AuthRequestDefaults>;

/// How a request to an auth endpoint goes.
#[derive(Debug, Clone)]
pub(crate) struct AuthPost {
    /// Its deadline, in ms (the body read included).
    pub(crate) timeout: u32,
    /// The largest body read, in bytes.
    pub(crate) limit: usize,
    /// Cookie mode: sent with credentials, so the refresh cookie is set and sent.
    pub(crate) cookie: bool,
    /// Sent on if the page unloads meanwhile (`keepalive`: the logout, whose answer nothing
    /// waits for).
    pub(crate) keepalive: bool,
    /// What a linked service client adds.
    pub(crate) linked: AuthRequestDefaults,
}

/// How requests to the auth endpoints go under `config`, with what a linked service client adds.
pub(crate) fn auth_post(
    config: &crate::core::config::Config,
    linked: AuthRequestDefaults,
) -> AuthPost {
    AuthPost {
        timeout: config.timeout,
        limit: config.max_response_bytes(),
        cookie: config.cookie_mode(),
        keepalive: false,
        linked,
    }
}

/// POSTs `body` as JSON to `url` (the auth endpoint; gloo-net builds it): the status and the body
/// text, read within the deadline; a body over the limit is refused before parsing.
pub(crate) async fn post_json(
    url: &str,
    body: &impl Serialize,
    how: AuthPost,
    transform: Option<&BodyTransform>,
) -> Result<AuthAnswer, AuthError> {
    let AuthPost {
        timeout: ms,
        limit,
        cookie,
        keepalive,
        linked,
    } = how;
    fetch_api()?;
    let text = body_text_of(body, transform)?;
    let deadline = Deadline::new(ms, None);
    use crate::core::config::Credentials;
    let credentials = match (cookie, linked.credentials) {
        (true, _) | (false, Some(Credentials::Include)) => web_sys::RequestCredentials::Include,
        (false, Some(Credentials::Omit)) => web_sys::RequestCredentials::Omit,
        (false, _) => web_sys::RequestCredentials::SameOrigin,
    };
    let mut builder = gloo_net::http::Request::post(url);
    for (name, value) in &linked.headers {
        builder = builder.header(name, value);
    }
    let request: web_sys::Request = builder
        .header("Content-Type", "application/json")
        .credentials(credentials)
        .body(JsValue::from_str(&text))
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL for fetch"))?
        .into();
    // gloo-net's builder has no `keepalive`: `fetch`'s init gives it.
    let response = send(&request, &deadline, keepalive).await?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let content_type = header("content-type").unwrap_or_default();
    let declared = header("content-length").and_then(|n| n.parse::<usize>().ok());
    let text = if declared.is_some_and(|n| n > limit) {
        None
    } else {
        let failed = |e: JsValue| deadline.error(describe(&e));
        let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?
            .as_string()
            .unwrap_or_default();
        Some(text).filter(|t| t.len() <= limit)
    };
    Ok(AuthAnswer {
        status: response.status(),
        content_type,
        text,
        response,
    })
}

/// The JSON text of a request body, through the app's transform when there is one.
fn body_text_of(
    body: &impl Serialize,
    transform: Option<&BodyTransform>,
) -> Result<String, AuthError> {
    let unwritable = || AuthError::invalid_argument("body", "cannot be written as JSON");
    let Some(transform) = transform else {
        return json_text(body).ok_or_else(unwritable);
    };
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| unwritable())?;
    let changed = transform(value).map_err(|e| AuthError::invalid_argument("data", &e))?;
    js_sys::JSON::stringify(&changed)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| AuthError::invalid_argument("data", "returned a body JSON cannot write"))
}
