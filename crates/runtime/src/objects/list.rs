//! The methods of `list`, and of `tuple` (`index` and `count`, shared
//! with `list`).

use crate::builtins::{Arguments, sort_values};
use crate::methods::*;
use crate::object::Object;
use crate::objects::int::as_int;
use crate::ops;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

pub(crate) fn list_of(args: &[Value]) -> &'static crate::barrier::GcRefCell<Vec<Value>> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::List(items)) => items,
        _ => unreachable_list(),
    }
}

/// Method descriptors are only ever called with a receiver of their own
/// type (the interpreter checks `owner`), so this is not reachable; it
/// returns an empty, leaked list rather than panicking.
pub(crate) fn unreachable_list() -> &'static crate::barrier::GcRefCell<Vec<Value>> {
    Box::leak(Box::new(crate::barrier::GcRefCell::new(Vec::new())))
}

pub(crate) fn list_append(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "list.append", args, kw, 1, 1)?;
    rt.list_push(list_of(args), args[1]);
    Ok(Value::NONE)
}

pub(crate) fn list_extend(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "list.extend", args, kw, 1, 1)?;
    let items = ops::iterate(rt, host, args[1])?;
    rt.heap.charge(items.len() * std::mem::size_of::<Value>());
    list_of(args).borrow_mut().extend(items);
    Ok(Value::NONE)
}

pub(crate) fn list_insert(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "insert", args, kw, 2, 2)?;
    let Some(index) = ops::index_value(rt, args[1])? else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(args[1])
        );
        return Err(rt.type_error(message));
    };
    let mut list = list_of(args).borrow_mut();
    let length = list.len() as i64;
    let at = if index < 0 {
        (index + length).max(0)
    } else {
        index.min(length)
    };
    list.insert(at as usize, args[2]);
    Ok(Value::NONE)
}

pub(crate) fn list_pop(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "pop", args, kw, 0, 1)?;
    let list = list_of(args);
    let length = list.borrow().len() as i64;
    if length == 0 {
        return Err(rt.index_error("pop from empty list"));
    }
    let index = match args.get(1) {
        Some(v) => match ops::index_value(rt, *v)? {
            Some(i) => i,
            None => {
                let message = format!(
                    "'{}' object cannot be interpreted as an integer",
                    rt.type_name(*v)
                );
                return Err(rt.type_error(message));
            }
        },
        None => -1,
    };
    let at = if index < 0 { index + length } else { index };
    if at < 0 || at >= length {
        return Err(rt.index_error("pop index out of range"));
    }
    Ok(list.borrow_mut().remove(at as usize))
}

pub(crate) fn list_remove(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "list.remove", args, kw, 1, 1)?;
    let list = list_of(args);
    let items = list.borrow().clone();
    let mut position = None;
    for (i, x) in items.into_iter().enumerate() {
        if crate::protocol::same_or_equal(rt, _h, x, args[1])? {
            position = Some(i);
            break;
        }
    }
    match position {
        Some(i) => {
            list.borrow_mut().remove(i);
            Ok(Value::NONE)
        }
        None => Err(rt.value_error("list.remove(x): x not in list")),
    }
}

pub(crate) fn sequence_items(args: &[Value]) -> Vec<Value> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::List(items)) => items.borrow().clone(),
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}

pub(crate) fn sequence_index(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "index", args, kw, 1, 3)?;
    let items = sequence_items(args);
    let length = items.len() as i64;
    let clamp = |v: Option<&Value>, default: i64| -> i64 {
        match v.and_then(|v| as_int(*v)).and_then(|i| i.to_i64()) {
            Some(i) if i < 0 => (i + length).max(0),
            Some(i) => i.min(length),
            None => default,
        }
    };
    let (start, end) = (clamp(args.get(2), 0), clamp(args.get(3), length));
    for i in start..end.max(start) {
        if crate::protocol::same_or_equal(rt, _h, items[i as usize], args[1])? {
            return Ok(rt.new_int(i));
        }
    }
    let is_list = matches!(args[0].object().map(|o| &o.payload), Some(Object::List(_)));
    if is_list {
        let text = crate::repr::repr(rt, args[1])?;
        let message = format!("{text} is not in list");
        Err(rt.value_error(message))
    } else {
        Err(rt.value_error("tuple.index(x): x not in tuple"))
    }
}

pub(crate) fn sequence_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 1)?;
    let mut n = 0;
    for x in sequence_items(args) {
        if crate::protocol::same_or_equal(rt, _h, x, args[1])? {
            n += 1;
        }
    }
    Ok(rt.new_int(n as i64))
}

pub(crate) fn list_sort(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(&args[1..], kw);
    a.check_keywords(rt, "sort", &["key", "reverse"])?;
    if !a.positional.is_empty() {
        return Err(rt.type_error("sort() takes no positional arguments"));
    }
    let list = list_of(args);
    // Sort a copy; the list appears empty during the sort, as in CPython.
    let mut items = std::mem::take(&mut *list.borrow_mut());
    let key = a.keyword("key").filter(|k| !k.is_none());
    let reverse = a.keyword("reverse").is_some_and(ops::is_truthy);
    let result = sort_values(rt, host, &mut items, key, reverse);
    let modified = !list.borrow().is_empty();
    *list.borrow_mut() = items;
    result?;
    if modified {
        return Err(rt.value_error("list modified during sort"));
    }
    Ok(Value::NONE)
}

pub(crate) fn list_reverse(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "reverse", args, kw, 0, 0)?;
    list_of(args).borrow_mut().reverse();
    Ok(Value::NONE)
}

pub(crate) fn list_clear(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    list_of(args).borrow_mut().clear();
    Ok(Value::NONE)
}

pub(crate) fn list_copy(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let items = list_of(args).borrow().clone();
    Ok(rt.new_list(items))
}
