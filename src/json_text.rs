//! JSON text to [`Value`] and back: what crosses between the wasm and JS (settings, server
//! replies, stored tokens, events) travels as JSON text, so that no JS object is walked from
//! wasm (each JS call from wasm costs generated glue on both sides).
//!
//! Numbers are converted by the platform (`platform.rs`): in the browser by JS itself
//! (`Number(text)`, `String(n)`), which keeps Rust's float parser and formatter out of the wasm
//! and writes numbers exactly as `JSON.stringify` does.

use crate::json::Value;
use crate::platform;

/// Nesting beyond this is refused: settings and token responses are shallow.
const MAX_DEPTH: u32 = 64;

/// Parses JSON text; `None` when it is not one JSON value.
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = p.value(0)?;
    p.space();
    (p.at == p.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after white space) when it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn word(&mut self, word: &[u8], value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Object(members))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Array(items))
            }
            b'"' => self.string().map(Value::String),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'n' => self.word(b"null", Value::Null),
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        let first = text.bytes().next()?;
        // `Number()` also takes "", "+1", ".5" and "Infinity"; JSON does not.
        let json_start = first == b'-' || first.is_ascii_digit();
        let json_end = text.bytes().last().is_some_and(|b| b.is_ascii_digit());
        if !json_start || !json_end {
            return None;
        }
        platform::number_from_text(text).map(Value::Number)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.iter().try_fold(0, |n, &d| {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return None,
            };
            Some(n << 4 | u32::from(v))
        })
    }

    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let byte = self.peek()?;
            self.at += 1;
            match byte {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let escape = self.peek()?;
                    self.at += 1;
                    let c = match escape {
                        b'"' | b'\\' | b'/' => char::from(escape),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return None,
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return None,
                _ => out.push(byte),
            }
        }
    }

    /// The character of a `\u` escape (the `\u` consumed), joining a surrogate pair; a lone
    /// surrogate (which Rust strings cannot hold) becomes U+FFFD, as `TextDecoder` does.
    fn unicode(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if (0xd800..0xdc00).contains(&high) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
        {
            let mark = self.at;
            self.at += 2;
            let low = self.hex4()?;
            if (0xdc00..0xe000).contains(&low) {
                return char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00));
            }
            self.at = mark;
        }
        Some(char::from_u32(high).unwrap_or('\u{fffd}'))
    }
}

/// Writes `value` as JSON text, as `JSON.stringify` would.
pub fn write(value: &Value) -> String {
    let mut out = String::new();
    write_into(&mut out, value);
    out
}

fn write_into(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&platform::number_to_text(*n)),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_into(out, item);
            }
            out.push('}');
        }
    }
}

/// JSON text written piece by piece, for what the core returns: cheaper in wasm than
/// building a [`Value`] to write it. An empty key writes an array element.
pub struct Writer {
    out: String,
    first: bool,
}

impl Writer {
    /// Starts an object (`'{'`) or an array (`'['`).
    pub fn open(bracket: char) -> Self {
        Writer {
            out: String::from(bracket),
            first: true,
        }
    }

    fn member(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        if !key.is_empty() {
            write_string(&mut self.out, key);
            self.out.push(':');
        }
        &mut self.out
    }

    /// A string member.
    pub fn text(mut self, key: &str, v: &str) -> Self {
        write_string(self.member(key), v);
        self
    }

    /// A number member; `None` is `null`.
    pub fn number(mut self, key: &str, v: Option<f64>) -> Self {
        write_into(self.member(key), &v.map_or(Value::Null, Value::Number));
        self
    }

    /// A boolean member.
    pub fn flag(mut self, key: &str, v: bool) -> Self {
        write_into(self.member(key), &Value::Bool(v));
        self
    }

    /// A member that is JSON text already.
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.member(key).push_str(json);
        self
    }

    /// Ends the object or array with `bracket`.
    pub fn close(mut self, bracket: char) -> String {
        self.out.push(bracket);
        self.out
    }
}

fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let n = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[path = "json_text_tests.rs"]
mod tests;
