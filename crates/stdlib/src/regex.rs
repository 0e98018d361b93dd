//! The `_re` module: Python regular expressions on the `fancy-regex`
//! engine (backtracking, with look-around and backreferences), behind a
//! translation of Python's pattern syntax into the engine's.
//!
//! The native side compiles patterns (cached by pattern and flags) and
//! finds matches, reporting group spans as character positions; the
//! `re` module (`lib/re.py`) builds `Pattern` and `Match` objects,
//! substitution and splitting on top.
//!
//! Translation: `\Z` is the engine's `\z`; `$` without MULTILINE also
//! matches before a final newline, as in Python; a `{` that is not a
//! repetition is a literal; `[`, `&&`, `--`, `~~` inside a class are
//! literals; octal escapes become `\x{..}`; the ASCII flag narrows `\d`,
//! `\w`, `\s` and `\b`; `(?#...)` comments are dropped.

use std::cell::RefCell;
use std::collections::HashMap;

use fancy_regex::Regex;
use runtime::{Host, Object, PyErr, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::{index_argument, positional};

pub static MODULE: NativeModule = NativeModule {
    name: "_re",
    functions: &[
        ("compile", compile),
        ("search", search),
        ("group_names", group_names),
        ("all_spans", all_spans),
        ("subn_literal", subn_literal),
        ("purge", purge),
    ],
    init: Some(init),
};

// Python's flag values.
const IGNORECASE: i64 = 2;
const LOCALE: i64 = 4;
const MULTILINE: i64 = 8;
const DOTALL: i64 = 16;
const UNICODE: i64 = 32;
const VERBOSE: i64 = 64;
const DEBUG: i64 = 128;
const ASCII: i64 = 256;

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    for (name, value) in [
        ("IGNORECASE", IGNORECASE),
        ("LOCALE", LOCALE),
        ("MULTILINE", MULTILINE),
        ("DOTALL", DOTALL),
        ("UNICODE", UNICODE),
        ("VERBOSE", VERBOSE),
        ("DEBUG", DEBUG),
        ("ASCII", ASCII),
    ] {
        runtime::objects::module::set(rt, module, name, Value::small_int(value));
    }
    Ok(())
}

/// A compiled pattern: the search form, and (compiled on first use) the
/// form anchored where a search starts (`match`) and the one anchored at
/// both ends (`fullmatch`).
struct Compiled {
    translated: String,
    search: Regex,
    anchored: std::cell::OnceCell<Result<Regex, String>>,
    full: std::cell::OnceCell<Result<Regex, String>>,
    groups: usize,
    names: Vec<(String, usize)>,
}

thread_local! {
    static PATTERNS: RefCell<Vec<Compiled>> = const { RefCell::new(Vec::new()) };
    static CACHE: RefCell<HashMap<(String, i64), usize>> = RefCell::new(HashMap::new());
}

