//! Netuno's token pairs: stateful, as its `netuno_auth_jwt_token` table.
//!
//! A login mints a pair: an HS256 access JWT whose claims are the user's
//! context (`token_type`, `uid`, `_user`, `_user_uid`, ..., `_dev`, and no
//! `exp`, `iat` or `sub`), its `short_token` (the SHA-512 hex of its `uid`),
//! and a refresh JWT (`token_type`, `uid`, `token_uid`, `expires_in`). The
//! server keeps each pair with its expiry times: a client knows them only
//! from the answer's `expires_in`. A refresh presents the active pair's
//! refresh token and mints a new pair; the old pair is deactivated at that
//! instant, its access token included (no grace period). A replayed refresh
//! token finds no active pair: refused, with no reuse detection.
//!
//! As in Netuno, a protected call may present the access token or its
//! short token; signatures are not checked there, only the table.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::Serialize;
use sha2::{Digest, Sha512};

use crate::clock::now_millis;
use crate::error::Error;
use crate::random::uuid_v4;
use crate::tokens::TokenRejection;
use crate::users::User;

/// Past this many pairs, the ones whose both lifetimes are over are dropped
/// on the next login or refresh (a long test run does not grow without
/// bound, and replaced pairs are still told apart in shorter ones).
const PRUNE_ABOVE: usize = 1_000;

/// The claims of a netuno access token, in Netuno's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessClaims {
    /// Always `"Bearer"`.
    pub token_type: &'static str,
    /// The pair's UUID.
    pub uid: String,
    /// The login name.
    #[serde(rename = "_user")]
    pub user: &'static str,
    /// The user's UUID.
    #[serde(rename = "_user_uid")]
    pub user_uid: &'static str,
    /// The user's display name.
    #[serde(rename = "_user_name")]
    pub user_name: &'static str,
    /// The user's code.
    #[serde(rename = "_user_code")]
    pub user_code: &'static str,
    /// The group's UUID.
    #[serde(rename = "_group_uid")]
    pub group_uid: &'static str,
    /// The group's display name.
    #[serde(rename = "_group_name")]
    pub group_name: &'static str,
    /// The group's code.
    #[serde(rename = "_group_code")]
    pub group_code: &'static str,
    /// Whether the group administers the app.
    #[serde(rename = "_admin")]
    pub admin: bool,
    /// Whether the group develops the app.
    #[serde(rename = "_dev")]
    pub dev: bool,
}

/// The claims of a netuno refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct RefreshClaims {
    token_type: &'static str,
    /// A UUID of its own (Netuno gives every JWT one).
    uid: String,
    /// The pair's UUID.
    token_uid: String,
    /// The refresh lifetime in milliseconds.
    expires_in: u64,
}

/// A pair just minted by a login or a refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedPair {
    /// Whose tokens they are.
    pub user: &'static User,
    /// The access JWT.
    pub access_token: String,
    /// The SHA-512 hex of the access token's `uid`.
    pub short_token: String,
    /// The refresh JWT.
    pub refresh_token: String,
}

/// Why a refresh was refused (all answered 403 `{"result": false}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRefusal {
    /// No pair holds this refresh token.
    Unknown,
    /// Its pair is no longer active: already refreshed, or logged out.
    Inactive,
    /// Its pair's refresh lifetime is over.
    Expired,
}

/// Why a pair stopped being active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairEnd {
    /// A refresh replaced it.
    Refreshed,
    /// A logout (cookie mode) ended it.
    LoggedOut,
}

struct Pair {
    issued: IssuedPair,
    access_expires_ms: u64,
    refresh_expires_ms: u64,
    ended: Option<PairEnd>,
}

/// Every pair minted since start or the last reset.
pub struct TokenPairs {
    encoding: EncodingKey,
    access_ttl_secs: u64,
    refresh_ttl_secs: u64,
    pairs: Mutex<HashMap<String, Pair>>,
}

