//! The page's events a client listens to, each an owned [`Listener`] removed on `free()`:
//! the wake-ups after which the clock is checked again (sleeping laptops and throttled
//! background tabs fire timers late or not at all), and the `storage` event through which
//! other tabs' refreshes, logins and logouts are taken up.

use crate::browser::env::{page, page_hidden};
use crate::browser::listener::Listener;
use crate::core::coordinator::Input;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Where what the page says goes.
pub(crate) type Feed = Rc<dyn Fn(Input<'_>)>;

/// The wake-up events and whether each fires on the document (else on the window).
const WAKE: [(&str, bool); 3] = [
    ("visibilitychange", true),
    ("online", false),
    ("pageshow", false),
];

/// Starts listening, when there is a page (not in Node or a worker): the listeners, removed
/// when dropped.
pub(crate) fn listen(feed: &Feed) -> Vec<Listener> {
    let Some((window, document)) = page() else {
        return Vec::new();
    };
    let mut listeners = Vec::with_capacity(WAKE.len() + 1);
    for (name, on_document) in WAKE {
        let target: &web_sys::EventTarget = if on_document { &document } else { &window };
        let feed = feed.clone();
        listeners.push(Listener::new(target, name, move |_| {
            feed(Input::WakeUp {
                hidden: page_hidden(),
            })
        }));
    }
    let feed = feed.clone();
    listeners.push(Listener::new(&window, "storage", move |event| {
        if let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() {
            feed(Input::StorageChanged(event.key()));
        }
    }));
    listeners
}
