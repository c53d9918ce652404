//! What tabs sharing one session tell each other over their `BroadcastChannel`.
//!
//! Only the access token is ever sent (with its type and timing), never the refresh token: a
//! same-origin script can already read the access token (it is in the page's memory, and goes
//! out in every call's header); the refresh token, which outlives the page, stays in the tab
//! that holds it, or in the server's `HttpOnly` cookie.

use crate::core::record::StoredToken;
use serde::{Deserialize, Serialize};

/// One message on the channel (serde's externally tagged form: `"ask"`, `"logout"`,
/// `{"token": {...}}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TabMessage {
    /// A new tab asks for the session; a tab that holds one answers with [`TabMessage::Token`].
    Ask,
    /// The current access token: an answer to [`TabMessage::Ask`], or news of a login or a
    /// refresh. Its `refreshToken` is always absent (and ignored if present).
    Token(StoredToken),
    /// The session ended in the sending tab: every tab logs out (`other_tab`).
    Logout,
    /// A tab whose shared access token is due, expired or refused, or whose app asked for a
    /// refresh, needs a new one; it gives the `loadedAt` of the token it has. The tab that
    /// holds the refresh token answers [`TabMessage::Renews`], and renews that token (its
    /// [`TabMessage::Token`] follows), or sends its newer one.
    Renew(f64),
    /// The answer to [`TabMessage::Renew`] from the tab that holds the refresh token: the
    /// session lives on there. A tab whose shared token expired ends its session only when no
    /// tab says this.
    Renews,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_have_a_stable_shape() {
        assert_eq!(serde_json::to_value(TabMessage::Ask).unwrap(), json!("ask"));
        assert_eq!(
            serde_json::to_value(TabMessage::Logout).unwrap(),
            json!("logout")
        );
        assert_eq!(
            serde_json::to_value(TabMessage::Renew(5.0)).unwrap(),
            json!({"renew": 5.0})
        );
        assert_eq!(
            serde_json::to_value(TabMessage::Renews).unwrap(),
            json!("renews")
        );
        let token: TabMessage = serde_json::from_value(json!({"token": {
            "v": 1, "accessToken": "a", "tokenType": "Bearer", "expiresIn": 60.0,
            "loadedAt": 5.0, "lifetimeMs": 60000.0}}))
        .unwrap();
        let TabMessage::Token(t) = token else {
            panic!("a token message")
        };
        assert_eq!(t.refresh_token, None);
        assert!(serde_json::from_value::<TabMessage>(json!({"other": 1})).is_err());
    }
}
