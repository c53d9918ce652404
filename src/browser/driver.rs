//! The driver: one client's [`Coordinator`] and the JS handles that carry out its effects (the
//! timers, the tab channel, the page listeners, the cross-tab lock, the waiters, the
//! subscribers and callbacks). Everything goes through [`Driver::step`]: the coordinator is
//! borrowed only inside it, and the app's code (subscribers, callbacks) runs after the borrow
//! is released, so no callback can run under a borrow. Timer and listener closures hold a
//! `Weak` to the driver, so they keep nothing alive.

use crate::browser::callbacks::AuthAnswer;
use crate::browser::callbacks::{call, Answered, Callbacks};
use crate::browser::env::{now, origin_of, page, page_hidden, page_url, random, resolve, timeout};
use crate::browser::http::{auth_post, post_json, AuthPost, AuthRequestSource};
use crate::browser::listener::Listener;
use crate::browser::tab_channel::TabChannel;
use crate::browser::tab_lock::TabLock;
use crate::browser::waiter::Waiter;
use crate::browser::{refresh, retry_slot, storage};
use crate::core::config::Config;
use crate::core::coordinator::{Coordinator, Effect, Input, Places};
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::session::Session;
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// How long a tab waits for another to answer its ask; a live tab answers within a few ms.
pub(crate) const ASK_WAIT_MS: u32 = 150;

/// A subscriber to the client's events.
pub(crate) type Listen = Rc<dyn Fn(&Event)>;

/// A source of the prefix, asked before each request.
pub(crate) type PrefixSource = Rc<dyn Fn() -> Option<String>>;

/// The JS side of one client: what carries out the coordinator's effects.
#[derive(Default)]
pub(crate) struct Handles {
    refresh_timer: Option<Timeout>,
    expiry_timer: Option<Timeout>,
    /// Events to announce on a zero-delay timer, and that timer.
    deferred: Vec<Event>,
    deferred_timer: Option<Timeout>,
    pub(crate) waiters: Vec<Rc<Waiter>>,
    pub(crate) listeners: Vec<(u64, Listen)>,
    pub(crate) next_id: u64,
    pub(crate) callbacks: Callbacks,
    /// The page's wake-up and storage listeners.
    pub(crate) page: Vec<Listener>,
    channel: Option<TabChannel>,
    lock: Option<TabLock>,
    pub(crate) prefix_source: Option<PrefixSource>,
    pub(crate) request_source: Option<AuthRequestSource>,
    /// What the auth endpoint answered the last refresh request (for the callbacks).
    pub(crate) last_answer: Option<AuthAnswer>,
}

/// One client: its decisions and its handles.
pub(crate) struct Driver {
    core: RefCell<Coordinator>,
    pub(crate) io: RefCell<Handles>,
}

/// How long a refresh holds the tab lock after it wrote the new token.
const WRITE_SETTLE_MS: u32 = 500;

/// Where the token may go under `config`: the origins of `allowedOrigins` (else of `prefix`)
/// and the auth endpoints, by the browser's own URL parser.
pub(crate) fn places(config: &Config) -> Places {
    let page = page_url();
    let page = page.as_ref();
    let endpoints = [
        Some(config.auth_url_at(page)),
        Some(config.refresh_url_at(page)),
        config.logout_url_at(page),
    ];
    let auth_urls = endpoints
        .into_iter()
        .flatten()
        .map(|url| resolve(&url).map_or(url, |u| u.href()))
        .collect();
    let origins = config
        .allowed_origins
        .clone()
        .unwrap_or_else(|| vec![config.prefix_at(page).into_owned()]);
    let allowed = origins.iter().filter_map(|o| origin_of(o)).collect();
    Places { allowed, auth_urls }
}

impl Driver {
    /// A driver of a new client with `config` (validated), started.
    pub(crate) fn start(config: Config) -> Rc<Driver> {
        let places = places(&config);
        let store = storage::open(config.token_storage());
        let session = Session::new(config, store);
        let core = Coordinator::new(session, page().is_some(), page_hidden());
        let driver = Rc::new(Driver {
            core: RefCell::new(core),
            io: RefCell::new(Handles::default()),
        });
        let listeners = crate::browser::page::listen(&driver.feed());
        driver.io.borrow_mut().page = listeners;
        driver.step(Input::Start(places));
        driver
    }

