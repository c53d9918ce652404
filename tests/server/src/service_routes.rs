//! Every path under `/services/` but `_auth`: Bearer-protected services.
//!
//! Order of work for each call: count it, apply a pending `service` fault,
//! check the access token, then dispatch on the path.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::echo;
use crate::faults::{self, FaultTarget};
use crate::responses;
use crate::state::{dropper_of, SharedState};
use crate::stats::Event;
use crate::tokens::{Claims, TokenRejection};

/// Handles any method on any protected path.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    state.stats.record(Event::ServiceCall);
    let fault = state.faults.take(FaultTarget::Service);
    if let Some(answer) = faults::apply(fault, dropper_of(&request)).await {
        return answer;
    }
    let claims = match bearer_token(request.headers()).and_then(|t| state.access.verify(t)) {
        Ok(claims) => claims,
        Err(rejection) => {
            let event = match rejection {
                TokenRejection::Expired => Event::ExpiredTokenCall,
                _ => Event::UnauthenticatedCall,
            };
            state.stats.record(event);
            return responses::invalid_token(rejection.reason(), rejection.message());
        }
    };
    let path = request.uri().path().to_owned();
    match path.strip_prefix("/services/").unwrap_or_default() {
        "profile" => profile(request.method(), &claims),
        "echo" => echo::respond(request).await,
        _ => responses::not_found(&path),
    }
}

/// The token from `Authorization: Bearer <token>` (scheme case-insensitive).
fn bearer_token(headers: &HeaderMap) -> Result<&str, TokenRejection> {
    let value = headers.get(AUTHORIZATION).ok_or(TokenRejection::Missing)?;
    let value = value.to_str().map_err(|_| TokenRejection::Malformed)?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or(TokenRejection::Malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(TokenRejection::Malformed);
    }
    Ok(token)
}

/// `GET /services/profile`: the token's user.
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn token_of(value: &'static str) -> Result<String, TokenRejection> {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
        bearer_token(&headers).map(str::to_owned)
    }

    #[test]
    fn bearer_header_forms() {
        assert_eq!(token_of("Bearer abc"), Ok("abc".into()));
        assert_eq!(token_of("bearer  abc "), Ok("abc".into()));
        assert_eq!(token_of("Basic abc"), Err(TokenRejection::Malformed));
        assert_eq!(token_of("Bearer"), Err(TokenRejection::Malformed));
        assert_eq!(token_of("Bearer "), Err(TokenRejection::Malformed));
        assert_eq!(
            bearer_token(&HeaderMap::new()),
            Err(TokenRejection::Missing)
        );
    }
}
