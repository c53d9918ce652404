//! What `client.js` receives, as JSON text: events, the token view, the snapshot, errors.

use crate::claims::unverified_payload_json;
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::{parse, Writer};
use crate::session::{Event, Session};
use crate::token::TokenState;

/// `{code, message, status?}`, made into an `Error` named `AuthError` by `client.js`.
pub(crate) fn error(e: &AuthError) -> String {
    let w = Writer::open('{')
        .text("code", e.code())
        .text("message", &e.message());
    match e.status() {
        Some(status) => w.number("status", Some(f64::from(status))),
        None => w,
    }
    .close('}')
}

/// `{type, reason?, error?}` of an event.
fn event(event: &Event) -> String {
    let kind = match event {
        Event::Login => "login",
        Event::Restore => "restore",
        Event::Refresh => "refresh",
        Event::Logout(_) => "logout",
        Event::RefreshError(_) => "refresh_error",
        Event::StorageDegraded(_) => "storage_degraded",
    };
    let w = Writer::open('{').text("type", kind);
    match event {
        Event::Logout(reason) => w.text("reason", reason.as_str()),
        Event::RefreshError(e) | Event::StorageDegraded(e) => w.raw("error", &error(e)),
        _ => w,
    }
    .close('}')
}

/// The events as a JSON array.
pub(crate) fn events(events: &[Event]) -> String {
    let mut w = Writer::open('[');
    for e in events {
        w = w.raw("", &event(e));
    }
    w.close(']')
}

/// `[error or null, value]`, the value JSON text already.
pub(crate) fn pair(e: Option<&AuthError>, value: &str) -> String {
    let e = e.map_or_else(|| "null".into(), error);
    Writer::open('[').raw("", &e).raw("", value).close(']')
}

/// `[error or null, value or null]` of a result.
pub(crate) fn outcome(result: Result<String, AuthError>) -> String {
    match result {
        Ok(v) => pair(None, &v),
        Err(e) => pair(Some(&e), "null"),
    }
}

/// The token as `token()` shows it, keyed like the server's response; `null` when logged out.
pub(crate) fn token(token: Option<&TokenState>) -> String {
    let Some(t) = token else {
        return "null".into();
    };
    Writer::open('{')
        .text("access_token", t.access_token.secret())
        .text("refresh_token", t.refresh_token.secret())
        .text("token_type", &t.token_type)
        .number("expires_in", t.expires_in)
        .number("loaded_at", Some(t.loaded_at))
        .number("expires_at", t.expires_at())
        .close('}')
}

/// `{loggedIn, user, expiresAt, tokenType, storageDegraded}` (frozen by `client.js`); `user`
/// is the access token's payload when that is a JSON object.
pub(crate) fn snapshot(session: &Session) -> String {
    let token = session.token();
    let user = token
        .and_then(|t| unverified_payload_json(t.access_token.secret()))
        .filter(|payload| matches!(parse(payload), Some(Value::Object(_))));
    let w = Writer::open('{')
        .flag("loggedIn", token.is_some())
        .raw("user", user.as_deref().unwrap_or("null"))
        .number("expiresAt", token.and_then(TokenState::expires_at));
    match token {
        Some(t) => w.text("tokenType", &t.token_type),
        None => w.raw("tokenType", "null"),
    }
    .flag("storageDegraded", session.is_storage_degraded())
    .close('}')
}
