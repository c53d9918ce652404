//! End-to-end tests: the real server on 127.0.0.1:0, a real HTTP client.
//!
//! One test binary with modules, so the crate links once instead of once per
//! file (it matters on a 2-core CI machine).

mod attempts;
mod auth;
mod cli;
mod common;
mod cookie;
mod cors;
mod fault_extras;
mod hardening;
mod logout;
mod netuno_auth;
mod netuno_cookie;
mod netuno_lockout;
mod netuno_refresh;
mod netuno_services;
mod netuno_test_mode;
mod refresh;
mod services;
mod static_files;
mod test_mode;
mod tutorial;
