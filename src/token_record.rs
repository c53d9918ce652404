//! The token as kept in storage: a versioned JSON record, read back strictly. Anything else
//! under the key (an old version, a partial write, another library's data) reads as `None`
//! and is removed by the session.

use crate::json::Value;
use crate::json_text::Writer;
use crate::secret::{AccessToken, RefreshToken};
use crate::token::{plausible_lifetime, TokenState, STORED_VERSION};

impl TokenState {
    /// The storage record, as JSON text.
    pub fn to_json(&self) -> String {
        Writer::open('{')
            .number("v", Some(f64::from(self.v)))
            .text("accessToken", self.access_token.secret())
            .text("refreshToken", self.refresh_token.secret())
            .text("tokenType", &self.token_type)
            .number("expiresIn", self.expires_in)
            .number("loadedAt", Some(self.loaded_at))
            .number("lifetimeMs", self.lifetime_ms)
            .close('}')
    }

    /// Reads a storage record; anything but a complete record of this version is `None`.
    pub fn from_value(record: &Value) -> Option<TokenState> {
        let Value::Object(members) = record else {
            return None;
        };
        if members.len() != 7 || record.get("v")?.as_f64()? != f64::from(STORED_VERSION) {
            return None;
        }
        let text = |k: &str| {
            record
                .get(k)?
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let optional = |k: &str| match record.get(k)? {
            Value::Null => Some(None),
            Value::Number(n) if n.is_finite() => Some(Some(*n)),
            _ => None,
        };
        let lifetime_ms = optional("lifetimeMs")?;
        let loaded_at = record.get("loadedAt")?.as_f64().filter(|n| n.is_finite())?;
        if !lifetime_ms.is_none_or(plausible_lifetime) {
            return None;
        }
        Some(TokenState {
            v: STORED_VERSION,
            access_token: AccessToken::new(text("accessToken")?),
            refresh_token: RefreshToken::new(text("refreshToken")?),
            token_type: text("tokenType")?,
            expires_in: optional("expiresIn")?,
            loaded_at,
            lifetime_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> TokenState {
        TokenState {
            v: STORED_VERSION,
            access_token: AccessToken::new("a".into()),
            refresh_token: RefreshToken::new("r".into()),
            token_type: "Bearer".into(),
            expires_in: Some(60.0),
            loaded_at: 5.0,
            lifetime_ms: Some(60_000.0),
        }
    }

    #[test]
    fn records_round_trip() {
        assert_eq!(
            TokenState::from_value(&crate::json_text::parse(&token().to_json()).unwrap()),
            Some(token())
        );
    }

    #[test]
    fn anything_else_is_none() {
        let mut members = match crate::json_text::parse(&token().to_json()) {
            Some(Value::Object(m)) => m,
            _ => unreachable!(),
        };
        let with = |k: &str, v: Value| {
            let mut m = members.clone();
            m.iter_mut()
                .filter(|(key, _)| key == k)
                .for_each(|(_, val)| *val = v.clone());
            TokenState::from_value(&Value::Object(m))
        };
        assert_eq!(with("v", Value::Number(0.0)), None, "old version");
        assert_eq!(
            with("lifetimeMs", Value::Number(f64::NAN)),
            None,
            "bad lifetime"
        );
        assert_eq!(
            with("accessToken", Value::String(String::new())),
            None,
            "empty token"
        );
        assert_eq!(with("loadedAt", Value::Null), None, "no load time");
        members.pop();
        assert_eq!(
            TokenState::from_value(&Value::Object(members)),
            None,
            "partial"
        );
        assert_eq!(TokenState::from_value(&Value::Null), None);
    }
}
