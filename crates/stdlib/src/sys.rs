//! The `sys` module: the interpreter's own state as Python sees it
//! (`argv`, `path`, `modules`, the recursion limit), facts about the
//! platform and number types, and the standard streams.
//!
//! `sys.stdout` and `sys.stderr` are objects of a native class with
//! `write`/`flush`; `print` writes to whatever `sys.stdout` is now.

use runtime::objects::module::set;
use runtime::{Host, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::{
    index_argument, instance_attribute, native_class, positional, set_instance_attribute,
};

pub static MODULE: NativeModule = NativeModule {
    name: "sys",
    functions: &[
        ("exit", exit),
        ("getrecursionlimit", getrecursionlimit),
        ("setrecursionlimit", setrecursionlimit),
        ("intern", intern),
        ("getsizeof", getsizeof),
        ("exc_info", exc_info),
        ("exception", exception),
        ("get_int_max_str_digits", get_int_max_str_digits),
        ("set_int_max_str_digits", set_int_max_str_digits),
        ("getdefaultencoding", getdefaultencoding),
        ("getfilesystemencoding", getdefaultencoding),
        ("_getframe", getframe),
        ("displayhook", displayhook),
        ("__displayhook__", displayhook),
    ],
    init: Some(init),
};

/// What `sys.version` says: the Python version Copperhead follows, then
/// Copperhead's own.
pub const VERSION: &str = concat!("3.11.7 (Copperhead ", env!("CARGO_PKG_VERSION"), ") [Rust]");

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    let argv: Vec<Value> = rt.argv.clone().iter().map(|a| rt.new_str(a)).collect();
    let argv = rt.new_list(argv);
    set(rt, module, "argv", argv);
    let orig_argv = rt.new_list(Vec::new());
    set(rt, module, "orig_argv", orig_argv);
    let path = rt.module_path;
    set(rt, module, "path", path);
    let modules = rt.modules;
    set(rt, module, "modules", modules);
    let maxsize = rt.new_int(i64::MAX);
    set(rt, module, "maxsize", maxsize);
    let maxunicode = rt.new_int(0x10ffff);
    set(rt, module, "maxunicode", maxunicode);
    for (name, text) in [
        ("version", VERSION),
        ("platform", "linux"),
        (
            "byteorder",
            if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            },
        ),
        ("executable", ""),
        ("prefix", ""),
        ("exec_prefix", ""),
        ("base_prefix", ""),
        ("copyright", "Copyright (c) the Copperhead authors."),
    ] {
        let value = rt.new_str(text);
        set(rt, module, name, value);
    }
    if let Ok(executable) = std::env::current_exe()
        && let Some(text) = executable.to_str()
    {
        let value = rt.new_str(text);
        set(rt, module, "executable", value);
    }
    let release = rt.new_str("final");
    let version_info = version_info(rt, release)?;
    set(rt, module, "version_info", version_info);
    let hexversion = rt.new_int(0x030b07f0);
    set(rt, module, "hexversion", hexversion);
    let names: Vec<Value> = crate::NATIVE_MODULES
        .iter()
        .map(|m| m.name)
        .chain(["builtins"])
        .map(|n| rt.new_str(n))
        .collect();
    let names = rt.new_tuple(names);
    set(rt, module, "builtin_module_names", names);
    let flags_class = native_class(rt, "sys", "flags", &[])?;
    let flags = runtime::protocol::call_class(rt, &mut runtime::NoHost, flags_class, &[], &[])?;
    let process = rt.flags.clone();
    for (name, value) in [
        ("debug", 0),
        ("inspect", i64::from(process.inspect)),
        ("interactive", i64::from(process.interactive)),
        ("optimize", i64::from(process.optimize)),
        (
            "dont_write_bytecode",
            i64::from(process.dont_write_bytecode),
        ),
        ("no_user_site", i64::from(process.no_user_site)),
        ("no_site", i64::from(process.no_site)),
        ("ignore_environment", i64::from(process.ignore_environment)),
        ("verbose", 0),
        ("bytes_warning", i64::from(process.bytes_warning)),
        ("quiet", i64::from(process.quiet)),
        ("hash_randomization", 1),
        ("isolated", i64::from(process.isolated)),
        ("utf8_mode", 0),
    ] {
        set_instance_attribute(rt, flags, name, Value::small_int(value))?;
    }
    // These two are bools in CPython's `sys.flags`.
    set_instance_attribute(rt, flags, "dev_mode", Value::bool(false))?;
    set_instance_attribute(rt, flags, "safe_path", Value::bool(process.safe_path))?;
    let warn_options: Vec<Value> = process.warn_options.iter().map(|w| rt.new_str(w)).collect();
    let warn_options = rt.new_list(warn_options);
    set(rt, module, "warnoptions", warn_options);
    set(rt, module, "flags", flags);
    let implementation = namespace(
        rt,
        "implementation",
        &[
            ("name", Text("copperhead")),
            ("cache_tag", NoneValue),
            ("_multiarch", Text("x86_64-linux-gnu")),
        ],
    )?;
    let version = rt.new_tuple(vec![
        Value::small_int(0),
        Value::small_int(1),
        Value::small_int(0),
        release,
        Value::small_int(0),
    ]);
    set_instance_attribute(rt, implementation, "version", version)?;
    set(rt, module, "implementation", implementation);
    let float_info = namespace(
        rt,
        "float_info",
        &[
            ("max", Float(f64::MAX)),
            ("max_exp", Int(f64::MAX_EXP as i64)),
            ("max_10_exp", Int(f64::MAX_10_EXP as i64)),
            ("min", Float(f64::MIN_POSITIVE)),
            ("min_exp", Int(f64::MIN_EXP as i64)),
            ("min_10_exp", Int(f64::MIN_10_EXP as i64)),
            ("dig", Int(f64::DIGITS as i64)),
            ("mant_dig", Int(f64::MANTISSA_DIGITS as i64)),
            ("epsilon", Float(f64::EPSILON)),
            ("radix", Int(2)),
            ("rounds", Int(1)),
        ],
    )?;
    set(rt, module, "float_info", float_info);
    let int_info = namespace(
        rt,
        "int_info",
        &[
            ("bits_per_digit", Int(30)),
            ("sizeof_digit", Int(4)),
            ("default_max_str_digits", Int(4300)),
            ("str_digits_check_threshold", Int(640)),
        ],
    )?;
    set(rt, module, "int_info", int_info);
    let hash_info = namespace(
        rt,
        "hash_info",
        &[
            ("width", Int(64)),
            ("modulus", Int((1i64 << 61) - 1)),
            ("inf", Int(314159)),
            ("nan", Int(0)),
            ("imag", Int(1000003)),
            ("algorithm", Text("siphash13")),
            ("hash_bits", Int(64)),
            ("seed_bits", Int(128)),
        ],
    )?;
    set(rt, module, "hash_info", hash_info);
    let streams = native_class(
        rt,
        "_io",
        "TextIOWrapper",
        &[
            ("write", stream_write),
            ("flush", stream_flush),
            ("fileno", stream_fileno),
            ("isatty", stream_isatty),
            ("readline", stream_readline),
            ("read", stream_read),
            ("writable", stream_writable),
            ("readable", stream_readable),
            ("__repr__", stream_repr),
        ],
    )?;
    for (fd, name) in [(0, "stdin"), (1, "stdout"), (2, "stderr")] {
        let stream = runtime::protocol::call_class(rt, &mut runtime::NoHost, streams, &[], &[])?;
        set_instance_attribute(rt, stream, "_fd", Value::small_int(fd))?;
        let display = rt.new_str(&format!("<{name}>"));
        set_instance_attribute(rt, stream, "name", display)?;
        let encoding = rt.new_str("utf-8");
        set_instance_attribute(rt, stream, "encoding", encoding)?;
        set(rt, module, name, stream);
        let original = format!("__{name}__");
        set(rt, module, &original, stream);
        rt.add_permanent_root(stream);
    }
    Ok(())
}

