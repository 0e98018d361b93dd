//! Exceptions' built-in fields (`value`, `code`, `errno`, `strerror`)
//! and `BaseException.__init__`.

use crate::object::Object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// `StopIteration.value`, `SystemExit.code`, `OSError.errno`/`strerror`:
/// fields CPython fills from the constructor's arguments.
pub(crate) fn exception_field(
    rt: &mut Runtime,
    exception: Value,
    args: Value,
    field: &str,
) -> Option<Value> {
    let items: Vec<Value> = match args.object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    };
    let kind = rt.type_of(exception);
    let first_or_none = || items.first().copied().unwrap_or(Value::NONE);
    match field {
        "value" if rt.is_subtype(kind, rt.types.stop_iteration) => Some(first_or_none()),
        "code" if rt.is_subtype(kind, rt.types.system_exit) => Some(match items.len() {
            0 => Value::NONE,
            1 => items[0],
            _ => args,
        }),
        "errno" | "strerror" if rt.is_subtype(kind, rt.types.os_error) => {
            if items.len() >= 2 {
                Some(if field == "errno" { items[0] } else { items[1] })
            } else {
                Some(Value::NONE)
            }
        }
        _ => None,
    }
}

/// `BaseException.__init__(self, *args)`: sets `args`.
pub fn exception_init(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let Some(this) = args.first().copied() else {
        return Err(rt.type_error("BaseException.__init__ needs an argument"));
    };
    if !kw.is_empty() {
        let message = format!("{}() takes no keyword arguments", rt.type_name(this));
        return Err(rt.type_error(message));
    }
    let tuple = rt.new_tuple(args[1..].to_vec());
    if let Some(Object::Exception(e)) = this.object().map(|o| &o.payload) {
        e.borrow_mut().args = tuple;
    }
    Ok(Value::NONE)
}

/// `BaseException.add_note(note)`: appends to `__notes__`.
pub fn exception_add_note(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    if args.len() != 2 || !kw.is_empty() {
        return Err(rt.type_error("add_note() takes exactly one argument"));
    }
    let (this, note) = (args[0], args[1]);
    if crate::as_str(note).is_none() {
        let message = format!("note must be a str, not '{}'", rt.type_name(note));
        return Err(rt.type_error(message));
    }
    let notes_name = rt.intern_static("__notes__");
    let notes = match crate::protocol::get_attribute(rt, host, this, notes_name) {
        Ok(existing) => existing,
        Err(e) if rt.error_matches(e, rt.types.attribute_error) => {
            let list = rt.new_list(Vec::new());
            crate::protocol::set_attribute(rt, host, this, notes_name, Some(list))?;
            list
        }
        Err(e) => return Err(e),
    };
    match notes.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            rt.list_push(items, note);
            Ok(Value::NONE)
        }
        _ => Err(rt.type_error("Cannot add note: __notes__ is not a list")),
    }
}

/// `BaseException.with_traceback(tb)`: tracebacks are not objects yet, so
/// only `None` (or the exception's own) is accepted; returns the exception.
pub fn exception_with_traceback(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(rt.type_error("with_traceback() takes exactly one argument"));
    }
    if !args[1].is_none() {
        return Err(rt.not_implemented("traceback objects are not supported yet"));
    }
    Ok(args[0])
}
