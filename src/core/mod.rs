//! The pure core: settings, token validation, unverified JWT claims, the refresh schedule, the
//! login/refresh/logout state machine and the token store trait. Nothing here touches a
//! `JsValue` or the browser; it runs under plain `cargo test`, with serde_json standing in for
//! the browser's serde format.

pub mod claims;
pub mod config;
pub mod config_sections;
pub mod coordinator;
pub mod error;
pub mod event;
pub mod keys;
pub mod params;
pub mod record;
pub mod retry_record;
pub mod schedule;
pub mod secret;
pub mod service_helpers;
pub mod session;
pub mod settings;
pub mod store;
pub mod tab_message;
pub mod token;
pub mod url;

#[cfg(test)]
mod testing;
