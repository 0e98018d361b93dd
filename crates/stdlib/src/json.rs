//! The `_json` module: JSON decoding and encoding in Rust, as CPython's
//! `_json` accelerates its `json` package. `lib/json` calls these for the
//! common case (no hooks, no indent, only built-in values) and keeps its
//! Python code for everything else; both give the same values, the same
//! text and the same errors.
//!
//! - `scan(s, idx, strict, whole)` decodes the JSON value at character
//!   index `idx` of `s`. It returns `(True, value, end)`, or
//!   `(False, message, position)` for a syntax error (the caller raises
//!   `JSONDecodeError`), or `None` when the Python decoder must run (a
//!   lone surrogate escape, which the runtime cannot store yet). With
//!   `whole`, leading and trailing whitespace is skipped and anything after
//!   the value is an `Extra data` error, as `JSONDecoder.decode` does.
//! - `encode(o, ensure_ascii, allow_nan, sort_keys, skipkeys,
//!   check_circular, item_separator, key_separator)` is the JSON text of
//!   `o`, or `None` when `o` holds something only the Python encoder
//!   handles (a type needing `default`, a subclass, non-str keys to sort).
//! - `encode_basestring(s)` and `encode_basestring_ascii(s)` quote a str.

use std::borrow::Cow;

use num_bigint::BigInt;
use runtime::objects::dict::Dict;
use runtime::{Host, Object, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::positional;

pub static MODULE: NativeModule = NativeModule {
    name: "_json",
    functions: &[
        ("scan", scan),
        ("encode", encode),
        ("encode_basestring", encode_basestring),
        ("encode_basestring_ascii", encode_basestring_ascii),
    ],
    init: None,
};

// ---- decoding ---------------------------------------------------------------

/// Why a scan stopped.
enum ScanError {
    /// A syntax error: CPython's message and the byte offset it names.
    Syntax(&'static str, usize),
    /// Nesting deeper than the recursion limit.
    TooDeep,
    /// Something the Python decoder must handle.
    Unsupported,
}

type Scan<T> = Result<T, ScanError>;

/// A recursive-descent reader over the UTF-8 bytes of the document.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    strict: bool,
    depth: usize,
    depth_limit: usize,
    /// The items of the arrays and the entries of the objects being read,
    /// innermost last: one buffer for the whole document, so each
    /// container is allocated once at its exact size.
    pending_items: Vec<Value>,
    pending_entries: Vec<(Value, Value)>,
}

/// A str value of `text`, without copying an owned string again.
fn new_str(rt: &mut Runtime, text: Cow<'_, str>) -> Value {
    match text {
        Cow::Borrowed(text) => rt.new_str(text),
        Cow::Owned(text) => rt.new_string(text),
    }
}

fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner<'_> {
    fn skip_whitespace(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && is_json_whitespace(self.bytes[i]) {
            i += 1;
        }
        i
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        self.bytes[i..].starts_with(word.as_bytes())
    }

    fn value(&mut self, rt: &mut Runtime, i: usize) -> Scan<(Value, usize)> {
        let Some(&c) = self.bytes.get(i) else {
            return Err(ScanError::Syntax("Expecting value", i));
        };
        match c {
            b'"' => {
                let (text, end) = self.string(i + 1)?;
                Ok((new_str(rt, text), end))
            }
            b'{' => self.nested(rt, i + 1, Self::object),
            b'[' => self.nested(rt, i + 1, Self::array),
            b'n' if self.starts_with(i, "null") => Ok((Value::NONE, i + 4)),
            b't' if self.starts_with(i, "true") => Ok((Value::TRUE, i + 4)),
            b'f' if self.starts_with(i, "false") => Ok((Value::FALSE, i + 5)),
            b'N' if self.starts_with(i, "NaN") => Ok((Value::float(f64::NAN), i + 3)),
            b'I' if self.starts_with(i, "Infinity") => Ok((Value::float(f64::INFINITY), i + 8)),
            b'-' if self.starts_with(i, "-Infinity") => {
                Ok((Value::float(f64::NEG_INFINITY), i + 9))
            }
            b'-' | b'0'..=b'9' => self.number(rt, i),
            _ => Err(ScanError::Syntax("Expecting value", i)),
        }
    }

    /// An object or array, counted against the recursion limit.
    fn nested(
        &mut self,
        rt: &mut Runtime,
        i: usize,
        read: fn(&mut Self, &mut Runtime, usize) -> Scan<(Value, usize)>,
    ) -> Scan<(Value, usize)> {
        if self.depth >= self.depth_limit {
            return Err(ScanError::TooDeep);
        }
        self.depth += 1;
        let result = read(self, rt, i);
        self.depth -= 1;
        result
    }

    fn digits_end(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && self.bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    }

    fn number(&mut self, rt: &mut Runtime, start: usize) -> Scan<(Value, usize)> {
        let bytes = self.bytes;
        let mut i = start;
        if bytes[i] == b'-' {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = self.digits_end(i),
            _ => return Err(ScanError::Syntax("Expecting value", start)),
        }
        let integer_end = i;
        let mut is_float = false;
        if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i = self.digits_end(i + 2);
            is_float = true;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(bytes.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if bytes.get(j).is_some_and(u8::is_ascii_digit) {
                i = self.digits_end(j);
                is_float = true;
            }
        }
        if is_float {
            let literal = &self.text[start..i];
            let value = literal.parse::<f64>().map_err(|_| ScanError::Unsupported)?;
            return Ok((Value::float(value), i));
        }
        let literal = &self.text[start..integer_end];
        let value = match literal.parse::<i64>() {
            Ok(small) => rt.new_int(small),
            Err(_) => match literal.parse::<BigInt>() {
                // Past `sys.get_int_max_str_digits()`, `int()` must raise:
                // the Python decoder does it.
                Ok(_)
                    if runtime::builtins::int_max_str_digits() != 0
                        && literal.len() > runtime::builtins::int_max_str_digits() =>
                {
                    return Err(ScanError::Unsupported);
                }
                Ok(big) => rt.new_bigint(big),
                Err(_) => return Err(ScanError::Unsupported),
            },
        };
        Ok((value, integer_end))
    }

    /// The str whose opening quote is just before `i`, and the offset
    /// after its closing quote (borrowed from the document when it has no
    /// escapes).
    fn string(&self, mut i: usize) -> Scan<(Cow<'_, str>, usize)> {
        let bytes = self.bytes;
        let begin = i - 1;
        let plain_end = i + bytes[i..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < b' ')
            .unwrap_or(bytes.len() - i);
        if bytes.get(plain_end) == Some(&b'"') {
            return Ok((Cow::Borrowed(&self.text[i..plain_end]), plain_end + 1));
        }
        let mut out = String::new();
        loop {
            let mut j = i;
            while j < bytes.len()
                && bytes[j] != b'"'
                && bytes[j] != b'\\'
                && (bytes[j] >= b' ' || !self.strict)
            {
                j += 1;
            }
            if j >= bytes.len() {
                return Err(ScanError::Syntax("Unterminated string starting at", begin));
            }
            out.push_str(&self.text[i..j]);
            match bytes[j] {
                b'"' => return Ok((Cow::Owned(out), j + 1)),
                b'\\' => {}
                _ => return Err(ScanError::Syntax("Invalid control character at", j)),
            }
            let Some(&escape) = bytes.get(j + 1) else {
                return Err(ScanError::Syntax("Unterminated string starting at", begin));
            };
            let simple = match escape {
                b'"' => Some('"'),
                b'\\' => Some('\\'),
                b'/' => Some('/'),
                b'b' => Some('\u{8}'),
                b'f' => Some('\u{c}'),
                b'n' => Some('\n'),
                b'r' => Some('\r'),
                b't' => Some('\t'),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                i = j + 2;
                continue;
            }
            if escape != b'u' {
                return Err(ScanError::Syntax("Invalid \\escape", j));
            }
            let mut code = self.hex4(j + 2)?;
            i = j + 6;
            if (0xd800..=0xdbff).contains(&code) && self.starts_with(i, "\\u") {
                let low = self.hex4(i + 2)?;
                if (0xdc00..=0xdfff).contains(&low) {
                    code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                    i += 6;
                }
            }
            // A lone surrogate: the runtime's strings cannot hold one.
            out.push(char::from_u32(code).ok_or(ScanError::Unsupported)?);
        }
    }

    fn hex4(&self, i: usize) -> Scan<u32> {
        self.bytes
            .get(i..i + 4)
            .filter(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u32::from_str_radix(digits, 16).ok())
            .ok_or(ScanError::Syntax("Invalid \\uXXXX escape", i - 1))
    }

    /// A dict of the entries pushed on `pending` since `first`.
    fn finish_object(&mut self, rt: &mut Runtime, first: usize) -> Value {
        let mut dict = Dict::with_capacity(self.pending_entries.len() - first);
        for (key, value) in self.pending_entries.drain(first..) {
            if let Some(key) = rt.key_of_str(key) {
                dict.insert(key, value);
            }
        }
        rt.new_dict(dict)
    }

    /// What follows an item of a container that `close` ends:
    /// `Ok(Ok(next))` after a comma (`next` is where the next item
    /// starts), `Ok(Err(end))` after the closing byte.
    fn after_item(&self, after: usize, close: u8) -> Scan<Result<usize, usize>> {
        let i = self.skip_whitespace(after);
        match self.bytes.get(i) {
            Some(&b) if b == close => Ok(Err(i + 1)),
            Some(b',') => Ok(Ok(self.skip_whitespace(i + 1))),
            _ => Err(ScanError::Syntax("Expecting ',' delimiter", i)),
        }
    }

    fn object(&mut self, rt: &mut Runtime, i: usize) -> Scan<(Value, usize)> {
        let first = self.pending_entries.len();
        let mut i = self.skip_whitespace(i);
        if self.bytes.get(i) == Some(&b'}') {
            return Ok((rt.new_dict(Dict::new()), i + 1));
        }
        loop {
            if self.bytes.get(i) != Some(&b'"') {
                return Err(ScanError::Syntax(
                    "Expecting property name enclosed in double quotes",
                    i,
                ));
            }
            let (key, after_key) = self.string(i + 1)?;
            i = self.skip_whitespace(after_key);
            if self.bytes.get(i) != Some(&b':') {
                return Err(ScanError::Syntax("Expecting ':' delimiter", i));
            }
            i = self.skip_whitespace(i + 1);
            let key = new_str(rt, key);
            let (value, after_value) = self.value(rt, i)?;
            self.pending_entries.push((key, value));
            match self.after_item(after_value, b'}')? {
                Ok(next) => i = next,
                Err(end) => return Ok((self.finish_object(rt, first), end)),
            }
        }
    }

    fn array(&mut self, rt: &mut Runtime, i: usize) -> Scan<(Value, usize)> {
        let first = self.pending_items.len();
        let mut i = self.skip_whitespace(i);
        if self.bytes.get(i) == Some(&b']') {
            return Ok((rt.new_list(Vec::new()), i + 1));
        }
        loop {
            let (value, after_value) = self.value(rt, i)?;
            self.pending_items.push(value);
            match self.after_item(after_value, b']')? {
                Ok(next) => i = next,
                Err(end) => {
                    let items = self.pending_items.split_off(first);
                    return Ok((rt.new_list(items), end));
                }
            }
        }
    }
}

