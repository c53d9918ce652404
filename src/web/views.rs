//! What `client.js` receives, as JSON text: events, the token view, the snapshot, errors.

use crate::claims::unverified_payload_json;
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::{parse, write};
use crate::session::{Event, Session};
use crate::token::TokenState;

fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn number(n: Option<f64>) -> Value {
    n.map_or(Value::Null, Value::Number)
}

/// `{code, message, status?}`, made into an `Error` named `AuthError` by `client.js`.
pub(crate) fn error(e: &AuthError) -> Value {
    let mut members = vec![("code", text(e.code())), ("message", text(&e.message()))];
    if let Some(status) = e.status() {
        members.push(("status", Value::Number(f64::from(status))));
    }
    object(members)
}

/// `{type, reason?, error?}` of an event.
fn event(event: &Event) -> Value {
    let (kind, extra) = match event {
        Event::Login => ("login", None),
        Event::Restore => ("restore", None),
        Event::Refresh => ("refresh", None),
        Event::Logout(reason) => ("logout", Some(("reason", text(reason.as_str())))),
        Event::RefreshError(e) => ("refresh_error", Some(("error", error(e)))),
        Event::StorageDegraded(e) => ("storage_degraded", Some(("error", error(e)))),
    };
    object(std::iter::once(("type", text(kind))).chain(extra).collect())
}

/// The events as a JSON array.
pub(crate) fn events(events: &[Event]) -> Value {
    Value::Array(events.iter().map(event).collect())
}

/// `[error or null, value]`.
pub(crate) fn outcome(result: Result<Value, AuthError>) -> String {
    let (e, v) = match result {
        Ok(v) => (Value::Null, v),
        Err(e) => (error(&e), Value::Null),
    };
    write(&Value::Array(vec![e, v]))
}

/// The token as `token()` shows it, keyed like the server's response; null when logged out.
pub(crate) fn token(token: Option<&TokenState>) -> Value {
    let Some(t) = token else { return Value::Null };
    object(vec![
        ("access_token", text(t.access_token.secret())),
        ("refresh_token", text(t.refresh_token.secret())),
        ("token_type", text(&t.token_type)),
        ("expires_in", number(t.expires_in)),
        ("loaded_at", Value::Number(t.loaded_at)),
        ("expires_at", number(t.expires_at())),
    ])
}

/// `{loggedIn, user, expiresAt, tokenType, storageDegraded}` (frozen by `client.js`).
pub(crate) fn snapshot(session: &Session) -> Value {
    let token = session.token();
    let user = token
        .and_then(|t| unverified_payload_json(t.access_token.secret()))
        .and_then(|payload| parse(&payload))
        .filter(|v| matches!(v, Value::Object(_)))
        .unwrap_or(Value::Null);
    object(vec![
        ("loggedIn", Value::Bool(token.is_some())),
        ("user", user),
        ("expiresAt", number(token.and_then(TokenState::expires_at))),
        (
            "tokenType",
            token.map_or(Value::Null, |t| text(&t.token_type)),
        ),
        (
            "storageDegraded",
            Value::Bool(session.is_storage_degraded()),
        ),
    ])
}
