//! What a session takes up from the other tabs: a token or a logout another tab left in shared
//! storage, and an access token another tab shared over the channel (and what this one shares).

use super::Session;
use crate::core::event::{Event, LogoutReason};
use crate::core::record::StoredToken;
use crate::core::store::Stored;
use crate::core::token::Validated;

impl Session {
    /// Takes up what another tab left in shared storage: a newer token (its refresh or its
    /// login, written by this SDK or by `@netuno/auth-client`) or its logout. No events when
    /// storage holds what this client holds.
    pub fn adopt_stored(&mut self) -> Vec<Event> {
        let key = self.config.token.storage_key.clone();
        let (stored, failure) = self.store.read(&key, &self.config);
        if let Some(e) = failure {
            // The memory fallback starts empty: it gets the held token, or the next read would
            // take its absence for another tab's logout.
            if let Some(token) = &self.token {
                self.store.write(&key, token, &self.config.token);
            }
            return vec![Event::StorageDegraded(e)];
        }
        let mut stored = match stored {
            Some(Stored::Token(token)) => Some(token),
            _ => None,
        };
        let event = match (&mut stored, &self.token) {
            (None, Some(_)) => Event::Logout(LogoutReason::OtherTab),
            (Some(_), None) => Event::Login,
            (Some(theirs), Some(ours)) if theirs.refresh_token != ours.refresh_token => {
                // A refresh answer has no `extra`, and `@netuno/auth-client` stores the answer
                // as it came: the login's is kept, as after a refresh of this tab's own.
                theirs.extra = theirs.extra.take().or_else(|| ours.extra.clone());
                Event::Refresh
            }
            _ => return Vec::new(),
        };
        self.token = stored;
        self.generation += 1;
        vec![event]
    }

    /// The held access token as told to the other tabs: never the refresh token.
    pub fn shared(&self) -> Option<StoredToken> {
        let mut shared = StoredToken::from(self.token.as_ref()?);
        shared.refresh_token = None;
        Some(shared)
    }

    /// Takes up an access token another tab shared (`restoring`: this tab asked for it on
    /// load). Only a newer one replaces the held token, whose refresh token is kept; a refresh
    /// token in the message is never taken. No events when nothing changed.
    pub fn adopt_shared(&mut self, shared: StoredToken, restoring: bool) -> Vec<Event> {
        let Some(mut theirs) = shared.into_token() else {
            return Vec::new();
        };
        let event = match &self.token {
            None if restoring => Event::Restore,
            None => Event::Login,
            Some(ours) if theirs.loaded_at <= ours.loaded_at => return Vec::new(),
            Some(_) => Event::Refresh,
        };
        theirs.refresh_token = self.token.take().and_then(|t| t.refresh_token);
        let validated = Validated {
            token: theirs,
            ignored_lifetime_ms: None,
        };
        self.hold(validated, event)
    }
}
