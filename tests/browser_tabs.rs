//! Two clients sharing one `localStorage` key in one page stand in for two tabs: the
//! cross-tab lock lets only one of them spend the refresh token, with Web Locks and with the
//! storage lease used where Web Locks are missing. (Storage events do not fire within a page;
//! the playwright test in tests/e2e covers real tabs.)
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn race(lock: bool) -> (f64, f64, bool) {
    let base = short_ttl_server();
    reset(base).await;
    let extra = format!(r#""storage":"local","autoRefreshToken":false,"crossTabLock":{lock}"#);
    let key = format!("t_tabs_{lock}");
    let first = client_at(base, &key, &extra);
    login_admin(&first).await;
    let second = client_at(base, &key, &extra);
    assert!(second.is_logged(), "the second tab starts logged in");
    let a = first.refresh_token(JsValue::UNDEFINED);
    let b = second.refresh_token(JsValue::UNDEFINED);
    let (ra, rb) = (wait(a).await, wait(b).await);
    let both_ok = ra.is_ok() && rb.is_ok();
    let same = first.access_token().as_string() == second.access_token().as_string();
    let _ = first.logout();
    (
        stat(base, "refreshes").await,
        stat(base, "refresh_rejections").await,
        both_ok && same,
    )
}

#[wasm_bindgen_test]
async fn with_the_lock_one_tab_refreshes_and_the_other_adopts() {
    let (refreshes, rejections, agree) = race(true).await;
    assert_eq!((refreshes, rejections), (1.0, 0.0));
    assert!(agree, "both tabs hold the one new token");
}

#[wasm_bindgen_test]
async fn without_the_lock_the_second_tab_spends_a_dead_token() {
    let (refreshes, rejections, _) = race(false).await;
    assert_eq!(refreshes, 1.0);
    assert_eq!(rejections, 1.0, "the race the lock prevents");
}

/// Hides `navigator.locks` (as in browsers without Web Locks) until dropped.
struct NoWebLocks(js_sys::Function);

impl NoWebLocks {
    fn hide() -> Self {
        let hide = js_sys::Function::new_no_args(
            "const proto = Navigator.prototype;
             const saved = Object.getOwnPropertyDescriptor(proto, 'locks');
             delete proto.locks;
             return () => { if (saved) Object.defineProperty(proto, 'locks', saved); };",
        );
        let restore = hide.call0(&JsValue::NULL).expect("hide navigator.locks");
        Self(restore.into())
    }
}

impl Drop for NoWebLocks {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

#[wasm_bindgen_test]
async fn without_web_locks_the_storage_lease_keeps_one_refresh() {
    let hidden = NoWebLocks::hide();
    let navigator = get(&web_sys::window().unwrap().into(), "navigator");
    assert!(
        get(&navigator, "locks").is_undefined(),
        "Web Locks hidden, so the lease is what coordinates"
    );
    let (refreshes, rejections, agree) = race(true).await;
    drop(hidden);
    assert_eq!((refreshes, rejections), (1.0, 0.0));
    assert!(agree, "both tabs hold the one new token");
    assert!(
        !get(&navigator, "locks").is_undefined(),
        "Web Locks restored"
    );
}
