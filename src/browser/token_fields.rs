//! The token fields of a JS value, as the core reads them ([`TokenFields`]): the auth
//! endpoint's answer ([`reply`]), a stored record, a token the app loads ([`loaded_fields`]),
//! and the claims of the access token in them ([`payload`], [`user_claims`]). The keys are
//! configured (`token.accessTokenKey` ...) and only known at run time, so the members are read
//! by name out of the parsed body; the JWT's claims, decoded by the core, are parsed by
//! `JSON.parse` and read into the core's serde types through serde-wasm-bindgen.

use crate::browser::callbacks::AuthAnswer;
use crate::browser::js_value::{is_object, member, parse_json, JsKind};
use crate::core::claims::{unverified_payload, TimeClaims, UserClaims};
use crate::core::config::TokenConfig;
use crate::core::error::ErrorBody;
use crate::core::session::{Reply, ReplyBody};
use crate::core::token::{Field, TokenFields};
use wasm_bindgen::JsValue;

/// The member `key` of `object`, as the core sees it.
pub(crate) fn field(object: &JsValue, key: Option<&str>) -> Field {
    let Some(key) = key else {
        return Field::Absent;
    };
    let value = member(object, key);
    match JsKind::of(&value) {
        JsKind::Undefined => Field::Absent,
        JsKind::Null => Field::Null,
        JsKind::Bool(b) => Field::Bool(b),
        JsKind::Number(n) => Field::Number(n),
        JsKind::Text => Field::Text(value.as_string().unwrap_or_default()),
        JsKind::Array => Field::Other("an array"),
        JsKind::Function | JsKind::Object => Field::Other("an object"),
    }
}

/// The decoded payload of a JWT as a JS object, **unverified**; `None` for an opaque token or
/// a payload that is not a JSON object.
pub(crate) fn payload(jwt: &str) -> Option<JsValue> {
    let text = unverified_payload(jwt)?;
    parse_json(&text).filter(is_object)
}

/// The time claims of an access token: `Ok(None)` when it is not a JWT.
fn time_claims(jwt: &str) -> Result<Option<TimeClaims>, String> {
    match payload(jwt) {
        // The claims are `iat` and `exp` only, so serde's message names the problem.
        Some(p) => serde_wasm_bindgen::from_value(p)
            .map(Some)
            .map_err(|e| format!("iat/exp: {e}")),
        None => Ok(None),
    }
}

/// The user claims of an access token, for Rust apps (JS gets the whole payload).
pub(crate) fn user_claims(jwt: &str) -> Option<UserClaims> {
    serde_wasm_bindgen::from_value(payload(jwt)?).ok()
}

/// The keys of a token response: `[result, access, refresh, type, expires_in]`.
type Keys<'a> = [Option<&'a str>; 5];

/// The token fields of a token response object, by the configured keys.
pub(crate) fn token_fields(body: &JsValue, keys: &TokenConfig) -> TokenFields {
    fields_at(
        body,
        [
            keys.result_key.as_deref(),
            Some(&keys.access_token_key),
            Some(&keys.refresh_token_key),
            keys.token_type_key.as_deref(),
            keys.expires_in_key.as_deref(),
        ],
    )
}

fn fields_at(
    body: &JsValue,
    [result, access, refresh, token_type, expires_in]: Keys,
) -> TokenFields {
    let access_token = field(body, access);
    let claims = match &access_token {
        Field::Text(jwt) => time_claims(jwt),
        _ => Ok(None),
    };
    TokenFields {
        result: field(body, result),
        access_token,
        refresh_token: field(body, refresh),
        token_type: field(body, token_type),
        expires_in: field(body, expires_in),
        claims,
        extra: extra_of(body),
    }
}

/// The `extra` member of a token response (Netuno's login answer: the app's own data) as
/// JSON text; `None` when it is absent or `null`.
fn extra_of(body: &JsValue) -> Option<String> {
    let extra = member(body, "extra");
    if extra.is_null() || extra.is_undefined() {
        return None;
    }
    js_sys::JSON::stringify(&extra).ok()?.as_string()
}

/// The body an error carries, from the text of a non-2xx answer.
pub(crate) fn error_body(text: &str) -> Option<ErrorBody> {
    ErrorBody::new(text, |t| parse_json(t).is_some())
}

/// The fields of a token the app loads (`token(args, newToken)`, `load_token`), and when it
/// arrived: what `token()` returned (it has a numeric `loaded_at`) is read by its own keys,
/// whatever keys the server's responses have; anything else is a server response, read by
/// the configured keys.
pub(crate) fn loaded_fields(token: &JsValue, keys: &TokenConfig) -> (TokenFields, Option<f64>) {
    match field(token, Some("loaded_at")) {
        Field::Number(at) => {
            let own = [
                None,
                Some("access_token"),
                Some("refresh_token"),
                Some("token_type"),
                Some("expires_in"),
            ];
            (fields_at(token, own), Some(at))
        }
        _ => (token_fields(token, keys), None),
    }
}

/// The reply of the auth endpoint, from its status and body text (`None`: over the limit).
pub(crate) fn reply(answer: &AuthAnswer, keys: &TokenConfig) -> Reply {
    let status = answer.status;
    let failed = !(200..=299).contains(&status);
    let Some(text) = answer.text.as_deref() else {
        return Reply {
            status,
            body: ReplyBody::TooLarge,
            error_body: None,
        };
    };
    let body = match parse_json(text) {
        Some(value) if is_object(&value) => ReplyBody::Json {
            fields: Box::new(token_fields(&value, keys)),
            error: member(&value, "error").as_string(),
            locked: member(&value, "locked").as_bool(),
        },
        _ => ReplyBody::NotJson,
    };
    // A successful answer's body holds the tokens: it is never attached to anything.
    let error_body = failed.then(|| error_body(text)).flatten();
    Reply {
        status,
        body,
        error_body,
    }
}
