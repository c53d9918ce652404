//! Automatic refresh in the browser: one owned timer per client, set from the pure schedule,
//! re-armed after every login, restore and refresh, cleared on logout; a backoff timer after a
//! failed refresh; and catch-up when the page wakes (`visibilitychange`, `online`, `pageshow`)
//! because sleeping laptops and throttled background tabs fire timers late or not at all.

use super::client::Shared;
use super::listener::Listener;
use super::refresh::shared_refresh;
use crate::schedule::{backoff_delay, is_due, refresh_delay};
use crate::session::Event;
use gloo_timers::callback::Timeout;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;

fn now() -> f64 {
    js_sys::Date::now()
}

/// The page events after which the clock is checked again.
const WAKE_EVENTS: [(&str, bool); 3] = [
    ("visibilitychange", true),
    ("online", false),
    ("pageshow", false),
];

/// The client's timer state.
#[derive(Default)]
pub(crate) struct Scheduler {
    timer: Option<Timeout>,
    failures: u32,
    wake: Option<Listener<dyn FnMut()>>,
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Arms a timer that runs `then` on the client after `delay_ms`, holding it weakly so that a
/// pending timer does not keep a dropped client alive.
fn arm(inner: &Shared, delay_ms: f64, then: fn(&Shared)) {
    let weak: Weak<_> = Rc::downgrade(inner);
    let timer = Timeout::new(delay_ms as u32, move || {
        if let Some(inner) = weak.upgrade() {
            then(&inner);
        }
    });
    inner.borrow_mut().scheduler.timer = Some(timer);
}

/// Starts a refresh (or joins the one in flight); the outcome comes back as events.
pub(crate) fn refresh_now(inner: &Shared) {
    // The promise's outcome is handled through events; a rejection must not go unhandled.
    let _ = shared_refresh(inner).catch(&super::client::noop(inner));
}

/// Arms the refresh timer for the held token, or clears it.
pub(crate) fn reschedule(inner: &Shared) {
    let delay = {
        let mut i = inner.borrow_mut();
        i.scheduler.timer = None;
        let config = i.session.config();
        match i.session.token() {
            Some(t) if config.auto_refresh_token && !page_hidden() => {
                refresh_delay(t, &config.refresh_policy(), now(), js_sys::Math::random())
            }
            _ => None,
        }
    };
    if let Some(delay) = delay {
        arm(inner, delay, refresh_now);
    }
}

/// Starts a refresh when the held token is inside its refresh window; says whether it did.
pub(crate) fn refresh_if_due(inner: &Shared) -> bool {
    let due = {
        let i = inner.borrow();
        let config = i.session.config();
        config.auto_refresh_token
            && i.session
                .token()
                .is_some_and(|t| is_due(t, &config.refresh_policy(), now()))
    };
    if due {
        refresh_now(inner);
    }
    due
}

/// Checks the wall clock: refreshes at once when due, else re-arms the timer (which also
/// pauses it while the page is hidden).
pub(crate) fn catch_up(inner: &Shared) {
    if page_hidden() || !refresh_if_due(inner) {
        reschedule(inner);
    }
}

/// Keeps the timers in step with what just happened.
pub(crate) fn after(inner: &Shared, events: &[Event]) {
    for event in events {
        match event {
            Event::Login | Event::Restore | Event::Refresh => {
                inner.borrow_mut().scheduler.failures = 0;
                reschedule(inner);
            }
            Event::Logout(_) => {
                let mut i = inner.borrow_mut();
                i.scheduler.timer = None;
                i.scheduler.failures = 0;
            }
            Event::RefreshError(_) => retry_later(inner),
            Event::StorageDegraded(_) => {}
        }
    }
}

fn retry_later(inner: &Shared) {
    let delay = {
        let mut i = inner.borrow_mut();
        let attempt = i.scheduler.failures;
        i.scheduler.failures += 1;
        let config = i.session.config();
        let Some(token) = i.session.token().filter(|_| config.auto_refresh_token) else {
            return;
        };
        let left = token.expires_at().map(|exp| exp - now());
        backoff_delay(attempt, js_sys::Math::random(), left)
    };
    arm(inner, delay, refresh_now);
}

/// Listens for the page waking up; done once per client.
pub(crate) fn watch_page(inner: &Shared) {
    let weak = Rc::downgrade(inner);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(inner) = weak.upgrade() {
            catch_up(&inner);
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    let document = window.document();
    let on = WAKE_EVENTS
        .iter()
        .map(|&(name, on_document)| match (on_document, &document) {
            (true, Some(doc)) => (doc.clone().into(), name),
            _ => (window.clone().into(), name),
        })
        .collect();
    inner.borrow_mut().scheduler.wake = Some(Listener::new(callback, on));
}
