//! The browser facade: the `Core` class that `client.js` drives, and the conversions between
//! JS values and the core types. The I/O (fetch, timers, events, tab locks) is in `client.js`;
//! every decision is made here.

mod args;
mod codec;
mod core;
mod errors;
mod events;
mod storage;

pub use self::core::Core;
