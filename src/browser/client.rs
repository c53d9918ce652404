//! [`AuthClient`], the Rust API: what Rust front-ends (Leptos, Yew, Dioxus) use, and what the
//! JS facade delegates to.

use crate::browser::callbacks::Answered;
use crate::browser::callbacks::Callbacks;
use crate::browser::calls::{FetchOptions, GlooRequest, ServiceCall, ServiceResult};
use crate::browser::calls::{LoginRequest, LoginResult};
use crate::browser::commands::check_origins;
use crate::browser::driver::Driver;
use crate::browser::env::resolve;
use crate::browser::fetch::{Bound, Sending};
use crate::browser::snapshot::Snapshot;
use crate::browser::subscription::{Listeners, Subscription};
use crate::browser::token_fields::{loaded_fields, user_claims};
use crate::core::config::Config;
use crate::core::coordinator::Header;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::token::{Token, TokenFields};
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;

#[doc = include_str!("client.md")]
#[derive(Clone)]
pub struct AuthClient {
    inner: Rc<Driver>,
}

impl PartialEq for AuthClient {
    /// Whether both handles are the same client.
    fn eq(&self, other: &AuthClient) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for AuthClient {}

impl Listeners for Driver {
    /// Removes listener `id` (a [`Subscription`] dropped).
    fn unsubscribe(&self, id: u64) {
        self.io
            .borrow_mut()
            .listeners
            .retain(|(each, _)| *each != id);
    }
}

impl AuthClient {
    /// A client with `config`, which picks up a session kept in its storage (announced as a
    /// `restore` event on a zero-delay timer, so listeners subscribed right after hear it).
    ///
    /// # Errors
    /// [`AuthError::Config`] when `config` is invalid.
    pub fn new(config: Config) -> Result<AuthClient, AuthError> {
        config.validate()?;
        check_origins(&config)?;
        Ok(AuthClient {
            inner: Driver::start(config),
        })
    }

    /// A handle that does not keep the client alive (see [`WeakAuthClient`]).
    pub fn downgrade(&self) -> WeakAuthClient {
        WeakAuthClient(Rc::downgrade(&self.inner))
    }

    /// Stops the client: its timers, listeners, subscribers and callbacks are removed, and
    /// callers still waiting for a refresh give up. Every clone is stopped.
    pub fn close(&self) {
        self.inner.close();
    }

    /// A copy of the configuration in force.
    pub fn config(&self) -> Config {
        self.inner.read(|c| c.config().clone())
    }

    /// The configured `timeout` in ms, without copying the configuration (read per request).
    pub(crate) fn timeout(&self) -> u32 {
        self.inner.read(|c| c.config().timeout)
    }

    /// Changes the configuration; returns the result. Nothing changes when it is invalid.
    ///
    /// # Errors
    /// [`AuthError::Config`] naming the bad key.
    pub fn configure(&self, change: impl FnOnce(&mut Config)) -> Result<Config, AuthError> {
        let mut config = self.config();
        change(&mut config);
        self.inner.apply(config)?;
        Ok(self.config())
    }

    /// Takes the prefix from `source` before each request, while it answers one (a service
    /// client the app configures, as `@netuno/auth-client` does); `None` stops.
    pub fn set_prefix_source(&self, source: Option<impl Fn() -> Option<String> + 'static>) {
        let source = source.map(|f| Rc::new(f) as crate::browser::driver::PrefixSource);
        self.inner.io.borrow_mut().prefix_source = source;
    }

    /// Takes extra headers and credentials for the login, refresh and logout requests from
    /// `source` before each (a service client the app configures: `@netuno/auth-client` sends
    /// them through it); `None` stops.
    pub fn set_auth_request_source(
        &self,
        source: Option<impl Fn() -> crate::browser::callbacks::AuthRequestDefaults + 'static>,
    ) {
        let source = source.map(|f| Rc::new(f) as crate::browser::http::AuthRequestSource);
        self.inner.io.borrow_mut().request_source = source;
    }

    /// Replaces the `@netuno/auth-client`-style callbacks.
    pub fn set_callbacks(&self, callbacks: Callbacks) {
        self.inner.io.borrow_mut().callbacks = callbacks;
    }

    /// The callbacks in force.
    pub fn callbacks(&self) -> Callbacks {
        self.inner.io.borrow().callbacks.clone()
    }

    /// Logs in; resolves with the token.
    ///
    /// # Errors
    /// `invalid_argument` for an empty username or password, `invalid_credentials`,
    /// `account_locked`, `login_rejected` (a 406 of the app's: see [`AuthError::body`]),
    /// `group_not_allowed`, `invalid_response`, `network`, `timeout`, `http_status`.
    pub async fn login(&self, username: &str, password: &str) -> Result<Token, AuthError> {
        self.login_with(LoginRequest::new(username, password))
            .await
            .value
    }

    /// Logs in as `request` says (its own URL, body transform, callbacks), with what the auth
    /// endpoint answered; the configured `login.success` or `login.fail` hears of it unless
    /// the request brings callbacks of its own. Errors as [`AuthClient::login`], in `value`.
    pub async fn login_with(&self, request: LoginRequest) -> Answered<LoginResult> {
        self.inner.login(request).await
    }

