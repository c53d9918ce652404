use super::*;
use crate::store::tests::BrokenStore;
use crate::store::MemoryStore;
use std::rc::Rc;

/// A store shared between two sessions, like one page load and the next.
#[derive(Clone, Default)]
struct Shared(Rc<MemoryStore>);

impl TokenStore for Shared {
    fn read(&self, key: &str) -> Result<Option<String>, AuthError> {
        self.0.read(key)
    }
    fn write(&self, key: &str, value: &str) -> Result<(), AuthError> {
        self.0.write(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.0.remove(key)
    }
}

fn session(store: &Shared) -> Session {
    Session::new(Config::default(), Box::new(store.clone()))
}

fn ok_reply(access: &str, refresh: &str) -> Reply {
    let json = format!(
        r#"{{"result":true,"token_type":"Bearer","access_token":"{access}","refresh_token":"{refresh}","expires_in":60}}"#
    );
    Reply {
        status: 200,
        body: serde_json::from_str(&json).ok(),
    }
}

fn error_reply(status: u16, error: &str) -> Reply {
    Reply {
        status,
        body: serde_json::from_str(&format!(r#"{{"result":false,"error":"{error}"}}"#)).ok(),
    }
}

fn stored(store: &Shared) -> Option<String> {
    store.read("_auth_token").unwrap()
}

#[test]
fn login_stores_the_token_and_a_new_page_restores_it() {
    let store = Shared::default();
    let mut s = session(&store);
    let (result, events) = s.accept(Grant::Login, ok_reply("a1", "r1"), 5.0);
    assert_eq!((result, events), (Ok(()), vec![Event::Login]));
    assert!(stored(&store).unwrap().contains("a1"));

    let mut next_page = session(&store);
    assert_eq!(next_page.restore(), vec![Event::Restore]);
    assert_eq!(next_page.token().unwrap().access_token.secret(), "a1");
    assert_eq!(next_page.token().unwrap().loaded_at, 5.0);
}

#[test]
fn login_failures_are_typed_and_change_nothing() {
    let store = Shared::default();
    let mut s = session(&store);
    let cases = [
        (
            error_reply(403, "invalid-credentials"),
            "invalid_credentials",
        ),
        (error_reply(403, "group-not-allowed"), "group_not_allowed"),
        (error_reply(500, "boom"), "http_status"),
        (
            Reply {
                status: 200,
                body: None,
            },
            "invalid_response",
        ),
    ];
    for (reply, code) in cases {
        let (result, events) = s.accept(Grant::Login, reply, 0.0);
        assert_eq!(result.unwrap_err().code(), code);
        assert!(events.is_empty());
    }
    assert!(s.token().is_none());
    assert_eq!(stored(&store), None);
}

#[test]
fn refresh_rotates_and_a_rejection_logs_out() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (body, grant) = s.refresh_request().unwrap();
    assert_eq!(
        body.get("refresh_token").and_then(Value::as_str),
        Some("r1")
    );
    assert_eq!(
        s.accept(grant, ok_reply("a2", "r2"), 1.0),
        (Ok(()), vec![Event::Refresh])
    );
    assert_eq!(s.token().unwrap().refresh_token.secret(), "r2");

    let (_, grant) = s.refresh_request().unwrap();
    let (result, events) = s.accept(grant, error_reply(403, "invalid-refresh-token"), 2.0);
    assert_eq!(result.unwrap_err().code(), "invalid_refresh_token");
    assert_eq!(events, vec![Event::Logout(LogoutReason::RefreshRejected)]);
    assert_eq!(stored(&store), None);
}

#[test]
fn transient_refresh_failures_keep_the_session() {
    let store = Shared::default();
    let mut s = session(&store);
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    for reply in [
        error_reply(500, "x"),
        error_reply(429, "slow"),
        Reply {
            status: 200,
            body: None,
        },
    ] {
        let (_, grant) = s.refresh_request().unwrap();
        let (result, events) = s.accept(grant, reply, 1.0);
        let e = result.unwrap_err();
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
    assert_eq!(result.unwrap_err().code(), "not_logged_in");
    assert!(events.is_empty() && s.token().is_none() && stored(&store).is_none());
}

#[test]
fn corrupt_storage_is_removed_and_means_logged_out() {
    let store = Shared::default();
    for junk in [
        "{not json",
        r#"{"v":1,"accessToken":"a"}"#,
        r#"{"v":9}"#,
        "null",
    ] {
        store.write("_auth_token", junk).unwrap();
        let mut s = session(&store);
        assert!(s.restore().is_empty(), "{junk}");
        assert!(s.token().is_none());
        assert_eq!(stored(&store), None, "{junk}");
    }
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
    assert_eq!(stored(&store), None);
    assert!(store.read("other").unwrap().unwrap().contains("a1"));
}

#[test]
fn login_body_uses_configured_keys() {
    let store = Shared::default();
    let mut s = session(&store);
    let mut c = s.config().clone();
    c.login.username_key = "user".into();
    s.reconfigure(c, None);
    let body = s.login_body("ann", "pw");
    assert_eq!(body.get("user").and_then(Value::as_str), Some("ann"));
    assert_eq!(body.get("jwt"), Some(&Value::Bool(true)));
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
    assert_eq!(b.token().unwrap().refresh_token.secret(), "r2");
    assert!(stored(&store).unwrap().contains("a2"), "storage kept");
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
