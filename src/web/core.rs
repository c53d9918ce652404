//! The `Core` JS class: one client's session and configuration, and every decision about
//! them (settings, token validation, the refresh schedule, which origins get the token, error
//! messages). The package's `client.js` performs the I/O (fetch, timers, events, tab locks)
//! and asks the core what to do; each method here is synchronous.

use super::args::set;
use super::codec::{self, BrowserJson};
use super::events::{event_list, snapshot};
use super::storage;
use crate::config::{Config, StorageKind};
use crate::error::AuthError;
use crate::schedule::{backoff_delay, is_due, is_expired, refresh_delay};
use crate::session::{Event, Grant, LogoutReason, Reply, Session};
use crate::url;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// One client's state, driven by `client.js`.
#[wasm_bindgen]
pub struct Core {
    session: Session,
}

/// The configuration `settings` make of `base`; a non-object is a config error.
fn merged(base: &Config, settings: &JsValue) -> Result<Config, AuthError> {
    if !settings.is_object() {
        return Err(AuthError::Config("settings: expected an object".into()));
    }
    base.merged(&codec::from_js(settings))
}

/// `[error or null, events]`: what a login, refresh or loaded token came to.
fn outcome((result, events): (Result<(), AuthError>, Vec<Event>)) -> Array {
    let error = result.err().map(JsValue::from).unwrap_or(JsValue::NULL);
    Array::of2(&error, &event_list(&events))
}

