//! The protected services: every path under `/services/` but `_auth`
//! (netuno), or under `/api/test/` (tutorial).
//!
//! Order of work for each call: count it, apply a pending `service` fault,
//! check the access token, then dispatch on the path.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::access_header;
use crate::dialect::Dialect;
use crate::echo;
use crate::faults::{self, FaultTarget};
use crate::responses;
use crate::state::{dropper_of, AppState, SharedState};
use crate::stats::Event;
use crate::tokens::{Claims, TokenRejection};

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
    let verified = access_header::presented(state.dialect, request.headers())
        .and_then(|token| state.access.verify(token));
    let claims = match verified {
        Ok(claims) => claims,
        Err(rejection) => return refuse(&state, rejection),
    };
    let path = request.uri().path().to_owned();
    let name = path
        .strip_prefix(state.dialect.service_prefix())
        .unwrap_or_default();
    if name == state.dialect.profile_name() {
        profile(request.method(), &claims)
    } else if name == "echo" {
        echo::respond(state.dialect, request).await
    } else {
        responses::not_found(&path)
    }
}

/// Counts a refused call and answers it in the dialect's shape.
fn refuse(state: &AppState, rejection: TokenRejection) -> Response {
    match rejection {
        TokenRejection::Missing => state.stats.record(Event::UnauthenticatedCall),
        TokenRejection::Expired => {
            state.stats.record(Event::RejectedTokenCall);
            state.stats.record(Event::ExpiredTokenCall);
        }
        _ => state.stats.record(Event::RejectedTokenCall),
    }
    match (state.dialect, rejection) {
        (Dialect::Netuno, _) => responses::invalid_token(rejection.reason(), rejection.message()),
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
fn profile(method: &Method, claims: &Claims) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return responses::method_not_allowed("GET");
    }
    let body = json!({
        "id": claims.sub,
        "name": claims.name,
        "code": claims.code,
        "group": claims.group,
    });
    responses::json(StatusCode::OK, &body)
}
