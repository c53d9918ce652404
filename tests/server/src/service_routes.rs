//! The protected services: every path under `/services/` but `_auth`
//! (netuno, oauth), or under `/api/test/` (tutorial).
//!
//! Order of work for each call: count it, apply a pending `service` fault,
//! check the access token, then dispatch on the path.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::access_header;
use crate::dialect::Dialect;
use crate::echo;
use crate::faults::{self, FaultTarget};
use crate::netuno;
use crate::responses;
use crate::state::{dropper_of, AppState, SharedState};
use crate::stats::Event;
use crate::tokens::TokenRejection;
use crate::users::{self, User};

/// The tutorial's answer to a call without a token (403).
pub const NO_TOKEN: &str = "No token provided!";
/// The tutorial's answer to an expired token (401).
pub const TOKEN_EXPIRED: &str = "Unauthorized! Access Token was expired!";
/// The tutorial's answer to any other bad token (401).
pub const UNAUTHORIZED: &str = "Unauthorized!";

/// Handles any method on any protected path.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    state.stats.record(Event::ServiceCall);
    state.attempts.record(FaultTarget::Service, Instant::now());
    let dropper = dropper_of(request.extensions());
    if let Some(answer) = faults::apply(&state, FaultTarget::Service, dropper).await {
        return answer;
    }
    let user = match token_user(&state, request.headers()) {
        Ok(user) => user,
        Err(rejection) => return refuse(&state, rejection, request.headers()),
    };
    let path = request.uri().path().to_owned();
    let name = path
        .strip_prefix(state.dialect.service_prefix())
        .unwrap_or_default();
    if name == state.dialect.profile_name() {
        profile(request.method(), user)
    } else if name == "echo" {
        echo::respond(state.dialect, request).await
    } else {
        responses::not_found(&path)
    }
}

/// The user whose valid access token the request presents.
fn token_user(state: &AppState, headers: &HeaderMap) -> Result<&'static User, TokenRejection> {
    let token = access_header::presented(state.dialect, headers)?;
    if state.dialect == Dialect::Netuno {
        return state.pairs.check_access(token);
    }
    let claims = state.access.verify(token)?;
    // Live tokens are only ever issued to seeded users.
    users::by_id(&claims.sub).ok_or(TokenRejection::Revoked)
}

/// Counts a refused call and answers it in the dialect's shape.
fn refuse(state: &AppState, rejection: TokenRejection, request_headers: &HeaderMap) -> Response {
    match rejection {
        TokenRejection::Missing => state.stats.record(Event::UnauthenticatedCall),
        TokenRejection::Expired => {
            state.stats.record(Event::RejectedTokenCall);
            state.stats.record(Event::ExpiredTokenCall);
        }
        TokenRejection::Replaced => {
            state.stats.record(Event::RejectedTokenCall);
            state.stats.record(Event::RevokedTokenCall);
        }
        _ => state.stats.record(Event::RejectedTokenCall),
    }
    match (state.dialect, rejection) {
        (Dialect::Netuno, _) => netuno::answers::unauthorized(request_headers),
        (Dialect::Oauth, _) => responses::invalid_token(rejection.reason(), rejection.message()),
        (Dialect::Tutorial, TokenRejection::Missing) => {
            responses::message(StatusCode::FORBIDDEN, NO_TOKEN)
        }
        (Dialect::Tutorial, TokenRejection::Expired) => {
            responses::message(StatusCode::UNAUTHORIZED, TOKEN_EXPIRED)
        }
        (Dialect::Tutorial, _) => responses::message(StatusCode::UNAUTHORIZED, UNAUTHORIZED),
    }
}

/// `GET /services/profile` or `GET /api/test/user`: the token's user.
fn profile(method: &Method, user: &User) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return responses::method_not_allowed("GET");
    }
    let body = json!({
        "id": user.id,
        "name": user.name,
        "code": user.code,
        "group": user.group,
    });
    responses::json(StatusCode::OK, &body)
}
