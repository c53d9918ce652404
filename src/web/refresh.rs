//! Refreshing the token pair: one request per client at a time (single flight), under the
//! cross-tab lock when tabs share the session, with events and callbacks run only after the
//! lock is released.

use super::callbacks;
use super::client::{current_token_view, emit, now, promise, Shared};
use super::{http, tabs};
use crate::error::AuthError;
use crate::session::Event;
use js_sys::Promise;
use wasm_bindgen::JsValue;

async fn refresh(inner: &Shared) -> Result<JsValue, AuthError> {
    let result = locked_refresh(inner).await;
    let (outcome, events) = match result {
        Ok(pair) => pair,
        Err(e @ AuthError::NotLoggedIn) => (Err(e), Vec::new()),
        Err(e) => (Err(e.clone()), vec![Event::RefreshError(e)]),
    };
    // Events (and so app callbacks) run only once the cross-tab lock is released.
    emit(inner, events);
    outcome.map(|()| current_token_view(inner))
}

/// The refresh request, under the cross-tab lock when tabs share the session. Inside the
/// lock storage is read again: when another tab has already refreshed (or logged out), its
/// result is taken up and no request is sent.
async fn locked_refresh(inner: &Shared) -> Result<(Result<(), AuthError>, Vec<Event>), AuthError> {
    let (timeout, started_in) = {
        let i = inner.borrow();
        (i.session.config().timeout, i.session.generation())
    };
    let lock = if tabs::coordinates(inner) {
        let key = inner.borrow().session.config().token.storage_key.clone();
        let wait = timeout.saturating_add(5_000);
        let lock = tabs::lock(&key, wait, wait).await?;
        let events = inner.borrow_mut().session.adopt_stored();
        let i = inner.borrow();
        // Another tab refreshed (or logged in or out) while this one waited, either seen just
        // now or already adopted from its storage event: nothing left to do.
        if !events.is_empty() || i.session.generation() != started_in {
            let outcome = match i.session.token() {
                Some(_) => Ok(()),
                None => Err(AuthError::NotLoggedIn),
            };
            return Ok((outcome, events));
        }
        drop(i);
        Some(lock)
    } else {
        None
    };
    let (url, body, grant) = {
        let i = inner.borrow();
        let (body, grant) = i.session.refresh_request()?;
        (i.session.config().auth_url(), body, grant)
    };
    let reply = http::post_auth(&url, &body, timeout).await?;
    let outcome = inner.borrow_mut().session.accept(grant, reply, now());
    if let Some(lock) = lock {
        tabs::release_after_write(lock);
    }
    Ok(outcome)
}

/// The refresh in flight, or a new one: every caller shares one request and one outcome.
/// The configured `refreshToken.success/fail` run once per refresh, whoever triggered it.
pub(crate) fn shared_refresh(inner: &Shared) -> Promise {
    if let Some(p) = &inner.borrow().refresh_in_flight {
        return p.clone();
    }
    let task = inner.clone();
    let promise = promise(async move {
        let result = refresh(&task).await;
        let cbs = {
            let mut i = task.borrow_mut();
            i.refresh_in_flight = None;
            i.callbacks.clone()
        };
        let result = result.map_err(JsValue::from);
        match &result {
            Ok(v) => callbacks::call_each(&[&cbs.refresh_success], v, "refreshToken.success"),
            Err(e) => callbacks::call_each(&[&cbs.refresh_fail], e, "refreshToken.fail"),
        }
        result
    });
    inner.borrow_mut().refresh_in_flight = Some(promise.clone());
    promise
}
