//! `service(args)` in JS: the `@netuno/service-client` call shape (`{url, method, data, headers,
//! blob, timeout}`) read into a [`ServiceCall`], its result made into `{ok, status,
//! contentType, headers, json | text | blob}`, and its failure into the `AuthError` that `fail`
//! gets, carrying the reference's fields too.

use crate::browser::describe;
use crate::browser::{ResultBody, ServiceBody, ServiceCall, ServiceResult};
use crate::core::error::{AuthError, ErrorBody};
use crate::js::convert::{header_pairs, member, set, string_arg};
use crate::js::error::{network_error, status_error, to_js};
use crate::js::parameters::encoded_parameters_of;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

/// The call `args` describe; `method` when they name none (`_service.config({method})`).
///
/// # Errors
/// [`AuthError::InvalidArgument`] naming the bad argument.
pub(crate) fn call_of(args: &JsValue, method: &str) -> Result<ServiceCall, AuthError> {
    // `''` is the prefix itself, as there; a missing url is a mistake, said so.
    let mut url = match member(args, "url").as_string() {
        Some(url) => url,
        None => string_arg(args, "url")?,
    };
    let method = match member(args, "method") {
        m if m.is_undefined() || m.is_null() => method.to_ascii_uppercase(),
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
    // (`'a=1&b=2'`), or a body already written as JSON. An object's query is written as the
    // reference's `encodedParameters` writes it.
    let text = data.as_string();
    let query = |url: &mut String, query: &str| {
        if !query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(query);
        }
    };
    let get = method == "GET" || method == "HEAD";
    // No data when it is falsy (`if (settings.data)` there: `''` and `0` send nothing).
    let body = if !data.is_truthy() {
        ServiceBody::None
    } else if let (Some(text), true) = (&text, get) {
        query(&mut url, text.trim_start_matches('?'));
        ServiceBody::None
    } else if let Some(json) = text {
        ServiceBody::Json(json)
    } else if get {
        let written = if data.is_object() {
            encoded_parameters_of(&data)?
        } else {
            describe(&data) // a number or a boolean, as `?${data}` writes it
        };
        query(&mut url, &written);
        ServiceBody::None
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
        headers: header_pairs(&headers),
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

/// Sets the fields of a result (`@netuno/service-client`'s shape, plus `headers`) on `object`.
pub(crate) fn set_result(object: &JsValue, result: &ServiceResult) {
    let put = |key: &str, v: &JsValue| set(object, key, v);
    put("ok", &result.ok.into());
    put("status", &result.status.into());
    put("contentType", &JsValue::from_str(&result.content_type));
    put("isJSON", &result.content_type.contains("json").into());
    put("headers", &result.headers);
    put("response", &result.response);
    match &result.body {
        ResultBody::Empty => {}
        ResultBody::Json(json) => put("json", json),
        ResultBody::Text(text) => put("text", &JsValue::from_str(text)),
        ResultBody::Blob(blob) => put("blob", blob),
    }
}

/// The result object of a call.
pub(crate) fn result_to_js(result: &ServiceResult) -> JsValue {
    let object: JsValue = Object::new().into();
    set_result(&object, result);
    object
}

/// What `fail` gets (and the Promise rejects with): the `AuthError` of `error`, carrying
/// `@netuno/service-client`'s fields too. For an answer (`result`), the result's fields (`ok:
/// false`, `status`, `contentType`, `isJSON`, `headers`, `response`, `json | text`) and `error`,
/// an `Error` saying the status; for a call refused even after a refresh, `ok`, `status`,
/// `isJSON` and `json | text` from the kept body; for no answer, `error` only: the `TypeError`
/// that `fetch` rejects with for a network failure, else an `Error` with the message.
pub(crate) fn failure_to_js(error: &AuthError, result: Option<&ServiceResult>) -> JsValue {
    let failure = to_js(error);
    let put = |key: &str, v: &JsValue| set(&failure, key, v);
    let reference_error = match (error, result) {
        (_, Some(result)) => {
            set_result(&failure, result);
            put("body", &body_to_js(result));
            status_error(result.status)
        }
        (AuthError::Unauthorized { status, body }, None) => {
            put("ok", &false.into());
            let kept = match member(&failure, "body") {
                empty if empty.is_null() => JsValue::from_str(""),
                kept => kept,
            };
            let is_json = matches!(body, Some(ErrorBody::Json(_)));
            put("isJSON", &is_json.into());
            put(if is_json { "json" } else { "text" }, &kept);
            status_error(*status)
        }
        (AuthError::Network(cause), None) => network_error(cause),
        (_, None) => js_sys::Error::new(&error.to_string()).into(),
    };
    put("error", &reference_error);
    failure
}
