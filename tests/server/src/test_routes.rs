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
        .route("/_test/extra", post(set_extra))
        .route("/_test/altcha", post(set_altcha))
        .route("/_test/reset", post(reset))
}

/// `GET /_test/stats`: the counters since start or reset.
async fn stats(State(state): State<SharedState>) -> Response {
    responses::json(StatusCode::OK, &state.stats.snapshot())
}

/// `GET /_test/attempts`: when each login, refresh, logout and service
/// call arrived, in ms since start or reset, and the fields of each login
/// and refresh.
async fn attempts(State(state): State<SharedState>) -> Response {
    responses::json(StatusCode::OK, &state.attempts.snapshot())
}

/// The JSON body of a `/_test` POST.
///
/// # Errors
/// The 413 or 400 answer to send instead.
async fn json_body(request: Request) -> Result<Value, Response> {
    let body = read_limited(request.into_body(), MAX_AUTH_BODY)
        .await
        .map_err(|err| err.into_response())?;
    serde_json::from_slice(&body)
        .map_err(|err| responses::bad_request(&format!("body is not valid JSON: {err}")))
}

/// `POST /_test/faults`: queue one fault object or an array of them.
async fn push_faults(State(state): State<SharedState>, request: Request) -> Response {
    let value = match json_body(request).await {
        Ok(value) => value,
        Err(answer) => return answer,
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

/// `POST /_test/extra` `{"extra": {...}}`: what later netuno login answers
/// carry in `extra`.
async fn set_extra(State(state): State<SharedState>, request: Request) -> Response {
    let value = match json_body(request).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    match state.test_settings.set_extra_json(&value) {
        Ok(extra) => responses::json(StatusCode::OK, &json!({"result": true, "extra": extra})),
        Err(message) => responses::bad_request(&message),
    }
}

/// `POST /_test/altcha` `{"required": true|false}`: whether netuno `_auth`
/// calls must carry a solved altcha.
async fn set_altcha(State(state): State<SharedState>, request: Request) -> Response {
    let value = match json_body(request).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    match state.test_settings.set_altcha_json(&value) {
        Ok(required) => responses::json(
            StatusCode::OK,
            &json!({"result": true, "required": required}),
        ),
        Err(message) => responses::bad_request(&message),
    }
}

/// `POST /_test/reset`: clear stats, attempts, faults, tokens and
/// lockouts; revoke every access token issued so far; `extra` and altcha
/// back to their defaults.
async fn reset(State(state): State<SharedState>) -> Response {
    state.reset();
    responses::json(StatusCode::OK, &json!({"result": true}))
}
