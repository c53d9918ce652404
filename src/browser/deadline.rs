//! Request deadlines. A [`Deadline`] aborts a request after its time (reported as `timeout`),
//! or when the caller's own `AbortSignal` fires (`aborted`). It bounds either the whole request,
//! its body read included (the auth endpoint, `service`), or only the wait for the response
//! headers (`auth_fetch`: a download or a stream of server-sent events then runs as long as it
//! takes, as with `fetch`).

use crate::browser::env::timeout;
use crate::core::error::AuthError;
use crate::core::schedule::MAX_TIMER_DELAY_MS;
use wasm_bindgen::JsValue;

/// The signal a request is given, and how to tell why it fired.
pub(crate) struct Deadline {
    signal: web_sys::AbortSignal,
    ms: u32,
    /// The caller's own signal, when it is followed.
    caller: Option<web_sys::AbortSignal>,
    /// The timer of a deadline that ends when it is dropped: it aborts the request, and
    /// dropping it (once the headers are in) cancels it.
    _timer: Option<gloo_timers::callback::Timeout>,
}

/// Above 2^31-1 ms a browser fires at once: such a deadline is clamped.
fn clamped(ms: u32) -> u32 {
    ms.min(MAX_TIMER_DELAY_MS as u32)
}

impl Deadline {
    /// A deadline `ms` from now for everything done with its signal, the body read included
    /// (`AbortSignal.timeout`: no timer of ours to keep), also fired by `caller`.
    pub(crate) fn new(ms: u32, caller: Option<&web_sys::AbortSignal>) -> Deadline {
        let own = web_sys::AbortSignal::timeout_with_u32(clamped(ms));
        Deadline::with(own, ms, caller, None)
    }

    /// A deadline `ms` from now that ends when it is dropped: a request sent with its signal
    /// is aborted if its headers have not come in time, and never after (its body may take as
    /// long as it takes). Also fired by `caller`.
    pub(crate) fn until_dropped(ms: u32, caller: Option<&web_sys::AbortSignal>) -> Deadline {
        let Ok(controller) = web_sys::AbortController::new() else {
            return Deadline::new(ms, caller);
        };
        let own = controller.signal();
        let timer = timeout(clamped(ms), Box::new(move || controller.abort()));
        Deadline::with(own, ms, caller, Some(timer))
    }

    fn with(
        own: web_sys::AbortSignal,
        ms: u32,
        caller: Option<&web_sys::AbortSignal>,
        timer: Option<gloo_timers::callback::Timeout>,
    ) -> Deadline {
        // Before `AbortSignal.any` (Safari 17.3, Firefox 123), only the deadline aborts.
        let caller = caller.filter(|_| has_any()).cloned();
        let signal = match &caller {
            Some(caller) => web_sys::AbortSignal::any(&js_sys::Array::of2(&own, caller)),
            None => own,
        };
        Deadline {
            signal,
            ms,
            caller,
            _timer: timer,
        }
    }

    /// The signal to give `fetch`.
    pub(crate) fn signal(&self) -> &web_sys::AbortSignal {
        &self.signal
    }

    /// The error for a rejected `fetch` or body read: `aborted` when the caller aborted it,
    /// `timeout` when the deadline did, else `network` (a bare `TypeError: Failed to fetch`:
    /// browsers hide the cause, CORS, DNS or a refused connection, from scripts on purpose).
    pub(crate) fn error(&self, cause: String) -> AuthError {
        if self
            .caller
            .as_ref()
            .is_some_and(web_sys::AbortSignal::aborted)
        {
            AuthError::Aborted
        } else if self.signal.aborted() {
            AuthError::Timeout(self.ms)
        } else {
            AuthError::Network(cause)
        }
    }
}

/// Whether this browser has `AbortSignal.any` (looked up each time: a test page may take it
/// away to play an older browser).
fn has_any() -> bool {
    let class = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"));
    class.is_ok_and(|c| {
        js_sys::Reflect::get(&c, &JsValue::from_str("any")).is_ok_and(|f| f.is_function())
    })
}
