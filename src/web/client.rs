//! The `AuthClient` JS class: one per configuration, holding its session, callbacks,
//! listeners and in-flight refresh. Methods convert arguments and delegate to the core.

use super::callbacks::{self, Callbacks};
use super::codec::{self, BrowserJson};
use super::events::{dispatch, event_object, Listeners};
use super::scheduler::{self, Scheduler};
use super::{args, authorized, fetch_args, http, refresh, service, settings, storage, tabs};
use crate::config::Config;
use crate::error::AuthError;
use crate::session::{Event, Grant, LogoutReason, Session};
use crate::token::TokenState;
use gloo_timers::callback::Timeout;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// State shared by a client and its pending operations.
pub(crate) struct Inner {
    pub session: Session,
    pub callbacks: Callbacks,
    pub listeners: Listeners,
    pub scheduler: Scheduler,
    storage_watch: Option<tabs::StorageWatch>,
    /// Events waiting for [`emit_soon`]'s timer, and that timer.
    deferred: (Vec<Event>, Option<Timeout>),
    /// The refresh under way, shared by every caller (see `refresh::shared_refresh`).
    pub refresh_in_flight: Option<Promise>,
    /// One do-nothing rejection handler per client, for promises whose outcome is reported
    /// through events (a library must not leave unhandled rejections in the console).
    noop: Rc<Closure<dyn FnMut(JsValue)>>,
}

/// The client's do-nothing rejection handler.
pub(crate) fn noop(inner: &Shared) -> Rc<Closure<dyn FnMut(JsValue)>> {
    inner.borrow().noop.clone()
}

pub(crate) type Shared = Rc<RefCell<Inner>>;

/// An authentication client. Several can live side by side, each with its own storage key.
#[wasm_bindgen(js_name = AuthClient)]
pub struct JsAuthClient {
    inner: Shared,
}

pub(crate) fn now() -> f64 {
    js_sys::Date::now()
}

/// Dispatches events to the configured callbacks and the listeners, with no borrow held, so
/// that a callback may call back into the client.
pub(crate) fn emit(inner: &Shared, events: Vec<Event>) {
    if events.is_empty() {
        return;
    }
    scheduler::after(inner, &events);
    let (listeners, cbs) = {
        let mut i = inner.borrow_mut();
        i.listeners.invalidate();
        (i.listeners.current(), i.callbacks.clone())
    };
    for event in &events {
        let object = event_object(event);
        match event {
            Event::Login => callbacks::call_each(&[&cbs.on_login], &object, "onLogin"),
            Event::Logout(_) => callbacks::call_each(&[&cbs.on_logout], &object, "onLogout"),
            _ => {}
        }
        dispatch(&listeners, &object);
    }
}

/// Emits `events` on a zero-delay timer: a restore happens while the client is created or
/// configured, usually at module top level, before the app's next line subscribes; a timer
/// runs after every module of the page has been evaluated.
pub(crate) fn emit_soon(inner: &Shared, events: Vec<Event>) {
    if events.is_empty() {
        return;
    }
    let mut i = inner.borrow_mut();
    i.deferred.0.extend(events);
    if i.deferred.1.is_none() {
        let weak = Rc::downgrade(inner);
        i.deferred.1 = Some(Timeout::new(0, move || {
            if let Some(inner) = weak.upgrade() {
                let events = {
                    let mut i = inner.borrow_mut();
                    i.deferred.1 = None;
                    std::mem::take(&mut i.deferred.0)
                };
                emit(&inner, events);
            }
        }));
    }
}

/// The token as `token()` shows it, keyed like the server's response.
fn token_view(token: Option<&TokenState>) -> JsValue {
    let Some(t) = token else { return JsValue::NULL };
    let view = js_sys::Object::new();
    let put = |k: &str, v: JsValue| args::set(&view, k, &v);
    put("access_token", t.access_token.secret().into());
    put("refresh_token", t.refresh_token.secret().into());
    put("token_type", t.token_type.as_str().into());
    put(
        "expires_in",
        t.expires_in.map(JsValue::from_f64).unwrap_or(JsValue::NULL),
    );
    put("loaded_at", t.loaded_at.into());
    put(
        "expires_at",
        t.expires_at()
            .map(JsValue::from_f64)
            .unwrap_or(JsValue::NULL),
    );
    view.into()
}

