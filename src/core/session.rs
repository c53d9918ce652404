//! The login / refresh / logout state machine, free of I/O: the browser client performs the
//! HTTP calls and feeds the replies in; the session decides what they mean, what to store and
//! which events to emit.

use crate::core::config::Config;
use crate::core::error::{AuthError, ErrorBody};
use crate::core::event::{Event, LogoutReason};
use crate::core::params::{Param, Params};
use crate::core::store::{DegradingStore, Stored, TokenStore};
use crate::core::token::{
    implausible_lifetime_warning, validate_response, TokenFields, TokenResponse, TokenState,
    Validated,
};

/// Which request a reply answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Username and password.
    Login,
    /// Refresh token; carries the session generation it was started in.
    Refresh(u64),
    /// Cookie mode, on page load: a refresh the cookie authenticates, with no session held.
    /// Success restores the session; a refusal leaves it logged out, quietly.
    Restore(u64),
}

/// A JSON request body: the configured `params`, then the fields the request needs.
pub type Body = Params;

/// What the body of a reply from the auth endpoint turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyBody {
    /// A JSON body: its token fields and the server's own `error` code, if it sent one.
    Json {
        /// The members the configured keys point at (boxed: the other variants are empty).
        fields: Box<TokenFields>,
        /// The body's `error` member when it is a string (`invalid-credentials` ...).
        error: Option<String>,
        /// The body's `locked` member when it is a boolean (Netuno's lockout flag).
        locked: Option<bool>,
    },
    /// Not JSON, or not an object.
    NotJson,
    /// Larger than [`Config::max_response_bytes`]: refused without parsing.
    TooLarge,
}

/// An HTTP reply from the auth endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// What the body was.
    pub body: ReplyBody,
    /// The body as an error carries it, for a status that is not 2xx (`None` for a success:
    /// that body holds the tokens).
    pub error_body: Option<ErrorBody>,
}

/// The client's state: its configuration, the token it holds, and where that is stored.
pub struct Session {
    config: Config,
    token: Option<TokenState>,
    store: DegradingStore,
    /// Bumped whenever the held session ends or is replaced, so a refresh reply that arrives
    /// after a logout or a new login cannot resurrect the old session.
    generation: u64,
    /// Whether the app was told of an implausible token lifetime (it is told once).
    lifetime_warned: bool,
}

/// The outcome of a request fed back into the session, and the events it caused (the events
/// also come with an error).
pub type Settled = (Result<(), AuthError>, Vec<Event>);

