//! `config(settings)`: the typed part is parsed and merged by the core, the callbacks are read
//! here; nothing changes unless both succeed.

use super::callbacks::Callbacks;
use super::client::{emit, emit_soon, Shared};
use super::{codec, scheduler, storage};
use crate::config::Config;
use crate::error::AuthError;
use crate::session::Event;
use wasm_bindgen::JsValue;

/// The configuration and callbacks after `settings`; `None` when there are no settings.
pub(crate) fn parse(
    settings: &JsValue,
    config: &Config,
    callbacks: &Callbacks,
) -> Result<Option<(Config, Callbacks)>, AuthError> {
    if settings.is_undefined() || settings.is_null() {
        return Ok(None);
    }
    if !settings.is_object() {
        return Err(AuthError::Config("settings: expected an object".into()));
    }
    let config = config.merged(&codec::from_js(settings))?;
    Ok(Some((config, callbacks.merged(settings)?)))
}

/// Applies `settings` to a live client.
pub(crate) fn apply(inner: &Shared, settings: &JsValue) -> Result<(), AuthError> {
    let mut events = {
        let mut i = inner.borrow_mut();
        let Some((config, callbacks)) = parse(settings, i.session.config(), &i.callbacks)? else {
            return Ok(());
        };
        let store =
            (config.storage != i.session.config().storage).then(|| storage::open(config.storage));
        i.callbacks = callbacks;
        i.session.reconfigure(config, store)
    };
    // A session found at the new place is announced like one found at construction.
    let restored: Vec<Event> = events
        .iter()
        .filter(|e| **e == Event::Restore)
        .cloned()
        .collect();
    events.retain(|e| *e != Event::Restore);
    emit(inner, events);
    emit_soon(inner, restored);
    // `autoRefreshToken`, `refreshLead` or `refreshJitter` may have changed.
    scheduler::reschedule(inner);
    Ok(())
}