    /// Reads the coordinator (the configuration, the token, the state at a glance).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Coordinator) -> T) -> T {
        f(&self.core.borrow())
    }

    /// Feeds `input` to the coordinator and carries out what it decided; returns what it
    /// answered the caller (send, wait, refuse, deliver, settled).
    pub(crate) fn step(self: &Rc<Self>, input: Input<'_>) -> Vec<Effect> {
        let effects = self.core.borrow_mut().handle(input, now(), random());
        let mut answers = Vec::new();
        for effect in effects {
            match effect {
                Effect::Send(_)
                | Effect::Hold
                | Effect::Refuse(_)
                | Effect::Deliver
                | Effect::Settled(_) => answers.push(effect),
                effect => self.carry_out(effect),
            }
        }
        answers
    }

    /// Feeds `input` from a closure that holds a `Weak`.
    fn feed_weak(weak: &std::rc::Weak<Driver>, input: Input<'_>) {
        if let Some(driver) = weak.upgrade() {
            driver.step(input);
        }
    }

    /// What the page's listeners and the tab channel feed their inputs through (a `Weak`:
    /// they keep nothing alive).
    fn feed(self: &Rc<Self>) -> crate::browser::page::Feed {
        let weak = Rc::downgrade(self);
        Rc::new(move |input| Driver::feed_weak(&weak, input))
    }

    fn carry_out(self: &Rc<Self>, effect: Effect) {
        let weak = Rc::downgrade(self);
        match effect {
            Effect::Lock { name, wait, slot } => {
                self.follow_prefix();
                self.io.borrow_mut().last_answer = None;
                let driver = self.clone();
                spawn_local(async move {
                    let (lock, input) = refresh::lock(name, wait, slot).await;
                    driver.io.borrow_mut().lock = lock;
                    driver.step(input);
                });
            }
            Effect::PostRefresh(body, grant) => {
                let request = self.refresh_post(body);
                let driver = self.clone();
                spawn_local(async move {
                    let (answer, reply) = refresh::post(request).await;
                    driver.io.borrow_mut().last_answer = answer;
                    driver.step(Input::RefreshAnswer(grant, reply));
                });
            }
            Effect::Unlock => {
                if let Some(lock) = self.io.borrow_mut().lock.take() {
                    lock.release_after(WRITE_SETTLE_MS);
                }
            }
            Effect::WriteSlot(key, record) => match record {
                Some(record) => retry_slot::write(&key, &record),
                None => retry_slot::clear(&key),
            },
            Effect::ArmRefresh(at) => {
                let timer = at.map(|at| {
                    let fire = move || Driver::feed_weak(&weak, Input::RefreshTimer);
                    timeout(Coordinator::delay(at, now()), Box::new(fire))
                });
                self.io.borrow_mut().refresh_timer = timer;
            }
            Effect::ArmExpiry(at) => {
                let timer = at.map(|(at, generation)| {
                    let fire = move || Driver::feed_weak(&weak, Input::ExpiryTimer(generation));
                    timeout(Coordinator::delay(at, now()), Box::new(fire))
                });
                self.io.borrow_mut().expiry_timer = timer;
            }
            Effect::Connect(name) => {
                let channel = name.and_then(|name| TabChannel::open(&name, self.feed()));
                self.io.borrow_mut().channel = channel;
            }
            Effect::Post(message) => {
                if let Some(channel) = &self.io.borrow().channel {
                    channel.post(&message);
                }
            }
            Effect::AwaitRenewal { generation, heard } => spawn_local(async move {
                TimeoutFuture::new(ASK_WAIT_MS).await;
                Driver::feed_weak(&weak, Input::AskTimedOut { generation, heard });
            }),
            Effect::AwaitAnswer => spawn_local(async move {
                TimeoutFuture::new(ASK_WAIT_MS).await;
                Driver::feed_weak(&weak, Input::Asked);
            }),
            Effect::Wake(outcome) => {
                let waiters = std::mem::take(&mut self.io.borrow_mut().waiters);
                for waiter in waiters {
                    waiter.wake(outcome.clone());
                }
            }
            Effect::Emit(events) => self.emit(&events),
            Effect::EmitSoon(events) => self.emit_soon(events),
            Effect::TellRefresh(outcome) => self.tell_refresh(outcome),
            Effect::Revoke(body) => self.revoke(body),
            Effect::Send(_)
            | Effect::Hold
            | Effect::Refuse(_)
            | Effect::Deliver
            | Effect::Settled(_) => {}
        }
    }

    /// The refresh request with `body`, where and how it goes now.
    fn refresh_post(&self, body: crate::core::session::Body) -> refresh::RefreshPost {
        let linked = self.linked_defaults();
        let page = page_url();
        let transform = self.io.borrow().callbacks.refresh_data.clone();
        self.read(|c| {
            let c = c.config();
            refresh::RefreshPost {
                url: c.refresh_url_at(page.as_ref()),
                body,
                how: auth_post(c, linked),
                keys: c.token.clone(),
                transform,
            }
        })
    }

    /// Tells the subscribers, then the configured callbacks (none of them runs under a
    /// borrow). Subscribers come first so that a linked `@netuno/service-client` carries the
    /// new token before `onLogin` runs, as with `@netuno/auth-client`.
    fn emit(&self, events: &[Event]) {
        let (listeners, callbacks) = {
            let io = self.io.borrow();
            let listeners: Vec<Listen> = io.listeners.iter().map(|(_, l)| l.clone()).collect();
            (listeners, io.callbacks.clone())
        };
        for e in events {
            if let Event::Warning(message) = e {
                web_sys::console::warn_1(&message.as_str().into());
            }
            for listener in &listeners {
                listener(e);
            }
            callbacks.on_event(e);
        }
    }

    /// Announces `events` soon: on a zero-delay timer in a page (after the microtasks, so
    /// listeners the loader subscribes once the wasm is in hear them), else on a microtask, so
    /// that a client outside a page (Node, a server render) starts no timer.
    fn emit_soon(self: &Rc<Self>, events: Vec<Event>) {
        let mut io = self.io.borrow_mut();
        let idle = io.deferred.is_empty();
        io.deferred.extend(events);
        if !idle || io.deferred.is_empty() {
            return;
        }
        let weak = Rc::downgrade(self);
        let fire = move || {
            if let Some(driver) = weak.upgrade() {
                let due = {
                    let mut io = driver.io.borrow_mut();
                    io.deferred_timer = None;
                    std::mem::take(&mut io.deferred)
                };
                driver.step(Input::Announce(due));
            }
        };
        if page().is_some() {
            io.deferred_timer = Some(timeout(0, Box::new(fire)));
        } else {
            drop(io);
            spawn_local(async move { fire() });
        }
    }

    /// The configured `refreshToken` callbacks, for an automatic attempt.
    fn tell_refresh(&self, outcome: Result<(), AuthError>) {
        let (callbacks, answer) = {
            let io = self.io.borrow();
            (io.callbacks.clone(), io.last_answer.clone())
        };
        match outcome {
            Ok(()) => {
                if let Some(value) = self.read(|c| c.token()) {
                    call(&callbacks.refresh_success, &Answered { value, answer });
                }
            }
            Err(value) => call(&callbacks.refresh_fail, &Answered { value, answer }),
        }
    }

    /// Tells the server of a logout (when `logout.url` is set), without waiting for its
    /// answer: whatever it answers, or if it never does, the session here is over.
    fn revoke(self: &Rc<Self>, body: crate::core::session::Body) {
        let linked = self.linked_defaults();
        let page = page_url();
        let request = self.read(|c| {
            let config = c.config();
            config.logout_url_at(page.as_ref()).map(|url| {
                let how = AuthPost {
                    limit: 0,
                    // An app navigates away right after a logout (`location.assign('/')`):
                    // the request still goes, or in cookie mode the refresh cookie survives
                    // and the next page load restores the session.
                    keepalive: true,
                    ..auth_post(config, linked)
                };
                (url, how)
            })
        });
        if let Some((url, how)) = request {
            spawn_local(async move {
                let _ = post_json(&url, &body, how, None).await;
            });
        }
    }

    /// What a linked service client adds to the auth requests, asked outside any borrow (its
    /// `config()` may be this client's own drop-in).
    pub(crate) fn linked_defaults(&self) -> crate::browser::callbacks::AuthRequestDefaults {
        let source = self.io.borrow().request_source.clone();
        source.map(|source| source()).unwrap_or_default()
    }

    /// Takes up the prefix of the prefix source, if one is set and it changed.
    pub(crate) fn follow_prefix(self: &Rc<Self>) {
        let source = self.io.borrow().prefix_source.clone();
        let Some(prefix) = source.and_then(|source| source()) else {
            return;
        };
        if self.read(|c| c.config().prefix != prefix) {
            let mut config = self.read(|c| c.config().clone());
            config.prefix = prefix.clone();
            self.step(Input::Prefix(prefix, places(&config)));
        }
    }

    /// Waits for the next refresh outcome (see [`Input::Wait`]), for `within_ms` at most.
    pub(crate) async fn next_outcome(self: &Rc<Self>, within_ms: Option<u32>) -> Wake {
        let (waiter, rx) = Waiter::new();
        self.io.borrow_mut().waiters.push(waiter.clone());
        for answer in self.step(Input::Wait) {
            if let Effect::Refuse(e) = answer {
                self.io
                    .borrow_mut()
                    .waiters
                    .retain(|w| !Rc::ptr_eq(w, &waiter));
                return Wake::Done(Err(e));
            }
        }
        let _deadline = within_ms.map(|ms| {
            let waiter = waiter.clone();
            timeout(ms, Box::new(move || waiter.give_up()))
        });
        let _ = rx.await;
        waiter.take()
    }
}

pub(crate) use crate::browser::waiter::Wake;
