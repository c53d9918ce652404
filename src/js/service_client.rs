//! What the `@netuno/service-client` drop-in adds to a client: the defaults of its calls that
//! `_service.config()` keeps beside the prefix, headers and credentials (`success`, `fail`,
//! `method`), its helpers (`_service.url`, `encodedParameters`, `urlWithEncodedParameters`,
//! `randomString`, with the reference's results), and the call itself, whose Promise never
//! goes unhandled.

use crate::core::error::AuthError;
use crate::core::service_helpers as helpers;
use crate::js::callbacks::function_at;
use crate::js::client::{settle, JsAuthClient};
use crate::js::convert::{is_object, member};
use crate::js::parameters::{encoded_parameters_of, string_of};
use crate::js::service::{call_of, failure_to_js, result_to_js};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Number(value)`, as `i < length` compares.
    #[wasm_bindgen(js_name = Number, catch)]
    fn number_of(value: &JsValue) -> Result<f64, JsValue>;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** What a `service()` call's `fail` gets, and its Promise rejects with: the AuthError, carrying
 * `@netuno/service-client`'s fields too. An answer with a non-2xx status brings the result's
 * fields (`ok: false`, `status`, `contentType`, `isJSON`, `headers`, `response`, `json` or
 * `text`); a call still refused after a refresh brings `ok`, `status`, `isJSON` and `json` or
 * `text`; no answer brings `error` only. */
export interface ServiceFailure extends AuthError {
  ok?: false;
  contentType?: string;
  isJSON?: boolean;
  headers?: Headers;
  json?: unknown;
  text?: string;
  /** For an answer, an `Error` saying its status (`Service failed responding status 500.`);
   * for a network failure, the `TypeError` that `fetch` rejects with; else an `Error` with the
   * message. */
  error: Error;
}

/** The defaults of calls that `_service.config()` also takes and returns. */
export interface ServiceClientSettings {
  /** The method of a call that names none (`'GET'`; `null` resets it). */
  method?: HttpMethod | null;
  /** Called with the result of a call that has no `success` of its own (`null` clears it). */
  success?: ((result: ServiceResult) => void) | null;
  /** Called with the failure of a call that has no `fail` of its own (`null` clears it). */
  fail?: ((failure: ServiceFailure) => void) | null;
}

export interface AuthClient {
  /** `_service.url()`: where a call to `url` goes (`''` when none: the prefix, with its
   * slash), joined to `prefix` or the configured one, as seen from the page. */
  serviceUrl(url?: string): string;
  serviceUrl(settings: { prefix?: string | null; url?: string }): string;
  serviceUrl(settings: { prefix?: string | null }, url: string): string;
}

export declare namespace AuthClient {
  /** `key=value&…` of `data`'s own keys: values through `encodeURIComponent` (as `String()`
   * writes them: a nested object is `[object Object]`, an array its items joined by commas),
   * keys as they are. */
  function encodedParameters(data: object): string;
  /** `url?` and {@link encodedParameters}, or `url` when `data` has no keys. */
  function urlWithEncodedParameters(url: string, data: object): string;
  /** `length` ASCII letters and digits from `Math.random()` (not for secrets). */
  function randomString(length: number): string;
}
"#;

/// The most characters `randomString` makes: far more than any use, far less than memory.
const MAX_RANDOM_LENGTH: usize = 1 << 20;

/// A string argument of a helper, or its text (as a template literal writes it).
fn text_arg(value: &JsValue, field: &str) -> Result<String, AuthError> {
    value.as_string().map_or_else(
        || string_of(value).map_err(|_| AuthError::invalid_argument(field, "expected a string")),
        Ok,
    )
}

#[wasm_bindgen(js_class = AuthClient)]
impl JsAuthClient {
    /// Calls the API like `@netuno/service-client`'s `_service`; a non-2xx status rejects with
    /// `http_status`, carrying the result's fields (see the module docs).
    pub fn service(&self, args: JsValue) -> Promise {
        service(self, &args)
    }

    /// `_service.url(...)`: where a call to a url goes. `serviceUrl(url)`,
    /// `serviceUrl({prefix?, url?})` or `serviceUrl({prefix?}, url)`; no url is `''` (the
    /// prefix itself, with its slash), no prefix is the configured one; relative urls are
    /// joined to it, and a path prefix on a frontend dev server points at the backend.
    ///
    /// # Errors
    /// `invalid_argument` for a url or prefix that is not a string.
    #[wasm_bindgen(js_name = serviceUrl)]
    pub fn service_url(&self, settings: JsValue, url: JsValue) -> Result<String, JsValue> {
        let (settings, url) = if !url.is_undefined() {
            (settings, url)
        } else if is_object(&settings) {
            let url = member(&settings, "url");
            (settings, url)
        } else {
            (JsValue::UNDEFINED, settings)
        };
        let url = match url.as_string() {
            Some(url) => url,
            None if url.is_undefined() => String::new(),
            None => return Err(AuthError::invalid_argument("url", "expected a string").into()),
        };
        let prefix = match member(&settings, "prefix") {
            p if p.is_undefined() => None,
            p if p.is_null() => Some(String::new()),
            p => Some(
                p.as_string()
                    .ok_or_else(|| AuthError::invalid_argument("prefix", "expected a string"))?,
            ),
        };
        Ok(self.client.service_url(prefix.as_deref(), &url))
    }

    /// `_service.encodedParameters(data)`: `key=value&…`, values through
    /// `encodeURIComponent`, keys as they are.
    ///
    /// # Errors
    /// `invalid_argument` for `null` or `undefined`, or a value with no string form.
    #[wasm_bindgen(js_name = encodedParameters)]
    pub fn encoded_parameters(data: JsValue) -> Result<String, JsValue> {
        Ok(encoded_parameters_of(&data)?)
    }

    /// `_service.urlWithEncodedParameters(url, data)`: `url?key=value&…`, or `url` when
    /// `data` has no keys.
    ///
    /// # Errors
    /// As [`JsAuthClient::encoded_parameters`].
    #[wasm_bindgen(js_name = urlWithEncodedParameters)]
    pub fn url_with_encoded_parameters(url: JsValue, data: JsValue) -> Result<String, JsValue> {
        let url = text_arg(&url, "url")?;
        Ok(helpers::url_with_parameters(
            &url,
            &encoded_parameters_of(&data)?,
        ))
    }

    /// `_service.randomString(length)`: `length` ASCII letters and digits, from
    /// `Math.random()` as there (not for secrets: use `crypto.getRandomValues`).
    ///
    /// # Errors
    /// `invalid_argument` for a length over 1048576 or that is not a number.
    #[wasm_bindgen(js_name = randomString)]
    pub fn random_string(length: JsValue) -> Result<String, JsValue> {
        let invalid = || AuthError::invalid_argument("length", "expected at most 1048576");
        let length = number_of(&length).map_err(|_| invalid())?;
        let count = helpers::random_length(length, MAX_RANDOM_LENGTH).ok_or_else(invalid)?;
        Ok(helpers::random_string(count, js_sys::Math::random))
    }
}

/// Runs a service call of `client` (see [`JsAuthClient::service`]): its own `success` and
/// `fail`, else the configured ones, called with the result or the failure
/// ([`failure_to_js`]).
///
/// The Promise is always marked handled, as the reference's `_service()` never rejects: a call
/// made in the callback style, or whose Promise the app drops, raises no unhandled rejection.
pub(crate) fn service(client: &JsAuthClient, args: &JsValue) -> Promise {
    let defaults = client.service_defaults.borrow().clone();
    let success = function_at(args, "success").or(defaults.success);
    let fail = function_at(args, "fail").or(defaults.fail);
    let request = call_of(args, defaults.method.as_deref().unwrap_or("GET"));
    let client = client.client.clone();
    let call_made = async move {
        let result = client
            .service(request.map_err(|e| failure_to_js(&e, None))?)
            .await
            .map_err(|e| failure_to_js(&e, None))?;
        if result.ok {
            return Ok(result_to_js(&result));
        }
        let error = AuthError::HttpStatus {
            status: result.status,
            detail: None,
            body: None,
        };
        Err(failure_to_js(&error, Some(&result)))
    };
    settle(success, fail, true, Box::pin(call_made))
}
