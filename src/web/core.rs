//! The `Core` JS class: one client's session and configuration, and every decision about
//! them (settings, token validation, the refresh schedule, which origins get the token, error
//! messages). `pkg-template/client.js` performs the I/O and asks the core what to do; every
//! method is synchronous and takes and returns JSON text, numbers and booleans.

use super::{storage, views};
use crate::config::Config;
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::{parse, write};
use crate::schedule::{backoff_delay, is_due, is_expired, refresh_delay};
use crate::session::{Event, Grant, LogoutReason, Reply, Session};
use crate::url;
use wasm_bindgen::prelude::*;

/// One client's state, driven by `client.js`.
#[wasm_bindgen]
pub struct Core {
    session: Session,
}

/// The configuration the settings (JSON text) make of `base`.
fn merged(base: &Config, settings: &str) -> Result<Config, AuthError> {
    let value =
        parse(settings).ok_or_else(|| AuthError::Config("settings: expected an object".into()))?;
    base.merged(&value)
}

/// `[error or null, events]` of a login, refresh or loaded token.
fn settled((result, events): (Result<(), AuthError>, Vec<Event>)) -> String {
    let e = result.err().map_or(Value::Null, |e| views::error(&e));
    write(&Value::Array(vec![e, views::events(&events)]))
}

fn events(events: &[Event]) -> String {
    write(&views::events(events))
}

