//! What the session tells the app: its events, and why a session ended.

use crate::core::error::AuthError;

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum LogoutReason {
    /// The app called `logout()`.
    User,
    /// The server refused the refresh token.
    RefreshRejected,
    /// Another tab logged out.
    OtherTab,
}

/// Something the app may want to hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A new session began (login, or a token loaded by the app).
    Login,
    /// A session was restored from storage on page load.
    Restore,
    /// The token pair was renewed.
    Refresh,
    /// The session ended.
    Logout(LogoutReason),
    /// A refresh failed but the session is kept (network, timeout, 5xx, malformed reply).
    RefreshError(AuthError),
    /// Storage failed; the token now lives in memory only.
    StorageDegraded(AuthError),
    /// The access token expired before a refresh could replace it (the auth server is slow or
    /// down): the session is kept, calls wait for the refresh, retries go on.
    TokenExpired,
    /// Something about the server's answers looks like a configuration mistake (a token
    /// lifetime that is not plausible in `expiresInUnit`): said once per client, also with
    /// `console.warn` in the browser.
    Warning(String),
    /// The client has finished loading: whatever session was kept is restored (after its
    /// `restore` event), or none was found. Once when the client is made, and again after a
    /// configuration change that restores from the other tabs or the refresh cookie.
    Ready,
}

impl Event {
    /// The event's `type` as JS sees it.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Login => "login",
            Event::Restore => "restore",
            Event::Refresh => "refresh",
            Event::Logout(_) => "logout",
            Event::RefreshError(_) => "refresh_error",
            Event::StorageDegraded(_) => "storage_degraded",
            Event::TokenExpired => "token_expired",
            Event::Warning(_) => "warning",
            Event::Ready => "ready",
        }
    }
}