/// Python pattern text → the engine's syntax.
pub fn translate(pattern: &str, flags: i64) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let ascii = flags & ASCII != 0;
    let multiline = flags & MULTILINE != 0;
    let verbose = flags & VERBOSE != 0;
    let mut i = 0;
    let mut group_count = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                i += 1;
                let Some(&next) = chars.get(i) else {
                    return Err("bad escape (end of pattern)".into());
                };
                i += 1;
                translate_escape(next, &chars, &mut i, &mut out, ascii, false, group_count)?;
            }
            '[' => {
                i = translate_class(&chars, i, &mut out, ascii)?;
            }
            '$' => {
                if multiline {
                    out.push_str("(?m:$)");
                } else {
                    out.push_str("(?=\\n?\\z)");
                }
                i += 1;
            }
            '{' => {
                // A repetition only when it reads {m}, {m,}, {,n} or {m,n}.
                let close = chars[i..].iter().position(|c| *c == '}').map(|p| i + p);
                let body: Option<String> = close.map(|e| chars[i + 1..e].iter().collect());
                let valid = body.as_deref().is_some_and(|b| {
                    let (low, high) = match b.split_once(',') {
                        Some((l, h)) => (l, Some(h)),
                        None => (b, None),
                    };
                    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
                    digits(low)
                        && high.is_none_or(digits)
                        && !(low.is_empty() && high.is_none_or(str::is_empty))
                        && i > 0
                });
                match (valid, body, close) {
                    (true, Some(b), Some(e)) => {
                        out.push('{');
                        if b.starts_with(',') {
                            out.push('0');
                        }
                        out.push_str(&b);
                        out.push('}');
                        i = e + 1;
                    }
                    _ => {
                        out.push_str("\\{");
                        i += 1;
                    }
                }
            }
            '}' => {
                out.push_str("\\}");
                i += 1;
            }
            '(' => {
                if chars.get(i + 1) == Some(&'?') {
                    if chars.get(i + 2) == Some(&'#') {
                        // A comment group.
                        let end = chars[i..]
                            .iter()
                            .position(|c| *c == ')')
                            .ok_or("missing ), unterminated comment")?;
                        i += end + 1;
                        continue;
                    }
                    if chars.get(i + 2) == Some(&'P') && chars.get(i + 3) == Some(&'<') {
                        group_count += 1;
                    }
                } else {
                    group_count += 1;
                }
                out.push('(');
                i += 1;
            }
            '#' if verbose => {
                // A comment to the end of the line.
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if verbose && c.is_whitespace() => {
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    let mut prefix = String::new();
    if flags & IGNORECASE != 0 {
        prefix.push('i');
    }
    if flags & DOTALL != 0 {
        prefix.push('s');
    }
    if multiline {
        prefix.push('m');
    }
    if prefix.is_empty() {
        Ok(out)
    } else {
        Ok(format!("(?{prefix}){out}"))
    }
}

/// One escape (after the backslash), outside (`in_class` false) or inside
/// a character class.
fn translate_escape(
    c: char,
    chars: &[char],
    i: &mut usize,
    out: &mut String,
    ascii: bool,
    in_class: bool,
    group_count: usize,
) -> Result<(), String> {
    match c {
        'd' if ascii => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
        'D' if ascii => out.push_str(if in_class {
            "\\x00-/:-\\x{10FFFF}"
        } else {
            "[^0-9]"
        }),
        'w' if ascii => out.push_str(if in_class {
            "0-9A-Za-z_"
        } else {
            "[0-9A-Za-z_]"
        }),
        'W' if ascii => out.push_str("[^0-9A-Za-z_]"),
        's' if ascii => out.push_str(if in_class {
            " \\t\\n\\r\\x0B\\x0C"
        } else {
            "[ \\t\\n\\r\\x0B\\x0C]"
        }),
        'S' if ascii => out.push_str("[^ \\t\\n\\r\\x0B\\x0C]"),
        'b' if ascii && !in_class => out.push_str("(?-u:\\b)"),
        'B' if ascii && !in_class => out.push_str("(?-u:\\B)"),
        'b' if in_class => out.push_str("\\x08"),
        'Z' => out.push_str("\\z"),
        'A' | 'b' | 'B' | 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'n' | 't' | 'r' | 'f' | 'v' => {
            out.push('\\');
            out.push(c);
        }
        'a' => out.push_str("\\x07"),
        'x' | 'u' | 'U' => {
            let digits = match c {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex: String = chars.iter().skip(*i).take(digits).collect();
            if hex.len() != digits || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                return Err(format!("incomplete escape \\{c}{hex}"));
            }
            *i += digits;
            let code = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
            if char::from_u32(code).is_none() {
                return Err(format!("bad escape \\{c}{hex}"));
            }
            out.push_str(&format!("\\x{{{code:X}}}"));
        }
        '0'..='7'
            if c == '0'
                || in_class
                || chars.get(*i).is_some_and(|d| ('0'..='7').contains(d))
                    && chars.get(*i + 1).is_some_and(|d| ('0'..='7').contains(d)) =>
        {
            // An octal escape: up to three digits.
            let mut text = String::from(c);
            while text.len() < 3 && chars.get(*i).is_some_and(|d| ('0'..='7').contains(d)) {
                text.push(chars[*i]);
                *i += 1;
            }
            let code = u32::from_str_radix(&text, 8).map_err(|e| e.to_string())?;
            out.push_str(&format!("\\x{{{code:X}}}"));
        }
        '1'..='9' => {
            let mut text = String::from(c);
            if chars.get(*i).is_some_and(|d| d.is_ascii_digit()) {
                text.push(chars[*i]);
                *i += 1;
            }
            let number: usize = text.parse().map_err(|_| "bad group number")?;
            if number > group_count {
                return Err(format!("invalid group reference {number}"));
            }
            out.push('\\');
            out.push_str(&text);
        }
        c if c.is_ascii_alphanumeric() => {
            return Err(format!("bad escape \\{c}"));
        }
        c => {
            // Any other character stands for itself.
            push_literal(out, c);
        }
    }
    Ok(())
}

/// A literal character, escaped where the engine gives it a meaning.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' {
        out.push('\\');
    }
    out.push(c);
}

