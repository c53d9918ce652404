//! Where the token is kept: a small trait with a memory implementation here and the Web
//! Storage one in the browser client.

use crate::core::config::{Config, TokenConfig};
use crate::core::error::AuthError;
pub use crate::core::record::Stored;
use crate::core::token::TokenState;
use std::cell::RefCell;

/// A place that keeps one token per key. Implementations report failures instead of throwing:
/// Safari's private mode, a full quota and disabled storage all end up here. A store of
/// serialized records names their members by `names` (the configured `token.*Key`s); a store
/// of tokens ignores them.
pub trait TokenStore {
    /// What is kept under `key`, if anything.
    fn read(&self, key: &str, names: &TokenConfig) -> Result<Option<Stored>, AuthError>;
    /// Replaces what is kept under `key`.
    fn write(&self, key: &str, token: &TokenState, names: &TokenConfig) -> Result<(), AuthError>;
    /// Removes what is kept under `key`.
    fn remove(&self, key: &str) -> Result<(), AuthError>;
}

/// Keeps tokens for the life of the page: `storage: 'memory'`, and the fallback when Web
/// Storage fails.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<Vec<(String, TokenState)>>,
}

impl TokenStore for MemoryStore {
    fn read(&self, key: &str, _: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        let entries = self.entries.borrow();
        let found = entries.iter().find(|(k, _)| k == key);
        Ok(found.map(|(_, t)| Stored::Token(t.clone())))
    }

    fn write(&self, key: &str, token: &TokenState, _: &TokenConfig) -> Result<(), AuthError> {
        let mut entries = self.entries.borrow_mut();
        entries.retain(|(k, _)| k != key);
        entries.push((key.to_owned(), token.clone()));
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.entries.borrow_mut().retain(|(k, _)| k != key);
        Ok(())
    }
}

/// A store that falls back to memory the first time its backend fails, so a broken storage
/// never throws into the app. The caller learns of the switch once, through the returned error.
pub struct DegradingStore {
    backend: Box<dyn TokenStore>,
    fallback: Option<MemoryStore>,
}

impl DegradingStore {
    /// Wraps a backend.
    pub fn new(backend: Box<dyn TokenStore>) -> Self {
        Self {
            backend,
            fallback: None,
        }
    }

    /// Whether the backend failed and tokens now live in memory only.
    pub fn is_degraded(&self) -> bool {
        self.fallback.is_some()
    }

    /// Runs `op` on the backend, or on the memory fallback once the backend has failed.
    /// Returns the value and, the first time the backend fails, the error that caused the switch.
    fn run<T>(
        &mut self,
        op: impl Fn(&dyn TokenStore) -> Result<T, AuthError>,
    ) -> (Option<T>, Option<AuthError>) {
        // `MemoryStore` never fails, so `.ok()` below loses nothing.
        if let Some(memory) = &self.fallback {
            return (op(memory).ok(), None);
        }
        match op(self.backend.as_ref()) {
            Ok(v) => (Some(v), None),
            Err(e) => {
                let memory = MemoryStore::default();
                let v = op(&memory).ok();
                self.fallback = Some(memory);
                (v, Some(e))
            }
        }
    }

    /// Reads `key`, a record there as `config` reads it: a token, something to remove
    /// ([`Stored::Unreadable`]), or `None` (nothing, or a record that is no token by the
    /// configured keys, left in place).
    pub fn read(&mut self, key: &str, config: &Config) -> (Option<Stored>, Option<AuthError>) {
        let (value, failure) = self.run(|s| s.read(key, &config.token));
        let stored = value.flatten().and_then(|stored| match stored {
            Stored::Record(record) => record.read(config),
            other => Some(other),
        });
        (stored, failure)
    }

    /// Writes `key`, naming a record's members by `names`.
    pub fn write(
        &mut self,
        key: &str,
        token: &TokenState,
        names: &TokenConfig,
    ) -> Option<AuthError> {
        self.run(|s| s.write(key, token, names)).1
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<AuthError> {
        self.run(|s| s.remove(key)).1
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::secret::{AccessToken, RefreshToken};

    /// A backend that always fails, like Safari's private mode.
    pub(crate) struct BrokenStore;

    impl TokenStore for BrokenStore {
        fn read(&self, _: &str, _: &TokenConfig) -> Result<Option<Stored>, AuthError> {
            Err(AuthError::Storage("SecurityError".into()))
        }
        fn write(&self, _: &str, _: &TokenState, _: &TokenConfig) -> Result<(), AuthError> {
            Err(AuthError::Storage("QuotaExceededError".into()))
        }
        fn remove(&self, _: &str) -> Result<(), AuthError> {
            Err(AuthError::Storage("SecurityError".into()))
        }
    }

    pub(crate) fn token(access: &str) -> TokenState {
        TokenState {
            access_token: AccessToken::new(access.into()),
            refresh_token: Some(RefreshToken::new("r".into())),
            token_type: "Bearer".into(),
            expires_in: None,
            loaded_at: 0.0,
            lifetime_ms: Some(60_000.0),
            extra: None,
        }
    }

    #[test]
    fn memory_store_keeps_tokens_per_key() {
        let (m, names) = (MemoryStore::default(), &Config::default().token);
        m.write("a", &token("1"), names).unwrap();
        m.write("a", &token("2"), names).unwrap();
        assert_eq!(m.read("a", names).unwrap(), Some(Stored::Token(token("2"))));
        m.remove("a").unwrap();
        assert_eq!(m.read("a", names).unwrap(), None);
    }

    #[test]
    fn a_broken_backend_degrades_to_memory_once() {
        let config = Config::default();
        let mut s = DegradingStore::new(Box::new(BrokenStore));
        let first = s.write("k", &token("v"), &config.token);
        assert_eq!(first.map(|e| e.code().as_str()), Some("storage"));
        assert!(s.is_degraded());
        assert_eq!(
            s.read("k", &config),
            (Some(Stored::Token(token("v"))), None)
        );
        assert_eq!(s.remove("k"), None);
    }
}
