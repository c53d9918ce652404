//! What the Netuno drop-ins need (`wasm-auth-client/netuno`, `wasm-auth-client/service-client`):
//! a client linked to an app's `@netuno/service-client` (its prefix followed while the app sets
//! none, its `Authorization` header set and cleared as the session changes, as
//! `@netuno/auth-client` does), and `_service.config({prefix, headers, credentials})` on ours.

use crate::browser::AuthRequestDefaults;
use crate::core::config::Credentials;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::params::Param;
use crate::js::client::JsAuthClient;
use crate::js::convert::{header_pairs, member, set, to_plain};
use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

/// `service.config()` of a service client: its settings copy, or `undefined`.
fn service_settings(service: &JsValue) -> JsValue {
    match member(service, "config").dyn_into::<Function>() {
        Ok(config) => config.call0(service).unwrap_or(JsValue::UNDEFINED),
        Err(_) => JsValue::UNDEFINED,
    }
}

/// A `credentials` setting (`'omit'`, `'same-origin'`, `'include'`); `None` for anything else.
fn credentials_of(value: &JsValue) -> Option<Credentials> {
    match value.as_string().as_deref() {
        Some("omit") => Some(Credentials::Omit),
        Some("same-origin") => Some(Credentials::SameOrigin),
        Some("include") => Some(Credentials::Include),
        _ => None,
    }
}

/// The headers (but `Authorization`, which the reference empties for these requests, and
/// `Content-Type`) and credentials of a service client's settings.
fn request_defaults(settings: &JsValue) -> AuthRequestDefaults {
    let skipped = ["authorization", "content-type"];
    let headers = header_pairs(&member(settings, "headers"))
        .into_iter()
        .filter(|(name, value)| {
            !value.is_empty() && !skipped.contains(&name.to_ascii_lowercase().as_str())
        })
        .collect();
    AuthRequestDefaults {
        headers,
        credentials: credentials_of(&member(settings, "credentials")),
    }
}

#[wasm_bindgen(js_class = AuthClient)]
impl JsAuthClient {
    /// Links `service` (an `@netuno/service-client` `_service`): while the app sets no `prefix`
    /// its prefix is followed, and with `autoLoadServiceHeaders` its `Authorization` header
    /// carries the token (and is emptied on logout).
    #[wasm_bindgen(js_name = useServiceClient)]
    pub fn use_service_client(&self, service: JsValue) -> Result<(), JsValue> {
        let configure: Function = member(&service, "config").dyn_into().map_err(|_| {
            AuthError::invalid_argument("service", "expected @netuno/service-client's _service")
        })?;
        if !self.prefix_set.get() {
            let source = service.clone();
            self.client.set_prefix_source(Some(move || {
                member(&service_settings(&source), "prefix").as_string()
            }));
        }
        // Login and refresh go with its headers and credentials, as the reference's requests,
        // made through it, do.
        let source = service.clone();
        self.client
            .set_auth_request_source(Some(move || request_defaults(&service_settings(&source))));
        let weak = self.client.downgrade();
        let sync = move |_: &Event| {
            let Some(client) = weak.upgrade() else {
                return;
            };
            let config = client.config();
            if !config.auto_load_service_headers {
                return;
            }
            let token = client.token();
            let value = token.map(|t| {
                let secret = t.access_token.secret();
                config.auth_header_value(&t.token_type, secret).1
            });
            let (name, value) = (config.auth_header, value.unwrap_or_default());
            let headers: JsValue = Object::new().into();
            set(&headers, &name, &JsValue::from_str(&value));
            let settings: JsValue = Object::new().into();
            set(&settings, "headers", &headers);
            let _ = configure.call1(&service, &settings);
        };
        if self.client.is_logged() {
            sync(&Event::Restore);
        }
        let subscription = self.client.subscribe(move |event| {
            if matches!(
                event,
                Event::Login | Event::Restore | Event::Refresh | Event::Logout(_)
            ) {
                sync(event);
            }
        });
        subscription.detach(); // stays subscribed for the client's life
        Ok(())
    }

    /// `_service.config({prefix, headers, credentials, method, success, fail})` of the
    /// service-client drop-in: the prefix is the client's own (`''` kept: urls as they are);
    /// headers (merged key by key), credentials, the method and the callbacks are the
    /// defaults of `service()` calls (a call's own `success` or `fail` replaces the configured
    /// one). Returns them; nothing changes when one is bad.
    #[wasm_bindgen(js_name = serviceConfig)]
    pub fn service_config(&self, settings: JsValue) -> Result<JsValue, JsValue> {
        let defaults = self.service_defaults.borrow().merged(&settings)?;
        let prefix = member(&settings, "prefix").as_string();
        let headers = member(&settings, "headers");
        let credentials = member(&settings, "credentials");
        let credentials = match credentials_of(&credentials) {
            _ if credentials.is_undefined() => None,
            Some(known) => Some(Some(known)),
            None if credentials.is_null() => Some(None),
            None => {
                return Err(AuthError::invalid_argument(
                    "credentials",
                    "expected 'omit', 'same-origin' or 'include'",
                )
                .into())
            }
        };
        let added: Vec<(String, Param)> = header_pairs(&headers)
            .into_iter()
            .map(|(name, value)| (name, Param::Text(value)))
            .collect();
        if prefix.is_some() {
            self.prefix_set.set(true);
            self.client
                .set_prefix_source(None::<fn() -> Option<String>>);
        }
        let config = self.client.configure(|c| {
            if let Some(prefix) = prefix {
                c.prefix = prefix;
            }
            c.service.headers = c.service.headers.with(added);
            if let Some(credentials) = credentials {
                c.service.credentials = credentials;
            }
        })?;
        let copy: JsValue = Object::new().into();
        set(&copy, "prefix", &JsValue::from_str(&config.prefix));
        set(&copy, "headers", &to_plain(&config.service.headers));
        set(&copy, "credentials", &to_plain(&config.service.credentials));
        defaults.write_into(&copy);
        *self.service_defaults.borrow_mut() = defaults;
        Ok(copy)
    }
}
