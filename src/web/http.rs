//! `fetch` with a timeout. The timer that aborts the request is an owned handle: it is
//! cleared when the call returns, whatever the outcome.

use super::codec;
use super::errors::describe;
use super::listener::Listener;
use crate::error::AuthError;
use crate::json::Value;
use crate::session::Reply;
use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Request, RequestInit, Response, Window};

/// A `setTimeout` that aborts a controller, cleared when dropped. The callback is the
/// controller's own `abort` bound to it, so no wasm closure is made per request.
struct Deadline {
    window: Window,
    id: Option<i32>,
}

impl Deadline {
    fn new(window: &Window, controller: &AbortController, ms: u32) -> Self {
        // Browsers fire a delay above 2^31-1 ms at once: clamp it instead.
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let id = Reflect::get(controller, &"abort".into())
            .ok()
            .and_then(|abort| abort.dyn_into::<Function>().ok())
            .map(|abort| abort.bind0(controller))
            .and_then(|bound| {
                window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&bound, delay)
                    .ok()
            });
        Self {
            window: window.clone(),
            id,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.window.clear_timeout_with_handle(id);
        }
    }
}

/// Sends `request` and waits for the response headers, aborting after `timeout_ms`.
///
/// # Errors
/// [`AuthError::Timeout`] when the timer fired, [`AuthError::Network`] when fetch rejected.
pub(crate) async fn fetch(request: &Request, timeout_ms: u32) -> Result<Response, AuthError> {
    send(request, timeout_ms, None, None).await
}

/// [`fetch`], also aborted by the caller's `signal` (reported as `timeout` too), with one
/// extra `header` (name, value) set on the request itself: every request sent here is one the
/// SDK built (a caller's `Request` is copied first), and a replay sets the header again. The
/// request is sent through `fetch(request, init)` with only the signal in `init`.
pub(crate) async fn send(
    request: &Request,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
    header: Option<&(String, String)>,
) -> Result<Response, AuthError> {
    let window = web_sys::window().ok_or_else(|| AuthError::Network("no window".into()))?;
    let controller = AbortController::new().map_err(|e| AuthError::Network(describe(&e)))?;
    let own = controller.signal();
    let init = RequestInit::new();
    init.set_signal(Some(&own));
    if let Some((name, value)) = header {
        request
            .headers()
            .set(name, value)
            .map_err(|_| AuthError::Config("authHeader: not a valid header name".into()))?;
    }
    // The caller's abort is forwarded to our controller for as long as the call lives.
    let _relay = match signal {
        Some(s) if s.aborted() => return Err(AuthError::Timeout(0)),
        Some(s) => {
            let relay_controller = controller.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || relay_controller.abort());
            Some(Listener::new(on_abort, vec![(s.clone().into(), "abort")]))
        }
        None => None,
    };
    let _deadline = Deadline::new(&window, &controller, timeout_ms);
    match JsFuture::from(window.fetch_with_request_and_init(request, &init)).await {
        Ok(response) => response
            .dyn_into()
            .map_err(|_| AuthError::Network("not a Response".into())),
        Err(_) if own.aborted() => Err(AuthError::Timeout(timeout_ms)),
        // The rejection is a bare TypeError ("Failed to fetch"): the browser hides the cause
        // (CORS, DNS, refused connection) from scripts on purpose.
        Err(e) => Err(AuthError::Network(describe(&e))),
    }
}

/// Builds a JSON POST request.
pub(crate) fn json_post(url: &str, body: &Value) -> Result<Request, AuthError> {
    let headers = Headers::new().map_err(|e| AuthError::Network(describe(&e)))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| AuthError::Network(describe(&e)))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    let text = js_sys::JSON::stringify(&codec::to_js(body))
        .map_err(|e| AuthError::Network(describe(&e)))?;
    init.set_body(&text);
    Request::new_with_str_and_init(url, &init)
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL for fetch"))
}

/// Reads a response body as text (no timeout: the headers already came).
pub(crate) async fn text(response: &Response) -> Result<String, AuthError> {
    let promise = response
        .text()
        .map_err(|e| AuthError::Network(describe(&e)))?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|e| AuthError::Network(describe(&e)))?;
    Ok(text.as_string().unwrap_or_default())
}

/// POSTs JSON to the auth endpoint and returns the status and the parsed body.
pub(crate) async fn post_auth(
    url: &str,
    body: &Value,
    timeout_ms: u32,
) -> Result<Reply, AuthError> {
    let request = json_post(url, body)?;
    let response = fetch(&request, timeout_ms).await?;
    let body = text(&response).await?;
    Ok(Reply {
        status: response.status(),
        body: codec::parse(&body),
    })
}
