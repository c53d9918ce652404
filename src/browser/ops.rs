//! The client's operations on its shared state: what [`crate::AuthClient`]'s methods do, kept
//! on `Rc<Inner>` so that the JS facade's Promises can own a handle.

use crate::browser::callbacks::call;
use crate::browser::env::{now, page_hidden};
use crate::browser::http::{auth_post, post_json, AuthPost};
use crate::browser::reply::reply;
use crate::browser::service::page_url;
use crate::browser::snapshot::{Snapshot, Status};
use crate::browser::state::{check_origins, Inner, Wake};
use crate::browser::storage;
use crate::browser::tab_channel;
use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::event::{Event, LogoutReason};
use crate::core::schedule::is_expired;
use crate::core::session::Grant;
use crate::core::token::{Token, TokenFields};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

impl Inner {
    /// Takes up a new configuration, validated first: nothing changes on an error. A session
    /// found at a new storage place is announced on a zero-delay timer, like one found on load;
    /// a restore from elsewhere runs again only when where a session could be found changed.
    pub(crate) fn apply(self: &Rc<Self>, config: Config) -> Result<(), AuthError> {
        config.validate()?;
        check_origins(&config)?;
        // Where a restore from the other tabs or the cookie looks.
        let elsewhere = |c: &Config| {
            let tabs = c.shares_tabs().then(|| c.token.storage_key.clone());
            (tabs, c.cookie_mode().then(|| c.refresh_url()))
        };
        let (events, look_again) = {
            let mut s = self.state.borrow_mut();
            let look_again = elsewhere(&config) != elsewhere(s.session.config());
            let moved = config.token_storage() != s.session.config().token_storage();
            let store = moved.then(|| storage::open(config.token_storage()));
            let events = s.session.reconfigure(config, store);
            s.locate();
            (events, look_again)
        };
        let (restored, now_events): (Vec<Event>, Vec<Event>) =
            events.into_iter().partition(|e| *e == Event::Restore);
        self.emit(now_events);
        self.emit_soon(restored);
        tab_channel::connect(self);
        if look_again {
            self.restore_elsewhere();
        }
        // `autoRefreshToken`, `refreshLead` or `refreshJitter` may have changed.
        self.rearm();
        Ok(())
    }

    /// The held token as `token()` shows it.
    pub(crate) fn token_view(&self) -> Option<Token> {
        self.state.borrow().session.token().map(|t| t.view())
    }

    /// Logs in (see [`crate::AuthClient::login`]), then calls `login.success` or `login.fail`.
    pub(crate) async fn login(
        self: &Rc<Self>,
        username: &str,
        password: &str,
    ) -> Result<Token, AuthError> {
        let result = self.try_login(username, password).await;
        let callbacks = self.state.borrow().callbacks.clone();
        match &result {
            Ok(token) => call(&callbacks.login_success, token),
            Err(e) => call(&callbacks.login_fail, e),
        }
        result
    }

    /// A login that failed before it was sent (bad arguments): `login.fail` hears of it too.
    pub(crate) fn login_failed(&self, error: AuthError) -> Result<Token, AuthError> {
        let callbacks = self.state.borrow().callbacks.clone();
        call(&callbacks.login_fail, &error);
        Err(error)
    }

    async fn try_login(
        self: &Rc<Self>,
        username: &str,
        password: &str,
    ) -> Result<Token, AuthError> {
        self.follow_prefix();
        for (field, value) in [("username", username), ("password", password)] {
            if value.is_empty() {
                return Err(AuthError::invalid_argument(field, "must not be empty"));
            }
        }
        let page = page_url();
        let (url, body, how, keys) = {
            let s = self.state.borrow();
            let c = s.session.config();
            let body = s.session.login_body(username, password);
            let url = c.auth_url_at(page.as_ref());
            (url, body, auth_post(c), c.token.clone())
        };
        let answer = post_json(&url, &body, how).await?;
        let (result, events) = {
            let mut s = self.state.borrow_mut();
            s.session.accept(Grant::Login, reply(answer, &keys), now())
        };
        self.emit(events);
        result?;
        self.token_view().ok_or(AuthError::NotLoggedIn)
    }

