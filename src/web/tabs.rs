//! Many tabs, one session, for `storage: 'local'`: a refresh runs under a cross-tab lock (Web
//! Locks, or a storage lease where those are missing) and re-reads storage first, so only one
//! tab spends a given refresh token; every other tab adopts the result, a login or a logout
//! from the `storage` event.

use super::client::{emit, Shared};
use super::errors::describe;
use super::listener::Listener;
use crate::config::StorageKind;
use crate::error::AuthError;
use js_sys::{Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::StorageEvent;

#[wasm_bindgen(inline_js = r#"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function read(key) {
  try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; }
}
// Where Web Locks are missing: a lease in localStorage with an expiry, so that a tab that
// crashed while holding it blocks the others for holdMs at most.
async function lease(name, waitMs, holdMs) {
  const key = name + ':lease', me = Math.random().toString(36).slice(2), giveUp = Date.now() + waitMs;
  for (;;) {
    const held = read(key);
    if (!held || held.until < Date.now()) {
      try { localStorage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + holdMs })); }
      catch { return () => {}; } // no storage, nothing to coordinate through
      await sleep(25); // a concurrent writer's lease lands meanwhile; the last one wins
      if (read(key)?.owner === me) {
        return () => { if (read(key)?.owner === me) localStorage.removeItem(key); };
      }
    }
    if (Date.now() > giveUp) throw new Error('timed out waiting for another tab');
    await sleep(50);
  }
}
// Resolves with a release function once this tab holds the lock `name`. Waiting is bounded
// by waitMs and holding by holdMs, so no tab can block the others for long.
export function acquire_tab_lock(name, waitMs, holdMs) {
  const locks = globalThis.navigator && navigator.locks;
  if (!locks) return lease(name, waitMs, holdMs);
  return new Promise((granted, failed) => {
    const abort = new AbortController();
    const giveUp = setTimeout(() => abort.abort(), waitMs);
    locks.request(name, { signal: abort.signal }, () => new Promise((release) => {
      clearTimeout(giveUp);
      const cap = setTimeout(release, holdMs);
      granted(() => { clearTimeout(cap); release(); });
    })).catch(failed);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn acquire_tab_lock(name: &str, wait_ms: u32, hold_ms: u32) -> Result<Promise, JsValue>;
}

/// A held cross-tab lock, released when dropped.
pub(crate) struct TabLock(Option<Function>);

impl Drop for TabLock {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            let _ = release.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Takes the refresh lock of `storage_key`, waiting at most `wait_ms`.
///
/// # Errors
/// [`AuthError::Timeout`] when another tab held it all that time.
pub(crate) async fn lock(
    storage_key: &str,
    wait_ms: u32,
    hold_ms: u32,
) -> Result<TabLock, AuthError> {
    let name = ["wasm-auth-client:", storage_key].concat();
    let pending =
        acquire_tab_lock(&name, wait_ms, hold_ms).map_err(|e| AuthError::Storage(describe(&e)))?;
    let release = JsFuture::from(pending)
        .await
        .map_err(|_| AuthError::Timeout(wait_ms))?;
    Ok(TabLock(release.dyn_into().ok()))
}

/// How long the lock is kept after this tab wrote a new token. A `localStorage` write reaches
/// tabs in other renderer processes asynchronously: a tab that took the lock the instant it
/// was released could still read the spent token and present it (the server then revokes the
/// whole family). Rotations are tens of seconds apart, so this costs nothing.
const WRITE_SETTLE_MS: u32 = 500;

/// Releases `lock` once the token just written has had time to reach the other tabs; the
/// caller goes on at once (events, callbacks and the promise do not wait).
pub(crate) fn release_after_write(lock: TabLock) {
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(WRITE_SETTLE_MS).await;
        drop(lock);
    });
}

/// Whether this client shares its session with other tabs and coordinates with them.
pub(crate) fn coordinates(inner: &Shared) -> bool {
    let i = inner.borrow();
    let config = i.session.config();
    config.storage == StorageKind::Local && config.cross_tab_lock
}

/// The `storage` listener, removed when dropped (with the client).
pub(crate) type StorageWatch = Listener<dyn FnMut(StorageEvent)>;

/// Listens for other tabs writing the session's storage key.
pub(crate) fn watch(inner: &Shared) -> Option<StorageWatch> {
    let weak = Rc::downgrade(inner);
    let callback = Closure::<dyn FnMut(StorageEvent)>::new(move |event: StorageEvent| {
        let Some(inner) = weak.upgrade() else { return };
        let events = {
            let mut i = inner.borrow_mut();
            let config = i.session.config();
            let ours = event.key().as_deref() == Some(config.token.storage_key.as_str());
            if config.storage != StorageKind::Local || !ours {
                return;
            }
            i.session.adopt_stored()
        };
        emit(&inner, events);
    });
    let window = web_sys::window()?;
    Some(Listener::new(callback, vec![(window.into(), "storage")]))
}
