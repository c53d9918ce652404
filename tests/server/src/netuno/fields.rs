//! The fields of a netuno `_auth` request, read as Netuno's request layer
//! (Proteu) reads them.
//!
//! Fields come from the query string, then the body: JSON when the
//! Content-Type *starts with* `application/json`, an urlencoded form, or
//! multipart (text parts only); a body field wins over a query parameter of
//! the same name. Names are case-insensitive (kept lowercased), so
//! `Username` and `username` are one field; a repeated name keeps its last
//! value. Unknown fields are kept: the routes ignore them, `/_test/attempts`
//! shows them.

use std::convert::Infallible;

use axum::body::Bytes;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::HeaderMap;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde_json::{Map, Value};

/// Java's basic Base64 decoder takes padded and unpadded input alike.
const BASIC_AUTH_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A body Netuno cannot read: malformed JSON or multipart (answered 500
/// with an HTML page, as Netuno's request layer throws).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableBody(pub String);

/// The request's fields, names lowercased.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthFields {
    fields: Map<String, Value>,
}

impl AuthFields {
    /// Reads the fields of a request with this query string, headers and
    /// body.
    ///
    /// # Errors
    /// [`UnreadableBody`] when a JSON or multipart body does not parse.
    pub async fn read(
        query: Option<&str>,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Self, UnreadableBody> {
        let mut fields = Self::default();
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            fields.insert(&name, Value::String(value.into_owned()));
        }
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let lowercase = content_type.to_ascii_lowercase();
        if lowercase.starts_with("application/json") {
            fields.read_json(&body)?;
        } else if lowercase.starts_with("application/x-www-form-urlencoded") {
            for (name, value) in form_urlencoded::parse(&body) {
                fields.insert(&name, Value::String(value.into_owned()));
            }
        } else if lowercase.starts_with("multipart/form-data") {
            fields.read_multipart(content_type, body).await?;
        }
        Ok(fields)
    }

    /// Sets `name` (lowercased) to `value`.
    fn insert(&mut self, name: &str, value: Value) {
        self.fields.insert(name.to_lowercase(), value);
    }

    /// Merges a JSON object body; an empty body, or JSON that is not an
    /// object, brings no fields.
    fn read_json(&mut self, body: &[u8]) -> Result<(), UnreadableBody> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let value: Value = serde_json::from_slice(body)
            .map_err(|err| UnreadableBody(format!("the JSON body does not parse: {err}")))?;
        if let Value::Object(object) = value {
            for (name, value) in object {
                self.insert(&name, value);
            }
        }
        Ok(())
    }

    /// Merges the text parts of a multipart body (file parts are skipped).
    async fn read_multipart(
        &mut self,
        content_type: &str,
        body: Bytes,
    ) -> Result<(), UnreadableBody> {
        let unreadable = |err: multer::Error| UnreadableBody(format!("bad multipart body: {err}"));
        let boundary = multer::parse_boundary(content_type).map_err(unreadable)?;
        let stream = futures_util::stream::once(std::future::ready(Ok::<_, Infallible>(body)));
        let mut multipart = multer::Multipart::new(stream, boundary);
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let Some(name) = field.name().map(str::to_owned) else {
                continue;
            };
            if field.file_name().is_some() {
                continue;
            }
            let text = field.text().await.map_err(unreadable)?;
            self.insert(&name, Value::String(text));
        }
        Ok(())
    }

    /// Whether the request has the field `name` (lowercase), `null` aside.
    pub fn has(&self, name: &str) -> bool {
        self.fields.get(name).is_some_and(|value| !value.is_null())
    }

    /// The field `name` (lowercase) as text: a string as it is, a number or
    /// boolean in JSON, `None` when absent or `null`.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }

    /// Whether `jwt` is true: `true`, `1`, or the text `"true"` (any case)
    /// or `"1"`.
    pub fn is_jwt(&self) -> bool {
        match self.fields.get("jwt") {
            Some(Value::Bool(flag)) => *flag,
            // Netuno reads a number as its text: `1` is "1", `1.0` is not.
            Some(Value::Number(number)) => number.as_u64() == Some(1),
            Some(Value::String(text)) => text.eq_ignore_ascii_case("true") || text == "1",
            _ => false,
        }
    }

    /// The credentials, as Netuno's `getCredentials` finds them: the
    /// `username` and `password` fields, replaced by an `Authorization:
    /// Basic` header that decodes to exactly `user:password`. `None` unless
    /// both are non-empty.
    pub fn credentials(&self, headers: &HeaderMap) -> Option<(String, String)> {
        let mut username = self.text("username").unwrap_or_default();
        let mut password = self.text("password").unwrap_or_default();
        if let Some((user, pass)) = basic_credentials(headers) {
            username = user;
            password = pass;
        }
        (!username.is_empty() && !password.is_empty()).then_some((username, password))
    }

    /// Every field, as `/_test/attempts` lists them.
    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.clone())
    }
}

