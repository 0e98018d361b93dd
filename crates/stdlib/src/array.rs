//! The `_array` module: item access of `array.array` in Rust. The class
//! itself is `lib/array.py` (a `list` subclass holding converted numbers);
//! `_array.install(array)` replaces its `__getitem__` and `__setitem__`
//! with native methods that handle an int index (and, for stores, a value
//! of the array's kind that needs no conversion) without running Python.
//! Everything else (slices, other index types, values to convert or to
//! reject) goes to the class's Python `_getitem`/`_setitem`, so the
//! behaviour and messages stay those of `lib/array.py`.

use runtime::object::{NativeFn, NativeFunctionObject};
use runtime::objects::class;
use runtime::objects::instance::{base_value, instance_object};
use runtime::{Host, Object, PyResult, Runtime, Value};

use crate::NativeModule;
use crate::util::{instance_attribute, positional};

pub static MODULE: NativeModule = NativeModule {
    name: "_array",
    functions: &[("install", install)],
    init: None,
};

/// `_array.install(cls)`: makes the native item access `cls`'s
/// `__getitem__` and `__setitem__` (methods bound like `list`'s).
fn install(rt: &mut Runtime, _: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "install", args, kw, 1, 1)?;
    let cls = args[0];
    if class::class_data(cls).is_none() {
        return Err(rt.type_error("install() argument must be a class"));
    }
    let methods: [(&'static str, NativeFn); 2] =
        [("__getitem__", get_item), ("__setitem__", set_item)];
    for (name, function) in methods {
        let method = rt.allocate(Object::NativeFunction(NativeFunctionObject {
            name,
            function,
            owner: Some(cls),
        }));
        let key = rt.intern_static(name);
        class::set_class_attribute(rt, cls, key, Some(method))?;
    }
    Ok(Value::NONE)
}

/// The list holding an array instance's items.
fn items_of(array: Value) -> Option<&'static runtime::barrier::GcRefCell<Vec<Value>>> {
    let list = base_value(instance_object(array)?)?;
    match list.object().map(|o| &o.payload) {
        Some(Object::List(items)) => Some(items),
        _ => None,
    }
}

/// `index` as a position in a sequence of `length` items, if it is a
/// small int in range (negative counts from the end).
fn position(index: Value, length: usize) -> Option<Result<usize, ()>> {
    if !index.is_small_int() {
        return None;
    }
    let mut i = index.as_small_int();
    if i < 0 {
        i += length as i64;
    }
    Some(if (0..length as i64).contains(&i) {
        Ok(i as usize)
    } else {
        Err(())
    })
}

/// Calls the class's Python method `name` (`_getitem`/`_setitem`).
fn python_fallback(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &'static str,
    args: &[Value],
) -> PyResult<Value> {
    let key = rt.intern_static(name);
    let owner = rt.type_of(args[0]);
    let Some(method) = class::lookup(rt, owner, key) else {
        let message = format!("array has no {name}");
        return Err(rt.type_error(message));
    };
    rt.call(host, method, args, &[])
}

/// `array.__getitem__(self, index)`.
fn get_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__getitem__", args, kw, 2, 2)?;
    if let Some(items) = items_of(args[0]) {
        let items = items.borrow();
        match position(args[1], items.len()) {
            Some(Ok(i)) => return Ok(items[i]),
            Some(Err(())) => return Err(rt.index_error("array index out of range")),
            None => {}
        }
    }
    python_fallback(rt, host, "_getitem", args)
}

/// The value an array of `typecode` stores for `value`, when it needs no
/// conversion and no check beyond its kind and range.
fn stored_as_is(typecode: u8, value: Value) -> Option<Value> {
    if typecode == b'd' {
        if value.is_float() {
            return Some(value);
        }
        return value
            .is_small_int()
            .then(|| Value::float(value.as_small_int() as f64));
    }
    if !value.is_small_int() {
        return None;
    }
    let v = value.as_small_int();
    let (low, high): (i64, i64) = match typecode {
        b'b' => (i8::MIN.into(), i8::MAX.into()),
        b'B' => (0, u8::MAX.into()),
        b'h' => (i16::MIN.into(), i16::MAX.into()),
        b'H' => (0, u16::MAX.into()),
        b'i' => (i32::MIN.into(), i32::MAX.into()),
        b'I' => (0, u32::MAX.into()),
        // Every small int fits 64 bits; the unsigned kinds reject negatives.
        b'l' | b'q' => (i64::MIN, i64::MAX),
        b'L' | b'Q' => (0, i64::MAX),
        _ => return None,
    };
    (low..=high).contains(&v).then_some(value)
}

/// `array.__setitem__(self, index, value)`.
fn set_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__setitem__", args, kw, 3, 3)?;
    let typecode = instance_attribute(rt, args[0], "_typecode")
        .and_then(runtime::as_str)
        .and_then(|t| t.bytes().next());
    if let (Some(items), Some(typecode)) = (items_of(args[0]), typecode)
        && let Some(value) = stored_as_is(typecode, args[2])
    {
        let mut items = items.borrow_mut();
        match position(args[1], items.len()) {
            Some(Ok(i)) => {
                items[i] = value;
                return Ok(Value::NONE);
            }
            Some(Err(())) => {
                drop(items);
                return Err(rt.index_error("array assignment index out of range"));
            }
            None => {}
        }
    }
    python_fallback(rt, host, "_setitem", args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_needing_no_conversion_are_stored_as_is() {
        let one = Value::small_int(1);
        assert_eq!(stored_as_is(b'd', one).map(Value::as_float), Some(1.0));
        assert!(stored_as_is(b'd', Value::float(2.5)).is_some());
        assert!(stored_as_is(b'b', Value::small_int(128)).is_none());
        assert!(stored_as_is(b'B', Value::small_int(-1)).is_none());
        assert!(stored_as_is(b'i', Value::small_int(-5)).is_some());
        assert!(stored_as_is(b'i', Value::float(1.0)).is_none());
        assert!(stored_as_is(b'u', one).is_none());
        assert!(stored_as_is(b'f', Value::float(0.1)).is_none());
    }

    #[test]
    fn positions_count_from_either_end() {
        assert_eq!(position(Value::small_int(-1), 3), Some(Ok(2)));
        assert_eq!(position(Value::small_int(3), 3), Some(Err(())));
        assert_eq!(position(Value::float(1.0), 3), None);
    }
}
