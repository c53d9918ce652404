//! The `--test-mode` endpoints under `/_test/` (absent otherwise: 404).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::body::{read_limited, MAX_AUTH_BODY};
use crate::responses;
use crate::state::SharedState;

/// The `/_test/*` routes, to merge into the app when test mode is on.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/_test/stats", get(stats))
        .route("/_test/faults", post(push_faults).get(list_faults))
        .route("/_test/attempts", get(attempts))
        .route("/_test/reset", post(reset))
}

/// `GET /_test/stats`: the counters since start or reset.
async fn stats(State(state): State<SharedState>) -> Response {
    responses::json(StatusCode::OK, &state.stats.snapshot())
}

/// `GET /_test/attempts`: when each login, refresh, logout and service
/// call arrived, in ms since start or reset.
async fn attempts(State(state): State<SharedState>) -> Response {
    responses::json(StatusCode::OK, &state.attempts.snapshot())
}

/// `POST /_test/faults`: queue one fault object or an array of them.
async fn push_faults(State(state): State<SharedState>, request: Request) -> Response {
    let body = match read_limited(request.into_body(), MAX_AUTH_BODY).await {
        Ok(body) => body,
        Err(err) => return err.into_response(),
    };
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(err) => return responses::bad_request(&format!("body is not valid JSON: {err}")),
    };
    match state.faults.push_json(&value) {
        Ok(()) => pending(&state),
        Err(message) => responses::bad_request(&message),
    }
}

/// `GET /_test/faults`: the faults still pending, in queue order.
async fn list_faults(State(state): State<SharedState>) -> Response {
    pending(&state)
}

fn pending(state: &SharedState) -> Response {
    let body = json!({"result": true, "pending": state.faults.pending()});
    responses::json(StatusCode::OK, &body)
}

/// `POST /_test/reset`: clear stats, attempts, faults and refresh tokens;
/// revoke every access token issued so far.
async fn reset(State(state): State<SharedState>) -> Response {
    state.reset();
    responses::json(StatusCode::OK, &json!({"result": true}))
}