impl Session {
    /// A logged-out session; call [`Session::restore`] to pick up a stored token.
    pub fn new(config: Config, store: Box<dyn TokenStore>) -> Self {
        Self {
            config,
            token: None,
            store: DegradingStore::new(store),
            generation: 0,
            lifetime_warned: false,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The token held, if logged in.
    pub fn token(&self) -> Option<&TokenState> {
        self.token.as_ref()
    }

    /// The current session generation (see [`Grant::Refresh`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the storage failed and the token lives in memory only.
    pub fn is_storage_degraded(&self) -> bool {
        self.store.is_degraded()
    }

    /// Replaces the configuration and, when given, the store; a held token moves to the new
    /// store (and key) so that switching `storage` does not log the user out, and without one
    /// the new place is searched for a stored session. New `token` keys name the stored
    /// record's members: a held token is written again by them, and without one the record
    /// is read again by them.
    pub fn reconfigure(
        &mut self,
        config: Config,
        store: Option<Box<dyn TokenStore>>,
    ) -> Vec<Event> {
        let old_key = self.config.token.storage_key.clone();
        let moved = store.is_some() || old_key != config.token.storage_key;
        let renamed = moved || self.config.token != config.token;
        let holding = self.token.is_some();
        let mut events = Vec::new();
        if moved && holding {
            events.extend(self.store.remove(&old_key).map(Event::StorageDegraded));
        }
        if let Some(store) = store {
            self.store = DegradingStore::new(store);
        }
        self.config = config;
        match (renamed, holding) {
            (true, true) => events.extend(self.persist()),
            // Logged out and pointed somewhere else, or told the keys of the record: a session
            // may be waiting there (the default client is created, and reads storage, before
            // the app configures `storage: 'local'` or its `token` keys).
            (true, false) => events.extend(self.restore()),
            (false, _) => {}
        }
        events
    }

    /// Loads the token kept in storage, if any: this SDK's record, its previous version's, or
    /// `@netuno/auth-client`'s (see [`crate::core::record`]). Data that is not a token is
    /// removed; a record the configured keys do not read is left for keys yet to come.
    pub fn restore(&mut self) -> Vec<Event> {
        let key = self.config.token.storage_key.clone();
        let (stored, failure) = self.store.read(&key, &self.config);
        let mut events: Vec<Event> = failure.map(Event::StorageDegraded).into_iter().collect();
        match stored {
            Some(Stored::Token(token)) => {
                self.token = Some(token);
                self.generation += 1;
                events.push(Event::Restore);
            }
            Some(Stored::Unreadable) => {
                events.extend(self.store.remove(&key).map(Event::StorageDegraded))
            }
            // Nothing (a record comes out of the read judged: a token, unreadable or nothing).
            Some(Stored::Record(_)) | None => {}
        }
        events
    }

    /// The JSON body of a login request.
    pub fn login_body(&self, username: &str, password: &str) -> Body {
        let keys = &self.config.login;
        let fields = vec![
            (keys.username_key.clone(), Param::Text(username.into())),
            (keys.password_key.clone(), Param::Text(password.into())),
        ];
        keys.params.with(fields)
    }

    /// The JSON body that announces a logout: the refresh token, if one is held (in cookie
    /// mode the cookie names the session instead).
    pub fn logout_body(&self) -> Body {
        let c = &self.config;
        self.refresh_body(&c.logout.params)
    }

    /// `params` and the held refresh token under `refreshToken.parameterKey`, if any.
    fn refresh_body(&self, params: &Params) -> Body {
        let key = &self.config.refresh_token.parameter_key;
        let held = self.token.as_ref().and_then(|t| t.refresh_token.as_ref());
        let fields = held.map(|r| (key.clone(), Param::Text(r.secret().into())));
        params.with(fields.into_iter().collect())
    }

    /// Whether this session can renew its token itself: it holds a refresh token, or cookie
    /// mode is on (the cookie is the refresh token). An access token another tab shared
    /// cannot: that tab renews it.
    pub fn can_refresh(&self) -> bool {
        self.config.cookie_mode()
            || self
                .token
                .as_ref()
                .is_some_and(|t| t.refresh_token.is_some())
    }

    /// The JSON body of a refresh request and the grant its reply must be fed back with: a
    /// [`Grant::Restore`] in cookie mode while no session is held.
    ///
    /// # Errors
    /// [`AuthError::NotLoggedIn`] when there is nothing to refresh with.
    pub fn refresh_request(&self) -> Result<(Body, Grant), AuthError> {
        let held = self.token.is_some();
        if !(self.can_refresh() && (held || self.config.cookie_mode())) {
            return Err(AuthError::NotLoggedIn);
        }
        let body = self.refresh_body(&self.config.refresh_token.params);
        let grant = if held {
            Grant::Refresh(self.generation)
        } else {
            Grant::Restore(self.generation)
        };
        Ok((body, grant))
    }

    /// Feeds the reply of a login or refresh in. Returns the outcome and the events to emit.
    pub fn accept(&mut self, grant: Grant, reply: Reply, now: f64) -> Settled {
        let outcome = self.classify(grant, &reply, now);
        match (grant, outcome) {
            (Grant::Refresh(generation) | Grant::Restore(generation), _)
                if generation != self.generation =>
            {
                // The session this refresh belonged to is gone (or another tab's arrived
                // meanwhile): the reply changes nothing.
                let held = self.token.is_some();
                (held.then_some(()).ok_or(AuthError::NotLoggedIn), Vec::new())
            }
            (_, Ok(token)) => {
                let event = match grant {
                    Grant::Login => Event::Login,
                    Grant::Refresh(_) => Event::Refresh,
                    Grant::Restore(_) => Event::Restore,
                };
                (Ok(()), self.hold(token, event))
            }
            (Grant::Login | Grant::Restore(_), Err(e)) => (Err(e), Vec::new()),
            (Grant::Refresh(_), Err(e @ AuthError::InvalidRefreshToken { .. })) => {
                // Another tab may have rotated the token under us: take its newer token
                // rather than log everyone out.
                let adopted = self.adopt_stored();
                if adopted.iter().any(|e| matches!(e, Event::Refresh)) {
                    (Ok(()), adopted)
                } else {
                    (Err(e), self.end(LogoutReason::RefreshRejected))
                }
            }
            (Grant::Refresh(_), Err(e)) => (Err(e.clone()), vec![Event::RefreshError(e)]),
        }
    }

    fn classify(&self, grant: Grant, reply: &Reply, now: f64) -> Result<Validated, AuthError> {
        let (fields, server_error, locked) = match &reply.body {
            ReplyBody::Json {
                fields,
                error,
                locked,
            } => (Some(fields.as_ref()), error.as_deref(), *locked),
            ReplyBody::NotJson | ReplyBody::TooLarge => (None, None, None),
        };
        let status = reply.status;
        let body = reply.error_body.clone();
        match (grant, status) {
            (_, 200..=299) if matches!(reply.body, ReplyBody::TooLarge) => {
                Err(AuthError::InvalidResponse(format!(
                    "the body is over {} bytes, the most a token response may be (4 × \
                     token.maxBytes, at least 64 KiB)",
                    self.config.max_response_bytes()
                )))
            }
            (_, 200..=299) => {
                let fields = fields.ok_or_else(|| {
                    AuthError::InvalidResponse("the body is not a JSON object".into())
                })?;
                let previous = match grant {
                    Grant::Refresh(_) => self.token.as_ref(),
                    Grant::Login | Grant::Restore(_) => None,
                };
                let response = TokenResponse {
                    fields,
                    received_at: now,
                    previous,
                };
                validate_response(response, &self.config)
            }
            (Grant::Login, 401 | 403) if server_error == Some("group-not-allowed") => {
                Err(AuthError::GroupNotAllowed { status, body })
            }
            (Grant::Login, 401 | 403) if locked == Some(true) => {
                Err(AuthError::AccountLocked { status, body })
            }
            (Grant::Login, 401 | 403) => Err(AuthError::InvalidCredentials { status, body }),
            (Grant::Login, 406) => Err(AuthError::LoginRejected { status, body }),
            // A 4xx on refresh is the server's "no"; 408 and 429 are only "not now".
            (Grant::Refresh(_) | Grant::Restore(_), 400..=499)
                if status != 408 && status != 429 =>
            {
                Err(AuthError::InvalidRefreshToken { status, body })
            }
            _ => Err(AuthError::HttpStatus {
                status,
                detail: server_error.map(str::to_owned),
                body,
            }),
        }
    }

    /// Loads a token the app got elsewhere (`token(args, newToken)`), validated like a login
    /// response except for the `result` flag, so that what `token()` returns loads too. A
    /// token that arrived before `now` (at `loaded_at`, as `token()` says) keeps its age: its
    /// lifetime runs from then.
    pub fn load(&mut self, fields: &TokenFields, now: f64, loaded_at: Option<f64>) -> Settled {
        let mut config = self.config.clone();
        config.token.result_key = None;
        let received_at = loaded_at
            .filter(|at| at.is_finite() && *at > 0.0)
            .map_or(now, |at| at.min(now));
        let response = TokenResponse {
            fields,
            received_at,
            previous: None,
        };
        match validate_response(response, &config) {
            Ok(validated) => (Ok(()), self.hold(validated, Event::Login)),
            Err(e) => (Err(e), Vec::new()),
        }
    }

    /// Holds a new token, stores it, and returns the events that say so (and, the first time,
    /// a warning about a lifetime that was ignored).
    fn hold(&mut self, validated: Validated, event: Event) -> Vec<Event> {
        let Validated {
            token,
            ignored_lifetime_ms,
        } = validated;
        self.token = Some(token);
        self.generation += 1;
        let mut events = vec![event];
        if let Some(ms) = ignored_lifetime_ms.filter(|_| !self.lifetime_warned) {
            self.lifetime_warned = true;
            events.push(Event::Warning(implausible_lifetime_warning(
                ms,
                &self.config,
            )));
        }
        events.extend(self.persist());
        events
    }

    /// Ends the session: forgets the token and clears the storage.
    pub fn logout(&mut self, reason: LogoutReason) -> Vec<Event> {
        let was_logged_in = self.token.is_some();
        let mut events = self.end(reason);
        if !was_logged_in && reason != LogoutReason::User {
            events.retain(|e| !matches!(e, Event::Logout(_)));
        }
        events
    }

    fn end(&mut self, reason: LogoutReason) -> Vec<Event> {
        self.token = None;
        self.generation += 1;
        let key = self.config.token.storage_key.clone();
        let mut events: Vec<Event> = self
            .store
            .remove(&key)
            .map(Event::StorageDegraded)
            .into_iter()
            .collect();
        events.push(Event::Logout(reason));
        events
    }

    fn persist(&mut self) -> Option<Event> {
        let key = self.config.token.storage_key.clone();
        let token = self.token.as_ref()?;
        let names = &self.config.token;
        self.store
            .write(&key, token, names)
            .map(Event::StorageDegraded)
    }
}

#[path = "session_tabs.rs"]
mod tabs;

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "session_cookie_tests.rs"]
mod cookie_tests;

#[cfg(test)]
#[path = "session_netuno_tests.rs"]
mod netuno_tests;
