//! Carrying out a fault: the answer that replaces the real one.

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{Fault, FaultTarget};
use crate::connection::ConnectionDropper;
use crate::dialect::Dialect;
use crate::responses;
use crate::state::AppState;
use crate::token_answer::{self, Grant};

/// What a `malformed` fault sends: a token answer cut off mid-string.
pub const MALFORMED_BODY: &str = "{\"result\": true, \"access_token\": \"eyJ";

/// Takes the pending fault for `target`, if any, and carries it out.
///
/// Returns the answer that replaces the real one, or `None` when the call
/// should go on normally (no fault, or a delay that has now elapsed).
pub async fn apply(
    state: &AppState,
    target: FaultTarget,
    dropper: Option<ConnectionDropper>,
) -> Option<Response> {
    match state.faults.take(target)? {
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Fault::Status(status) => Some(status_answer(state.dialect, status)),
        Fault::Malformed => Some(malformed_answer()),
        Fault::Oversized(oversized) => {
            // Parsing only lets `oversized` target login or refresh.
            let grant = match target {
                FaultTarget::Refresh => Grant::Refresh,
                _ => Grant::Login,
            };
            let answer = token_answer::oversized(state, grant, oversized);
            Some(answer.unwrap_or_else(IntoResponse::into_response))
        }
        Fault::Drop => match dropper {
            Some(dropper) => match dropper.drop_connection().await {},
            // Only reachable when the router is driven without our connection
            // loop (never in the binary); say so rather than hang.
            None => Some(responses::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "injected-fault",
                Some("drop fault: this connection cannot be dropped"),
            )),
        },
    }
}

/// A `status` fault's answer; a 401 carries the Bearer challenge, except
/// in the netuno dialect, whose 401s never do.
fn status_answer(dialect: Dialect, status: StatusCode) -> Response {
    if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        return responses::empty(status);
    }
    let message = format!(
        "fault injected by /_test/faults: status {}",
        status.as_u16()
    );
    let mut response = responses::error(status, "injected-fault", Some(&message));
    if status == StatusCode::UNAUTHORIZED && dialect != Dialect::Netuno {
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(responses::BEARER_CHALLENGE),
        );
    }
    response
}

fn malformed_answer() -> Response {
    let mut response = Response::new(Body::from(MALFORMED_BODY));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