pub(crate) fn current_token_view(inner: &Shared) -> JsValue {
    token_view(inner.borrow().session.token())
}

/// A Promise for a future. Every future goes through this one boxed type, so that
/// `future_to_promise` is compiled once rather than once per operation (each copy cost 1-3 KB).
pub(crate) fn promise(
    op: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> Promise {
    let boxed: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>> =
        Box::pin(op);
    future_to_promise(boxed)
}

/// Runs `op`, then calls the per-call callbacks from `call_args` and returns a Promise.
fn settle<F>(call_args: &JsValue, op: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    let success = callbacks::function_at(call_args, "success", "success")
        .ok()
        .flatten()
        .flatten();
    let fail = callbacks::function_at(call_args, "fail", "fail")
        .ok()
        .flatten()
        .flatten();
    promise(async move {
        let result = op.await;
        match &result {
            Ok(v) => callbacks::call_each(&[&success], v, "success"),
            Err(e) => callbacks::call_each(&[&fail], e, "fail"),
        }
        result
    })
}

async fn login(inner: Shared, call_args: JsValue) -> Result<JsValue, AuthError> {
    let username = args::string(&call_args, "username")?;
    let password = args::string(&call_args, "password")?;
    let (url, body, timeout) = {
        let i = inner.borrow();
        let config = i.session.config();
        (
            config.auth_url(),
            i.session.login_body(&username, &password),
            config.timeout,
        )
    };
    let reply = http::post_auth(&url, &body, timeout).await?;
    let (result, events) = inner
        .borrow_mut()
        .session
        .accept(Grant::Login, reply, now());
    emit(&inner, events);
    result.map(|()| current_token_view(&inner))
}

#[wasm_bindgen(js_class = AuthClient)]
impl JsAuthClient {
    /// Creates a client and restores a stored session, if any.
    ///
    /// # Errors
    /// An `AuthError` with code `config` when the settings are invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<JsAuthClient, JsValue> {
        let (config, callbacks) =
            settings::parse(&settings, &Config::default(), &Callbacks::default())?
                .unwrap_or_default();
        let store = storage::open(config.storage);
        let session = Session::new(config, store, Box::new(BrowserJson));
        let inner = Rc::new(RefCell::new(Inner {
            session,
            callbacks,
            listeners: Listeners::default(),
            scheduler: Scheduler::default(),
            storage_watch: None,
            deferred: (Vec::new(), None),
            refresh_in_flight: None,
            noop: Rc::new(Closure::new(|_: JsValue| {})),
        }));
        scheduler::watch_page(&inner);
        let watch = tabs::watch(&inner);
        inner.borrow_mut().storage_watch = watch;
        let events = inner.borrow_mut().session.restore();
        emit_soon(&inner, events);
        Ok(JsAuthClient { inner })
    }

    /// Deep-merges `settings` into the configuration; returns a copy of the result.
    ///
    /// # Errors
    /// `config` naming the bad key; the configuration is then unchanged.
    pub fn config(&self, settings: JsValue) -> Result<JsValue, JsValue> {
        settings::apply(&self.inner, &settings)?;
        let i = self.inner.borrow();
        let copy = codec::to_js(&i.session.config().to_value());
        i.callbacks.write_into(&copy);
        Ok(copy)
    }

    /// Logs in with `{username, password, success?, fail?}`; resolves with the token.
    pub fn login(&self, call_args: JsValue) -> Promise {
        let inner = self.inner.clone();
        let args_for_op = call_args.clone();
        settle(&call_args, async move {
            let result = login(inner.clone(), args_for_op)
                .await
                .map_err(JsValue::from);
            let cbs = inner.borrow().callbacks.clone();
            match &result {
                Ok(v) => callbacks::call_each(&[&cbs.login_success], v, "login.success"),
                Err(e) => callbacks::call_each(&[&cbs.login_fail], e, "login.fail"),
            }
            result
        })
    }

    /// Exchanges the refresh token for a new pair; concurrent calls share one request.
    #[wasm_bindgen(js_name = refreshToken)]
    pub fn refresh_token(&self, call_args: JsValue) -> Promise {
        let shared = refresh::shared_refresh(&self.inner);
        settle(&call_args, async move { JsFuture::from(shared).await })
    }

    /// Forgets the token and clears the storage.
    pub fn logout(&self) {
        let events = self.inner.borrow_mut().session.logout(LogoutReason::User);
        emit(&self.inner, events);
    }

    /// Whether a token is held.
    #[wasm_bindgen(js_name = isLogged)]
    pub fn is_logged(&self) -> bool {
        self.inner.borrow().session.token().is_some()
    }

    /// The access token, or `null` when logged out or when it has expired (a refresh is then
    /// under way). A token inside its refresh window starts a refresh first.
    #[wasm_bindgen(js_name = accessToken)]
    pub fn access_token(&self) -> JsValue {
        scheduler::refresh_if_due(&self.inner);
        let i = self.inner.borrow();
        match i.session.token() {
            Some(t) if !crate::schedule::is_expired(t, now()) => t.access_token.secret().into(),
            _ => JsValue::NULL,
        }
    }

    /// `token()` reads the token; `token(args, newToken)` loads a token response.
    ///
    /// # Errors
    /// `invalid_response` when `newToken` is not a valid token response.
    pub fn token(&self, _call_args: JsValue, new_token: JsValue) -> Result<JsValue, JsValue> {
        if !new_token.is_undefined() {
            let body = codec::from_js(&new_token);
            let (result, events) = self.inner.borrow_mut().session.load(&body, now());
            emit(&self.inner, events);
            result?;
        }
        Ok(current_token_view(&self.inner))
    }

    /// Registers a listener for events; returns its id (the package's `subscribe` wraps this
    /// into an unsubscribe function).
    ///
    /// # Errors
    /// `invalid_argument` when `listener` is not a function.
    #[wasm_bindgen(js_name = addListener)]
    pub fn add_listener(&self, listener: JsValue) -> Result<u32, JsValue> {
        let listener: Function = listener
            .dyn_into()
            .map_err(|_| AuthError::invalid_argument("listener", "expected a function"))?;
        Ok(self.inner.borrow_mut().listeners.add(listener))
    }

    /// Removes a listener by id.
    #[wasm_bindgen(js_name = removeListener)]
    pub fn remove_listener(&self, id: u32) {
        self.inner.borrow_mut().listeners.remove(id);
    }

    /// The current state; the same object until the state changes.
    pub fn snapshot(&self) -> JsValue {
        let mut i = self.inner.borrow_mut();
        let i = &mut *i;
        i.listeners.snapshot(&i.session)
    }

    /// `fetch` with the token: same arguments, a real `Response`; the token goes only to
    /// allowed origins, with a refresh first when due and one replay after a 401.
    #[wasm_bindgen(js_name = authFetch)]
    pub fn auth_fetch(&self, input: JsValue, init: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let (request, options) = fetch_args::request(&inner, &input, &init)?;
            let response = authorized::send(&inner, request, &options).await?;
            Ok(response.into())
        })
    }

    /// Calls the API like `@netuno/service-client`'s `_service`, with the Authorization header
    /// for allowed origins.
    pub fn service(&self, call_args: JsValue) -> Promise {
        let inner = self.inner.clone();
        let args_for_op = call_args.clone();
        settle(&call_args, async move {
            service::call(&inner, &args_for_op).await
        })
    }
}
