//! The one error type of the SDK. Every failure a caller can see is an [`AuthError`] with a
//! stable snake_case [`AuthError::code`]; the JS facade turns it into an `Error` named
//! `AuthError` exactly once, at the boundary.
//!
//! Messages are built by hand, not with `format!` or a derived `Display`: `core::fmt` would add
//! kilobytes to the wasm that every user of every app downloads.

/// Everything that can go wrong in a call to the SDK.
///
/// Messages never contain a token, a password or a full URL with its query: they are shown to
/// users and end up in logs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AuthError {
    /// A caller passed a missing or wrongly typed argument.
    InvalidArgument {
        /// The argument's name, as the caller spells it.
        field: String,
        /// What was expected.
        reason: String,
    },
    /// The server refused the username or password.
    InvalidCredentials {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The user exists but its group may not log in (`auth.jwt.groups` on the server).
    GroupNotAllowed {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The server answered something that is not a usable token response.
    InvalidResponse(String),
    /// The refresh token is unknown, expired or was already used: the session is over.
    InvalidRefreshToken {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The operation needs a session and there is none.
    NotLoggedIn,
    /// The request never got an HTTP answer.
    Network(String),
    /// The request took longer than its timeout and was aborted.
    Timeout(u32),
    /// The server answered with an unexpected HTTP status.
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The server's own error code, when its body carried one.
        detail: Option<String>,
    },
    /// A protected call was still refused after one refresh and one replay.
    Unauthorized(u16),
    /// A configuration key is unknown or has the wrong type.
    Config(String),
    /// The token storage failed and could not be worked around.
    Storage(String),
}

impl AuthError {
    /// The stable machine-readable code of this error (`error.code` in JS).
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidArgument { .. } => "invalid_argument",
            Self::InvalidCredentials { .. } => "invalid_credentials",
            Self::GroupNotAllowed { .. } => "group_not_allowed",
            Self::InvalidResponse(_) => "invalid_response",
            Self::InvalidRefreshToken { .. } => "invalid_refresh_token",
            Self::NotLoggedIn => "not_logged_in",
            Self::Network(_) => "network",
            Self::Timeout(_) => "timeout",
            Self::HttpStatus { .. } => "http_status",
            Self::Unauthorized(_) => "unauthorized",
            Self::Config(_) => "config",
            Self::Storage(_) => "storage",
        }
    }

    /// The HTTP status that caused this error, if one did (`error.status` in JS).
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::HttpStatus { status, .. }
            | Self::Unauthorized(status)
            | Self::InvalidCredentials { status }
            | Self::GroupNotAllowed { status }
            | Self::InvalidRefreshToken { status } => Some(*status),
            _ => None,
        }
    }

    /// The human-readable message (`error.message` in JS); also what `Display` prints.
    pub fn message(&self) -> String {
        match self {
            Self::InvalidArgument { field, reason } => {
                crate::text::concat(&["invalid argument `", field, "`: ", reason])
            }
            Self::InvalidCredentials { .. } => "wrong username or password".into(),
            Self::GroupNotAllowed { .. } => {
                "this user's group is not allowed to log in (server setting auth.jwt.groups)".into()
            }
            Self::InvalidResponse(m) => {
                crate::text::concat(&["invalid token response from the server: ", m])
            }
            Self::InvalidRefreshToken { .. } => {
                "the refresh token was rejected (expired, revoked or already used): log in again"
                    .into()
            }
            Self::NotLoggedIn => "not logged in: call login() first".into(),
            Self::Network(m) => crate::text::concat(&[
                "network error: ",
                m,
                " (is the server running, and does its CORS setting allow this page's origin?)",
            ]),
            Self::Timeout(ms) => {
                crate::text::concat(&["the request timed out after ", &decimal(*ms), " ms"])
            }
            Self::HttpStatus { status, detail } => http_status_message(*status, detail.as_deref()),
            Self::Unauthorized(status) => crate::text::concat(&[
                "the server refused the request with HTTP ",
                &decimal(u32::from(*status)),
                " even after a token refresh",
            ]),
            Self::Config(m) => crate::text::concat(&["invalid configuration: ", m]),
            Self::Storage(m) => crate::text::concat(&["storage error: ", m]),
        }
    }

    /// Shorthand for [`AuthError::InvalidArgument`].
    pub fn invalid_argument(field: &str, reason: &str) -> Self {
        Self::InvalidArgument {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// `the server answered HTTP 500`, with ` (detail)` when the server named its error.
fn http_status_message(status: u16, detail: Option<&str>) -> String {
    let mut message =
        crate::text::concat(&["the server answered HTTP ", &decimal(u32::from(status))]);
    if let Some(detail) = detail {
        message.push_str(" (");
        message.push_str(detail);
        message.push(')');
    }
    message
}

/// `n` in decimal, written out by hand: `n.to_string()` would pull in `core::fmt`.
fn decimal(n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        // `rest % 10` is below 10, so the cast cannot truncate.
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[start..].iter().copied().map(char::from).collect()
}

impl std::fmt::Display for AuthError {
    /// For native callers only; the wasm facade uses [`AuthError::message`] directly, so this
    /// (and `core::fmt` with it) stays out of the wasm.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for AuthError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_snake_case() {
        assert_eq!(AuthError::Timeout(5).code(), "timeout");
        assert_eq!(
            AuthError::invalid_argument("password", "required").code(),
            "invalid_argument"
        );
        let status = AuthError::HttpStatus {
            status: 500,
            detail: Some("boom".into()),
        };
        assert_eq!(status.code(), "http_status");
        assert_eq!(status.status(), Some(500));
        assert_eq!(status.to_string(), "the server answered HTTP 500 (boom)");
    }

    #[test]
    fn messages_are_unchanged() {
        let cases = [
            (
                AuthError::invalid_argument("password", "required"),
                "invalid argument `password`: required",
            ),
            (
                AuthError::InvalidCredentials { status: 401 },
                "wrong username or password",
            ),
            (
                AuthError::GroupNotAllowed { status: 403 },
                "this user's group is not allowed to log in (server setting auth.jwt.groups)",
            ),
            (
                AuthError::InvalidResponse("`x` is missing".into()),
                "invalid token response from the server: `x` is missing",
            ),
            (
                AuthError::InvalidRefreshToken { status: 400 },
                "the refresh token was rejected (expired, revoked or already used): log in again",
            ),
            (AuthError::NotLoggedIn, "not logged in: call login() first"),
            (
                AuthError::Network("TypeError: Failed to fetch".into()),
                "network error: TypeError: Failed to fetch (is the server running, and does its \
                 CORS setting allow this page's origin?)",
            ),
            (
                AuthError::Timeout(30_000),
                "the request timed out after 30000 ms",
            ),
            (
                AuthError::HttpStatus {
                    status: 404,
                    detail: None,
                },
                "the server answered HTTP 404",
            ),
            (
                AuthError::Unauthorized(401),
                "the server refused the request with HTTP 401 even after a token refresh",
            ),
            (AuthError::Config("x".into()), "invalid configuration: x"),
            (AuthError::Storage("y".into()), "storage error: y"),
        ];
        for (error, expected) in cases {
            assert_eq!(error.message(), expected);
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn decimals_are_written_out() {
        for n in [0, 7, 10, 401, 65_535, u32::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
