//! An event listener owned by Rust: added on creation, removed (and its closure freed) on drop,
//! so a freed client leaves nothing behind on the page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// `closure` listening for `name` on `target` until dropped.
pub(crate) struct Listener {
    target: web_sys::EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Adds `f` as the listener for `name` on `target`.
    pub(crate) fn new(
        target: &web_sys::EventTarget,
        name: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Listener {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        // Adding a listener only throws for a non-function, which a closure never is.
        let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            name,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}
