//! Joining a path to the configured `prefix`, as `@netuno/service-client` does: by text, with
//! exactly one slash between them, not by URL resolution (`profile` on `http://h/services`
//! must give `http://h/services/profile`, where resolution gives `http://h/profile`). Which
//! origin a URL points at is decided by the browser's own parser (`web_sys::Url`), in the
//! browser client.

/// Whether `url` carries its own scheme (`https://…`) or is protocol-relative (`//host/…`).
pub fn is_absolute(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://".
    url.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Joins a relative `url` to `prefix` with exactly one slash between them; an absolute `url`
/// (or an empty prefix) gives `url` as it is.
pub fn join(prefix: &str, url: &str) -> String {
    if is_absolute(url) || prefix.is_empty() {
        return url.to_owned();
    }
    format!(
        "{}/{}",
        prefix.trim_end_matches('/'),
        url.trim_start_matches('/')
    )
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
        assert_eq!(join("", "x"), "x");
    }

    #[test]
    fn absolute_means_a_scheme_or_two_slashes() {
        assert!(is_absolute("web+app://x") && is_absolute("//x"));
        assert!(!is_absolute("://x") && !is_absolute("a b://x") && !is_absolute("echo?u=http://x"));
    }
}
