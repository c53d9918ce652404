//! The app's callbacks in the style of `@netuno/auth-client` (`onLogin`, `onLogout`,
//! `login.success` ...) and its request-body transforms (`login.data`, `refreshToken.data`).
//! The Rust client calls them at the moments the Netuno client does; the JS facade fills them
//! with the app's functions.

use crate::browser::http::{AuthAnswer, BodyTransform};
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::Token;
use std::rc::Rc;

/// A callback taking a `T`.
pub type Callback<T> = Rc<dyn Fn(&T)>;

/// The outcome of a login or refresh with what the auth endpoint answered, as the Netuno
/// client's callbacks get it: `answer` is `None` when no answer came (a network failure, a
/// timeout), no request was needed (another tab's refresh was taken up), or none was sent.
#[derive(Debug, Clone)]
pub struct Answered<T> {
    /// The token, or the error.
    pub value: T,
    /// The auth endpoint's answer.
    pub answer: Option<AuthAnswer>,
}

/// The configured callbacks and body transforms; each is optional.
#[derive(Clone, Default)]
pub struct Callbacks {
    /// When a session becomes available to the page: a login, a token the app loaded, another
    /// tab's login, or the restore of a kept session on page load.
    pub on_login: Option<Callback<Event>>,
    /// After each `logout` event.
    pub on_logout: Option<Callback<Event>>,
    /// After a successful login made without a callback of its own.
    pub login_success: Option<Callback<Answered<Token>>>,
    /// After a failed login made without a callback of its own.
    pub login_fail: Option<Callback<Answered<AuthError>>>,
    /// After a successful refresh: each automatic one, and a `refresh_token()` call made
    /// without a callback of its own.
    pub refresh_success: Option<Callback<Answered<Token>>>,
    /// After a refresh that ended the session (the server refused the refresh token), and a
    /// failed `refresh_token()` call made without a callback of its own. An automatic refresh
    /// that fails for a reason that may pass (the server is down) does not call it: the
    /// session is kept and retried (a `refresh_error` event says so), and an app that logs out
    /// in this callback, as many Netuno apps do, must not log its users out in an outage.
    pub refresh_fail: Option<Callback<Answered<AuthError>>>,
    /// Changes the login request's body (`login.data`).
    pub login_data: Option<BodyTransform>,
    /// Changes the refresh request's body (`refreshToken.data`).
    pub refresh_data: Option<BodyTransform>,
}

/// Calls `callback` with `value` when it is set.
pub(crate) fn call<T>(callback: &Option<Callback<T>>, value: &T) {
    if let Some(f) = callback {
        f(value);
    }
}

impl Callbacks {
    /// The event callbacks for `event`.
    pub(crate) fn on_event(&self, event: &Event) {
        match event {
            Event::Login | Event::Restore => call(&self.on_login, event),
            Event::Logout(_) => call(&self.on_logout, event),
            _ => {}
        }
    }
}
