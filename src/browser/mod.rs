//! The browser client: [`AuthClient`] and what it is made of. It does the I/O the core decides
//! about: requests to the auth endpoint and `service()` built by gloo-net, `auth_fetch` on
//! `web_sys::Request`/`Response`, the refresh timer and retries as gloo-timers handles, Web
//! Storage, the wake-up and `storage` listeners, and the cross-tab lock.

mod callbacks;
mod client;
mod commands;
mod deadline;
pub(crate) mod driver;
mod env;
mod fetch;
pub(crate) mod http;
pub(crate) mod js_value;
mod listener;
mod page;
mod refresh;
mod retry_slot;
mod service;
mod snapshot;
mod storage;
mod subscription;
mod tab_channel;
mod tab_lock;
pub(crate) mod token_fields;
mod waiter;

pub use callbacks::{Answered, Callback, Callbacks};
pub use client::{AuthClient, FetchOptions, WeakAuthClient};
pub use commands::{LoginRequest, LoginResult};
pub use http::{AuthAnswer, AuthRequestDefaults, BodyTransform};
pub use service::{ResultBody, ServiceBody, ServiceCall, ServiceResult};
pub use snapshot::{Snapshot, Status};
pub use subscription::{Detached, Subscription};

pub(crate) use env::describe;
pub(crate) use http::fetch_api;
