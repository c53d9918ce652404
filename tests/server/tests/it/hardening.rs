//! Hardening: the header read timeout (raw TCP), 413 for oversized bodies,
//! and the stats split between missing and rejected tokens.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use auth_test_server::ServerConfig;
use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::common::{json_of, oauth_config, spawn, spawn_default, spawn_oauth, test_config};

const HEAD: &[u8] = b"GET /public/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

/// Sends `HEAD` one byte every `pause`, reads until the server closes;
/// returns how long that took and what the server sent.
async fn trickle(addr: SocketAddr, pause: Duration) -> (Duration, Vec<u8>) {
    tokio::task::spawn_blocking(move || {
        let stream = TcpStream::connect(addr).expect("connects");
        let mut writer = stream.try_clone().expect("clones");
        let started = Instant::now();
        // Detached: it stops at the first write the closed socket refuses.
        std::thread::spawn(move || {
            for byte in HEAD {
                if writer.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(pause);
            }
        });
        let mut reader = stream;
        reader
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout set");
        let mut answer = Vec::new();
        // EOF or a reset both end the read: the connection is gone.
        let _ = reader.read_to_end(&mut answer);
        (started.elapsed(), answer)
    })
    .await
    .expect("blocking task joins")
}

#[tokio::test]
async fn a_slow_request_head_is_dropped_without_an_answer() {
    let server = spawn(ServerConfig {
        header_read_timeout: Duration::from_millis(400),
        ..test_config()
    })
    .await;
    // 70 bytes at 100 ms each would take 7 s: the server gives up first.
    let (elapsed, answer) = trickle(server.socket_addr(), Duration::from_millis(100)).await;
    assert!(answer.is_empty(), "{:?}", String::from_utf8_lossy(&answer));
    assert!(elapsed >= Duration::from_millis(350), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_prompt_request_head_is_answered() {
    let server = spawn(ServerConfig {
        header_read_timeout: Duration::from_secs(3),
        ..test_config()
    })
    .await;
    let (_, answer) = trickle(server.socket_addr(), Duration::from_millis(5)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

/// Asserts a `413 payload-too-large` naming `limit`.
async fn assert_too_large(response: Response, limit: &str) {
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = json_of(response).await;
    assert_eq!(body["result"], false);
    assert_eq!(body["error"], "payload-too-large");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(limit), "{message:?} lacks {limit:?}");
}

/// A JSON object of exactly `len` bytes: `{"pad":"xxx…"}`.
fn padded(len: usize) -> String {
    format!("{{\"pad\":\"{}\"}}", "x".repeat(len - 10))
}

#[tokio::test]
async fn logout_over_64_kib_is_413_and_exactly_64_kib_is_read() {
    let server = spawn_oauth().await;
    assert_eq!(padded(65_536).len(), 65_536);
    let ok = server
        .post_raw("/services/_auth/logout", padded(65_536))
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let over = server
        .post_raw("/services/_auth/logout", padded(65_537))
        .await;
    assert_too_large(over, "64 KiB").await;
    assert_eq!(server.stats().await["logouts"], 1);
}

#[tokio::test]
async fn fault_bodies_over_64_kib_are_413() {
    let server = spawn_default().await;
    let over = server.post_raw("/_test/faults", padded(65_537)).await;
    assert_too_large(over, "64 KiB").await;
}

#[tokio::test]
async fn echo_over_4_mib_is_413() {
    let server = spawn_default().await;
    let login = server.login("admin").await;
    let token = login["access_token"].as_str().unwrap_or_default();
    let echo = |len: usize| {
        server
            .client
            .post(server.url("/services/echo"))
            .bearer_auth(token)
            .body(vec![b'x'; len])
            .send()
    };
    let limit = 4 * 1024 * 1024;
    let ok = echo(limit).await.expect("answered");
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(json_of(ok).await["body_bytes"], limit);
    assert_too_large(echo(limit + 1).await.expect("answered"), "4096 KiB").await;
    let public = server
        .client
        .post(server.url("/public/echo"))
        .body(vec![b'x'; limit + 1])
        .send()
        .await;
    assert_too_large(public.expect("answered"), "4096 KiB").await;
}

#[tokio::test]
async fn stats_tell_missing_tokens_from_rejected_ones() {
    let server = spawn(ServerConfig {
        access_ttl_secs: 1,
        ..oauth_config()
    })
    .await;
    let stale = server.login("admin").await;
    let anonymous = server.client.get(server.url("/services/profile")).send();
    assert_eq!(anonymous.await.expect("answered").status(), 401);
    server
        .get_with_token("/services/profile", &json!("garbage"))
        .await;
    let claims = json!({"sub": "1", "name": "x", "code": "x", "group": "admin",
                        "iat": 1, "exp": 4_000_000_000u64, "jti": "forged"});
    let key = EncodingKey::from_secret(b"AnotherSecretThatIsAlso32CharsLong!");
    let forged = encode(&Header::default(), &claims, &key).expect("encodes");
    server
        .get_with_token("/services/profile", &json!(forged))
        .await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    server
        .get_with_token("/services/profile", &stale["access_token"])
        .await;
    let stats = server.stats().await;
    assert_eq!(stats["service_calls"], 4);
    assert_eq!(
        stats["unauthenticated_calls"], 1,
        "only the call without a token"
    );
    assert_eq!(stats["rejected_token_calls"], 3, "garbage, forged, expired");
    assert_eq!(stats["expired_token_calls"], 1);

    let live = server.login("admin").await;
    server.post_json("/_test/reset", &json!({})).await;
    let revoked = server
        .get_with_token("/services/profile", &live["access_token"])
        .await;
    assert_eq!(json_of(revoked).await["reason"], "revoked");
    let stats = server.stats().await;
    assert_eq!(stats["rejected_token_calls"], 1);
    assert_eq!(stats["unauthenticated_calls"], 0);
    assert_eq!(stats["expired_token_calls"], 0);
}
