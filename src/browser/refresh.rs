//! The I/O of a refresh attempt, as the coordinator asks for it: the cross-tab lock (and the
//! retry slot the other tabs left under it), then the request to the refresh endpoint. Each
//! step's result goes back into the driver.

use crate::browser::driver::Driver;
use crate::browser::http::{auth_post, post_json};
use crate::browser::reply::reply;
use crate::browser::service::page_url;
use crate::browser::{retry_slot, tab_lock};
use crate::core::coordinator::Input;
use crate::core::session::{Body, Grant};
use std::rc::Rc;

/// Takes the lock `name` (when set) within `wait` ms, then reads the retry slot under `slot`.
pub(crate) async fn lock(
    driver: Rc<Driver>,
    name: Option<String>,
    wait: u32,
    slot: Option<String>,
) {
    if let Some(name) = name {
        match tab_lock::acquire(&name, wait, wait).await {
            Some(lock) => driver.hold_lock(lock),
            None => {
                driver.step(Input::LockTimedOut(wait));
                return;
            }
        }
    }
    let slot = slot.and_then(|key| retry_slot::read(&key));
    driver.step(Input::Locked(slot));
}

/// Posts the refresh request with `body`; its answer goes back with `grant`.
pub(crate) async fn post(driver: Rc<Driver>, body: Body, grant: Grant) {
    let linked = driver.linked_defaults();
    let page = page_url();
    let (url, how, keys) = driver.read(|c| {
        let c = c.config();
        let url = c.refresh_url_at(page.as_ref());
        (url, auth_post(c, linked), c.token.clone())
    });
    let transform = driver.io.borrow().callbacks.refresh_data.clone();
    let answer = post_json(&url, &body, how, transform.as_ref()).await;
    let answer = answer.map(|answer| {
        let reply = reply(&answer, &keys);
        driver.io.borrow_mut().last_answer = Some(answer);
        reply
    });
    driver.step(Input::RefreshAnswer(grant, answer));
}
