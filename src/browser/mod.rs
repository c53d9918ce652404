//! The browser client: [`AuthClient`] and what it is made of. It does the I/O the core decides
//! about: requests to the auth endpoint and `service()` built by gloo-net, `auth_fetch` on
//! `web_sys::Request`/`Response`, the refresh timer and retries as gloo-timers handles, Web
//! Storage, the wake-up and `storage` listeners, and the cross-tab lock.
//!
//! Off wasm32 (a server render, a native test) [`AuthClient`] is an inert handle with the same
//! public signatures (`inert.rs`): the modules of the values they use (`calls`, `callbacks`,
//! `snapshot`, `subscription`) are on every target, the ones that do the I/O on wasm32 only.

mod callbacks;
mod calls;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod commands;
#[cfg(target_arch = "wasm32")]
mod deadline;
#[cfg(target_arch = "wasm32")]
pub(crate) mod driver;
#[cfg(target_arch = "wasm32")]
mod env;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub(crate) mod http;
#[cfg(not(target_arch = "wasm32"))]
mod inert;
#[cfg(target_arch = "wasm32")]
pub(crate) mod js_value;
#[cfg(target_arch = "wasm32")]
mod listener;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod refresh;
#[cfg(target_arch = "wasm32")]
mod retry_slot;
#[cfg(target_arch = "wasm32")]
mod service;
mod snapshot;
#[cfg(target_arch = "wasm32")]
mod storage;
mod subscription;
#[cfg(test)]
mod surface_tests;
#[cfg(target_arch = "wasm32")]
mod tab_channel;
#[cfg(target_arch = "wasm32")]
mod tab_lock;
#[cfg(target_arch = "wasm32")]
pub(crate) mod token_fields;
#[cfg(target_arch = "wasm32")]
mod waiter;

pub use crate::core::coordinator::Header;
pub use callbacks::{
    Answered, AuthAnswer, AuthRequestDefaults, BodyTransform, Callback, Callbacks,
};
pub use calls::{
    FetchOptions, GlooRequest, LoginRequest, LoginResult, ResultBody, ServiceBody, ServiceCall,
    ServiceResult,
};
#[cfg(target_arch = "wasm32")]
pub use client::{AuthClient, WeakAuthClient};
#[cfg(not(target_arch = "wasm32"))]
pub use inert::{AuthClient, WeakAuthClient};
pub use snapshot::{Snapshot, Status};
pub use subscription::{Detached, Subscription};

// What the JS facade (feature `js`) uses of the client's insides.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub(crate) use {env::describe, http::fetch_api};
