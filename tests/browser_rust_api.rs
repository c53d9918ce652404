//! The Rust API (`wasm_auth_client::AuthClient`), as a Leptos, Yew or Dioxus app uses it: typed
//! configuration, async methods returning Rust types, closures as listeners, `auth_fetch` on
//! `web_sys::Request`, and dropping the client as its `free()`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_auth_client::browser::{FetchOptions, ServiceCall};
use wasm_auth_client::{AuthClient, Config, Event, LogoutReason, StorageKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn rust_client(key: &str) -> AuthClient {
    let mut config = Config {
        prefix: format!("{}/services/", server()),
        ..Config::default()
    };
    config.token.storage_key = key.into();
    AuthClient::new(config).expect("valid config")
}

#[derive(Deserialize)]
struct Profile {
    name: String,
    group: String,
}

#[wasm_bindgen_test]
async fn a_rust_app_logs_in_calls_the_api_and_logs_out() {
    let client = rust_client("t_rust_session");
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let _subscription = client.subscribe(move |e: &Event| sink.borrow_mut().push(e.clone()));

    let token = client.login("admin", "secret").await.expect("login");
    assert_eq!(token.token_type, "Bearer");
    assert!(token.expires_at.unwrap() > now());
    assert!(client.is_logged());
    let snapshot = client.snapshot();
    assert!(snapshot.logged_in);
    let user = snapshot.user.expect("claims");
    assert_eq!(user.group_code.as_deref(), Some("admin"));
    assert_eq!(user.user_name.as_deref(), Some("Ada Admin"));

    let result = client.service(ServiceCall::get("profile")).await.unwrap();
    assert!(result.ok);
    let profile: Profile = result.json().unwrap();
    assert_eq!(
        (profile.name.as_str(), profile.group.as_str()),
        ("Ada Admin", "admin")
    );

    let request = web_sys::Request::new_with_str(&format!("{}/public/echo", server())).unwrap();
    let response = client
        .auth_fetch(request, FetchOptions::default())
        .await
        .unwrap();
    let echo = JsFuture::from(response.json().unwrap()).await.unwrap();
    assert_eq!(get(&echo, "authorization").as_bool(), Some(true));
    // The app's own abort is `Aborted`, not a timeout.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let request = web_sys::Request::new_with_str(&format!("{}/public/echo", server())).unwrap();
    let options = FetchOptions {
        signal: Some(controller.signal()),
        ..FetchOptions::default()
    };
    let e = client.auth_fetch(request, options).await.unwrap_err();
    assert_eq!(e, wasm_auth_client::AuthError::Aborted);
    // So is an abort of the `Request`'s own signal, when the options give none (as `fetch`).
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let url = format!("{}/public/echo", server());
    let request = web_sys::Request::new_with_str_and_init(&url, &init).unwrap();
    let e = client
        .auth_fetch(request, FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e, wasm_auth_client::AuthError::Aborted);

    let refreshed = client.refresh_token().await.expect("refresh");
    assert_ne!(refreshed.access_token, token.access_token);
    client.logout();
    assert!(!client.is_logged() && client.access_token().is_none());
    assert_eq!(
        *seen.borrow(),
        [
            Event::Ready,
            Event::Login,
            Event::Refresh,
            Event::Logout(LogoutReason::User)
        ]
    );
}

#[wasm_bindgen_test]
async fn typed_errors_and_a_rejected_config_change_nothing() {
    let client = rust_client("t_rust_errors");
    let e = client.login("admin", "wrong").await.unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_credentials");
    assert_eq!(e.status(), Some(403));
    let e = client.refresh_token().await.unwrap_err();
    assert_eq!(e.code().as_str(), "not_logged_in");

    let e = client
        .configure(|c| c.allowed_origins = Some(vec!["https://a.example/path".into()]))
        .unwrap_err();
    assert!(e.to_string().contains("allowedOrigins"), "{e}");
    assert_eq!(client.config().allowed_origins, None, "nothing changed");
    let changed = client
        .configure(|c| c.storage = StorageKind::Memory)
        .unwrap();
    assert_eq!(changed.storage, StorageKind::Memory);
    client.login("admin", "secret").await.unwrap();
    assert_eq!(
        session_item("t_rust_errors"),
        None,
        "memory, not sessionStorage"
    );
}

#[wasm_bindgen_test]
async fn dropping_the_client_stops_its_timers() {
    let base = short_ttl_server();
    reset(base).await;
    let mut config = Config {
        prefix: format!("{base}/services/"),
        ..Config::default()
    };
    config.token.storage_key = "t_rust_drop".into();
    let client = AuthClient::new(config).unwrap();
    client.login("admin", "secret").await.unwrap();
    drop(client);
    // A 3 s token would refresh after 1.5 s.
    sleep_ms(2_500).await;
    assert_eq!(
        stat(base, "refreshes").await,
        0.0,
        "no timer outlives the client"
    );
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    sleep_ms(100).await;
    assert_eq!(stat(base, "refreshes").await, 0.0, "no listener either");
    assert!(window.is_instance_of::<web_sys::Window>());
}
