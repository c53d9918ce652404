//! The state one client shares between its handle, its timers, its listeners and the requests
//! in flight: the session, the retry schedule, the timers (gloo-timers handles: replacing one
//! cancels the old), the page listeners, the subscribers and the callers waiting for a refresh.
//! Timer and listener closures hold a `Weak` to it, so they keep nothing alive.

use crate::browser::callbacks::Callbacks;
use crate::browser::env::{now, origin_of, page, page_hidden, random, resolve, timeout};
use crate::browser::listener::Listener;
use crate::browser::service::page_url;
use crate::browser::tab_channel::{self, holds_refresh, TabChannel};
use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::schedule::{delay_until, is_expired, RefreshSchedule};
use crate::core::session::Session;
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;

/// What a caller waiting for a refresh is woken with.
pub(crate) enum Wake {
    /// An attempt finished so.
    Done(Result<(), AuthError>),
    /// The caller's own time ran out first.
    Deadline,
}

/// A caller waiting for a refresh outcome: the attempt or the caller's deadline, whichever
/// comes first, leaves its [`Wake`] and signals.
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

    /// Wakes the caller with `wake`, unless something woke it first.
    pub(crate) fn wake(&self, wake: Wake) {
        if let Some(tx) = self.signal.borrow_mut().take() {
            *self.wake.borrow_mut() = Some(wake);
            let _ = tx.send(());
        }
    }

    /// Whether the caller still waits.
    fn waiting(&self) -> bool {
        self.signal.borrow().is_some()
    }

    /// What the caller was woken with.
    pub(crate) fn take(&self) -> Option<Wake> {
        self.wake.borrow_mut().take()
    }
}

/// A subscriber to the client's events.
pub(crate) type Listen = Rc<dyn Fn(&Event)>;

/// Everything mutable about one client.
pub(crate) struct State {
    pub(crate) session: Session,
    pub(crate) schedule: RefreshSchedule,
    /// Origins that may receive the token (`allowedOrigins`, else that of `prefix`).
    pub(crate) allowed: Vec<String>,
    /// The absolute URLs of the auth endpoints: login, refresh and logout (calls to them never
    /// carry the token).
    pub(crate) auth_urls: Vec<String>,
    /// The refresh timer: the scheduled refresh, or the next retry.
    pub(crate) timer: Option<Timeout>,
    /// Fires when the held access token expires, in case no refresh replaced it by then.
    pub(crate) expiry: Option<Timeout>,
    /// The session generation whose expiry [`State::expiry`] is to announce, until it has: a
    /// re-arm that finds the token already expired, before a late timer fired, announces it
    /// instead of dropping it.
    pub(crate) expiry_due: Option<u64>,
    /// Events announced on a zero-delay timer (a restore, so that listeners subscribed right
    /// after the client was made hear it).
    pub(crate) deferred: (Vec<Event>, Option<Timeout>),
    pub(crate) waiters: Vec<Rc<Waiter>>,
    pub(crate) listeners: Vec<(u64, Listen)>,
    pub(crate) next_id: u64,
    pub(crate) callbacks: Callbacks,
    /// Bumped with every event, so a snapshot can tell it is stale.
    pub(crate) version: u64,
    /// The page's wake-up and storage listeners.
    pub(crate) page: Vec<Listener>,
    /// Set by `free()`: nothing is armed or listened to any more.
    pub(crate) closed: bool,
    /// Where the prefix comes from while the app sets none (`@netuno/service-client`'s).
    pub(crate) prefix_source: Option<PrefixSource>,
    /// Where the auth requests' extra headers and credentials come from (a linked
    /// `@netuno/service-client`).
    pub(crate) request_source: Option<crate::browser::http::AuthRequestSource>,
    /// The channel to the other tabs, when they share the session.
    pub(crate) channel: Option<TabChannel>,
    /// How many times the tab that holds the refresh token said it renews the shared token.
    pub(crate) renews_heard: u64,
    /// A page load's restore from elsewhere (the other tabs, the cookie) is under way: the
    /// snapshot says `loading`, calls wait for it.
    pub(crate) restoring: bool,
    /// How many `refresh_token()` calls wait for an attempt: they tell their callbacks of it,
    /// so the attempt does not tell the configured ones.
    pub(crate) manual_refreshes: u32,
    /// What the auth endpoint answered the last refresh request (for the callbacks).
    pub(crate) last_answer: Option<crate::browser::http::AuthAnswer>,
}

