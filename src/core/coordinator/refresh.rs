//! The coordinator's decisions about the refresh: when an attempt starts (the timer, a
//! wake-up, a caller), what it does under the cross-tab lock, what its outcome means for the
//! schedule, the waiters and the app, and when the timers fire next.

use super::{Coordinator, Effect, Step};
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::retry_record::RetryRecord;
use crate::core::schedule::{is_expired, Phase, RefreshPolicy};
use crate::core::session::Settled;
use crate::core::tab_message::TabMessage;

impl Coordinator {
    /// Whether a wake-up, `accessToken()` or a call should start an attempt now.
    pub(super) fn overdue(&self, now: f64) -> bool {
        let c = self.config();
        self.session.token().is_some_and(|t| {
            self.schedule
                .is_overdue(t, &RefreshPolicy::of(c), c.auto_refresh_token, now)
        })
    }

    /// Starts an attempt if one may start now. Returns whether one is running.
    pub(super) fn try_start(&mut self, step: &mut Step) -> bool {
        if self.schedule.phase() == Phase::InFlight {
            return true;
        }
        let renewable = self.session.token().is_some() && self.session.can_refresh();
        if self.closed || !renewable || !self.schedule.may_start(step.now) {
            return false;
        }
        self.begin(step);
        true
    }

    /// Starts an attempt (or, in cookie mode, the restore's refresh): the lock first.
    pub(super) fn begin(&mut self, step: &mut Step) {
        self.schedule.start(step.now);
        self.last_attempt = Some(step.now);
        self.started = self.session.generation();
        let c = self.config();
        let key = &c.token.storage_key;
        let name = c.locks_refresh().then(|| format!("wasm-auth-client:{key}"));
        let slot = self.shared_slot();
        let wait = c.timeout.saturating_add(5_000);
        step.push(Effect::Lock { name, wait, slot });
    }

    /// A wake-up: the attempt a late timer should have started starts now; a retry waiting
    /// for its slot goes at once when the last attempt is over a second old.
    pub(super) fn woken(&mut self, step: &mut Step) {
        if self.hidden || self.session.token().is_none() {
            return;
        }
        let stale = self.last_attempt.is_some_and(|at| step.now - at >= 1_000.0);
        if matches!(self.schedule.phase(), Phase::Retrying { .. }) && stale {
            self.schedule.retry_now(step.now);
        }
        if self.overdue(step.now) {
            self.try_start(step);
        }
    }

    /// The key of the retry slot shared with the other tabs, when they share the session.
    pub(super) fn shared_slot(&self) -> Option<String> {
        let c = self.config();
        let shared = c.token_storage() == crate::core::config::StorageKind::Local;
        (shared && c.cross_tab_lock)
            .then(|| crate::core::retry_record::slot_key(&c.token.storage_key))
    }

    /// The attempt holds the lock: another tab's result may already be in storage.
    pub(super) fn locked(&mut self, slot: Option<RetryRecord>, step: &mut Step) {
        if self.config().locks_refresh() {
            let adopted = self.session.adopt_stored();
            // Another tab refreshed (or logged in or out) while this one waited, either seen
            // just now or already adopted from its storage event: nothing left to do.
            if self.session.generation() != self.started {
                let held = self.session.token().is_some();
                step.push(Effect::Unlock);
                let outcome = held.then_some(()).ok_or(AuthError::NotLoggedIn);
                return self.attempted((outcome, adopted), step);
            }
            // Else all it can have seen is a storage failure: told now, the refresh goes on.
            self.dispatch(adopted, true, step);
            // Another tab already tried in this retry slot, and failed: wait for the next.
            if let Some(slot) = slot.filter(|slot| slot.at > step.now) {
                step.push(Effect::Unlock);
                self.schedule.follow(slot.at, slot.failures, slot.error());
                let error = slot.error();
                self.wake(Err(error.clone()), step);
                return self.tell_configured(Err(error), step);
            }
        }
        match self.session.refresh_request() {
            Ok((body, grant)) => step.push(Effect::PostRefresh(body, grant)),
            Err(e) => {
                step.push(Effect::Unlock);
                self.attempted((Err(e), Vec::new()), step)
            }
        }
    }

