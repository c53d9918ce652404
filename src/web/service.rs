//! `service({url, method, data, headers, blob, timeout})`: the `@netuno/service-client` call
//! shape, attaching the Authorization header only for allowed origins.

use super::args::{member, optional_string, set, string};
use super::authorized::{self, Options};
use super::client::Shared;
use super::errors::describe;
use super::http;
use crate::error::AuthError;
use crate::url;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{FormData, Headers, Request, RequestInit, Response};

/// `?k=v&…` from the members of `data`, for GET and HEAD.
fn query_string(data: &JsValue) -> String {
    let mut parts = Vec::new();
    for entry in Object::entries(&Object::from(data.clone())).iter() {
        let pair = js_sys::Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let value = value
            .as_string()
            .unwrap_or_else(|| String::from(js_sys::JSON::stringify(&value).unwrap_or_default()));
        let key = String::from(js_sys::encode_uri_component(&key));
        let value = String::from(js_sys::encode_uri_component(&value));
        parts.push([key, value].join("="));
    }
    parts.join("&")
}

fn with_query(url: &str, query: &str) -> String {
    match (query.is_empty(), url.contains('?')) {
        (true, _) => url.to_owned(),
        (false, true) => [url, "&", query].concat(),
        (false, false) => [url, "?", query].concat(),
    }
}

fn net(e: JsValue) -> AuthError {
    AuthError::Network(describe(&e))
}

/// Builds the request: prefix joining, query string or JSON body, the caller's headers.
/// The token header is added later, by [`authorized::send`], only for allowed origins.
fn build(inner: &Shared, call_args: &JsValue) -> Result<(Request, Options), AuthError> {
    let path = string(call_args, "url")?;
    let method = optional_string(call_args, "method")?
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    let data = member(call_args, "data");
    let (full_url, default_timeout) = {
        let i = inner.borrow();
        let config = i.session.config();
        (url::join(&config.prefix, &path), config.timeout)
    };
    let timeout = member(call_args, "timeout");
    let timeout_ms = match timeout.as_f64() {
        Some(ms) if ms >= 1.0 && ms <= f64::from(u32::MAX) => ms as u32,
        None if timeout.is_undefined() || timeout.is_null() => default_timeout,
        _ => {
            return Err(AuthError::invalid_argument(
                "timeout",
                "expected milliseconds > 0",
            ))
        }
    };
    let headers = Headers::new().map_err(net)?;
    let init = RequestInit::new();
    let has_data = !(data.is_undefined() || data.is_null());
    let target = if has_data && (method == "GET" || method == "HEAD") {
        with_query(&full_url, &query_string(&data))
    } else {
        if data.is_instance_of::<FormData>() {
            init.set_body(&data);
        } else if has_data {
            headers
                .set("Content-Type", "application/json")
                .map_err(net)?;
            let text: JsValue = js_sys::JSON::stringify(&data).map_err(net)?.into();
            init.set_body(&text);
        }
        full_url
    };
    let extra = member(call_args, "headers");
    if extra.is_object() {
        for entry in Object::entries(&Object::from(extra)).iter() {
            let pair = js_sys::Array::from(&entry);
            let (k, v) = (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string(),
            );
            headers
                .set(&k, &v.unwrap_or_default())
                .map_err(|_| AuthError::invalid_argument("headers", "invalid header"))?;
        }
    }
    init.set_method(&method);
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(&target, &init)
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL"))?;
    let options = Options {
        timeout_ms,
        replayable: true,
        signal: None,
    };
    Ok((request, options))
}

/// `{ok, status, contentType, json | text | blob}` of a response.
async fn result_object(response: &Response, as_blob: bool) -> Result<JsValue, AuthError> {
    let result = Object::new();
    let put = |k: &str, v: &JsValue| set(&result, k, v);
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    put("ok", &response.ok().into());
    put("status", &response.status().into());
    put("contentType", &content_type.as_str().into());
    put("headers", &response.headers());
    if response.status() == 204 {
        return Ok(result.into());
    }
    if as_blob {
        let blob = wasm_bindgen_futures::JsFuture::from(response.blob().map_err(net)?)
            .await
            .map_err(net)?;
        put("blob", &blob);
        return Ok(result.into());
    }
    let text = http::text(response).await?;
    match js_sys::JSON::parse(&text) {
        Ok(json) if content_type.contains("json") => put("json", &json),
        _ => put("text", &text.into()),
    }
    Ok(result.into())
}

/// Performs a service call. A status other than 2xx rejects with `http_status` (or
/// `unauthorized` after a refresh and a replay), the result attached as `error.response`.
pub(crate) async fn call(inner: &Shared, call_args: &JsValue) -> Result<JsValue, JsValue> {
    let (request, options) = build(inner, call_args)?;
    let response = authorized::send(inner, request, &options).await?;
    let result = result_object(&response, member(call_args, "blob").is_truthy()).await?;
    if response.ok() {
        return Ok(result);
    }
    let error = JsValue::from(AuthError::HttpStatus {
        status: response.status(),
        detail: None,
    });
    set(&error, "response", &result);
    Err(error)
}
