//! Requests with a [`Deadline`], through gloo-net: the auth endpoint's POST (its body read
//! included), and the `fetch` of the wrapper on `web_sys::Request`.

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
    /// The global `fetch(request)` (a page's, a worker's or Node's; web-sys binds it on
    /// `Window` and `WorkerGlobalScope` apart).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

/// A copy of `request` with `deadline`'s signal (`new Request(request, {signal})`), as `fetch`
/// makes one.
fn with_signal(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Request, AuthError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(deadline.signal()));
    web_sys::Request::new_with_request_and_init(request, &init)
        .map_err(|e| AuthError::Network(describe(&e)))
}

/// `fetch(request)` within `deadline` through gloo-net, waiting for the headers (`service`,
/// whose requests have no signal of the caller's).
pub(crate) async fn fetch(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    let response = gloo_net::http::Request::from(with_signal(request, deadline)?)
        .send()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    Ok(response.into())
}

/// `fetch(request)` within `deadline` through web-sys, waiting for the headers (`auth_fetch`).
/// The caller's signal may reject it with any reason, a string say, which gloo-net cannot take
/// (its error conversion panics on a rejection that is not an `Error`).
pub(crate) async fn fetch_request(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    let promise = global_fetch(&with_signal(request, deadline)?);
    let response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| deadline.error(describe(&e)))?;
    Ok(response.unchecked_into())
}

/// `value` as JSON text, through serde-wasm-bindgen and `JSON.stringify`.
pub(crate) fn json_text(value: &impl Serialize) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// What the auth endpoint answered: its status and its body text, or `None` when the body was
/// larger than the limit (then it was not read, or not kept).
pub(crate) type Answer = (u16, Option<String>);

/// How a request to an auth endpoint goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthPost {
    /// Its deadline, in ms (the body read included).
    pub(crate) timeout: u32,
    /// The largest body read, in bytes.
    pub(crate) limit: usize,
    /// Cookie mode: sent with credentials, so the refresh cookie is set and sent.
    pub(crate) cookie: bool,
}

/// How requests to the auth endpoints go under `config`.
pub(crate) fn auth_post(config: &crate::core::config::Config) -> AuthPost {
    AuthPost {
        timeout: config.timeout,
        limit: config.max_response_bytes(),
        cookie: config.cookie_mode(),
    }
}

/// POSTs `body` as JSON to `url` (the auth endpoint) through gloo-net: the status and the body
/// text, read within the deadline; a body over the limit is refused before parsing.
pub(crate) async fn post_json(
    url: &str,
    body: &impl Serialize,
    how: AuthPost,
) -> Result<Answer, AuthError> {
    let AuthPost {
        timeout: ms,
        limit,
        cookie,
    } = how;
    fetch_api()?;
    let text = json_text(body)
        .ok_or_else(|| AuthError::invalid_argument("body", "cannot be written as JSON"))?;
    let deadline = Deadline::new(ms, None);
    let credentials = if cookie {
        web_sys::RequestCredentials::Include
    } else {
        web_sys::RequestCredentials::SameOrigin
    };
    let request = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/json")
        .credentials(credentials)
        .abort_signal(Some(deadline.signal()))
        .body(JsValue::from_str(&text))
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL for fetch"))?;
    let response = request
        .send()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    let declared = response.headers().get("content-length");
    if declared
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| n > limit)
    {
        return Ok((response.status(), None));
    }
    let text = response
        .text()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    Ok((response.status(), Some(text).filter(|t| t.len() <= limit)))
}
