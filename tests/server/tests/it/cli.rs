//! The binary's command line and config file, run as a real process.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use auth_test_server::cli::{self, Command as CliCommand};
use auth_test_server::{ExpiresInUnit, ServerConfig};
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{json_of, spawn, temp_dir};

const BINARY: &str = env!("CARGO_BIN_EXE_auth-test-server");

/// Runs the binary to its end; kills it after 10 s, so a flag that should
/// stop it but does not fails the test instead of hanging it.
fn run_binary(args: &[&str]) -> Output {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("child polls").is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait_with_output().expect("output collected")
}

fn write_config(name: &str, contents: &str) -> String {
    let path = temp_dir(name).join("config.json");
    std::fs::write(&path, contents).expect("config written");
    path.to_string_lossy().into_owned()
}

/// Asserts the binary refused to start with `needle` in its stderr.
fn assert_refuses(args: &[&str], needle: &str) {
    let output = run_binary(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} should fail");
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{stderr:?} lacks {needle:?}");
}

#[test]
fn help_prints_every_flag() {
    let output = run_binary(&["--help"]);
    assert!(output.status.success());
    let usage = String::from_utf8_lossy(&output.stdout);
    for needle in ["oauth", "milliseconds", "/_test/extra", "/_test/altcha"] {
        assert!(usage.contains(needle), "usage lacks {needle}");
    }
    for flag in [
        "--addr",
        "--config",
        "--access-ttl",
        "--refresh-ttl",
        "--expires-in-unit",
        "--static",
        "--test-mode",
        "--port-file",
        "--dialect",
        "--refresh-cookie",
        "--refresh-cookie-name",
        "--header-timeout-ms",
    ] {
        assert!(usage.contains(flag), "usage lacks {flag}");
    }
}

#[test]
fn startup_problems_stop_the_binary_with_a_reason() {
    let short = write_config("short", r#"{"auth":{"jwt":{"secret":"0123456789"}}}"#);
    assert_refuses(
        &["--config", &short],
        "auth.jwt.secret must be at least 32 characters (got 10)",
    );
    let typo = write_config("typo", r#"{"auth":{"jwt":{"secret":"x","expire":{}}}}"#);
    assert_refuses(&["--config", &typo], "expire");
    let broken = write_config("broken", r#"{"auth": "#);
    assert_refuses(&["--config", &broken], "invalid config file");
    assert_refuses(
        &["--config", "/nonexistent/config.json"],
        "cannot read config file",
    );
    assert_refuses(&["--frobnicate"], "unknown flag --frobnicate");
    assert_refuses(&["--access-ttl", "soon"], "--access-ttl");
    assert_refuses(&["--expires-in-unit", "hours"], "--expires-in-unit");
    assert_refuses(&["--static", "/nonexistent/dir"], "--static");
    assert_refuses(
        &["--dialect", "express"],
        "--dialect must be netuno, oauth or tutorial",
    );
    assert_refuses(&["--header-timeout-ms", "0"], "--header-timeout-ms");
    assert_refuses(
        &["--refresh-cookie-name", "rt"],
        "--refresh-cookie-name needs --refresh-cookie",
    );
    assert_refuses(
        &["--refresh-cookie", "--refresh-cookie-name", "a;b"],
        "not a valid cookie name",
    );
}

#[test]
fn new_flags_reach_the_config() {
    let config = config_from(&[
        "--dialect",
        "tutorial",
        "--refresh-cookie",
        "--header-timeout-ms=1500",
    ])
    .expect("valid flags");
    assert_eq!(config.dialect, auth_test_server::Dialect::Tutorial);
    assert_eq!(config.refresh_cookie.as_deref(), Some("auth_refresh"));
    assert_eq!(config.header_read_timeout, Duration::from_millis(1500));
    let named = config_from(&["--refresh-cookie-name=rt", "--refresh-cookie"]);
    assert_eq!(named.expect("valid").refresh_cookie.as_deref(), Some("rt"));
}

#[test]
fn the_expires_in_unit_defaults_to_the_dialects() {
    let unit = |args: &[&str]| config_from(args).expect("valid flags").expires_in_unit();
    assert_eq!(unit(&[]), ExpiresInUnit::Milliseconds);
    assert_eq!(unit(&["--dialect", "oauth"]), ExpiresInUnit::Seconds);
    assert_eq!(unit(&["--dialect", "tutorial"]), ExpiresInUnit::Seconds);
    assert_eq!(
        unit(&["--expires-in-unit", "seconds"]),
        ExpiresInUnit::Seconds
    );
    assert_eq!(
        unit(&["--dialect=oauth", "--expires-in-unit=minutes"]),
        ExpiresInUnit::Minutes
    );
    let oauth = config_from(&["--dialect", "oauth"]).expect("valid flags");
    assert_eq!(oauth.dialect, auth_test_server::Dialect::Oauth);
}

/// Kills the child when the test ends, pass or fail.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn binary_announces_its_port_and_serves() {
    let port_file = temp_dir("port").join("port");
    let port_path = port_file.to_string_lossy().into_owned();
    let child = Command::new(BINARY)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--port-file",
            &port_path,
            "--test-mode",
        ])
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().expect("stdout piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader joins")
    .expect("line read");
    let url = line
        .trim()
        .strip_prefix("auth-test-server listening on ")
        .expect("announcement line");
    let port = url.strip_prefix("http://127.0.0.1:").expect("loopback url");
    assert_eq!(
        std::fs::read_to_string(Path::new(&port_path))
            .ok()
            .as_deref(),
        Some(port)
    );
    let client = reqwest::Client::new();
    let body = json!({"username": "admin", "password": "secret", "jwt": true});
    let response = client
        .post(format!("{url}/services/_auth"))
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    let stats = client.get(format!("{url}/_test/stats")).send().await;
    assert_eq!(json_of(stats.expect("answered")).await["logins"], 1);
}

