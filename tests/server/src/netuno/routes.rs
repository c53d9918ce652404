//! `/services/_auth` (and `/services/_auth.netuno`) in the netuno dialect:
//! any method, as Netuno's `Auth.run` answers it (PROTOCOL.md §1).
//!
//! Order of work: read the fields (a JSON body that does not parse is a 500
//! HTML page), classify the call, log it in `/_test/attempts` and apply a
//! pending fault (logins and refreshes only), check altcha when a test
//! asked for it (every call, as Netuno checks it before anything else), then
//! log in, refresh, or refuse.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::answers;
use super::fields::AuthFields;
use crate::body::{read_limited, MAX_AUTH_BODY};
use crate::connection::ClientAddr;
use crate::error::Error;
use crate::faults::{self, FaultTarget};
use crate::sessions;
use crate::state::{dropper_of, AppState, SharedState};
use crate::stats::Event;
use crate::token_answer::Grant;
use crate::users;

/// What a `_auth` request asks for, by Netuno's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthCall {
    /// Non-empty credentials (fields or `Authorization: Basic`): they win
    /// over a `refresh_token`. Without `jwt`, Netuno's session login.
    Login {
        /// The login name.
        username: String,
        /// The password.
        password: String,
        /// Whether `jwt` is true (tokens are answered only then).
        jwt: bool,
    },
    /// `jwt` and a `refresh_token` field, or in cookie mode `jwt` alone
    /// (`None`: the cookie's token).
    Refresh {
        /// The refresh token of the body, if it has one.
        refresh_token: Option<String>,
    },
    /// `jwt` with neither credentials nor a refresh token: 400.
    NeitherWithJwt,
    /// Neither credentials nor `jwt`: Netuno writes nothing (200, empty).
    Nothing,
}

impl AuthCall {
    /// Classifies a request's fields and headers.
    pub fn classify(fields: &AuthFields, headers: &HeaderMap, cookie_mode: bool) -> Self {
        let jwt = fields.is_jwt();
        if let Some((username, password)) = fields.credentials(headers) {
            return Self::Login {
                username,
                password,
                jwt,
            };
        }
        if !jwt {
            return Self::Nothing;
        }
        if fields.has("refresh_token") {
            return Self::Refresh {
                refresh_token: Some(fields.text("refresh_token").unwrap_or_default()),
            };
        }
        if cookie_mode {
            return Self::Refresh {
                refresh_token: None,
            };
        }
        Self::NeitherWithJwt
    }

    /// The fault and attempts target, for logins and refreshes.
    pub fn target(&self) -> Option<FaultTarget> {
        match self {
            Self::Login { .. } => Some(FaultTarget::Login),
            Self::Refresh { .. } => Some(FaultTarget::Refresh),
            Self::NeitherWithJwt | Self::Nothing => None,
        }
    }
}

