//! Cookie mode and the tabs' shared session, in the state machine.
use super::*;
use crate::core::config::StorageKind;
use crate::core::store::MemoryStore;
use crate::core::testing::reply;

fn cookie_config() -> Config {
    let mut c = Config::default();
    c.refresh_token.cookie = true;
    c.logout.url = Some("_auth/logout".into());
    c
}

fn session(config: Config) -> Session {
    Session::new(config, Box::new(MemoryStore::default()))
}

const WITHOUT_REFRESH: &str =
    r#"{"result":true,"token_type":"Bearer","access_token":"a1","expires_in":60000}"#;
const WITH_REFRESH: &str = r#"{"result":true,"token_type":"Bearer","access_token":"a1","refresh_token":"leak","expires_in":60000}"#;

#[test]
fn cookie_mode_keeps_the_token_in_memory_and_needs_a_logout_url() {
    let mut c = cookie_config();
    c.storage = StorageKind::Local;
    assert_eq!(c.token_storage(), StorageKind::Memory);
    assert!(c.shares_tabs(), "on by default in cookie mode");
    assert!(
        c.locks_refresh(),
        "the cookie is one refresh token for every tab"
    );
    c.logout.url = None;
    let e = c.validate().unwrap_err();
    assert!(e.to_string().contains("refreshToken.cookie"), "{e}");
    assert!(e.to_string().contains("logout.url"), "{e}");
    let plain = Config::default();
    assert!(!plain.shares_tabs() && !plain.locks_refresh());
}

#[test]
fn a_login_reply_without_a_refresh_token_is_valid_in_cookie_mode_only() {
    let c = cookie_config();
    let mut s = session(c.clone());
    let (result, events) = s.accept(Grant::Login, reply(200, WITHOUT_REFRESH, &c), 1.0);
    assert_eq!((result, events), (Ok(()), vec![Event::Login]));
    assert_eq!(s.token().unwrap().refresh_token, None);
    // One the server sent anyway is not kept where a script could read it.
    let (result, _) = s.accept(Grant::Login, reply(200, WITH_REFRESH, &c), 2.0);
    assert_eq!(result, Ok(()));
    assert_eq!(s.token().unwrap().view().refresh_token, None);

    let plain = Config::default();
    let mut s = session(plain.clone());
    let (result, _) = s.accept(Grant::Login, reply(200, WITHOUT_REFRESH, &plain), 1.0);
    assert_eq!(result.unwrap_err().code().as_str(), "invalid_response");
}

#[test]
fn on_load_the_cookie_restores_the_session_or_it_stays_logged_out_quietly() {
    let c = cookie_config();
    let mut s = session(c.clone());
    let (body, grant) = s.refresh_request().expect("a restore needs no held token");
    assert_eq!(grant, Grant::Restore(s.generation()));
    assert_eq!(body.get("refresh_token"), None, "the cookie carries it");
    assert_eq!(body.get("jwt"), Some(&Param::Bool(true)));
    let (result, events) = s.accept(grant, reply(403, "{}", &c), 1.0);
    assert_eq!(result.unwrap_err().code().as_str(), "invalid_refresh_token");
    assert_eq!(events, vec![], "no logout event: there was no session");
    assert!(s.token().is_none());

    let (_, grant) = s.refresh_request().unwrap();
    let (result, events) = s.accept(grant, reply(200, WITHOUT_REFRESH, &c), 2.0);
    assert_eq!((result, events), (Ok(()), vec![Event::Restore]));
    let (body, grant) = s.refresh_request().unwrap();
    assert!(matches!(grant, Grant::Refresh(_)));
    assert_eq!(body.get("refresh_token"), None);
    assert_eq!(s.logout_body().get("refresh_token"), None);
}

#[test]
fn without_cookie_mode_there_is_nothing_to_restore_with() {
    let s = session(Config::default());
    assert_eq!(
        s.refresh_request().unwrap_err().code().as_str(),
        "not_logged_in"
    );
}

#[test]
fn tabs_share_the_access_token_only_and_take_up_only_newer_ones() {
    let plain = Config {
        share_across_tabs: Some(true),
        ..Config::default()
    };
    let mut a = session(plain.clone());
    let _ = a.accept(Grant::Login, reply(200, WITH_REFRESH, &plain), 10.0);
    let shared = a.shared().unwrap();
    assert_eq!(
        shared.refresh_token, None,
        "the refresh token never leaves the tab"
    );

    let mut b = session(plain.clone());
    assert_eq!(b.adopt_shared(shared.clone(), true), vec![Event::Restore]);
    assert_eq!(b.token().unwrap().access_token.secret(), "a1");
    assert!(!b.can_refresh(), "tab a renews it");
    assert_eq!(
        b.refresh_request().unwrap_err().code().as_str(),
        "not_logged_in"
    );
    assert_eq!(
        b.adopt_shared(shared.clone(), false),
        vec![],
        "the same token again"
    );

    let mut older = shared.clone();
    older.loaded_at = 5.0;
    assert_eq!(b.adopt_shared(older, false), vec![]);
    let mut newer = shared.clone();
    newer.loaded_at = 20.0;
    assert_eq!(a.adopt_shared(newer, false), vec![Event::Refresh]);
    let kept = a.token().unwrap().refresh_token.as_ref().unwrap().secret();
    assert_eq!(kept, "leak", "a keeps its own refresh token");

    let mut c = session(plain);
    assert_eq!(
        c.adopt_shared(shared, false),
        vec![Event::Login],
        "a login elsewhere"
    );
}
