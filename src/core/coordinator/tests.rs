//! The coordinator on a fake clock: the cases a browser could only test slowly or not at all.

use super::*;
use crate::core::config::StorageKind;
use crate::core::schedule::Phase;
use crate::core::session::Reply;
use crate::core::store::MemoryStore;
use crate::core::store::TokenStore;
use crate::core::tab_message::TabMessage;
use std::rc::Rc;

mod outage;

const API: &str = "https://api.example.com";
const LIFETIME_MS: f64 = 60_000.0;

/// A coordinator, its clock, and what it asked for so far.
struct Rig {
    c: Coordinator,
    now: f64,
    random: f64,
}

fn config() -> Config {
    Config {
        prefix: format!("{API}/services/"),
        ..Config::default()
    }
}

fn places() -> Places {
    Places {
        allowed: vec![API.into()],
        auth_urls: vec![format!("{API}/services/_auth")],
    }
}

fn ok_reply(access: &str, refresh: &str) -> Reply {
    let json = format!(
        r#"{{"result":true,"token_type":"Bearer","access_token":"{access}","refresh_token":"{refresh}","expires_in":{LIFETIME_MS}}}"#
    );
    crate::core::testing::reply(200, &json, &config())
}

impl Rig {
    fn with(config: Config, store: Rc<MemoryStore>) -> Rig {
        let session = Session::new(config, Box::new(Shared(store)));
        let mut rig = Rig {
            c: Coordinator::new(session, true, false),
            now: 1_000_000.0,
            random: 0.5,
        };
        rig.step(Input::Start(places()));
        rig
    }

    fn new() -> Rig {
        Rig::with(config(), Rc::default())
    }

    fn step(&mut self, input: Input<'_>) -> Vec<Effect> {
        self.c.handle(input, self.now, self.random)
    }

    fn logged_in(access: &str) -> Rig {
        let mut rig = Rig::new();
        let effects = rig.step(Input::LoginAnswer(Ok(ok_reply(access, "r1"))));
        assert!(effects.contains(&Effect::Settled(Ok(()))));
        rig
    }

    /// Runs a refresh attempt that `effects` started to its request; returns its grant.
    fn run_to_request(&mut self, effects: &[Effect]) -> Grant {
        assert!(effects.iter().any(|e| matches!(e, Effect::Lock { .. })));
        let posted = self.step(Input::Locked(None));
        match posted.as_slice() {
            [Effect::PostRefresh(_, grant), ..] => *grant,
            _ => panic!("no refresh request"),
        }
    }

    fn header(&self) -> Header {
        self.c.header().expect("a token")
    }
}

/// A store two coordinators (tabs) can share.
struct Shared(Rc<MemoryStore>);

impl TokenStore for Shared {
    fn read(
        &self,
        key: &str,
        names: &crate::core::config::TokenConfig,
    ) -> Result<Option<crate::core::store::Stored>, AuthError> {
        self.0.read(key, names)
    }
    fn write(
        &self,
        key: &str,
        token: &crate::core::token::TokenState,
        names: &crate::core::config::TokenConfig,
    ) -> Result<(), AuthError> {
        self.0.write(key, token, names)
    }
    fn remove(&self, key: &str) -> Result<(), AuthError> {
        self.0.remove(key)
    }
}

fn sends(effects: &[Effect]) -> Option<&Header> {
    effects.iter().find_map(|e| match e {
        Effect::Send(h) => h.as_ref(),
        _ => None,
    })
}

fn count(effects: &[Effect], f: impl Fn(&Effect) -> bool) -> usize {
    effects.iter().filter(|e| f(e)).count()
}

#[test]
fn a_fresh_token_goes_at_once_and_only_to_the_api() {
    let mut rig = Rig::logged_in("a1");
    let api = rig.step(Input::Call("https://api.example.com/services/profile"));
    assert_eq!(sends(&api).map(|h| h.value.as_str()), Some("Bearer a1"));
    assert_eq!(api.len(), 1, "the hot path arms nothing");
    for url in [
        "https://evil.example.com/x",
        "https://api.example.com.evil.com/x",
        "https://api.example.com/services/_auth?x=1",
        "http://api.example.com/x",
        "https://user@api.example.com/x",
    ] {
        assert!(
            rig.step(Input::Call(url)) == vec![Effect::Send(None)],
            "{url}"
        );
    }
}

#[test]
fn two_hundred_waiters_at_expiry_share_one_refresh() {
    let mut rig = Rig::logged_in("a1");
    rig.now += LIFETIME_MS + 1.0;
    let mut started = 0;
    for _ in 0..200 {
        let call = rig.step(Input::Call("https://api.example.com/services/x"));
        assert!(call.contains(&Effect::Hold) && sends(&call).is_none());
        let waited = rig.step(Input::Wait);
        started += count(&waited, |e| matches!(e, Effect::Lock { .. }));
    }
    assert_eq!(started, 1, "one attempt for 200 callers");
    let grant = {
        let posted = rig.step(Input::Locked(None));
        match posted.as_slice() {
            [Effect::PostRefresh(_, grant)] => *grant,
            _ => panic!("one request"),
        }
    };
    rig.now += 100.0;
    let done = rig.step(Input::RefreshAnswer(grant, Ok(ok_reply("a2", "r2"))));
    assert_eq!(count(&done, |e| *e == Effect::Wake(Ok(()))), 1);
    assert!(done.contains(&Effect::Emit(vec![Event::Refresh])));
    for _ in 0..200 {
        let call = rig.step(Input::Call("https://api.example.com/services/x"));
        assert_eq!(sends(&call).map(|h| h.value.as_str()), Some("Bearer a2"));
    }
}

