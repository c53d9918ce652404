//! `auth-test-server`: the Netuno `_auth` service that wasm-auth-client is
//! tested against (PROTOCOL.md §1).
//!
//! Login and refresh with rotating refresh tokens (in the body, or in an
//! HttpOnly cookie), HS256 access tokens, protected services, CORS for
//! loopback origins, in three wire dialects (a real Netuno server's, an
//! RFC 6749-shaped one, and the common tutorial's), and in `--test-mode`
//! counters, arrival times, fault injection, the stand-ins for an app's
//! sign-in hooks (`extra`, altcha) and reset. [`start`] runs it inside a
//! test; the binary calls [`run`].

#![deny(missing_docs)]

pub mod access_header;
pub mod app;
pub mod attempts;
mod auth_request;
pub mod auth_routes;
mod body;
pub mod cli;
mod clock;
pub mod config;
pub mod connection;
pub mod cookie;
pub mod cors;
pub mod dialect;
pub mod echo;
pub mod error;
pub mod faults;
mod json_fields;
pub mod logout_routes;
pub mod netuno;
mod random;
pub mod refresh;
mod responses;
pub mod service_routes;
pub mod sessions;
pub mod state;
pub mod static_files;
pub mod stats;
pub mod test_routes;
pub mod test_settings;
mod token_answer;
pub mod tokens;
pub mod tutorial_routes;
pub mod users;

use std::io::Write;
use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::{ExpiresInUnit, ServerConfig};
pub use dialect::Dialect;
pub use error::Error;

/// A server accepting connections on a background task.
///
/// Dropping it stops accepting (connections already open finish on their own).
pub struct RunningServer {
    addr: SocketAddr,
    accept_task: JoinHandle<()>,
}

impl RunningServer {
    /// The address actually bound (the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until the accept loop ends (it only ends if aborted).
    ///
    /// # Errors
    /// [`Error::Io`] if the accept task failed.
    pub async fn wait(&mut self) -> Result<(), Error> {
        (&mut self.accept_task)
            .await
            .map_err(|err| Error::Io(std::io::Error::other(err)))
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

/// Binds `config.addr` and serves on a spawned task; returns once bound.
///
/// Must be called inside a Tokio runtime.
///
/// # Errors
/// [`Error::InvalidSetting`] if `config` breaks a rule (e.g. a short
/// secret); [`Error::Bind`] if the address cannot be bound.
pub async fn start(config: &ServerConfig) -> Result<RunningServer, Error> {
    config.validate()?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| Error::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    let app = app::router(config);
    let settings = connection::Settings {
        keep_alive: !config.test_mode,
        header_read_timeout: config.header_read_timeout,
    };
    let accept_task = tokio::spawn(connection::accept_loop(listener, app, settings));
    Ok(RunningServer { addr, accept_task })
}

/// What the binary does: start, announce the port, serve until killed.
///
/// # Errors
/// Binding, writing the port file, or writing to stdout failed.
pub async fn run(config: &ServerConfig) -> Result<(), Error> {
    let mut server = start(config).await?;
    if let Some(path) = &config.port_file {
        std::fs::write(path, server.addr().port().to_string()).map_err(|source| {
            Error::PortFile {
                path: path.clone(),
                source,
            }
        })?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "auth-test-server listening on {}", server.url())?;
    stdout.flush()?;
    drop(stdout);
    server.wait().await
}
