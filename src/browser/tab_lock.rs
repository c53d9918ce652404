//! The cross-tab refresh lock: the Web Locks API, or a lease in `localStorage` where that is
//! missing, so that only one tab spends a given refresh token. web-sys binds `LockManager` only
//! behind `--cfg=web_sys_unstable_apis` (every Rust app using us would need that flag), so its
//! one method is bound here.

use crate::browser::env::{global_member, now, random, timeout};
use crate::browser::storage::web_storage;
use crate::core::config::StorageKind;
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Promise, Reflect};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;
    /// `locks.request(name, options, callback)`: the lock is held until the promise the
    /// callback returns settles.
    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, options: &JsValue, callback: &Function) -> Promise;
}

/// A held lock, released when dropped (and at the latest after its hold time, so that a tab
/// cannot block the others for long).
pub(crate) enum TabLock {
    /// A Web Lock: resolving its promise releases it.
    Web { release: Function, _cap: Timeout },
    /// A storage lease, removed on release if still ours.
    Lease { key: String, owner: String },
    /// Nothing to coordinate through (no storage at all).
    Free,
}

impl Drop for TabLock {
    fn drop(&mut self) {
        match self {
            TabLock::Web { release, .. } => {
                let _ = release.call0(&JsValue::NULL);
            }
            TabLock::Lease { key, owner } => {
                if read_lease(key).is_some_and(|l| l.owner == *owner) {
                    if let Some(Ok(storage)) = web_storage(StorageKind::Local) {
                        let _ = storage.remove_item(key);
                    }
                }
            }
            TabLock::Free => {}
        }
    }
}

impl TabLock {
    /// Releases the lock `ms` from now instead of at once: a `localStorage` write reaches tabs
    /// in other renderer processes asynchronously, and a tab that took the lock the instant it
    /// was released could still read the spent token there.
    pub(crate) fn release_after(self, ms: u32) {
        spawn_local(async move {
            TimeoutFuture::new(ms).await;
            drop(self);
        });
    }
}

/// Waits for the lock `name`, for `wait_ms` at most; `None` when it was not granted in time.
pub(crate) async fn acquire(name: &str, wait_ms: u32, hold_ms: u32) -> Option<TabLock> {
    let navigator = global_member("navigator").unwrap_or(JsValue::UNDEFINED);
    let locks = Reflect::get(&navigator, &"locks".into()).unwrap_or(JsValue::UNDEFINED);
    if locks.is_undefined() || locks.is_null() {
        return lease(name, wait_ms, hold_ms).await;
    }
    web_lock(locks.unchecked_into(), name, wait_ms, hold_ms).await
}

async fn web_lock(locks: LockManager, name: &str, wait_ms: u32, hold_ms: u32) -> Option<TabLock> {
    // The grant (or the end of the wait) is signalled once; the release function is left here.
    let (tx, rx) = oneshot::channel::<()>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let release: Rc<RefCell<Option<Function>>> = Rc::default();
    let (signal, granted) = (tx.clone(), release.clone());
    // Called once, when the lock is granted: hands out the resolve function of the promise
    // that holds it.
    let callback = Closure::once(move |_lock: JsValue| {
        Promise::new(&mut |resolve, _| {
            *granted.borrow_mut() = Some(resolve);
            if let Some(tx) = signal.borrow_mut().take() {
                let _ = tx.send(());
            }
        })
    });
    let abort = web_sys::AbortController::new().ok()?;
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"signal".into(), &abort.signal());
    let requested = locks.request(name, &options, callback.as_ref().unchecked_ref());
    let give_up = timeout(wait_ms, Box::new(move || abort.abort()));
    // The request settles when the lock is released, or rejects when the wait was aborted;
    // the callback lives until then.
    spawn_local(async move {
        let outcome = JsFuture::from(requested).await;
        drop(callback);
        if outcome.is_err() {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(());
            }
        }
    });
    let _ = rx.await;
    let release = release.borrow_mut().take()?;
    drop(give_up);
    let cap = {
        let release = release.clone();
        timeout(
            hold_ms,
            Box::new(move || {
                let _ = release.call0(&JsValue::NULL);
            }),
        )
    };
    Some(TabLock::Web { release, _cap: cap })
}

/// A lease in `localStorage`: who holds it and until when.
#[derive(Serialize, Deserialize)]
struct Lease {
    owner: String,
    until: f64,
}

fn read_lease(key: &str) -> Option<Lease> {
    let Some(Ok(storage)) = web_storage(StorageKind::Local) else {
        return None;
    };
    let text = storage.get_item(key).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Where Web Locks are missing: a lease with an expiry, so that a tab that crashed while
/// holding it blocks the others for `hold_ms` at most.
async fn lease(name: &str, wait_ms: u32, hold_ms: u32) -> Option<TabLock> {
    let key = format!("{name}:lease");
    let me = random().to_string();
    let give_up = now() + f64::from(wait_ms);
    let Some(Ok(storage)) = web_storage(StorageKind::Local) else {
        return Some(TabLock::Free);
    };
    loop {
        if read_lease(&key).is_none_or(|held| held.until < now()) {
            let mine = Lease {
                owner: me.clone(),
                until: now() + f64::from(hold_ms),
            };
            let text = serde_wasm_bindgen::to_value(&mine)
                .ok()
                .and_then(|v| js_sys::JSON::stringify(&v).ok())
                .and_then(|s| s.as_string());
            if text.is_none_or(|t| storage.set_item(&key, &t).is_err()) {
                return Some(TabLock::Free); // storage is full or gone: nothing to coordinate
            }
            // A concurrent writer's lease lands meanwhile; the last one wins.
            TimeoutFuture::new(25).await;
            if read_lease(&key).is_some_and(|l| l.owner == me) {
                return Some(TabLock::Lease { key, owner: me });
            }
        }
        if now() > give_up {
            return None;
        }
        TimeoutFuture::new(50).await;
    }
}
