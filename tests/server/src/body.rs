//! Reading request bodies with a size cap, as a 400 or 413 answer on failure.
//!
//! Bodies are read by hand instead of with axum's extractors because their
//! rejections (415, 422, plain text) are not the protocol's JSON.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::responses;

/// The cap on `_auth`, logout and `/_test` bodies, from PROTOCOL.md.
pub const MAX_AUTH_BODY: usize = 64 * 1024;
/// The cap on `echo` bodies: larger, since clients test uploads with it.
pub const MAX_ECHO_BODY: usize = 4 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the cap: answered `413 payload-too-large`.
    TooLarge(String),
    /// The connection failed mid-body: answered `400 bad-request`.
    Unreadable(String),
}

impl BodyError {
    /// The JSON answer for this failure.
    pub fn into_response(self) -> Response {
        match self {
            Self::TooLarge(message) => responses::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                Some(&message),
            ),
            Self::Unreadable(message) => responses::bad_request(&message),
        }
    }
}

/// The whole body, at most `limit` bytes.
///
/// # Errors
/// [`BodyError::TooLarge`] if the body is larger than `limit`,
/// [`BodyError::Unreadable`] if the connection failed mid-body.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge(format!(
                "request body is larger than {} KiB ({limit} bytes)",
                limit / 1024
            )))
        }
        Err(err) => Err(BodyError::Unreadable(format!(
            "cannot read request body: {err}"
        ))),
    }
}

/// The head and body of a `POST` to an auth route (body capped at
/// [`MAX_AUTH_BODY`]).
///
/// # Errors
/// The answer to send instead: 405 for another method, 413 or 400 if the
/// body cannot be read.
pub async fn auth_post(request: Request) -> Result<(Parts, Bytes), Response> {
    if request.method() != Method::POST {
        return Err(responses::method_not_allowed("POST"));
    }
    let (parts, body) = request.into_parts();
    match read_limited(body, MAX_AUTH_BODY).await {
        Ok(bytes) => Ok((parts, bytes)),
        Err(err) => Err(err.into_response()),
    }
}