#[wasm_bindgen]
impl Core {
    /// A logged-out core with the default settings (`setup` applies the app's).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Core {
        let config = Config::default();
        let store = storage::open(config.storage);
        Core {
            session: Session::new(config, store),
        }
    }

    /// Applies the first settings (JSON text), before anything is restored; returns an error
    /// (JSON) or "".
    pub fn setup(&mut self, settings: &str) -> String {
        match merged(self.session.config(), settings) {
            Ok(config) => {
                let store = storage::open(config.storage);
                self.session = Session::new(config, store);
                String::new()
            }
            Err(e) => write(&views::error(&e)),
        }
    }

    /// Checks the settings (JSON text) and, when `apply`, merges them in: `[error or null,
    /// events]` (a session moved to, or found at, another storage place). Nothing changes on
    /// an error.
    pub fn configure(&mut self, settings: &str, apply: bool) -> String {
        views::outcome(merged(self.session.config(), settings).map(|config| {
            if !apply {
                return Value::Array(Vec::new());
            }
            let store = (config.storage != self.session.config().storage)
                .then(|| storage::open(config.storage));
            views::events(&self.session.reconfigure(config, store))
        }))
    }

    /// The configuration, keyed like the settings.
    pub fn settings(&self) -> String {
        write(&self.session.config().to_value())
    }

    /// Loads the session kept in storage, if any: the events.
    pub fn restore(&mut self) -> String {
        events(&self.session.restore())
    }

    /// Takes up what another tab left in shared storage: the events.
    pub fn adopt(&mut self) -> String {
        events(&self.session.adopt_stored())
    }

    /// Ends the session at the user's request: the events.
    pub fn logout(&mut self) -> String {
        events(&self.session.logout(LogoutReason::User))
    }

    /// `[url, JSON body, timeout ms, grant]` of a login request.
    pub fn login(&self, username: &str, password: &str) -> String {
        write(&self.request(&self.session.login_body(username, password), -1.0))
    }

    /// `[error or null, [url, JSON body, timeout ms, grant]]` of a refresh request (an error
    /// when there is no refresh token).
    pub fn refresh(&self) -> String {
        let request = self.session.refresh_request();
        views::outcome(request.map(|(body, _)| self.request(&body, self.generation())))
    }

    fn request(&self, body: &Value, grant: f64) -> Value {
        let config = self.session.config();
        Value::Array(vec![
            Value::String(config.auth_url()),
            Value::String(write(body)),
            Value::Number(f64::from(config.timeout)),
            Value::Number(grant),
        ])
    }

    /// Feeds in the reply (`status`, body `text`) to a request of `grant` (from `login` or
    /// `refresh`): `[error or null, events]`.
    pub fn accept(&mut self, grant: f64, status: u16, text: &str, now: f64) -> String {
        let grant = if grant < 0.0 {
            Grant::Login
        } else {
            Grant::Refresh(grant as u64)
        };
        let reply = Reply {
            status,
            body: parse(text),
        };
        settled(self.session.accept(grant, reply, now))
    }

    /// Loads a token response (JSON text) the app got elsewhere: `[error or null, events]`.
    pub fn load(&mut self, response: &str, now: f64) -> String {
        settled(self.session.load(&parse(response).unwrap_or_default(), now))
    }

    /// The session generation (bumped whenever the held session ends or is replaced).
    pub fn generation(&self) -> f64 {
        self.session.generation() as f64
    }

    /// The token as `token()` shows it (JSON), or `null`.
    pub fn token(&self) -> String {
        write(&views::token(self.session.token()))
    }

    /// The access token unless it has expired at `now`.
    pub fn access(&self, now: f64) -> Option<String> {
        let t = self.session.token().filter(|t| !is_expired(t, now))?;
        Some(t.access_token.secret().to_owned())
    }

    /// Whether a token is held.
    #[wasm_bindgen(js_name = isLogged)]
    pub fn is_logged(&self) -> bool {
        self.session.token().is_some()
    }

    /// `{loggedIn, user, expiresAt, tokenType, storageDegraded}` (JSON).
    pub fn snapshot(&self) -> String {
        write(&views::snapshot(&self.session))
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

    /// The delay of the refresh timer (`random` in `[0, 1)` jitters it); -1 without a token,
    /// a known expiry or `autoRefreshToken`.
    pub fn delay(&self, now: f64, random: f64) -> f64 {
        let config = self.session.config();
        self.session
            .token()
            .filter(|_| config.auto_refresh_token)
            .and_then(|t| refresh_delay(t, &config.refresh_policy(), now, random))
            .unwrap_or(-1.0)
    }

    /// The delay before retry `attempt` (0-based) of a failed refresh; -1 without a token or
    /// `autoRefreshToken`.
    pub fn backoff(&self, attempt: u32, random: f64, now: f64) -> f64 {
        let config = self.session.config();
        match self.session.token().filter(|_| config.auto_refresh_token) {
            Some(t) => backoff_delay(attempt, random, t.expires_at().map(|exp| exp - now)),
            None => -1.0,
        }
    }

    /// Whether a request to `request_url`, from a page at `page`, may carry the token: an
    /// allowed origin, and not the auth endpoint itself.
    pub fn target(&self, request_url: &str, page: &str) -> bool {
        let config = self.session.config();
        let is_auth = request_url.split(['?', '#']).next() == Some(config.auth_url().as_str());
        !is_auth && url::is_allowed(request_url, page, &config.token_origins(page))
    }

    /// `[access token, header name, header value]` (JSON) for the held token, or "".
    pub fn header(&self) -> String {
        let Some(t) = self.session.token() else {
            return String::new();
        };
        let secret = t.access_token.secret();
        let (name, value) = self
            .session
            .config()
            .auth_header_value(&t.token_type, secret);
        let parts = [secret, &name, &value].map(|s| Value::String(s.to_owned()));
        write(&Value::Array(parts.into()))
    }

    /// `path` joined to the configured prefix (unless absolute).
    pub fn join(&self, path: &str) -> String {
        url::join(&self.session.config().prefix, path)
    }

    /// An error made in JS, as JSON: `kind` 0 network (`text`), 1 timeout (`n` ms),
    /// 2 unauthorized (`n` status), 3 http_status (`n`), 4 invalid_argument (`text`:
    /// `reason`), 5 config (`text`), else not_logged_in.
    pub fn error(&self, kind: u8, n: f64, text: &str, reason: &str) -> String {
        let status = n as u16;
        let e = match kind {
            0 => AuthError::Network(text.to_owned()),
            1 => AuthError::Timeout(n as u32),
            2 => AuthError::Unauthorized(status),
            3 => AuthError::HttpStatus {
                status,
                detail: None,
            },
            4 => AuthError::invalid_argument(text, reason),
            5 => AuthError::Config(text.to_owned()),
            _ => AuthError::NotLoggedIn,
        };
        write(&views::error(&e))
    }
}
