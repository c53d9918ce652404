//! Every public method of [`AuthClient`] called with its argument and result types written out:
//! this compiles against the browser client on wasm32 (`cargo clippy --target
//! wasm32-unknown-unknown --all-targets`) and against the inert one elsewhere (`cargo test`),
//! so the two keep the same signatures.
#![allow(dead_code, unused_variables)]

use crate::browser::{
    Answered, AuthRequestDefaults, Callbacks, Detached, FetchOptions, Header, LoginRequest,
    LoginResult, ServiceCall, ServiceResult, Snapshot, Subscription, WeakAuthClient,
};
use crate::core::token::TokenFields;
use crate::{AuthClient, AuthError, Config, Event, Token};

async fn every_method(config: Config, request: web_sys::Request, token: Token) {
    let client: Result<AuthClient, AuthError> = AuthClient::new(config);
    let Ok(c) = client else { return };
    let same: bool = c.clone() == c;
    let config: Config = c.config();
    let changed: Result<Config, AuthError> = c.configure(|config: &mut Config| config.timeout = 1);
    c.set_prefix_source(Some(|| -> Option<String> { None }));
    c.set_prefix_source(None::<fn() -> Option<String>>);
    c.set_auth_request_source(Some(AuthRequestDefaults::default));
    c.set_callbacks(Callbacks::default());
    let callbacks: Callbacks = c.callbacks();
    let login: Result<Token, AuthError> = c.login("user", "password").await;
    let refreshed: Result<Token, AuthError> = c.refresh_token().await;
    let answered: Answered<LoginResult> = c.login_with(LoginRequest::new("u", "p")).await;
    let answered: Answered<LoginResult> = c.refresh_token_with(true).await;
    let fields: Option<&TokenFields> = None;
    if let Some(fields) = fields {
        let loaded: Result<Token, AuthError> = c.load_response(fields, Some(1.0));
    }
    let url: String = c.service_url(Some("/api/"), "x");
    let weak: WeakAuthClient = c.downgrade();
    let again: Option<AuthClient> = weak.upgrade();
    let bare: Snapshot = c.snapshot_without_user();
    c.logout();
    let logged: bool = c.is_logged();
    let access: Option<String> = c.access_token();
    let held: Option<Token> = c.token();
    let extra: Result<Option<Vec<String>>, AuthError> = c.extra::<Vec<String>>();
    let (): () = c.ready().await;
    let loaded: Result<Token, AuthError> = c.load_token(&token);
    let subscription: Subscription = c.subscribe(|event: &Event| {});
    let detached: Detached = subscription.detach();
    let snapshot: Snapshot = c.snapshot();
    let version: u64 = c.version();
    let answer: Result<ServiceResult, AuthError> = c.service(ServiceCall::get("x")).await;
    let options = FetchOptions::default();
    let fetched: Result<web_sys::Response, AuthError> = c.auth_fetch(request, options).await;
    let header: Result<Option<Header>, AuthError> = c.authorization("/x").await;
    let builder = gloo_net::http::Request::get("/x");
    let sent: Result<gloo_net::http::Response, AuthError> = c.send(builder).await;
    let built = gloo_net::http::Request::get("/x").build();
    if let Ok(built) = built {
        let sent: Result<gloo_net::http::Response, AuthError> = c.send(built).await;
    }
    c.close();
}