/// A source of the prefix, asked before each request.
pub(crate) type PrefixSource = Rc<dyn Fn() -> Option<String>>;

/// The shared state.
pub(crate) struct Inner {
    pub(crate) state: RefCell<State>,
}

impl State {
    /// Takes up a configuration: where the token may go and where the auth endpoint is.
    pub(crate) fn locate(&mut self) {
        let config = self.session.config();
        // Relative endpoints are resolved against the page, after the dev-server rule.
        let page = page_url();
        let page = page.as_ref();
        let endpoints = [
            Some(config.auth_url_at(page)),
            Some(config.refresh_url_at(page)),
            config.logout_url_at(page),
        ];
        self.auth_urls = endpoints
            .into_iter()
            .flatten()
            .map(|url| resolve(&url).map_or(url, |u| u.href()))
            .collect();
        let origins = config
            .allowed_origins
            .clone()
            .unwrap_or_else(|| vec![config.prefix_at(page).into_owned()]);
        self.allowed = origins.iter().filter_map(|o| origin_of(o)).collect();
    }

    /// Whether anyone still waits for a refresh outcome.
    pub(crate) fn waited_for(&self) -> bool {
        self.waiters.iter().any(|w| w.waiting())
    }

    /// Wakes every waiter with `outcome`.
    pub(crate) fn wake_all(&mut self, outcome: &Result<(), AuthError>) {
        for waiter in self.waiters.drain(..) {
            waiter.wake(Wake::Done(outcome.clone()));
        }
    }
}

/// The timer that announces the held token's expiry (none once expired, or when unknown).
fn expiry_timer(inner: &Rc<Inner>, s: &State) -> Option<Timeout> {
    let at = s.session.token()?.expires_at()?;
    let generation = s.session.generation();
    if s.closed || at <= now() || page().is_none() {
        return None;
    }
    let weak = Rc::downgrade(inner);
    Some(timeout(
        delay_until(at, now()),
        Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.expired(generation);
            }
        }),
    ))
}

/// Checks that each of `allowedOrigins` is an origin, by the browser's own URL parser.
///
/// # Errors
/// [`AuthError::Config`] naming the first that is not.
pub(crate) fn check_origins(config: &Config) -> Result<(), AuthError> {
    for origin in config.allowed_origins.iter().flatten() {
        if origin_of(origin).as_deref() != Some(origin.trim_end_matches('/')) {
            return Err(AuthError::Config(format!(
                "allowedOrigins: `{origin}` is not an origin (scheme://host[:port], lower-case, \
                 no path)"
            )));
        }
    }
    Ok(())
}

impl Inner {
    /// Arms the refresh timer for what the schedule says next, or clears it. While the page
    /// is hidden the scheduled refresh waits for a wake-up (a background tab's timers are
    /// throttled), but a retry stays armed, so an outage ends without the app, and so does the
    /// timer of a tab that renews a session it shares (the other tabs may be in use). Where
    /// there is no page (Node, a server render) nothing refreshes in the background: a call
    /// that needs a fresh token refreshes first, and no timer keeps the process alive.
    pub(crate) fn rearm(self: &Rc<Self>) {
        let mut s = self.state.borrow_mut();
        let at = {
            let config = s.session.config();
            let awake = s.schedule.last_error().is_some() || holds_refresh(&s) || !page_hidden();
            let on_page = page().is_some();
            match s.session.token() {
                // An access token another tab shared is renewed by that tab.
                Some(t) if !s.closed && awake && s.session.can_refresh() => s.schedule.timer_at(
                    t,
                    &config.refresh_policy(),
                    config.auto_refresh_token && on_page,
                    s.waited_for(),
                    random(),
                ),
                _ => None,
            }
        };
        let generation = s.session.generation();
        let expired = s.session.token().is_some_and(|t| is_expired(t, now()));
        let missed = expired && s.expiry_due == Some(generation);
        s.expiry = expiry_timer(self, &s);
        s.expiry_due = s.expiry.as_ref().map(|_| generation);
        s.timer = at.map(|at| {
            let weak = Rc::downgrade(self);
            timeout(
                delay_until(at, now()),
                Box::new(move || {
                    if let Some(inner) = weak.upgrade() {
                        // A timer may fire a moment early by the wall clock: then it is armed
                        // again.
                        if !inner.kick() {
                            inner.rearm();
                        }
                    }
                }),
            )
        });
        drop(s);
        if missed {
            self.expired(generation);
        }
    }

