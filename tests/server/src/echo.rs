//! `ANY /services/echo` (and the unprotected `ANY /public/echo`).
//!
//! The JSON echo lets client tests see exactly what went over the wire. Query
//! parameters starting with `_` ask for other answers, so a client's handling
//! of statuses, text, blobs and slow servers can be tested:
//! - `_status=N` (200..=599): answer status N with an empty body;
//! - `_type=text`: `text/plain` body `echo METHOD\n` followed by the raw body;
//! - `_type=blob`: `application/octet-stream` body [`BLOB_BYTES`];
//! - `_type=json` (the default): the JSON echo;
//! - `_delay_ms=N` (at most [`MAX_ECHO_DELAY_MS`]): wait N ms before answering;
//! - `_body_delay_ms=N` (same bound): send the status, the headers and the
//!   body's first byte at once, the rest N ms later (a streamed answer, such as
//!   a download or server-sent events, still arriving; some browsers hold the
//!   response until a first byte of body has come).
//!
//! These parameters are still reported in the JSON echo's `query`. In the
//! tutorial dialect the JSON echo also says whether an `x-access-token`
//! header came (`"x_access_token"`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::access_header::X_ACCESS_TOKEN;
use crate::body::{read_limited, MAX_ECHO_BODY};
use crate::dialect::Dialect;
use crate::responses;
use crate::state::SharedState;

/// The bytes of a `_type=blob` answer: not valid UTF-8, so a client that
/// decodes it as text is caught.
pub const BLOB_BYTES: [u8; 8] = [0x00, 0x01, 0x02, 0x03, 0x80, 0xfe, 0xff, 0x0a];
/// The longest `_delay_ms` accepted.
pub const MAX_ECHO_DELAY_MS: u64 = 60_000;

/// The body kinds `_type` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Text,
    Blob,
}

/// The `_`-parameters of one echo request.
#[derive(Debug, PartialEq, Eq)]
struct Extras {
    status: Option<StatusCode>,
    kind: Kind,
    delay: Option<Duration>,
    body_delay: Option<Duration>,
}

impl Extras {
    fn from_query(pairs: &[(String, String)]) -> Result<Self, String> {
        let mut extras = Extras {
            status: None,
            kind: Kind::Json,
            delay: None,
            body_delay: None,
        };
        for (key, value) in pairs {
            match key.as_str() {
                "_status" => extras.status = Some(parse_status(value)?),
                "_type" => extras.kind = parse_kind(value)?,
                "_delay_ms" => extras.delay = Some(parse_delay(value)?),
                "_body_delay_ms" => extras.body_delay = Some(parse_delay(value)?),
                _ => {}
            }
        }
        Ok(extras)
    }
}

fn parse_status(value: &str) -> Result<StatusCode, String> {
    match value.parse::<u16>().map(StatusCode::from_u16) {
        Ok(Ok(status)) if (200..=599).contains(&status.as_u16()) => Ok(status),
        _ => Err(format!("_status must be 200..=599 (got {value:?})")),
    }
}

fn parse_kind(value: &str) -> Result<Kind, String> {
    match value {
        "json" => Ok(Kind::Json),
        "text" => Ok(Kind::Text),
        "blob" => Ok(Kind::Blob),
        _ => Err(format!("_type must be json, text or blob (got {value:?})")),
    }
}

fn parse_delay(value: &str) -> Result<Duration, String> {
    match value.parse::<u64>() {
        Ok(ms) if ms <= MAX_ECHO_DELAY_MS => Ok(Duration::from_millis(ms)),
        _ => Err(format!(
            "_delay_ms and _body_delay_ms must be 0..={MAX_ECHO_DELAY_MS} (got {value:?})"
        )),
    }
}

/// `ANY /public/echo`: the echo without any token check.
pub async fn public(State(state): State<SharedState>, request: Request) -> Response {
    respond(state.dialect, request).await
}

/// Answers an echo request (authentication, if any, is already done).
pub async fn respond(dialect: Dialect, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let extras = match Extras::from_query(&pairs) {
        Ok(extras) => extras,
        Err(message) => return responses::bad_request(&message),
    };
    let bytes = match read_limited(body, MAX_ECHO_BODY).await {
        Ok(bytes) => bytes,
        Err(err) => return err.into_response(),
    };
    if let Some(delay) = extras.delay {
        tokio::time::sleep(delay).await;
    }
    let response = if let Some(status) = extras.status {
        responses::empty(status)
    } else {
        answer(dialect, extras.kind, &parts, &pairs, &bytes)
    };
    let Some(delay) = extras.body_delay else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return responses::bad_request("the answer could not be read");
    };
    let first = bytes.slice(..bytes.len().min(1));
    let body = LateBody {
        first: Some(first).filter(|b| !b.is_empty()),
        sleep: Box::pin(tokio::time::sleep(delay)),
        rest: Some(bytes.slice(bytes.len().min(1)..)),
    };
    Response::from_parts(parts, Body::new(body))
}

