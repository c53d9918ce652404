//! Sending a request to the API with the token, the one path behind `service()` and
//! `authFetch()`:
//! - the header goes only to allowed origins (never to another origin, never in a URL);
//! - before sending, wait for a refresh in flight, and refresh first when the token is due
//!   or expired (sharing the client's single flight);
//! - after a retry status (401), refresh once (shared) and replay once; a second refusal is
//!   `unauthorized`. Calls to the auth endpoint itself never trigger a refresh.

use super::client::Shared;
use super::http;
use super::refresh::shared_refresh;
use crate::error::AuthError;
use crate::schedule::{is_due, is_expired};
use crate::url;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Request, Response};

thread_local! {
    /// The page's origin, read once: nothing a page does can change it without a new page.
    static PAGE_ORIGIN: String = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
}

/// What one request needs besides itself.
pub(crate) struct Options {
    /// Abort after this many ms (code `timeout`).
    pub timeout_ms: u32,
    /// Whether the body can be sent twice (not a stream).
    pub replayable: bool,
    /// The caller's own abort signal, if any.
    pub signal: Option<AbortSignal>,
}

/// Whether the request may carry the token, and whether it is a call to the auth endpoint.
fn classify(inner: &Shared, request_url: &str) -> (bool, bool) {
    let i = inner.borrow();
    let config = i.session.config();
    let auth_url = url::join(&config.prefix, &config.url);
    let is_auth = request_url.split(['?', '#']).next() == Some(auth_url.as_str());
    let allowed =
        PAGE_ORIGIN.with(|page| url::is_allowed(request_url, page, &config.token_origins(page)));
    (allowed, is_auth)
}

/// Waits for a refresh in flight, or starts one when the token is due or already expired.
/// A failed refresh is not fatal here: the request goes with what there is and the retry
/// path decides.
async fn prepare(inner: &Shared) {
    let (in_flight, stale) = {
        let i = inner.borrow();
        let config = i.session.config();
        let now = js_sys::Date::now();
        // Unlike the timer, this holds with `autoRefreshToken: false` too: a request is about
        // to carry the token, and one that dies in flight would only come back as a 401.
        let stale = i
            .session
            .token()
            .is_some_and(|t| is_expired(t, now) || is_due(t, &config.refresh_policy(), now));
        (i.refresh_in_flight.clone(), stale)
    };
    let wait = match (in_flight, stale) {
        (Some(pending), _) => Some(pending),
        (None, true) => Some(shared_refresh(inner)),
        (None, false) => None,
    };
    if let Some(pending) = wait {
        let _ = JsFuture::from(pending).await;
    }
}

/// The token header for the held token, and the token it carries.
fn token_header(inner: &Shared) -> Option<(String, (String, String))> {
    let i = inner.borrow();
    let t = i.session.token()?;
    let secret = t.access_token.secret();
    Some((
        secret.to_owned(),
        i.session.config().auth_header_value(&t.token_type, secret),
    ))
}

fn current_token(inner: &Shared) -> Option<String> {
    inner
        .borrow()
        .session
        .token()
        .map(|t| t.access_token.secret().to_owned())
}

/// Sends `request` with the token where allowed, refreshing and replaying once after a 401.
pub(crate) async fn send(
    inner: &Shared,
    request: Request,
    options: &Options,
) -> Result<Response, AuthError> {
    let (allowed, is_auth) = classify(inner, &request.url());
    let signal = options.signal.as_ref();
    if !allowed || is_auth {
        return http::send(&request, options.timeout_ms, signal, None).await;
    }
    prepare(inner).await;
    // A request without a body can be sent again as it is; one with a body is copied first
    // (a stream cannot be, and is never replayed).
    let spare = match (options.replayable, request.body().is_some()) {
        (false, _) => None,
        (true, false) => Some(Clone::clone(&request)),
        (true, true) => request.clone().ok(),
    };
    let header = token_header(inner);
    let sent = header.as_ref().map(|(token, _)| token.clone());
    let first = header.map(|(_, h)| h);
    let response = http::send(&request, options.timeout_ms, signal, first.as_ref()).await?;
    let retry_statuses = inner.borrow().session.config().retry_statuses.clone();
    if !retry_statuses.contains(&response.status()) || sent.is_none() {
        return Ok(response);
    }
    let Some(spare) = spare else {
        return Ok(response);
    };
    if current_token(inner) == sent {
        JsFuture::from(shared_refresh(inner))
            .await
            .map_err(|_| AuthError::Unauthorized(response.status()))?;
    }
    let second = token_header(inner).map(|(_, h)| h);
    let replayed = http::send(&spare, options.timeout_ms, signal, second.as_ref()).await?;
    if retry_statuses.contains(&replayed.status()) {
        return Err(AuthError::Unauthorized(replayed.status()));
    }
    Ok(replayed)
}
