//! The JSON of `/_test/faults`: parsing posted entries, listing pending ones.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    Entry, Fault, FaultTarget, Lifetime, Oversized, OversizedField, MAX_DELAY_MS, MAX_DURATION_MS,
    MAX_OVERSIZED_BYTES,
};

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum FaultKind {
    Status,
    Delay,
    Malformed,
    Drop,
    Oversized,
}

/// One posted fault, as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    target: FaultTarget,
    kind: FaultKind,
    status: Option<u16>,
    delay_ms: Option<u64>,
    count: Option<u32>,
    duration_ms: Option<u64>,
    field: Option<OversizedField>,
    bytes: Option<u64>,
}

/// Parses and checks one fault object posted at `now`.
pub(super) fn parse_entry(value: &Value, now: Instant) -> Result<Entry, String> {
    let spec: FaultSpec = serde_path_to_error::deserialize(value).map_err(|err| {
        match err.path().to_string().as_str() {
            "." => format!("invalid fault: {}", err.into_inner()),
            path => format!("invalid fault at {path}: {}", err.into_inner()),
        }
    })?;
    let lifetime = parse_lifetime(&spec, now)?;
    let fault = match spec.kind {
        FaultKind::Status => Fault::Status(parse_status(spec.status.unwrap_or(500))?),
        FaultKind::Delay => Fault::Delay(parse_delay(spec.delay_ms)?),
        FaultKind::Malformed => Fault::Malformed,
        FaultKind::Drop => Fault::Drop,
        FaultKind::Oversized => Fault::Oversized(parse_oversized(&spec)?),
    };
    Ok(Entry {
        target: spec.target,
        fault,
        lifetime,
    })
}

/// `duration_ms` (which makes `count` irrelevant) or `count`, default 1.
fn parse_lifetime(spec: &FaultSpec, now: Instant) -> Result<Lifetime, String> {
    match spec.duration_ms {
        Some(ms @ 1..=MAX_DURATION_MS) => {
            let duration = Duration::from_millis(ms);
            Ok(Lifetime::Until {
                until: now + duration,
                duration,
            })
        }
        Some(ms) => Err(format!(
            "fault duration_ms must be 1..={MAX_DURATION_MS} (got {ms})"
        )),
        None => match spec.count.unwrap_or(1) {
            0 => Err("fault count must be at least 1".into()),
            count => Ok(Lifetime::Count(count)),
        },
    }
}

fn parse_status(code: u16) -> Result<StatusCode, String> {
    match StatusCode::from_u16(code) {
        Ok(status) if (200..=599).contains(&code) => Ok(status),
        _ => Err(format!("fault status must be 200..=599 (got {code})")),
    }
}

fn parse_delay(delay_ms: Option<u64>) -> Result<Duration, String> {
    match delay_ms {
        Some(ms) if ms <= MAX_DELAY_MS => Ok(Duration::from_millis(ms)),
        Some(ms) => Err(format!(
            "fault delay_ms must be at most {MAX_DELAY_MS} (got {ms})"
        )),
        None => Err("a delay fault needs delay_ms".into()),
    }
}

fn parse_oversized(spec: &FaultSpec) -> Result<Oversized, String> {
    if !matches!(spec.target, FaultTarget::Login | FaultTarget::Refresh) {
        return Err(format!(
            "an oversized fault targets login or refresh (got {})",
            spec.target.name()
        ));
    }
    let field = spec
        .field
        .ok_or("an oversized fault needs field: \"access_token\", \"refresh_token\" or \"body\"")?;
    let bytes = match spec.bytes.map(usize::try_from) {
        Some(Ok(bytes @ 1..=MAX_OVERSIZED_BYTES)) => bytes,
        Some(_) => {
            return Err(format!(
                "oversized fault bytes must be 1..={MAX_OVERSIZED_BYTES}"
            ))
        }
        None => return Err("an oversized fault needs bytes".into()),
    };
    Ok(Oversized { field, bytes })
}

/// How `GET /_test/faults` lists `entry` at `now`.
pub(super) fn entry_json(entry: &Entry, now: Instant) -> Value {
    let mut value = json!({"target": entry.target.name()});
    let kind = match entry.fault {
        Fault::Status(status) => json!({"kind": "status", "status": status.as_u16()}),
        Fault::Delay(delay) => json!({"kind": "delay", "delay_ms": millis(delay)}),
        Fault::Malformed => json!({"kind": "malformed"}),
        Fault::Drop => json!({"kind": "drop"}),
        Fault::Oversized(Oversized { field, bytes }) => {
            let field = match field {
                OversizedField::AccessToken => "access_token",
                OversizedField::RefreshToken => "refresh_token",
                OversizedField::Body => "body",
            };
            json!({"kind": "oversized", "field": field, "bytes": bytes})
        }
    };
    let lifetime = match entry.lifetime {
        Lifetime::Count(remaining) => json!({"remaining": remaining}),
        Lifetime::Until { until, duration } => json!({
            "duration_ms": millis(duration),
            "remaining_ms": millis(until.saturating_duration_since(now)),
        }),
    };
    if let Some(map) = value.as_object_mut() {
        for extra in [kind, lifetime] {
            if let Value::Object(extra) = extra {
                map.extend(extra);
            }
        }
    }
    value
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(value: Value) -> String {
        parse_entry(&value, Instant::now())
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn bad_specs_name_their_problem() {
        assert!(problem(json!({"target": "logon", "kind": "drop"})).contains("target"));
        assert!(problem(json!({"target": "login", "kind": "delay"})).contains("delay_ms"));
        assert!(problem(json!({"target": "login", "kind": "drop", "count": 0})).contains("count"));
        assert!(problem(json!({"target": "login", "kind": "drop", "x": 1})).contains("`x`"));
        assert!(problem(json!({"target": "login", "kind": "status", "status": 42})).contains("42"));
        let timed = |ms: u64| json!({"target": "login", "kind": "drop", "duration_ms": ms});
        assert!(problem(timed(0)).contains("duration_ms"));
        assert!(problem(timed(600_001)).contains("duration_ms"));
        assert!(parse_entry(&timed(600_000), Instant::now()).is_ok());
    }

    #[test]
    fn oversized_needs_a_field_bytes_and_an_auth_target() {
        let spec = |target: &str, field: Value, bytes: Value| json!({"target": target, "kind": "oversized", "field": field, "bytes": bytes});
        let ok = parse_entry(&spec("login", json!("body"), json!(10)), Instant::now());
        assert!(ok.is_ok());
        assert!(problem(spec("service", json!("body"), json!(10))).contains("login or refresh"));
        assert!(problem(spec("refresh", json!("token"), json!(10))).contains("field"));
        assert!(problem(spec("refresh", json!("body"), json!(0))).contains("bytes"));
        let too_big = json!(MAX_OVERSIZED_BYTES + 1);
        assert!(problem(spec("refresh", json!("body"), too_big)).contains("bytes"));
        let no_bytes = json!({"target": "login", "kind": "oversized", "field": "body"});
        assert!(problem(no_bytes).contains("bytes"));
    }
}
