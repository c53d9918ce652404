//! The one error type of the SDK. Every failure a caller can see is an [`AuthError`] with a
//! stable snake_case [`AuthError::code`]; the JS facade turns it into an `Error` named
//! `AuthError` exactly once, at the boundary.

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
    /// The server refused the username or password.
    #[error("wrong username or password")]
    InvalidCredentials {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The user exists but its group may not log in (`auth.jwt.groups` on the server).
    #[error("this user's group is not allowed to log in (server setting auth.jwt.groups)")]
    GroupNotAllowed {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The server answered something that is not a usable token response.
    #[error("invalid token response from the server: {0}")]
    InvalidResponse(String),
    /// The refresh token is unknown, expired or was already used: the session is over.
    #[error("the refresh token was rejected (expired, revoked or already used): log in again")]
    InvalidRefreshToken {
        /// The HTTP status of the refusal.
        status: u16,
    },
    /// The operation needs a session and there is none.
    #[error("not logged in: call login() first")]
    NotLoggedIn,
    /// The request never got an HTTP answer.
    #[error("network error: {0} (is the server running, and does its CORS setting allow this page's origin?)")]
    Network(String),
    /// The request took longer than its timeout and was aborted.
    #[error("the request timed out after {0} ms")]
    Timeout(u32),
    /// The server answered with an unexpected HTTP status.
    #[error("the server answered HTTP {status}{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The server's own error code, when its body carried one.
        detail: Option<String>,
    },
    /// A protected call was still refused after one refresh and one replay.
    #[error("the server refused the request with HTTP {0} even after a token refresh")]
    Unauthorized(u16),
    /// A configuration key is unknown or has the wrong type.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The token storage failed and could not be worked around.
    #[error("storage error: {0}")]
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

    /// Shorthand for [`AuthError::InvalidArgument`].
    pub fn invalid_argument(field: &str, reason: &str) -> Self {
        Self::InvalidArgument {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

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
}
