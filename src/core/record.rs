//! The token as kept in storage: a versioned serde record. Whatever serde format a store uses
//! (JSON text through serde-wasm-bindgen in Web Storage), anything else under the key (an old
//! version, a partial write, another library's data) reads as unreadable and is removed by the
//! session.

use crate::core::secret::{AccessToken, RefreshToken};
use crate::core::token::{plausible_lifetime, TokenState};
use serde::{Deserialize, Serialize};

/// Version of the stored record; a record of another version is dropped, not misread.
pub const STORED_VERSION: u32 = 1;

/// The storage record of a [`TokenState`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredToken {
    /// Record version ([`STORED_VERSION`]).
    pub v: u32,
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token; absent in cookie mode, and in what a tab shares with the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    /// The token type.
    pub token_type: String,
    /// The raw `expires_in` of the response.
    pub expires_in: Option<f64>,
    /// Local clock (ms since epoch) when the response arrived.
    pub loaded_at: f64,
    /// Lifetime from `loaded_at`, in ms.
    pub lifetime_ms: Option<f64>,
    /// The login answer's `extra` (the app's own data), as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

impl From<&TokenState> for StoredToken {
    fn from(t: &TokenState) -> Self {
        StoredToken {
            v: STORED_VERSION,
            access_token: t.access_token.clone(),
            refresh_token: t.refresh_token.clone(),
            token_type: t.token_type.clone(),
            expires_in: t.expires_in,
            loaded_at: t.loaded_at,
            lifetime_ms: t.lifetime_ms,
            extra: t.extra.clone(),
        }
    }
}

impl StoredToken {
    /// The token this record holds, if it is a complete record of this version. A lifetime
    /// that is not plausible (one an older version took from a server whose unit it misread)
    /// is dropped: the token is kept, renewed when the server refuses it.
    pub fn into_token(self) -> Option<TokenState> {
        let usable = self.v == STORED_VERSION
            && !self.access_token.secret().is_empty()
            && self
                .refresh_token
                .as_ref()
                .is_none_or(|r| !r.secret().is_empty())
            && !self.token_type.is_empty()
            && self.loaded_at.is_finite()
            && self.lifetime_ms.is_none_or(|ms| ms.is_finite() && ms > 0.0)
            && self.expires_in.is_none_or(f64::is_finite);
        usable.then_some(TokenState {
            access_token: self.access_token,
            refresh_token: self.refresh_token,
            token_type: self.token_type,
            expires_in: self.expires_in,
            loaded_at: self.loaded_at,
            lifetime_ms: self.lifetime_ms.filter(|ms| plausible_lifetime(*ms)),
            extra: self.extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn token() -> TokenState {
        TokenState {
            access_token: AccessToken::new("a".into()),
            refresh_token: Some(RefreshToken::new("r".into())),
            token_type: "Bearer".into(),
            expires_in: Some(60.0),
            loaded_at: 5.0,
            lifetime_ms: Some(60_000.0),
            extra: Some(r#"{"plan":"pro"}"#.into()),
        }
    }

    fn read(value: Value) -> Option<TokenState> {
        serde_json::from_value::<StoredToken>(value)
            .ok()
            .and_then(StoredToken::into_token)
    }

    #[test]
    fn records_round_trip_in_the_stored_shape() {
        let text = serde_json::to_value(StoredToken::from(&token())).unwrap();
        assert_eq!(
            text,
            json!({"v": 1, "accessToken": "a", "refreshToken": "r", "tokenType": "Bearer",
                   "expiresIn": 60.0, "loadedAt": 5.0, "lifetimeMs": 60000.0,
                   "extra": "{\"plan\":\"pro\"}"})
        );
        assert_eq!(read(text), Some(token()));
    }

    #[test]
    fn anything_else_is_unreadable() {
        let good = serde_json::to_value(StoredToken::from(&token())).unwrap();
        let with = |k: &str, v: Value| {
            let mut m = good.clone();
            m[k] = v;
            read(m)
        };
        assert_eq!(with("v", json!(0)), None, "old version");
        assert_eq!(with("lifetimeMs", json!(-1)), None, "bad lifetime");
        let misread = with("lifetimeMs", json!(3_600_000_000.0)).expect("kept");
        assert_eq!(
            misread.lifetime_ms, None,
            "a 41-day lifetime is dropped, not the token"
        );
        let mut older = good.clone();
        older.as_object_mut().unwrap().remove("extra");
        assert_eq!(
            read(older).map(|t| t.extra),
            Some(None),
            "a record without extra"
        );
        assert_eq!(with("accessToken", json!("")), None, "empty token");
        assert_eq!(with("loadedAt", Value::Null), None, "no load time");
        let mut partial = good.clone();
        partial.as_object_mut().unwrap().remove("tokenType");
        assert_eq!(read(partial), None, "partial");
        assert_eq!(read(json!([])), None);
        assert_eq!(with("refreshToken", json!("")), None, "empty refresh token");
    }

    #[test]
    fn a_record_without_a_refresh_token_is_an_access_token_alone() {
        let mut good = serde_json::to_value(StoredToken::from(&token())).unwrap();
        good.as_object_mut().unwrap().remove("refreshToken");
        let alone = read(good).expect("readable");
        assert_eq!(alone.refresh_token, None);
        assert_eq!(alone.access_token, token().access_token);
        let written = serde_json::to_value(StoredToken::from(&alone)).unwrap();
        assert!(written.get("refreshToken").is_none(), "not written as null");
    }
}
