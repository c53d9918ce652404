//! `service(args)` in JS: the `@netuno/service-client` call shape (`{url, method, data, headers,
//! blob, timeout}`) read into a [`ServiceCall`], and its result made into `{ok, status,
//! contentType, headers, json | text | blob}`.

use crate::browser::reply::is_object;
use crate::browser::{ResultBody, ServiceBody, ServiceCall, ServiceResult};
use crate::core::error::AuthError;
use crate::js::convert::{member, string_arg};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn text_of(value: &JsValue) -> String {
    value.as_string().unwrap_or_else(|| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    })
}

/// The `[key, value]` pairs of an object, values as text (strings as they are, the rest as
/// JSON).
fn entries(object: &JsValue) -> Vec<(String, String)> {
    Object::entries(object.unchecked_ref())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            Some((pair.get(0).as_string()?, text_of(&pair.get(1))))
        })
        .collect()
}

/// The call `args` describe.
///
/// # Errors
/// [`AuthError::InvalidArgument`] naming the bad argument.
pub(crate) fn call_of(args: &JsValue) -> Result<ServiceCall, AuthError> {
    let mut url = string_arg(args, "url")?;
    let method = match member(args, "method") {
        m if m.is_undefined() || m.is_null() => "GET".to_owned(),
        m => m
            .as_string()
            .ok_or_else(|| AuthError::invalid_argument("method", "expected a string"))?
            .to_ascii_uppercase(),
    };
    let timeout_ms = match member(args, "timeout") {
        t if t.is_undefined() || t.is_null() => None,
        t => match t.as_f64() {
            Some(ms) if (1.0..=f64::from(u32::MAX)).contains(&ms) => Some(ms as u32),
            _ => {
                return Err(AuthError::invalid_argument(
                    "timeout",
                    "expected milliseconds > 0",
                ))
            }
        },
    };
    let data = member(args, "data");
    // A string is sent as it is, as `@netuno/service-client` sends it: the query of a GET
    // (`'a=1&b=2'`), or a body already written as JSON.
    let text = data.as_string();
    let body = if data.is_undefined() || data.is_null() {
        ServiceBody::None
    } else if let (Some(query), "GET" | "HEAD") = (&text, method.as_str()) {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(query.trim_start_matches('?'));
        ServiceBody::None
    } else if let Some(json) = text {
        ServiceBody::Json(json)
    } else if method == "GET" || method == "HEAD" {
        ServiceBody::Query(if is_object(&data) {
            entries(&data)
        } else {
            Vec::new()
        })
    } else if let Some(form) = data.dyn_ref::<web_sys::FormData>() {
        ServiceBody::Form(form.clone())
    } else {
        let text = js_sys::JSON::stringify(&data)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| AuthError::invalid_argument("data", "cannot be written as JSON"))?;
        ServiceBody::Json(text)
    };
    let headers = member(args, "headers");
    Ok(ServiceCall {
        url,
        method,
        body,
        headers: if is_object(&headers) {
            entries(&headers)
        } else {
            Vec::new()
        },
        blob: member(args, "blob").is_truthy(),
        timeout_ms,
    })
}

/// The body of a result as an error carries it (`error.body`): the JSON value or the text;
/// `null` for an empty body or a blob.
pub(crate) fn body_to_js(result: &ServiceResult) -> JsValue {
    match &result.body {
        ResultBody::Json(json) => json.clone(),
        ResultBody::Text(text) if !text.is_empty() => JsValue::from_str(text),
        _ => JsValue::NULL,
    }
}

/// The result object of a call (`@netuno/service-client`'s shape, plus `headers`).
pub(crate) fn result_to_js(result: &ServiceResult) -> JsValue {
    let object: JsValue = Object::new().into();
    let set = |key: &str, v: &JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(key), v);
    };
    set("ok", &result.ok.into());
    set("status", &result.status.into());
    set("contentType", &JsValue::from_str(&result.content_type));
    set("isJSON", &result.content_type.contains("json").into());
    set("headers", &result.headers);
    set("response", &result.response);
    match &result.body {
        ResultBody::Empty => {}
        ResultBody::Json(json) => set("json", json),
        ResultBody::Text(text) => set("text", &JsValue::from_str(text)),
        ResultBody::Blob(blob) => set("blob", blob),
    }
    object
}
