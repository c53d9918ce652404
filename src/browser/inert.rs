//! [`AuthClient`] off wasm32: an inert handle with the browser client's public signatures, so
//! that a server render (Leptos SSR, a native test) compiles the app's components without `cfg`.
//! It keeps its configuration and callbacks, is logged out, hears no event, sends nothing, and
//! every async call returns [`AuthError::Unsupported`]. `tests/consumer` and `surface_tests.rs`
//! compile the same calls against both.

use crate::browser::callbacks::{AuthRequestDefaults, Callbacks};
use crate::browser::calls::{FetchOptions, GlooRequest, ServiceCall, ServiceResult};
use crate::browser::snapshot::{Snapshot, Status};
use crate::browser::subscription::Subscription;
use crate::core::config::Config;
use crate::core::coordinator::Header;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::Token;
use std::cell::RefCell;
use std::rc::Rc;

/// What the inert handle keeps: what the app set.
pub(crate) struct Inert {
    config: RefCell<Config>,
    callbacks: RefCell<Callbacks>,
}

impl Inert {
    /// Nothing to remove: no listener is kept.
    pub(crate) fn unsubscribe(&self, _id: u64) {}
}

#[doc = include_str!("client.md")]
#[derive(Clone)]
pub struct AuthClient {
    inner: Rc<Inert>,
}

impl PartialEq for AuthClient {
    /// Whether both handles are the same client.
    fn eq(&self, other: &AuthClient) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for AuthClient {}

impl AuthClient {
    /// An inert client with `config`.
    ///
    /// # Errors
    /// [`AuthError::Config`] when `config` is invalid (the origins, which the browser's URL
    /// parser checks, are not checked here).
    pub fn new(config: Config) -> Result<AuthClient, AuthError> {
        config.validate()?;
        let inner = Inert {
            config: RefCell::new(config),
            callbacks: RefCell::default(),
        };
        Ok(AuthClient {
            inner: Rc::new(inner),
        })
    }

    /// Nothing to stop.
    pub fn close(&self) {}

    /// A copy of the configuration.
    pub fn config(&self) -> Config {
        self.inner.config.borrow().clone()
    }

    /// Changes the configuration; returns the result. Nothing changes when it is invalid.
    ///
    /// # Errors
    /// [`AuthError::Config`] naming the bad key.
    pub fn configure(&self, change: impl FnOnce(&mut Config)) -> Result<Config, AuthError> {
        let mut config = self.config();
        change(&mut config);
        config.validate()?;
        *self.inner.config.borrow_mut() = config.clone();
        Ok(config)
    }

    /// Never asked: nothing is sent.
    pub fn set_prefix_source(&self, _source: Option<impl Fn() -> Option<String> + 'static>) {}

    /// Never asked: nothing is sent.
    pub fn set_auth_request_source(
        &self,
        _source: Option<impl Fn() -> AuthRequestDefaults + 'static>,
    ) {
    }

    /// Replaces the callbacks (never called).
    pub fn set_callbacks(&self, callbacks: Callbacks) {
        *self.inner.callbacks.borrow_mut() = callbacks;
    }

    /// The callbacks set.
    pub fn callbacks(&self) -> Callbacks {
        self.inner.callbacks.borrow().clone()
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn login(&self, _username: &str, _password: &str) -> Result<Token, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn refresh_token(&self) -> Result<Token, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// Nothing to forget.
    pub fn logout(&self) {}

    /// False.
    pub fn is_logged(&self) -> bool {
        false
    }

    /// `None`.
    pub fn access_token(&self) -> Option<String> {
        None
    }

    /// `None`.
    pub fn token(&self) -> Option<Token> {
        None
    }

    /// `Ok(None)`: no token, so no `extra`.
    ///
    /// # Errors
    /// None.
    pub fn extra<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, AuthError> {
        Ok(None)
    }

    /// Resolves at once: there is nothing to restore.
    pub async fn ready(&self) {}

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub fn load_token(&self, _token: &Token) -> Result<Token, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// A subscription that never hears an event (none happens); the listener is dropped.
    pub fn subscribe(&self, _listener: impl Fn(&Event) + 'static) -> Subscription {
        Subscription::new(Rc::downgrade(&self.inner), 0)
    }

    /// Logged out.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            status: Status::LoggedOut,
            logged_in: false,
            user: None,
            expires_at: None,
            token_type: None,
            storage_degraded: false,
        }
    }

    /// 0: nothing happens.
    pub fn version(&self) -> u64 {
        0
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn service(&self, _call: ServiceCall) -> Result<ServiceResult, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn auth_fetch(
        &self,
        _request: web_sys::Request,
        _options: FetchOptions,
    ) -> Result<web_sys::Response, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn authorization(&self, _url: &str) -> Result<Option<Header>, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn send(
        &self,
        _request: impl GlooRequest,
    ) -> Result<gloo_net::http::Response, AuthError> {
        Err(AuthError::Unsupported)
    }
}

#[cfg(test)]
#[path = "inert_tests.rs"]
mod tests;
