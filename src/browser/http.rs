//! Requests with a deadline, through gloo-net: the auth endpoint's POST, and the `fetch` of
//! the wrapper on `web_sys::Request`. A deadline aborts the request (its body included) after
//! its time, or when the caller's own `AbortSignal` fires; both are reported as `timeout`.

use crate::browser::env::describe;
use crate::core::error::AuthError;
use crate::core::schedule::MAX_TIMER_DELAY_MS;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A signal that aborts after a time or with the caller's own signal (`AbortSignal.timeout`
/// and `AbortSignal.any`: no timer or listener of ours to keep or remove).
pub(crate) struct Deadline {
    signal: web_sys::AbortSignal,
    ms: u32,
}

impl Deadline {
    /// A deadline `ms` from now, also fired by `caller` (an app's `AbortSignal`).
    pub(crate) fn new(ms: u32, caller: Option<&web_sys::AbortSignal>) -> Deadline {
        // Above 2^31-1 ms a browser fires at once: such a deadline is clamped.
        let timeout = web_sys::AbortSignal::timeout_with_u32(ms.min(MAX_TIMER_DELAY_MS as u32));
        let signal = match caller {
            Some(caller) if has_any() => {
                web_sys::AbortSignal::any(&js_sys::Array::of2(&timeout, caller))
            }
            // Before `AbortSignal.any` (Safari 17.3, Firefox 123), only the deadline aborts.
            _ => timeout,
        };
        Deadline { signal, ms }
    }

    /// The signal to give `fetch`.
    pub(crate) fn signal(&self) -> &web_sys::AbortSignal {
        &self.signal
    }

    /// The error for a rejected `fetch` or body read: `timeout` when aborted, else `network`
    /// (a bare `TypeError: Failed to fetch`: browsers hide the cause, CORS, DNS or a refused
    /// connection, from scripts on purpose).
    pub(crate) fn error(&self, cause: String) -> AuthError {
        if self.signal.aborted() {
            AuthError::Timeout(self.ms)
        } else {
            AuthError::Network(cause)
        }
    }
}

/// Whether this browser has `AbortSignal.any`.
fn has_any() -> bool {
    let class = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"));
    class.is_ok_and(|c| {
        js_sys::Reflect::get(&c, &JsValue::from_str("any")).is_ok_and(|f| f.is_function())
    })
}

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

/// `fetch(request)` within `deadline` through gloo-net, waiting for the headers. The signal is
/// given to a copy of the request (`new Request(request, {signal})`), as `fetch` would do.
pub(crate) async fn fetch(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(deadline.signal()));
    let request = web_sys::Request::new_with_request_and_init(request, &init)
        .map_err(|e| AuthError::Network(describe(&e)))?;
    let response = gloo_net::http::Request::from(request)
        .send()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    Ok(response.into())
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
