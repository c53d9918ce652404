//! The browser facade: the `Core` class that `pkg-template/client.js` drives. Everything
//! crosses the boundary as JSON text, numbers and booleans, so the wasm walks no JS object
//! and the generated glue stays small. The I/O (fetch, timers, events, tab locks) is in
//! `client.js`; every decision is made here.

mod core;
mod storage;
mod views;

pub use self::core::Core;
