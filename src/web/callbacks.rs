//! JS callbacks: the ones configured (`onLogin`, `login.success` ...) and the per-call ones.
//! A callback that throws is reported on the console; it never breaks the client.

use super::args::{member, set};
use super::errors::describe;
use crate::error::AuthError;
use js_sys::Function;
use wasm_bindgen::JsValue;

/// The callbacks held in a client's configuration.
#[derive(Default, Clone)]
pub(crate) struct Callbacks {
    pub on_login: Option<Function>,
    pub on_logout: Option<Function>,
    pub login_success: Option<Function>,
    pub login_fail: Option<Function>,
    pub refresh_success: Option<Function>,
    pub refresh_fail: Option<Function>,
}

/// The member `key` of `object`: `None` when absent, `Some(None)` for `null`, the function
/// otherwise; anything else is a config error naming `path`.
pub(crate) fn function_at(
    object: &JsValue,
    key: &str,
    path: &str,
) -> Result<Option<Option<Function>>, AuthError> {
    let value = member(object, key);
    if value.is_undefined() {
        Ok(None)
    } else if value.is_null() {
        Ok(Some(None))
    } else if value.is_function() {
        Ok(Some(Some(value.into())))
    } else {
        Err(AuthError::Config(
            [path, ": expected a function or null"].concat(),
        ))
    }
}

impl Callbacks {
    /// A copy with the callbacks found in `settings` replacing these; `settings` was already
    /// checked by the core for unknown keys.
    pub fn merged(&self, settings: &JsValue) -> Result<Callbacks, AuthError> {
        let mut c = self.clone();
        let login = member(settings, "login");
        let refresh = member(settings, "refreshToken");
        let slots: [(&mut Option<Function>, &JsValue, &str, &str); 6] = [
            (&mut c.on_login, settings, "onLogin", "onLogin"),
            (&mut c.on_logout, settings, "onLogout", "onLogout"),
            (&mut c.login_success, &login, "success", "login.success"),
            (&mut c.login_fail, &login, "fail", "login.fail"),
            (
                &mut c.refresh_success,
                &refresh,
                "success",
                "refreshToken.success",
            ),
            (&mut c.refresh_fail, &refresh, "fail", "refreshToken.fail"),
        ];
        for (slot, object, key, path) in slots {
            if let Some(f) = function_at(object, key, path)? {
                *slot = f;
            }
        }
        Ok(c)
    }

    /// Writes the callbacks back into a config copy returned by `config()`.
    pub fn write_into(&self, config: &JsValue) {
        let put = |object: &JsValue, key: &str, f: &Option<Function>| {
            if let Some(f) = f {
                set(object, key, f);
            }
        };
        put(config, "onLogin", &self.on_login);
        put(config, "onLogout", &self.on_logout);
        let login = member(config, "login");
        put(&login, "success", &self.login_success);
        put(&login, "fail", &self.login_fail);
        let refresh = member(config, "refreshToken");
        put(&refresh, "success", &self.refresh_success);
        put(&refresh, "fail", &self.refresh_fail);
    }
}

/// Calls `f(arg)`; a throw is reported on the console and swallowed.
pub(crate) fn call(f: &Function, arg: &JsValue, what: &str) {
    if let Err(thrown) = f.call1(&JsValue::UNDEFINED, arg) {
        let message = [
            "wasm-auth-client: the ",
            what,
            " callback threw: ",
            &describe(&thrown),
        ]
        .concat();
        web_sys::console::error_1(&message.into());
    }
}

/// Calls each function that is set.
pub(crate) fn call_each(fs: &[&Option<Function>], arg: &JsValue, what: &str) {
    for f in fs.iter().copied().flatten() {
        call(f, arg, what);
    }
}
