//! The netuno dialect (the default): what a real Netuno server puts on the
//! wire, read from its Java source (PROTOCOL.md §1).
//!
//! - `fields`: a request's fields, from the query string and any body;
//! - `routes`: `/services/_auth`, login, refresh and their refusals;
//! - `tokens`: the stateful token pairs (no `exp` in the JWT);
//! - `lockout`: three consecutive failures within an hour lock a user out
//!   from one IP;
//! - `answers`: the JSON (sorted keys, no-cache) and HTML answers.
//!
//! Protected services, faults, stats and cookie mode are shared with the
//! other dialects; they call into `tokens` and `answers` here.

pub mod answers;
pub mod fields;
pub mod lockout;
pub mod routes;
pub mod tokens;
