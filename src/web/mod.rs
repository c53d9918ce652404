//! The browser facade: converts between JS and the core types and performs the I/O (fetch,
//! Web Storage, timers, events). Nothing here decides policy; the core does.

mod args;
mod authorized;
mod callbacks;
mod client;
mod codec;
mod errors;
mod events;
mod fetch_args;
mod http;
mod listener;
mod refresh;
mod scheduler;
mod service;
mod settings;
mod storage;
mod tabs;

pub use client::JsAuthClient;
