//! The logout route: `POST /services/_auth/logout` (oauth; netuno in
//! cookie mode only: a real Netuno server has none) or
//! `POST /api/auth/signout` (tutorial).
//!
//! The body is optional: empty, or a JSON object whose `refresh_token`
//! (netuno, oauth) / `refreshToken` (tutorial) names the token; without
//! one, the refresh cookie's (cookie mode). A known token's whole family is
//! revoked (netuno: its pair, access token included); a missing or unknown
//! one is fine. The answer is always 200 (idempotent), and in cookie mode
//! it clears the cookie.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::body::auth_post;
use crate::dialect::Dialect;
use crate::faults::{self, FaultTarget};
use crate::json_fields;
use crate::netuno;
use crate::responses;
use crate::sessions;
use crate::state::{dropper_of, SharedState};
use crate::stats::Event;

/// The tutorial dialect's logout answer.
pub const SIGNED_OUT: &str = "You've been signed out!";

/// Handles every method on the logout path; only POST is accepted.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = match auth_post(request).await {
        Ok(posted) => posted,
        Err(answer) => return answer,
    };
    let (_, key) = state.dialect.token_keys();
    let from_body = json_fields::object(&body, true)
        .and_then(|fields| json_fields::optional_string(&fields, key, true));
    let from_body = match from_body {
        Ok(from_body) => from_body,
        Err(message) => return responses::bad_request(&message),
    };
    state.attempts.record(FaultTarget::Logout, arrived);
    let dropper = dropper_of(&parts.extensions);
    if let Some(answer) = faults::apply(&state, FaultTarget::Logout, dropper).await {
        return answer;
    }
    let presented = sessions::presented_token(&state, from_body, &parts.headers);
    sessions::logout(&state, presented.as_deref());
    let mut response = match state.dialect {
        Dialect::Netuno => netuno::answers::json(StatusCode::OK, &json!({"result": true})),
        Dialect::Oauth => {
            responses::no_store(responses::json(StatusCode::OK, &json!({"result": true})))
        }
        Dialect::Tutorial => responses::no_store(responses::json(
            StatusCode::OK,
            &json!({"message": SIGNED_OUT}),
        )),
    };
    if let Some(cookie) = &state.refresh_cookie {
        cookie.clear(&mut response);
    }
    state.stats.record(Event::Logout);
    response
}
