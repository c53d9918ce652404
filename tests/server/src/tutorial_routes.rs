//! `POST /api/auth/signin` and `POST /api/auth/refreshtoken` (tutorial
//! dialect), shaped like the bezkoder "Node.js JWT refresh token" tutorial.
//!
//! Refusals are `{"message": ...}` with the tutorial's statuses and words:
//! unknown user 404, wrong password 401 (with `"accessToken": null`), group
//! not allowed 403; a missing, unknown, used or expired refresh token 403.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::body::auth_post;
use crate::error::Error;
use crate::faults::{self, FaultTarget};
use crate::json_fields;
use crate::refresh::RefreshRejection;
use crate::responses;
use crate::sessions::{self, LoginRefusal, RefreshRefusal};
use crate::state::{dropper_of, AppState, SharedState};
use crate::token_answer::{self, Grant};

/// The answer to a sign-in of a user that does not exist.
pub const USER_NOT_FOUND: &str = "User Not found.";
/// The answer to a sign-in with a wrong password.
pub const INVALID_PASSWORD: &str = "Invalid Password!";
/// The answer to a sign-in of a user whose group may not sign in.
pub const GROUP_NOT_ALLOWED: &str = "User's group is not allowed to sign in!";
/// The answer to a refresh without a refresh token.
pub const REFRESH_REQUIRED: &str = "Refresh Token is required!";
/// The answer to a refresh with an unknown, used or revoked token.
pub const REFRESH_NOT_FOUND: &str = "Refresh token is not in database!";
/// The answer to a refresh with an expired token.
pub const REFRESH_EXPIRED: &str = "Refresh token was expired. Please make a new signin request";

/// `POST /api/auth/signin` `{"username", "password"}`.
pub async fn signin(State(state): State<SharedState>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = match auth_post(request).await {
        Ok(posted) => posted,
        Err(answer) => return answer,
    };
    let credentials = json_fields::object(&body, false).and_then(|fields| {
        let username = json_fields::string(&fields, "username")?;
        Ok((username, json_fields::string(&fields, "password")?))
    });
    let (username, password) = match credentials {
        Ok(credentials) => credentials,
        Err(message) => return responses::bad_request(&message),
    };
    state.attempts.record(FaultTarget::Login, arrived);
    let fields = json_fields::object(&body, false).unwrap_or_default();
    state
        .attempts
        .record_fields(FaultTarget::Login, Value::Object(fields));
    let dropper = dropper_of(&parts.extensions);
    if let Some(answer) = faults::apply(&state, FaultTarget::Login, dropper).await {
        return answer;
    }
    login(&state, &username, &password).unwrap_or_else(IntoResponse::into_response)
}

/// `POST /api/auth/refreshtoken` `{"refreshToken"}` (in cookie mode the
/// cookie when the body has none; an empty body counts as `{}`).
pub async fn refresh_token(State(state): State<SharedState>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = match auth_post(request).await {
        Ok(posted) => posted,
        Err(answer) => return answer,
    };
    let from_body = json_fields::object(&body, true)
        .and_then(|fields| json_fields::optional_string(&fields, "refreshToken", true));
    let from_body = match from_body {
        Ok(from_body) => from_body,
        Err(message) => return responses::bad_request(&message),
    };
    state.attempts.record(FaultTarget::Refresh, arrived);
    let fields = json_fields::object(&body, true).unwrap_or_default();
    state
        .attempts
        .record_fields(FaultTarget::Refresh, Value::Object(fields));
    let dropper = dropper_of(&parts.extensions);
    if let Some(answer) = faults::apply(&state, FaultTarget::Refresh, dropper).await {
        return answer;
    }
    let presented = sessions::presented_token(&state, from_body, &parts.headers);
    refresh(&state, presented.as_deref()).unwrap_or_else(IntoResponse::into_response)
}

fn login(state: &AppState, username: &str, password: &str) -> Result<Response, Error> {
    Ok(match sessions::login(state, username, password)? {
        Ok(issued) => token_answer::respond(state, Grant::Login, &issued),
        Err(LoginRefusal::UnknownUser) => message(StatusCode::NOT_FOUND, USER_NOT_FOUND),
        Err(LoginRefusal::WrongPassword) => {
            let body = json!({"accessToken": null, "message": INVALID_PASSWORD});
            responses::no_store(responses::json(StatusCode::UNAUTHORIZED, &body))
        }
        Err(LoginRefusal::GroupNotAllowed) => message(StatusCode::FORBIDDEN, GROUP_NOT_ALLOWED),
    })
}

fn refresh(state: &AppState, presented: Option<&str>) -> Result<Response, Error> {
    let text = match sessions::refresh(state, presented)? {
        Ok(issued) => return Ok(token_answer::respond(state, Grant::Refresh, &issued)),
        Err(RefreshRefusal::Missing) => REFRESH_REQUIRED,
        Err(RefreshRefusal::Rejected(RefreshRejection::Expired)) => REFRESH_EXPIRED,
        Err(RefreshRefusal::Rejected(_)) => REFRESH_NOT_FOUND,
    };
    Ok(message(StatusCode::FORBIDDEN, text))
}

/// A refusal: `{"message": text}` with `status`, uncacheable.
fn message(status: StatusCode, text: &str) -> Response {
    responses::no_store(responses::message(status, text))
}
