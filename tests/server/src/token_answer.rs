//! The 200 answers of login and refresh in the oauth and tutorial shapes
//! (the netuno dialect's are in `netuno::answers`).
//!
//! - oauth: `{"result": true, "token_type": "Bearer", "access_token",
//!   "refresh_token", "expires_in"}`;
//! - tutorial login: `{"id", "username", "email", "roles", "accessToken",
//!   "refreshToken"}`; tutorial refresh: `{"accessToken", "refreshToken"}`.
//!
//! In cookie mode the refresh token goes into the cookie instead of the body.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::dialect::Dialect;
use crate::error::Error;
use crate::faults::{Oversized, OversizedField};
use crate::netuno;
use crate::random::hex_id;
use crate::responses;
use crate::sessions::Issued;
use crate::state::AppState;
use crate::users::{User, FAULT_USER};

/// Which call a token answer replies to (the tutorial shapes differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// A login (sign-in).
    Login,
    /// A refresh.
    Refresh,
}

/// The JSON body; `refresh_token` is left out when `None`.
fn body(
    state: &AppState,
    grant: Grant,
    user: &User,
    access_token: &str,
    refresh_token: Option<&str>,
) -> Value {
    let mut body = match (state.dialect, grant) {
        // The netuno dialect answers through `netuno::answers`.
        (Dialect::Oauth | Dialect::Netuno, _) => json!({
            "result": true,
            "token_type": "Bearer",
            "access_token": access_token,
            "expires_in": state.expires_in_unit.express(state.access.ttl_secs()),
        }),
        (Dialect::Tutorial, Grant::Login) => json!({
            "id": user.id,
            "username": user.username,
            "email": user.email,
            "roles": user.roles(),
            "accessToken": access_token,
        }),
        (Dialect::Tutorial, Grant::Refresh) => json!({"accessToken": access_token}),
    };
    if let Some(refresh_token) = refresh_token {
        let (_, key) = state.dialect.token_keys();
        set_member(&mut body, key, refresh_token.into());
    }
    body
}

/// The answer to a successful login or refresh (`Cache-Control: no-store`):
/// the refresh token in the body, or in cookie mode in the cookie.
pub fn respond(state: &AppState, grant: Grant, issued: &Issued) -> Response {
    let in_body = match state.refresh_cookie {
        Some(_) => None,
        None => Some(issued.refresh_token.as_str()),
    };
    let body = body(state, grant, issued.user, &issued.access_token, in_body);
    let mut response = responses::no_store(responses::json(StatusCode::OK, &body));
    if let Some(cookie) = &state.refresh_cookie {
        cookie.set(&mut response, &issued.refresh_token);
    }
    response
}

/// An `oversized` fault's answer: 200 and a well-shaped token answer whose
/// `field` is `bytes` `a` characters.
///
/// Nothing is issued: the access token is signed for [`FAULT_USER`] but
/// never listed (refused as `revoked`), the refresh token is random and
/// unknown, and no cookie is set. In cookie mode the refresh token is in the
/// body only when it is the oversized field.
///
/// # Errors
/// [`Error::Random`] or [`Error::TokenSigning`].
pub fn oversized(state: &AppState, grant: Grant, fault: Oversized) -> Result<Response, Error> {
    if state.dialect == Dialect::Netuno {
        return netuno::answers::oversized(state, grant, fault);
    }
    let access_token = state.access.sign_unlisted(&FAULT_USER)?;
    let refresh_token = hex_id(32)?;
    let with_refresh =
        state.refresh_cookie.is_none() || fault.field == OversizedField::RefreshToken;
    let refresh_token = with_refresh.then_some(refresh_token.as_str());
    let mut body = body(state, grant, &FAULT_USER, &access_token, refresh_token);
    let (access_key, refresh_key) = state.dialect.token_keys();
    let key = match fault.field {
        OversizedField::AccessToken => access_key,
        OversizedField::RefreshToken => refresh_key,
        OversizedField::Body => "padding",
    };
    set_member(&mut body, key, "a".repeat(fault.bytes).into());
    Ok(responses::no_store(responses::json(StatusCode::OK, &body)))
}

/// Sets `body[key]`; `body` is always an object here.
fn set_member(body: &mut Value, key: &str, value: Value) {
    if let Some(map) = body.as_object_mut() {
        map.insert(key.into(), value);
    }
}
