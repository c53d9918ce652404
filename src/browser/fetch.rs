//! Sending a request with the token: only to allowed origins, never to the auth endpoint, never
//! with a token known to be expired. A call whose token is due or expired waits for the refresh
//! (joining the running or scheduled attempt, bounded by its own timeout); after a retry status
//! (401) it refreshes once and replays once. Used by `auth_fetch` and `service`, whose
//! deadlines differ ([`Bound`]).

use crate::browser::env::{absolute_origin, now};
use crate::browser::http::{body_text, fetch, Deadline};
use crate::browser::reply::error_body;
use crate::browser::state::{Inner, State, Wake};
use crate::core::error::AuthError;
use crate::core::schedule::{is_due, is_expired, Phase};
use std::rc::Rc;

/// The token header of the held token: `(name, value)` and the access token it carries.
struct Header {
    name: String,
    value: String,
    access: String,
}

fn header(s: &State) -> Option<Header> {
    let t = s.session.token()?;
    let (name, value) = s
        .session
        .config()
        .auth_header_value(&t.token_type, t.access_token.secret());
    Some(Header {
        name,
        value,
        access: t.access_token.secret().to_owned(),
    })
}

/// What a call does about the token before it is sent.
enum Next {
    /// Go, with this header (or none: logged out).
    Go(Option<Header>),
    /// Wait for the refresh.
    Wait,
}

/// What the deadline of each send bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The wait for the response headers (`auth_fetch`): the body is the app's to read, for as
    /// long as it takes (a download, server-sent events), as with `fetch`.
    Headers,
    /// The whole request, the body read included (`service`, which reads the body itself).
    Whole,
}

impl Bound {
    fn deadline(self, ms: u32, signal: Option<&web_sys::AbortSignal>) -> Deadline {
        match self {
            Bound::Headers => Deadline::until_dropped(ms, signal),
            Bound::Whole => Deadline::new(ms, signal),
        }
    }
}

/// A token this close to its expiry is not sent: it could expire on the way to the server.
const SEND_MARGIN_MS: f64 = 1_000.0;

fn next(s: &State) -> Next {
    let Some(t) = s.session.token() else {
        // A page load's restore (from the other tabs, or the cookie) may bring one.
        return if s.restoring {
            Next::Wait
        } else {
            Next::Go(None)
        };
    };
    let at = now();
    let expired = is_expired(t, at + SEND_MARGIN_MS);
    let due = is_due(t, &s.session.config().refresh_policy(), at);
    let phase = s.schedule.phase();
    let retrying = matches!(phase, Phase::Retrying { .. }) && !s.schedule.may_start(at);
    // A refresh on the wire revokes the held token when it lands (a Netuno server kills the
    // old pair at once): a call sent now would be refused, so it waits for the new token.
    if expired || phase == Phase::InFlight || (due && !retrying) {
        Next::Wait
    } else {
        // Fresh, or due while the refresh backs off: the token still works, so it goes.
        Next::Go(header(s))
    }
}

impl Inner {
    /// Whether a request to `url` (absolute, as `Request.url` is) may carry the token: its
    /// origin is allowed, and it is not a call to an auth endpoint.
    fn may_carry(&self, url: &str) -> bool {
        let s = self.state.borrow();
        let path = url.split(['?', '#']).next().unwrap_or(url);
        !s.auth_urls.iter().any(|a| a == path)
            && absolute_origin(url).is_some_and(|o| s.allowed.contains(&o))
    }

    /// The header to send, once the token is usable: waits for the refresh while the token is
    /// expired (or due, unless the refresh is backing off), for `ms` at most.
    ///
    /// # Errors
    /// [`AuthError::RefreshUnavailable`] when the token is still expired after `ms`.
    async fn usable_header(self: &Rc<Self>, ms: u32) -> Result<Option<Header>, AuthError> {
        let until = now() + f64::from(ms);
        loop {
            if let Next::Go(h) = next(&self.state.borrow()) {
                return Ok(h);
            }
            if let Wake::Deadline = self.next_outcome(Some(until - now())).await {
                let s = self.state.borrow();
                return match s.session.token() {
                    Some(t) if is_expired(t, now() + SEND_MARGIN_MS) => {
                        Err(AuthError::RefreshUnavailable {
                            cause: Box::new(
                                s.schedule
                                    .last_error()
                                    .cloned()
                                    .unwrap_or(AuthError::Timeout(ms)),
                            ),
                        })
                    }
                    _ => Ok(header(&s)),
                };
            }
        }
    }

    /// Sends `request` with the token where allowed (see the module docs). `ms` bounds the
    /// wait for a refresh and each send (as `bound` says); `signal` is the caller's own abort
    /// signal.
    pub(crate) async fn send(
        self: &Rc<Self>,
        request: web_sys::Request,
        (ms, bound): (u32, Bound),
        replayable: bool,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<web_sys::Response, AuthError> {
        self.follow_prefix();
        if !self.may_carry(&request.url()) {
            return fetch(&request, &bound.deadline(ms, signal)).await;
        }
        let first = self.usable_header(ms).await?;
        // A request without a body can be sent again as it is; one with a body is copied first.
        let spare = match (&first, replayable) {
            (Some(_), true) if request.body().is_some() => request.clone().ok(),
            (Some(_), true) => Some(Clone::clone(&request)),
            _ => None,
        };
        let response = send_with(&request, first.as_ref(), bound, (ms, signal)).await?;
        let retry = |status: u16| {
            let s = self.state.borrow();
            s.session.config().retry_statuses.contains(&status)
        };
        let (Some(first), Some(spare)) = (first, spare) else {
            return Ok(response);
        };
        if !retry(response.status()) {
            return Ok(response);
        }
        let unchanged = header(&self.state.borrow()).is_some_and(|h| h.access == first.access);
        if unchanged {
            // The token was refused: refresh once (joining any attempt under way).
            match self.next_outcome(Some(f64::from(ms))).await {
                Wake::Done(Ok(())) => {}
                _ => return Err(unauthorized(response).await),
            }
        }
        // Else a refresh replaced the token while the call was on the wire (and revoked the
        // one it carried): replayed with the new one, no second refresh.
        let second = header(&self.state.borrow());
        let replayed = send_with(&spare, second.as_ref(), bound, (ms, signal)).await?;
        if retry(replayed.status()) {
            return Err(unauthorized(replayed).await);
        }
        Ok(replayed)
    }
}

/// The error of a call still refused after the refresh and the replay, with the refusal's body.
async fn unauthorized(response: web_sys::Response) -> AuthError {
    AuthError::Unauthorized {
        status: response.status(),
        body: body_text(&response).await.as_deref().and_then(error_body),
    }
}

/// Sets `header` on `request` and sends it within `ms` (as `bound` says), or until `signal`.
async fn send_with(
    request: &web_sys::Request,
    header: Option<&Header>,
    bound: Bound,
    (ms, signal): (u32, Option<&web_sys::AbortSignal>),
) -> Result<web_sys::Response, AuthError> {
    if let Some(h) = header {
        request
            .headers()
            .set(&h.name, &h.value)
            .map_err(|_| AuthError::Config("authHeader: not a valid header name".into()))?;
    }
    fetch(request, &bound.deadline(ms, signal)).await
}
