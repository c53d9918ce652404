//! Helpers shared by the end-to-end tests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use auth_test_server::config::DEFAULT_SECRET;
use auth_test_server::{start, Dialect, RunningServer, ServerConfig};
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

/// A running server and a client for it; the server stops when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client without a connection pool, so a dropped connection never
    /// poisons the next request.
    pub client: Client,
    _running: RunningServer,
}

/// The default configuration (netuno dialect) on a free port, with
/// `--test-mode`.
pub fn test_config() -> ServerConfig {
    ServerConfig {
        addr: ([127, 0, 0, 1], 0).into(),
        test_mode: true,
        ..ServerConfig::default()
    }
}

/// Starts a server for `config` on the current runtime.
pub async fn spawn(config: ServerConfig) -> Server {
    let running = start(&config).await.expect("server starts");
    let client = Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client builds");
    Server {
        base: running.url(),
        client,
        _running: running,
    }
}

/// Starts a server with [`test_config`].
pub async fn spawn_default() -> Server {
    spawn(test_config()).await
}

/// [`test_config`] in the oauth dialect.
pub fn oauth_config() -> ServerConfig {
    ServerConfig {
        dialect: Dialect::Oauth,
        ..test_config()
    }
}

/// Starts a server with [`oauth_config`].
pub async fn spawn_oauth() -> Server {
    spawn(oauth_config()).await
}

/// [`test_config`] in the tutorial dialect.
pub fn tutorial_config() -> ServerConfig {
    ServerConfig {
        dialect: Dialect::Tutorial,
        ..test_config()
    }
}

/// [`oauth_config`] in cookie mode with the default cookie name.
pub fn cookie_config() -> ServerConfig {
    ServerConfig {
        refresh_cookie: Some("auth_refresh".into()),
        ..oauth_config()
    }
}

/// [`test_config`] (netuno) in cookie mode with the default cookie name.
pub fn netuno_cookie_config() -> ServerConfig {
    ServerConfig {
        refresh_cookie: Some("auth_refresh".into()),
        ..test_config()
    }
}

/// Every `Set-Cookie` header of `response`.
pub fn set_cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

/// The keys of a netuno login answer, sorted (a refresh answer has them but `extra`).
pub const NETUNO_LOGIN_KEYS: [&str; 8] = [
    "access_token",
    "expires_in",
    "extra",
    "refresh_expires_in",
    "refresh_token",
    "result",
    "short_token",
    "token_type",
];

/// The keys of a JSON object, sorted (empty if `value` is not an object).
pub fn keys_of(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// The claims of an HS256 `token` signed with the default secret, checking
/// the signature only (netuno tokens have no `exp`).
pub fn verified_claims(token: &Value) -> Value {
    let token = token.as_str().expect("token is a string");
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let key = DecodingKey::from_secret(DEFAULT_SECRET.as_bytes());
    decode::<Value>(token, &key, &validation)
        .expect("JWT verifies with the secret")
        .claims
}

/// Asserts that `text` is compact JSON whose top-level keys come in sorted
/// order and are exactly `keys`.
pub fn assert_sorted_compact(text: &str, keys: &[&str]) {
    let value: Value = serde_json::from_str(text).expect("JSON body");
    assert_eq!(keys_of(&value), keys, "{text}");
    assert!(
        !text.contains(": ") && !text.contains(", "),
        "compact: {text}"
    );
    let positions: Vec<usize> = keys
        .iter()
        .map(|key| text.find(&format!("\"{key}\":")).unwrap_or(usize::MAX))
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "sorted: {text}"
    );
}

/// The JSON body of a response, or `Value::Null` if it is not JSON.
pub async fn json_of(response: Response) -> Value {
    let bytes = response.bytes().await.expect("body reads");
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

impl Server {
    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs `body` as JSON to `path`.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request is answered")
    }

    /// `127.0.0.1:PORT`, for raw TCP tests.
    pub fn socket_addr(&self) -> std::net::SocketAddr {
        self.base
            .trim_start_matches("http://")
            .parse()
            .expect("base is http://IP:PORT")
    }

    /// POSTs raw bytes to `path` with a JSON content type.
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request is answered")
    }

    /// POSTs `body` as JSON to `path` with a `Cookie` header.
    pub async fn post_with_cookie(&self, path: &str, body: &Value, cookie: &str) -> Response {
        self.client
            .post(self.url(path))
            .header("cookie", cookie)
            .json(body)
            .send()
            .await
            .expect("request is answered")
    }

    /// `GET /_test/attempts`.
    pub async fn attempts(&self) -> Value {
        let response = self.client.get(self.url("/_test/attempts")).send().await;
        json_of(response.expect("attempts answered")).await
    }

    /// POSTs raw bytes to `_auth` with a JSON content type.
    pub async fn post_auth_raw(&self, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(self.url("/services/_auth"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request is answered")
    }

    /// Tries to log in and returns the raw response.
    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        let body = json!({"username": username, "password": password, "jwt": true});
        self.post_json("/services/_auth", &body).await
    }

    /// Logs in (must succeed) and returns the token answer.
    pub async fn login(&self, username: &str) -> Value {
        let response = self.try_login(username, "secret").await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        json_of(response).await
    }

    /// Refreshes with `refresh_token` (must succeed) and returns the new token answer.
    pub async fn refresh(&self, refresh_token: &Value) -> Value {
        let response = self.try_refresh(refresh_token).await;
        assert_eq!(response.status(), StatusCode::OK, "refresh");
        json_of(response).await
    }

    /// Tries a refresh and returns the raw response.
    pub async fn try_refresh(&self, refresh_token: &Value) -> Response {
        let body = json!({"refresh_token": refresh_token, "jwt": true});
        self.post_json("/services/_auth", &body).await
    }

    /// GETs `path` with `Authorization: Bearer token`.
    pub async fn get_with_token(&self, path: &str, token: &Value) -> Response {
        let token = token.as_str().expect("token is a string");
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request is answered")
    }

    /// `GET /_test/stats`.
    pub async fn stats(&self) -> Value {
        let response = self.client.get(self.url("/_test/stats")).send().await;
        json_of(response.expect("stats answered")).await
    }

    /// `POST /_test/faults` (must be accepted).
    pub async fn inject(&self, faults: Value) {
        let response = self.post_json("/_test/faults", &faults).await;
        assert_eq!(response.status(), StatusCode::OK, "fault accepted");
    }
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "auth-test-server-{}-{name}-{unique}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is created");
    dir
}
