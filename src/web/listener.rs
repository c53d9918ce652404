//! An event listener owned as a handle: registered on its targets when made, removed when
//! dropped, so nothing outlives the client or call that set it up (no `Closure::forget`).

use wasm_bindgen::closure::{Closure, WasmClosure};
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// `callback` listening to events on targets.
pub(crate) struct Listener<F: ?Sized + WasmClosure> {
    on: Vec<(EventTarget, &'static str)>,
    callback: Closure<F>,
}

impl<F: ?Sized + WasmClosure> Listener<F> {
    /// Registers `callback` for each `(target, event name)`.
    pub fn new(callback: Closure<F>, on: Vec<(EventTarget, &'static str)>) -> Self {
        let f = callback.as_ref().unchecked_ref();
        for (target, name) in &on {
            let _ = target.add_event_listener_with_callback(name, f);
        }
        Self { on, callback }
    }
}

impl<F: ?Sized + WasmClosure> Drop for Listener<F> {
    fn drop(&mut self) {
        let f = self.callback.as_ref().unchecked_ref();
        for (target, name) in &self.on {
            let _ = target.remove_event_listener_with_callback(name, f);
        }
    }
}
