use super::*;
use crate::core::error::ErrorCode;
use futures_executor::block_on;

/// A request that is never built: gloo-net's and web-sys's constructors panic off wasm32, where
/// they have no JS to call.
struct Unbuilt;

impl GlooRequest for Unbuilt {
    fn into_request(self) -> Result<web_sys::Request, AuthError> {
        Err(AuthError::invalid_argument(
            "request",
            "not built off wasm32",
        ))
    }
}

fn client() -> AuthClient {
    let config = Config {
        prefix: "https://api.example.com/services/".into(),
        ..Config::default()
    };
    AuthClient::new(config).expect("a valid config")
}

#[test]
fn an_inert_client_is_logged_out() {
    let c = client();
    let snapshot = c.snapshot();
    assert_eq!(snapshot.status, Status::LoggedOut);
    assert!(!snapshot.logged_in && snapshot.user.is_none() && snapshot.expires_at.is_none());
    assert!(!c.is_logged());
    assert_eq!(c.access_token(), None);
    assert!(c.token().is_none());
    assert_eq!(c.extra::<String>(), Ok(None));
    block_on(c.ready());
}

#[test]
fn every_async_call_is_unsupported() {
    let c = client();
    let unsupported = |e: AuthError| {
        assert_eq!(e.code(), ErrorCode::Unsupported);
        assert!(e
            .to_string()
            .starts_with("wasm-auth-client runs in the browser: "));
    };
    unsupported(block_on(c.login("admin", "secret")).unwrap_err());
    unsupported(block_on(c.refresh_token()).unwrap_err());
    unsupported(block_on(c.service(ServiceCall::get("profile"))).unwrap_err());
    let url = "https://api.example.com/services/profile";
    unsupported(block_on(c.authorization(url)).err().expect("an error"));
    unsupported(block_on(c.send(Unbuilt)).expect_err("an error"));
    let token = crate::core::token::Token {
        access_token: crate::core::secret::AccessToken::new("a.b.c".into()),
        refresh_token: None,
        token_type: "Bearer".into(),
        expires_in: None,
        loaded_at: 0.0,
        expires_at: None,
        extra: None,
    };
    unsupported(c.load_token(&token).unwrap_err());
}

#[test]
fn configure_validates_and_keeps_the_config() {
    let c = client();
    let changed = c.configure(|config| config.prefix = "https://api.example.org/".into());
    assert_eq!(
        changed.map(|c| c.prefix).as_deref(),
        Ok("https://api.example.org/")
    );
    assert!(c.configure(|config| config.url = String::new()).is_err());
    assert_eq!(c.config().prefix, "https://api.example.org/");
    assert!(AuthClient::new(Config {
        url: String::new(),
        ..Config::default()
    })
    .is_err());
}

#[test]
fn subscriptions_and_callbacks_are_kept_apart_from_any_work() {
    let c = client();
    let subscription = c.subscribe(|_| panic!("no event happens off wasm32"));
    let detached = c.subscribe(|_| {}).detach();
    detached.unsubscribe();
    drop(subscription);
    let on_login: crate::browser::Callback<Event> = Rc::new(|_| {});
    c.set_callbacks(Callbacks {
        on_login: Some(on_login),
        ..Callbacks::default()
    });
    assert!(c.callbacks().on_login.is_some());
    c.logout();
    c.close();
    assert_eq!(c.version(), 0);
}

#[test]
fn clones_are_the_same_client() {
    let c = client();
    assert!(c.clone() == c);
    assert!(client() != c);
}
