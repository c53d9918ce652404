//! `service()`: the `@netuno/service-client` call (`url` joined to the prefix as seen from the
//! page, a method, data, headers) built through gloo-net's `RequestBuilder`, sent like
//! `auth_fetch`, and its answer read as JSON, text or a blob.

use crate::browser::calls::{ResultBody, ServiceBody, ServiceCall, ServiceResult};
use crate::browser::driver::Driver;
use crate::browser::env::{describe, page_url};
use crate::browser::fetch::{Bound, Sending};
use crate::browser::http::fetch_api;
use crate::core::config::{Credentials, ServiceConfig};
use crate::core::error::AuthError;
use crate::core::params::Param;
use crate::core::url::join_at;
use gloo_net::http::{Method, RequestBuilder};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestCredentials;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string (js_sys's takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;
}

fn invalid(field: &str, reason: &str) -> AuthError {
    AuthError::invalid_argument(field, reason)
}

/// The text of a configured header value.
fn header_text(value: &Param) -> String {
    match value {
        Param::Text(t) => t.clone(),
        Param::Bool(b) => b.to_string(),
        Param::Number(n) => describe(&JsValue::from_f64(*n)),
    }
}

/// The request of a call to a url under `prefix`: gloo-net builds it (URL with its query,
/// headers, body), with the configured defaults (`service.headers`, `service.credentials`)
/// under the call's own.
fn build(
    call: ServiceCall,
    prefix: &str,
    config: &ServiceConfig,
) -> Result<web_sys::Request, AuthError> {
    fetch_api()?;
    let method = Method::from_bytes(call.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| invalid("method", "not an HTTP method"))?;
    let headers = web_sys::Headers::new().map_err(|e| invalid("headers", &describe(&e)))?;
    let configured = config
        .headers
        .0
        .iter()
        .map(|(k, v)| (k.clone(), header_text(v)));
    for (name, value) in configured.chain(call.headers.iter().cloned()) {
        headers
            .set(&name, &value)
            .map_err(|_| invalid("headers", "invalid header"))?;
    }
    let url = join_at(prefix, &call.url, page_url().as_ref());
    let mut builder = RequestBuilder::new(&url)
        .method(method)
        .headers(gloo_net::http::Headers::from_raw(headers));
    if let Some(credentials) = config.credentials {
        builder = builder.credentials(match credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
            Credentials::Include => RequestCredentials::Include,
        });
    }
    let built = match call.body {
        ServiceBody::None => builder.build(),
        ServiceBody::Query(pairs) => builder
            .query(pairs.iter().map(|(k, v)| (k.as_str(), v)))
            .build(),
        ServiceBody::Json(text) => builder
            .header("Content-Type", "application/json")
            .body(JsValue::from_str(&text)),
        ServiceBody::Form(form) => builder.body(JsValue::from(form)),
    };
    built
        .map(Into::into)
        .map_err(|_| invalid("url", "not a valid URL (or a body with GET or HEAD)"))
}

/// Reads `response` as the call asked, within the deadline of `ms` it was sent with.
async fn read(
    response: web_sys::Response,
    blob: bool,
    ms: u32,
) -> Result<ServiceResult, AuthError> {
    let headers = response.headers();
    let content_type = headers
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let status = response.status();
    // The body read is bounded by the request's deadline, its only signal: an abort is that
    // deadline (Chromium rejects with a `TimeoutError`, Firefox with an `AbortError`).
    let network = |e: JsValue| {
        let name = js_sys::Reflect::get(&e, &JsValue::from_str("name")).ok();
        match name.and_then(|n| n.as_string()).as_deref() {
            Some("TimeoutError" | "AbortError") => AuthError::Timeout(ms),
            _ => AuthError::Network(describe(&e)),
        }
    };
    // A failure's body is read as JSON or text, as the reference reads it, even for a blob.
    let body = if status == 204 {
        ResultBody::Empty
    } else if blob && response.ok() {
        let promise = response.blob().map_err(network)?;
        let value = JsFuture::from(promise).await.map_err(network)?;
        ResultBody::Blob(value.unchecked_into())
    } else {
        // The text stays a JS string until it is known not to be JSON: parsing it in JS spares
        // two copies of the body through wasm memory.
        let promise = response.text().map_err(network)?;
        let text = JsFuture::from(promise).await.map_err(network)?;
        let json = content_type
            .contains("json")
            .then(|| parse_json(&text).ok());
        match json.flatten() {
            Some(json) => ResultBody::Json(json),
            None => ResultBody::Text(text.as_string().unwrap_or_default()),
        }
    };
    Ok(ServiceResult {
        ok: response.ok(),
        status,
        content_type,
        headers,
        response,
        body,
    })
}

impl Driver {
    /// Where a call to `url` goes (`_service.url(url)`): joined to `prefix`, else to the
    /// configured one, as seen from the page.
    pub(crate) fn service_url(self: &Rc<Self>, prefix: Option<&str>, url: &str) -> String {
        self.follow_prefix();
        let configured = self.read(|c| c.config().prefix.clone());
        join_at(prefix.unwrap_or(&configured), url, page_url().as_ref())
    }

    /// Runs a service call (see [`crate::AuthClient::service`]).
    pub(crate) async fn service(
        self: &Rc<Self>,
        call: ServiceCall,
    ) -> Result<ServiceResult, AuthError> {
        self.follow_prefix();
        let (prefix, defaults, timeout) = self.read(|c| {
            let c = c.config();
            (c.prefix.clone(), c.service.clone(), c.timeout)
        });
        let ms = call.timeout_ms.unwrap_or(timeout);
        if ms == 0 {
            return Err(invalid("timeout", "expected milliseconds > 0"));
        }
        let blob = call.blob;
        let request = build(call, &prefix, &defaults)?;
        let how = Sending {
            ms,
            bound: Bound::Whole,
            replayable: true,
            signal: None,
        };
        let response = self.send(request, how).await?;
        read(response, blob, ms).await
    }
}
