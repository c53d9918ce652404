//! Access tokens of the oauth and tutorial dialects: HS256 JWTs with `exp`,
//! issued and verified, revocable by reset (the netuno dialect's are in
//! `netuno::tokens`).
//!
//! Besides the signature and `exp`, a token is valid only if its `jti` was
//! issued by this process since the last `/_test/reset`. That lets tests
//! revoke every live token at once, and rejects tokens from an earlier run
//! that happened to use the same secret.

use std::collections::HashSet;
use std::sync::Mutex;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::clock::now_secs;
use crate::error::Error;
use crate::random::hex_id;
use crate::users::User;

/// The claims of every access token this server signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// User display name.
    pub name: String,
    /// User code.
    pub code: String,
    /// Group code.
    pub group: String,
    /// Issued at, seconds since the epoch.
    pub iat: u64,
    /// Expires at, seconds since the epoch.
    pub exp: u64,
    /// Unique token id, used for revocation.
    pub jti: String,
}

/// Why a presented access token was refused (all answered 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRejection {
    /// No token header (`Authorization`, or `x-access-token` in the
    /// tutorial dialect).
    Missing,
    /// Not `Bearer <jwt>`, or not a well-formed JWT with our claims.
    Malformed,
    /// Signed with another key or algorithm.
    BadSignature,
    /// Past its `exp`.
    Expired,
    /// Issued before the last reset, or by another server process (netuno:
    /// a token this server does not hold, or one a logout ended).
    Revoked,
    /// Netuno only: its pair was replaced by a refresh.
    Replaced,
}

impl TokenRejection {
    /// The `reason` field of the 401 body.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Malformed => "malformed",
            Self::BadSignature => "bad-signature",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::Replaced => "replaced",
        }
    }

    /// The `message` field of the 401 body.
    pub fn message(self) -> &'static str {
        match self {
            Self::Missing => "missing access token: send Authorization: Bearer <access_token>",
            Self::Malformed => "malformed access token: expected Authorization: Bearer <JWT>",
            Self::BadSignature => "access token has a bad signature",
            Self::Expired => "access token has expired",
            Self::Revoked => "access token was revoked (issued before the last reset)",
            Self::Replaced => "access token was replaced by a refresh",
        }
    }
}

/// Signs and checks access tokens, and remembers which ones are live.
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: u64,
    live_ids: Mutex<HashSet<String>>,
}

impl AccessTokens {
    /// Tokens signed with `secret`, each valid for `ttl_secs`.
    pub fn new(secret: &str, ttl_secs: u64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // No leeway: tests use one-second lifetimes and expect them honoured.
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            ttl_secs,
            live_ids: Mutex::new(HashSet::new()),
        }
    }

    /// The lifetime of new tokens, in seconds.
    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    /// Signs a new token for `user`.
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::TokenSigning`].
    pub fn issue(&self, user: &User) -> Result<String, Error> {
        let (token, jti) = self.sign(user)?;
        self.live().insert(jti);
        Ok(token)
    }

    /// Signs a well-formed token for `user` that was never issued: it
    /// decodes like any other but is refused as `revoked`. For the answers
    /// of `oversized` faults, which must not start a session.
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::TokenSigning`].
    pub fn sign_unlisted(&self, user: &User) -> Result<String, Error> {
        self.sign(user).map(|(token, _)| token)
    }

    /// A signed token for `user` and its `jti`.
    fn sign(&self, user: &User) -> Result<(String, String), Error> {
        let iat = now_secs();
        let claims = Claims {
            sub: user.id.into(),
            name: user.name.into(),
            code: user.code.into(),
            group: user.group.into(),
            iat,
            exp: iat.saturating_add(self.ttl_secs),
            jti: hex_id(16)?,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|err| Error::TokenSigning(err.to_string()))?;
        Ok((token, claims.jti))
    }

    /// Checks a token's signature, expiry and liveness; returns its claims.
    ///
    /// # Errors
    /// The [`TokenRejection`] that says why it is refused.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenRejection> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|err| {
            match err.kind() {
                ErrorKind::ExpiredSignature => TokenRejection::Expired,
                ErrorKind::InvalidSignature | ErrorKind::InvalidAlgorithm => {
                    TokenRejection::BadSignature
                }
                _ => TokenRejection::Malformed,
            }
        })?;
        if !self.live().contains(&data.claims.jti) {
            return Err(TokenRejection::Revoked);
        }
        Ok(data.claims)
    }

    /// Revokes every token issued so far.
    pub fn revoke_all(&self) {
        self.live().clear();
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        // A poisoned lock still holds a usable set: nothing panics mid-update.
        self.live_ids
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::USERS;

    const SECRET: &str = "ThisSecretMustBeWith32Characters!";

    #[test]
    fn issued_token_verifies_with_user_claims() {
        let tokens = AccessTokens::new(SECRET, 60);
        let token = tokens.issue(&USERS[1]).unwrap_or_default();
        let claims = tokens.verify(&token).map_err(TokenRejection::reason);
        let claims = claims.unwrap_or_else(|reason| panic!("rejected: {reason}"));
        assert_eq!(claims.sub, "2");
        assert_eq!(claims.group, "customer");
        assert_eq!(claims.exp - claims.iat, 60);
    }

    #[test]
    fn other_key_is_bad_signature_and_reset_revokes() {
        let ours = AccessTokens::new(SECRET, 60);
        let theirs = AccessTokens::new("AnotherSecretThatIsAlso32CharsLong", 60);
        let foreign = theirs.issue(&USERS[0]).unwrap_or_default();
        assert_eq!(ours.verify(&foreign), Err(TokenRejection::BadSignature));
        assert_eq!(ours.verify("not.a.jwt"), Err(TokenRejection::Malformed));
        let token = ours.issue(&USERS[0]).unwrap_or_default();
        ours.revoke_all();
        assert_eq!(ours.verify(&token), Err(TokenRejection::Revoked));
        let unlisted = ours.sign_unlisted(&USERS[0]).unwrap_or_default();
        assert_eq!(ours.verify(&unlisted), Err(TokenRejection::Revoked));
    }
}
