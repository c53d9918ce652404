//! The app's JS callbacks: the configured ones (`onLogin`, `login.success` ...), kept here so
//! that `config()` can hand them back, and made into the Rust client's [`Callbacks`]. A
//! callback that throws is reported on the console; it never breaks the client.

use crate::browser::{describe, Callback, Callbacks};
use crate::core::error::AuthError;
use crate::js::convert::{event_to_js, member, token_to_js};
use crate::js::error::to_js;
use js_sys::{Function, Reflect};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// The configurable callbacks: where each sits in the settings and its name in messages.
const SLOTS: [(&str, &str, &str); 6] = [
    ("", "onLogin", "onLogin"),
    ("", "onLogout", "onLogout"),
    ("login", "success", "login.success"),
    ("login", "fail", "login.fail"),
    ("refreshToken", "success", "refreshToken.success"),
    ("refreshToken", "fail", "refreshToken.fail"),
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
pub(crate) struct JsCallbacks([Option<Function>; 6]);

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
                let _ = Reflect::set(&section(copy, sect), &JsValue::from_str(key), f);
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
        let [on_login, on_logout, login_success, login_fail, refresh_success, refresh_fail] =
            &self.0;
        Callbacks {
            on_login: wrap(on_login, "onLogin", event_to_js),
            on_logout: wrap(on_logout, "onLogout", event_to_js),
            login_success: wrap(login_success, "login.success", token_to_js),
            login_fail: wrap(login_fail, "login.fail", to_js),
            refresh_success: wrap(refresh_success, "refreshToken.success", token_to_js),
            refresh_fail: wrap(refresh_fail, "refreshToken.fail", to_js),
        }
    }
}
