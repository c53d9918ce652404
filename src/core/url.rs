//! Where a request goes, by `@netuno/service-client`'s rules (1.2.1, `_service.url`).
//!
//! A relative `url` is joined to the configured `prefix` by text, with one slash between them,
//! not by URL resolution (`profile` on `http://h/services` must give `http://h/services/profile`,
//! where resolution gives `http://h/profile`). A url that already starts with the prefix, an
//! absolute one, and any url under an empty prefix are left as they are.
//!
//! A relative prefix (`/services/`) on a page served by a frontend dev server (port 3000,
//! Vite's 5173, or a port ending in 30) points at the backend beside it: port 9000, or the
//! same port ending in 90. Which origin a URL then points at is decided by the browser's own
//! parser (`web_sys::Url`), in the browser client.

use std::borrow::Cow;

/// The parts of the page's URL that the dev-server rule reads (`location`'s, as the browser
/// parsed them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    /// The scheme with its colon: `http:`.
    pub protocol: String,
    /// The host name, an IPv6 address in brackets.
    pub hostname: String,
    /// The port, `""` for the scheme's default.
    pub port: String,
}

/// Whether `url` carries its own scheme (`https://…`) or is protocol-relative (`//host/…`).
///
/// `@netuno/service-client` takes only `http://` and `https://` as absolute; another scheme
/// (`wss://`) or a protocol-relative url here is not glued under the prefix either.
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

/// The port of the backend that a frontend dev server on `port` stands for: 3000 and 5173 give
/// 9000; a port of more than two digits ending in 30 gives the same port ending in 90 (3030
/// gives 3090). `None` for any other port.
pub fn backend_port(port: &str) -> Option<String> {
    if port == "3000" || port == "5173" {
        return Some("9000".into());
    }
    match port.strip_suffix("30") {
        Some(head) if !head.is_empty() => Some(format!("{head}90")),
        _ => None,
    }
}

/// The prefix that requests go to: `prefix` itself, unless it is a path (`/services/`) and the
/// page is on a frontend dev server ([`backend_port`]): then the backend's origin (the page's
/// scheme and host, the backend's port) before it.
pub fn api_prefix<'a>(prefix: &'a str, page: Option<&PageUrl>) -> Cow<'a, str> {
    if !prefix.starts_with('/') || prefix.starts_with("//") {
        return Cow::Borrowed(prefix);
    }
    match page.and_then(|p| Some((p, backend_port(&p.port)?))) {
        Some((page, port)) => Cow::Owned(format!(
            "{}//{}:{port}{prefix}",
            page.protocol, page.hostname
        )),
        None => Cow::Borrowed(prefix),
    }
}

/// Whether `url` is glued under `prefix`: it is relative, and the prefix is set and not
/// already the url's beginning. Case is ignored, as the reference ignores it, for ASCII
/// letters (the reference lowercases any letter; a path's are ASCII or percent-encoded).
fn joins(prefix: &str, url: &str) -> bool {
    let under = url
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    !prefix.is_empty() && !is_absolute(url) && !under
}

/// `url` joined to `prefix` with one slash between them (one is dropped or added, as the
/// reference does); left as it is when absolute, already under the prefix, or when the prefix
/// is empty.
pub fn join(prefix: &str, url: &str) -> String {
    join_at(prefix, url, None)
}