#[test]
fn a_call_refused_after_a_refresh_is_replayed_with_the_new_token() {
    let mut rig = Rig::logged_in("a1");
    let sent = rig.header();
    // The refresh lands while the call is on the wire, and revokes the token it carried.
    rig.now += 50_000.0;
    let started = rig.step(Input::RefreshTimer);
    let grant = rig.run_to_request(&started);
    rig.step(Input::RefreshAnswer(grant, Ok(ok_reply("a2", "r2"))));
    let replay = rig.step(Input::Answered {
        status: 401,
        sent: &sent,
        replayed: false,
    });
    assert_eq!(sends(&replay).map(|h| h.value.as_str()), Some("Bearer a2"));
    assert!(!replay.iter().any(|e| matches!(e, Effect::Lock { .. })));
    // A token refused as it is: one refresh, then the replay; refused again: the error.
    let sent = rig.header();
    let again = rig.step(Input::Answered {
        status: 401,
        sent: &sent,
        replayed: false,
    });
    assert!(again == vec![Effect::Hold]);
    let refused = rig.step(Input::Answered {
        status: 401,
        sent: &sent,
        replayed: true,
    });
    assert!(matches!(
        refused.as_slice(),
        [Effect::Refuse(AuthError::Unauthorized { status: 401, .. })]
    ));
    let fine = rig.step(Input::Answered {
        status: 200,
        sent: &sent,
        replayed: false,
    });
    assert!(fine == vec![Effect::Deliver]);
}

#[test]
fn logout_racing_a_refresh_wins() {
    let mut rig = Rig::logged_in("a1");
    rig.now += 50_000.0;
    let started = rig.step(Input::RefreshTimer);
    let grant = rig.run_to_request(&started);
    rig.step(Input::Wait);
    let out = rig.step(Input::Logout);
    assert!(out.contains(&Effect::Emit(vec![Event::Logout(LogoutReason::User)])));
    assert!(out.contains(&Effect::Wake(Err(AuthError::NotLoggedIn))));
    assert!(out.iter().any(|e| matches!(e, Effect::Revoke(_))));
    let late = rig.step(Input::RefreshAnswer(grant, Ok(ok_reply("a2", "r2"))));
    assert!(
        rig.c.token().is_none(),
        "the late answer resurrects nothing"
    );
    assert!(!late.iter().any(|e| matches!(e, Effect::Emit(_))));
    let call = rig.step(Input::Call("https://api.example.com/services/x"));
    assert!(call == vec![Effect::Send(None)]);
}

fn shared_config() -> Config {
    Config {
        storage: StorageKind::Session,
        share_across_tabs: Some(true),
        ..config()
    }
}

#[test]
fn a_tab_asks_the_holder_to_renew_and_the_holder_does() {
    let mut holder = Rig::with(shared_config(), Rc::default());
    holder.step(Input::LoginAnswer(Ok(ok_reply("a1", "r1"))));
    let shared = holder.c.session.shared().expect("a shared token");
    let loaded_at = shared.loaded_at;

    // The other tab holds the access token only: at expiry it asks.
    let mut other = Rig::with(shared_config(), Rc::default());
    other.now = holder.now;
    other.step(Input::Tab(TabMessage::Token(shared)));
    assert!(!other.c.session.can_refresh());
    other.now += LIFETIME_MS;
    let generation = other.c.session.generation();
    let asked = other.step(Input::ExpiryTimer(generation));
    assert!(asked.contains(&Effect::Post(TabMessage::Renew(loaded_at))));
    assert!(asked.contains(&Effect::AwaitRenewal {
        generation,
        heard: 0
    }));

    let renews = holder.step(Input::Tab(TabMessage::Renew(loaded_at)));
    assert!(renews.contains(&Effect::Post(TabMessage::Renews)));
    assert!(renews.iter().any(|e| matches!(e, Effect::Lock { .. })));
    other.step(Input::Tab(TabMessage::Renews));
    let kept = other.step(Input::AskTimedOut {
        generation,
        heard: 0,
    });
    assert!(
        other.c.token().is_some() && kept.is_empty(),
        "the holder lives"
    );

    // With no holder left, the session ends here when the token has expired.
    let ended = other.step(Input::AskTimedOut {
        generation,
        heard: 1,
    });
    assert!(ended.contains(&Effect::Emit(vec![Event::Logout(LogoutReason::OtherTab)])));
}

#[test]
fn a_restore_from_the_tabs_waits_then_finds_a_session() {
    let mut tab = Rig::with(shared_config(), Rc::default());
    assert!(tab.c.restoring(), "loading until the tabs had their time");
    assert!(tab.step(Input::Call("https://api.example.com/services/x")) == vec![Effect::Hold]);
    let mut holder = Rig::with(shared_config(), Rc::default());
    holder.step(Input::LoginAnswer(Ok(ok_reply("a1", "r1"))));
    let found = tab.step(Input::Tab(TabMessage::Token(
        holder.c.session.shared().unwrap(),
    )));
    assert!(found.contains(&Effect::Wake(Ok(()))));
    assert!(found.contains(&Effect::Emit(vec![Event::Restore])));
    assert!(found.contains(&Effect::Emit(vec![Event::Ready])));
    assert!(!tab.c.restoring());
    assert!(
        tab.step(Input::Asked).is_empty(),
        "a late answer time changes nothing"
    );
}
