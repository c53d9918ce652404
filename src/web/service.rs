//! `service({url, method, data, headers, blob, timeout})`: the `@netuno/service-client` call
//! shape, attaching the Authorization header only for allowed origins.

use super::args::{member, optional_string, string};
use super::client::Shared;
use super::errors::describe;
use super::http;
use crate::error::AuthError;
use crate::url;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{FormData, Headers, Request, RequestInit, Response};

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

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
        parts.push(format!(
            "{}={}",
            js_sys::encode_uri_component(&key),
            js_sys::encode_uri_component(&value)
        ));
    }
    parts.join("&")
}

fn with_query(url: &str, query: &str) -> String {
    match (query.is_empty(), url.contains('?')) {
        (true, _) => url.to_owned(),
        (false, true) => format!("{url}&{query}"),
        (false, false) => format!("{url}?{query}"),
    }
}

fn net(e: JsValue) -> AuthError {
    AuthError::Network(describe(&e))
}

/// Builds the request: query string or JSON body, caller headers, Authorization if allowed.
fn build(inner: &Shared, call_args: &JsValue) -> Result<(Request, u32), AuthError> {
    let path = string(call_args, "url")?;
    let method = optional_string(call_args, "method")?
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    let data = member(call_args, "data");
    let (full_url, authorization, timeout) = {
        let i = inner.borrow();
        let config = i.session.config();
        let full_url = url::join(&config.prefix, &path);
        let page = page_origin();
        let allowed: Vec<String> = url::resolved_origin(&config.prefix, &page)
            .into_iter()
            .collect();
        let authorization = i
            .session
            .token()
            .filter(|_| url::is_allowed(&full_url, &page, &allowed))
            .map(|t| format!("{} {}", t.token_type, t.access_token.secret()));
        (full_url, authorization, config.timeout)
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
    if let Some(value) = authorization {
        headers.set("Authorization", &value).map_err(net)?;
    }
    init.set_method(&method);
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(&target, &init)
        .map_err(|_| AuthError::invalid_argument("url", "not a valid URL"))?;
    Ok((request, timeout))
}

/// `{ok, status, contentType, json | text | blob}` of a response.
async fn result_object(response: &Response, as_blob: bool) -> Result<JsValue, AuthError> {
    let result = Object::new();
    let put = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&result, &k.into(), v);
    };
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    put("ok", &response.ok().into());
    put("status", &response.status().into());
    put("contentType", &content_type.as_str().into());
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

/// Performs a service call.
pub(crate) async fn call(inner: &Shared, call_args: &JsValue) -> Result<JsValue, AuthError> {
    let (request, timeout) = build(inner, call_args)?;
    let response = http::fetch(&request, timeout).await?;
    result_object(&response, member(call_args, "blob").is_truthy()).await
}
