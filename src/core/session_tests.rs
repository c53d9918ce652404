use super::*;
use crate::core::config::TokenConfig;
use crate::core::params::Param;
use crate::core::store::tests::BrokenStore;
use crate::core::store::MemoryStore;
use crate::core::testing::fields;
use std::rc::Rc;

/// A store shared between two sessions, like one page load and the next; it can also hold
/// unreadable data, as Web Storage can.
#[derive(Clone, Default)]
struct Shared(Rc<MemoryStore>, Rc<std::cell::Cell<bool>>);

impl Shared {
    fn corrupt(&self) {
        self.1.set(true);
    }
}

impl TokenStore for Shared {
    fn read(&self, key: &str, names: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        if self.1.get() {
            return Ok(Some(Stored::Unreadable));
        }
        self.0.read(key, names)
    }
    fn write(&self, key: &str, token: &TokenState, names: &TokenConfig) -> Result<(), AuthError> {
        self.1.set(false);
        self.0.write(key, token, names)
    }
    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.1.set(false);
        self.0.remove(key)
    }
}

fn session(store: &Shared) -> Session {
    Session::new(Config::default(), Box::new(store.clone()))
}

fn json_reply(status: u16, json: &str) -> Reply {
    crate::core::testing::reply(status, json, &Config::default())
}

fn ok_reply(access: &str, refresh: &str) -> Reply {
    json_reply(
        200,
        &format!(
            r#"{{"result":true,"token_type":"Bearer","access_token":"{access}","refresh_token":"{refresh}","expires_in":60000}}"#
        ),
    )
}

fn error_reply(status: u16, error: &str) -> Reply {
    json_reply(status, &format!(r#"{{"result":false,"error":"{error}"}}"#))
}

fn stored_access(store: &Shared, key: &str) -> Option<String> {
    match store.read(key, &Config::default().token).unwrap() {
        Some(Stored::Token(t)) => Some(t.access_token.secret().to_owned()),
        _ => None,
    }
}

fn code(result: Result<(), AuthError>) -> &'static str {
    result.unwrap_err().code().as_str()
}

#[test]
fn login_stores_the_token_and_a_new_page_restores_it() {
    let store = Shared::default();
    let mut s = session(&store);
    let (result, events) = s.accept(Grant::Login, ok_reply("a1", "r1"), 5.0);
    assert_eq!((result, events), (Ok(()), vec![Event::Login]));
    assert_eq!(stored_access(&store, "_auth_token").as_deref(), Some("a1"));

    let mut next_page = session(&store);
    assert_eq!(next_page.restore(), vec![Event::Restore]);
    assert_eq!(next_page.token().unwrap().access_token.secret(), "a1");
    assert_eq!(next_page.token().unwrap().loaded_at, 5.0);
}

#[test]
fn login_failures_are_typed_and_change_nothing() {
    let store = Shared::default();
    let mut s = session(&store);
    let not_json = Reply {
        status: 200,
        body: ReplyBody::NotJson,
        error_body: None,
    };
    for (reply, expected) in [
        (
            error_reply(403, "invalid-credentials"),
            "invalid_credentials",
        ),
        (error_reply(403, "group-not-allowed"), "group_not_allowed"),
        (error_reply(500, "boom"), "http_status"),
        (not_json, "invalid_response"),
    ] {
        let (result, events) = s.accept(Grant::Login, reply, 0.0);
        assert_eq!(code(result), expected);
        assert!(events.is_empty());
    }
    assert!(s.token().is_none());
    assert_eq!(stored_access(&store, "_auth_token"), None);
}

#[test]
fn refresh_rotates_and_a_rejection_logs_out() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (body, grant) = s.refresh_request().unwrap();
    assert_eq!(body.get("refresh_token"), Some(&Param::Text("r1".into())));
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"jwt":true,"refresh_token":"r1"}"#
    );
    assert_eq!(
        s.accept(grant, ok_reply("a2", "r2"), 1.0),
        (Ok(()), vec![Event::Refresh])
    );
    assert_eq!(
        s.token().unwrap().refresh_token.as_ref().unwrap().secret(),
        "r2"
    );

    let (_, grant) = s.refresh_request().unwrap();
    let (result, events) = s.accept(grant, error_reply(403, "invalid-refresh-token"), 2.0);
    assert_eq!(code(result), "invalid_refresh_token");
    assert_eq!(events, vec![Event::Logout(LogoutReason::RefreshRejected)]);
    assert_eq!(stored_access(&store, "_auth_token"), None);
}

