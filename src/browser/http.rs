//! Requests with a deadline: the auth endpoint's POST through gloo-net, and the `fetch` of the
//! wrapper on `web_sys::Request`. A deadline aborts the request (its body included) after its
//! time, or when the caller's own `AbortSignal` fires; both are reported as `timeout`.

use crate::browser::env::{describe, global_fetch};
use crate::browser::listener::Listener;
use crate::core::error::AuthError;
use crate::core::schedule::MAX_TIMER_DELAY_MS;
use gloo_timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// An `AbortController` that fires after a time or with the caller's signal; dropping it
/// cancels the timer and the relay.
pub(crate) struct Deadline {
    controller: web_sys::AbortController,
    ms: u32,
    _timer: Option<Timeout>,
    _relay: Option<Listener>,
}

impl Deadline {
    /// A deadline `ms` from now, also fired by `caller` (an app's `AbortSignal`).
    pub(crate) fn new(
        ms: u32,
        caller: Option<&web_sys::AbortSignal>,
    ) -> Result<Deadline, AuthError> {
        let controller = web_sys::AbortController::new()
            .map_err(|e| AuthError::Network(format!("no AbortController: {}", describe(&e))))?;
        let timer = {
            let controller = controller.clone();
            // Above 2^31-1 ms a browser fires at once: such a deadline is clamped.
            let ms = ms.min(MAX_TIMER_DELAY_MS as u32);
            Timeout::new(ms, move || controller.abort())
        };
        let relay = caller.map(|signal| {
            if signal.aborted() {
                controller.abort();
            }
            let controller = controller.clone();
            Listener::new(signal, "abort", move |_| controller.abort())
        });
        Ok(Deadline {
            controller,
            ms,
            _timer: Some(timer),
            _relay: relay,
        })
    }

    /// The signal to give `fetch`.
    pub(crate) fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// Whether the deadline (or the caller) aborted the request.
    pub(crate) fn fired(&self) -> bool {
        self.controller.signal().aborted()
    }

    /// The error for a rejected `fetch` or body read: `timeout` when aborted, else `network`
    /// (a bare `TypeError: Failed to fetch`: browsers hide the cause, CORS, DNS or a refused
    /// connection, from scripts on purpose).
    pub(crate) fn error(&self, cause: String) -> AuthError {
        if self.fired() {
            AuthError::Timeout(self.ms)
        } else {
            AuthError::Network(cause)
        }
    }
}

/// `fetch(request)` within `deadline`, waiting for the headers.
pub(crate) async fn fetch(
    request: &web_sys::Request,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&deadline.signal()));
    let response = JsFuture::from(global_fetch(request, &init))
        .await
        .map_err(|e| deadline.error(describe(&e)))?;
    response
        .dyn_into::<web_sys::Response>()
        .map_err(|_| AuthError::Network("fetch did not answer with a Response".into()))
}

/// `value` as JSON text, through serde-wasm-bindgen and `JSON.stringify`.
pub(crate) fn json_text(value: &impl Serialize) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// POSTs `body` as JSON to `url` (the auth endpoint) through gloo-net: the status and the body
/// text, read within `ms`.
pub(crate) async fn post_json(
    url: &str,
    body: &impl Serialize,
    ms: u32,
) -> Result<(u16, String), AuthError> {
    let text = json_text(body)
        .ok_or_else(|| AuthError::invalid_argument("body", "cannot be written as JSON"))?;
    let deadline = Deadline::new(ms, None)?;
    let request = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/json")
        .abort_signal(Some(&deadline.signal()))
        .body(JsValue::from_str(&text))
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL for fetch"))?;
    let response = request
        .send()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    let text = response
        .text()
        .await
        .map_err(|e| deadline.error(e.to_string()))?;
    Ok((response.status(), text))
}