    /// [`AuthClient::refresh_token`] with what the auth endpoint answered; `own_callbacks`: the
    /// caller tells its own callbacks, so the configured `refreshToken.success`/`fail` are not
    /// called.
    pub async fn refresh_token_with(&self, own_callbacks: bool) -> Answered<LoginResult> {
        self.inner.refresh(own_callbacks).await
    }

    /// Loads a token response the app got elsewhere, read by the configured keys, its
    /// lifetime running from `loaded_at` (when given and not in the future); emits `login`.
    ///
    /// # Errors
    /// `invalid_response` naming the problem; nothing changes then.
    pub fn load_response(
        &self,
        fields: &TokenFields,
        loaded_at: Option<f64>,
    ) -> Result<Token, AuthError> {
        self.inner.load(fields, loaded_at)
    }

    /// Where a `service()` call to `url` goes: joined to `prefix`, else to the configured one,
    /// as seen from the page (the development-server rule included).
    pub fn service_url(&self, prefix: Option<&str>, url: &str) -> String {
        self.inner.service_url(prefix, url)
    }

    /// Exchanges the refresh token for a new pair. Joins the attempt under way, or, while a
    /// failed refresh backs off, the next scheduled one: it never starts an attempt of its own
    /// ahead of the retry schedule. A tab holding an access token that another tab shared asks
    /// that tab to renew it, and waits for the new token (`timeout` after the configured
    /// timeout).
    ///
    /// # Errors
    /// `not_logged_in`, `invalid_refresh_token` (the session is then over), or the transient
    /// failures of the attempt (`network`, `timeout`, `http_status`, `invalid_response`).
    pub async fn refresh_token(&self) -> Result<Token, AuthError> {
        self.inner.refresh(false).await.value
    }

    /// Forgets the token and clears the storage.
    pub fn logout(&self) {
        self.inner.logout();
    }

    /// Whether a token is held.
    pub fn is_logged(&self) -> bool {
        self.inner.read(|c| c.session().token().is_some())
    }

    /// The access token, or `None` when logged out or when it has expired (a refresh is then
    /// under way). A token inside its refresh window starts the refresh first.
    pub fn access_token(&self) -> Option<String> {
        self.inner.access_token()
    }

    /// The token held.
    pub fn token(&self) -> Option<Token> {
        self.inner.token_view()
    }

    /// The login answer's `extra` (Netuno: what the app's `_auth_sign_in.js` passed to
    /// `_auth.signInExtraData`), read into a type of the app's own; kept through refreshes and
    /// reloads, and shared with the other tabs. `Ok(None)` when logged out or when the server
    /// sent none.
    ///
    /// # Errors
    /// `invalid_response` when it does not fit `T`.
    ///
    /// # Example
    /// ```no_run
    /// #[derive(serde::Deserialize)]
    /// struct Profile {
    ///     plan: String,
    /// }
    /// # fn show(client: &wasm_auth_client::AuthClient) -> Result<(), wasm_auth_client::AuthError> {
    /// if let Some(profile) = client.extra::<Profile>()? {
    ///     web_sys::console::log_1(&profile.plan.into());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn extra<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, AuthError> {
        let Some(text) = self.token().and_then(|t| t.extra) else {
            return Ok(None);
        };
        let value = js_sys::JSON::parse(&text)
            .map_err(|_| AuthError::InvalidResponse("`extra` is not JSON".into()))?;
        serde_wasm_bindgen::from_value(value)
            .map(Some)
            .map_err(|e| AuthError::InvalidResponse(format!("`extra` does not fit: {e}")))
    }

    /// Resolves once the client has loaded its session: at once, unless a restore from the
    /// other tabs or (in cookie mode) from the refresh cookie runs, which it waits for.
    pub async fn ready(&self) {
        self.inner.restored().await;
    }

    /// Loads a token got elsewhere (what [`AuthClient::token`] returned, in this tab or
    /// another), validated like a login response (but for the `result` flag), its lifetime
    /// running from its `loaded_at`; emits `login`.
    ///
    /// # Errors
    /// `invalid_response` naming the problem; nothing changes then.
    pub fn load_token(&self, token: &Token) -> Result<Token, AuthError> {
        let value = serde_wasm_bindgen::to_value(token)
            .map_err(|e| AuthError::InvalidResponse(e.to_string()))?;
        // `extra` as the value it is, not as its JSON text.
        let extra = token.extra.as_deref().map(js_sys::JSON::parse);
        let extra = extra.and_then(Result::ok).unwrap_or(JsValue::NULL);
        let _ = js_sys::Reflect::set(&value, &"extra".into(), &extra);
        let keys = self.config().token;
        let (fields, loaded_at) = loaded_fields(&value, &keys);
        self.load_response(&fields, loaded_at)
    }

    /// Calls `listener` with every event while the [`Subscription`] is kept.
    pub fn subscribe(&self, listener: impl Fn(&Event) + 'static) -> Subscription {
        let mut io = self.inner.io.borrow_mut();
        io.next_id += 1;
        let id = io.next_id;
        io.listeners.push((id, Rc::new(listener)));
        let owner: Weak<dyn Listeners> = Rc::downgrade(&self.inner) as Weak<Driver>;
        Subscription::new(owner, id)
    }

