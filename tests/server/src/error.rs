//! The crate's one error enum: start-up problems and the rare internal failure.
//!
//! Expected outcomes of a request (wrong password, expired token, bad JSON) are
//! not errors here: they are ordinary HTTP answers built in `responses.rs`.
//! This enum covers what stops the server from starting, and the few internal
//! failures (the OS random generator, JWT signing) that a request can hit.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::responses;

/// Everything that can go wrong outside the normal request/answer flow.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A command-line flag is unknown, lacks its value, or has a bad value.
    #[error("{0}")]
    Usage(String),
    /// The `--config` file could not be read.
    #[error("cannot read config file {path}: {source}")]
    ConfigRead {
        /// The file named by `--config`.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The `--config` file is not the expected JSON shape.
    #[error("invalid config file {path}: {message}")]
    ConfigInvalid {
        /// The file named by `--config`.
        path: PathBuf,
        /// What is wrong, naming the key when there is one.
        message: String,
    },
    /// A setting has a value the server refuses (e.g. a short secret).
    #[error("{0}")]
    InvalidSetting(String),
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why binding failed.
        source: std::io::Error,
    },
    /// The `--port-file` could not be written.
    #[error("cannot write port file {path}: {source}")]
    PortFile {
        /// The file named by `--port-file`.
        path: PathBuf,
        /// Why writing failed.
        source: std::io::Error,
    },
    /// Any other I/O failure while starting or running (runtime, stdout).
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The operating system's random generator failed.
    #[error("random generator failed: {0}")]
    Random(String),
    /// Signing a JWT failed (should not happen with an HMAC key).
    #[error("cannot sign access token: {0}")]
    TokenSigning(String),
}

impl Error {
    /// A stable snake_case code for the variant, for logs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::ConfigRead { .. } => "config_read",
            Error::ConfigInvalid { .. } => "config_invalid",
            Error::InvalidSetting(_) => "invalid_setting",
            Error::Bind { .. } => "bind",
            Error::PortFile { .. } => "port_file",
            Error::Io(_) => "io",
            Error::Random(_) => "random",
            Error::TokenSigning(_) => "token_signing",
        }
    }
}

/// The one place where an error becomes an HTTP answer: a 500 with a JSON body.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        responses::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            Some(&self.to_string()),
        )
    }
}