/// The fields of `sys.version_info`, in order.
const VERSION_FIELDS: [&str; 5] = ["major", "minor", "micro", "releaselevel", "serial"];

/// `sys.version_info`: a tuple `(3, 11, 7, 'final', 0)` whose items are
/// also the attributes `major` ... `serial` (a struct sequence in CPython).
fn version_info(rt: &mut Runtime, release: Value) -> PyResult<Value> {
    let items = rt.new_tuple(vec![
        Value::small_int(3),
        Value::small_int(11),
        Value::small_int(7),
        release,
        Value::small_int(0),
    ]);
    let mut namespace = runtime::Dict::new();
    let module_name = rt.new_str("sys");
    let getters: [runtime::object::NativeFn; 5] = [
        version_field::<0>,
        version_field::<1>,
        version_field::<2>,
        version_field::<3>,
        version_field::<4>,
    ];
    let mut entries = vec![("__module__", module_name)];
    for (name, getter) in VERSION_FIELDS.iter().zip(getters) {
        let getter = rt.new_native(name, getter);
        let property_type = rt.types.property;
        let property = rt.call(&mut runtime::NoHost, property_type, &[getter], &[])?;
        entries.push((name, property));
    }
    for (key, value) in entries {
        let key = rt.intern(key);
        let key = rt.key(key)?;
        namespace.insert(key, value);
    }
    let namespace = rt.new_dict(namespace);
    let class_name = rt.new_str("version_info");
    let tuple_type = rt.types.tuple;
    let metaclass = rt.types.type_;
    let class = runtime::objects::class::new_class(
        rt,
        &mut runtime::NoHost,
        metaclass,
        class_name,
        &[tuple_type],
        namespace,
        &[],
    )?;
    // `__repr__` is a method of the class (bound to the instance). As a
    // method of `tuple` it receives the tuple the instance carries.
    let repr = rt.allocate(runtime::Object::NativeFunction(
        runtime::object::NativeFunctionObject {
            name: "__repr__",
            function: version_repr,
            owner: Some(tuple_type),
        },
    ));
    let repr_name = rt.intern("__repr__");
    runtime::objects::class::set_class_attribute(rt, class, repr_name, Some(repr))?;
    runtime::protocol::new_builtin_subclass_instance(
        rt,
        &mut runtime::NoHost,
        class,
        tuple_type,
        &[items],
        &[],
        false,
    )
}

