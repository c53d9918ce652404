//! Reading request bodies with a size cap, as a 400 message on failure.
//!
//! Bodies are read by hand instead of with axum's extractors because their
//! rejections (413, 415, 422, plain text) are not the protocol's 400 JSON.

use axum::body::{Body, Bytes};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// The cap on `_auth` and `/_test` bodies, from PROTOCOL.md.
pub const MAX_AUTH_BODY: usize = 64 * 1024;
/// The cap on `echo` bodies: larger, since clients test uploads with it.
pub const MAX_ECHO_BODY: usize = 4 * 1024 * 1024;

/// The whole body, or the message of a 400 answer.
///
/// # Errors
/// The body is larger than `limit`, or the connection failed mid-body.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, String> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => Err(format!(
            "request body is larger than {} KiB ({limit} bytes)",
            limit / 1024
        )),
        Err(err) => Err(format!("cannot read request body: {err}")),
    }
}
