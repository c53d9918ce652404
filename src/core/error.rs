//! The one error type of the SDK. Every failure a caller can see is an [`AuthError`] with a
//! stable snake_case [`AuthError::code`]; the JS facade turns it into an `Error` named
//! `AuthError` exactly once, at the boundary.

use serde::Serialize;

/// Everything that can go wrong in a call to the SDK.
///
/// Messages never contain a token, a password or a full URL with its query: they are shown to
/// users and end up in logs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A caller passed a missing or wrongly typed argument.
    #[error("invalid argument `{field}`: {reason}")]
    InvalidArgument {
        /// The argument's name, as the caller spells it.
        field: String,
        /// What was expected.
        reason: String,
    },
    /// The server refused the username or password (Netuno: 403 `{"locked": false}`).
    #[error("wrong username or password")]
    InvalidCredentials {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body.
        body: Option<ErrorBody>,
    },
    /// Too many failed logins for this user from this address: the server refuses every
    /// attempt for a while, even with the right password (Netuno: 403 `{"locked": true}`,
    /// after the third failure within 60 minutes).
    #[error(
        "too many failed logins: the server has locked this account for a while; try again later"
    )]
    AccountLocked {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body.
        body: Option<ErrorBody>,
    },
    /// The server refused the login for a reason of the app's own (Netuno: 406 from an altcha
    /// check or a sign-in hook): its `body` says why.
    #[error("the server refused the login (HTTP {status}: a check of the app's, such as altcha or a sign-in hook; its body says why)")]
    LoginRejected {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body, the app's own JSON.
        body: Option<ErrorBody>,
    },
    /// The user exists but its group may not log in (`auth.jwt.groups` on the server).
    #[error("this user's group is not allowed to log in (server setting auth.jwt.groups)")]
    GroupNotAllowed {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body.
        body: Option<ErrorBody>,
    },
    /// The server answered something that is not a usable token response.
    #[error("invalid token response from the server: {0}")]
    InvalidResponse(String),
    /// The refresh token is unknown, expired or was already used: the session is over.
    #[error("the refresh token was rejected (expired, revoked or already used): log in again")]
    InvalidRefreshToken {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body.
        body: Option<ErrorBody>,
    },
    /// The operation needs a session and there is none.
    #[error("not logged in: call login() first")]
    NotLoggedIn,
    /// The request never got an HTTP answer.
    #[error(
        "network error: {0} (is the server running, and does its CORS setting allow this \
         page's origin?)"
    )]
    Network(String),
    /// The request took longer than its timeout.
    #[error("the request timed out after {0} ms")]
    Timeout(u32),
    /// The caller aborted the request with its own `AbortSignal` (the JS `authFetch` rejects
    /// with the signal's reason instead, as `fetch` does).
    #[error("the request was aborted by its caller's signal")]
    Aborted,
    /// The server answered with an unexpected HTTP status.
    #[error("the server answered HTTP {status}{}", detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The server's own error code, when its body carried one.
        detail: Option<String>,
        /// The answer's body.
        body: Option<ErrorBody>,
    },
    /// A protected call was still refused after one refresh and one replay.
    #[error("the server refused the request with HTTP {status} even after a token refresh")]
    Unauthorized {
        /// The HTTP status of the refusal.
        status: u16,
        /// The refusal's body.
        body: Option<ErrorBody>,
    },
    /// The access token has expired and no refresh completed within the call's timeout: the
    /// call was not sent (never with a dead token). The session is kept and the refresh goes
    /// on retrying; `cause` is why the last attempt failed.
    #[error(
        "the session could not be refreshed in time, so the call was not sent ({cause}); the \
         session is kept and the client keeps retrying"
    )]
    RefreshUnavailable {
        /// Why the last refresh attempt failed.
        cause: Box<AuthError>,
    },
    /// A configuration key is unknown or has the wrong type.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The token storage failed and could not be worked around.
    #[error("storage error: {0}")]
    Storage(String),
    /// The call was made off wasm32 (a server render, a native test), where [`crate::AuthClient`]
    /// is an inert handle that never sends anything. (Only there: the wasm build never returns
    /// it, so its message, which says what to do, is the native build's; the npm package does
    /// not carry it.)
    #[cfg_attr(
        not(target_arch = "wasm32"),
        error(
            "wasm-auth-client runs in the browser: this call was made off wasm32 (a server \
             render?), where the client is an inert handle; make it in the browser, after \
             hydration"
        )
    )]
    #[cfg_attr(target_arch = "wasm32", error("unsupported"))]
    Unsupported,
}

/// The body of the HTTP answer that caused an error, so that apps can show the server's own
/// message (a lockout, an altcha check, a sign-in hook's JSON). Bodies over
/// [`ErrorBody::MAX_BYTES`] are cut, and kept as text.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// A JSON body, as its text (a JS value again at the JS boundary).
    Json(String),
    /// Any other body as text (an HTML error page), or a JSON one that was cut.
    Text(String),
}

impl ErrorBody {
    /// The most of a body that is kept.
    pub const MAX_BYTES: usize = 4_096;