/// A character class starting at `chars[start]` (`[`); returns the index
/// after its `]`.
fn translate_class(
    chars: &[char],
    start: usize,
    out: &mut String,
    ascii: bool,
) -> Result<usize, String> {
    let mut i = start + 1;
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    // A `]` first is a literal.
    if chars.get(i) == Some(&']') {
        out.push_str("\\]");
        i += 1;
    }
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(format!("unterminated character set at position {start}"));
        };
        i += 1;
        match c {
            ']' => {
                out.push(']');
                return Ok(i);
            }
            '\\' => {
                let Some(&next) = chars.get(i) else {
                    return Err("bad escape (end of pattern)".into());
                };
                i += 1;
                translate_escape(next, chars, &mut i, out, ascii, true, usize::MAX)?;
            }
            '[' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.get(i) == Some(&'-') => {
                out.push_str("\\-");
            }
            c => out.push(c),
        }
    }
}

fn regex_error(rt: &mut Runtime, message: String) -> PyErr {
    let error_type = runtime::objects::module::registered(rt, "re")
        .and_then(|m| runtime::objects::module::get(rt, m, "error"));
    match error_type {
        Some(t) => rt.error(t, message),
        None => rt.value_error(message),
    }
}

fn build(pattern: &str) -> Result<Regex, String> {
    fancy_regex::RegexBuilder::new(pattern)
        .backtrack_limit(10_000_000)
        .build()
        .map_err(|e| e.to_string())
}

/// `compile(pattern, flags)`: a handle to the compiled pattern.
fn compile(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "compile", args, kw, 2, 2)?;
    let Some(pattern) = as_str(args[0]) else {
        return Err(rt.type_error("first argument must be string or compiled pattern"));
    };
    let flags = index_argument(rt, host, args[1])?;
    let key = (pattern.to_string(), flags);
    if let Some(handle) = CACHE.with(|c| c.borrow().get(&key).copied()) {
        return Ok(Value::small_int(handle as i64));
    }
    let translated = translate(pattern, flags).map_err(|m| regex_error(rt, m))?;
    let search = build(&translated).map_err(|m| regex_error(rt, m))?;
    let groups = search.captures_len().saturating_sub(1);
    let names = search
        .capture_names()
        .enumerate()
        .filter_map(|(i, n)| n.map(|n| (n.to_string(), i)))
        .collect();
    let handle = PATTERNS.with(|p| {
        let mut p = p.borrow_mut();
        p.push(Compiled {
            translated,
            search,
            anchored: std::cell::OnceCell::new(),
            full: std::cell::OnceCell::new(),
            groups,
            names,
        });
        p.len() - 1
    });
    CACHE.with(|c| c.borrow_mut().insert(key, handle));
    Ok(Value::small_int(handle as i64))
}

fn handle_of(rt: &mut Runtime, value: Value) -> PyResult<usize> {
    if value.is_small_int() && value.as_small_int() >= 0 {
        let handle = value.as_small_int() as usize;
        if PATTERNS.with(|p| handle < p.borrow().len()) {
            return Ok(handle);
        }
    }
    Err(rt.type_error("not a compiled pattern"))
}

/// `group_names(handle)`: (group count, {name: index}).
fn group_names(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "group_names", args, kw, 1, 1)?;
    let handle = handle_of(rt, args[0])?;
    let (groups, names) = PATTERNS.with(|p| {
        let p = p.borrow();
        (p[handle].groups, p[handle].names.clone())
    });
    let mut dict = runtime::Dict::new();
    for (name, index) in names {
        let key = rt.new_str(&name);
        let key = rt.key(key)?;
        dict.insert(key, Value::small_int(index as i64));
    }
    let dict = rt.new_dict(dict);
    Ok(rt.new_tuple(vec![Value::small_int(groups as i64), dict]))
}

/// `purge()` (`re.purge()` calls it after clearing its own cache of
/// pattern objects). Compiled forms are kept: a pattern object may still
/// hold a handle to one, and nothing tells when it no longer does, so
/// compiling a pattern again after a purge must find the same compiled
/// form rather than add another (pyperformance's regex_compile, which
/// purges between rounds, grew to 424 MB when the purge emptied the
/// cache). The memory held is one compiled form per distinct pattern and
/// flags the program ever compiled.
fn purge(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional(rt, "purge", args, kw, 0, 0)?;
    Ok(Value::NONE)
}

/// Byte offset ↔ character index conversion for one subject string.
struct Positions<'a> {
    text: &'a str,
    ascii: bool,
}

impl Positions<'_> {
    fn byte_of(&self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }
    fn char_of(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        self.text[..byte].chars().count()
    }
}

/// Which compiled form a search uses.
#[derive(Clone, Copy)]
enum Mode {
    Search,
    Match,
    Full,
}

