//! URL joining and origin comparison, the small part of URL handling the client needs.

/// Whether `url` carries its own scheme (`https://…`) or is protocol-relative (`//host/…`).
pub fn is_absolute(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Joins a relative `url` to `prefix` with exactly one slash between them; an absolute `url`
/// is returned as it is.
pub fn join(prefix: &str, url: &str) -> String {
    if is_absolute(url) || prefix.is_empty() {
        return url.to_owned();
    }
    [
        prefix.trim_end_matches('/'),
        "/",
        url.trim_start_matches('/'),
    ]
    .concat()
}

/// The origin (`scheme://host[:port]`, lower-case, default port dropped) of an absolute URL.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?.to_ascii_lowercase();
    if host_port.is_empty() {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" => Some(":80"),
        "https" => Some(":443"),
        _ => None,
    };
    let host_port = match default_port {
        Some(p) if host_port.ends_with(p) => &host_port[..host_port.len() - p.len()],
        _ => &host_port,
    };
    Some([scheme.as_str(), "://", host_port].concat())
}

/// The origin a URL resolves to from a page at `page_origin` (relative URLs stay on the page).
pub fn resolved_origin(url: &str, page_origin: &str) -> Option<String> {
    if url.starts_with("//") {
        let scheme = page_origin.split("://").next()?;
        return origin(&[scheme, ":", url].concat());
    }
    if is_absolute(url) {
        origin(url)
    } else {
        origin(page_origin)
    }
}

/// Whether a request to `url` may carry the Authorization header: only when its origin is one
/// of `allowed` (already normalised origins).
pub fn is_allowed(url: &str, page_origin: &str, allowed: &[String]) -> bool {
    resolved_origin(url, page_origin).is_some_and(|o| allowed.contains(&o))
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
    }

    #[test]
    fn only_allowed_origins_get_the_header() {
        let allowed = vec!["http://127.0.0.1:9000".to_owned()];
        let page = "http://127.0.0.1:5173";
        assert!(is_allowed(
            "http://127.0.0.1:9000/services/echo",
            page,
            &allowed
        ));
        assert!(!is_allowed(
            "http://127.0.0.1:9001/services/echo",
            page,
            &allowed
        ));
        assert!(!is_allowed("/services/echo", page, &allowed));
        assert!(is_allowed("/x", "http://127.0.0.1:9000", &allowed));
        assert!(is_allowed("//127.0.0.1:9000/x", page, &allowed));
        assert!(!is_allowed(
            "http://127.0.0.1:9000.evil.com/x",
            page,
            &allowed
        ));
    }
}
