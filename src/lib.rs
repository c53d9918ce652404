//! # wasm-auth-client
//!
//! A browser authentication SDK for single-page apps that talk to a JWT-protected REST API
//! (the Netuno `_auth` protocol), compiled to WebAssembly.
//!
//! Three layers, arrows pointing down:
//! - [`core`]: settings, token validation, unverified JWT claims, the refresh schedule, the
//!   login/refresh/logout state machine and the token store trait. Pure, tested natively.
//! - `browser` (wasm32): [`AuthClient`], the Rust client that does the I/O: requests built by
//!   gloo-net, `auth_fetch` on `web_sys::Request`/`Response`, timers as gloo-timers handles, Web
//!   Storage, wake-up and storage listeners, and the cross-tab lock. Public to Rust apps (Leptos,
//!   Yew, Dioxus).
//! - `js` (wasm32): the `#[wasm_bindgen]` facade the npm package exports, which converts JS
//!   values (through serde-wasm-bindgen) and delegates to the Rust client.
#![deny(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod js;

pub use crate::core::config::{Config, StorageKind, TimeUnit};
pub use crate::core::error::{AuthError, ErrorCode};
pub use crate::core::event::{Event, LogoutReason};
pub use crate::core::token::Token;

#[cfg(target_arch = "wasm32")]
pub use browser::AuthClient;

/// A free-list allocator of a few hundred bytes instead of dlmalloc (2.2 KB gzip less); the SDK
/// allocates little, so its linear-time free list costs nothing measurable (`scripts/bench-fetch`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs a single thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
