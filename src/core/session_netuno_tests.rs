//! The session on a real Netuno server's wire: its refusals (lockout, a 406 of the app's),
//! `expires_in` in milliseconds, and `extra`.

use super::*;
use crate::core::config::TokenConfig;
use crate::core::error::ErrorBody;
use crate::core::store::MemoryStore;
use crate::core::testing::reply;

fn session(store: &std::rc::Rc<MemoryStore>) -> Session {
    Session::new(Config::default(), Box::new(SharedStore(store.clone())))
}

/// A store two sessions share, as one page load and the next share Web Storage.
struct SharedStore(std::rc::Rc<MemoryStore>);

impl TokenStore for SharedStore {
    fn read(&self, key: &str, names: &TokenConfig) -> Result<Option<Stored>, AuthError> {
        self.0.read(key, names)
    }
    fn write(&self, key: &str, token: &TokenState, names: &TokenConfig) -> Result<(), AuthError> {
        self.0.write(key, token, names)
    }
    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.0.remove(key)
    }
}

fn json_reply(status: u16, json: &str) -> Reply {
    reply(status, json, &Config::default())
}

fn ok_reply(access: &str, refresh: &str) -> Reply {
    json_reply(
        200,
        &format!(
            r#"{{"result":true,"token_type":"Bearer","access_token":"{access}","refresh_token":"{refresh}","expires_in":3600000}}"#
        ),
    )
}

#[test]
fn netuno_login_refusals_keep_what_the_server_said() {
    let store = std::rc::Rc::new(MemoryStore::default());
    let mut s = session(&store);
    for (status, body, expected) in [
        (
            403,
            r#"{"locked":false,"result":false}"#,
            "invalid_credentials",
        ),
        (403, r#"{"locked":true,"result":false}"#, "account_locked"),
        (
            406,
            r#"{"altcha":"no-payload","result":false}"#,
            "login_rejected",
        ),
        (400, r#"{"result":false}"#, "http_status"),
    ] {
        let (result, events) = s.accept(Grant::Login, json_reply(status, body), 0.0);
        let error = result.unwrap_err();
        assert_eq!(error.code().as_str(), expected, "{body}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.body(), Some(&ErrorBody::Json(body.into())), "{body}");
        assert!(events.is_empty());
    }
    // A refused refresh token carries its body too.
    s.accept(Grant::Login, ok_reply("a1", "r1"), 0.0).0.unwrap();
    let (result, _) = s.accept(
        Grant::Refresh(s.generation()),
        json_reply(403, r#"{"result":false}"#),
        0.0,
    );
    let error = result.unwrap_err();
    assert_eq!(error.code().as_str(), "invalid_refresh_token");
    assert_eq!(
        error.body(),
        Some(&ErrorBody::Json(r#"{"result":false}"#.into()))
    );
}

#[test]
fn an_implausible_lifetime_warns_once_and_is_not_scheduled() {
    let store = std::rc::Rc::new(MemoryStore::default());
    let mut s = session(&store);
    // A server that sends seconds, read in the default milliseconds: 60 ms.
    let seconds = r#"{"result":true,"access_token":"a","refresh_token":"r","expires_in":60}"#;
    let (result, events) = s.accept(Grant::Login, json_reply(200, seconds), 0.0);
    result.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(matches!(&events[1], Event::Warning(w) if w.contains("expiresInUnit")));
    assert_eq!(s.token().unwrap().lifetime_ms, None);
    let (_, events) = s.accept(
        Grant::Refresh(s.generation()),
        json_reply(200, seconds),
        0.0,
    );
    assert_eq!(events, vec![Event::Refresh], "told once");
}

#[test]
fn extra_survives_a_refresh_and_a_reload() {
    let store = std::rc::Rc::new(MemoryStore::default());
    let mut s = session(&store);
    let login = r#"{"result":true,"access_token":"a1","refresh_token":"r1","expires_in":60000,"extra":{"plan":"pro"}}"#;
    s.accept(Grant::Login, json_reply(200, login), 0.0)
        .0
        .unwrap();
    let refresh = r#"{"result":true,"access_token":"a2","refresh_token":"r2","expires_in":60000}"#;
    s.accept(
        Grant::Refresh(s.generation()),
        json_reply(200, refresh),
        1.0,
    )
    .0
    .unwrap();
    assert_eq!(
        s.token().unwrap().extra.as_deref(),
        Some(r#"{"plan":"pro"}"#)
    );
    let mut next_page = session(&store);
    next_page.restore();
    assert_eq!(
        next_page.token().unwrap().extra.as_deref(),
        Some(r#"{"plan":"pro"}"#)
    );
}
