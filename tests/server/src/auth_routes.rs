//! `POST /services/_auth`: login and refresh (PROTOCOL.md §1).

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::auth_request::{self, AuthRequest};
use crate::body::{read_limited, MAX_AUTH_BODY};
use crate::error::Error;
use crate::faults::{self, FaultTarget};
use crate::responses;
use crate::state::{dropper_of, AppState, SharedState};
use crate::stats::Event;
use crate::users::{self, User};

/// Handles every method on the `_auth` path; only POST is accepted.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    if request.method() != Method::POST {
        return responses::method_not_allowed("POST");
    }
    let dropper = dropper_of(&request);
    let body = match read_limited(request.into_body(), MAX_AUTH_BODY).await {
        Ok(body) => body,
        Err(message) => return responses::bad_request(&message),
    };
    let parsed = match auth_request::parse(&body) {
        Ok(parsed) => parsed,
        Err(message) => return responses::bad_request(&message),
    };
    let target = match parsed {
        AuthRequest::Login { .. } => FaultTarget::Login,
        AuthRequest::Refresh { .. } => FaultTarget::Refresh,
    };
    if let Some(answer) = faults::apply(state.faults.take(target), dropper).await {
        return answer;
    }
    let outcome = match parsed {
        AuthRequest::Login { username, password } => login(&state, &username, &password),
        AuthRequest::Refresh { refresh_token } => refresh(&state, &refresh_token),
    };
    outcome.unwrap_or_else(IntoResponse::into_response)
}

fn login(state: &AppState, username: &str, password: &str) -> Result<Response, Error> {
    let Some(user) = users::authenticate(username, password) else {
        state.stats.record(Event::LoginFailure);
        return Ok(responses::forbidden("invalid-credentials"));
    };
    if !state.groups.iter().any(|group| group == user.group) {
        state.stats.record(Event::LoginFailure);
        return Ok(responses::forbidden("group-not-allowed"));
    }
    let refresh_token = state.refresh.start_family(user.username)?;
    let answer = token_answer(state, user, &refresh_token)?;
    state.stats.record(Event::Login);
    Ok(answer)
}

fn refresh(state: &AppState, presented: &str) -> Result<Response, Error> {
    let rotation = state.refresh.rotate(presented)?;
    // Stored usernames come from the seeded list, so the lookup cannot miss;
    // if it ever did, refusing the token is the safe answer.
    let rotated = rotation
        .ok()
        .and_then(|rotation| Some((users::by_username(&rotation.username)?, rotation.token)));
    let Some((user, refresh_token)) = rotated else {
        state.stats.record(Event::RefreshRejection);
        return Ok(responses::forbidden("invalid-refresh-token"));
    };
    let answer = token_answer(state, user, &refresh_token)?;
    state.stats.record(Event::Refresh);
    Ok(answer)
}

/// The 200 answer shared by login and refresh.
fn token_answer(state: &AppState, user: &User, refresh_token: &str) -> Result<Response, Error> {
    let access_token = state.access.issue(user)?;
    let body = json!({
        "result": true,
        "token_type": "Bearer",
        "access_token": access_token,
        "refresh_token": refresh_token,
        "expires_in": state.expires_in_unit.express(state.access.ttl_secs()),
    });
    Ok(responses::no_store(responses::json(StatusCode::OK, &body)))
}