#[wasm_bindgen]
impl Core {
    /// A logged-out core for `settings` (undefined or null: the defaults).
    ///
    /// # Errors
    /// `config` naming the bad key.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<Core, JsValue> {
        let config = if settings.is_undefined() || settings.is_null() {
            Config::default()
        } else {
            merged(&Config::default(), &settings)?
        };
        let store = storage::open(config.storage);
        Ok(Core {
            session: Session::new(config, store, Box::new(BrowserJson)),
        })
    }

    /// Checks `settings` and, when `apply`, merges them in; returns the events (a session
    /// moved to or found at another storage place).
    ///
    /// # Errors
    /// `config` naming the bad key; nothing changes then.
    pub fn configure(&mut self, settings: JsValue, apply: bool) -> Result<Array, JsValue> {
        let config = merged(self.session.config(), &settings)?;
        if !apply {
            return Ok(Array::new());
        }
        let store = (config.storage != self.session.config().storage)
            .then(|| storage::open(config.storage));
        Ok(event_list(&self.session.reconfigure(config, store)))
    }

    /// A copy of the configuration, keyed like the settings.
    pub fn settings(&self) -> JsValue {
        codec::to_js(&self.session.config().to_value())
    }

    /// Loads the session kept in storage, if any.
    pub fn restore(&mut self) -> Array {
        event_list(&self.session.restore())
    }

    /// Takes up what another tab left in shared storage.
    pub fn adopt(&mut self) -> Array {
        event_list(&self.session.adopt_stored())
    }

    /// Ends the session at the user's request.
    pub fn logout(&mut self) -> Array {
        event_list(&self.session.logout(LogoutReason::User))
    }

    /// `[url, JSON body, timeout ms]` of a login request.
    pub fn login(&self, username: &str, password: &str) -> Array {
        let body = self.session.login_body(username, password);
        self.request(&body, -1.0)
    }

    /// `[url, JSON body, timeout ms, grant]` of a refresh request.
    ///
    /// # Errors
    /// `not_logged_in` when there is no refresh token.
    pub fn refresh(&self) -> Result<Array, JsValue> {
        let (body, _) = self.session.refresh_request()?;
        Ok(self.request(&body, self.generation()))
    }

    fn request(&self, body: &crate::json::Value, grant: f64) -> Array {
        let config = self.session.config();
        let text = codec::stringify(body);
        let a = Array::of3(
            &config.auth_url().into(),
            &text.into(),
            &config.timeout.into(),
        );
        a.push(&grant.into());
        a
    }

    /// Feeds in the reply (`status`, body `text`) to a request of `grant` (from `login` or
    /// `refresh`); returns `[error or null, events]`.
    pub fn accept(&mut self, grant: f64, status: u16, text: &str, now: f64) -> Array {
        let grant = if grant < 0.0 {
            Grant::Login
        } else {
            Grant::Refresh(grant as u64)
        };
        let reply = Reply {
            status,
            body: codec::parse(text),
        };
        outcome(self.session.accept(grant, reply, now))
    }

    /// Loads a token response the app got elsewhere; returns `[error or null, events]`.
    pub fn load(&mut self, response: JsValue, now: f64) -> Array {
        outcome(self.session.load(&codec::from_js(&response), now))
    }

    /// The session generation (bumped whenever the held session ends or is replaced).
    pub fn generation(&self) -> f64 {
        self.session.generation() as f64
    }

    /// The token as `token()` shows it, or null.
    pub fn token(&self) -> JsValue {
        let Some(t) = self.session.token() else {
            return JsValue::NULL;
        };
        let view: JsValue = js_sys::Object::new().into();
        let number = |n: Option<f64>| n.map(JsValue::from_f64).unwrap_or(JsValue::NULL);
        set(&view, "access_token", &t.access_token.secret().into());
        set(&view, "refresh_token", &t.refresh_token.secret().into());
        set(&view, "token_type", &t.token_type.as_str().into());
        set(&view, "expires_in", &number(t.expires_in));
        set(&view, "loaded_at", &t.loaded_at.into());
        set(&view, "expires_at", &number(t.expires_at()));
        view
    }

    /// The access token unless it has expired at `now`; else null.
    pub fn access(&self, now: f64) -> JsValue {
        match self.session.token() {
            Some(t) if !is_expired(t, now) => t.access_token.secret().into(),
            _ => JsValue::NULL,
        }
    }

    /// Whether a token is held.
    #[wasm_bindgen(js_name = isLogged)]
    pub fn is_logged(&self) -> bool {
        self.session.token().is_some()
    }

    /// `{loggedIn, user, expiresAt, tokenType, storageDegraded}`, frozen.
    pub fn snapshot(&self) -> JsValue {
        snapshot(&self.session)
    }

    /// Whether automatic refresh should start a refresh at `now` (the token is in its
    /// refresh window and `autoRefreshToken` is on).
    pub fn due(&self, now: f64) -> bool {
        let config = self.session.config();
        config.auto_refresh_token
            && self
                .session
                .token()
                .is_some_and(|t| is_due(t, &config.refresh_policy(), now))
    }

    /// Whether a request about to carry the token should wait for a refresh: the token is due
    /// or expired (whatever `autoRefreshToken` says: a token that dies in flight only comes
    /// back as a 401).
    pub fn stale(&self, now: f64) -> bool {
        let policy = self.session.config().refresh_policy();
        self.session
            .token()
            .is_some_and(|t| is_expired(t, now) || is_due(t, &policy, now))
    }

    /// The delay of the refresh timer (`random` in `[0, 1)` jitters it); none without a
    /// token, a known expiry or `autoRefreshToken`.
    pub fn delay(&self, now: f64, random: f64) -> Option<f64> {
        let config = self.session.config();
        let token = self.session.token().filter(|_| config.auto_refresh_token)?;
        refresh_delay(token, &config.refresh_policy(), now, random)
    }

    /// The delay before retry `attempt` (0-based) of a failed refresh; none without a token
    /// or `autoRefreshToken`.
    pub fn backoff(&self, attempt: u32, random: f64, now: f64) -> Option<f64> {
        let config = self.session.config();
        let token = self.session.token().filter(|_| config.auto_refresh_token)?;
        let left = token.expires_at().map(|exp| exp - now);
        Some(backoff_delay(attempt, random, left))
    }

    /// Whether a request to `request_url`, from a page at `page`, may carry the token: an
    /// allowed origin, and not the auth endpoint itself.
    pub fn target(&self, request_url: &str, page: &str) -> bool {
        let config = self.session.config();
        let is_auth = request_url.split(['?', '#']).next() == Some(config.auth_url().as_str());
        !is_auth && url::is_allowed(request_url, page, &config.token_origins(page))
    }

    /// `[access token, header name, header value]` for the held token.
    pub fn header(&self) -> Option<Array> {
        let t = self.session.token()?;
        let secret = t.access_token.secret();
        let (name, value) = self
            .session
            .config()
            .auth_header_value(&t.token_type, secret);
        Some(Array::of3(&secret.into(), &name.into(), &value.into()))
    }

    /// Whether a call answered with `status` is refreshed and replayed once.
    pub fn retry(&self, status: u16) -> bool {
        self.session.config().retry_statuses.contains(&status)
    }

    /// `path` joined to the configured prefix (unless absolute).
    pub fn join(&self, path: &str) -> String {
        url::join(&self.session.config().prefix, path)
    }

    /// Whether a `storage` event for `key` is another tab writing this session.
    pub fn watches(&self, key: &str) -> bool {
        let config = self.session.config();
        config.storage == StorageKind::Local && config.token.storage_key == key
    }

    /// The request timeout (ms).
    #[wasm_bindgen(getter)]
    pub fn timeout(&self) -> u32 {
        self.session.config().timeout
    }

    /// The cross-tab lock's name when tabs share this session (`storage: 'local'` with
    /// `crossTabLock`); else none.
    #[wasm_bindgen(getter)]
    pub fn lock(&self) -> Option<String> {
        let config = self.session.config();
        (config.storage == StorageKind::Local && config.cross_tab_lock)
            .then(|| ["wasm-auth-client:", &config.token.storage_key].concat())
    }

    /// An `AuthError` made in JS: `kind` 0 network (`text`), 1 timeout (`n` ms),
    /// 2 unauthorized (`n` status), 3 http_status (`n`), 4 invalid_argument (`text`: `reason`),
    /// 5 config (`text`), 6 storage (`text`), else not_logged_in.
    pub fn error(&self, kind: u8, n: f64, text: &str, reason: &str) -> JsValue {
        let status = n as u16;
        let text = text.to_owned();
        match kind {
            0 => AuthError::Network(text),
            1 => AuthError::Timeout(n as u32),
            2 => AuthError::Unauthorized(status),
            3 => AuthError::HttpStatus {
                status,
                detail: None,
            },
            4 => AuthError::invalid_argument(&text, reason),
            5 => AuthError::Config(text),
            6 => AuthError::Storage(text),
            _ => AuthError::NotLoggedIn,
        }
        .into()
    }
}
