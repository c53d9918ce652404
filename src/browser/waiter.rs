//! A caller waiting for a refresh outcome: the attempt or the caller's deadline, whichever
//! comes first, leaves its [`Wake`] and signals.

use crate::core::error::AuthError;
use futures_channel::oneshot;
use std::cell::RefCell;
use std::rc::Rc;

/// What a caller waiting for a refresh is woken with.
pub(crate) enum Wake {
    /// An attempt finished so.
    Done(Result<(), AuthError>),
    /// The caller's own time ran out first.
    Deadline,
}

/// One waiting caller.
pub(crate) struct Waiter {
    signal: RefCell<Option<oneshot::Sender<()>>>,
    wake: RefCell<Option<Wake>>,
}

impl Waiter {
    /// A waiter and the receiver its caller awaits.
    pub(crate) fn new() -> (Rc<Waiter>, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        let waiter = Waiter {
            signal: RefCell::new(Some(tx)),
            wake: RefCell::new(None),
        };
        (Rc::new(waiter), rx)
    }

    fn signal(&self, wake: Wake) {
        if let Some(tx) = self.signal.borrow_mut().take() {
            *self.wake.borrow_mut() = Some(wake);
            let _ = tx.send(());
        }
    }

    /// Wakes the caller with an attempt's outcome, unless something woke it first.
    pub(crate) fn wake(&self, outcome: Result<(), AuthError>) {
        self.signal(Wake::Done(outcome));
    }

    /// The caller's deadline passed.
    pub(crate) fn give_up(&self) {
        self.signal(Wake::Deadline);
    }

    /// What the caller was woken with.
    pub(crate) fn take(&self) -> Wake {
        let wake = self.wake.borrow_mut().take();
        wake.unwrap_or(Wake::Done(Err(AuthError::NotLoggedIn)))
    }
}
