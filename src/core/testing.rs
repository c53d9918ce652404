//! Native test support: what the browser's response reader does, on serde_json values.

use crate::core::claims::{unverified_payload, TimeClaims};
use crate::core::config::Config;
use crate::core::error::ErrorBody;
use crate::core::session::{Reply, ReplyBody};
use crate::core::token::{Field, TokenFields};
use serde_json::Value;

fn field(body: &Value, key: Option<&str>) -> Field {
    match key.and_then(|k| body.get(k)) {
        None => Field::Absent,
        Some(Value::Null) => Field::Null,
        Some(Value::Bool(b)) => Field::Bool(*b),
        Some(Value::Number(n)) => Field::Number(n.as_f64().unwrap_or(f64::NAN)),
        Some(Value::String(s)) => Field::Text(s.clone()),
        Some(Value::Array(_)) => Field::Other("an array"),
        Some(Value::Object(_)) => Field::Other("an object"),
    }
}

/// The token fields of a JSON body, read by the keys of `config`.
pub(crate) fn fields(json: &str, config: &Config) -> TokenFields {
    let body: Value = serde_json::from_str(json).unwrap();
    let keys = &config.token;
    let access_token = field(&body, Some(&keys.access_token_key));
    let claims = match &access_token {
        Field::Text(jwt) => match unverified_payload(jwt) {
            // A payload that is not a JSON object is an opaque token's, as in the browser.
            Some(text) => match serde_json::from_str::<Value>(&text) {
                Ok(payload @ Value::Object(_)) => serde_json::from_value::<TimeClaims>(payload)
                    .map(Some)
                    .map_err(|e| e.to_string()),
                _ => Ok(None),
            },
            None => Ok(None),
        },
        _ => Ok(None),
    };
    TokenFields {
        result: field(&body, keys.result_key.as_deref()),
        access_token,
        refresh_token: field(&body, Some(&keys.refresh_token_key)),
        token_type: field(&body, keys.token_type_key.as_deref()),
        expires_in: field(&body, keys.expires_in_key.as_deref()),
        claims,
        extra: body
            .get("extra")
            .filter(|e| !e.is_null())
            .map(|e| e.to_string()),
    }
}

/// The reply of the auth endpoint with `status` and a JSON object body, as the browser's reader
/// makes it.
pub(crate) fn reply(status: u16, json: &str, config: &Config) -> Reply {
    let value: Value = serde_json::from_str(json).unwrap();
    Reply {
        status,
        body: ReplyBody::Json {
            fields: Box::new(fields(json, config)),
            error: value.get("error").and_then(|e| e.as_str()).map(Into::into),
            locked: value.get("locked").and_then(Value::as_bool),
        },
        error_body: (!(200..=299).contains(&status))
            .then(|| ErrorBody::new(json, |t| serde_json::from_str::<Value>(t).is_ok()))
            .flatten(),
    }
}

/// A settings object as serde_json values, as the JS facade's is a JS object.
#[derive(Clone)]
pub(crate) struct JsonSettings(pub(crate) Value);

impl crate::core::settings::OneKey for JsonSettings {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
}

impl crate::core::settings::SettingsObject for JsonSettings {
    type One = JsonSettings;
    fn keys(&self) -> Option<Vec<String>> {
        self.0.as_object().map(|m| m.keys().cloned().collect())
    }
    fn member(&self, key: &str) -> Option<Self> {
        self.0.get(key).cloned().map(JsonSettings)
    }
    fn one(key: &str, value: Self) -> Self {
        JsonSettings(serde_json::json!({ key: value.0 }))
    }
    fn kind(&self) -> &'static str {
        match &self.0 {
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null => "null",
        }
    }
}