#[test]
fn transient_refresh_failures_keep_the_session() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let not_json = Reply {
        status: 200,
        body: ReplyBody::NotJson,
        error_body: None,
    };
    for reply in [error_reply(500, "x"), error_reply(429, "slow"), not_json] {
        let (_, grant) = s.refresh_request().unwrap();
        let (result, events) = s.accept(grant, reply, 1.0);
        let e = result.unwrap_err();
        assert!(e.is_transient());
        assert_eq!(events, vec![Event::RefreshError(e)]);
        assert_eq!(s.token().unwrap().access_token.secret(), "a1");
    }
}

#[test]
fn a_refresh_reply_after_logout_is_ignored() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (_, grant) = s.refresh_request().unwrap();
    assert_eq!(
        s.logout(LogoutReason::User),
        vec![Event::Logout(LogoutReason::User)]
    );
    let (result, events) = s.accept(grant, ok_reply("a2", "r2"), 1.0);
    assert_eq!(code(result), "not_logged_in");
    assert!(events.is_empty() && s.token().is_none());
    assert_eq!(stored_access(&store, "_auth_token"), None);
}

#[test]
fn unreadable_storage_is_removed_and_means_logged_out() {
    let store = Shared::default();
    store.corrupt();
    let mut s = session(&store);
    assert!(s.restore().is_empty());
    assert!(s.token().is_none());
    let names = &Config::default().token;
    assert_eq!(store.read("_auth_token", names).unwrap(), None, "removed");
}

#[test]
fn broken_storage_degrades_to_memory_and_keeps_working() {
    let mut s = Session::new(Config::default(), Box::new(BrokenStore));
    let (result, events) = s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0);
    assert!(result.is_ok());
    assert!(matches!(
        events.as_slice(),
        [Event::Login, Event::StorageDegraded(_)]
    ));
    assert!(s.is_storage_degraded());
    assert_eq!(s.token().unwrap().access_token.secret(), "a1");
}

#[test]
fn changing_the_storage_key_moves_the_token() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let mut c = s.config().clone();
    c.token.storage_key = "other".into();
    assert!(s.reconfigure(c, None).is_empty());
    assert_eq!(stored_access(&store, "_auth_token"), None);
    assert_eq!(stored_access(&store, "other").as_deref(), Some("a1"));
}

#[test]
fn login_body_uses_configured_keys() {
    let store = Shared::default();
    let mut s = session(&store);
    let mut c = s.config().clone();
    c.login.username_key = "user".into();
    s.reconfigure(c, None);
    let body = s.login_body("ann", "pw");
    assert_eq!(body.get("user"), Some(&Param::Text("ann".into())));
    assert_eq!(body.get("jwt"), Some(&Param::Bool(true)));
}

/// A storage that breaks mid-session: writes go through, reads fail.
struct ReadsFail;

impl TokenStore for ReadsFail {
    fn read(&self, _: &str, _: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        Err(AuthError::Storage("SecurityError".into()))
    }
    fn write(&self, _: &str, _: &TokenState, _: &TokenConfig) -> Result<(), AuthError> {
        Ok(())
    }
    fn remove(&self, _: &str) -> Result<(), AuthError> {
        Ok(())
    }
}

#[test]
fn a_failed_read_keeps_the_session_in_memory() {
    let mut s = Session::new(Config::default(), Box::new(ReadsFail));
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    assert!(matches!(s.adopt_stored()[..], [Event::StorageDegraded(_)]));
    assert_eq!(
        s.adopt_stored(),
        vec![],
        "no logout: the token is in memory"
    );
    assert_eq!(s.token().unwrap().access_token.secret(), "a1");
}

#[test]
fn another_tabs_refresh_login_and_logout_are_adopted() {
    let store = Shared::default();
    let mut a = session(&store);
    let mut b = session(&store);
    a.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    assert_eq!(b.adopt_stored(), vec![Event::Login]);
    assert_eq!(b.adopt_stored(), vec![], "nothing new");
    let (_, grant) = a.refresh_request().unwrap();
    a.accept(grant, ok_reply("a2", "r2"), 1.0).0.unwrap();
    assert_eq!(b.adopt_stored(), vec![Event::Refresh]);
    assert_eq!(b.token().unwrap().access_token.secret(), "a2");
    a.logout(LogoutReason::User);
    assert_eq!(
        b.adopt_stored(),
        vec![Event::Logout(LogoutReason::OtherTab)]
    );
    assert!(b.token().is_none());
}

