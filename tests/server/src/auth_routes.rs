//! `POST /services/_auth` (oauth dialect): login and refresh, shaped like
//! RFC 6749 (the netuno dialect's `_auth` is `netuno::routes`).

use std::time::Instant;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::auth_request::{self, AuthRequest};
use crate::body::auth_post;
use crate::error::Error;
use crate::faults::{self, FaultTarget};
use crate::json_fields;
use crate::responses;
use crate::sessions::{self, LoginRefusal};
use crate::state::{dropper_of, AppState, SharedState};
use crate::token_answer::{self, Grant};

/// Handles every method on the `_auth` path; only POST is accepted.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = match auth_post(request).await {
        Ok(posted) => posted,
        Err(answer) => return answer,
    };
    let parsed = match auth_request::parse(&body, state.refresh_cookie.is_some()) {
        Ok(parsed) => parsed,
        Err(message) => return responses::bad_request(&message),
    };
    let target = match parsed {
        AuthRequest::Login { .. } => FaultTarget::Login,
        AuthRequest::Refresh { .. } => FaultTarget::Refresh,
    };
    state.attempts.record(target, arrived);
    let fields = json_fields::object(&body, false).unwrap_or_default();
    state.attempts.record_fields(target, Value::Object(fields));
    if let Some(answer) = faults::apply(&state, target, dropper_of(&parts.extensions)).await {
        return answer;
    }
    let outcome = match parsed {
        AuthRequest::Login { username, password } => login(&state, &username, &password),
        AuthRequest::Refresh { refresh_token } => {
            let presented = sessions::presented_token(&state, refresh_token, &parts.headers);
            refresh(&state, presented.as_deref())
        }
    };
    outcome.unwrap_or_else(IntoResponse::into_response)
}

fn login(state: &AppState, username: &str, password: &str) -> Result<Response, Error> {
    Ok(match sessions::login(state, username, password)? {
        Ok(issued) => token_answer::respond(state, Grant::Login, &issued),
        Err(LoginRefusal::GroupNotAllowed) => responses::forbidden("group-not-allowed"),
        Err(LoginRefusal::UnknownUser | LoginRefusal::WrongPassword) => {
            responses::forbidden("invalid-credentials")
        }
    })
}

fn refresh(state: &AppState, presented: Option<&str>) -> Result<Response, Error> {
    Ok(match sessions::refresh(state, presented)? {
        Ok(issued) => token_answer::respond(state, Grant::Refresh, &issued),
        Err(_) => responses::forbidden("invalid-refresh-token"),
    })
}
