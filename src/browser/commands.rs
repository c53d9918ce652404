//! What [`crate::AuthClient`]'s methods do, each a step of the driver (or a few, around the
//! login request); kept on `Rc<Driver>` so that the JS facade's Promises can own a handle.

use crate::browser::callbacks::AuthAnswer;
use crate::browser::callbacks::{call, Answered};
use crate::browser::calls::{LoginRequest, LoginResult};
use crate::browser::driver::{places, Driver, Wake};
use crate::browser::env::{now, origin_of, page_url};
use crate::browser::http::{auth_post, post_json};
use crate::browser::snapshot::{Snapshot, Status};
use crate::browser::storage;
use crate::browser::token_fields::reply;
use crate::browser::waiter::Waiter;
use crate::core::config::Config;
use crate::core::coordinator::{Effect, Input};
use crate::core::error::AuthError;
use crate::core::schedule::is_expired;
use crate::core::token::{Token, TokenFields};
use std::rc::Rc;

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

/// What a login or a loaded token settled as.
fn settled(answers: Vec<Effect>) -> Result<(), AuthError> {
    answers
        .into_iter()
        .find_map(|answer| match answer {
            Effect::Settled(outcome) => Some(outcome),
            _ => None,
        })
        .unwrap_or(Err(AuthError::NotLoggedIn))
}

impl Driver {
    /// Takes up a new configuration, validated first: nothing changes on an error.
    pub(crate) fn apply(self: &Rc<Self>, config: Config) -> Result<(), AuthError> {
        config.validate()?;
        check_origins(&config)?;
        let moved = self.read(|c| config.token_storage() != c.config().token_storage());
        let store = moved.then(|| storage::open(config.token_storage()));
        let places = places(&config);
        self.step(Input::Configure(Box::new(config), store, places));
        Ok(())
    }

    /// The held token as `token()` shows it.
    pub(crate) fn token_view(&self) -> Option<Token> {
        self.read(|c| c.token())
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
            let callbacks = self.io.borrow().callbacks.clone();
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
        let (url, body, how, keys) = self.read(|c| {
            let body = c.session().login_body(&request.username, &request.password);
            let c = c.config();
            let url = match &request.url {
                Some(url) => crate::core::url::join_at(&c.prefix, url, page.as_ref()),
                None => c.auth_url_at(page.as_ref()),
            };
            (url, body, auth_post(c, linked), c.token.clone())
        });
        let configured = self.io.borrow().callbacks.login_data.clone();
        let transform = request.data.as_ref().or(configured.as_ref());
        let answer = post_json(&url, &body, how, transform)
            .await
            .map_err(|e| (e, None))?;
        let result = settled(self.step(Input::LoginAnswer(Ok(reply(&answer, &keys)))));
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
        self.step(Input::Manual(true));
        let ms = self.read(|c| (!c.session().can_refresh()).then(|| c.config().timeout));
        let wake = self.next_outcome(ms).await;
        self.step(Input::Manual(false));
        let (answer, callbacks) = {
            let io = self.io.borrow();
            (io.last_answer.clone(), io.callbacks.clone())
        };
        let value = match wake {
            Wake::Done(Ok(())) => self.token_view().ok_or(AuthError::NotLoggedIn),
            Wake::Done(Err(e)) => Err(e),
            Wake::Deadline => {
                let ms = ms.unwrap_or_default();
                self.step(Input::GaveUp { ms, call: false });
                Err(AuthError::Timeout(ms))
            }
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
        self.step(Input::Logout);
    }

    /// The access token unless it has expired; inside the refresh window it starts the
    /// refresh that a late timer has not started yet.
    pub(crate) fn access_token(self: &Rc<Self>) -> Option<String> {
        self.step(Input::AccessToken);
        self.read(|c| {
            let t = c.session().token().filter(|t| !is_expired(t, now()))?;
            Some(t.access_token.secret().to_owned())
        })
    }

    /// Loads a token response the app got elsewhere.
    pub(crate) fn load(
        self: &Rc<Self>,
        fields: &TokenFields,
        loaded_at: Option<f64>,
    ) -> Result<Token, AuthError> {
        settled(self.step(Input::Load(fields, loaded_at)))?;
        self.token_view().ok_or(AuthError::NotLoggedIn)
    }

    /// The state at a glance, without `user` (the Rust API decodes the claims into it; the JS
    /// facade puts the whole payload there instead).
    pub(crate) fn snapshot(&self) -> Snapshot {
        self.read(|c| {
            let token = c.session().token();
            let status = match token {
                None if c.restoring() => Status::Loading,
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
                storage_degraded: c.session().is_storage_degraded(),
            }
        })
    }

    /// Resolves once no restore runs.
    pub(crate) async fn restored(self: &Rc<Self>) {
        while self.read(|c| c.restoring()) {
            let (waiter, rx) = Waiter::new();
            self.io.borrow_mut().waiters.push(waiter);
            let _ = rx.await;
        }
    }

    /// Drops the timers, listeners, subscribers and callbacks; callers still waiting give up.
    pub(crate) fn close(self: &Rc<Self>) {
        self.step(Input::Close);
        self.io.replace(Default::default());
    }
}
