//! The page's events a client listens to, each an owned [`Listener`] removed on `free()`:
//! the wake-ups after which the clock is checked again (sleeping laptops and throttled
//! background tabs fire timers late or not at all), and the `storage` event through which
//! other tabs' refreshes, logins and logouts are taken up.

use crate::browser::driver::Driver;
use crate::browser::env::{page, page_hidden};
use crate::browser::listener::Listener;
use crate::core::coordinator::Input;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The wake-up events and whether each fires on the document (else on the window).
const WAKE: [(&str, bool); 3] = [
    ("visibilitychange", true),
    ("online", false),
    ("pageshow", false),
];

/// Starts listening, when there is a page (not in Node or a worker).
pub(crate) fn listen(driver: &Rc<Driver>) {
    let Some((window, document)) = page() else {
        return;
    };
    let mut listeners = Vec::with_capacity(WAKE.len() + 1);
    for (name, on_document) in WAKE {
        let target: &web_sys::EventTarget = if on_document { &document } else { &window };
        let weak = Rc::downgrade(driver);
        listeners.push(Listener::new(target, name, move |_| {
            if let Some(driver) = weak.upgrade() {
                driver.step(Input::WakeUp {
                    hidden: page_hidden(),
                });
            }
        }));
    }
    let weak = Rc::downgrade(driver);
    listeners.push(Listener::new(&window, "storage", move |event| {
        let key = event.dyn_ref::<web_sys::StorageEvent>().map(|e| e.key());
        if let (Some(driver), Some(key)) = (weak.upgrade(), key) {
            driver.step(Input::StorageChanged(key));
        }
    }));
    driver.io.borrow_mut().page = listeners;
}
