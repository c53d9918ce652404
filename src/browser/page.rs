//! The page's events a client listens to, each an owned [`Listener`] removed on `free()`:
//! the wake-ups after which the clock is checked again (sleeping laptops and throttled
//! background tabs fire timers late or not at all), and the `storage` event through which
//! other tabs' refreshes, logins and logouts are taken up.

use crate::browser::env::page;
use crate::browser::listener::Listener;
use crate::browser::state::Inner;
use crate::core::config::StorageKind;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;

/// The wake-up events and whether each fires on the document (else on the window).
const WAKE: [(&str, bool); 3] = [
    ("visibilitychange", true),
    ("online", false),
    ("pageshow", false),
];

fn upgrade(weak: &Weak<Inner>) -> Option<Rc<Inner>> {
    weak.upgrade().filter(|inner| !inner.state.borrow().closed)
}

/// Starts listening, when there is a page (not in Node or a worker).
pub(crate) fn listen(inner: &Rc<Inner>) {
    let Some((window, document)) = page() else {
        return;
    };
    let mut listeners = Vec::with_capacity(WAKE.len() + 1);
    for (name, on_document) in WAKE {
        let target: &web_sys::EventTarget = if on_document { &document } else { &window };
        let weak = Rc::downgrade(inner);
        listeners.push(Listener::new(target, name, move |_| {
            if let Some(inner) = upgrade(&weak) {
                inner.catch_up();
            }
        }));
    }
    let weak = Rc::downgrade(inner);
    listeners.push(Listener::new(&window, "storage", move |event| {
        let Some(inner) = upgrade(&weak) else {
            return;
        };
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        let adopted = {
            let mut s = inner.state.borrow_mut();
            let c = s.session.config();
            let ours = c.token_storage() == StorageKind::Local
                && event.key().as_deref() == Some(c.token.storage_key.as_str());
            if !ours {
                return;
            }
            s.session.adopt_stored()
        };
        inner.emit(adopted);
    }));
    inner.state.borrow_mut().page = listeners;
}
