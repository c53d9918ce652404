//! # wasm-auth-client
//!
//! A browser authentication SDK for single-page apps that talk to a JWT-protected REST API
//! (the Netuno `_auth` protocol), compiled to WebAssembly.
//!
//! Three layers, arrows pointing down:
//! - [`core`]: settings, token validation, unverified JWT claims, the refresh schedule, the
//!   login/refresh/logout state machine and the token store trait. Pure, tested natively.
//! - [`browser`]: [`AuthClient`], the Rust client that does the I/O: requests built by
//!   gloo-net, `auth_fetch` on `web_sys::Request`/`Response`, timers as gloo-timers handles, Web
//!   Storage, wake-up and storage listeners, and the cross-tab lock. Public to Rust apps (Leptos,
//!   Yew, Dioxus). Off wasm32 (a server render) it is an inert handle with the same signatures.
//! - `js` (wasm32, feature `js`): the `#[wasm_bindgen]` facade the npm package exports, which
//!   converts JS values (through serde-wasm-bindgen) and delegates to the Rust client.
//!
//! # Features
//! - `js`: the npm package's build: the facade's exports (`AuthClient`, `createAuthClient`,
//!   `isAuthError`), the TypeScript of the data types, and a small global allocator. A Rust app
//!   leaves it off: its wasm then exports nothing of this crate's, and keeps its own allocator.
#![deny(missing_docs)]

pub mod core;

pub mod browser;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;

pub use crate::core::config::{Config, StorageKind, TimeUnit};
pub use crate::core::error::{AuthError, ErrorCode};
pub use crate::core::event::{Event, LogoutReason};
pub use crate::core::token::Token;

pub use browser::AuthClient;

/// A free-list allocator of a few hundred bytes instead of dlmalloc (2.2 KB gzip less); the SDK
/// allocates little, so its linear-time free list costs nothing measurable (`scripts/bench-fetch`).
/// The npm package's only (feature `js`): an app that depends on the crate keeps its own.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs a single thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
