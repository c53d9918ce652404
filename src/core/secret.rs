//! Tokens are secrets in the types: their `Debug` is redacted so that a stray `{:?}` in a log
//! or an error message cannot leak them. They serialize as the plain string, because the places
//! they are serialized to (storage, the `token()` view) are where they are meant to go.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret string.
            pub fn new(secret: String) -> Self {
                Self(secret)
            }

            /// The secret itself; every call site is a place where it leaves the SDK.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// The access token sent as `Authorization: <type> <token>`; usually a JWT.
    AccessToken
);
secret_type!(
    /// The opaque refresh token, exchanged once for a new token pair.
    RefreshToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_and_serde_is_the_string() {
        let token = AccessToken::new("eyJhbGciOi.secret.sig".into());
        assert_eq!(format!("{token:?}"), "AccessToken([redacted])");
        assert_eq!(token.secret(), "eyJhbGciOi.secret.sig");
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            r#""eyJhbGciOi.secret.sig""#
        );
    }
}
