//! The state every handler shares.

use std::sync::Arc;

use axum::extract::Request;

use crate::config::{ExpiresInUnit, ServerConfig};
use crate::connection::ConnectionDropper;
use crate::faults::FaultQueue;
use crate::refresh::RefreshStore;
use crate::stats::Stats;
use crate::tokens::AccessTokens;

/// Tokens, counters and faults, behind one `Arc`.
pub struct AppState {
    /// Access-token signing, checking and revocation.
    pub access: AccessTokens,
    /// Refresh tokens and their families.
    pub refresh: RefreshStore,
    /// Counters for `/_test/stats`.
    pub stats: Stats,
    /// Pending faults for `/_test/faults`.
    pub faults: FaultQueue,
    /// Groups allowed to log in.
    pub groups: Vec<String>,
    /// Unit of `expires_in`.
    pub expires_in_unit: ExpiresInUnit,
}

/// The shared handle the router passes to handlers.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// Fresh state for `config`: no tokens, no faults, zero counters.
    pub fn new(config: &ServerConfig) -> SharedState {
        Arc::new(Self {
            access: AccessTokens::new(&config.secret, config.access_ttl_secs),
            refresh: RefreshStore::new(config.refresh_ttl_secs),
            stats: Stats::default(),
            faults: FaultQueue::default(),
            groups: config.groups.clone(),
            expires_in_unit: config.expires_in_unit,
        })
    }

    /// What `POST /_test/reset` does: clear stats, faults and refresh
    /// tokens, and revoke every access token issued so far.
    pub fn reset(&self) {
        self.stats.reset();
        self.faults.clear();
        self.refresh.clear();
        self.access.revoke_all();
    }
}

/// The request's connection dropper, present when served by our accept loop.
pub fn dropper_of(request: &Request) -> Option<ConnectionDropper> {
    request.extensions().get::<ConnectionDropper>().cloned()
}
