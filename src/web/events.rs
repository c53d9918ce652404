//! Events and the state snapshot as JS objects.

use super::args::set;
use crate::claims::unverified_payload_json;
use crate::session::{Event, Session};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

/// `{loggedIn, user, expiresAt, tokenType, storageDegraded}`, frozen.
pub(crate) fn snapshot(session: &Session) -> JsValue {
    let s: JsValue = Object::new().into();
    let token = session.token();
    set(&s, "loggedIn", &token.is_some().into());
    let user = token
        .and_then(|t| unverified_payload_json(t.access_token.secret()))
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .filter(JsValue::is_object)
        .unwrap_or(JsValue::NULL);
    set(&s, "user", &user);
    let expires_at = token.and_then(|t| t.expires_at()).map(JsValue::from_f64);
    set(&s, "expiresAt", &expires_at.unwrap_or(JsValue::NULL));
    let token_type = token.map(|t| JsValue::from_str(&t.token_type));
    set(&s, "tokenType", &token_type.unwrap_or(JsValue::NULL));
    set(&s, "storageDegraded", &session.is_storage_degraded().into());
    Object::freeze(&s.clone().into()).into()
}

/// The JS object for an event: `{type, reason?, error?}`.
fn event_object(event: &Event) -> JsValue {
    let o: JsValue = Object::new().into();
    let kind = match event {
        Event::Login => "login",
        Event::Restore => "restore",
        Event::Refresh => "refresh",
        Event::Logout(reason) => {
            set(&o, "reason", &reason.as_str().into());
            "logout"
        }
        Event::RefreshError(e) => {
            set(&o, "error", &JsValue::from(e.clone()));
            "refresh_error"
        }
        Event::StorageDegraded(e) => {
            set(&o, "error", &JsValue::from(e.clone()));
            "storage_degraded"
        }
    };
    set(&o, "type", &kind.into());
    o
}

/// The JS array of event objects for `events`.
pub(crate) fn event_list(events: &[Event]) -> Array {
    events.iter().map(event_object).collect()
}