fn version_item(value: Value, index: usize) -> Value {
    match runtime::protocol::builtin_value(value)
        .object()
        .map(|o| &o.payload)
    {
        Some(runtime::Object::Tuple(items)) => items.get(index).copied().unwrap_or(Value::NONE),
        _ => Value::NONE,
    }
}

fn version_field<const INDEX: usize>(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, VERSION_FIELDS[INDEX], args, kw, 1, 1)?;
    Ok(version_item(args[0], INDEX))
}

fn version_repr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__repr__", args, kw, 1, 1)?;
    let mut parts = Vec::new();
    for (index, name) in VERSION_FIELDS.iter().enumerate() {
        let item = version_item(args[0], index);
        let text = runtime::protocol::repr(rt, host, item)?;
        parts.push(format!("{name}={text}"));
    }
    Ok(rt.new_string(format!("sys.version_info({})", parts.join(", "))))
}

/// The value of one attribute of a namespace object.
enum Field {
    Int(i64),
    Float(f64),
    Text(&'static str),
    NoneValue,
}
use Field::*;

/// An object whose attributes are `fields` (what CPython shows as a
/// struct sequence or `SimpleNamespace`).
fn namespace(rt: &mut Runtime, name: &str, fields: &[(&str, Field)]) -> PyResult<Value> {
    let class = native_class(rt, "sys", name, &[])?;
    let object = runtime::protocol::call_class(rt, &mut runtime::NoHost, class, &[], &[])?;
    for (field, value) in fields {
        let value = match value {
            Int(i) => rt.new_int(*i),
            Float(f) => Value::float(*f),
            Text(t) => rt.new_str(t),
            NoneValue => Value::NONE,
        };
        set_instance_attribute(rt, object, field, value)?;
    }
    Ok(object)
}

fn exit(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "exit", args, kw, 0, 1)?;
    let exception = rt.new_exception(rt.types.system_exit, args.to_vec());
    Err(runtime::PyErr(exception))
}

