//! Sending a request with the token: only to allowed origins, never to the auth endpoint, never
//! with a token known to be expired. A call whose token is due or expired waits for the refresh
//! (joining the running or scheduled attempt, bounded by its own timeout); after a retry status
//! (401) it refreshes once and replays once. Used by `auth_fetch` and `service`, whose
//! deadlines differ ([`Bound`]).

use crate::browser::driver::{Driver, Wake};
use crate::browser::env::now;
use crate::browser::http::{body_text, fetch, Deadline};
use crate::browser::token_fields::error_body;
use crate::core::coordinator::{Effect, Header, Input};
use crate::core::error::AuthError;
use std::rc::Rc;

/// What the deadline of each send bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The wait for the response headers (`auth_fetch`): the body is the app's to read, for as
    /// long as it takes (a download, server-sent events), as with `fetch`.
    Headers,
    /// The whole request, the body read included (`service`, which reads the body itself).
    Whole,
}

/// How a request is sent with the token.
#[derive(Clone, Copy)]
pub(crate) struct Sending<'a> {
    /// The time limit of the wait for a refresh and of each send, in ms.
    pub(crate) ms: u32,
    /// What the limit bounds.
    pub(crate) bound: Bound,
    /// Whether the request may be sent again after a refresh (not a stream body).
    pub(crate) replayable: bool,
    /// The caller's own abort signal.
    pub(crate) signal: Option<&'a web_sys::AbortSignal>,
}

impl Sending<'_> {
    fn deadline(self) -> Deadline {
        match self.bound {
            Bound::Headers => Deadline::until_dropped(self.ms, self.signal),
            Bound::Whole => Deadline::new(self.ms, self.signal),
        }
    }
}

/// The coordinator's answer to a call: send (with this header, or none), wait, or give up.
enum Next {
    Send(Option<Header>),
    Wait,
    Fail(AuthError),
    Deliver,
}

fn next(answers: Vec<Effect>) -> Next {
    for answer in answers {
        match answer {
            Effect::Send(h) => return Next::Send(h),
            Effect::Refuse(e) => return Next::Fail(e),
            Effect::Deliver => return Next::Deliver,
            _ => {}
        }
    }
    Next::Wait
}

impl Driver {
    /// The header to send to `url`, once the token is usable: waits for the refresh while the
    /// coordinator says so, for `ms` at most.
    pub(crate) async fn usable_header(
        self: &Rc<Self>,
        url: &str,
        ms: u32,
    ) -> Result<Option<Header>, AuthError> {
        let until = now() + f64::from(ms);
        loop {
            match next(self.step(Input::Call(url))) {
                Next::Send(h) => return Ok(h),
                Next::Fail(e) => return Err(e),
                Next::Wait | Next::Deliver => {}
            }
            let left = (until - now()).max(0.0) as u32;
            if let Wake::Deadline = self.next_outcome(Some(left)).await {
                return match next(self.step(Input::GaveUp { ms, call: true })) {
                    Next::Send(h) => Ok(h),
                    Next::Fail(e) => Err(e),
                    Next::Wait | Next::Deliver => Ok(None),
                };
            }
        }
    }

    /// Sends `request` with the token where allowed (see the module docs; the caller has
    /// followed the prefix source), as `how` says.
    pub(crate) async fn send(
        self: &Rc<Self>,
        request: web_sys::Request,
        how: Sending<'_>,
    ) -> Result<web_sys::Response, AuthError> {
        let Sending { ms, replayable, .. } = how;
        let deadline = || how.deadline();
        let Some(first) = self.usable_header(&request.url(), ms).await? else {
            return fetch(&request, &deadline()).await;
        };
        // A GET or HEAD request has no body and can be sent again as it is; any other is copied
        // first, only when it may be replayed. Told by the method: Firefox has no
        // `Request.body`, and a replay that relied on it failed there ("Body has already been
        // consumed").
        let spare = match replayable {
            true if may_have_body(&request) => request.clone().ok(),
            true => Some(Clone::clone(&request)),
            false => None,
        };
        let response = send_with(&request, &first, &deadline()).await?;
        let Some(spare) = spare else {
            return Ok(response);
        };
        let answered = Input::Answered {
            status: response.status(),
            sent: &first,
            replayed: false,
        };
        let second = match next(self.step(answered)) {
            Next::Deliver => return Ok(response),
            Next::Fail(e) => return Err(e),
            Next::Send(h) => h,
            // The token was refused: refresh once (joining any attempt under way).
            Next::Wait => match self.next_outcome(Some(ms)).await {
                Wake::Done(Ok(())) => self.read(|c| c.header()),
                Wake::Deadline => {
                    self.step(Input::GaveUp { ms, call: false });
                    return Err(unauthorized(response).await);
                }
                Wake::Done(Err(_)) => return Err(unauthorized(response).await),
            },
        };
        let Some(second) = second else {
            return Err(unauthorized(response).await);
        };
        let replayed = send_with(&spare, &second, &deadline()).await?;
        let answered = Input::Answered {
            status: replayed.status(),
            sent: &second,
            replayed: true,
        };
        match next(self.step(answered)) {
            Next::Deliver => Ok(replayed),
            _ => Err(unauthorized(replayed).await),
        }
    }
}

/// Whether `request`'s method may carry a body (not GET or HEAD, whose requests have none).
fn may_have_body(request: &web_sys::Request) -> bool {
    !matches!(request.method().as_str(), "GET" | "HEAD")
}

/// The error of a call still refused after the refresh and the replay, with the refusal's body.
async fn unauthorized(response: web_sys::Response) -> AuthError {
    AuthError::Unauthorized {
        status: response.status(),
        body: body_text(&response).await.as_deref().and_then(error_body),
    }
}

/// Sets `header` on `request` and sends it before `deadline`.
async fn send_with(
    request: &web_sys::Request,
    header: &Header,
    deadline: &Deadline,
) -> Result<web_sys::Response, AuthError> {
    request
        .headers()
        .set(&header.name, &header.value)
        .map_err(|_| AuthError::Config("authHeader: not a valid header name".into()))?;
    fetch(request, deadline).await
}
