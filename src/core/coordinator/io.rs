//! What goes into the coordinator and what comes out: [`Input`]s are things that happened,
//! [`Effect`]s are things to do.

use crate::core::config::Config;
use crate::core::error::AuthError;
use crate::core::event::Event;
use crate::core::retry_record::RetryRecord;
use crate::core::session::{Body, Grant, Reply};
use crate::core::store::TokenStore;
use crate::core::tab_message::TabMessage;
use crate::core::token::TokenFields;

/// A token this close to its expiry is not sent: it could expire on the way to the server.
pub const SEND_MARGIN_MS: f64 = 1_000.0;

/// The header a call carries: its name and value, and the access token in it (to tell, when
/// the call is refused, whether a refresh replaced it meanwhile).
#[derive(Clone, PartialEq)]
pub struct Header {
    /// The header name (`Authorization`).
    pub name: String,
    /// Its value (`Bearer <token>`).
    pub value: String,
    pub(super) access: String,
}

/// Where the token may go: worked out by the browser's URL parser from the configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places {
    /// The origins that may receive the token.
    pub allowed: Vec<String>,
    /// The absolute URLs of the auth endpoints (calls to them never carry the token).
    pub auth_urls: Vec<String>,
}

/// What happened.
pub enum Input<'a> {
    /// The client starts where the token may go: it picks up a stored session.
    Start(Places),
    /// A new configuration (validated), with a new store when the storage kind changed.
    Configure(Box<Config>, Option<Box<dyn TokenStore>>, Places),
    /// The prefix source gave a new prefix: the endpoints moved, nothing else.
    Prefix(String, Places),
    /// The app sends a request to `url` (absolute): may it carry the token, and which?
    Call(&'a str),
    /// A request that carried `sent` was answered `status`; `replayed`: the second time.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The header it carried.
        sent: &'a Header,
        /// Whether this was the replay.
        replayed: bool,
    },
    /// A caller waits for the next refresh outcome (a call, `refreshToken()`, `ready()`).
    Wait,
    /// A waiter's own time ran out, after `ms`; `call`: it waited to send a call.
    GaveUp {
        /// How long it waited.
        ms: u32,
        /// It is a call that wants a header now.
        call: bool,
    },
    /// The refresh timer fired.
    RefreshTimer,
    /// The expiry timer of the session `generation` fired.
    ExpiryTimer(u64),
    /// The page may have slept or come back (`online`, `pageshow`, `visibilitychange`).
    WakeUp {
        /// Whether the page is now hidden.
        hidden: bool,
    },
    /// `accessToken()`: a late timer's refresh starts here.
    AccessToken,
    /// The attempt holds the cross-tab lock (or needs none); the shared retry slot, if read.
    Locked(Option<RetryRecord>),
    /// The cross-tab lock did not come within `ms`.
    LockTimedOut(u32),
    /// The auth endpoint answered the refresh (or restore) request of `grant`.
    RefreshAnswer(Grant, Result<Reply, AuthError>),
    /// The login request was answered.
    LoginAnswer(Result<Reply, AuthError>),
    /// The app loads a token it got elsewhere, loaded at the given time.
    Load(&'a TokenFields, Option<f64>),
    /// The app logs out.
    Logout,
    /// A `refreshToken()` call starts (`true`) or ends (`false`) waiting.
    Manual(bool),
    /// Another tab's message.
    Tab(TabMessage),
    /// Another tab's ask for a renewal of `generation` went unanswered for a while (`heard`:
    /// the renewals heard when it was asked).
    AskTimedOut {
        /// The session generation it asked for.
        generation: u64,
        /// How many `Renews` had been heard then.
        heard: u64,
    },
    /// Shared storage changed under `key` (the `storage` event).
    StorageChanged(Option<String>),
    /// The other tabs had their time to answer this tab's ask (see [`Effect::AwaitAnswer`]).
    Asked,
    /// Events held back to be announced now (see [`Effect::EmitSoon`]).
    Announce(Vec<Event>),
    /// The client is closed: nothing is armed or listened to any more.
    Close,
}

/// What to do.
#[derive(PartialEq)]
pub enum Effect {
    /// Send the call now, with this header (or none).
    Send(Option<Header>),
    /// The call waits for the refresh (then it asks again).
    Hold,
    /// The call ends with this error, unsent.
    Refuse(AuthError),
    /// Give the caller its response as it is.
    Deliver,
    /// Start a refresh attempt: take the cross-tab lock of this name first, waiting this long
    /// at most (or none), then feed [`Input::Locked`] with the shared retry slot when
    /// `slot` names it.
    Lock {
        /// The lock's name.
        name: Option<String>,
        /// How long to wait for it, in ms.
        wait: u32,
        /// The key of the shared retry slot to read under the lock.
        slot: Option<String>,
    },
    /// Post the refresh request with this body; feed its answer back with the grant.
    PostRefresh(Body, Grant),
    /// The attempt is over: release the lock.
    Unlock,
    /// Write (`Some`) or clear the shared retry slot under this key.
    WriteSlot(String, Option<RetryRecord>),
    /// Arm the refresh timer to fire at this time, or clear it.
    ArmRefresh(Option<f64>),
    /// Arm the expiry timer of a session generation, or clear it.
    ArmExpiry(Option<(f64, u64)>),
    /// Open the tab channel of this name (closing another), or close it.
    Connect(Option<String>),
    /// Post to the other tabs.
    Post(TabMessage),
    /// Feed [`Input::AskTimedOut`] with these after a tab's answer time.
    AwaitRenewal {
        /// The generation asked for.
        generation: u64,
        /// The renewals heard so far.
        heard: u64,
    },
    /// Feed [`Input::Asked`] after the other tabs' answer time.
    AwaitAnswer,
    /// Wake every waiter with this outcome.
    Wake(Result<(), AuthError>),
    /// Tell the subscribers and the configured callbacks.
    Emit(Vec<Event>),
    /// Announce these a moment later (feed [`Input::Announce`]), so that listeners subscribed
    /// right after the client was made hear them.
    EmitSoon(Vec<Event>),
    /// The configured `refreshToken` callbacks hear of this automatic attempt's outcome.
    TellRefresh(Result<(), AuthError>),
    /// Tell the server of the logout, with this body (when `logout.url` is set).
    Revoke(Body),
    /// A login or a loaded token settled so.
    Settled(Result<(), AuthError>),
}
