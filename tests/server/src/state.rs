//! The state every handler shares.

use std::sync::Arc;

use axum::http::Extensions;

use crate::attempts::Attempts;
use crate::config::{ExpiresInUnit, ServerConfig};
use crate::connection::ConnectionDropper;
use crate::cookie::RefreshCookie;
use crate::dialect::Dialect;
use crate::faults::FaultQueue;
use crate::netuno::lockout::Lockouts;
use crate::netuno::tokens::TokenPairs;
use crate::refresh::RefreshStore;
use crate::stats::Stats;
use crate::test_settings::TestSettings;
use crate::tokens::AccessTokens;

/// Settings, tokens, counters and faults, behind one `Arc`.
pub struct AppState {
    /// Access-token signing, checking and revocation (oauth, tutorial).
    pub access: AccessTokens,
    /// Refresh tokens and their families (oauth, tutorial).
    pub refresh: RefreshStore,
    /// Token pairs (netuno).
    pub pairs: TokenPairs,
    /// Login lockouts (netuno).
    pub lockouts: Lockouts,
    /// What `/_test/extra` and `/_test/altcha` set (netuno).
    pub test_settings: TestSettings,
    /// Counters for `/_test/stats`.
    pub stats: Stats,
    /// Arrival times for `/_test/attempts`.
    pub attempts: Attempts,
    /// Pending faults for `/_test/faults`.
    pub faults: FaultQueue,
    /// Groups allowed to log in (oauth, tutorial).
    pub groups: Vec<String>,
    /// Unit of `expires_in`.
    pub expires_in_unit: ExpiresInUnit,
    /// Which wire shape the routes speak.
    pub dialect: Dialect,
    /// The refresh cookie, in cookie mode.
    pub refresh_cookie: Option<RefreshCookie>,
}

/// The shared handle the router passes to handlers.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// Fresh state for `config`: no tokens, no faults, zero counters.
    pub fn new(config: &ServerConfig) -> SharedState {
        let refresh_cookie = config.refresh_cookie.as_deref().map(|name| {
            RefreshCookie::new(name, config.dialect.auth_path(), config.refresh_ttl_secs)
        });
        Arc::new(Self {
            access: AccessTokens::new(&config.secret, config.access_ttl_secs),
            refresh: RefreshStore::new(config.refresh_ttl_secs),
            pairs: TokenPairs::new(
                &config.secret,
                config.access_ttl_secs,
                config.refresh_ttl_secs,
            ),
            lockouts: Lockouts::default(),
            test_settings: TestSettings::default(),
            stats: Stats::default(),
            attempts: Attempts::default(),
            faults: FaultQueue::default(),
            groups: config.groups.clone(),
            expires_in_unit: config.expires_in_unit(),
            dialect: config.dialect,
            refresh_cookie,
        })
    }

    /// What `POST /_test/reset` does: clear stats, attempts, faults,
    /// refresh tokens, token pairs and lockouts, revoke every access token
    /// issued so far, and put `extra` and altcha back to their defaults.
    pub fn reset(&self) {
        self.stats.reset();
        self.attempts.reset();
        self.faults.clear();
        self.refresh.clear();
        self.access.revoke_all();
        self.pairs.clear();
        self.lockouts.clear();
        self.test_settings.reset();
    }
}

/// The request's connection dropper (from its extensions), present when
/// served by our accept loop.
pub fn dropper_of(extensions: &Extensions) -> Option<ConnectionDropper> {
    extensions.get::<ConnectionDropper>().cloned()
}
