//! Turning `authFetch(input, init)`'s arguments into a `Request`, exactly as `fetch` would.

use super::args::member;
use super::authorized::Options;
use super::client::Shared;
use crate::error::AuthError;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, ReadableStream, Request, RequestInit};

/// The request `fetch(input, init)` would send, and how to send it.
pub(crate) fn request(
    inner: &Shared,
    input: &JsValue,
    init: &JsValue,
) -> Result<(Request, Options), AuthError> {
    let init: RequestInit = if init.is_object() {
        init.clone().unchecked_into()
    } else {
        RequestInit::new()
    };
    let bad_input =
        |_| AuthError::invalid_argument("input", "expected a URL string, a URL or a Request");
    let request = match input.dyn_ref::<Request>() {
        Some(r) => Request::new_with_request_and_init(r, &init).map_err(bad_input)?,
        // Strings and URL objects both stringify to the URL.
        None => Request::new_with_str_and_init(
            &String::from(js_sys::JsString::from(input.clone())),
            &init,
        )
        .map_err(bad_input)?,
    };
    // A stream body can be read once only: such a request is never replayed.
    let replayable = !member(&init, "body").is_instance_of::<ReadableStream>();
    let signal = member(&init, "signal").dyn_into::<AbortSignal>().ok();
    let timeout_ms = inner.borrow().session.config().timeout;
    Ok((
        request,
        Options {
            timeout_ms,
            replayable,
            signal,
        },
    ))
}