    /// An attempt ended so: the schedule (shared with the other tabs when they share the
    /// session), the waiters, the events and the configured callbacks.
    pub(super) fn attempted(&mut self, (outcome, events): Settled, step: &mut Step) {
        if self.restoring {
            // The restore's own refresh: refused (no cookie, or a dead one) is simply logged
            // out, and so is a failure: there was no session to keep, so no error to show.
            self.schedule.reset();
            let events = events
                .into_iter()
                .filter(|e| !matches!(e, Event::RefreshError(_)))
                .collect();
            return self.restored(events, step);
        }
        match &outcome {
            Err(e) if e.is_transient() && self.session.token().is_some() => {
                let waiting = self.waiting > 0;
                self.schedule
                    .failed(e.clone(), step.now, step.random, waiting);
            }
            _ => self.schedule.reset(),
        }
        if let Some(key) = self.shared_slot() {
            let record = match (self.schedule.phase(), self.schedule.last_error()) {
                (Phase::Retrying { at }, Some(e)) => {
                    Some(RetryRecord::new(at, self.schedule.failures(), e))
                }
                _ => None,
            };
            step.push(Effect::WriteSlot(key, record));
        }
        self.wake(outcome.clone(), step);
        self.dispatch(events, true, step);
        self.tell_configured(outcome, step);
    }

    /// The configured callbacks hear of automatic refreshes; a `refreshToken()` call hears of
    /// its own.
    /// Only a success or a failure that ends the session is told: a transient one is ridden
    /// out (an app whose `refreshToken.fail` logs out must not do so in an outage).
    pub(super) fn tell_configured(&mut self, outcome: Result<(), AuthError>, step: &mut Step) {
        let told = outcome.as_ref().err().is_none_or(|e| !e.is_transient());
        if self.manual == 0 && told {
            step.push(Effect::TellRefresh(outcome));
        }
    }

    pub(super) fn wake(&mut self, outcome: Result<(), AuthError>, step: &mut Step) {
        self.waiting = 0;
        step.push(Effect::Wake(outcome));
    }

    /// Emits `token_expired` if the token of `generation` is still held, and expired; a tab
    /// that cannot renew it asks the one that can instead.
    pub(super) fn expired(&mut self, generation: u64, step: &mut Step) {
        self.expiry_due = None;
        let expired = self.session.generation() == generation
            && self
                .session
                .token()
                .is_some_and(|t| is_expired(t, step.now));
        if expired && !self.renew_or_end(step) {
            self.dispatch(vec![Event::TokenExpired], true, step);
        }
    }

    /// Dispatches events (`announce`: of this tab's own doing, so the other tabs hear of them):
    /// the schedule first, then the effect that tells the app.
    pub(super) fn dispatch(&mut self, events: Vec<Event>, announce: bool, step: &mut Step) {
        if events.is_empty() {
            return;
        }
        for e in &events {
            match e {
                Event::Login | Event::Restore | Event::Refresh => {
                    if announce {
                        self.share(step);
                    }
                    self.schedule.reset();
                    self.jitter = step.random;
                }
                Event::Logout(reason) => {
                    if announce && *reason != LogoutReason::OtherTab {
                        self.post(TabMessage::Logout, step);
                    }
                    self.schedule.reset();
                    self.wake(Err(AuthError::NotLoggedIn), step);
                }
                _ => {}
            }
        }
        self.version += 1;
        step.push(Effect::Emit(events));
    }

    /// Arms the timers for what the schedule says next (see the README's "Refresh").
    pub(super) fn arm_timers(&mut self, step: &mut Step) {
        let now = step.now;
        let generation = self.session.generation();
        let token = self.session.token();
        let awake = self.schedule.last_error().is_some() || self.holds_refresh() || !self.hidden;
        let c = self.session.config();
        let refresh = match token {
            // An access token another tab shared is renewed by that tab.
            Some(t) if !self.closed && awake && self.session.can_refresh() => {
                self.schedule.timer_at(
                    t,
                    &RefreshPolicy::of(c),
                    c.auto_refresh_token && self.on_page,
                    self.waiting > 0,
                    self.jitter,
                )
            }
            _ => None,
        };
        let expired = token.is_some_and(|t| is_expired(t, now));
        let missed = expired && self.expiry_due == Some(generation);
        let expiry = token
            .and_then(|t| t.expires_at())
            .filter(|at| !self.closed && *at > now && self.on_page)
            .map(|at| (at, generation));
        self.expiry_due = expiry.map(|_| generation);
        if self.armed.refresh != refresh && self.schedule.phase() != Phase::InFlight {
            self.armed.refresh = refresh;
            step.push(Effect::ArmRefresh(refresh));
        } else if self.schedule.phase() == Phase::InFlight && self.armed.refresh.is_some() {
            self.armed.refresh = None;
            step.push(Effect::ArmRefresh(None));
        }
        if self.armed.expiry != expiry {
            self.armed.expiry = expiry;
            step.push(Effect::ArmExpiry(expiry));
        }
        if missed {
            self.expired(generation, step);
        }
    }
}
