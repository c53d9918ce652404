//! The exported `AuthClient` class: each method converts its JS arguments, delegates to the
//! Rust [`crate::AuthClient`], and converts the result. Async methods return Promises, all
//! through one boxed-future path ([`promise`]).

use crate::browser::{Answered, AuthClient, FetchOptions, LoginRequest, LoginResult, Status};
use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::token::Token;
use crate::js::answer::{failure_to_js, success_to_js};
use crate::js::callbacks::{call, function_at, transform, JsCallbacks};
use crate::js::compat::{load, thenable, token_settings};
use crate::js::convert::{
    event_to_js, is_object, member, merged, snapshot_to_js, string_arg, to_plain, token_to_js,
};
use crate::js::service_defaults::ServiceDefaults;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub(crate) type Pending = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// The one Promise path of every async method: a single instantiation of the future wrapper.
fn promise(future: Pending) -> Promise {
    future_to_promise(future)
}

thread_local! {
    /// A function that ignores its argument: the rejection handler that marks a Promise as
    /// handled.
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

/// Marks `promise` as handled: its rejection is no unhandled rejection (which would crash Node
/// and fail a Jest run). `await` still throws, and a `then` without a rejection handler still
/// gives a rejected Promise of its own.
pub(crate) fn mark_handled(promise: &Promise) {
    IGNORE.with(|ignore| {
        let _ = promise.catch(ignore);
    });
}

/// Whether a call's arguments bring a `success` or `fail` callback.
fn has_callbacks(args: &JsValue) -> bool {
    function_at(args, "success").is_some() || function_at(args, "fail").is_some()
}

/// A login's or refresh's outcome as the Promise settles with it (and the callbacks get it).
fn answered_to_js(answered: Answered<Result<Token, AuthError>>) -> Result<JsValue, JsValue> {
    let Answered { value, answer } = answered;
    match value {
        Ok(value) => Ok(success_to_js(&Answered { value, answer })),
        Err(value) => Err(failure_to_js(&Answered { value, answer })),
    }
}

/// Runs `op`, then `success` or `fail` with its outcome; the Promise settles with it. `op`
/// comes boxed, so every async method shares this one instantiation. With `handled`, the
/// Promise is marked handled ([`mark_handled`]).
pub(crate) fn settle(
    success: Option<Function>,
    fail: Option<Function>,
    handled: bool,
    op: Pending,
) -> Promise {
    let settled = promise(Box::pin(async move {
        let outcome = op.await;
        match &outcome {
            Ok(value) => call(success.as_ref(), value, "success"),
            Err(error) => call(fail.as_ref(), error, "fail"),
        }
        outcome
    }));
    if handled {
        mark_handled(&settled);
    }
    settled
}

/// [`settle`] with the per-call `success` and `fail` of `args`. A call that brings one is in
/// the callback style (`@netuno/auth-client`'s, which never rejects): its failure is not
/// also an unhandled rejection. The Promise still rejects, for apps that await it.
fn settle_call(args: &JsValue, op: Pending) -> Promise {
    let success = function_at(args, "success");
    let fail = function_at(args, "fail");
    let handled = fail.is_some() || success.is_some();
    settle(success, fail, handled, op)
}

/// An authentication client. Several can live side by side, each with its own storage key.
#[wasm_bindgen(js_name = AuthClient, skip_typescript)]
pub struct JsAuthClient {
    pub(crate) client: AuthClient,
    callbacks: RefCell<JsCallbacks>,
    /// The last snapshot and the client version it was made at.
    snapshot: RefCell<Option<(u64, JsValue)>>,
    /// Whether the app set `prefix` itself (then a linked service client's is not followed).
    pub(crate) prefix_set: std::cell::Cell<bool>,
    /// The defaults of `service()` calls that `serviceConfig()` sets (`success`, `fail`,
    /// `method`).
    pub(crate) service_defaults: RefCell<ServiceDefaults>,
}

/// `free()`: the client stops at once, though Promises of its calls may still hold it.
impl Drop for JsAuthClient {
    fn drop(&mut self) {
        self.client.close();
    }
}

#[wasm_bindgen(js_class = AuthClient)]
impl JsAuthClient {
    /// A client with `settings` deep-merged into the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<JsAuthClient, JsValue> {
        let none = settings.is_undefined() || settings.is_null();
        let config = if none {
            Config::default()
        } else {
            merged(&Config::default(), &settings)?
        };
        // A bad typed setting is reported before a bad callback.
        let callbacks = JsCallbacks::default().merged(&settings)?;
        let client = AuthClient::new(config)?;
        client.set_callbacks(callbacks.to_rust());
        let js = JsAuthClient {
            client,
            callbacks: RefCell::new(callbacks),
            snapshot: RefCell::new(None),
            prefix_set: std::cell::Cell::new(!member(&settings, "prefix").is_undefined()),
            service_defaults: RefCell::default(),
        };
        js.link_service_client(&settings)?;
        Ok(js)
    }

    /// Deep-merges `settings` into the configuration; returns a copy of the result. Nothing
    /// changes when a key is bad.
    pub fn config(&self, settings: JsValue) -> Result<JsValue, JsValue> {
        if !(settings.is_undefined() || settings.is_null()) {
            let config = merged(&self.client.config(), &settings)?;
            let callbacks = self.callbacks.borrow().merged(&settings)?;
            self.client.configure(|c| *c = config)?;
            self.client.set_callbacks(callbacks.to_rust());
            *self.callbacks.borrow_mut() = callbacks;
            self.link_service_client(&settings)?;
            if !member(&settings, "prefix").is_undefined() {
                self.prefix_set.set(true);
                self.client
                    .set_prefix_source(None::<fn() -> Option<String>>);
            }
        }
        let copy = to_plain(&self.client.config());
        self.callbacks.borrow().write_into(&copy);
        Ok(thenable(&self.client, &copy))
    }

    /// Logs in with `{username, password, success?, fail?, data?, url?}` (`data`: a function
    /// that may change the request body; `url`: this call's auth URL); resolves with the
    /// token, which carries the auth POST's result too (`{ok, status, isJSON, contentType,
    /// response, json}`), and rejects with an `AuthError` carrying them as well. A `success`
    /// or `fail` of the call's own replaces the configured one.
    pub fn login(&self, args: JsValue) -> Promise {
        let client = self.client.clone();
        let own_callbacks = has_callbacks(&args);
        let request = string_arg(&args, "username").and_then(|username| {
            Ok(LoginRequest {
                username,
                password: string_arg(&args, "password")?,
                url: member(&args, "url").as_string(),
                data: function_at(&args, "data").map(|f| transform(&f, "data")),
                own_callbacks,
            })
        });
        settle_call(
            &args,
            Box::pin(async move {
                let answered = match request {
                    Ok(request) => client.login_with(request).await,
                    Err(e) => refused(&client, e, own_callbacks),
                };
                answered_to_js(answered)
            }),
        )
    }

    /// Exchanges the refresh token for a new pair; concurrent calls share one request. While
    /// logged out it calls neither callback (as `@netuno/auth-client`) and rejects with
    /// `not_logged_in`.
    #[wasm_bindgen(js_name = refreshToken)]
    pub fn refresh_token(&self, args: JsValue) -> Promise {
        let client = self.client.clone();
        if self.client.snapshot_without_user().status == Status::LoggedOut {
            let rejected = Promise::reject(&AuthError::NotLoggedIn.into());
            if has_callbacks(&args) {
                mark_handled(&rejected);
            }
            return rejected;
        }
        let own_callbacks = has_callbacks(&args);
        settle_call(
            &args,
            Box::pin(async move { answered_to_js(client.refresh_token_with(own_callbacks).await) }),
        )
    }

    /// Resolves once the session is loaded: at once, unless a restore from the other tabs or
    /// (in cookie mode) from the refresh cookie runs.
    pub fn ready(&self) -> Promise {
        let client = self.client.clone();
        promise(Box::pin(async move {
            client.ready().await;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// Forgets the token and clears the storage; resolves when done (`_auth.logout().then(…)`,
    /// as with `@netuno/auth-client` 1.1).
    pub fn logout(&self) -> Promise {
        self.client.logout();
        Promise::resolve(&JsValue::UNDEFINED)
    }

    /// Whether a token is held.
    #[wasm_bindgen(js_name = isLogged)]
    pub fn is_logged(&self) -> bool {
        self.client.is_logged()
    }

    /// The access token, or `null` (not `undefined`) when logged out or expired.
    #[wasm_bindgen(js_name = accessToken)]
    pub fn access_token(&self) -> JsValue {
        self.client
            .access_token()
            .map_or(JsValue::NULL, JsValue::from)
    }

    /// As `@netuno/auth-client`: `token(data)` (or `token(args, data)`) loads `data` as a token
    /// answer and returns whether it was one; `token()` returns a copy of the `token`
    /// settings, with `load` and `unload`. The token itself: [`JsAuthClient::current_token`].
    pub fn token(&self, first: JsValue, second: JsValue) -> JsValue {
        let data = if second.is_undefined() { first } else { second };
        if data.is_truthy() {
            load(&self.client, &data).into()
        } else {
            token_settings(&self.client)
        }
    }

    /// The token held (`access_token`, `refresh_token`, `token_type`, `expires_in`,
    /// `loaded_at`, `expires_at`, `extra`), or `null`.
    #[wasm_bindgen(js_name = currentToken)]
    pub fn current_token(&self) -> JsValue {
        self.client
            .token()
            .as_ref()
            .map_or(JsValue::NULL, token_to_js)
    }

    /// Registers `listener` for events; returns a function that unsubscribes it.
    pub fn subscribe(&self, listener: JsValue) -> Result<Function, JsValue> {
        let listener: Function = listener
            .dyn_into()
            .map_err(|_| AuthError::invalid_argument("listener", "expected a function"))?;
        let subscription = self.client.subscribe(move |event| {
            call(Some(&listener), &event_to_js(event), "subscribe listener")
        });
        // Freed by the JS garbage collector with the function (wasm-bindgen registers closures
        // with a FinalizationRegistry); calling it twice is harmless.
        let subscription = subscription.detach();
        let unsubscribe = Closure::<dyn FnMut()>::new(move || subscription.unsubscribe());
        Ok(unsubscribe.into_js_value().unchecked_into())
    }

    /// The current state; the same frozen object until the state changes.
    pub fn snapshot(&self) -> JsValue {
        let version = self.client.version();
        let mut cached = self.snapshot.borrow_mut();
        if let Some((at, value)) = cached.as_ref() {
            if *at == version {
                return value.clone();
            }
        }
        let token = self.client.token();
        let value = snapshot_to_js(&self.client.snapshot_without_user(), token.as_ref());
        *cached = Some((version, value.clone()));
        value
    }

    /// `fetch` with the token: same arguments, a real `Response`.
    #[wasm_bindgen(js_name = authFetch)]
    pub fn auth_fetch(&self, input: JsValue, init: JsValue) -> Promise {
        let client = self.client.clone();
        let init = if is_object(&init) {
            init
        } else {
            js_sys::Object::new().into()
        };
        // A stream body can be read once only: such a request is never replayed.
        let single_use_body = member(&init, "body").is_instance_of::<web_sys::ReadableStream>();
        // The caller's signal, as `fetch` picks it: the init's, else the input Request's.
        let signal = member(&init, "signal")
            .dyn_into::<web_sys::AbortSignal>()
            .ok()
            .or_else(|| input.dyn_ref::<web_sys::Request>().map(|r| r.signal()));
        let request = request_of(&input, init.unchecked_ref());
        promise(Box::pin(async move {
            let options = FetchOptions {
                signal: signal.clone(),
                timeout_ms: None,
                single_use_body,
            };
            match client.auth_fetch(request?, options).await {
                Ok(response) => Ok(response.into()),
                // As `fetch` does: the app's abort rejects with its signal's reason (an
                // `AbortError` DOMException unless the app gave one), which apps look for.
                Err(AuthError::Aborted) => Err(signal.map_or(JsValue::UNDEFINED, |s| s.reason())),
                Err(e) => Err(e.into()),
            }
        }))
    }
}

impl JsAuthClient {
    /// Links the `serviceClient` of `settings`, if it names one (`@netuno/auth-client`'s
    /// setting for the `_service` to use), as [`JsAuthClient::use_service_client`] does.
    fn link_service_client(&self, settings: &JsValue) -> Result<(), JsValue> {
        let service = member(settings, "serviceClient");
        if service.is_object() || service.is_function() {
            self.use_service_client(service)?;
        }
        Ok(())
    }
}

#[wasm_bindgen]
extern "C" {
    /// `new Request(input, init)` for any `input` fetch takes (a string, a `URL`, a `Request`),
    /// with no copy of a URL through wasm memory.
    #[wasm_bindgen(js_name = Request)]
    type AnyRequest;
    #[wasm_bindgen(constructor, js_class = Request, catch)]
    fn new(input: &JsValue, init: &web_sys::RequestInit) -> Result<AnyRequest, JsValue>;
}

/// The `Request` of `authFetch(input, init)`.
fn request_of(input: &JsValue, init: &web_sys::RequestInit) -> Result<web_sys::Request, AuthError> {
    crate::browser::fetch_api()?;
    AnyRequest::new(input, init)
        .map(JsCast::unchecked_into)
        // The browser's message is not passed on: it can quote a URL with credentials in it.
        .map_err(|_| {
            AuthError::invalid_argument(
                "input",
                "fetch cannot build a request from these arguments: expected a URL string, a \
                 URL or a Request, and valid options (no body with GET or HEAD, valid header \
                 names and values, `duplex: 'half'` with a stream body)",
            )
        })
}

/// A login refused before it was sent (bad arguments): the configured `login.fail` hears of it
/// too, unless the call brings callbacks of its own.
fn refused(client: &AuthClient, error: AuthError, own_callbacks: bool) -> Answered<LoginResult> {
    if !own_callbacks {
        if let Some(fail) = client.callbacks().login_fail {
            fail(&Answered {
                value: error.clone(),
                answer: None,
            });
        }
    }
    Answered {
        value: Err(error),
        answer: None,
    }
}
