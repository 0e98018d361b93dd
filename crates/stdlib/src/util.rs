//! Helpers the native modules share: argument conversion with CPython's
//! error messages, and classes whose methods are native functions.

use num_bigint::BigInt;
use runtime::builtins::Arguments;
use runtime::object::{NativeFn, NativeFunctionObject, Object};
use runtime::objects::int::{IntRef, as_int, int_to_f64};
use runtime::{Dict, Host, NoHost, PyResult, Runtime, Value};

/// A class (a type object like a user class) named `name` in module
/// `module`, whose methods are native functions: they bind to instances
/// as methods do, and Python classes may derive from it.
pub fn native_class(
    rt: &mut Runtime,
    module: &str,
    name: &str,
    methods: &[(&'static str, NativeFn)],
) -> PyResult<Value> {
    let mut namespace = Dict::new();
    let module_value = rt.new_str(module);
    let qualname = rt.new_str(name);
    for (key, value) in [("__module__", module_value), ("__qualname__", qualname)] {
        let key = rt.intern(key);
        if let Some(key) = rt.key_of_str(key) {
            namespace.insert(key, value);
        }
    }
    let namespace = rt.new_dict(namespace);
    let name_value = rt.new_str(name);
    let metaclass = rt.types.type_;
    let class = runtime::objects::class::new_class(
        rt,
        &mut NoHost,
        metaclass,
        name_value,
        &[],
        namespace,
        &[],
    )?;
    for (method_name, function) in methods {
        let method = rt.allocate(Object::NativeFunction(NativeFunctionObject {
            name: method_name,
            function: *function,
            owner: Some(class),
        }));
        let key = rt.intern(method_name);
        runtime::objects::class::set_class_attribute(rt, class, key, Some(method))?;
    }
    Ok(class)
}

/// Reads attribute `name` of an instance (no descriptors, no Python code).
pub fn instance_attribute(rt: &mut Runtime, instance: Value, name: &'static str) -> Option<Value> {
    let key = rt.intern_static(name);
    match instance.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => runtime::objects::instance::get(rt, i, key),
        _ => None,
    }
}

/// Sets attribute `name` of an instance (no descriptors, no Python code).
pub fn set_instance_attribute(
    rt: &mut Runtime,
    instance: Value,
    name: &str,
    value: Value,
) -> PyResult<()> {
    let key = rt.intern(name);
    match instance.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => runtime::objects::instance::set(rt, i, key, value),
        _ => Err(rt.type_error("not an instance")),
    }
}

/// Checks a native function's positional count and that it takes no
/// keywords, with CPython's wording; returns the positional arguments.
pub fn positional<'a>(
    rt: &mut Runtime,
    name: &str,
    args: &'a [Value],
    keyword_names: &[Value],
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    if !keyword_names.is_empty() {
        return Err(rt.type_error(format!("{name}() takes no keyword arguments")));
    }
    let n = args.len();
    if n < min || n > max {
        let message = if min == max {
            match min {
                0 => format!("{name}() takes no arguments ({n} given)"),
                1 => format!("{name}() takes exactly one argument ({n} given)"),
                _ => format!("{name} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(rt.type_error(message));
    }
    Ok(args)
}

/// Splits positional arguments from keyword arguments.
pub fn arguments<'a>(args: &'a [Value], keyword_names: &'a [Value]) -> Arguments<'a> {
    Arguments::new(args, keyword_names)
}

/// A float argument as CPython's `PyFloat_AsDouble` converts it: floats,
/// ints (OverflowError when too large), `__float__`, then `__index__`.
pub fn float_argument(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<f64> {
    if value.is_float() {
        return Ok(value.as_float());
    }
    if let Some(i) = as_int(value) {
        return int_to_f64(&i)
            .ok_or_else(|| rt.overflow_error("int too large to convert to float"));
    }
    if let Some(converted) = runtime::protocol::convert_number(rt, host, value, true)? {
        if converted.is_float() {
            return Ok(converted.as_float());
        }
        if let Some(i) = as_int(converted) {
            return int_to_f64(&i)
                .ok_or_else(|| rt.overflow_error("int too large to convert to float"));
        }
    }
    let message = format!("must be real number, not {}", rt.type_name(value));
    Err(rt.type_error(message))
}

/// An integer argument (`__index__` honoured), as a big integer.
pub fn integer_argument(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<BigInt> {
    if !value.is_float()
        && let Some(i) = as_int(value)
    {
        return Ok(i.to_bigint());
    }
    if !value.is_float()
        && let Some(converted) = runtime::protocol::index_of_user_object(rt, host, value)?
        && let Some(i) = as_int(converted)
    {
        return Ok(i.to_bigint());
    }
    let message = format!(
        "'{}' object cannot be interpreted as an integer",
        rt.type_name(value)
    );
    Err(rt.type_error(message))
}

/// An integer argument that must fit in 64 bits (`OverflowError`
/// otherwise, worded as CPython's `Py_ssize_t` conversion).
pub fn index_argument(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<i64> {
    if !value.is_float()
        && let Some(IntRef::Small(i)) = as_int(value)
    {
        return Ok(i);
    }
    let big = integer_argument(rt, host, value)?;
    num_traits::ToPrimitive::to_i64(&big)
        .ok_or_else(|| rt.overflow_error("Python int too large to convert to C ssize_t"))
}

/// `PermissionError` when the runtime is sandboxed (see
/// `Runtime::sandboxed`): `what` would touch the world outside.
pub fn refuse_in_sandbox(rt: &mut Runtime, what: &str) -> PyResult<()> {
    if !rt.sandboxed {
        return Ok(());
    }
    let exception_type = rt
        .types
        .exception_named("PermissionError")
        .unwrap_or(rt.types.os_error);
    Err(rt.error(
        exception_type,
        format!("{what} is disabled in this sandbox"),
    ))
}

/// `io.UnsupportedOperation` (an `OSError`): a stream cannot do that.
pub fn unsupported_operation(rt: &mut Runtime, message: &str) -> runtime::PyErr {
    let exception_type = rt
        .types
        .exception_named("UnsupportedOperation")
        .unwrap_or(rt.types.os_error);
    rt.error(exception_type, message)
}
