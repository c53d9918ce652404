//! The service-client drop-in's call defaults (`_service.config({success, fail, method})`).

use crate::core::error::AuthError;
use crate::js::convert::{member, set};
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

/// The defaults of a client's service calls that `_service.config()` sets besides the prefix,
/// headers and credentials (which are the client's configuration). They are kept by the JS
/// class, not in the configuration, because they are functions and a setting of the drop-in
/// only: `config()` neither takes nor shows them.
#[derive(Clone, Default)]
pub(crate) struct ServiceDefaults {
    /// Called with the result of a call that has no `success` of its own.
    pub(crate) success: Option<Function>,
    /// Called with the failure of a call that has no `fail` of its own.
    pub(crate) fail: Option<Function>,
    /// The method of a call that names none; `None`: GET.
    pub(crate) method: Option<String>,
}

/// A callback setting: a function sets it, `null` clears it, absence keeps it.
fn callback(
    settings: &JsValue,
    key: &str,
    kept: &Option<Function>,
) -> Result<Option<Function>, AuthError> {
    match member(settings, key) {
        v if v.is_undefined() => Ok(kept.clone()),
        v if v.is_null() => Ok(None),
        v => v
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| AuthError::invalid_argument(key, "expected a function or null")),
    }
}

impl ServiceDefaults {
    /// These defaults with `settings` (`{success, fail, method}`) merged in.
    ///
    /// # Errors
    /// [`AuthError::InvalidArgument`] naming a setting of the wrong type.
    pub(crate) fn merged(&self, settings: &JsValue) -> Result<ServiceDefaults, AuthError> {
        let method = match member(settings, "method") {
            m if m.is_undefined() => self.method.clone(),
            m if m.is_null() => None,
            m => match m.as_string() {
                Some(method) if !method.is_empty() => Some(method),
                _ => {
                    return Err(AuthError::invalid_argument(
                        "method",
                        "expected a method name",
                    ))
                }
            },
        };
        Ok(ServiceDefaults {
            success: callback(settings, "success", &self.success)?,
            fail: callback(settings, "fail", &self.fail)?,
            method,
        })
    }

    /// Writes `method`, and the callbacks that are set, into a `_service.config()` copy.
    pub(crate) fn write_into(&self, copy: &JsValue) {
        set(
            copy,
            "method",
            &JsValue::from_str(self.method.as_deref().unwrap_or("GET")),
        );
        for (key, f) in [("success", &self.success), ("fail", &self.fail)] {
            if let Some(f) = f {
                set(copy, key, f);
            }
        }
    }
}
