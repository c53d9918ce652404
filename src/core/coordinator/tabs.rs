//! The coordinator's decisions about where a session comes from besides a login: the stored
//! one at start, a new configuration, the other tabs (their messages, their writes to shared
//! storage, the holder of the refresh token renewing a shared token) and a page load's restore
//! from the other tabs or the refresh cookie.

use super::{Coordinator, Effect, Places, Step};
use crate::core::config::{Config, StorageKind};
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::store::TokenStore;
use crate::core::tab_message::TabMessage;

impl Coordinator {
    /// The client starts: the stored session is announced a moment later (so that listeners
    /// subscribed right after hear it), and a restore from elsewhere starts if there is none.
    pub(super) fn start(&mut self, step: &mut Step) {
        self.jitter = step.random;
        let mut found = self.session.restore();
        self.connect(step);
        if !self.restore_elsewhere(step) {
            found.push(Event::Ready);
        }
        step.push(Effect::EmitSoon(found));
    }

    /// Takes up a new configuration. A session found at a new storage place is announced a
    /// moment later, like one found on load; a restore from elsewhere runs again only when
    /// where a session could be found changed.
    pub(super) fn configure(
        &mut self,
        config: Config,
        store: Option<Box<dyn TokenStore>>,
        places: Places,
        step: &mut Step,
    ) {
        let elsewhere = |c: &Config| {
            let tabs = c.shares_tabs().then(|| c.token.storage_key.clone());
            (tabs, c.cookie_mode().then(|| c.refresh_url()))
        };
        let look_again = elsewhere(&config) != elsewhere(self.config());
        let events = self.session.reconfigure(config, store);
        self.places = places;
        let (restored, now): (Vec<Event>, Vec<Event>) =
            events.into_iter().partition(|e| *e == Event::Restore);
        self.dispatch(now, true, step);
        if !restored.is_empty() {
            step.push(Effect::EmitSoon(restored));
        }
        self.connect(step);
        if look_again {
            self.restore_elsewhere(step);
        }
    }

    /// Opens the channel the configuration asks for (closing one it no longer does), in a
    /// page only: outside one an open channel would keep the process alive.
    pub(super) fn connect(&mut self, step: &mut Step) {
        let c = self.config();
        let wanted = (c.shares_tabs() && !self.closed && self.on_page)
            .then(|| format!("wasm-auth-client:{}", c.token.storage_key));
        if self.channel != wanted {
            self.channel = wanted.clone();
            step.push(Effect::Connect(wanted));
        }
    }

    /// Posts `message` to the other tabs, if the channel is open.
    pub(super) fn post(&self, message: TabMessage, step: &mut Step) {
        if self.channel.is_some() {
            step.push(Effect::Post(message));
        }
    }

    /// Tells the other tabs the held access token (never the refresh token).
    pub(super) fn share(&self, step: &mut Step) {
        if let Some(token) = self.session.shared() {
            self.post(TabMessage::Token(token), step);
        }
    }

    /// Whether this tab holds the refresh token of a session it shares (outside cookie mode,
    /// where every tab can refresh through the cookie).
    pub(super) fn holds_refresh(&self) -> bool {
        self.channel.is_some() && self.session.can_refresh() && !self.config().cookie_mode()
    }

    /// This tab holds an access token it cannot renew (another tab shared it) and needs a new
    /// one: it asks the tab that holds the refresh token. If no tab says it does and the token
    /// has expired, the session is over here (see [`super::Input::AskTimedOut`]). Returns
    /// whether it asked.
    pub(super) fn renew_or_end(&mut self, step: &mut Step) -> bool {
        let Some(t) = self.session.token().filter(|_| !self.session.can_refresh()) else {
            return false;
        };
        self.post(TabMessage::Renew(t.loaded_at), step);
        step.push(Effect::AwaitRenewal {
            generation: self.session.generation(),
            heard: self.renews_heard,
        });
        true
    }

    /// A message from another tab.
    pub(super) fn heard(&mut self, message: TabMessage, step: &mut Step) {
        if self.closed {
            return;
        }
        match message {
            // Another tab needs a new token in place of the one loaded at `theirs`: the holder
            // says it renews it, and does; if it holds a newer one already, that goes instead.
            TabMessage::Renew(theirs) if self.holds_refresh() => {
                self.post(TabMessage::Renews, step);
                let newer = self.session.token().is_some_and(|t| t.loaded_at > theirs);
                if newer {
                    self.share(step);
                } else {
                    // Its `Token` goes out once the refresh is done (or its retry).
                    self.try_start(step);
                }
            }
            TabMessage::Renew(_) => {}
            TabMessage::Ask => self.share(step),
            TabMessage::Token(token) => {
                let restoring = self.restoring;
                let events = self.session.adopt_shared(token, restoring);
                if events.is_empty() {
                    return;
                }
                // A refresh this tab waited for (or its restore) is done.
                self.wake(Ok(()), step);
                self.dispatch(events, false, step);
                if restoring {
                    self.restored(Vec::new(), step);
                }
            }
            TabMessage::Logout => {
                let events = self.session.logout(LogoutReason::OtherTab);
                self.dispatch(events, false, step);
            }
            TabMessage::Renews => self.renews_heard += 1,
        }
    }

    /// Another tab wrote shared storage: its refresh, login or logout is taken up.
    pub(super) fn storage_changed(&mut self, key: Option<String>, step: &mut Step) {
        let c = self.config();
        let ours = c.token_storage() == StorageKind::Local
            && key.as_deref() == Some(c.token.storage_key.as_str());
        if ours && !self.closed {
            let events = self.session.adopt_stored();
            self.dispatch(events, true, step);
        }
    }

    /// Starts the restore from elsewhere when the configuration has one (tabs share the
    /// session, or cookie mode) and no session is held: the other tabs are asked first, then
    /// the cookie is tried. Until it ends the snapshot says `loading`. Returns whether it
    /// started.
    pub(super) fn restore_elsewhere(&mut self, step: &mut Step) -> bool {
        let c = self.config();
        let (ask, cookie) = (c.shares_tabs(), c.cookie_mode());
        let wanted = (ask || cookie)
            && self.session.token().is_none()
            && !self.restoring
            && !self.closed
            && self.on_page;
        if !wanted {
            return false;
        }
        self.restoring = true;
        // The snapshot says `loading` from now on.
        self.version += 1;
        if ask {
            self.post(TabMessage::Ask, step);
            step.push(Effect::AwaitAnswer);
        } else {
            self.asked(step);
        }
        true
    }

    /// The other tabs had their time: in cookie mode, with still no session, the cookie is
    /// tried (a refresh that it authenticates); else the restore is over.
    pub(super) fn asked(&mut self, step: &mut Step) {
        if !self.restoring {
            return;
        }
        if self.config().cookie_mode() && self.session.token().is_none() {
            self.begin(step);
        } else {
            self.restored(Vec::new(), step);
        }
    }

    /// The restore is over, having found `events`; `ready` follows whatever it found.
    pub(super) fn restored(&mut self, mut events: Vec<Event>, step: &mut Step) {
        self.restoring = false;
        let held = self.session.token().is_some();
        self.wake(held.then_some(()).ok_or(AuthError::NotLoggedIn), step);
        events.push(Event::Ready);
        self.dispatch(events, true, step);
    }
}