    /// What a linked service client adds to the auth requests, asked outside any borrow (its
    /// `config()` may be this client's own drop-in, which borrows the state).
    pub(crate) fn linked_defaults(&self) -> crate::browser::http::AuthRequestDefaults {
        let source = self.state.borrow().request_source.clone();
        source.map(|source| source()).unwrap_or_default()
    }

    /// Takes up the prefix of the prefix source, if one is set and it changed.
    pub(crate) fn follow_prefix(&self) {
        let source = self.state.borrow().prefix_source.clone();
        let Some(prefix) = source.and_then(|source| source()) else {
            return;
        };
        let mut s = self.state.borrow_mut();
        if s.session.config().prefix != prefix {
            let mut config = s.session.config().clone();
            config.prefix = prefix;
            // The storage place is unchanged, so this moves nothing and emits nothing.
            s.session.reconfigure(config, None);
            s.locate();
        }
    }

    /// Emits `token_expired` if the token of `generation` is still held, and expired; a tab
    /// that cannot renew it asks the one that can instead ([`Inner::renew_or_end`]).
    fn expired(self: &Rc<Self>, generation: u64) {
        let expired = {
            let mut s = self.state.borrow_mut();
            s.expiry_due = None;
            s.session.generation() == generation
                && s.session.token().is_some_and(|t| is_expired(t, now()))
        };
        // A shared token goes to the tab that renews it: ask it, and give up if it is gone.
        if expired && !self.renew_or_end() {
            self.emit(vec![Event::TokenExpired]);
        }
    }

    /// Dispatches events of this tab's own doing (the other tabs hear of them).
    pub(crate) fn emit(self: &Rc<Self>, events: Vec<Event>) {
        self.dispatch(events, true);
    }

    /// Dispatches events heard from another tab (not told back).
    pub(crate) fn emit_heard(self: &Rc<Self>, events: Vec<Event>) {
        self.dispatch(events, false);
    }

    /// Dispatches events: the schedule and timers first, then the subscribers, then the
    /// configured callbacks (none of them runs while the state is borrowed). Subscribers come
    /// first so that a linked `@netuno/service-client` carries the new token before `onLogin`
    /// runs, as with `@netuno/auth-client`, whose `onLogin` loads the profile through it.
    fn dispatch(self: &Rc<Self>, events: Vec<Event>, announce: bool) {
        if events.is_empty() {
            return;
        }
        let (listeners, callbacks) = {
            let mut s = self.state.borrow_mut();
            if announce {
                tab_channel::announce(&s, &events);
            }
            for e in &events {
                match e {
                    Event::Login | Event::Restore | Event::Refresh => s.schedule.reset(),
                    Event::Logout(_) => {
                        s.schedule.reset();
                        s.wake_all(&Err(AuthError::NotLoggedIn));
                    }
                    _ => {}
                }
            }
            s.version += 1;
            let listeners: Vec<Listen> = s.listeners.iter().map(|(_, l)| l.clone()).collect();
            (listeners, s.callbacks.clone())
        };
        self.rearm();
        for e in &events {
            if let Event::Warning(message) = e {
                web_sys::console::warn_1(&message.as_str().into());
            }
            for listener in &listeners {
                listener(e);
            }
            callbacks.on_event(e);
        }
    }

    /// Emits `events` soon: on a zero-delay timer in a page (after the microtasks, so listeners
    /// the loader subscribes once the wasm is in hear them), else on a microtask, so that a client
    /// outside a page (Node, a server render) starts no timer.
    pub(crate) fn emit_soon(self: &Rc<Self>, events: Vec<Event>) {
        let mut s = self.state.borrow_mut();
        let idle = s.deferred.0.is_empty();
        s.deferred.0.extend(events);
        if !idle || s.deferred.0.is_empty() || s.closed {
            return;
        }
        let weak = Rc::downgrade(self);
        let fire = move || {
            if let Some(inner) = weak.upgrade() {
                let due = {
                    let mut s = inner.state.borrow_mut();
                    s.deferred.1 = None;
                    std::mem::take(&mut s.deferred.0)
                };
                inner.emit(due);
            }
        };
        if page().is_some() {
            s.deferred.1 = Some(timeout(0, Box::new(fire)));
        } else {
            drop(s);
            wasm_bindgen_futures::spawn_local(async move { fire() });
        }
    }
}