/// The `user:password` of an `Authorization: Basic` header (scheme in any
/// case). Like Java's `split(":")`, trailing empty parts are dropped and
/// exactly two must remain; anything else is ignored.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let scheme = value.get(..6)?;
    if !scheme.eq_ignore_ascii_case("basic ") {
        return None;
    }
    let decoded = BASIC_AUTH_BASE64.decode(value.get(6..)?.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let mut parts: Vec<&str> = decoded.split(':').collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    match parts.as_slice() {
        [user, pass] => Some(((*user).to_owned(), (*pass).to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::json;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    /// Runs `read` to its end on a fresh runtime.
    fn block_on<F: std::future::Future>(read: F) -> F::Output {
        match tokio::runtime::Builder::new_current_thread().build() {
            Ok(runtime) => runtime.block_on(read),
            Err(err) => panic!("no runtime: {err}"),
        }
    }

    fn try_read(
        query: Option<&str>,
        content_type: &'static str,
        body: &str,
    ) -> Result<AuthFields, UnreadableBody> {
        let headers = headers(&[("content-type", content_type)]);
        block_on(AuthFields::read(
            query,
            &headers,
            Bytes::copy_from_slice(body.as_bytes()),
        ))
    }

    fn read(query: Option<&str>, content_type: &'static str, body: &str) -> AuthFields {
        try_read(query, content_type, body).unwrap_or_else(|err| panic!("unreadable: {err:?}"))
    }

    #[test]
    fn query_then_body_with_names_in_any_case() {
        let fields = read(
            Some("JWT=1&extra=q&username=fromquery"),
            "application/json; charset=UTF-8",
            r#"{"UserName": "admin", "Password": "secret", "altcha": {"x": 1}}"#,
        );
        assert!(fields.is_jwt());
        assert_eq!(fields.text("username").as_deref(), Some("admin"));
        assert_eq!(fields.text("altcha").as_deref(), Some(r#"{"x":1}"#));
        assert_eq!(fields.to_json()["extra"], "q");
        let credentials = fields.credentials(&HeaderMap::new());
        assert_eq!(credentials, Some(("admin".into(), "secret".into())));
    }

    #[test]
    fn forms_and_multipart_bring_text_fields() {
        let form = read(
            None,
            "application/x-www-form-urlencoded",
            "jwt=true&refresh_token=r%2Bt",
        );
        assert!(form.is_jwt());
        assert_eq!(form.text("refresh_token").as_deref(), Some("r+t"));
        let multipart = read(
            None,
            "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"Username\"\r\n\r\nadmin\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n\
             --XyZ--\r\n",
        );
        assert_eq!(multipart.to_json(), json!({"username": "admin"}));
        let plain = read(Some("a=1"), "text/plain", "username=ignored");
        assert_eq!(plain.to_json(), json!({"a": "1"}));
    }

    #[test]
    fn unreadable_json_and_multipart_are_errors() {
        assert!(try_read(None, "application/json", r#"{"a":"#).is_err());
        assert!(try_read(None, "multipart/form-data", "x").is_err());
        assert_eq!(read(None, "application/json", " ").to_json(), json!({}));
        assert_eq!(read(None, "application/json", "[1]").to_json(), json!({}));
    }

    #[test]
    fn jwt_flag_forms() {
        for (body, expected) in [
            (r#"{"jwt": true}"#, true),
            (r#"{"jwt": "true"}"#, true),
            (r#"{"jwt": "TRUE"}"#, true),
            (r#"{"jwt": "1"}"#, true),
            (r#"{"jwt": 1}"#, true),
            (r#"{"jwt": false}"#, false),
            (r#"{"jwt": "yes"}"#, false),
            (r#"{"jwt": 2}"#, false),
            (r#"{"jwt": 1.0}"#, false),
            (r#"{}"#, false),
        ] {
            assert_eq!(
                read(None, "application/json", body).is_jwt(),
                expected,
                "{body}"
            );
        }
    }

    #[test]
    fn basic_authorization_supplies_the_credentials() {
        let fields = read(
            None,
            "application/json",
            r#"{"username": "x", "password": "y"}"#,
        );
        // "admin:secret"
        let basic = headers(&[("authorization", "basic YWRtaW46c2VjcmV0")]);
        assert_eq!(
            fields.credentials(&basic),
            Some(("admin".into(), "secret".into()))
        );
        // "admin:" has one part left: ignored, the fields stay.
        let half = headers(&[("authorization", "Basic YWRtaW46")]);
        assert_eq!(fields.credentials(&half), Some(("x".into(), "y".into())));
        // "a:b:c" has three parts: ignored too.
        let three = headers(&[("authorization", "Basic YTpiOmM=")]);
        assert_eq!(fields.credentials(&three), Some(("x".into(), "y".into())));
        let empty = read(
            None,
            "application/json",
            r#"{"username": "x", "password": ""}"#,
        );
        assert_eq!(empty.credentials(&HeaderMap::new()), None);
    }
}
