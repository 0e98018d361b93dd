//! `repr()` and `str()` of built-in values, byte-for-byte as CPython prints
//! them (quote choice and escapes for strings, `[...]` for cycles).

use crate::object::{DictViewKind, Object};
use crate::objects::int;
use crate::types::type_object;
use crate::value::Value;
use crate::{PyResult, Runtime, as_str};

/// What a repr in progress carries: the containers being printed (to show
/// cycles as `[...]`) and the interpreter, for user `__repr__` methods.
pub struct ReprState<'h> {
    active: Vec<Value>,
    host: &'h mut dyn crate::Host,
}

/// `repr(value)` where no interpreter is at hand: a user `__repr__` met
/// on the way raises (see [`crate::NoHost`]).
pub fn repr(rt: &mut Runtime, value: Value) -> PyResult<String> {
    repr_with(rt, &mut crate::NoHost, value)
}

/// `repr(value)`, calling user `__repr__` methods through `host`.
pub fn repr_with(rt: &mut Runtime, host: &mut dyn crate::Host, value: Value) -> PyResult<String> {
    let mut out = String::new();
    let mut state = ReprState {
        active: Vec::new(),
        host,
    };
    write_repr(rt, value, &mut out, &mut state)?;
    Ok(out)
}

/// `ascii(value)`: the repr with every non-ASCII character escaped.
pub fn ascii(rt: &mut Runtime, value: Value) -> PyResult<String> {
    ascii_with(rt, &mut crate::NoHost, value)
}

/// `ascii(value)`, calling user `__repr__` methods through `host`.
pub fn ascii_with(rt: &mut Runtime, host: &mut dyn crate::Host, value: Value) -> PyResult<String> {
    let text = crate::protocol::repr(rt, host, value)?;
    Ok(escape_non_ascii(&text))
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for every non-ASCII character.
pub fn escape_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        match code {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{code:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{code:04x}")),
            _ => out.push_str(&format!("\\U{code:08x}")),
        }
    }
    out
}

/// `str(value)`.
pub fn to_str(rt: &mut Runtime, value: Value) -> PyResult<String> {
    if let Some(s) = as_str(value) {
        return Ok(s.to_string());
    }
    if let Some(Object::Exception(e)) = value.object().map(|o| &o.payload) {
        let args = e.borrow().args;
        let items: Vec<Value> = match args.object().map(|o| &o.payload) {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => vec![],
        };
        let exception_type = rt.type_of(value);
        if items.len() == 2 && rt.is_subtype(exception_type, rt.types.os_error) {
            // `OSError(errno, strerror)` prints as `[Errno N] text`.
            let errno = to_str(rt, items[0])?;
            let text = to_str(rt, items[1])?;
            // `OSError(errno, strerror, filename)` adds `: 'filename'`.
            let attributes = e.borrow().attributes;
            let filename = if attributes.is_null() {
                None
            } else {
                crate::objects::module::dict_get(rt, attributes, "filename")
            };
            return Ok(match filename {
                Some(f) if !f.is_none() => {
                    let shown = repr(rt, f)?;
                    format!("[Errno {errno}] {text}: {shown}")
                }
                _ => format!("[Errno {errno}] {text}"),
            });
        }
        return match items.len() {
            0 => Ok(String::new()),
            1 if rt.type_of(value) == rt.types.key_error => repr(rt, items[0]),
            1 => to_str(rt, items[0]),
            _ => repr(rt, args),
        };
    }
    repr(rt, value)
}

/// The repr of a `str`: quotes chosen as CPython does, with escapes.
pub fn repr_str(text: &str) -> String {
    let mut out = String::new();
    write_repr_str(&mut out, text);
    out
}

/// Is `text` printable ASCII without a quote or a backslash, so that its
/// repr is itself between single quotes?
pub fn repr_is_quoted_text(text: &str) -> bool {
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'\\' && b != b'\'')
}

