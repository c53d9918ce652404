//! The sections of [`crate::core::config::Config`]: the login, refresh and logout requests,
//! the defaults of `service()` calls, and the token's storage and response keys.

use crate::core::params::Params;
use serde::{Deserialize, Serialize};

/// The login request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LoginConfig {
    /// Body key of the username (`username`).
    pub username_key: String,
    /// Body key of the password (`password`).
    pub password_key: String,
    /// Other body fields (`{jwt: true}`); replaced whole by a setting.
    #[cfg_attr(
        feature = "js",
        tsify(type = "Record<string, string | number | boolean>")
    )]
    pub params: Params,
}

/// The refresh request: where it goes and its body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenConfig {
    /// Body key of the refresh token (`refresh_token`).
    pub parameter_key: String,
    /// The refresh endpoint, relative to `prefix` like `url`; `None`: the same as `url`.
    pub url: Option<String>,
    /// Cookie mode: the server keeps the refresh token in an `HttpOnly` cookie the page never
    /// sees. Login, refresh and logout go with credentials, the access token lives in memory
    /// only, and a page load restores the session by a refresh the cookie authenticates.
    /// Needs `logout.url` (where the server clears the cookie).
    pub cookie: bool,
    /// Other body fields (`{jwt: true}`); replaced whole by a setting.
    #[cfg_attr(
        feature = "js",
        tsify(type = "Record<string, string | number | boolean>")
    )]
    pub params: Params,
}

/// Telling the server about a logout (revoking the refresh token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct LogoutConfig {
    /// Where `logout()` POSTs the refresh token (relative to `prefix`), without waiting for
    /// the answer to end the local session; `None` (the default): nowhere.
    pub url: Option<String>,
    /// Other body fields (none by default); replaced whole by a setting.
    #[cfg_attr(
        feature = "js",
        tsify(type = "Record<string, string | number | boolean>")
    )]
    pub params: Params,
}

/// Where the token lives in storage and how to read it out of a server response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct TokenConfig {
    /// Storage key (`_auth_token`).
    pub storage_key: String,
    /// Response key that must be `true`; `None` skips the check.
    pub result_key: Option<String>,
    /// Response key of the lifetime number.
    pub expires_in_key: Option<String>,
    /// Response key of the access token.
    pub access_token_key: String,
    /// Response key of the refresh token.
    pub refresh_token_key: String,
    /// Response key of the token type.
    pub token_type_key: Option<String>,
    /// Key of the load time (ms since the epoch) in the stored record, as
    /// `@netuno/auth-client` writes it (`loaded_in`).
    pub loaded_in_key: String,
    /// Lifetime (in `expiresInUnit`) used when neither the JWT nor the response gives one.
    pub expires_in_default: Option<f64>,
    /// Token type used when the response has none (else `Bearer`).
    pub token_type_default: Option<String>,
    /// The longest access or refresh token accepted, in bytes (16 KiB): a larger one would go
    /// with every request, and many servers refuse such headers.
    pub max_bytes: u32,
}

/// `fetch`'s `credentials` mode: whether cookies go with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Credentials {
    Omit,
    SameOrigin,
    Include,
}

/// Defaults of `service()` calls (what `@netuno/service-client`'s `_service.config` sets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ServiceConfig {
    /// Headers added to every call (a call's own headers win).
    #[cfg_attr(
        feature = "js",
        tsify(type = "Record<string, string | number | boolean>")
    )]
    pub headers: Params,
    /// `fetch`'s `credentials` for the calls; `None`: fetch's default (`same-origin`).
    pub credentials: Option<Credentials>,
}
