//! One session across tabs without shared storage (cookie mode, and the memory and session
//! modes with `shareAcrossTabs`): a `BroadcastChannel` named after the storage key. A new tab
//! asks for the session and a live one answers with its access token; a login or refresh is
//! announced the same way, and a logout logs out every tab. Outside cookie mode only the tab
//! that logged in holds the refresh token: the others ask it to renew the shared token when
//! they need a new one. What goes over it is [`TabMessage`]: never the refresh token.

use crate::browser::env::page;
use crate::browser::listener::Listener;
use crate::browser::state::{Inner, State};
use crate::core::event::{Event, LogoutReason};
use crate::core::tab_message::TabMessage;
use serde::Serialize;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;

/// The open channel and its `message` listener; closed when dropped.
pub(crate) struct TabChannel {
    name: String,
    channel: web_sys::BroadcastChannel,
    _listener: Listener,
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.close();
    }
}

/// The channel's name for a storage key: clients with their own keys keep to themselves.
fn name_for(storage_key: &str) -> String {
    format!("wasm-auth-client:{storage_key}")
}

/// Opens the channel the configuration asks for (closing one it no longer does), in a page
/// only: outside one (Node has `BroadcastChannel` too) an open channel would keep the process
/// alive.
pub(crate) fn connect(inner: &Rc<Inner>) {
    let mut s = inner.state.borrow_mut();
    let c = s.session.config();
    let wanted =
        (c.shares_tabs() && !s.closed && page().is_some()).then(|| name_for(&c.token.storage_key));
    if s.channel.as_ref().map(|ch| &ch.name) == wanted.as_ref() {
        return;
    }
    s.channel = wanted.and_then(|name| {
        let channel = web_sys::BroadcastChannel::new(&name).ok()?;
        let weak = Rc::downgrade(inner);
        let listener = Listener::new(&channel, "message", move |event| {
            if let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() {
                heard(&weak, event.data());
            }
        });
        Some(TabChannel {
            name,
            channel,
            _listener: listener,
        })
    });
}

/// Posts `message` to the other tabs, if the channel is open.
pub(crate) fn post(s: &State, message: &TabMessage) {
    let Some(ch) = &s.channel else {
        return;
    };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(value) = message.serialize(&serializer) {
        let _ = ch.channel.post_message(&value);
    }
}

/// What this tab tells the others after its own `events` (not after ones it heard from them).
pub(crate) fn announce(s: &State, events: &[Event]) {
    for e in events {
        match e {
            Event::Login | Event::Refresh | Event::Restore => {
                if let Some(token) = s.session.shared() {
                    post(s, &TabMessage::Token(token));
                }
            }
            Event::Logout(reason) if *reason != LogoutReason::OtherTab => {
                post(s, &TabMessage::Logout)
            }
            _ => {}
        }
    }
}

/// Whether this tab holds the refresh token of a session it shares (outside cookie mode, where
/// every tab can refresh through the cookie).
pub(crate) fn holds_refresh(s: &State) -> bool {
    s.channel.is_some() && s.session.can_refresh() && !s.session.config().cookie_mode()
}

/// Another tab needs a new token in place of the one loaded at `theirs`: the holder of the
/// refresh token says it renews it, and does; if it holds a newer one already (the other tab
/// missed it, or asked again late), that goes out instead.
fn renew_for(inner: &Rc<Inner>, theirs: f64) {
    let renew = {
        let s = inner.state.borrow();
        if s.closed || !holds_refresh(&s) {
            return;
        }
        post(&s, &TabMessage::Renews);
        let newer = s.session.token().is_some_and(|t| t.loaded_at > theirs);
        if let Some(token) = s.session.shared().filter(|_| newer) {
            post(&s, &TabMessage::Token(token));
        }
        !newer
    };
    if renew {
        // Its `Token` goes out once the refresh is done (or its retry, in an outage).
        inner.kick();
    }
}

/// A message from another tab.
fn heard(weak: &Weak<Inner>, data: wasm_bindgen::JsValue) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    // Anything else on the channel (another version, another library) is ignored.
    let Ok(message) = serde_wasm_bindgen::from_value::<TabMessage>(data) else {
        return;
    };
    if let TabMessage::Renew(theirs) = message {
        return renew_for(&inner, theirs);
    }
    let events = {
        let mut s = inner.state.borrow_mut();
        if s.closed {
            return;
        }
        match message {
            TabMessage::Ask => {
                if let Some(token) = s.session.shared() {
                    post(&s, &TabMessage::Token(token));
                }
                return;
            }
            TabMessage::Token(token) => {
                let restoring = s.restoring;
                let events = s.session.adopt_shared(token, restoring);
                if !events.is_empty() {
                    // A refresh this tab waited for (or its restore) is done.
                    s.wake_all(&Ok(()));
                }
                events
            }
            TabMessage::Logout => s.session.logout(LogoutReason::OtherTab),
            TabMessage::Renews => {
                s.renews_heard += 1;
                return;
            }
            TabMessage::Renew(_) => return,
        }
    };
    inner.emit_heard(events);
}
