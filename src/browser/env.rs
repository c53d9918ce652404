//! What the environment offers: the page (a `window` with a `document`), Web Storage, the
//! clock and randomness, found so that a page, a worker, Node and a test
//! DOM (jsdom) all work, and none of them throws.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `String(value)`, which throws for a value with no string form (`Object.create(null)`).
    #[wasm_bindgen(js_name = String, catch)]
    fn string_of(value: &JsValue) -> Result<String, JsValue>;
}

/// `String(value)`: `Name: message` for errors and DOMExceptions, and a placeholder for a value
/// with no string form (a mocked `fetch` may reject with anything).
pub(crate) fn describe(value: &JsValue) -> String {
    string_of(value).unwrap_or_else(|_| "(a value with no string form)".into())
}

/// The local clock, in ms since the epoch.
pub(crate) fn now() -> f64 {
    js_sys::Date::now()
}

/// A random number in `[0, 1)`, for jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

/// A member of the global object; `Err` when its getter throws (storage in a sandboxed iframe
/// or with cookies disabled).
pub(crate) fn global_member(name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
}

/// The page: the window and its document, when there is one (not in Node or a worker).
pub(crate) fn page() -> Option<(web_sys::Window, web_sys::Document)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    Some((window, document))
}

/// Whether the page is hidden (a background tab), where timers are throttled or frozen.
pub(crate) fn page_hidden() -> bool {
    page().is_some_and(|(_, document)| document.hidden())
}

/// The base that relative URLs resolve against, as for `fetch`: the document's base URL, else
/// `location.href` (a worker), else none (Node, where only absolute URLs work).
pub(crate) fn base_url() -> Option<String> {
    if let Some((_, document)) = page() {
        if let Ok(Some(base)) = document.base_uri() {
            return Some(base);
        }
    }
    let location = global_member("location").ok()?;
    Reflect::get(&location, &"href".into()).ok()?.as_string()
}

/// `url` resolved by the browser's own URL parser, the one `fetch` uses (so no spelling of a
/// URL can make a check and the request disagree); `None` when it is not a URL.
pub(crate) fn resolve(url: &str) -> Option<web_sys::Url> {
    match base_url() {
        Some(base) => web_sys::Url::new_with_base(url, &base).ok(),
        None => web_sys::Url::new(url).ok(),
    }
}

/// The origin of `url`; `None` for opaque origins (`data:`, `file:`) and non-URLs.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    origin(&resolve(url)?)
}

fn origin(url: &web_sys::Url) -> Option<String> {
    let origin = url.origin();
    (origin != "null").then_some(origin)
}

/// A gloo-timers `Timeout` running `f` after `ms`: every timer of the client goes through this
/// one boxed closure type, so the wasm holds one timer shim instead of one per call site.
pub(crate) fn timeout(ms: u32, f: Box<dyn FnOnce()>) -> gloo_timers::callback::Timeout {
    gloo_timers::callback::Timeout::new(ms, f)
}

/// The page's URL as the dev-server rule reads it (`location`, not the document's base, as
/// `@netuno/service-client` reads it); `None` where there is no page (Node).
pub(crate) fn page_url() -> Option<crate::core::url::PageUrl> {
    let location = global_member("location").ok()?;
    let href = js_sys::Reflect::get(&location, &"href".into())
        .ok()?
        .as_string()?;
    let url = web_sys::Url::new(&href).ok()?;
    Some(crate::core::url::PageUrl {
        protocol: url.protocol(),
        hostname: url.hostname(),
        port: url.port(),
    })
}
