//! [`AuthClient`] off wasm32: an inert handle with the browser client's public signatures, so
//! that a server render (Leptos SSR, a native test) compiles the app's components without `cfg`.
//! It keeps its configuration and callbacks, is logged out, hears no event, sends nothing, and
//! every async call returns [`AuthError::Unsupported`]. `tests/consumer` and `surface_tests.rs`
//! compile the same calls against both.

use crate::browser::callbacks::{Answered, AuthRequestDefaults, Callbacks};
use crate::browser::calls::{
    FetchOptions, GlooRequest, LoginRequest, LoginResult, ServiceCall, ServiceResult,
};
use crate::browser::snapshot::{Snapshot, Status};
use crate::browser::subscription::{Listeners, Subscription};
use crate::core::config::Config;
use crate::core::coordinator::Header;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::{Token, TokenFields};
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// What the inert handle keeps: what the app set.
pub(crate) struct Inert {
    config: RefCell<Config>,
    callbacks: RefCell<Callbacks>,
}

impl Listeners for Inert {
    /// Nothing to remove: no listener is kept.
    fn unsubscribe(&self, _id: u64) {}
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

    /// A handle that does not keep the client alive.
    pub fn downgrade(&self) -> WeakAuthClient {
        WeakAuthClient(Rc::downgrade(&self.inner))
    }

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

    /// [`AuthError::Unsupported`], with no answer.
    pub async fn login_with(&self, _request: LoginRequest) -> Answered<LoginResult> {
        unsupported()
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub async fn refresh_token(&self) -> Result<Token, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// [`AuthError::Unsupported`], with no answer.
    pub async fn refresh_token_with(&self, _own_callbacks: bool) -> Answered<LoginResult> {
        unsupported()
    }

    /// # Errors
    /// [`AuthError::Unsupported`].
    pub fn load_response(
        &self,
        _fields: &TokenFields,
        _loaded_at: Option<f64>,
    ) -> Result<Token, AuthError> {
        Err(AuthError::Unsupported)
    }

    /// Where a `service()` call to `url` would go: joined to `prefix`, else to the configured
    /// one (no page here, so no development-server rule).
    pub fn service_url(&self, prefix: Option<&str>, url: &str) -> String {
        let configured = self.inner.config.borrow().prefix.clone();
        crate::core::url::join_at(prefix.unwrap_or(&configured), url, None)
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
        let owner: Weak<dyn Listeners> = Rc::downgrade(&self.inner) as Weak<Inert>;
        Subscription::new(owner, 0)
    }

    /// Logged out.
    pub fn snapshot_without_user(&self) -> Snapshot {
        self.snapshot()
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

/// A handle that does not keep the client alive.
#[derive(Clone)]
pub struct WeakAuthClient(Weak<Inert>);

impl WeakAuthClient {
    /// The client, unless it is gone.
    pub fn upgrade(&self) -> Option<AuthClient> {
        self.0.upgrade().map(|inner| AuthClient { inner })
    }
}

fn unsupported() -> Answered<LoginResult> {
    Answered {
        value: Err(AuthError::Unsupported),
        answer: None,
    }
}

#[cfg(test)]
#[path = "inert_tests.rs"]
mod tests;
