//! The token as kept in Web Storage, in the shape `@netuno/auth-client` keeps it, so that page
//! loads and tabs on either client continue one session: that client stores the server's token
//! answer as it came, by the configured keys (`token.*Key`), plus the load time
//! (`token.loadedInKey`); this SDK writes the same members, then its own (`v`, `lifetimeMs`).
//! Switching to this SDK, rolling back to that client, and tabs on both read one record.
//!
//! Keys are configured at run time, so the record is written as a map ([`TokenRecord`]) and read
//! by a store that knows the keys into [`RecordFields`], which the session judges by its
//! configuration ([`RecordFields::read`]). The previous version's record (`{v: 1, accessToken,
//! …}`, still the shape of what tabs tell each other, [`StoredToken`]) is read too.

use crate::core::config::{Config, TokenConfig};
use crate::core::secret::{AccessToken, RefreshToken};
use crate::core::token::{
    plausible_lifetime, validate_response, Field, TokenFields, TokenResponse, TokenState,
};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// What a store found under a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// A usable token.
    Token(TokenState),
    /// A record as a store of serialized records (Web Storage) reads it, by the configured
    /// keys; `DegradingStore::read` judges it by the configuration ([`RecordFields::read`]).
    Record(Box<RecordFields>),
    /// Something that is not a token (not a JSON object, or a broken record of the previous
    /// version): the session removes it.
    Unreadable,
}

/// Version of the previous record and of what tabs tell each other ([`StoredToken`]).
pub const STORED_VERSION: u32 = 1;

/// Version of the record this SDK writes ([`TokenRecord`]), under [`VERSION_KEY`].
pub const RECORD_VERSION: u32 = 2;

/// The key of this SDK's version marker. `@netuno/auth-client`'s record has none.
pub const VERSION_KEY: &str = "v";

/// The key of the lifetime this SDK held, in ms: it may have come from a JWT `exp`, which the
/// reference's record cannot say.
pub const LIFETIME_KEY: &str = "lifetimeMs";

/// The previous version's storage record of a [`TokenState`] (`v: 1`, camelCase, `extra` as
/// JSON text), still read from storage so that an upgrade logs no one out; also the shape of
/// the access token tabs share over their channel.
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

/// The record this SDK writes for a token: first what `@netuno/auth-client` stores, by the
/// configured keys (`resultKey: true`, the access token, the refresh token unless there is none,
/// the token type, `expires_in` as the server sent it, `extra`, and `loadedInKey`: the load
/// time), then its own fields ([`VERSION_KEY`], [`LIFETIME_KEY`]). That client's `token.load`
/// accepts it as it accepts its own.
///
/// `extra` is the login answer's `extra` as a value of the store's serde format (the core keeps
/// JSON text; the browser's store parses it with `JSON.parse`), written as the object itself,
/// where the reference has it.
pub struct TokenRecord<'a, X> {
    token: &'a TokenState,
    keys: &'a TokenConfig,
    extra: Option<X>,
}

impl<'a, X: Serialize> TokenRecord<'a, X> {
    /// The record of `token` by the keys of `keys`, with `extra` parsed.
    pub fn new(token: &'a TokenState, keys: &'a TokenConfig, extra: Option<X>) -> Self {
        Self { token, keys, extra }
    }
}

impl<X: Serialize> Serialize for TokenRecord<'_, X> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (t, k) = (self.token, self.keys);
        let mut map = serializer.serialize_map(None)?;
        if let Some(key) = &k.result_key {
            map.serialize_entry(key, &true)?;
        }
        map.serialize_entry(&k.access_token_key, &t.access_token)?;
        if let Some(refresh) = &t.refresh_token {
            map.serialize_entry(&k.refresh_token_key, refresh)?;
        }
        if let Some(key) = &k.token_type_key {
            map.serialize_entry(key, &t.token_type)?;
        }
        if let (Some(key), Some(expires_in)) = (&k.expires_in_key, t.expires_in) {
            map.serialize_entry(key, &expires_in)?;
        }
        if let Some(extra) = &self.extra {
            map.serialize_entry("extra", extra)?;
        }
        map.serialize_entry(&k.loaded_in_key, &t.loaded_at)?;
        map.serialize_entry(VERSION_KEY, &RECORD_VERSION)?;
        if let Some(ms) = t.lifetime_ms {
            map.serialize_entry(LIFETIME_KEY, &ms)?;
        }
        map.end()
    }
}

/// What a store read out of a record (a JSON object) by the configured keys, for the session
/// to judge ([`RecordFields::read`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordFields {
    /// The members the configured keys name, read as in a token answer (`extra` included).
    pub token: TokenFields,
    /// `token.loadedInKey`: when the answer arrived (ms since the epoch).
    pub loaded_in: Field,
    /// [`VERSION_KEY`]: this SDK's version marker.
    pub version: Field,
    /// [`LIFETIME_KEY`]: the lifetime this SDK held, in ms.
    pub lifetime_ms: Field,
    /// The record read in the previous version's shape, when it has that shape.
    pub previous: Option<StoredToken>,
    /// The store's clock when it read the record (ms since the epoch): a load time after it
    /// (a corrupt record, a clock set back) counts as then.
    pub read_at: f64,
}

impl RecordFields {
    /// What the record holds for a session configured so:
    /// - `v: 1`, the previous version's record: its token, or [`Stored::Unreadable`] when it
    ///   is broken (it is removed);
    /// - `v: 2`, ours: its token, whose lifetime is [`LIFETIME_KEY`]; an access token without
    ///   a refresh token (what another tab shared) is one;
    /// - anything else, `@netuno/auth-client`'s record (or a later version's, which keeps its
    ///   members): validated like a token answer by the configured keys (its `result` flag
    ///   said yes when it arrived), its lifetime running from `loadedInKey`.
    ///
    /// `None` when the configured keys do not read a token there: the record is left in place,
    /// since it may be one under keys the app has yet to configure (the default client reads
    /// storage before the app's `config()` runs), and a login replaces it.
    pub fn read(&self, config: &Config) -> Option<Stored> {
        if self.version == Field::Number(f64::from(STORED_VERSION)) {
            let token = self.previous.clone().and_then(StoredToken::into_token);
            return Some(token.map_or(Stored::Unreadable, Stored::Token));
        }
        let ours = self.version == Field::Number(f64::from(RECORD_VERSION));
        let mut config = config.clone();
        config.token.result_key = None;
        if ours && matches!(self.token.refresh_token, Field::Absent | Field::Null) {
            // Validated as in cookie mode, the other place a token has no refresh token.
            config.refresh_token.cookie = true;
        }
        let received_at = match self.loaded_in {
            Field::Number(at) if at.is_finite() && at > 0.0 => at.min(self.read_at),
            _ => self.read_at,
        };
        let response = TokenResponse {
            fields: &self.token,
            received_at,
            previous: None,
        };
        let mut token = validate_response(response, &config).ok()?.token;
        if ours {
            token.lifetime_ms = match self.lifetime_ms {
                Field::Number(ms) if plausible_lifetime(ms) => Some(ms),
                _ => None,
            };
        }
        Some(Stored::Token(token))
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

#[cfg(test)]
#[path = "record_tests.rs"]
mod netuno_tests;
