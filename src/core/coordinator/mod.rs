//! The coordinator: every decision the browser client makes, free of I/O. The browser layer
//! feeds in what happened ([`Input`]: a call, a reply, a timer, a tab message, a wake-up) with
//! the clock and a random number, and carries out what comes back ([`Effect`]: send, wait,
//! post the refresh, arm a timer, tell the tabs, wake the waiters, emit events). The
//! [`Session`] inside it holds the token and its storage; the [`RefreshSchedule`] says when an
//! attempt may start.

use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::schedule::{delay_until, is_expired, RefreshSchedule};
use crate::core::session::{Grant, Session, Settled};
use crate::core::token::Token;

mod calls;
mod io;
mod refresh;
mod tabs;

pub use io::{Effect, Header, Input, Places, SEND_MARGIN_MS};

/// The timers as last armed, so that only a change re-arms them.
#[derive(Default)]
struct Armed {
    refresh: Option<f64>,
    expiry: Option<(f64, u64)>,
}

/// The decisions of one client (see the module docs).
pub struct Coordinator {
    pub(super) session: Session,
    pub(super) schedule: RefreshSchedule,
    pub(super) places: Places,
    /// There is a page: timers run, tabs talk, the page wakes up.
    pub(super) on_page: bool,
    pub(super) hidden: bool,
    /// The tab channel's name, while open.
    pub(super) channel: Option<String>,
    /// How many callers wait for a refresh outcome.
    pub(super) waiting: u32,
    /// A page load's restore from elsewhere runs.
    pub(super) restoring: bool,
    pub(super) closed: bool,
    pub(super) renews_heard: u64,
    /// How many `refreshToken()` calls wait: they tell their own callbacks.
    manual: u32,
    /// The generation whose expiry is still to be announced.
    expiry_due: Option<u64>,
    /// Bumped with every event.
    pub(super) version: u64,
    /// The jitter draw of the scheduled refresh, drawn again with each new token.
    jitter: f64,
    /// When the last attempt started.
    last_attempt: Option<f64>,
    /// The generation the running attempt started in.
    started: u64,
    armed: Armed,
}

/// The effects of one step, and its clock.
pub(super) struct Step {
    pub(super) effects: Vec<Effect>,
    /// What tells the app (events, callbacks): carried out after everything else.
    told: Vec<Effect>,
    pub(super) now: f64,
    pub(super) random: f64,
}

impl Step {
    pub(super) fn push(&mut self, effect: Effect) {
        match effect {
            Effect::Emit(_) | Effect::TellRefresh(_) => self.told.push(effect),
            effect => self.effects.push(effect),
        }
    }
}

