//! Event listeners and the state snapshot for UI frameworks.

use super::args::set;
use super::callbacks::call;
use crate::claims::unverified_payload_json;
use crate::session::{Event, Session};
use js_sys::{Function, Object};
use wasm_bindgen::JsValue;

/// Subscribed listeners and the cached snapshot.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: u32,
    listeners: Vec<(u32, Function)>,
    snapshot: Option<JsValue>,
}

impl Listeners {
    /// Adds a listener; the id removes it.
    pub fn add(&mut self, listener: Function) -> u32 {
        self.next_id += 1;
        self.listeners.push((self.next_id, listener));
        self.next_id
    }

    /// Removes a listener (again is harmless).
    pub fn remove(&mut self, id: u32) {
        self.listeners.retain(|(i, _)| *i != id);
    }

    /// The listeners to call, copied so that none is called while the client is borrowed.
    pub fn current(&self) -> Vec<Function> {
        self.listeners.iter().map(|(_, f)| f.clone()).collect()
    }

    /// Forgets the snapshot: the state changed.
    pub fn invalidate(&mut self) {
        self.snapshot = None;
    }

    /// The snapshot, the same object until the state changes (for `useSyncExternalStore`).
    pub fn snapshot(&mut self, session: &Session) -> JsValue {
        self.snapshot
            .get_or_insert_with(|| build_snapshot(session))
            .clone()
    }
}

/// `{loggedIn, user, expiresAt, tokenType, storageDegraded}`, frozen.
fn build_snapshot(session: &Session) -> JsValue {
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
pub(crate) fn event_object(event: &Event) -> JsValue {
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

/// Calls each listener with the event; one that throws does not stop the others.
pub(crate) fn dispatch(listeners: &[Function], event: &JsValue) {
    for listener in listeners {
        call(listener, event, "subscribe listener");
    }
}