/// `sys.displayhook(value)`: what the interactive prompt does with an
/// expression's value: nothing for `None`, else print its `repr` (through
/// `print`, so a replaced `sys.stdout` gets it) and bind it to
/// `builtins._`.
fn displayhook(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "displayhook", args, kw, 1, 1)?;
    let value = args[0];
    if value.is_none() {
        return Ok(Value::NONE);
    }
    let builtins = rt.builtins;
    // `_` is unbound while the repr runs, as in CPython.
    runtime::objects::module::dict_set(rt, builtins, "_", Value::NONE);
    let text = runtime::protocol::repr(rt, host, value)?;
    let text = rt.new_string(text);
    let print = runtime::objects::module::dict_get_static(rt, builtins, "print");
    let Some(print) = print else {
        return Err(rt.error(rt.types.runtime_error, "lost builtins.print"));
    };
    rt.call(host, print, &[text], &[])?;
    runtime::objects::module::dict_set(rt, builtins, "_", value);
    Ok(Value::NONE)
}

fn getrecursionlimit(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "getrecursionlimit", args, kw, 0, 0)?;
    Ok(rt.new_int(rt.recursion_limit as i64))
}

fn setrecursionlimit(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "setrecursionlimit", args, kw, 1, 1)?;
    if args[0].is_float() {
        return Err(rt.type_error("'float' object cannot be interpreted as an integer"));
    }
    let limit = index_argument(rt, host, args[0])?;
    if limit < 1 {
        return Err(rt.value_error("recursion limit must be greater or equal than 1"));
    }
    // Frames live on a fixed value stack: a limit far past what it holds
    // would only turn RecursionError into MemoryError.
    let cap = if rt.sandboxed { 10_000 } else { 1_000_000 };
    rt.recursion_limit = limit.min(cap) as usize;
    Ok(Value::NONE)
}

fn intern(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "intern", args, kw, 1, 1)?;
    match as_str(args[0]) {
        Some(text) => Ok(rt.intern(text)),
        None => {
            let message = format!(
                "intern() argument must be str, not {}",
                rt.type_name(args[0])
            );
            Err(rt.type_error(message))
        }
    }
}

/// `sys.getsizeof`: an approximation (Copperhead's objects are not laid
/// out as CPython's): the heap object header plus the payload it owns.
fn getsizeof(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "getsizeof", args, kw, 1, 2)?;
    let value = args[0];
    let header = std::mem::size_of::<runtime::HeapObject>() as i64;
    let size = match value.object().map(|o| &o.payload) {
        None => 24,
        Some(runtime::Object::Str(s)) => 49 + s.text.len() as i64,
        Some(runtime::Object::List(items)) => 56 + 8 * items.borrow().capacity() as i64,
        Some(runtime::Object::Tuple(items)) => 40 + 8 * items.len() as i64,
        Some(runtime::Object::Dict(d)) => 64 + 24 * d.borrow().len() as i64,
        Some(runtime::Object::WideInt(i)) => {
            let bits = 128 - i.get().unsigned_abs().leading_zeros();
            24 + 4 * bits.div_ceil(30) as i64
        }
        Some(runtime::Object::BigInt(b)) => 24 + 4 * b.bits().div_ceil(30) as i64,
        Some(_) => header,
    };
    Ok(rt.new_int(size))
}

fn exc_info(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "exc_info", args, kw, 0, 0)?;
    let exception = host.handled_exception();
    if exception.is_none() || exception.is_null() {
        return Ok(rt.new_tuple(vec![Value::NONE, Value::NONE, Value::NONE]));
    }
    let class = rt.type_of(exception);
    Ok(rt.new_tuple(vec![class, exception, Value::NONE]))
}

fn exception(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "exception", args, kw, 0, 0)?;
    let exception = host.handled_exception();
    Ok(if exception.is_null() {
        Value::NONE
    } else {
        exception
    })
}

fn get_int_max_str_digits(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "get_int_max_str_digits", args, kw, 0, 0)?;
    Ok(rt.new_int(runtime::builtins::int_max_str_digits() as i64))
}

