//! The `#[wasm_bindgen]` facade the npm package exports: the `AuthClient` class, which converts
//! JS values (through serde-wasm-bindgen) and delegates to the Rust [`crate::AuthClient`], and
//! `isAuthError` / `createAuthClient`. The TypeScript of the data types is generated from the
//! Rust types (tsify); that of the class and of the JS-only shapes is in `types`.

mod answer;
mod callbacks;
mod client;
mod compat;
mod convert;
mod error;
mod netuno;
mod parameters;
mod service;
mod service_client;
mod service_defaults;
mod types;

pub use client::JsAuthClient;

use wasm_bindgen::prelude::*;

/// Whether `error` is this package's `AuthError` (a type guard in TypeScript).
#[wasm_bindgen(js_name = isAuthError, skip_typescript)]
pub fn is_auth_error(error: &JsValue) -> bool {
    error.is_instance_of::<js_sys::Error>()
        && convert::member(error, "name").as_string().as_deref() == Some("AuthError")
        && convert::member(error, "code").is_string()
}

/// Creates an independent client (its own storage key, timers and listeners).
#[wasm_bindgen(js_name = createAuthClient, skip_typescript)]
pub fn create_auth_client(settings: JsValue) -> Result<JsAuthClient, JsValue> {
    JsAuthClient::new(settings)
}
