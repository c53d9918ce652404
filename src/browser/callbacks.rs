//! The app's callbacks in the style of `@netuno/auth-client` (`onLogin`, `onLogout`,
//! `login.success` ...). The Rust client calls them at the moments the Netuno client does; the
//! JS facade fills them with the app's functions.

use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::Token;
use std::rc::Rc;

/// A callback taking a `T`.
pub type Callback<T> = Rc<dyn Fn(&T)>;

/// The configured callbacks; each is optional.
#[derive(Clone, Default)]
pub struct Callbacks {
    /// After each `login` event (a login or a loaded token, not a restore).
    pub on_login: Option<Callback<Event>>,
    /// After each `logout` event.
    pub on_logout: Option<Callback<Event>>,
    /// After a successful login, with the token.
    pub login_success: Option<Callback<Token>>,
    /// After a failed login, with the error.
    pub login_fail: Option<Callback<AuthError>>,
    /// After each successful refresh attempt, whoever triggered it.
    pub refresh_success: Option<Callback<Token>>,
    /// After each failed refresh attempt, whoever triggered it.
    pub refresh_fail: Option<Callback<AuthError>>,
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
            Event::Login => call(&self.on_login, event),
            Event::Logout(_) => call(&self.on_logout, event),
            _ => {}
        }
    }
}