/// Appends `repr(text)` for a `str`: CPython's choice of quotes and its
/// escapes.
pub fn write_repr_str(out: &mut String, text: &str) {
    if repr_is_quoted_text(text) {
        out.reserve(text.len() + 2);
        out.push('\'');
        out.push_str(text);
        out.push('\'');
        return;
    }
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.reserve(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                if code < 0x100 {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
}

/// `str.isprintable` for one character (what `repr` leaves unescaped).
pub fn is_printable(c: char) -> bool {
    crate::unicode::is_printable(c)
}

/// `module.qualname` of a user class (`__main__.Point`), the bare name
/// of a built-in type.
pub fn class_path(rt: &mut Runtime, class: Value) -> String {
    let name = type_object(class).map_or("?", |t| t.name);
    let Some(data) = crate::objects::class::class_data(class) else {
        return name.to_string();
    };
    let qualname = as_str(data.qualname.get()).unwrap_or(name).to_string();
    let module_key = rt.key_of_str(rt.names.dunder_module);
    let module = module_key.and_then(|k| data.dict.borrow().get(k));
    match module.and_then(as_str) {
        Some("builtins") => qualname,
        Some(module) => format!("{module}.{qualname}"),
        None => qualname,
    }
}

/// Runs a user `__repr__`; it must return a `str`.
fn call_user_repr(
    rt: &mut Runtime,
    state: &mut ReprState,
    method: Value,
    value: Value,
) -> PyResult<String> {
    let result = crate::protocol::call_special(rt, state.host, method, value, &[])?;
    crate::protocol::string_result(rt, result, "__repr__")
}

fn address(value: Value) -> String {
    format!("0x{:x}", value.bits() & 0xffff_ffff_ffff)
}

fn write_sequence(
    rt: &mut Runtime,
    items: &[Value],
    open: &str,
    close: &str,
    out: &mut String,
    active: &mut ReprState,
) -> PyResult<()> {
    out.push_str(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(rt, *item, out, active)?;
    }
    out.push_str(close);
    Ok(())
}

fn write_repr(
    rt: &mut Runtime,
    value: Value,
    out: &mut String,
    active: &mut ReprState,
) -> PyResult<()> {
    if value.is_float() {
        out.push_str(&crate::objects::float::repr(value.as_float()));
        return Ok(());
    }
    if value.is_small_int() {
        out.push_str(&value.as_small_int().to_string());
        return Ok(());
    }
    let Some(object) = value.object() else {
        out.push_str(match value {
            Value::NONE => "None",
            Value::TRUE => "True",
            Value::FALSE => "False",
            Value::ELLIPSIS => "Ellipsis",
            Value::NOT_IMPLEMENTED => "NotImplemented",
            _ => "<NULL>",
        });
        return Ok(());
    };
    let is_container = matches!(
        object.payload,
        Object::List(_)
            | Object::Tuple(_)
            | Object::Dict(_)
            | Object::Set(_)
            | Object::FrozenSet(_)
            | Object::DictView(_)
    );
    if is_container {
        if active.active.contains(&value) {
            out.push_str(match object.payload {
                Object::Dict(_) => "{...}",
                _ => "[...]",
            });
            return Ok(());
        }
        if active.active.len() > 900 {
            return Err(rt.error(
                rt.types.recursion_error,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        active.active.push(value);
    }
    let result = write_object_repr(rt, value, object, out, active);
    if is_container {
        active.active.pop();
    }
    result
}

fn write_object_repr(
    rt: &mut Runtime,
    value: Value,
    object: &'static crate::HeapObject,
    out: &mut String,
    active: &mut ReprState,
) -> PyResult<()> {
    match &object.payload {
        Object::Str(s) => write_repr_str(out, &s.text),
        Object::WideInt(w) => {
            use std::fmt::Write;
            let _ = write!(out, "{}", w.get());
        }
        Object::BigInt(b) => out.push_str(&int::decimal_string_checked(rt, b)?),
        Object::List(items) => {
            let items = items.borrow().clone();
            write_sequence(rt, &items, "[", "]", out, active)?;
        }
        Object::Tuple(items) => {
            if items.len() == 1 {
                out.push('(');
                write_repr(rt, items[0], out, active)?;
                out.push_str(",)");
            } else {
                write_sequence(rt, items, "(", ")", out, active)?;
            }
        }
        Object::Dict(d) => {
            let entries: Vec<(Value, Value)> = d.borrow().iter().collect();
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(rt, k, out, active)?;
                out.push_str(": ");
                write_repr(rt, v, out, active)?;
            }
            out.push('}');
        }
        Object::Set(s) => {
            let items: Vec<Value> = s.borrow().iter().collect();
            if items.is_empty() {
                out.push_str("set()");
            } else {
                write_sequence(rt, &items, "{", "}", out, active)?;
            }
        }
        Object::FrozenSet(s) => {
            let items: Vec<Value> = s.iter().collect();
            if items.is_empty() {
                out.push_str("frozenset()");
            } else {
                write_sequence(rt, &items, "frozenset({", "})", out, active)?;
            }
        }
        Object::BigRange(r) => {
            if r.step == num_bigint::BigInt::from(1) {
                out.push_str(&format!("range({}, {})", r.start, r.stop));
            } else {
                out.push_str(&format!("range({}, {}, {})", r.start, r.stop, r.step));
            }
        }
        Object::Range(r) => {
            if r.step == 1 {
                out.push_str(&format!("range({}, {})", r.start, r.stop));
            } else {
                out.push_str(&format!("range({}, {}, {})", r.start, r.stop, r.step));
            }
        }
        Object::Slice(s) => {
            let s = *s;
            out.push_str("slice(");
            write_sequence(rt, &[s.start, s.stop, s.step], "", "", out, active)?;
            out.push(')');
        }
        Object::Function(f) => {
            let name = as_str(f.qualname.get()).unwrap_or("?");
            out.push_str(&format!("<function {name} at {}>", address(value)));
        }
        Object::NativeFunction(f) => match f.owner.and_then(type_object) {
            Some(owner) => out.push_str(&format!(
                "<method '{}' of '{}' objects>",
                f.name, owner.name
            )),
            None => out.push_str(&format!("<built-in function {}>", f.name)),
        },
        Object::BoundMethod(m) => {
            let name = match m.function.object().map(|o| &o.payload) {
                Some(Object::NativeFunction(f)) => f.name,
                _ => "?",
            };
            out.push_str(&format!(
                "<built-in method {name} of {} object at {}>",
                rt.type_name(m.receiver),
                address(m.receiver)
            ));
        }
        Object::Code(c) => out.push_str(&format!(
            "<code object {} at {}>",
            c.code.name,
            address(value)
        )),
        Object::Cell(_) => out.push_str(&format!("<cell at {}>", address(value))),
        Object::Type(_)
            if crate::protocol::is_user_object(rt, value)
                && crate::protocol::special(rt, value, "__repr__").is_some() =>
        {
            // A metaclass's `__repr__` (`<enum 'Color'>`).
            let method = crate::protocol::special(rt, value, "__repr__").unwrap_or(Value::NONE);
            let text = call_user_repr(rt, active, method, value)?;
            out.push_str(&text);
        }
        Object::Type(_) => {
            let name = class_path(rt, value);
            out.push_str(&format!("<class '{name}'>"));
        }
        Object::Exception(_)
            if crate::protocol::is_user_object(rt, value)
                && crate::protocol::special(rt, value, "__repr__").is_some() =>
        {
            let method = crate::protocol::special(rt, value, "__repr__").unwrap_or(Value::NONE);
            let text = call_user_repr(rt, active, method, value)?;
            out.push_str(&text);
        }
        Object::Exception(e) => {
            let (exception_type, args) = {
                let e = e.borrow();
                (e.exception_type, e.args)
            };
            let name = type_object(exception_type).map_or("Exception", |t| t.name);
            out.push_str(name);
            let items: Vec<Value> = match args.object().map(|o| &o.payload) {
                Some(Object::Tuple(t)) => t.to_vec(),
                _ => vec![],
            };
            if items.len() == 1 {
                out.push('(');
                write_repr(rt, items[0], out, active)?;
                out.push(')');
            } else {
                write_sequence(rt, &items, "(", ")", out, active)?;
            }
        }
        Object::Iterator(state) => {
            let name = state.borrow().type_name();
            out.push_str(&format!("<{name} object at {}>", address(value)));
        }
        Object::DictView(view) => {
            let prefix = match view.kind {
                DictViewKind::Keys => "dict_keys([",
                DictViewKind::Values => "dict_values([",
                DictViewKind::Items => "dict_items([",
            };
            let items: Vec<Value> = match view.dict.object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => {
                    let entries: Vec<(Value, Value)> = d.borrow().iter().collect();
                    match view.kind {
                        DictViewKind::Keys => entries.into_iter().map(|(k, _)| k).collect(),
                        DictViewKind::Values => entries.into_iter().map(|(_, v)| v).collect(),
                        DictViewKind::Items => entries
                            .into_iter()
                            .map(|(k, v)| rt.new_tuple(vec![k, v]))
                            .collect(),
                    }
                }
                _ => vec![],
            };
            write_sequence(rt, &items, prefix, "])", out, active)?;
        }
        Object::Generator(g) => {
            let name = as_str(g.borrow().name).unwrap_or("?").to_string();
            out.push_str(&format!("<generator object {name} at {}>", address(value)));
        }
        Object::Module(_) => out.push_str(&crate::objects::module::repr(rt, value)),
        Object::Instance(i) => {
            let repr_name = rt.intern_static("__repr__");
            if let Some(method) = crate::objects::class::lookup_user(rt, i.class, repr_name) {
                let text = call_user_repr(rt, active, method, value)?;
                out.push_str(&text);
            } else if let Some(base) = crate::objects::instance::base_value(i) {
                // A built-in subclass shows as its built-in value.
                write_repr(rt, base, out, active)?;
            } else {
                let name = class_path(rt, i.class);
                out.push_str(&format!("<{name} object at {}>", address(value)));
            }
        }
        Object::StaticMethod(_) => {
            out.push_str(&format!("<staticmethod object at {}>", address(value)))
        }
        Object::ClassMethod(_) => {
            out.push_str(&format!("<classmethod object at {}>", address(value)))
        }
        Object::Property(_) => out.push_str(&format!("<property object at {}>", address(value))),
        Object::Super(s) => out.push_str(&crate::objects::descriptor::super_repr(rt, s)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_repr_quotes_and_escapes() {
        assert_eq!(repr_str("abc"), "'abc'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("both ' and \""), "'both \\' and \"'");
        assert_eq!(repr_str("a\nb\t\\"), "'a\\nb\\t\\\\'");
        assert_eq!(repr_str("\x01\u{7f}"), "'\\x01\\x7f'");
        assert_eq!(repr_str("héllo ✓"), "'héllo ✓'");
        assert_eq!(repr_str("\u{a0}"), "'\\xa0'");
    }
}