impl Coordinator {
    /// A coordinator of `session`; `on_page`: there is a page (not Node or a worker).
    pub fn new(session: Session, on_page: bool, hidden: bool) -> Coordinator {
        Coordinator {
            session,
            schedule: RefreshSchedule::default(),
            places: Places::default(),
            on_page,
            hidden,
            channel: None,
            waiting: 0,
            restoring: false,
            closed: false,
            renews_heard: 0,
            manual: 0,
            expiry_due: None,
            version: 0,
            jitter: 0.5,
            last_attempt: None,
            started: 0,
            armed: Armed::default(),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        self.session.config()
    }

    /// The session, to read.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The held token as the app sees it.
    pub fn token(&self) -> Option<Token> {
        self.session.token().map(|t| t.view())
    }

    /// A page load's restore runs (the snapshot says `loading`).
    pub fn restoring(&self) -> bool {
        self.restoring
    }

    /// A number that changes with every event.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Why the last refresh failed, while retrying.
    pub fn last_error(&self) -> Option<&AuthError> {
        self.schedule.last_error()
    }

    /// Whether `status` asks for a refresh and a replay.
    pub fn is_retry_status(&self, status: u16) -> bool {
        self.config().retry_statuses.contains(&status)
    }

    /// Decides about `input` at `now`, with `random` in `[0, 1)` for jitter.
    pub fn handle(&mut self, input: Input<'_>, now: f64, random: f64) -> Vec<Effect> {
        let mut step = Step {
            effects: Vec::new(),
            told: Vec::new(),
            now,
            random,
        };
        let hot = matches!(input, Input::Call(_));
        self.take(input, &mut step);
        // A call that goes at once changes nothing: the timers stay as they are.
        if !(hot && matches!(step.effects.as_slice(), [Effect::Send(_)])) {
            self.arm_timers(&mut step);
        }
        // The app's code runs last: what it does in a listener is a step of its own, which
        // must not be overtaken by this step's timers.
        step.effects.append(&mut step.told);
        step.effects
    }

    fn take(&mut self, input: Input<'_>, step: &mut Step) {
        match input {
            Input::Start(places) => {
                self.places = places;
                self.start(step);
            }
            Input::Configure(config, store, places) => self.configure(*config, store, places, step),
            Input::Prefix(prefix, places) => {
                let mut config = self.config().clone();
                config.prefix = prefix;
                // The storage place is unchanged, so this moves nothing and emits nothing.
                self.session.reconfigure(config, None);
                self.places = places;
            }
            Input::Call(url) => self.call(url, step),
            Input::Answered {
                status,
                sent,
                replayed,
            } => self.answered(status, sent, replayed, step),
            Input::Wait => self.wait(step),
            Input::GaveUp { ms, call } => self.gave_up(ms, call, step),
            Input::RefreshTimer => {
                self.armed.refresh = None;
                // A timer may fire a moment early by the wall clock: then it is armed again.
                self.try_start(step);
            }
            Input::ExpiryTimer(generation) => {
                self.armed.expiry = None;
                self.expired(generation, step);
            }
            Input::WakeUp { hidden } => {
                self.hidden = hidden;
                self.woken(step);
            }
            Input::AccessToken => {
                if !self.hidden && self.overdue(step.now) {
                    self.try_start(step);
                }
            }
            Input::Locked(slot) => self.locked(slot, step),
            Input::LockTimedOut(ms) => self.attempted(failed(AuthError::Timeout(ms)), step),
            Input::RefreshAnswer(grant, answer) => {
                let settled = match answer {
                    Ok(reply) => self.session.accept(grant, reply, step.now),
                    Err(e) => failed(e),
                };
                step.push(Effect::Unlock);
                self.attempted(settled, step);
            }
            Input::LoginAnswer(answer) => {
                let (outcome, events) = match answer {
                    Ok(reply) => self.session.accept(Grant::Login, reply, step.now),
                    Err(e) => (Err(e), Vec::new()),
                };
                self.dispatch(events, true, step);
                step.push(Effect::Settled(outcome));
            }
            Input::Load(fields, loaded_at) => {
                let (outcome, events) = self.session.load(fields, step.now, loaded_at);
                self.dispatch(events, true, step);
                step.push(Effect::Settled(outcome));
            }
            Input::Logout => {
                if self.session.token().is_some() {
                    step.push(Effect::Revoke(self.session.logout_body()));
                }
                let events = self.session.logout(LogoutReason::User);
                self.dispatch(events, true, step);
            }
            Input::Manual(starts) => match starts {
                true => self.manual += 1,
                false => self.manual = self.manual.saturating_sub(1),
            },
            Input::Tab(message) => self.heard(message, step),
            Input::AskTimedOut { generation, heard } => {
                let expired = self
                    .session
                    .token()
                    .is_some_and(|t| is_expired(t, step.now));
                let current = self.session.generation() == generation;
                if current && self.renews_heard == heard && expired {
                    let events = self.session.logout(LogoutReason::OtherTab);
                    self.dispatch(events, false, step);
                }
            }
            Input::StorageChanged(key) => self.storage_changed(key, step),
            Input::Asked => self.asked(step),
            Input::Announce(events) => self.dispatch(events, true, step),
            Input::Close => {
                self.closed = true;
                self.restoring = false;
                self.expiry_due = None;
                self.connect(step);
                self.wake(Err(AuthError::NotLoggedIn), step);
            }
        }
    }

    /// The delay of a timer for `at`, from `now`.
    pub fn delay(at: f64, now: f64) -> u32 {
        delay_until(at, now)
    }
}

/// A refresh that got no usable answer: the session is kept.
fn failed(error: AuthError) -> Settled {
    (Err(error.clone()), vec![Event::RefreshError(error)])
}

#[cfg(test)]
mod tests;