/// The (start, end) byte offsets of every group of a match (`None` for a
/// group that did not take part).
type Spans = Vec<Option<(usize, usize)>>;

/// Which spans a search must report.
#[derive(Clone, Copy, PartialEq)]
enum Groups {
    /// Every group's: a `Match` object is made from them.
    All,
    /// The whole match's only (a literal substitution): the engine's
    /// plain find runs instead of its capturing search, which for most
    /// patterns is a DFA scan without per-search allocation.
    WholeMatch,
}

/// The spans of the match at or after byte `from` in `text`, as byte
/// offsets (`None` for a group that did not take part). With
/// [`Groups::WholeMatch`] only the first span is meaningful.
fn find(
    compiled: &Compiled,
    text: &str,
    from: usize,
    mode: Mode,
    groups: Groups,
) -> Result<Option<Spans>, String> {
    let regex = match mode {
        Mode::Search => &compiled.search,
        Mode::Match => compiled
            .anchored
            .get_or_init(|| build(&format!("\\G(?:{})", compiled.translated)))
            .as_ref()
            .map_err(Clone::clone)?,
        Mode::Full => compiled
            .full
            .get_or_init(|| build(&format!("\\G(?:{})\\z", compiled.translated)))
            .as_ref()
            .map_err(Clone::clone)?,
    };
    if groups == Groups::WholeMatch || compiled.groups == 0 {
        let found = regex.find_from_pos(text, from).map_err(|e| e.to_string())?;
        return Ok(found.map(|m| vec![Some((m.start(), m.end()))]));
    }
    let captures = regex
        .captures_from_pos(text, from)
        .map_err(|e| e.to_string())?;
    Ok(captures.map(|c| {
        (0..=compiled.groups)
            .map(|g| c.get(g).map(|m| (m.start(), m.end())))
            .collect()
    }))
}

/// The flat tuple `re.Match` keeps: (start, end) character positions per
/// group (-1, -1 for a group that did not take part), then the search's
/// `pos` and `endpos` (clamped to the string, as `Match.pos` reports them).
fn spans_value(
    rt: &mut Runtime,
    positions: &Positions,
    spans: &[Option<(usize, usize)>],
    (pos, endpos): (usize, usize),
) -> Value {
    let mut items = Vec::with_capacity(2 * spans.len() + 2);
    for span in spans {
        let (start, end) = match span {
            Some((s, e)) => (positions.char_of(*s) as i64, positions.char_of(*e) as i64),
            None => (-1, -1),
        };
        items.push(Value::small_int(start));
        items.push(Value::small_int(end));
    }
    items.push(Value::small_int(pos as i64));
    items.push(Value::small_int(endpos as i64));
    rt.new_tuple(items)
}

/// The text a search runs over: a `str` (or a `str` subclass's value).
fn subject_text(rt: &mut Runtime, value: Value) -> PyResult<&'static str> {
    match as_str(runtime::protocol::builtin_value(value)) {
        Some(text) => Ok(text),
        None => {
            let message = format!(
                "expected string or bytes-like object, got '{}'",
                rt.type_name(value)
            );
            Err(rt.type_error(message))
        }
    }
}

fn subject(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
) -> PyResult<(usize, &'static str, usize, usize)> {
    let handle = handle_of(rt, args[0])?;
    let text = subject_text(rt, args[1])?;
    let length = match args[1].object().map(|o| &o.payload) {
        Some(Object::Str(s)) if s.is_ascii() => text.len(),
        _ => text.chars().count(),
    };
    let clamp = |v: i64| -> usize { v.clamp(0, length as i64) as usize };
    let pos = clamp(index_argument(rt, host, args[2])?);
    let endpos = if args[3].is_none() {
        length
    } else {
        clamp(index_argument(rt, host, args[3])?)
    };
    Ok((handle, text, pos, endpos.max(pos)))
}

/// `search(handle, string, pos, endpos, mode)`: the match's flat tuple
/// (see [`spans_value`]), or None. `endpos` None is the string's end.
/// `mode`: 0 search, 1 match, 2 fullmatch.
fn search(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "search", args, kw, 5, 5)?;
    let (handle, text, pos, endpos) = subject(rt, host, args)?;
    let mode = match index_argument(rt, host, args[4])? {
        1 => Mode::Match,
        2 => Mode::Full,
        _ => Mode::Search,
    };
    let positions = Positions {
        text,
        ascii: text.is_ascii(),
    };
    let start = positions.byte_of(pos);
    let end = positions.byte_of(endpos);
    let window = &text[..end];
    let found = PATTERNS.with(|p| find(&p.borrow()[handle], window, start, mode, Groups::All));
    match found {
        Ok(Some(spans)) => Ok(spans_value(rt, &positions, &spans, (pos, endpos))),
        Ok(None) => Ok(Value::NONE),
        Err(message) => Err(rt.runtime_error(format!("regular expression failed: {message}"))),
    }
}

