//! CORS: the SDK runs on another origin than the API, so browsers preflight.
//!
//! Only loopback origins (any port) are reflected, since the server is for
//! local tests: `http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`
//! (and their `https` forms). Credentials are allowed, which is why the origin
//! is reflected rather than `*`.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CORS layer wrapped around every route, fault answers included.
pub fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(is_loopback_origin)
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            HeaderName::from_static("x-access-token"),
        ])
        .allow_credentials(true)
        .expose_headers([WWW_AUTHENTICATE])
}

/// Whether `origin` (`scheme://host[:port]`) names this machine.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(authority) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((host, rest)) => (host, rest),
            None => return false,
        },
        None => match authority.rsplit_once(':') {
            Some((host, _)) => (host, &authority[host.len()..]),
            None => (authority, ""),
        },
    };
    valid_port(port) && is_loopback_host(host, authority.starts_with('['))
}

/// `""` or `":N"` with N a port number.
fn valid_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse::<u16>().is_ok(),
    }
}

fn is_loopback_host(host: &str, bracketed: bool) -> bool {
    if bracketed {
        return host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_origin;

    #[test]
    fn loopback_origins_on_any_port() {
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:5173",
            "http://[::1]:3000",
            "http://127.0.0.1",
            "http://127.1.2.3:9",
            "https://localhost:443",
        ] {
            assert!(is_loopback_origin(origin), "{origin}");
        }
    }

    #[test]
    fn foreign_and_tricky_origins() {
        for origin in [
            "http://example.com",
            "http://localhost.evil.com:80",
            "http://127.0.0.1.evil.com",
            "http://evil.com:127",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:80/path",
            "null",
            "ftp://127.0.0.1",
            "http://[::2]:80",
            "http://10.0.0.1:80",
        ] {
            assert!(!is_loopback_origin(origin), "{origin}");
        }
    }
}
