//! A page load's restore from elsewhere, when the tab's own storage held no session: first the
//! other tabs, when they share the session (one that holds it answers within milliseconds),
//! then, in cookie mode, a refresh that the `HttpOnly` cookie authenticates. Until it ends the
//! snapshot says `loading`, `ready()` waits, and calls that would carry the token wait too.

use crate::browser::env::{now, page, timeout};
use crate::browser::refresh::{locked_refresh, Attempted};
use crate::browser::state::{Inner, Waiter, Wake};
use crate::browser::tab_channel;
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::schedule::is_expired;
use crate::core::tab_message::TabMessage;
use gloo_timers::future::TimeoutFuture;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// How long a tab waits for another to answer its ask; a live tab answers within a few ms, so
/// a tab alone waits this long before its own restore.
pub(crate) const ASK_WAIT_MS: u32 = 150;

impl Inner {
    /// Starts the restore when the configuration has one (tabs share the session, or cookie
    /// mode) and no session is held; a `ready` event follows it, whatever it found. Returns
    /// whether it started.
    pub(crate) fn restore_elsewhere(self: &Rc<Self>) -> bool {
        let start = {
            let mut s = self.state.borrow_mut();
            let c = s.session.config();
            let wanted = (c.shares_tabs() || c.cookie_mode())
                && s.session.token().is_none()
                && !s.restoring
                && !s.closed
                && page().is_some();
            if wanted {
                s.restoring = true;
                // The snapshot says `loading` from now on.
                s.version += 1;
            }
            wanted
        };
        if start {
            spawn_local(restore(self.clone()));
        }
        start
    }

    /// Resolves once no restore runs.
    pub(crate) async fn restored(self: &Rc<Self>) {
        while self.state.borrow().restoring {
            let (waiter, rx) = Waiter::new();
            self.state.borrow_mut().waiters.push(waiter);
            let _ = rx.await;
        }
    }

    /// This tab holds an access token it cannot renew (another tab shared it) and needs a new
    /// one: it asks the tab that holds the refresh token to renew it. If no tab says it does
    /// and the token has expired, the session is over here (`other_tab`: its holder is gone).
    /// Returns whether it asked.
    pub(crate) fn renew_or_end(self: &Rc<Self>) -> bool {
        let (generation, heard) = {
            let s = self.state.borrow();
            let Some(t) = s.session.token().filter(|_| !s.session.can_refresh()) else {
                return false;
            };
            tab_channel::post(&s, &TabMessage::Renew(t.loaded_at));
            (s.session.generation(), s.renews_heard)
        };
        let inner = self.clone();
        spawn_local(async move {
            TimeoutFuture::new(ASK_WAIT_MS).await;
            let events = {
                let mut s = inner.state.borrow_mut();
                let expired = s.session.token().is_some_and(|t| is_expired(t, now()));
                if s.session.generation() != generation || s.renews_heard != heard || !expired {
                    return;
                }
                s.session.logout(LogoutReason::OtherTab)
            };
            inner.emit_heard(events);
        });
        true
    }
}

/// Waits for another tab's answer (which wakes the waiters), for [`ASK_WAIT_MS`] at most.
async fn answer(inner: &Rc<Inner>) {
    let (waiter, rx) = Waiter::new();
    inner.state.borrow_mut().waiters.push(waiter.clone());
    let _deadline = timeout(ASK_WAIT_MS, Box::new(move || waiter.wake(Wake::Deadline)));
    let _ = rx.await;
}

async fn restore(inner: Rc<Inner>) {
    let (ask, cookie) = {
        let s = inner.state.borrow();
        let c = s.session.config();
        (c.shares_tabs(), c.cookie_mode())
    };
    if ask {
        tab_channel::post(&inner.state.borrow(), &TabMessage::Ask);
        answer(&inner).await;
    }
    let mut events = Vec::new();
    if cookie && inner.state.borrow().session.token().is_none() {
        if let Attempted::Done((_, found)) = locked_refresh(&inner).await {
            // Refused (no cookie, or a dead one) is simply logged out, and so is a failure:
            // there was no session to keep, so there is no error to show.
            events = found
                .into_iter()
                .filter(|e| !matches!(e, Event::RefreshError(_)))
                .collect();
        }
    }
    {
        let mut s = inner.state.borrow_mut();
        s.restoring = false;
        let held = s.session.token().is_some();
        s.wake_all(&held.then_some(()).ok_or(AuthError::NotLoggedIn));
    }
    // Also after a restore that found nothing: the snapshot leaves `loading`.
    events.push(Event::Ready);
    inner.emit(events);
}