/// Handles every method on the `_auth` paths.
pub async fn handle(State(state): State<SharedState>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = request.into_parts();
    let body = match read_limited(body, MAX_AUTH_BODY).await {
        Ok(body) => body,
        Err(err) => return err.into_response(),
    };
    let Ok(fields) = AuthFields::read(parts.uri.query(), &parts.headers, body).await else {
        return answers::html_error(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let call = AuthCall::classify(&fields, &parts.headers, state.refresh_cookie.is_some());
    let target = call.target();
    if let Some(target) = target {
        state.attempts.record(target, arrived);
        state.attempts.record_fields(target, fields.to_json());
        let dropper = dropper_of(&parts.extensions);
        if let Some(answer) = faults::apply(&state, target, dropper).await {
            return answer;
        }
    }
    let altcha = fields.text("altcha");
    if let Err(refusal) = state.test_settings.check_altcha(altcha.as_deref()) {
        match target {
            Some(FaultTarget::Login) => state.stats.record(Event::LoginFailure),
            Some(FaultTarget::Refresh) => state.stats.record(Event::RefreshRejection),
            _ => {}
        }
        return answers::altcha_refused(refusal);
    }
    let outcome = match call {
        AuthCall::Login {
            username,
            password,
            jwt,
        } => login(
            &state,
            &username,
            &password,
            jwt,
            client_ip(&parts.extensions),
        ),
        AuthCall::Refresh { refresh_token } => {
            let presented = sessions::presented_token(&state, refresh_token, &parts.headers);
            refresh(&state, presented.as_deref())
        }
        AuthCall::NeitherWithJwt => Ok(answers::result_false(StatusCode::BAD_REQUEST)),
        AuthCall::Nothing => Ok(answers::nothing()),
    };
    outcome.unwrap_or_else(IntoResponse::into_response)
}

/// The client's IP address (lockouts are per user and IP).
fn client_ip(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ClientAddr>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |addr| addr.0.ip())
}

/// A login: lockout, password, then a pair (or, without `jwt`, just
/// `{"result": true}`). Groups are not checked, as Netuno does not.
fn login(
    state: &AppState,
    username: &str,
    password: &str,
    jwt: bool,
    ip: IpAddr,
) -> Result<Response, Error> {
    let refuse = |locked| {
        state.stats.record(Event::LoginFailure);
        Ok(answers::login_refused(locked))
    };
    // Netuno records nothing for unknown users: they are never locked.
    let Some(user) = users::by_username(username) else {
        return refuse(false);
    };
    let now = Instant::now();
    if state.lockouts.is_locked(user.username, ip, now) {
        state.lockouts.record(user.username, ip, false, now);
        return refuse(true);
    }
    if user.password != password {
        let locked = state.lockouts.record(user.username, ip, false, now);
        return refuse(locked);
    }
    if !jwt {
        state.lockouts.record(user.username, ip, true, now);
        state.stats.record(Event::Login);
        return Ok(answers::session_login());
    }
    let issued = state.pairs.issue(user)?;
    state.lockouts.record(user.username, ip, true, now);
    state.stats.record(Event::Login);
    Ok(answers::tokens(state, Grant::Login, &issued))
}

/// A refresh: the active, unexpired pair holding `presented` is replaced.
fn refresh(state: &AppState, presented: Option<&str>) -> Result<Response, Error> {
    let outcome = match presented {
        Some(presented) => state.pairs.refresh(presented)?.ok(),
        None => None,
    };
    Ok(match outcome {
        Some(issued) => {
            state.stats.record(Event::Refresh);
            answers::tokens(state, Grant::Refresh, &issued)
        }
        None => {
            state.stats.record(Event::RefreshRejection);
            answers::result_false(StatusCode::FORBIDDEN)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use axum::http::HeaderValue;

    fn classify(body: &'static str, cookie_mode: bool) -> AuthCall {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let read = AuthFields::read(None, &headers, Bytes::from_static(body.as_bytes()));
        let fields = match tokio::runtime::Builder::new_current_thread().build() {
            Ok(runtime) => runtime.block_on(read).unwrap_or_default(),
            Err(err) => panic!("no runtime: {err}"),
        };
        AuthCall::classify(&fields, &headers, cookie_mode)
    }

    #[test]
    fn credentials_win_then_refresh_then_neither() {
        let both = r#"{"username":"a","password":"b","refresh_token":"r","jwt":true}"#;
        assert!(matches!(
            classify(both, false),
            AuthCall::Login { jwt: true, .. }
        ));
        let session = r#"{"username":"a","password":"b"}"#;
        assert!(matches!(
            classify(session, false),
            AuthCall::Login { jwt: false, .. }
        ));
        let half = r#"{"username":"a","password":"","refresh_token":"r","jwt":"1"}"#;
        assert_eq!(
            classify(half, false),
            AuthCall::Refresh {
                refresh_token: Some("r".into())
            }
        );
        assert_eq!(classify(r#"{"jwt":true}"#, false), AuthCall::NeitherWithJwt);
        assert_eq!(
            classify(r#"{"jwt":true}"#, true),
            AuthCall::Refresh {
                refresh_token: None
            }
        );
        assert_eq!(
            classify(r#"{"refresh_token":"r"}"#, false),
            AuthCall::Nothing
        );
        assert_eq!(classify(r#"{"jwt":true}"#, false).target(), None);
    }
}
