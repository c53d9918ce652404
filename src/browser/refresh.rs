//! The I/O of a refresh attempt, as the coordinator asks for it: the cross-tab lock (and the
//! retry slot the other tabs left under it), then the request to the refresh endpoint. Each
//! returns what the driver feeds back.

use crate::browser::callbacks::{AuthAnswer, BodyTransform};
use crate::browser::http::{post_json, AuthPost};
use crate::browser::tab_lock::TabLock;
use crate::browser::token_fields::reply;
use crate::browser::{retry_slot, tab_lock};
use crate::core::config::TokenConfig;
use crate::core::coordinator::Input;
use crate::core::error::AuthError;
use crate::core::session::{Body, Reply};

/// Takes the lock `name` (when set) within `wait` ms, then reads the retry slot under `slot`:
/// the lock to hold until the attempt is over, and what the coordinator is told.
pub(crate) async fn lock(
    name: Option<String>,
    wait: u32,
    slot: Option<String>,
) -> (Option<TabLock>, Input<'static>) {
    let mut held = None;
    if let Some(name) = name {
        match tab_lock::acquire(&name, wait, wait).await {
            Some(lock) => held = Some(lock),
            None => return (None, Input::LockTimedOut(wait)),
        }
    }
    let slot = slot.and_then(|key| retry_slot::read(&key));
    (held, Input::Locked(slot))
}

/// A refresh request, ready to go.
pub(crate) struct RefreshPost {
    pub(crate) url: String,
    pub(crate) body: Body,
    pub(crate) how: AuthPost,
    /// The keys the answer is read by.
    pub(crate) keys: TokenConfig,
    /// `refreshToken.data`.
    pub(crate) transform: Option<BodyTransform>,
}

/// Posts the refresh request: the endpoint's answer (for the callbacks) and the reply read
/// from it.
pub(crate) async fn post(request: RefreshPost) -> (Option<AuthAnswer>, Result<Reply, AuthError>) {
    let RefreshPost {
        url,
        body,
        how,
        keys,
        transform,
    } = request;
    match post_json(&url, &body, how, transform.as_ref()).await {
        Ok(answer) => {
            let reply = reply(&answer, &keys);
            (Some(answer), Ok(reply))
        }
        Err(e) => (None, Err(e)),
    }
}
