//! What [`crate::AuthClient::subscribe`] gives: a subscription that ends when dropped, and one
//! that is kept.

use crate::browser::driver::Driver;
use std::rc::Weak;

/// A subscription made by [`AuthClient::subscribe`]: the listener is removed when it is
/// dropped (or on [`Subscription::unsubscribe`]). [`Subscription::detach`] keeps it instead.
#[must_use = "dropping a Subscription unsubscribes its listener at once: keep it, or detach() it"]
pub struct Subscription(pub(crate) Detached);

/// A listener kept until [`Detached::unsubscribe`], or for the client's life: dropping this
/// changes nothing (what a JS unsubscribe function is).
pub struct Detached {
    pub(crate) inner: Weak<Driver>,
    pub(crate) id: u64,
}

impl Detached {
    /// Removes the listener (again: nothing).
    pub fn unsubscribe(&self) {
        if let Some(inner) = self.inner.upgrade() {
            let mut io = inner.io.borrow_mut();
            io.listeners.retain(|(id, _)| *id != self.id);
        }
    }
}

impl Subscription {
    /// Removes the listener.
    pub fn unsubscribe(self) {}

    /// Keeps the listener beyond this value's life.
    pub fn detach(self) -> Detached {
        let kept = Detached {
            inner: self.0.inner.clone(),
            id: self.0.id,
        };
        std::mem::forget(self);
        kept
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.0.unsubscribe();
    }
}