/// The answer of kind `kind` to the request of `parts`, `pairs` and `bytes`.
fn answer(
    dialect: Dialect,
    kind: Kind,
    parts: &axum::http::request::Parts,
    pairs: &[(String, String)],
    bytes: &Bytes,
) -> Response {
    match kind {
        Kind::Json => {
            let echo = EchoedRequest {
                method: &parts.method,
                pairs,
                authorization: parts.headers.contains_key(AUTHORIZATION),
                x_access_token: (dialect == Dialect::Tutorial)
                    .then(|| parts.headers.contains_key(X_ACCESS_TOKEN)),
                content_type: parts.headers.get(CONTENT_TYPE),
                body: bytes,
            };
            responses::json(StatusCode::OK, &echo.to_json())
        }
        Kind::Text => text_answer(&parts.method, bytes),
        Kind::Blob => typed_answer(Body::from(&BLOB_BYTES[..]), "application/octet-stream"),
    }
}

/// A body whose first byte goes at once and the rest after a sleep.
struct LateBody {
    first: Option<Bytes>,
    sleep: Pin<Box<tokio::time::Sleep>>,
    rest: Option<Bytes>,
}

impl http_body::Body for LateBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(first))));
        }
        if self.sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        Poll::Ready(
            self.rest
                .take()
                .map(|rest| Ok(http_body::Frame::data(rest))),
        )
    }
}

/// What the JSON echo reports.
struct EchoedRequest<'a> {
    method: &'a Method,
    pairs: &'a [(String, String)],
    authorization: bool,
    /// Only reported in the tutorial dialect.
    x_access_token: Option<bool>,
    content_type: Option<&'a HeaderValue>,
    body: &'a Bytes,
}

impl EchoedRequest<'_> {
    fn to_json(&self) -> Value {
        let content_type = self
            .content_type
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let mut echo = json!({
            "method": self.method.as_str(),
            "query": query_json(self.pairs),
            // Only JSON bodies are echoed; others show as null + body_bytes.
            "body": serde_json::from_slice::<Value>(self.body).unwrap_or(Value::Null),
            "authorization": self.authorization,
            "content_type": content_type,
            "body_bytes": self.body.len(),
        });
        if let (Some(sent), Some(map)) = (self.x_access_token, echo.as_object_mut()) {
            map.insert("x_access_token".into(), sent.into());
        }
        echo
    }
}

/// Query pairs as an object; a repeated key becomes an array of its values.
fn query_json(pairs: &[(String, String)]) -> Value {
    let mut map = Map::new();
    for (key, value) in pairs {
        match map.get_mut(key) {
            Some(Value::Array(values)) => values.push(value.clone().into()),
            Some(first) => *first = json!([first.take(), value]),
            None => {
                map.insert(key.clone(), value.clone().into());
            }
        }
    }
    Value::Object(map)
}

fn text_answer(method: &Method, body: &Bytes) -> Response {
    let text = format!("echo {}\n{}", method, String::from_utf8_lossy(body));
    typed_answer(Body::from(text), "text/plain; charset=utf-8")
}

fn typed_answer(body: Body, content_type: &'static str) -> Response {
    let mut response = Response::new(body);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn extras_parse_and_reject() {
        let extras = Extras::from_query(&pairs(&[("_status", "503"), ("_type", "blob")]));
        assert_eq!(
            extras,
            Ok(Extras {
                status: Some(StatusCode::SERVICE_UNAVAILABLE),
                kind: Kind::Blob,
                delay: None,
                body_delay: None,
            })
        );
        assert!(Extras::from_query(&pairs(&[("_status", "99")])).is_err());
        assert!(Extras::from_query(&pairs(&[("_type", "xml")])).is_err());
        assert!(Extras::from_query(&pairs(&[("_delay_ms", "-1")])).is_err());
        assert!(Extras::from_query(&pairs(&[("_body_delay_ms", "60001")])).is_err());
    }

    #[test]
    fn repeated_query_keys_become_arrays() {
        let query = query_json(&pairs(&[("a", "1"), ("b", "x"), ("a", "2"), ("a", "3")]));
        assert_eq!(query, json!({"a": ["1", "2", "3"], "b": "x"}));
    }
}