/// The byte offset of character index `index` in `text` (its length when
/// past the end).
fn byte_offset(text: &str, index: usize) -> usize {
    if text.is_ascii() {
        return index.min(text.len());
    }
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(offset, _)| offset)
}

/// The character index of byte offset `offset` in `text`.
fn char_index(text: &str, offset: usize) -> usize {
    if text.is_ascii() {
        offset
    } else {
        text[..offset].chars().count()
    }
}

/// `_json.scan(s, idx, strict, whole)`.
fn scan(rt: &mut Runtime, _: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "scan", args, kw, 4, 4)?;
    let Some(text) = as_str(args[0]) else {
        return Err(rt.type_error("scan() argument 1 must be str"));
    };
    if !args[1].is_small_int() || args[1].as_small_int() < 0 {
        return Err(rt.type_error("scan() argument 2 must be a non-negative int"));
    }
    let strict = args[2] != Value::FALSE;
    let whole = args[3] == Value::TRUE;
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        strict,
        depth: 0,
        depth_limit: rt.recursion_limit,
        pending_items: Vec::new(),
        pending_entries: Vec::new(),
    };
    let mut start = byte_offset(text, args[1].as_small_int() as usize);
    if whole {
        start = scanner.skip_whitespace(start);
    }
    let scanned = scanner.value(rt, start).and_then(|(value, end)| {
        if !whole {
            return Ok((value, end));
        }
        let end = scanner.skip_whitespace(end);
        if end != text.len() {
            return Err(ScanError::Syntax("Extra data", end));
        }
        Ok((value, end))
    });
    let failure = |rt: &mut Runtime, message: &str, offset: usize| {
        let message = rt.new_str(message);
        let position = Value::small_int(char_index(text, offset) as i64);
        rt.new_tuple(vec![Value::FALSE, message, position])
    };
    Ok(match scanned {
        Ok((value, end)) => {
            let end = Value::small_int(char_index(text, end) as i64);
            rt.new_tuple(vec![Value::TRUE, value, end])
        }
        Err(ScanError::Syntax(message, offset)) => failure(rt, message, offset),
        Err(ScanError::TooDeep) => {
            let recursion_error = rt.types.recursion_error;
            return Err(rt.error(
                recursion_error,
                "maximum recursion depth exceeded while decoding a JSON document",
            ));
        }
        Err(ScanError::Unsupported) => Value::NONE,
    })
}

