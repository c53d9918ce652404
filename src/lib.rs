//! # wasm-auth-client
//!
//! A browser authentication SDK for single-page apps that talk to a JWT-protected REST API
//! (the Netuno `_auth` protocol), compiled to WebAssembly.
//!
//! The crate is a pure core, testable with plain `cargo test`:
//! [`config`], [`token`], [`claims`], [`session`] (the login/refresh/logout state machine),
//! [`store`], [`schedule`], [`json_text`]; and, on `wasm32` only, `web`: the `Core` class the
//! package's `client.js` drives. Everything crosses that boundary as JSON text, numbers and
//! booleans; the browser I/O (fetch, timers, events, the cross-tab lock) is in `client.js`
//! (`pkg-template/src/`), where it costs the package far less than through wasm-bindgen.
#![deny(missing_docs)]

pub mod claims;
pub mod config;
pub mod config_patch;
pub mod error;
pub mod json;
pub mod json_read;
pub mod json_text;
mod platform;
pub mod schedule;
pub mod secret;
pub mod session;
pub mod store;
mod text;
pub mod token;
mod token_record;
pub mod url;

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use web::Core;

pub use error::AuthError;

/// A free-list allocator of a few hundred bytes instead of dlmalloc (2.2 KB gzip less); the SDK
/// allocates little, so its linear-time free list costs nothing measurable (`scripts/bench-fetch`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs a single thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