impl TokenPairs {
    /// Pairs signed with `secret`, living `access_ttl_secs` and
    /// `refresh_ttl_secs` from when they are minted.
    pub fn new(secret: &str, access_ttl_secs: u64, refresh_ttl_secs: u64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            access_ttl_secs,
            refresh_ttl_secs,
            pairs: Mutex::new(HashMap::new()),
        }
    }

    /// The access lifetime, in seconds.
    pub fn access_ttl_secs(&self) -> u64 {
        self.access_ttl_secs
    }

    /// The refresh lifetime, in seconds.
    pub fn refresh_ttl_secs(&self) -> u64 {
        self.refresh_ttl_secs
    }

    /// Mints and keeps a pair for `user` (a login).
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::TokenSigning`].
    pub fn issue(&self, user: &'static User) -> Result<IssuedPair, Error> {
        let (uid, issued) = self.mint(user)?;
        let mut pairs = self.lock();
        self.keep(&mut pairs, uid, issued.clone());
        Ok(issued)
    }

    /// Mints a well-formed pair for `user` that is never kept: services
    /// refuse its access token, `_auth` its refresh token. For the answers
    /// of `oversized` faults, which must not start a session.
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::TokenSigning`].
    pub fn mint_unlisted(&self, user: &'static User) -> Result<IssuedPair, Error> {
        self.mint(user).map(|(_, issued)| issued)
    }

    /// Spends the active pair holding `presented` and mints its successor.
    ///
    /// # Errors
    /// [`Error::Random`] or [`Error::TokenSigning`]; the inner result is
    /// the protocol outcome.
    pub fn refresh(&self, presented: &str) -> Result<Result<IssuedPair, RefreshRefusal>, Error> {
        let mut pairs = self.lock();
        let now = now_millis();
        let Some((old_uid, old)) = pairs
            .iter()
            .find(|(_, pair)| pair.issued.refresh_token == presented)
        else {
            return Ok(Err(RefreshRefusal::Unknown));
        };
        if old.ended.is_some() {
            return Ok(Err(RefreshRefusal::Inactive));
        }
        if old.refresh_expires_ms <= now {
            return Ok(Err(RefreshRefusal::Expired));
        }
        let old_uid = old_uid.clone();
        let (uid, issued) = self.mint(old.issued.user)?;
        if let Some(old) = pairs.get_mut(&old_uid) {
            old.ended = Some(PairEnd::Refreshed);
        }
        self.keep(&mut pairs, uid, issued.clone());
        Ok(Ok(issued))
    }

    /// Ends the active pair holding `presented` (a logout); returns whether
    /// there was one.
    pub fn log_out(&self, presented: &str) -> bool {
        let mut pairs = self.lock();
        let active = pairs
            .values_mut()
            .find(|pair| pair.ended.is_none() && pair.issued.refresh_token == presented);
        match active {
            Some(pair) => {
                pair.ended = Some(PairEnd::LoggedOut);
                true
            }
            None => false,
        }
    }

    /// The user of an access token (or its short token), if its pair is
    /// active and unexpired.
    ///
    /// # Errors
    /// [`TokenRejection::Replaced`] when a refresh ended its pair,
    /// [`TokenRejection::Revoked`] when a logout did or the token is not
    /// one this server holds (never issued, or forgotten by a reset),
    /// [`TokenRejection::Expired`] past its lifetime.
    pub fn check_access(&self, token: &str) -> Result<&'static User, TokenRejection> {
        let pairs = self.lock();
        let pair = pairs
            .values()
            .find(|pair| pair.issued.access_token == token || pair.issued.short_token == token)
            .ok_or(TokenRejection::Revoked)?;
        match pair.ended {
            Some(PairEnd::Refreshed) => Err(TokenRejection::Replaced),
            Some(PairEnd::LoggedOut) => Err(TokenRejection::Revoked),
            None if pair.access_expires_ms <= now_millis() => Err(TokenRejection::Expired),
            None => Ok(pair.issued.user),
        }
    }

    /// Forgets every pair (`/_test/reset`).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// A fresh pair for `user` and its UUID.
    fn mint(&self, user: &'static User) -> Result<(String, IssuedPair), Error> {
        let uid = uuid_v4()?;
        let access = AccessClaims {
            token_type: "Bearer",
            uid: uid.clone(),
            user: user.username,
            user_uid: user.uid,
            user_name: user.name,
            user_code: user.code,
            group_uid: user.group_uid,
            group_name: user.group_name,
            group_code: user.group,
            admin: user.admin,
            dev: user.dev,
        };
        let refresh = RefreshClaims {
            token_type: "Bearer",
            uid: uuid_v4()?,
            token_uid: uid.clone(),
            expires_in: self.refresh_ttl_secs.saturating_mul(1000),
        };
        let issued = IssuedPair {
            user,
            access_token: self.sign(&access)?,
            short_token: short_token(&uid),
            refresh_token: self.sign(&refresh)?,
        };
        Ok((uid, issued))
    }

    fn sign(&self, claims: &impl Serialize) -> Result<String, Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|err| Error::TokenSigning(err.to_string()))
    }

    /// Keeps `issued` under `uid`, with lifetimes counted from now.
    fn keep(&self, pairs: &mut HashMap<String, Pair>, uid: String, issued: IssuedPair) {
        let now = now_millis();
        if pairs.len() > PRUNE_ABOVE {
            pairs.retain(|_, pair| pair.access_expires_ms > now || pair.refresh_expires_ms > now);
        }
        let pair = Pair {
            issued,
            access_expires_ms: now.saturating_add(self.access_ttl_secs.saturating_mul(1000)),
            refresh_expires_ms: now.saturating_add(self.refresh_ttl_secs.saturating_mul(1000)),
            ended: None,
        };
        pairs.insert(uid, pair);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Pair>> {
        // A poisoned lock still holds consistent data: nothing panics mid-update.
        self.pairs
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// The SHA-512 of `uid`, as 128 lowercase hex characters.
pub fn short_token(uid: &str) -> String {
    Sha512::digest(uid.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::USERS;

    const SECRET: &str = "ThisSecretMustBeWith32Characters!";

    fn issue(pairs: &TokenPairs) -> IssuedPair {
        pairs
            .issue(&USERS[0])
            .unwrap_or_else(|err| panic!("issue: {err}"))
    }

    fn refresh(pairs: &TokenPairs, token: &str) -> Result<IssuedPair, RefreshRefusal> {
        pairs
            .refresh(token)
            .unwrap_or_else(|err| panic!("refresh: {err}"))
    }

    #[test]
    fn short_token_is_the_sha512_hex_of_the_uid() {
        // SHA-512("abc"), FIPS 180-2 appendix C.1.
        assert!(short_token("abc").starts_with("ddaf35a193617aba"));
        assert_eq!(short_token("abc").len(), 128);
    }

    #[test]
    fn a_refresh_replaces_the_whole_pair_at_once() {
        let pairs = TokenPairs::new(SECRET, 60, 60);
        let first = issue(&pairs);
        assert_eq!(pairs.check_access(&first.access_token), Ok(&USERS[0]));
        assert_eq!(pairs.check_access(&first.short_token), Ok(&USERS[0]));
        let second = refresh(&pairs, &first.refresh_token).unwrap_or_else(|r| panic!("{r:?}"));
        assert_eq!(
            pairs.check_access(&first.access_token),
            Err(TokenRejection::Replaced)
        );
        assert_eq!(
            refresh(&pairs, &first.refresh_token),
            Err(RefreshRefusal::Inactive)
        );
        // No reuse detection: the new pair lives on.
        assert_eq!(pairs.check_access(&second.access_token), Ok(&USERS[0]));
        assert!(refresh(&pairs, &second.refresh_token).is_ok());
        assert_eq!(refresh(&pairs, "nope"), Err(RefreshRefusal::Unknown));
    }

    #[test]
    fn lifetimes_logout_reset_and_unlisted_pairs() {
        let pairs = TokenPairs::new(SECRET, 1, 1);
        let first = issue(&pairs);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(
            pairs.check_access(&first.access_token),
            Err(TokenRejection::Expired)
        );
        assert_eq!(
            refresh(&pairs, &first.refresh_token),
            Err(RefreshRefusal::Expired)
        );
        let second = issue(&pairs);
        assert!(pairs.log_out(&second.refresh_token));
        assert!(!pairs.log_out(&second.refresh_token));
        assert_eq!(
            pairs.check_access(&second.access_token),
            Err(TokenRejection::Revoked)
        );
        let third = issue(&pairs);
        pairs.clear();
        assert_eq!(
            pairs.check_access(&third.access_token),
            Err(TokenRejection::Revoked)
        );
        let unlisted = pairs
            .mint_unlisted(&USERS[1])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            pairs.check_access(&unlisted.access_token),
            Err(TokenRejection::Revoked)
        );
    }
}
