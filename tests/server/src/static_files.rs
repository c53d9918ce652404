//! `--static DIR`: the demo app, served at `/`.
//!
//! `tower_http::services::ServeDir` does the serving (ranges, index.html,
//! 404s); this wrapper only pins the MIME types browsers are strict about:
//! `WebAssembly.instantiateStreaming` needs `application/wasm`, and module
//! scripts need a JavaScript type.

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::Response;
use tower_http::services::ServeDir;
use tower_service::Service;

/// Serves `request` from `dir`.
pub async fn serve(dir: ServeDir, request: Request) -> Response {
    let pinned = pinned_mime(request.uri().path());
    let mut dir = dir;
    let response = match dir.call(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    match pinned {
        Some(mime) if response.status().is_success() => {
            let mut response = response;
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(mime));
            response
        }
        _ => response,
    }
}

/// The MIME type this server insists on for `path`'s extension, if any.
pub fn pinned_mime(path: &str) -> Option<&'static str> {
    let extension = Path::new(path).extension()?.to_str()?;
    match extension.to_ascii_lowercase().as_str() {
        "wasm" => Some("application/wasm"),
        "js" | "mjs" => Some("text/javascript"),
        "html" | "htm" => Some("text/html; charset=utf-8"),
        "css" => Some("text/css; charset=utf-8"),
        "json" | "map" => Some("application/json"),
        _ => None,
    }
}