    /// Exchanges the refresh token (see [`crate::AuthClient::refresh_token`]).
    pub(crate) async fn refresh(self: &Rc<Self>) -> Result<Token, AuthError> {
        // A tab that cannot renew its token waits for the one that does, within the timeout.
        let ms = {
            let s = self.state.borrow();
            (!s.session.can_refresh()).then(|| s.session.config().timeout)
        };
        match self.next_outcome(ms.map(f64::from)).await {
            Wake::Done(Ok(())) => self.token_view().ok_or(AuthError::NotLoggedIn),
            Wake::Done(Err(e)) => Err(e),
            Wake::Deadline => Err(AuthError::Timeout(ms.unwrap_or_default())),
        }
    }

    /// Ends the session at the user's request, at once; with `logout.url` the server is told
    /// too (the refresh token revoked), without waiting for its answer.
    pub(crate) fn logout(self: &Rc<Self>) {
        self.follow_prefix();
        let page = page_url();
        let (events, announce) = {
            let mut s = self.state.borrow_mut();
            let c = s.session.config();
            let held = s.session.token().is_some();
            let announce = c.logout_url_at(page.as_ref()).filter(|_| held).map(|url| {
                let how = AuthPost {
                    limit: 0,
                    // An app navigates away right after a logout (`location.assign('/')`):
                    // the request still goes, or in cookie mode the refresh cookie survives
                    // and the next page load restores the session.
                    keepalive: true,
                    ..auth_post(c)
                };
                (url, s.session.logout_body(), how)
            });
            (s.session.logout(LogoutReason::User), announce)
        };
        self.emit(events);
        if let Some((url, body, how)) = announce {
            // Whatever it answers, or if it never does, the session here is over.
            spawn_local(async move {
                let _ = post_json(&url, &body, how).await;
            });
        }
    }

    /// The access token unless it has expired; inside the refresh window it starts the
    /// refresh that a late timer has not started yet.
    pub(crate) fn access_token(self: &Rc<Self>) -> Option<String> {
        if !page_hidden() {
            let overdue = {
                let s = self.state.borrow();
                let c = s.session.config();
                s.session.token().is_some_and(|t| {
                    s.schedule
                        .is_overdue(t, &c.refresh_policy(), c.auto_refresh_token, now())
                })
            };
            if overdue {
                self.kick();
            }
        }
        let s = self.state.borrow();
        let t = s.session.token().filter(|t| !is_expired(t, now()))?;
        Some(t.access_token.secret().to_owned())
    }

    /// Loads a token response the app got elsewhere.
    pub(crate) fn load(
        self: &Rc<Self>,
        (fields, loaded_at): &(TokenFields, Option<f64>),
    ) -> Result<Token, AuthError> {
        let (result, events) = self
            .state
            .borrow_mut()
            .session
            .load(fields, now(), *loaded_at);
        self.emit(events);
        result?;
        self.token_view().ok_or(AuthError::NotLoggedIn)
    }

    /// The state at a glance, without `user` (the Rust API decodes the claims into it; the JS
    /// facade puts the whole payload there instead).
    pub(crate) fn snapshot(&self) -> Snapshot {
        let s = self.state.borrow();
        let token = s.session.token();
        let status = match token {
            None if s.restoring => Status::Loading,
            None => Status::LoggedOut,
            Some(t) if is_expired(t, now()) => Status::Refreshing,
            Some(_) => Status::LoggedIn,
        };
        Snapshot {
            status,
            logged_in: token.is_some(),
            user: None,
            expires_at: token.and_then(|t| t.expires_at()),
            token_type: token.map(|t| t.token_type.clone()),
            storage_degraded: s.session.is_storage_degraded(),
        }
    }

    /// Drops the timers, listeners, subscribers and callbacks; callers still waiting give up.
    pub(crate) fn close(&self) {
        let mut s = self.state.borrow_mut();
        s.closed = true;
        s.timer = None;
        s.expiry = None;
        s.expiry_due = None;
        s.deferred = (Vec::new(), None);
        s.page.clear();
        s.channel = None;
        s.restoring = false;
        s.listeners.clear();
        s.callbacks = Default::default();
        s.wake_all(&Err(AuthError::NotLoggedIn));
    }
}
