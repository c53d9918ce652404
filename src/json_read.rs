//! Settings read into, and written out of, a configuration through one table of typed slots,
//! with errors that name the full key path (`token.storageKey: expected a string, got a
//! number`) and reject unknown keys. Written out rather than derived: serde's derives and a
//! path-tracking deserializer were a third of the wasm, which every user of every app
//! downloads; one `match` over slot kinds also costs less than a generic reader per type.

use crate::config::{StorageKind, TimeUnit};
use crate::error::AuthError;
use crate::json::Value;
use crate::json_text::Writer;

/// A setting's key and the slot it reads into and writes from.
pub type Entry<'a> = (&'static str, Slot<'a>);

/// Where one setting lives in a configuration, and how it is typed in settings.
pub enum Slot<'a> {
    /// A string.
    Text(&'a mut String),
    /// A string, or `null` to clear it.
    NullableText(&'a mut Option<String>),
    /// A boolean.
    Flag(&'a mut bool),
    /// A finite number.
    Number(&'a mut f64),
    /// A finite number, or `null` to clear it.
    NullableNumber(&'a mut Option<f64>),
    /// A whole number of milliseconds, up to 2^32-1.
    Millis(&'a mut u32),
    /// `session`, `local` or `memory`.
    Storage(&'a mut StorageKind),
    /// `seconds`, `minutes` or `milliseconds`.
    Unit(&'a mut TimeUnit),
    /// An array of strings, or `null`.
    Origins(&'a mut Option<Vec<String>>),
    /// A string or `null`, kept apart from absent (`None`); written last, and only when set.
    Scheme(&'a mut Option<Option<String>>),
    /// An array of whole HTTP statuses.
    Statuses(&'a mut Vec<u16>),
    /// A nested object, read with its path (`"token."`).
    Section(&'static str, Vec<Entry<'a>>),
    /// An allowed key read elsewhere (the callbacks): never read nor written here.
    Ignored,
}

impl Slot<'_> {
    /// What settings must hold here, for error messages.
    fn expected(&self) -> &'static str {
        match self {
            Slot::Text(_) => "a string",
            Slot::NullableText(_) | Slot::Scheme(_) => "a string or null",
            Slot::Flag(_) => "a boolean",
            Slot::Number(_) => "a number",
            Slot::NullableNumber(_) => "a number or null",
            Slot::Millis(_) => "a whole number",
            Slot::Storage(_) => "one of session, local, memory",
            Slot::Unit(_) => "one of seconds, minutes, milliseconds",
            Slot::Origins(_) => "an array of strings or null",
            Slot::Statuses(_) => "an array of HTTP statuses",
            Slot::Section(..) => "an object",
            Slot::Ignored => "",
        }
    }

    /// Choices are read before the other keys of their object.
    fn is_choice(&self) -> bool {
        matches!(self, Slot::Storage(_) | Slot::Unit(_))
    }

    /// Stores `v`; `false` (leaving the slot as it was) when `v` has the wrong type.
    fn store(&mut self, v: &Value) -> bool {
        match self {
            Slot::Text(s) => v.as_str().map(|x| **s = x.to_owned()).is_some(),
            Slot::NullableText(s) => nullable_text(v).map(|x| **s = x).is_some(),
            Slot::Scheme(s) => nullable_text(v).map(|x| **s = Some(x)).is_some(),
            Slot::Flag(b) => match v {
                Value::Bool(x) => {
                    **b = *x;
                    true
                }
                _ => false,
            },
            Slot::Number(n) => finite(v).map(|x| **n = x).is_some(),
            Slot::NullableNumber(n) => match v {
                Value::Null => {
                    **n = None;
                    true
                }
                _ => finite(v).map(|x| **n = Some(x)).is_some(),
            },
            Slot::Millis(m) => whole(v, f64::from(u32::MAX))
                .map(|x| **m = x as u32)
                .is_some(),
            Slot::Storage(s) => v
                .as_str()
                .and_then(StorageKind::named)
                .map(|k| **s = k)
                .is_some(),
            Slot::Unit(u) => v
                .as_str()
                .and_then(TimeUnit::named)
                .map(|k| **u = k)
                .is_some(),
            Slot::Origins(o) => origins(v).map(|x| **o = x).is_some(),
            Slot::Statuses(s) => statuses(v).map(|x| **s = x).is_some(),
            // A section holds an object, which `read_one` reads before it gets here.
            Slot::Section(..) => false,
            Slot::Ignored => true,
        }
    }

    /// Writes this slot's value as `config()` returns it; `false` when it is left out.
    fn write(&self, key: &str, w: Writer) -> (Writer, bool) {
        let w = match self {
            Slot::Text(s) => w.text(key, s),
            Slot::NullableText(s) => nullable(w, key, s),
            Slot::Scheme(Some(s)) => nullable(w, key, s),
            Slot::Flag(b) => w.flag(key, **b),
            Slot::Number(n) => w.number(key, Some(**n)),
            Slot::NullableNumber(n) => w.number(key, **n),
            Slot::Millis(m) => w.number(key, Some(f64::from(**m))),
            Slot::Storage(s) => w.text(key, s.as_str()),
            Slot::Unit(u) => w.text(key, u.as_str()),
            Slot::Origins(o) => match o {
                Some(list) => w.raw(key, &strings(list.iter().map(String::as_str))),
                None => w.raw(key, "null"),
            },
            Slot::Statuses(s) => {
                let mut list = Writer::open('[');
                for status in s.iter() {
                    list = list.number("", Some(f64::from(*status)));
                }
                w.raw(key, &list.close(']'))
            }
            Slot::Section(_, entries) => w.raw(key, &write(entries)),
            Slot::Scheme(None) | Slot::Ignored => return (w, false),
        };
        (w, true)
    }
}

/// Reads the object `members` (at `path`, `""` or `"token."`) into `entries`: an unknown key
/// fails first, then each present key in table order, choices before the rest. Slots before
/// the first bad key are already written, so read into a copy.
///
/// # Errors
/// [`AuthError::Config`] naming the path of the first unknown or wrongly typed key.
pub fn read(
    path: &str,
    members: &[(String, Value)],
    entries: &mut [Entry<'_>],
) -> Result<(), AuthError> {
    check_keys(path, members, entries)?;
    for choices in [true, false] {
        for (key, slot) in entries.iter_mut() {
            if slot.is_choice() != choices {
                continue;
            }
            if let Some((_, v)) = members.iter().find(|(k, _)| k == key) {
                read_one(path, key, slot, v)?;
            }
        }
    }
    Ok(())
}

fn read_one(path: &str, key: &str, slot: &mut Slot<'_>, v: &Value) -> Result<(), AuthError> {
    if let (Slot::Section(inner, entries), Value::Object(members)) = (&mut *slot, v) {
        return read(inner, members, entries);
    }
    if slot.store(v) {
        return Ok(());
    }
    let expected = slot.expected();
    Err(AuthError::Config(match v {
        Value::String(s) if slot.is_choice() => {
            crate::text::concat(&[path, key, ": \"", s, "\" is not ", expected])
        }
        _ => crate::text::concat(&[path, key, ": expected ", expected, ", got ", v.type_name()]),
    }))
}

fn check_keys(
    path: &str,
    members: &[(String, Value)],
    entries: &[Entry<'_>],
) -> Result<(), AuthError> {
    let Some((key, _)) = members
        .iter()
        .find(|(k, _)| !entries.iter().any(|(name, _)| name == k))
    else {
        return Ok(());
    };
    let names: Vec<&str> = entries.iter().map(|(name, _)| *name).collect();
    Err(AuthError::Config(crate::text::concat(&[
        path,
        key,
        ": unknown key (expected one of: ",
        &crate::text::join(&names, ", "),
        ")",
    ])))
}

/// The object of `entries` as `config()` returns it (JSON text): in table order, `Scheme`
/// last.
pub fn write(entries: &[Entry<'_>]) -> String {
    let mut w = Writer::open('{');
    for last in [false, true] {
        for (key, slot) in entries {
            if matches!(slot, Slot::Scheme(_)) == last {
                w = slot.write(key, w).0;
            }
        }
    }
    w.close('}')
}

fn nullable(w: Writer, key: &str, s: &Option<String>) -> Writer {
    match s {
        Some(s) => w.text(key, s),
        None => w.raw(key, "null"),
    }
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut list = Writer::open('[');
    for item in items {
        list = list.text("", item);
    }
    list.close(']')
}

fn nullable_text(v: &Value) -> Option<Option<String>> {
    match v {
        Value::Null => Some(None),
        _ => v.as_str().map(|s| Some(s.to_owned())),
    }
}

fn origins(v: &Value) -> Option<Option<Vec<String>>> {
    match v {
        Value::Null => Some(None),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()
            .map(Some),
        _ => None,
    }
}

fn statuses(v: &Value) -> Option<Vec<u16>> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| whole(i, 999.0).map(|n| n as u16))
            .collect(),
        _ => None,
    }
}

fn finite(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite())
}

fn whole(v: &Value, max: f64) -> Option<f64> {
    finite(v).filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= max)
}
