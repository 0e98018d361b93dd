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
