//! What the app's calls take and get: a `service()` call and its answer, `auth_fetch`'s options,
//! and the gloo-net requests [`crate::AuthClient::send`] takes. On every target: the client's
//! signatures use them (off wasm32 it is an inert handle with the same signatures).

use crate::browser::callbacks::BodyTransform;
use crate::core::error::AuthError;
use crate::core::token::Token;
use wasm_bindgen::JsValue;

/// What a service call sends.
#[derive(Debug, Clone, Default)]
pub enum ServiceBody {
    /// No body.
    #[default]
    None,
    /// Query parameters appended to the URL (what `data` becomes for GET and HEAD).
    Query(Vec<(String, String)>),
    /// A JSON body, as text (sent with `Content-Type: application/json`).
    Json(String),
    /// A multipart form, passed through.
    Form(web_sys::FormData),
}

/// A call to the API, in the shape of `@netuno/service-client`'s `_service`.
#[derive(Debug, Clone)]
pub struct ServiceCall {
    /// Joined to the configured `prefix` unless absolute or already under it (see
    /// [`crate::core::url::join_at`]).
    pub url: String,
    /// `GET`, `POST` ... (any case).
    pub method: String,
    /// What to send.
    pub body: ServiceBody,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// Read the answer as a `Blob`.
    pub blob: bool,
    /// Abort after this many ms (`timeout`); default: the configured `timeout`.
    pub timeout_ms: Option<u32>,
}

impl ServiceCall {
    /// A GET of `url`.
    pub fn get(url: &str) -> ServiceCall {
        ServiceCall {
            url: url.to_owned(),
            method: "GET".into(),
            body: ServiceBody::None,
            headers: Vec::new(),
            blob: false,
            timeout_ms: None,
        }
    }
}

/// The answer's body, read by its content type.
#[derive(Debug, Clone)]
pub enum ResultBody {
    /// A 204, or nothing to read.
    Empty,
    /// A JSON content type whose body parsed.
    Json(JsValue),
    /// Any other body, as text.
    Text(String),
    /// The body as a blob, when the call asked for one.
    Blob(web_sys::Blob),
}

/// What a service call answered (any status: a non-2xx one is `ok: false`).
#[derive(Debug, Clone)]
pub struct ServiceResult {
    /// Whether the status was 2xx.
    pub ok: bool,
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, or "".
    pub content_type: String,
    /// The response headers.
    pub headers: web_sys::Headers,
    /// The response itself (its body already read).
    pub response: web_sys::Response,
    /// The body.
    pub body: ResultBody,
}

impl ServiceResult {
    /// The JSON body read into `T`.
    ///
    /// # Errors
    /// [`AuthError::InvalidResponse`] when the body is not JSON or not a `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, AuthError> {
        let ResultBody::Json(value) = &self.body else {
            return Err(AuthError::InvalidResponse("the body is not JSON".into()));
        };
        serde_wasm_bindgen::from_value(value.clone())
            .map_err(|e| AuthError::InvalidResponse(e.to_string()))
    }
}

/// How [`crate::AuthClient::auth_fetch`] sends a request.
#[derive(Debug, Clone, Default)]
pub struct FetchOptions {
    /// The caller's own abort signal: an abort is [`AuthError::Aborted`]. Without one, the
    /// `Request`'s own signal is followed, as `fetch` does.
    pub signal: Option<web_sys::AbortSignal>,
    /// Abort when the response headers have not come within this many ms (the body is then
    /// yours to read, for as long as it takes); default: the configured `timeout`.
    pub timeout_ms: Option<u32>,
    /// The body is a stream, which can be read once only: never replay the request.
    pub single_use_body: bool,
}

/// A gloo-net request [`crate::AuthClient::send`] sends: a `RequestBuilder` (no body), or a
/// `Request` its builder made with a body (`.json(&value)?`, `.body(form)?`).
pub trait GlooRequest {
    /// The `web_sys::Request` to send.
    ///
    /// # Errors
    /// `invalid_argument` when gloo-net cannot build it (the browser's reason is not kept: it
    /// may quote the URL).
    fn into_request(self) -> Result<web_sys::Request, AuthError>;
}

impl GlooRequest for gloo_net::http::RequestBuilder {
    fn into_request(self) -> Result<web_sys::Request, AuthError> {
        let request = self
            .build()
            .map_err(|_| AuthError::invalid_argument("request", "gloo-net could not build it"))?;
        Ok(request.into())
    }
}

impl GlooRequest for gloo_net::http::Request {
    fn into_request(self) -> Result<web_sys::Request, AuthError> {
        Ok(self.into())
    }
}

/// A login as the app asks for it ([`crate::AuthClient::login_with`]).
#[derive(Clone)]
pub struct LoginRequest {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
    /// The call's own auth URL (relative to the prefix), instead of the configured one.
    pub url: Option<String>,
    /// The call's own body transform, instead of `login.data`.
    pub data: Option<BodyTransform>,
    /// The caller tells its own callbacks: the configured `login.success`/`fail` are not
    /// called (a Netuno call with callbacks of its own replaces the configured ones).
    pub own_callbacks: bool,
}

impl LoginRequest {
    /// A login with `username` and `password`, as configured.
    pub fn new(username: &str, password: &str) -> LoginRequest {
        LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
            url: None,
            data: None,
            own_callbacks: false,
        }
    }
}

/// What a login ends with.
pub type LoginResult = Result<Token, AuthError>;