// ---- encoding ---------------------------------------------------------------

/// Appends `text` quoted as a JSON string: with `ascii`, every character
/// past `~` as a `\uXXXX` escape (a surrogate pair above the BMP).
fn quote_into(out: &mut String, text: &str, ascii: bool) {
    use std::fmt::Write;
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if !ascii || (c as u32) < 0x7f => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let n = c as u32 - 0x10000;
                let _ = write!(
                    out,
                    "\\u{:04x}\\u{:04x}",
                    0xd800 | ((n >> 10) & 0x3ff),
                    0xdc00 | (n & 0x3ff)
                );
            }
        }
    }
    out.push('"');
}

/// `s` quoted as a JSON string (the one argument of the quoting
/// functions called `name`), escaping non-ASCII characters with `ascii`.
fn quote_argument(
    rt: &mut Runtime,
    name: &str,
    args: &[Value],
    kw: &[Value],
    ascii: bool,
) -> PyResult<Value> {
    let args = positional(rt, name, args, kw, 1, 1)?;
    let Some(text) = as_str(args[0]) else {
        let message = format!(
            "first argument must be a string, not {}",
            rt.type_name(args[0])
        );
        return Err(rt.type_error(message));
    };
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text, ascii);
    Ok(rt.new_string(out))
}

