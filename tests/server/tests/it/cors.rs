//! CORS: loopback origins on any port are reflected, others are not.

use reqwest::{Method, Response, StatusCode};

use crate::common::{spawn_oauth, Server};

async fn preflight(server: &Server, path: &str, origin: &str) -> Response {
    server
        .client
        .request(Method::OPTIONS, server.url(path))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("preflight answered")
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn preflight_reflects_loopback_origins_on_any_port() {
    let server = spawn_oauth().await;
    // A port nobody configured: any loopback port must be accepted.
    let port = 20_000 + std::process::id() % 40_000;
    let origins = [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
        format!("http://[::1]:{port}"),
    ];
    for origin in &origins {
        for path in ["/services/_auth", "/services/profile", "/anything/else"] {
            let response = preflight(&server, path, origin).await;
            assert!(response.status().is_success(), "{path} {origin}");
            assert_eq!(header(&response, "access-control-allow-origin"), origin);
            assert_eq!(
                header(&response, "access-control-allow-credentials"),
                "true"
            );
            let methods = header(&response, "access-control-allow-methods").to_lowercase();
            for method in ["get", "post", "put", "patch", "delete"] {
                assert!(methods.contains(method), "{methods}");
            }
            let headers = header(&response, "access-control-allow-headers").to_lowercase();
            for name in ["authorization", "content-type", "x-access-token"] {
                assert!(headers.contains(name), "{headers}");
            }
        }
    }
}

#[tokio::test]
async fn foreign_origin_gets_no_allow_origin() {
    let server = spawn_oauth().await;
    for origin in [
        "http://example.com",
        "http://localhost.example.com:3000",
        "null",
    ] {
        let response = preflight(&server, "/services/_auth", origin).await;
        let allowed = response.headers().get("access-control-allow-origin");
        assert!(allowed.is_none(), "{origin} got {allowed:?}");
    }
}

#[tokio::test]
async fn actual_answers_carry_cors_and_expose_the_challenge() {
    let server = spawn_oauth().await;
    let origin = "http://localhost:4173";
    let response = server
        .client
        .get(server.url("/services/profile"))
        .header("origin", origin)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&response, "access-control-allow-origin"), origin);
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        "true"
    );
    let exposed = header(&response, "access-control-expose-headers").to_lowercase();
    assert!(exposed.contains("www-authenticate"), "{exposed}");
}
