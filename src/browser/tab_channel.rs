//! One session across tabs without shared storage (cookie mode, and the memory and session
//! modes with `shareAcrossTabs`): a `BroadcastChannel` named after the storage key, which
//! carries [`TabMessage`]s (never the refresh token). What the tabs say to each other, and
//! what a tab does about it, the coordinator decides; this is the channel.

use crate::browser::listener::Listener;
use crate::browser::page::Feed;
use crate::core::coordinator::Input;
use crate::core::tab_message::TabMessage;
use serde::Serialize;
use wasm_bindgen::JsCast;

/// The open channel and its `message` listener; closed when dropped.
pub(crate) struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _listener: Listener,
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.close();
    }
}

impl TabChannel {
    /// Opens the channel `name`; what it hears goes to `feed`.
    pub(crate) fn open(name: &str, feed: Feed) -> Option<TabChannel> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let listener = Listener::new(&channel, "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            // Anything else on the channel (another version, another library) is ignored.
            let Ok(message) = serde_wasm_bindgen::from_value::<TabMessage>(event.data()) else {
                return;
            };
            feed(Input::Tab(message));
        });
        Some(TabChannel {
            channel,
            _listener: listener,
        })
    }

    /// Posts `message` to the other tabs.
    pub(crate) fn post(&self, message: &TabMessage) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = message.serialize(&serializer) {
            let _ = self.channel.post_message(&value);
        }
    }
}