/// `_json.encode_basestring(s)`.
fn encode_basestring(
    rt: &mut Runtime,
    _: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    quote_argument(rt, "encode_basestring", args, kw, false)
}

/// `_json.encode_basestring_ascii(s)`.
fn encode_basestring_ascii(
    rt: &mut Runtime,
    _: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    quote_argument(rt, "encode_basestring_ascii", args, kw, true)
}

/// Why encoding stopped.
enum EncodeError {
    /// A Python exception to raise.
    Raise(runtime::PyErr),
    /// The Python encoder must do this document.
    Unsupported,
}

impl From<runtime::PyErr> for EncodeError {
    fn from(error: runtime::PyErr) -> Self {
        EncodeError::Raise(error)
    }
}

struct Encoder {
    ascii: bool,
    allow_nan: bool,
    sort_keys: bool,
    skip_keys: bool,
    check_circular: bool,
    item_separator: &'static str,
    key_separator: &'static str,
    /// The containers being encoded, outermost first (cycle detection).
    open: Vec<Value>,
    depth_limit: usize,
    out: String,
}

impl Encoder {
    fn float(&mut self, rt: &mut Runtime, f: f64) -> Result<(), EncodeError> {
        let special = if f.is_nan() {
            "NaN"
        } else if f == f64::INFINITY {
            "Infinity"
        } else if f == f64::NEG_INFINITY {
            "-Infinity"
        } else {
            self.out.push_str(&runtime::objects::float::repr(f));
            return Ok(());
        };
        if !self.allow_nan {
            return Err(rt
                .value_error("Out of range float values are not JSON compliant")
                .into());
        }
        self.out.push_str(special);
        Ok(())
    }

