//! The client's state at a glance, for UIs: React's `useSyncExternalStore`, a Vue ref, a
//! Leptos signal. Its TypeScript (`SessionStatus`, `SnapshotData`) is generated from these
//! types; the JS snapshot adds what only JS holds (`user`, `extra`: see `js::convert`).

use crate::core::claims::UserClaims;
use serde::Serialize;

/// Where the session stands. `loading`: not known yet (the wasm is loading, or a session is
/// being restored); `refreshing`: the access token has expired and a refresh is pending (the
/// auth server is slow or down; calls wait for it): show "reconnecting…", not a login page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify), tsify(rename = "SessionStatus"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not known yet: the JS package's entry says so while the wasm loads (and a client that
    /// restores its session from the server says so until that answers).
    Loading,
    /// No session.
    LoggedOut,
    /// A session with a live access token.
    LoggedIn,
    /// A session whose access token has expired: a refresh is pending (the auth server is slow
    /// or down). Calls wait for it; show "reconnecting…", not a login page.
    Refreshing,
}

/// The client's state; a new value after every event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "js",
    derive(tsify::Tsify),
    tsify(rename = "SnapshotData", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Where the session stands.
    #[cfg_attr(feature = "js", tsify(type = "SessionStatus"))]
    pub status: Status,
    /// Whether a token is held.
    pub logged_in: bool,
    /// The access token's claims, decoded without verification (the server verifies). Not
    /// serialized: the JS snapshot carries the whole payload there instead.
    #[serde(skip_serializing)]
    pub user: Option<UserClaims>,
    /// Local time (ms since epoch) when the access token expires, if known.
    pub expires_at: Option<f64>,
    /// The token type (`Bearer`), when logged in.
    pub token_type: Option<String>,
    /// Whether storage failed and the token lives in memory only.
    pub storage_degraded: bool,
}
