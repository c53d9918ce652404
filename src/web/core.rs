//! The `Core` JS class: one client's session and configuration, and every decision about
//! them (settings, token validation, the refresh schedule, which origins get the token, error
//! messages). `pkg-template/client.js` performs the I/O and asks the core what to do; every
//! method is synchronous and takes and returns JSON text, numbers and booleans.

use super::{storage, views};
use crate::config::Config;
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::{parse, write, Writer};
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

/// `[error or null, events]` of a login, refresh or loaded token (the events also on error).
fn settled((result, events): (Result<(), AuthError>, Vec<Event>)) -> String {
    views::pair(result.err().as_ref(), &views::events(&events))
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
            Err(e) => views::error(&e),
        }
    }

    /// Checks the settings (JSON text) and, when `apply`, merges them in: `[error or null,
    /// events]` (a session moved to, or found at, another storage place). Nothing changes on
    /// an error.
    pub fn configure(&mut self, settings: &str, apply: bool) -> String {
        views::outcome(merged(self.session.config(), settings).map(|config| {
            if !apply {
                return "[]".into();
            }
            let store = (config.storage != self.session.config().storage)
                .then(|| storage::open(config.storage));
            views::events(&self.session.reconfigure(config, store))
        }))
    }

    /// A view as JSON: 0 the configuration (keyed like the settings), 1 the token as
    /// `token()` shows it (or `null`), 2 the snapshot `{loggedIn, user, expiresAt, tokenType,
    /// storageDegraded}`, 3 `[access token, header name, header value]` for the held token
    /// (or `null`).
    pub fn view(&self, what: u8) -> String {
        let session = &self.session;
        match what {
            0 => session.config().to_json(),
            1 => views::token(session.token()),
            2 => views::snapshot(session),
            _ => self.header(),
        }
    }

    /// Changes the session; returns the events (JSON): 0 loads the session kept in storage,
    /// 1 takes up what another tab left in shared storage, 2 ends the session at the user's
    /// request.
    pub fn act(&mut self, what: u8) -> String {
        let session = &mut self.session;
        views::events(&match what {
            0 => session.restore(),
            1 => session.adopt_stored(),
            _ => session.logout(LogoutReason::User),
        })
    }

    /// `[url, JSON body, timeout ms, grant]` of a login request.
    pub fn login(&self, username: &str, password: &str) -> String {
        self.request(&self.session.login_body(username, password), -1.0)
    }

    /// `[error or null, [url, JSON body, timeout ms, grant]]` of a refresh request (an error
    /// when there is no refresh token).
    pub fn refresh(&self) -> String {
        let request = self.session.refresh_request();
        views::outcome(
            request.map(|(body, _)| self.request(&body, self.session.generation() as f64)),
        )
    }

    fn request(&self, body: &Value, grant: f64) -> String {
        let config = self.session.config();
        Writer::open('[')
            .text("", &config.auth_url())
            .text("", &write(body))
            .number("", Some(f64::from(config.timeout)))
            .number("", Some(grant))
            .close(']')
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

    /// The access token unless it has expired at `now`.
    pub fn access(&self, now: f64) -> Option<String> {
        let t = self.session.token().filter(|t| !is_expired(t, now))?;
        Some(t.access_token.secret().to_owned())
    }

    /// A number about the session at `now`: 0 its generation (bumped whenever the held
    /// session ends or is replaced); 1 whether a token is held; 2 whether automatic refresh
    /// should start a refresh (the token is in its refresh window and `autoRefreshToken` is
    /// on); 3 whether a request about to carry the token should wait for a refresh (the token
    /// is due or expired, whatever `autoRefreshToken` says: a token that dies in flight only
    /// comes back as a 401); 4 the delay of the refresh timer, jittered by `a` in `[0, 1)`;
    /// 5 the delay before retry `a` (0-based) of a failed refresh, jittered by `b`. Booleans
    /// are 0 or 1; a delay is -1 without a token, a known expiry or `autoRefreshToken`.
    pub fn state(&self, what: u8, now: f64, a: f64, b: f64) -> f64 {
        let config = self.session.config();
        let policy = config.refresh_policy();
        let token = self.session.token();
        let auto = token.filter(|_| config.auto_refresh_token);
        let yes = |b: bool| f64::from(u8::from(b));
        match what {
            0 => self.session.generation() as f64,
            1 => yes(token.is_some()),
            2 => yes(auto.is_some_and(|t| is_due(t, &policy, now))),
            3 => yes(token.is_some_and(|t| is_expired(t, now) || is_due(t, &policy, now))),
            4 => auto
                .and_then(|t| refresh_delay(t, &policy, now, a))
                .unwrap_or(-1.0),
            _ => auto.map_or(-1.0, |t| {
                backoff_delay(a as u32, b, t.expires_at().map(|exp| exp - now))
            }),
        }
    }

    fn header(&self) -> String {
        let Some(t) = self.session.token() else {
            return "null".into();
        };
        let secret = t.access_token.secret();
        let (name, value) = self
            .session
            .config()
            .auth_header_value(&t.token_type, secret);
        Writer::open('[')
            .text("", secret)
            .text("", &name)
            .text("", &value)
            .close(']')
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
        views::error(&e)
    }
}
