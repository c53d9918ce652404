use super::*;

/// One of every variant, with the message it must show.
fn every_error() -> Vec<(AuthError, &'static str)> {
    vec![
        (
            AuthError::invalid_argument("password", "required"),
            "invalid argument `password`: required",
        ),
        (
            AuthError::InvalidCredentials {
                status: 401,
                body: None,
            },
            "wrong username or password",
        ),
        (
            AuthError::GroupNotAllowed {
                status: 403,
                body: None,
            },
            "this user's group is not allowed to log in (server setting auth.jwt.groups)",
        ),
        (
            AuthError::InvalidResponse("`x` is missing".into()),
            "invalid token response from the server: `x` is missing",
        ),
        (
            AuthError::InvalidRefreshToken {
                status: 400,
                body: None,
            },
            "the refresh token was rejected (expired, revoked or already used): log in again",
        ),
        (AuthError::NotLoggedIn, "not logged in: call login() first"),
        (
            AuthError::Network("TypeError: Failed to fetch".into()),
            "network error: TypeError: Failed to fetch (is the server running, and does its \
             CORS setting allow this page's origin?)",
        ),
        (
            AuthError::Timeout(30_000),
            "the request timed out after 30000 ms",
        ),
        (
            AuthError::Aborted,
            "the request was aborted by its caller's signal",
        ),
        (
            AuthError::HttpStatus {
                status: 404,
                detail: None,
                body: None,
            },
            "the server answered HTTP 404",
        ),
        (
            AuthError::HttpStatus {
                status: 500,
                detail: Some("boom".into()),
                body: None,
            },
            "the server answered HTTP 500 (boom)",
        ),
        (
            AuthError::Unauthorized {
                status: 401,
                body: None,
            },
            "the server refused the request with HTTP 401 even after a token refresh",
        ),
        (
            AuthError::RefreshUnavailable {
                cause: Box::new(AuthError::HttpStatus {
                    status: 503,
                    detail: None,
                    body: None,
                }),
            },
            "the session could not be refreshed in time, so the call was not sent (the server \
             answered HTTP 503); the session is kept and the client keeps retrying",
        ),
        (AuthError::Config("x".into()), "invalid configuration: x"),
        (AuthError::Storage("y".into()), "storage error: y"),
        (
            AuthError::Unsupported,
            "wasm-auth-client runs in the browser: this call was made off wasm32 (a server \
             render?), where the client is an inert handle; make it in the browser, after \
             hydration",
        ),
    ]
}

#[test]
fn every_variant_has_its_message() {
    for (error, expected) in every_error() {
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn codes_are_stable_snake_case_and_match_serde() {
    for (error, _) in every_error() {
        let code = error.code();
        let serialized = serde_json::to_value(code).unwrap();
        assert_eq!(serialized.as_str(), Some(code.as_str()));
    }
    assert_eq!(AuthError::Timeout(5).code().as_str(), "timeout");
}

#[test]
fn statuses_and_causes() {
    let unavailable = AuthError::RefreshUnavailable {
        cause: Box::new(AuthError::Timeout(5)),
    };
    assert_eq!(unavailable.status(), None);
    assert_eq!(unavailable.cause(), Some(&AuthError::Timeout(5)));
    assert_eq!(
        AuthError::Unauthorized {
            status: 401,
            body: None,
        }
        .status(),
        Some(401)
    );
    assert!(AuthError::Timeout(1).is_transient());
    assert!(!AuthError::InvalidRefreshToken {
        status: 403,
        body: None,
    }
    .is_transient());
}
