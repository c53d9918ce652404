//! Refresh tokens: opaque, single-use, grouped in families.
//!
//! A login starts a family. Each refresh spends the presented token and
//! issues its successor in the same family, with a fresh lifetime. Presenting
//! a token that was already spent means two parties hold the same chain (a
//! leak, or two tabs refreshing at once), so the whole family is revoked, as
//! real servers do (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP §4.14.2).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use crate::clock::now_millis;
use crate::error::Error;
use crate::random::hex_id;

/// Why a presented refresh token was refused (all answered 403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRejection {
    /// Never issued, or forgotten by a reset.
    Unknown,
    /// Past its lifetime.
    Expired,
    /// Already spent: the family is now revoked.
    Reused,
    /// Its family was revoked by an earlier reuse.
    FamilyRevoked,
}

/// A successful rotation: who the token belonged to and its successor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Login name of the token's user.
    pub username: String,
    /// The new refresh token.
    pub token: String,
}

struct Entry {
    username: String,
    family: u64,
    expires_at_ms: u64,
    spent: bool,
}

#[derive(Default)]
struct Inner {
    tokens: HashMap<String, Entry>,
    revoked_families: HashSet<u64>,
    next_family: u64,
}

/// Every refresh token issued since start or the last reset.
pub struct RefreshStore {
    ttl_ms: u64,
    inner: Mutex<Inner>,
}

impl RefreshStore {
    /// A store whose tokens live `ttl_secs` each.
    pub fn new(ttl_secs: u64) -> Self {
        Self {
            ttl_ms: ttl_secs.saturating_mul(1000),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Starts a family for a fresh login and returns its first token.
    ///
    /// # Errors
    /// [`Error::Random`] if no token can be generated.
    pub fn start_family(&self, username: &str) -> Result<String, Error> {
        let token = hex_id(32)?;
        let mut inner = self.lock();
        let family = inner.next_family;
        inner.next_family += 1;
        self.insert(&mut inner, &token, username, family);
        Ok(token)
    }

    /// Spends `presented` and returns its successor.
    ///
    /// The inner result is the protocol outcome: the successor, or why the
    /// presented token is refused.
    ///
    /// # Errors
    /// [`Error::Random`] if no successor can be generated.
    pub fn rotate(&self, presented: &str) -> Result<Result<Rotation, RefreshRejection>, Error> {
        let successor = hex_id(32)?;
        let mut inner = self.lock();
        Ok(check(&mut inner, presented).map(|(username, family)| {
            self.insert(&mut inner, &successor, &username, family);
            Rotation {
                username,
                token: successor,
            }
        }))
    }

    /// Revokes the family of `presented` (spent or not); an unknown token
    /// changes nothing. Returns whether the token was known.
    pub fn revoke_family(&self, presented: &str) -> bool {
        let mut inner = self.lock();
        let Some(family) = inner.tokens.get(presented).map(|entry| entry.family) else {
            return false;
        };
        inner.revoked_families.insert(family);
        true
    }

    /// Forgets every token and family.
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }

    fn insert(&self, inner: &mut Inner, token: &str, username: &str, family: u64) {
        let now = now_millis();
        // Expired tokens can only ever be refused: drop them so a long test
        // run does not grow the map without bound.
        inner.tokens.retain(|_, entry| entry.expires_at_ms > now);
        let entry = Entry {
            username: username.to_owned(),
            family,
            expires_at_ms: now.saturating_add(self.ttl_ms),
            spent: false,
        };
        inner.tokens.insert(token.to_owned(), entry);
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned lock still holds consistent data: nothing panics mid-update.
        self.inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Validates `presented` and marks it spent; returns its user and family.
fn check(inner: &mut Inner, presented: &str) -> Result<(String, u64), RefreshRejection> {
    let Inner {
        tokens,
        revoked_families,
        ..
    } = inner;
    let entry = tokens.get_mut(presented).ok_or(RefreshRejection::Unknown)?;
    if revoked_families.contains(&entry.family) {
        return Err(RefreshRejection::FamilyRevoked);
    }
    if entry.spent {
        revoked_families.insert(entry.family);
        return Err(RefreshRejection::Reused);
    }
    if entry.expires_at_ms <= now_millis() {
        return Err(RefreshRejection::Expired);
    }
    entry.spent = true;
    Ok((entry.username.clone(), entry.family))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rotate(store: &RefreshStore, token: &str) -> Result<String, RefreshRejection> {
        match store.rotate(token) {
            Ok(outcome) => outcome.map(|rotation| rotation.token),
            Err(err) => panic!("internal error: {err}"),
        }
    }

    #[test]
    fn rotation_spends_and_reuse_revokes_family() {
        let store = RefreshStore::new(60);
        let first = store.start_family("admin").unwrap_or_default();
        let other_login = store.start_family("admin").unwrap_or_default();
        let second = rotate(&store, &first).unwrap_or_default();
        assert_eq!(rotate(&store, &first), Err(RefreshRejection::Reused));
        assert_eq!(
            rotate(&store, &second),
            Err(RefreshRejection::FamilyRevoked)
        );
        assert!(
            rotate(&store, &other_login).is_ok(),
            "other family untouched"
        );
        assert_eq!(rotate(&store, "nope"), Err(RefreshRejection::Unknown));
    }

    #[test]
    fn revoking_a_family_kills_its_live_token_only() {
        let store = RefreshStore::new(60);
        let first = store.start_family("admin").unwrap_or_default();
        let other_login = store.start_family("admin").unwrap_or_default();
        let second = rotate(&store, &first).unwrap_or_default();
        assert!(
            store.revoke_family(&first),
            "a spent token still names its family"
        );
        assert_eq!(
            rotate(&store, &second),
            Err(RefreshRejection::FamilyRevoked)
        );
        assert!(rotate(&store, &other_login).is_ok());
        assert!(!store.revoke_family("unknown"));
    }

    #[test]
    fn clear_forgets_everything() {
        let store = RefreshStore::new(60);
        let token = store.start_family("admin").unwrap_or_default();
        store.clear();
        assert_eq!(rotate(&store, &token), Err(RefreshRejection::Unknown));
    }
}
