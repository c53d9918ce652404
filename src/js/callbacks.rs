//! The app's JS callbacks: the configured ones (`onLogin`, `login.success` ...), kept here so
//! that `config()` can hand them back, and made into the Rust client's [`Callbacks`]. A
//! callback that throws is reported on the console; it never breaks the client.

use crate::browser::{describe, BodyTransform, Callback, Callbacks};
use crate::core::error::AuthError;
use crate::js::answer::{failure_to_js, success_to_js};
use crate::js::convert::{event_to_js, member, set};
use js_sys::Function;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// The configurable functions: where each sits in the settings and its name in messages.
/// `token.load` and `token.unload` are accepted and handed back by `config()`, as
/// `@netuno/auth-client` has them, but not called: the token is loaded and kept by the client.
const SLOTS: [(&str, &str, &str); 10] = [
    ("", "onLogin", "onLogin"),
    ("", "onLogout", "onLogout"),
    ("login", "success", "login.success"),
    ("login", "fail", "login.fail"),
    ("login", "data", "login.data"),
    ("refreshToken", "success", "refreshToken.success"),
    ("refreshToken", "fail", "refreshToken.fail"),
    ("refreshToken", "data", "refreshToken.data"),
    ("token", "load", "token.load"),
    ("token", "unload", "token.unload"),
];

/// Calls `f(arg)` when `f` is set; a throw is reported on the console, never passed on.
pub(crate) fn call(f: Option<&Function>, arg: &JsValue, what: &str) {
    if let Some(f) = f {
        if let Err(thrown) = f.call1(&JsValue::UNDEFINED, arg) {
            let message = format!(
                "wasm-auth-client: the {what} callback threw: {}",
                describe(&thrown)
            );
            web_sys::console::error_1(&message.into());
        }
    }
}

/// A member of an argument object that is a function, else `None`.
pub(crate) fn function_at(object: &JsValue, key: &str) -> Option<Function> {
    member(object, key).dyn_into::<Function>().ok()
}

/// The app's callbacks, one per [`SLOTS`] entry.
#[derive(Clone, Default)]
pub(crate) struct JsCallbacks([Option<Function>; 10]);

/// `f` as a request-body transform: called with the body, it returns the body to send (the
/// same object, changed in place, when it returns nothing).
pub(crate) fn transform(f: &Function, what: &'static str) -> BodyTransform {
    let f = f.clone();
    Rc::new(
        move |body: JsValue| match f.call1(&JsValue::UNDEFINED, &body) {
            Ok(changed) if changed.is_undefined() => Ok(body),
            Ok(changed) => Ok(changed),
            Err(thrown) => Err(format!("the {what} function threw: {}", describe(&thrown))),
        },
    )
}

/// The object of a settings section (`""` is the settings themselves).
fn section(settings: &JsValue, name: &str) -> JsValue {
    if name.is_empty() {
        settings.clone()
    } else {
        member(settings, name)
    }
}

impl JsCallbacks {
    /// These callbacks with those of `settings` merged in: a function sets one, `null` clears
    /// it, absence keeps it.
    ///
    /// # Errors
    /// [`AuthError::Config`] for a callback that is neither a function nor `null`.
    pub(crate) fn merged(&self, settings: &JsValue) -> Result<JsCallbacks, AuthError> {
        let mut merged = self.clone();
        for ((sect, key, path), slot) in SLOTS.iter().zip(merged.0.iter_mut()) {
            let value = member(&section(settings, sect), key);
            if value.is_undefined() {
                continue;
            }
            if !value.is_null() && !value.is_function() {
                return Err(AuthError::Config(format!(
                    "{path}: expected a function or null"
                )));
            }
            *slot = value.dyn_into::<Function>().ok();
        }
        Ok(merged)
    }

    /// Writes the callbacks into a `config()` copy.
    pub(crate) fn write_into(&self, copy: &JsValue) {
        for ((sect, key, _), f) in SLOTS.iter().zip(self.0.iter()) {
            if let Some(f) = f {
                set(&section(copy, sect), key, f);
            }
        }
    }

    /// The Rust client's callbacks, calling these.
    pub(crate) fn to_rust(&self) -> Callbacks {
        fn wrap<T: 'static>(
            f: &Option<Function>,
            what: &'static str,
            convert: fn(&T) -> JsValue,
        ) -> Option<Callback<T>> {
            let f = f.clone()?;
            Some(Rc::new(move |value: &T| {
                call(Some(&f), &convert(value), what)
            }))
        }
        let [on_login, on_logout, login_success, login_fail, login_data, refresh_success, refresh_fail, refresh_data, _load, _unload] =
            &self.0;
        Callbacks {
            on_login: wrap(on_login, "onLogin", event_to_js),
            on_logout: wrap(on_logout, "onLogout", event_to_js),
            login_success: wrap(login_success, "login.success", success_to_js),
            login_fail: wrap(login_fail, "login.fail", failure_to_js),
            refresh_success: wrap(refresh_success, "refreshToken.success", success_to_js),
            refresh_fail: wrap(refresh_fail, "refreshToken.fail", failure_to_js),
            login_data: login_data.as_ref().map(|f| transform(f, "login.data")),
            refresh_data: refresh_data
                .as_ref()
                .map(|f| transform(f, "refreshToken.data")),
        }
    }
}