/// Calls `each` with the byte spans of every non-overlapping match in
/// `window` from byte `at`, as `finditer` and `sub` see them: after an
/// empty match the next match may not be empty at the same place. Stops
/// early when `each` returns false.
fn for_each_match(
    handle: usize,
    window: &str,
    mut at: usize,
    groups: Groups,
    mut each: impl FnMut(&Spans) -> bool,
) -> Result<(), String> {
    let mut previous_empty_at: Option<usize> = None;
    while at <= window.len() {
        let found =
            PATTERNS.with(|p| find(&p.borrow()[handle], window, at, Mode::Search, groups))?;
        let Some(spans) = found else { break };
        let Some((s, e)) = spans[0] else { break };
        if s == e && previous_empty_at == Some(s) {
            // Not the same empty match again: try one character later.
            match window[s..].chars().next() {
                Some(c) => {
                    at = s + c.len_utf8();
                    previous_empty_at = None;
                    continue;
                }
                None => break,
            }
        }
        if !each(&spans) {
            break;
        }
        previous_empty_at = (s == e).then_some(e);
        at = e;
    }
    Ok(())
}

/// `all_spans(handle, string, pos, endpos)`: the flat tuple of every
/// non-overlapping match (see [`for_each_match`]).
fn all_spans(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "all_spans", args, kw, 4, 4)?;
    let (handle, text, pos, endpos) = subject(rt, host, args)?;
    let positions = Positions {
        text,
        ascii: text.is_ascii(),
    };
    let window = &text[..positions.byte_of(endpos)];
    let mut results = Vec::new();
    let walked = for_each_match(
        handle,
        window,
        positions.byte_of(pos),
        Groups::All,
        |spans| {
            results.push(spans_value(rt, &positions, spans, (pos, endpos)));
            true
        },
    );
    if let Err(message) = walked {
        return Err(rt.runtime_error(format!("regular expression failed: {message}")));
    }
    Ok(rt.new_list(results))
}

/// `subn_literal(handle, replacement, string, count)`: `Pattern.subn`
/// with a replacement string that has no backslash (so no group
/// references): `(new string, number of replacements)`, built here
/// without a `Match` object per match.
fn subn_literal(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "subn_literal", args, kw, 4, 4)?;
    let Some(replacement) = as_str(runtime::protocol::builtin_value(args[1])) else {
        return Err(rt.type_error("replacement must be a string"));
    };
    let handle = handle_of(rt, args[0])?;
    let text = subject_text(rt, args[2])?;
    let count = index_argument(rt, host, args[3])?;
    // As in CPython, 0 replaces all and a negative count replaces none.
    let limit = if count == 0 {
        usize::MAX
    } else {
        count.max(0) as usize
    };
    let mut out = String::new();
    let mut last = 0;
    let mut replaced = 0usize;
    let walked = for_each_match(handle, text, 0, Groups::WholeMatch, |spans| {
        if replaced >= limit {
            return false;
        }
        let (s, e) = spans[0].unwrap_or((last, last));
        out.push_str(&text[last..s]);
        out.push_str(replacement);
        last = e;
        replaced += 1;
        true
    });
    if let Err(message) = walked {
        return Err(rt.runtime_error(format!("regular expression failed: {message}")));
    }
    let result = if replaced == 0 {
        // Nothing replaced: CPython returns the subject itself when it is
        // an exact str.
        match args[2].object().map(|o| &o.payload) {
            Some(Object::Str(_)) => args[2],
            _ => rt.new_str(text),
        }
    } else {
        out.push_str(&text[last..]);
        rt.new_string(out)
    };
    Ok(rt.new_tuple(vec![result, Value::small_int(replaced as i64)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_syntax_is_translated() {
        assert_eq!(translate(r"a\Z", 0).unwrap(), r"a\z");
        assert_eq!(translate(r"a{", 0).unwrap(), r"a\{");
        assert_eq!(translate(r"a{,3}", 0).unwrap(), r"a{0,3}");
        assert_eq!(translate(r"[[]", 0).unwrap(), r"[\[]");
        assert_eq!(translate(r"x$", 0).unwrap(), r"x(?=\n?\z)");
        assert_eq!(translate(r"a(?#note)b", 0).unwrap(), "ab");
        assert_eq!(translate(r"\d", ASCII).unwrap(), "[0-9]");
        assert!(translate(r"\q", 0).is_err());
    }
}