fn config_from(args: &[&str]) -> Result<ServerConfig, String> {
    let parsed = cli::parse(args.iter().map(std::ffi::OsString::from));
    match parsed.map_err(|err| err.to_string())? {
        CliCommand::Run(options) => {
            ServerConfig::from_options(options).map_err(|err| err.to_string())
        }
        CliCommand::Help => Err("help".into()),
    }
}

#[tokio::test]
async fn config_file_is_applied_and_flags_override_it() {
    let path = write_config(
        "netuno",
        r#"{"db": {"default": {"engine": "h2"}},
            "auth": {"jwt": {"enabled": true,
                             "secret": "AnotherSecretThatIsAlso32CharsLong!",
                             "expires": {"access": 2, "refresh": 5},
                             "groups": ["admin", "guest"]}}}"#,
    );
    let config = config_from(&["--config", &path]).expect("valid config");
    assert_eq!(
        (config.access_ttl_secs, config.refresh_ttl_secs),
        (120, 300)
    );
    assert_eq!(config.groups, ["admin", "guest"]);
    let overridden = config_from(&["--access-ttl", "7", "--config", &path, "--refresh-ttl=9"]);
    let overridden = overridden.expect("valid config");
    assert_eq!(
        (overridden.access_ttl_secs, overridden.refresh_ttl_secs),
        (7, 9)
    );

    let server = spawn(ServerConfig {
        addr: ([127, 0, 0, 1], 0).into(),
        dialect: auth_test_server::Dialect::Oauth,
        ..config
    })
    .await;
    assert_eq!(server.login("guest").await["expires_in"], 120);
    let refused = server.try_login("customer", "secret").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(refused).await["error"], "group-not-allowed");
}

#[tokio::test]
async fn library_start_refuses_a_short_secret() {
    let config = ServerConfig {
        secret: "short".into(),
        addr: ([127, 0, 0, 1], 0).into(),
        ..ServerConfig::default()
    };
    let message = auth_test_server::start(&config)
        .await
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("auth.jwt.secret must be at least 32 characters (got 5)")
    );
}

#[test]
fn defaults_match_the_protocol() {
    let config = config_from(&[]).expect("defaults are valid");
    assert_eq!(config.addr.to_string(), "127.0.0.1:9000");
    assert_eq!(config.secret, "ThisSecretMustBeWith32Characters!");
    assert_eq!(
        (config.access_ttl_secs, config.refresh_ttl_secs),
        (3600, 86_400)
    );
    assert_eq!(config.groups, ["admin", "customer", "supplier"]);
    assert!(!config.test_mode);
    assert_eq!(config.dialect, auth_test_server::Dialect::Netuno);
    assert_eq!(config.refresh_cookie, None);
    assert_eq!(config.header_read_timeout, Duration::from_secs(5));
}