#[test]
fn a_rejected_refresh_adopts_a_newer_stored_token_instead_of_logging_out() {
    let store = Shared::default();
    let mut a = session(&store);
    let mut b = session(&store);
    a.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    b.restore();
    // Tab A rotates r1; tab B, not yet told, presents r1 and is refused.
    let (_, grant_a) = a.refresh_request().unwrap();
    let (_, grant_b) = b.refresh_request().unwrap();
    a.accept(grant_a, ok_reply("a2", "r2"), 1.0).0.unwrap();
    let (result, events) = b.accept(grant_b, error_reply(403, "invalid-refresh-token"), 1.0);
    assert_eq!((result, events), (Ok(()), vec![Event::Refresh]));
    assert_eq!(
        b.token().unwrap().refresh_token.as_ref().unwrap().secret(),
        "r2"
    );
    assert_eq!(stored_access(&store, "_auth_token").as_deref(), Some("a2"));
}

#[test]
fn pointing_a_logged_out_client_elsewhere_restores_what_is_there() {
    let store = Shared::default();
    let mut a = session(&store);
    let mut c = a.config().clone();
    c.token.storage_key = "app".into();
    a.reconfigure(c.clone(), None);
    a.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    // The next page: a default client, then the app's settings.
    let mut next = session(&store);
    assert!(next.restore().is_empty());
    assert_eq!(next.reconfigure(c, None), vec![Event::Restore]);
    assert_eq!(next.token().unwrap().access_token.secret(), "a1");
}

#[test]
fn a_loaded_token_needs_no_result_flag() {
    let store = Shared::default();
    let mut s = session(&store);
    let view =
        r#"{"access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":60000}"#;
    let (result, events) = s.load(&fields(view, &Config::default()), 0.0, None);
    assert_eq!((result, events), (Ok(()), vec![Event::Login]));
    let (result, _) = s.load(&fields(r#"{"result":true}"#, &Config::default()), 0.0, None);
    assert_eq!(code(result), "invalid_response");
    assert_eq!(
        s.token().unwrap().access_token.secret(),
        "a",
        "a bad token changes nothing"
    );
}

#[test]
fn a_loaded_token_keeps_its_age() {
    let store = Shared::default();
    let mut s = session(&store);
    // What `token()` returned 50 s ago, for a 60 s token: 10 s are left, not 60.
    let view = r#"{"access_token":"a","refresh_token":"r","expires_in":60000}"#;
    let now = 1_000_000.0;
    let (result, _) = s.load(&fields(view, &Config::default()), now, Some(now - 50_000.0));
    result.unwrap();
    assert_eq!(s.token().unwrap().expires_at(), Some(now + 10_000.0));
    // A time in the future, or none that is a time, counts from now.
    for at in [Some(now + 5_000.0), Some(f64::NAN), Some(-1.0), None] {
        s.load(&fields(view, &Config::default()), now, at)
            .0
            .unwrap();
        assert_eq!(s.token().unwrap().expires_at(), Some(now + 60_000.0));
    }
}

#[test]
fn an_oversized_body_is_an_invalid_response_and_keeps_the_session() {
    let store = Shared::default();
    let mut s = session(&store);
    let big = Reply {
        status: 200,
        body: ReplyBody::TooLarge,
        error_body: None,
    };
    let (result, _) = s.accept(Grant::Login, big.clone(), 0.0);
    assert_eq!(code(result), "invalid_response");
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (_, grant) = s.refresh_request().unwrap();
    let (result, events) = s.accept(grant, big, 1.0);
    let e = result.unwrap_err();
    assert!(e.is_transient() && e.to_string().contains("65536"), "{e}");
    assert_eq!(events, vec![Event::RefreshError(e)]);
    assert_eq!(s.token().unwrap().access_token.secret(), "a1");
}

#[test]
fn bodies_carry_the_configured_params_and_fields_win() {
    let store = Shared::default();
    let mut s = session(&store);
    let mut c = s.config().clone();
    c.login.params = serde_json::from_str(r#"{"client_id":"app","username":"x"}"#).unwrap();
    c.refresh_token.params = crate::core::params::Params::default();
    c.logout.params = serde_json::from_str(r#"{"all":true}"#).unwrap();
    s.reconfigure(c, None);
    let login = serde_json::to_string(&s.login_body("ann", "pw")).unwrap();
    assert_eq!(
        login,
        r#"{"client_id":"app","username":"ann","password":"pw"}"#
    );
    assert_eq!(
        serde_json::to_string(&s.logout_body()).unwrap(),
        r#"{"all":true}"#,
        "no token held"
    );
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (refresh, _) = s.refresh_request().unwrap();
    assert_eq!(
        serde_json::to_string(&refresh).unwrap(),
        r#"{"refresh_token":"r1"}"#
    );
    assert_eq!(
        serde_json::to_string(&s.logout_body()).unwrap(),
        r#"{"all":true,"refresh_token":"r1"}"#
    );
}
