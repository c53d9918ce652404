//! The return values that apps written for `@netuno/auth-client` 1.1.x rely on: `config()`
//! resolves (it is `async` there) to a copy carrying `token.load(settings, data)`, which
//! reauthkit's provider login calls as `(await _auth.config()).token.load(config, json.token)`;
//! and `token()` returns a copy of the `token` settings with `load` and `unload`.

use crate::browser::token_fields::loaded_fields;
use crate::browser::AuthClient;
use crate::js::convert::{member, set, to_plain};
use js_sys::{Function, Object};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Loads `data` as a token answer (by the configured keys, or what `token()` returned):
/// whether it was a usable token. The reason a token is refused is said on the console, as
/// `@netuno/auth-client` only answers `false`.
pub(crate) fn load(client: &AuthClient, data: &JsValue) -> bool {
    let (fields, loaded_at) = loaded_fields(data, &client.config().token);
    match client.load_response(&fields, loaded_at) {
        Ok(_) => true,
        Err(e) => {
            let message = format!("wasm-auth-client: token not loaded: {e}");
            web_sys::console::warn_1(&message.into());
            false
        }
    }
}

/// `load(settings, data)` and `unload(settings?, data?)` functions on this client (`unload` is
/// `logout` and ignores its arguments), for the copies below. They hold the client weakly: a
/// copy an app keeps does not keep it alive.
fn functions(client: &AuthClient) -> (Function, Function) {
    type TokenFunction = dyn Fn(JsValue, JsValue) -> bool;
    let weak = client.downgrade();
    let load = Closure::<TokenFunction>::new(move |_: JsValue, data: JsValue| {
        weak.upgrade().is_some_and(|client| load(&client, &data))
    });
    let weak = client.downgrade();
    let unload = Closure::<TokenFunction>::new(move |_: JsValue, _: JsValue| {
        if let Some(client) = weak.upgrade() {
            client.logout();
        }
        true
    });
    (
        load.into_js_value().unchecked_into(),
        unload.into_js_value().unchecked_into(),
    )
}

/// `token()`: a copy of the `token` settings, with `load` and `unload`.
pub(crate) fn token_settings(client: &AuthClient) -> JsValue {
    let copy = to_plain(&client.config().token);
    let (load, unload) = functions(client);
    set(&copy, "load", &load);
    set(&copy, "unload", &unload);
    copy
}

/// A `config()` copy that is also thenable: `await _auth.config()` gets a copy (without
/// `then`, or awaiting would never end) whose `token` has `load` and `unload`.
pub(crate) fn thenable(client: &AuthClient, copy: &JsValue) -> JsValue {
    let (load, unload) = functions(client);
    let token = member(copy, "token");
    set(&token, "load", &load);
    set(&token, "unload", &unload);
    let plain: JsValue = Object::assign(&Object::new(), copy.unchecked_ref()).into();
    // FnMut, as the client's other one-argument functions are: one closure type in the glue.
    let then = Closure::<dyn FnMut(JsValue)>::new(move |resolve: JsValue| {
        if let Some(resolve) = resolve.dyn_ref::<Function>() {
            let _ = resolve.call1(&JsValue::UNDEFINED, &plain);
        }
    });
    set(copy, "then", &then.into_js_value());
    copy.clone()
}