    fn big_int(&mut self, rt: &mut Runtime, i: &BigInt) -> Result<(), EncodeError> {
        let text = runtime::objects::int::decimal_string_checked(rt, i)?;
        self.out.push_str(&text);
        Ok(())
    }

    /// Enters a container: a cycle is an error (or, unchecked, the Python
    /// encoder's business), and so is nesting past the recursion limit.
    fn enter(&mut self, rt: &mut Runtime, container: Value) -> Result<(), EncodeError> {
        if self.open.contains(&container) {
            if !self.check_circular {
                return Err(EncodeError::Unsupported);
            }
            return Err(rt.value_error("Circular reference detected").into());
        }
        if self.open.len() >= self.depth_limit {
            let recursion_error = rt.types.recursion_error;
            return Err(rt
                .error(
                    recursion_error,
                    "maximum recursion depth exceeded while encoding a JSON object",
                )
                .into());
        }
        self.open.push(container);
        Ok(())
    }

    fn value(&mut self, rt: &mut Runtime, value: Value) -> Result<(), EncodeError> {
        if value.is_small_int() {
            self.out.push_str(&value.as_small_int().to_string());
            return Ok(());
        }
        if value.is_float() {
            return self.float(rt, value.as_float());
        }
        match value {
            Value::NONE => {
                self.out.push_str("null");
                return Ok(());
            }
            Value::TRUE => {
                self.out.push_str("true");
                return Ok(());
            }
            Value::FALSE => {
                self.out.push_str("false");
                return Ok(());
            }
            _ => {}
        }
        let Some(object) = value.object() else {
            return Err(EncodeError::Unsupported);
        };
        match &object.payload {
            Object::Str(s) => quote_into(&mut self.out, &s.text, self.ascii),
            Object::WideInt(i) => {
                use std::fmt::Write;
                let _ = write!(self.out, "{}", i.get());
            }
            Object::BigInt(i) => self.big_int(rt, i)?,
            Object::List(items) => {
                let items = items.borrow().clone();
                self.sequence(rt, value, &items)?;
            }
            Object::Tuple(items) => self.sequence(rt, value, items)?,
            Object::Dict(dict) => {
                let entries: Vec<(Value, Value)> = dict.borrow().iter().collect();
                self.dict(rt, value, entries)?;
            }
            _ => return Err(EncodeError::Unsupported),
        }
        Ok(())
    }

