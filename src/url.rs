//! URL joining and the origin check of `allowedOrigins`. Which origin a request goes to is
//! decided in `client.js` by the browser's own URL parser, the one `fetch` uses.

/// The scheme of `url` (`https` of `https://…`) and the rest after `://`, when it has one.
/// Scanned byte by byte: `split_once("://")` pulls the general substring search into the wasm.
fn scheme(url: &str) -> Option<(&str, &str)> {
    let bytes = url.as_bytes();
    let end = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"+-.".contains(b)))?;
    (end > 0 && bytes[end..].starts_with(b"://")).then(|| (&url[..end], &url[end + 3..]))
}

/// Whether `url` carries its own scheme (`https://…`) or is protocol-relative (`//host/…`).
pub fn is_absolute(url: &str) -> bool {
    url.starts_with("//") || scheme(url).is_some()
}

/// Joins a relative `url` to `prefix` with exactly one slash between them; an absolute `url`
/// is returned as it is.
pub fn join(prefix: &str, url: &str) -> String {
    if is_absolute(url) || prefix.is_empty() {
        return url.to_owned();
    }
    crate::text::concat(&[
        prefix.trim_end_matches('/'),
        "/",
        url.trim_start_matches('/'),
    ])
}

/// The origin (`scheme://host[:port]`, lower-case, default port dropped) of an absolute URL.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = scheme(url)?;
    let scheme = scheme.to_ascii_lowercase();
    let end = rest
        .bytes()
        .position(|b| b"/?#".contains(&b))
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    let after_user = authority
        .bytes()
        .rposition(|b| b == b'@')
        .map_or(0, |at| at + 1);
    let host_port = authority[after_user..].to_ascii_lowercase();
    if host_port.is_empty() {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    let host = match host_port.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => &host_port,
    };
    Some(crate::text::concat(&[scheme.as_str(), "://", host]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_with_one_slash() {
        assert_eq!(
            join("http://h/services/", "_auth"),
            "http://h/services/_auth"
        );
        assert_eq!(
            join("http://h/services", "/profile"),
            "http://h/services/profile"
        );
        assert_eq!(join("/services/", "echo?a=1"), "/services/echo?a=1");
        assert_eq!(
            join("http://h/services/", "https://other/x"),
            "https://other/x"
        );
        assert_eq!(join("http://h/services/", "//cdn/x"), "//cdn/x");
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            origin("HTTP://Example.com:80/a?b").as_deref(),
            Some("http://example.com")
        );
        assert_eq!(
            origin("http://127.0.0.1:9000/services/").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(origin("https://u:p@h:443#x").as_deref(), Some("https://h"));
        assert_eq!(origin("/relative"), None);
        assert_eq!(origin("http://"), None);
        assert_eq!(origin("ht tp://h"), None);
        assert!(is_absolute("web+app://x") && !is_absolute("://x") && !is_absolute("a b://x"));
    }
}