fn set_int_max_str_digits(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = crate::util::arguments(args, kw);
    a.check_keywords(rt, "set_int_max_str_digits", &["maxdigits"])?;
    let Some(limit) = a
        .positional
        .first()
        .copied()
        .or_else(|| a.keyword("maxdigits"))
    else {
        return Err(
            rt.type_error("set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")
        );
    };
    let limit = index_argument(rt, host, limit)?;
    if limit != 0 && limit < 640 {
        return Err(rt.value_error("maxdigits must be 0 or larger than 640"));
    }
    runtime::builtins::set_int_max_str_digits(limit as usize);
    Ok(Value::NONE)
}

fn getdefaultencoding(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "getdefaultencoding", args, kw, 0, 0)?;
    Ok(rt.new_str("utf-8"))
}

// ---- frames -------------------------------------------------------------------

/// `sys._getframe(depth=0)`: a snapshot of a running frame (`f_globals`,
/// `f_lineno`, `f_code.co_filename`, `f_code.co_name`, `f_back`).
fn getframe(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "_getframe", args, kw, 0, 1)?;
    let depth = match args.first() {
        Some(v) => index_argument(rt, host, *v)?,
        None => 0,
    };
    // Depth 0 is the caller of `_getframe` (the native call has no frame).
    let info = (depth >= 0)
        .then(|| host.frame_info(depth as usize))
        .flatten();
    match info {
        Some(info) => frame_object(rt, info),
        None => Err(rt.value_error("call stack is not deep enough")),
    }
}

fn frame_object(rt: &mut Runtime, info: runtime::FrameInfo) -> PyResult<Value> {
    // Plain instances of the two native classes (no `__init__` to run),
    // their attributes set through interned names: `logging` makes one
    // per record.
    let class = frame_class(rt)?;
    let frame = runtime::objects::instance::new_instance(rt, class);
    let line = rt.new_int(info.line as i64);
    let index = rt.new_int(info.callers as i64);
    let code_class = code_class(rt)?;
    let code = runtime::objects::instance::new_instance(rt, code_class);
    let filename = rt.new_str(&info.filename);
    let name = rt.new_str(&info.function);
    for (object, attribute, value) in [
        (frame, "f_globals", info.globals),
        (frame, "f_lineno", line),
        (frame, "_index", index),
        (code, "co_filename", filename),
        (code, "co_name", name),
        (frame, "f_code", code),
    ] {
        let attribute = rt.intern_static(attribute);
        if let Some(runtime::Object::Instance(instance)) = object.object().map(|o| &o.payload) {
            runtime::objects::instance::set(rt, instance, attribute, value)?;
        }
    }
    Ok(frame)
}

/// The class of frame snapshots (made once, kept in `sys`).
fn frame_class(rt: &mut Runtime) -> PyResult<Value> {
    if let Some(sys) = runtime::objects::module::registered(rt, "sys")
        && let Some(class) = runtime::objects::module::get(rt, sys, "_frame_type")
    {
        return Ok(class);
    }
    let class = native_class(rt, "builtins", "frame", &[])?;
    let getter = rt.new_native("f_back", frame_back);
    let property_type = rt.types.property;
    let property = rt.call(&mut runtime::NoHost, property_type, &[getter], &[])?;
    let key = rt.intern("f_back");
    runtime::objects::class::set_class_attribute(rt, class, key, Some(property))?;
    if let Some(sys) = runtime::objects::module::registered(rt, "sys") {
        runtime::objects::module::set(rt, sys, "_frame_type", class);
    }
    Ok(class)
}

/// The class of a frame snapshot's `f_code` (made once, kept in `sys`:
/// `logging` asks for frames on every record).
fn code_class(rt: &mut Runtime) -> PyResult<Value> {
    if let Some(sys) = runtime::objects::module::registered(rt, "sys")
        && let Some(class) = runtime::objects::module::get(rt, sys, "_code_type")
    {
        return Ok(class);
    }
    let class = native_class(rt, "sys", "code", &[])?;
    if let Some(sys) = runtime::objects::module::registered(rt, "sys") {
        runtime::objects::module::set(rt, sys, "_code_type", class);
    }
    Ok(class)
}

