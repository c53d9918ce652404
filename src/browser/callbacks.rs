//! The app's callbacks in the style of `@netuno/auth-client` (`onLogin`, `onLogout`,
//! `login.success` ...) and its request-body transforms (`login.data`, `refreshToken.data`).
//! The Rust client calls them at the moments the Netuno client does; the JS facade fills them
//! with the app's functions. On every target: the client's signatures use them.

use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::Token;
use std::rc::Rc;
use wasm_bindgen::JsValue;

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

/// What an auth endpoint answered to a login or a refresh: what `@netuno/auth-client`'s
/// callbacks get (`{ok, status, isJSON, contentType, response, json}`), and what the session
/// reads the token from.
#[derive(Debug, Clone)]
pub struct AuthAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header (empty when absent).
    pub content_type: String,
    /// The body text; `None` when it was larger than the limit (then it was not read, or not
    /// kept).
    pub text: Option<String>,
    /// The response itself, its body already read.
    pub response: web_sys::Response,
}

/// Headers and credentials the auth requests take from a linked `@netuno/service-client`
/// (`_service.config()`), as `@netuno/auth-client`'s requests, made through it, do.
#[derive(Debug, Clone, Default)]
pub struct AuthRequestDefaults {
    /// Headers to send (the service client's `Authorization` and `Content-Type` are not).
    pub headers: Vec<(String, String)>,
    /// `fetch`'s `credentials`; `None`: `same-origin` (`include` in cookie mode).
    pub credentials: Option<crate::core::config::Credentials>,
}

/// What an app's `login.data` / `refreshToken.data` does to a request body (the body as a JS
/// object in, the body to send out): `@netuno/auth-client`'s way to add fields such as an
/// altcha payload.
pub type BodyTransform = Rc<dyn Fn(JsValue) -> Result<JsValue, String>>;

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
#[cfg(target_arch = "wasm32")]
pub(crate) fn call<T>(callback: &Option<Callback<T>>, value: &T) {
    if let Some(f) = callback {
        f(value);
    }
}

#[cfg(target_arch = "wasm32")]
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
