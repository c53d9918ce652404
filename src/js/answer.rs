//! What `@netuno/auth-client`'s callbacks get, as superset objects: `success` gets the token
//! with the auth POST's service-client result (`{ok, status, isJSON, contentType, response,
//! json}`, `json` being the server's whole answer, `extra` included), and `fail` gets the
//! `AuthError` carrying the fields the reference's `fail` gets (`{ok: false, status, isJSON,
//! contentType, response, json | text, error}`). So `success: ({json}) => …json.extra` and
//! `fail: (data) => data.json.locked` work, and so do `token.access_token` and `e.code`.

use crate::browser::js_value::parse_json;
use crate::browser::{Answered, AuthAnswer, ResultBody, ServiceResult};
use crate::core::error::AuthError;
use crate::core::token::Token;
use crate::js::convert::{set, token_to_js};
use crate::js::error::{network_error, status_error, to_js};
use crate::js::service::set_result;
use wasm_bindgen::JsValue;

/// The auth POST's answer as a service-client result: its body is JSON when the content type
/// says so, or when a refusal's body parses anyway (an app's own 406 JSON), else text.
fn as_result(answer: &AuthAnswer) -> ServiceResult {
    let ok = (200..=299).contains(&answer.status);
    let is_json = answer
        .content_type
        .to_ascii_lowercase()
        .starts_with("application/json");
    let text = answer.text.as_deref().unwrap_or_default();
    let body = match parse_json(text) {
        Some(json) if is_json || !ok => ResultBody::Json(json),
        _ => ResultBody::Text(text.to_owned()),
    };
    ServiceResult {
        ok,
        status: answer.status,
        content_type: answer.content_type.clone(),
        headers: answer.response.headers(),
        // The handle, not `Response.clone()` (a copy of the body, which is already read).
        response: Clone::clone(&answer.response),
        body,
    }
}

/// Sets the service-client result fields of `answer` on `object`.
fn set_answer(object: &JsValue, answer: &AuthAnswer) {
    set_result(object, &as_result(answer));
}

/// What `success` gets (and the Promise resolves with): the token, and the answer's fields.
pub(crate) fn success_to_js(answered: &Answered<Token>) -> JsValue {
    let object = token_to_js(&answered.value);
    if let Some(answer) = &answered.answer {
        set_answer(&object, answer);
    } else {
        set(&object, "ok", &JsValue::TRUE);
    }
    object
}

/// What `fail` gets: the `AuthError`, with the answer's fields and `error` as the reference's
/// `fail` has it: the `TypeError` of a network failure, `'invalid-token'` for a successful
/// answer that is not a token, an `Error` naming the status for a refusal.
pub(crate) fn failure_to_js(answered: &Answered<AuthError>) -> JsValue {
    let error = &answered.value;
    let object = to_js(error);
    // (Not the error itself for the other failures: an object holding itself breaks an app's
    // `JSON.stringify(data)`.)
    let reason: Option<JsValue> = match (&answered.answer, error) {
        (Some(answer), _) if (200..=299).contains(&answer.status) => Some("invalid-token".into()),
        (Some(answer), _) => Some(status_error(answer.status)),
        (None, AuthError::Network(cause)) => Some(network_error(cause)),
        (None, _) => None,
    };
    set(&object, "ok", &JsValue::FALSE);
    if let Some(answer) = &answered.answer {
        set_answer(&object, answer);
    }
    if let Some(reason) = reason {
        set(&object, "error", &reason);
    }
    object
}