    /// The state at a glance.
    pub fn snapshot(&self) -> Snapshot {
        let user = self
            .inner
            .token_view()
            .and_then(|t| user_claims(t.access_token.secret()));
        Snapshot {
            user,
            ..self.snapshot_without_user()
        }
    }

    /// [`AuthClient::snapshot`] without `user`: no claims decoded (an app that reads the
    /// token's payload its own way, as the JS facade does, whose `user` is the whole payload).
    pub fn snapshot_without_user(&self) -> Snapshot {
        self.inner.snapshot()
    }

    /// A number that changes with every event (what a cached snapshot is compared with).
    pub fn version(&self) -> u64 {
        self.inner.read(|c| c.version())
    }

    /// Calls the API like `@netuno/service-client`'s `_service`, with the token where allowed.
    /// Any HTTP status is an `Ok` result (`ok` says whether it was 2xx).
    ///
    /// # Errors
    /// `invalid_argument`, `network`, `timeout`, `unauthorized` (refused again after a refresh
    /// and a replay), `refresh_unavailable` (the token expired and no refresh completed in
    /// time: the call was not sent).
    pub async fn service(&self, call: ServiceCall) -> Result<ServiceResult, AuthError> {
        self.inner.service(call).await
    }

    /// `fetch` with the token: the same request, a real `Response`. The token goes only to
    /// allowed origins, after a refresh when due, with one replay after a retry status (401).
    ///
    /// # Errors
    /// As [`AuthClient::service`].
    pub async fn auth_fetch(
        &self,
        request: web_sys::Request,
        options: FetchOptions,
    ) -> Result<web_sys::Response, AuthError> {
        let ms = options.timeout_ms.unwrap_or(self.timeout());
        let replayable = !options.single_use_body;
        let signal = options.signal.unwrap_or_else(|| request.signal());
        self.inner.follow_prefix();
        self.inner
            .send(
                request,
                Sending {
                    ms,
                    bound: Bound::Headers,
                    replayable,
                    signal: Some(&signal),
                },
            )
            .await
    }

    /// The header that authorizes a request to `url` (`Authorization: Bearer …`), for the
    /// app's own HTTP client (reqwest, a hand-built `fetch`), decided as for
    /// [`AuthClient::auth_fetch`]: after waiting for a usable token (a refresh when it is due,
    /// bounded by the configured `timeout`), and `None` for an origin that may not receive the
    /// token (see `Config::allowed_origins`), for the auth endpoint, or when logged out. A
    /// relative `url` is resolved against the page, as `fetch` does.
    ///
    /// # Errors
    /// `invalid_argument` when `url` is not a URL; `refresh_unavailable` when the token expired
    /// and no refresh completed in time.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(client: wasm_auth_client::AuthClient) -> Result<(), wasm_auth_client::AuthError> {
    /// let url = "https://api.example.com/services/profile";
    /// let mut request = gloo_net::http::Request::get(url);
    /// if let Some(header) = client.authorization(url).await? {
    ///     request = request.header(&header.name, &header.value);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn authorization(&self, url: &str) -> Result<Option<Header>, AuthError> {
        let url = resolve(url)
            .ok_or_else(|| AuthError::invalid_argument("url", "not a URL"))?
            .href();
        self.inner.follow_prefix();
        self.inner.usable_header(&url, self.timeout()).await
    }

    /// Sends the app's own gloo-net request with the token, as [`AuthClient::auth_fetch`] does:
    /// the token only to allowed origins, after a refresh when due, and one replay after a
    /// refresh when the server refuses it (401). Any other status is an `Ok` response.
    ///
    /// # Errors
    /// `invalid_argument` when gloo-net cannot build the request, then as
    /// [`AuthClient::service`].
    ///
    /// # Example
    /// ```no_run
    /// use gloo_net::http::Request;
    ///
    /// # async fn run(client: wasm_auth_client::AuthClient) -> Result<(), wasm_auth_client::AuthError> {
    /// let profile = client.send(Request::get("/services/profile")).await?;
    /// let saved = client
    ///     .send(Request::post("/services/notes").body("a note").map_err(|_| {
    ///         wasm_auth_client::AuthError::invalid_argument("body", "not sendable")
    ///     })?)
    ///     .await?;
    /// assert!(profile.ok() && saved.ok());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(
        &self,
        request: impl GlooRequest,
    ) -> Result<gloo_net::http::Response, AuthError> {
        let request = request.into_request()?;
        let response = self.auth_fetch(request, FetchOptions::default()).await?;
        Ok(response.into())
    }
}

/// A handle that does not keep the client alive: a listener that needs the client holds one
/// of these, so that the client (which holds the listener) is not kept by it.
#[derive(Clone)]
pub struct WeakAuthClient(Weak<Driver>);

impl WeakAuthClient {
    /// The client, unless it is gone.
    pub fn upgrade(&self) -> Option<AuthClient> {
        self.0.upgrade().map(|inner| AuthClient { inner })
    }
}
