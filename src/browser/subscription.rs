//! [`Subscription`], the RAII handle [`crate::AuthClient::subscribe`] returns, and [`Detached`],
//! the listener kept beyond it. On every target (off wasm32 the inert client hands out ones that
//! hold nothing).

use std::rc::Weak;

/// What keeps the listeners: the client (the driver, or off wasm32 the inert handle).
pub(crate) trait Listeners {
    /// Removes listener `id`.
    fn unsubscribe(&self, id: u64);
}

/// A subscription made by [`crate::AuthClient::subscribe`]: the listener is removed when it is
/// dropped (or on [`Subscription::unsubscribe`]). [`Subscription::detach`] keeps it instead.
#[must_use = "dropping a Subscription unsubscribes its listener at once: keep it, or detach() it"]
pub struct Subscription(Detached);

/// A listener kept until [`Detached::unsubscribe`], or for the client's life: dropping this
/// changes nothing (what a JS unsubscribe function is).
pub struct Detached {
    owner: Weak<dyn Listeners>,
    id: u64,
}

impl Detached {
    /// Removes the listener (again: nothing).
    pub fn unsubscribe(&self) {
        if let Some(owner) = self.owner.upgrade() {
            owner.unsubscribe(self.id);
        }
    }
}

impl Subscription {
    /// The subscription of listener `id` of `owner`.
    pub(crate) fn new(owner: Weak<dyn Listeners>, id: u64) -> Subscription {
        Subscription(Detached { owner, id })
    }

    /// Removes the listener.
    pub fn unsubscribe(self) {}

    /// Keeps the listener beyond this value's life.
    pub fn detach(self) -> Detached {
        let kept = Detached {
            owner: self.0.owner.clone(),
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