    fn sequence(
        &mut self,
        rt: &mut Runtime,
        container: Value,
        items: &[Value],
    ) -> Result<(), EncodeError> {
        if items.is_empty() {
            self.out.push_str("[]");
            return Ok(());
        }
        self.enter(rt, container)?;
        self.out.push('[');
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.out.push_str(self.item_separator);
            }
            self.value(rt, *item)?;
        }
        self.out.push(']');
        self.open.pop();
        Ok(())
    }

    /// A key as JSON text, or `None` to skip it (`skipkeys`).
    fn key(&mut self, rt: &mut Runtime, key: Value) -> Result<Option<String>, EncodeError> {
        if let Some(text) = as_str(key) {
            return Ok(Some(text.to_string()));
        }
        let text = match key {
            Value::TRUE => "true".to_string(),
            Value::FALSE => "false".to_string(),
            Value::NONE => "null".to_string(),
            k if k.is_small_int() => k.as_small_int().to_string(),
            k if k.is_float() => {
                let saved = std::mem::take(&mut self.out);
                let written = self.float(rt, k.as_float());
                let text = std::mem::replace(&mut self.out, saved);
                written?;
                text
            }
            k => match k.object().map(|o| &o.payload) {
                Some(Object::WideInt(i)) => i.get().to_string(),
                Some(Object::BigInt(i)) => runtime::objects::int::decimal_string_checked(rt, i)?,
                // A subclass of str or int may convert differently.
                Some(Object::Instance(_)) => return Err(EncodeError::Unsupported),
                _ if self.skip_keys => return Ok(None),
                _ => {
                    let message = format!(
                        "keys must be str, int, float, bool or None, not {}",
                        rt.type_name(k)
                    );
                    return Err(rt.type_error(message).into());
                }
            },
        };
        Ok(Some(text))
    }

    fn dict(
        &mut self,
        rt: &mut Runtime,
        container: Value,
        mut entries: Vec<(Value, Value)>,
    ) -> Result<(), EncodeError> {
        if entries.is_empty() {
            self.out.push_str("{}");
            return Ok(());
        }
        if self.sort_keys {
            // Python compares the keys; only str keys are sorted here
            // (by code point, which UTF-8 byte order is).
            if entries.iter().any(|(k, _)| as_str(*k).is_none()) {
                return Err(EncodeError::Unsupported);
            }
            entries.sort_by(|a, b| as_str(a.0).cmp(&as_str(b.0)));
        }
        self.enter(rt, container)?;
        self.out.push('{');
        let mut first = true;
        for (key, value) in entries {
            let Some(key) = self.key(rt, key)? else {
                continue;
            };
            if !first {
                self.out.push_str(self.item_separator);
            }
            first = false;
            quote_into(&mut self.out, &key, self.ascii);
            self.out.push_str(self.key_separator);
            self.value(rt, value)?;
        }
        self.out.push('}');
        self.open.pop();
        Ok(())
    }
}

/// `_json.encode(o, ensure_ascii, allow_nan, sort_keys, skipkeys,
/// check_circular, item_separator, key_separator)`.
fn encode(rt: &mut Runtime, _: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "encode", args, kw, 8, 8)?;
    let truth = |v: Value| v == Value::TRUE;
    let (Some(item_separator), Some(key_separator)) = (as_str(args[6]), as_str(args[7])) else {
        return Ok(Value::NONE);
    };
    let mut encoder = Encoder {
        ascii: truth(args[1]),
        allow_nan: truth(args[2]),
        sort_keys: truth(args[3]),
        skip_keys: truth(args[4]),
        check_circular: truth(args[5]),
        item_separator,
        key_separator,
        open: Vec::new(),
        depth_limit: rt.recursion_limit,
        out: String::new(),
    };
    match encoder.value(rt, args[0]) {
        Ok(()) => Ok(rt.new_string(encoder.out)),
        Err(EncodeError::Raise(error)) => Err(error),
        Err(EncodeError::Unsupported) => Ok(Value::NONE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_json_requires() {
        let mut out = String::new();
        quote_into(&mut out, "a\"b\\\n\u{1}\u{7f}é😀", true);
        assert_eq!(out, "\"a\\\"b\\\\\\n\\u0001\\u007f\\u00e9\\ud83d\\ude00\"");
        let mut out = String::new();
        quote_into(&mut out, "\u{7f}é\t", false);
        assert_eq!(out, "\"\u{7f}é\\t\"");
    }

    #[test]
    fn offsets_convert_between_bytes_and_characters() {
        assert_eq!(byte_offset("héllo", 2), 3);
        assert_eq!(char_index("héllo", 3), 2);
        assert_eq!(byte_offset("abc", 10), 3);
    }
}
