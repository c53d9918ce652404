//! The client's operations on its shared state: what [`crate::AuthClient`]'s methods do, kept
//! on `Rc<Inner>` so that the JS facade's Promises can own a handle.

use crate::browser::callbacks::{call, Answered};
use crate::browser::env::{now, page_hidden};
use crate::browser::http::{auth_post, post_json, AuthAnswer, AuthPost, BodyTransform};
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

/// A login as the app asked for it.
pub(crate) struct LoginRequest {
    pub(crate) username: String,
    pub(crate) password: String,
    /// The call's own auth URL (relative to the prefix), instead of the configured one.
    pub(crate) url: Option<String>,
    /// The call's own body transform, instead of `login.data`.
    pub(crate) data: Option<BodyTransform>,
    /// The call has a `success` or `fail` of its own: the configured ones are not called.
    pub(crate) own_callbacks: bool,
}

/// What a login ends with.
pub(crate) type LoginResult = Result<Token, AuthError>;

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

    /// Logs in (see [`crate::AuthClient::login`]), then calls the configured `login.success`
    /// or `login.fail` unless the call brings callbacks of its own (they replace them, as in
    /// `@netuno/auth-client`).
    pub(crate) async fn login(self: &Rc<Self>, request: LoginRequest) -> Answered<LoginResult> {
        let own_callbacks = request.own_callbacks;
        let (value, answer) = match self.try_login(&request).await {
            Ok((token, answer)) => (Ok(token), Some(answer)),
            Err((error, answer)) => (Err(error), answer),
        };
        if !own_callbacks {
            let callbacks = self.state.borrow().callbacks.clone();
            match &value {
                Ok(token) => call(
                    &callbacks.login_success,
                    &Answered {
                        value: token.clone(),
                        answer: answer.clone(),
                    },
                ),
                Err(e) => call(
                    &callbacks.login_fail,
                    &Answered {
                        value: e.clone(),
                        answer: answer.clone(),
                    },
                ),
            }
        }
        Answered { value, answer }
    }

    /// A login that failed before it was sent (bad arguments): the configured `login.fail`
    /// hears of it too, unless the call brings callbacks of its own.
    pub(crate) fn login_refused(
        &self,
        error: AuthError,
        own_callbacks: bool,
    ) -> Answered<LoginResult> {
        if !own_callbacks {
            let callbacks = self.state.borrow().callbacks.clone();
            let value = Answered {
                value: error.clone(),
                answer: None,
            };
            call(&callbacks.login_fail, &value);
        }
        Answered {
            value: Err(error),
            answer: None,
        }
    }

    async fn try_login(
        self: &Rc<Self>,
        request: &LoginRequest,
    ) -> Result<(Token, AuthAnswer), (AuthError, Option<AuthAnswer>)> {
        self.follow_prefix();
        for (field, value) in [
            ("username", &request.username),
            ("password", &request.password),
        ] {
            if value.is_empty() {
                let error = AuthError::invalid_argument(field, "must not be empty");
                return Err((error, None));
            }
        }
        let linked = self.linked_defaults();
        let page = page_url();
        let (url, body, how, keys, configured) = {
            let s = self.state.borrow();
            let c = s.session.config();
            let body = s.session.login_body(&request.username, &request.password);
            let url = match &request.url {
                Some(url) => crate::core::url::join_at(&c.prefix, url, page.as_ref()),
                None => c.auth_url_at(page.as_ref()),
            };
            let configured = s.callbacks.login_data.clone();
            (url, body, auth_post(c, linked), c.token.clone(), configured)
        };
        let transform = request.data.as_ref().or(configured.as_ref());
        let answer = post_json(&url, &body, how, transform)
            .await
            .map_err(|e| (e, None))?;
        let (result, events) = {
            let mut s = self.state.borrow_mut();
            s.session.accept(Grant::Login, reply(&answer, &keys), now())
        };
        self.emit(events);
        match result.and_then(|()| self.token_view().ok_or(AuthError::NotLoggedIn)) {
            Ok(token) => Ok((token, answer)),
            Err(e) => Err((e, Some(answer))),
        }
    }

    /// Exchanges the refresh token (see [`crate::AuthClient::refresh_token`]), then calls the
    /// configured `refreshToken.success` or `refreshToken.fail` unless the call brings
    /// callbacks of its own. With the auth endpoint's answer, when this call's attempt got one.
    pub(crate) async fn refresh(self: &Rc<Self>, own_callbacks: bool) -> Answered<LoginResult> {
        // A tab that cannot renew its token waits for the one that does, within the timeout.
        let ms = {
            let mut s = self.state.borrow_mut();
            s.manual_refreshes += 1;
            (!s.session.can_refresh()).then(|| s.session.config().timeout)
        };
        let wake = self.next_outcome(ms.map(f64::from)).await;
        let (answer, callbacks) = {
            let mut s = self.state.borrow_mut();
            s.manual_refreshes -= 1;
            (s.last_answer.clone(), s.callbacks.clone())
        };
        let value = match wake {
            Wake::Done(Ok(())) => self.token_view().ok_or(AuthError::NotLoggedIn),
            Wake::Done(Err(e)) => Err(e),
            Wake::Deadline => Err(AuthError::Timeout(ms.unwrap_or_default())),
        };
        let answered = Answered { value, answer };
        if !own_callbacks {
            match &answered.value {
                Ok(token) => call(
                    &callbacks.refresh_success,
                    &Answered {
                        value: token.clone(),
                        answer: answered.answer.clone(),
                    },
                ),
                Err(e) => call(
                    &callbacks.refresh_fail,
                    &Answered {
                        value: e.clone(),
                        answer: answered.answer.clone(),
                    },
                ),
            }
        }
        answered
    }

    /// Ends the session at the user's request, at once; with `logout.url` the server is told
    /// too (the refresh token revoked), without waiting for its answer.
    pub(crate) fn logout(self: &Rc<Self>) {
        self.follow_prefix();
        let linked = self.linked_defaults();
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
                    ..auth_post(c, linked)
                };
                (url, s.session.logout_body(), how)
            });
            (s.session.logout(LogoutReason::User), announce)
        };
        self.emit(events);
        if let Some((url, body, how)) = announce {
            // Whatever it answers, or if it never does, the session here is over.
            spawn_local(async move {
                let _ = post_json(&url, &body, how, None).await;
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