    /// The body of `text`: `Json` when `is_json` says it parses and it is within the cap, else
    /// `Text`, cut to the cap at a character boundary; `None` when it is empty.
    pub fn new(text: &str, is_json: impl FnOnce(&str) -> bool) -> Option<ErrorBody> {
        if text.is_empty() {
            return None;
        }
        if text.len() <= Self::MAX_BYTES && is_json(text) {
            return Some(ErrorBody::Json(text.to_owned()));
        }
        let mut end = text.len().min(Self::MAX_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Some(ErrorBody::Text(text[..end].to_owned()))
    }
}

/// The stable codes of [`AuthError`], as JS sees them in `error.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ErrorCode {
    InvalidArgument,
    InvalidCredentials,
    AccountLocked,
    LoginRejected,
    GroupNotAllowed,
    InvalidResponse,
    InvalidRefreshToken,
    NotLoggedIn,
    Network,
    Timeout,
    Aborted,
    HttpStatus,
    Unauthorized,
    RefreshUnavailable,
    Config,
    Storage,
    /// A call made off wasm32 (a server render), where the client is inert. Rust only: the JS
    /// package always runs the wasm. (Before `WasmUnavailable`, which the wasm never returns:
    /// `as_str` then keeps that one's text out of the wasm.)
    Unsupported,
    /// The wasm could not load (a Content-Security-Policy without `'wasm-unsafe-eval'`, a
    /// `.wasm` answered with an error or not served, a network error). No Rust runs then: the
    /// package's JS loader makes this error; it is listed here so that the code is one of
    /// `ErrorCode`'s (and of the TypeScript `AuthErrorCode`).
    WasmUnavailable,
}

impl ErrorCode {
    /// The code as text (`invalid_credentials`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArgument => "invalid_argument",
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountLocked => "account_locked",
            Self::LoginRejected => "login_rejected",
            Self::GroupNotAllowed => "group_not_allowed",
            Self::InvalidResponse => "invalid_response",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::NotLoggedIn => "not_logged_in",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::HttpStatus => "http_status",
            Self::Unauthorized => "unauthorized",
            Self::RefreshUnavailable => "refresh_unavailable",
            Self::Config => "config",
            Self::Storage => "storage",
            Self::Unsupported => "unsupported",
            Self::WasmUnavailable => "wasm_unavailable",
        }
    }
}

impl AuthError {
    /// The stable machine-readable code of this error (`error.code` in JS).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Self::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            Self::AccountLocked { .. } => ErrorCode::AccountLocked,
            Self::LoginRejected { .. } => ErrorCode::LoginRejected,
            Self::GroupNotAllowed { .. } => ErrorCode::GroupNotAllowed,
            Self::InvalidResponse(_) => ErrorCode::InvalidResponse,
            Self::InvalidRefreshToken { .. } => ErrorCode::InvalidRefreshToken,
            Self::NotLoggedIn => ErrorCode::NotLoggedIn,
            Self::Network(_) => ErrorCode::Network,
            Self::Timeout(_) => ErrorCode::Timeout,
            Self::Aborted => ErrorCode::Aborted,
            Self::HttpStatus { .. } => ErrorCode::HttpStatus,
            Self::Unauthorized { .. } => ErrorCode::Unauthorized,
            Self::RefreshUnavailable { .. } => ErrorCode::RefreshUnavailable,
            Self::Config(_) => ErrorCode::Config,
            Self::Storage(_) => ErrorCode::Storage,
            Self::Unsupported => ErrorCode::Unsupported,
        }
    }

    /// The HTTP status that caused this error, if one did (`error.status` in JS).
    pub fn status(&self) -> Option<u16> {
        self.answer().map(|(status, _)| status)
    }

    /// The body of the HTTP answer that caused this error, if one did (`error.body` in JS).
    /// Never the body of a successful token answer: that one holds the tokens.
    pub fn body(&self) -> Option<&ErrorBody> {
        self.answer().and_then(|(_, body)| body)
    }

    fn answer(&self) -> Option<(u16, Option<&ErrorBody>)> {
        match self {
            Self::HttpStatus { status, body, .. }
            | Self::Unauthorized { status, body }
            | Self::InvalidCredentials { status, body }
            | Self::AccountLocked { status, body }
            | Self::LoginRejected { status, body }
            | Self::GroupNotAllowed { status, body }
            | Self::InvalidRefreshToken { status, body } => Some((*status, body.as_ref())),
            _ => None,
        }
    }

    /// The error that caused this one (`error.cause` in JS), for `refresh_unavailable`.
    pub fn cause(&self) -> Option<&AuthError> {
        match self {
            Self::RefreshUnavailable { cause } => Some(cause),
            _ => None,
        }
    }

    /// Shorthand for [`AuthError::InvalidArgument`].
    pub fn invalid_argument(field: &str, reason: &str) -> Self {
        Self::InvalidArgument {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// Whether a refresh that failed so may succeed later (network, timeout, 5xx, a malformed
    /// reply): the session is kept and the refresh is retried on the backoff schedule.
    pub fn is_transient(&self) -> bool {
        !matches!(
            self,
            Self::InvalidRefreshToken { .. } | Self::NotLoggedIn | Self::Config(_)
        )
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
