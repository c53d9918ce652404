//! The refresh: one attempt at a time, started only when the retry schedule allows, joined by
//! everyone who needs a token (the timer, app calls, `accessToken()`, wake-ups, `refreshToken()`).
//! With `storage: 'local'` the attempt runs under the cross-tab lock, and inside it storage is
//! read again: when another tab already refreshed (or logged out), its result is taken up and
//! no request is sent.

use crate::browser::callbacks::{call, Answered};
use crate::browser::env::{now, page_hidden, random, timeout};
use crate::browser::http::{auth_post, post_json};
use crate::browser::reply::reply;
use crate::browser::retry_slot;
use crate::browser::service::page_url;
use crate::browser::state::{Inner, State, Waiter, Wake};
use crate::browser::tab_lock;
use crate::core::config::StorageKind;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::retry_record::RetryRecord;
use crate::core::schedule::{delay_until, Phase};
use crate::core::session::Settled;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// How long the tab lock is kept after a refresh wrote the new token (see
/// [`tab_lock::TabLock::release_after`]).
const WRITE_SETTLE_MS: u32 = 500;

impl Inner {
    /// Starts an attempt if one may start now (a token is held, none runs, and after a
    /// failure its retry slot has come). Returns whether one is running.
    pub(crate) fn kick(self: &Rc<Self>) -> bool {
        {
            let mut s = self.state.borrow_mut();
            if s.schedule.phase() == Phase::InFlight {
                return true;
            }
            let renewable = s.session.token().is_some() && s.session.can_refresh();
            if s.closed || !renewable || !s.schedule.may_start(now()) {
                return false;
            }
            s.schedule.start();
            s.timer = None;
        }
        spawn_local(attempt(self.clone()));
        true
    }

    /// Checks the clock: starts the attempt that a late timer should have started (a sleeping
    /// laptop, a throttled background tab), else re-arms the timer.
    pub(crate) fn catch_up(self: &Rc<Self>) {
        let overdue = {
            let s = self.state.borrow();
            let config = s.session.config();
            !page_hidden()
                && s.session.token().is_some_and(|t| {
                    let policy = config.refresh_policy();
                    s.schedule
                        .is_overdue(t, &policy, config.auto_refresh_token, now())
                })
        };
        if !(overdue && self.kick()) {
            self.rearm();
        }
    }

    /// Waits for the outcome of the running attempt, or of the next one (started now if the
    /// schedule allows, else at its retry slot), for `within_ms` at most.
    pub(crate) async fn next_outcome(self: &Rc<Self>, within_ms: Option<f64>) -> Wake {
        {
            // While a page load's restore runs there is no token yet, but there may be soon.
            let s = self.state.borrow();
            if s.session.token().is_none() && !s.restoring {
                return Wake::Done(Err(AuthError::NotLoggedIn));
            }
        }
        let (waiter, rx) = Waiter::new();
        self.state.borrow_mut().waiters.push(waiter.clone());
        let _deadline = within_ms.map(|ms| {
            let waiter = waiter.clone();
            timeout(
                delay_until(ms, 0.0),
                Box::new(move || waiter.wake(Wake::Deadline)),
            )
        });
        if !self.kick() && !self.renew_or_end() {
            // A retry slot still to come: arm its timer, also with automatic refresh off.
            self.rearm();
        }
        let _ = rx.await;
        waiter
            .take()
            .unwrap_or(Wake::Done(Err(AuthError::NotLoggedIn)))
    }
}

/// What came of an attempt.
pub(crate) enum Attempted {
    /// The request went (or another tab's token or logout was taken up): its outcome and
    /// events.
    Done(Settled),
    /// Another tab failed an attempt in the current retry slot: this tab follows its schedule.
    Followed(RetryRecord),
}