/// [`join`] as seen from `page`: a path prefix on a frontend dev server points at the backend
/// ([`api_prefix`]). What `_service.url(url)` answers, and where a call to `url` goes.
pub fn join_at(prefix: &str, url: &str, page: Option<&PageUrl>) -> String {
    if !joins(prefix, url) {
        return url.to_owned();
    }
    let url = match (prefix.ends_with('/'), url.strip_prefix('/')) {
        (true, Some(rest)) => Cow::Borrowed(rest),
        (false, None) => Cow::Owned(format!("/{url}")),
        _ => Cow::Borrowed(url),
    };
    format!("{}{url}", api_prefix(prefix, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(href_parts: (&str, &str, &str)) -> PageUrl {
        let (protocol, hostname, port) = href_parts;
        PageUrl {
            protocol: protocol.into(),
            hostname: hostname.into(),
            port: port.into(),
        }
    }

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
        assert_eq!(join("/services", "echo"), "/services/echo");
        assert_eq!(join("/services/", "/echo"), "/services/echo");
        // One slash is dropped or added, no more (as the reference).
        assert_eq!(join("/services/", "//x/y"), "//x/y", "protocol-relative");
        assert_eq!(join("/services//", "/x"), "/services//x");
    }

    #[test]
    fn absolute_urls_are_left_alone() {
        assert_eq!(
            join("http://h/services/", "https://other/x"),
            "https://other/x"
        );
        assert_eq!(join("/services/", "HTTP://other/x"), "HTTP://other/x");
        assert_eq!(join("http://h/services/", "//cdn/x"), "//cdn/x");
        assert_eq!(join("/services/", "wss://h/ws"), "wss://h/ws");
    }

    #[test]
    fn a_url_under_the_prefix_is_left_alone() {
        assert_eq!(join("/services/", "/services/echo"), "/services/echo");
        assert_eq!(join("/services", "/Services/echo"), "/Services/echo");
        assert_eq!(
            join("http://h/services/", "http://h/services/x"),
            "http://h/services/x"
        );
        // By text, as the reference compares (`/servicesX` starts with `/services`).
        assert_eq!(join("/services", "/servicesX"), "/servicesX");
    }

    #[test]
    fn an_empty_prefix_is_kept() {
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("", "/x"), "/x");
        assert_eq!(join("", ""), "");
    }

    #[test]
    fn no_url_is_the_prefix_with_its_slash() {
        // `_service.url()`: the configured url is ''.
        assert_eq!(join("/services", ""), "/services/");
        assert_eq!(join("/services/", ""), "/services/");
        assert_eq!(join("http://h/s", ""), "http://h/s/");
    }

    #[test]
    fn absolute_means_a_scheme_or_two_slashes() {
        assert!(is_absolute("web+app://x") && is_absolute("//x"));
        assert!(!is_absolute("://x") && !is_absolute("a b://x") && !is_absolute("echo?u=http://x"));
    }

    #[test]
    fn dev_server_ports_map_to_the_backend() {
        assert_eq!(backend_port("3000").as_deref(), Some("9000"));
        assert_eq!(backend_port("5173").as_deref(), Some("9000"));
        assert_eq!(backend_port("3030").as_deref(), Some("3090"));
        assert_eq!(backend_port("8030").as_deref(), Some("8090"));
        assert_eq!(backend_port("130").as_deref(), Some("190"));
        assert_eq!(backend_port("41230").as_deref(), Some("41290"));
        for other in [
            "", "30", "80", "8080", "9000", "3001", "5174", "3003", "4300",
        ] {
            assert_eq!(backend_port(other), None, "{other}");
        }
    }

    #[test]
    fn a_path_prefix_on_a_dev_server_points_at_the_backend() {
        let vite = page(("http:", "localhost", "5173"));
        assert_eq!(
            join_at("/services/", "profile", Some(&vite)),
            "http://localhost:9000/services/profile"
        );
        assert_eq!(
            join_at("/services", "", Some(&vite)),
            "http://localhost:9000/services/"
        );
        let cra = page(("https:", "dev.local", "3000"));
        assert_eq!(
            join_at("/services", "/_auth", Some(&cra)),
            "https://dev.local:9000/services/_auth"
        );
        let ipv6 = page(("http:", "[::1]", "4030"));
        assert_eq!(
            join_at("/api/", "x", Some(&ipv6)),
            "http://[::1]:4090/api/x"
        );
    }

    #[test]
    fn the_dev_server_rule_leaves_the_rest_alone() {
        let vite = page(("http:", "localhost", "5173"));
        // Absolute and protocol-relative prefixes, and prefixes that are not paths.
        assert_eq!(
            join_at("http://api/services/", "x", Some(&vite)),
            "http://api/services/x"
        );
        assert_eq!(join_at("//api/s/", "x", Some(&vite)), "//api/s/x");
        assert_eq!(join_at("services/", "x", Some(&vite)), "services/x");
        // A url that is not joined is not pointed elsewhere (as the reference).
        assert_eq!(
            join_at("/services/", "/services/x", Some(&vite)),
            "/services/x"
        );
        assert_eq!(join_at("", "x", Some(&vite)), "x");
        // Other ports, and no page (Node).
        let prod = page(("https:", "app.example", ""));
        assert_eq!(join_at("/services/", "x", Some(&prod)), "/services/x");
        assert_eq!(join_at("/services/", "x", None), "/services/x");
        assert_eq!(api_prefix("/services/", Some(&prod)), "/services/");
    }

    #[test]
    fn the_auth_endpoints_follow_the_rule() {
        use crate::core::config::Config;
        let mut config = Config {
            prefix: "/services/".into(),
            ..Config::default()
        };
        config.logout.url = Some("_auth/logout".into());
        let vite = page(("http:", "localhost", "5173"));
        assert_eq!(
            config.auth_url_at(Some(&vite)),
            "http://localhost:9000/services/_auth"
        );
        assert_eq!(
            config.refresh_url_at(Some(&vite)),
            "http://localhost:9000/services/_auth"
        );
        assert_eq!(
            config.logout_url_at(Some(&vite)).as_deref(),
            Some("http://localhost:9000/services/_auth/logout")
        );
        assert_eq!(
            config.prefix_at(Some(&vite)),
            "http://localhost:9000/services/"
        );
        assert_eq!(
            config.auth_url(),
            "/services/_auth",
            "no page: as configured"
        );
        config.url = "/services/_auth".into();
        assert_eq!(
            config.auth_url_at(Some(&vite)),
            "/services/_auth",
            "under the prefix"
        );
    }
}