/// `frame.f_back`: the caller's frame, or None at the bottom.
fn frame_back(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "f_back", args, kw, 1, 1)?;
    let index = instance_attribute(rt, args[0], "_index")
        .filter(|v| v.is_small_int())
        .map_or(0, |v| v.as_small_int());
    let Some(top) = host.frame_info(0).map(|f| f.callers as i64) else {
        return Ok(Value::NONE);
    };
    if index <= 0 || index > top {
        return Ok(Value::NONE);
    }
    match host.frame_info((top - index + 1) as usize) {
        Some(info) => frame_object(rt, info),
        None => Ok(Value::NONE),
    }
}

// ---- the standard streams --------------------------------------------------

fn stream_fd(rt: &mut Runtime, stream: Value) -> i64 {
    instance_attribute(rt, stream, "_fd")
        .filter(|v| v.is_small_int())
        .map_or(-1, |v| v.as_small_int())
}

fn stream_write(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "write", args, kw, 2, 2)?;
    let fd = stream_fd(rt, args[0]);
    let Some(text) = as_str(args[1]) else {
        let message = format!(
            "write() argument must be str, not {}",
            rt.type_name(args[1])
        );
        return Err(rt.type_error(message));
    };
    let result = match fd {
        1 => runtime::stdio::write_stdout(text),
        2 => runtime::stdio::write_stderr(text),
        _ => return Err(rt.error(rt.types.os_error, "not writable")),
    };
    if let Err(error) = result {
        return Err(runtime::stdio::os_error(rt, &error));
    }
    Ok(rt.new_int(text.chars().count() as i64))
}

fn stream_flush(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "flush", args, kw, 1, 1)?;
    if stream_fd(rt, args[0]) == 1
        && let Err(error) = runtime::stdio::flush_stdout()
    {
        return Err(runtime::stdio::os_error(rt, &error));
    }
    Ok(Value::NONE)
}

fn stream_fileno(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "fileno", args, kw, 1, 1)?;
    Ok(Value::small_int(stream_fd(rt, args[0])))
}

fn stream_isatty(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "isatty", args, kw, 1, 1)?;
    let fd = stream_fd(rt, args[0]);
    // SAFETY: `isatty` only inspects the descriptor number.
    let tty = fd >= 0 && unsafe { libc_isatty(fd as i32) } == 1;
    Ok(Value::bool(tty))
}

unsafe extern "C" {
    #[link_name = "isatty"]
    fn libc_isatty(fd: i32) -> i32;
}

fn stream_writable(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "writable", args, kw, 1, 1)?;
    Ok(Value::bool(stream_fd(rt, args[0]) != 0))
}

fn stream_readable(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "readable", args, kw, 1, 1)?;
    Ok(Value::bool(stream_fd(rt, args[0]) == 0))
}

fn stream_readline(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "readline", args, kw, 1, 2)?;
    if stream_fd(rt, args[0]) != 0 {
        return Err(crate::util::unsupported_operation(rt, "not readable"));
    }
    let _ = runtime::stdio::flush_stdout();
    let mut line = String::new();
    if let Err(error) = std::io::stdin().read_line(&mut line) {
        return Err(runtime::stdio::os_error(rt, &error));
    }
    Ok(rt.new_string(line))
}

fn stream_read(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    use std::io::Read;
    let args = positional(rt, "read", args, kw, 1, 2)?;
    if stream_fd(rt, args[0]) != 0 {
        return Err(crate::util::unsupported_operation(rt, "not readable"));
    }
    let _ = runtime::stdio::flush_stdout();
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        return Err(runtime::stdio::os_error(rt, &error));
    }
    Ok(rt.new_string(text))
}

fn stream_repr(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__repr__", args, kw, 1, 1)?;
    let fd = stream_fd(rt, args[0]);
    let (name, mode) = match fd {
        0 => ("<stdin>", "r"),
        1 => ("<stdout>", "w"),
        _ => ("<stderr>", "w"),
    };
    Ok(rt.new_string(format!(
        "<_io.TextIOWrapper name='{name}' mode='{mode}' encoding='utf-8'>"
    )))
}