/// One attempt: the request (or another tab's result), then the schedule (shared with the
/// other tabs when they share the session) and the waiters, the events and the configured
/// callbacks.
async fn attempt(inner: Rc<Inner>) {
    let attempted = locked_refresh(&inner).await;
    let (outcome, events, callbacks) = {
        let mut s = inner.state.borrow_mut();
        let (outcome, events) = match attempted {
            Attempted::Followed(slot) => {
                let error = slot.error();
                s.schedule.follow(slot.at, slot.failures, error.clone());
                (Err(error), Vec::new())
            }
            Attempted::Done((outcome, events)) => {
                match &outcome {
                    Err(e) if e.is_transient() && s.session.token().is_some() => {
                        s.schedule.failed(e.clone(), now(), random());
                    }
                    _ => s.schedule.reset(),
                }
                // Still under the lock (it is released a moment later): the other tabs get
                // the slot before they can try.
                if let Some(key) = shared_slot(&s) {
                    match (s.schedule.phase(), s.schedule.last_error()) {
                        (Phase::Retrying { at }, Some(e)) => {
                            retry_slot::write(&key, &RetryRecord::new(at, s.schedule.failures(), e))
                        }
                        _ => retry_slot::clear(&key),
                    }
                }
                (outcome, events)
            }
        };
        // Woken now, they run once this task yields: after the events and callbacks below.
        s.wake_all(&outcome);
        (outcome, events, s.callbacks.clone())
    };
    inner.emit(events);
    // The configured callbacks hear of automatic refreshes; a `refresh_token()` call hears of
    // its own (see `Callbacks::refresh_fail` for which failures they are told).
    let (manual, answer) = {
        let s = inner.state.borrow();
        (s.manual_refreshes > 0, s.last_answer.clone())
    };
    if !manual {
        match &outcome {
            Ok(()) => {
                let token = inner.state.borrow().session.token().map(|t| t.view());
                if let Some(token) = token {
                    let value = Answered {
                        value: token,
                        answer,
                    };
                    call(&callbacks.refresh_success, &value);
                }
            }
            Err(e) if !e.is_transient() => {
                let value = Answered {
                    value: e.clone(),
                    answer,
                };
                call(&callbacks.refresh_fail, &value);
            }
            Err(_) => {}
        }
    }
    inner.rearm();
}

/// The key of the retry slot shared with the other tabs, when they share the session.
fn shared_slot(s: &State) -> Option<String> {
    let c = s.session.config();
    (c.token_storage() == StorageKind::Local && c.cross_tab_lock)
        .then(|| retry_slot::key(&c.token.storage_key))
}

/// The refresh request (or, in cookie mode with no session, the restore), under the cross-tab
/// lock when tabs share the session or its refresh token.
pub(crate) async fn locked_refresh(inner: &Rc<Inner>) -> Attempted {
    inner.follow_prefix();
    // What this attempt's request is answered (none until it is, and none when another tab's
    // result is taken up instead).
    inner.state.borrow_mut().last_answer = None;
    let (lock_name, wait, started) = {
        let s = inner.state.borrow();
        let c = s.session.config();
        let name = c
            .locks_refresh()
            .then(|| format!("wasm-auth-client:{}", c.token.storage_key));
        (
            name,
            c.timeout.saturating_add(5_000),
            s.session.generation(),
        )
    };
    let lock = match &lock_name {
        Some(name) => match tab_lock::acquire(name, wait, wait).await {
            Some(lock) => Some(lock),
            None => return Attempted::Done(failed(AuthError::Timeout(wait))),
        },
        None => None,
    };
    if lock.is_some() {
        let (adopted, changed) = {
            let mut s = inner.state.borrow_mut();
            let adopted = s.session.adopt_stored();
            (adopted, s.session.generation() != started)
        };
        // Another tab refreshed (or logged in or out) while this one waited, either seen just
        // now or already adopted from its storage event: nothing left to do.
        if changed {
            let logged_in = inner.state.borrow().session.token().is_some();
            let outcome = logged_in.then_some(()).ok_or(AuthError::NotLoggedIn);
            return Attempted::Done((outcome, adopted));
        }
        // Else all it can have seen is a storage failure (the session goes on in memory):
        // told now, and the refresh goes on.
        if !adopted.is_empty() {
            inner.emit(adopted);
        }
        let s = inner.state.borrow();
        // Another tab already tried in this retry slot, and failed: wait for the next one.
        if let Some(slot) = shared_slot(&s).and_then(|key| retry_slot::read(&key)) {
            if slot.at > now() {
                return Attempted::Followed(slot);
            }
        }
    }
    let linked = inner.linked_defaults();
    let page = page_url();
    let request = {
        let s = inner.state.borrow();
        let c = s.session.config();
        let url = c.refresh_url_at(page.as_ref());
        s.session.refresh_request().map(|(body, grant)| {
            let how = auth_post(c, linked);
            (body, grant, url, how, c.token.clone())
        })
    };
    let (body, grant, url, send, keys) = match request {
        Ok(r) => r,
        Err(e) => return Attempted::Done((Err(e), Vec::new())),
    };
    let transform = inner.state.borrow().callbacks.refresh_data.clone();
    let answer = post_json(&url, &body, send, transform.as_ref()).await;
    let settled = match answer {
        Ok(answer) => {
            let reply = reply(&answer, &keys);
            let mut s = inner.state.borrow_mut();
            s.last_answer = Some(answer);
            s.session.accept(grant, reply, now())
        }
        Err(e) => failed(e),
    };
    if let Some(lock) = lock {
        lock.release_after(WRITE_SETTLE_MS);
    }
    Attempted::Done(settled)
}

/// A refresh that got no usable answer: the session is kept.
fn failed(error: AuthError) -> Settled {
    (Err(error.clone()), vec![Event::RefreshError(error)])
}
