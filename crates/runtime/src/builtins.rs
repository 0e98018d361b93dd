//! The `builtins` namespace: built-in functions, and the constructors that
//! run when a built-in type object is called (`int("7")`, `list(x)`).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::object::{IteratorState, NativeFn, Object, RangeObject, SliceObject, TypeKind};
use crate::objects::int::{self, IntRef, as_int};
use crate::objects::{dict::Dict, set::PySet};
use crate::ops;
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyErr, PyResult, Runtime, as_str};

/// Positional arguments and keyword arguments of a native call.
pub struct Arguments<'a> {
    pub positional: &'a [Value],
    pub keyword_names: &'a [Value],
    pub keyword_values: &'a [Value],
}

impl<'a> Arguments<'a> {
    pub fn new(args: &'a [Value], keyword_names: &'a [Value]) -> Arguments<'a> {
        let split = args.len() - keyword_names.len().min(args.len());
        Arguments {
            positional: &args[..split],
            keyword_names,
            keyword_values: &args[split..],
        }
    }

    /// The value of keyword argument `name`, if given.
    pub fn keyword(&self, name: &str) -> Option<Value> {
        self.keyword_names
            .iter()
            .position(|k| as_str(*k) == Some(name))
            .map(|i| self.keyword_values[i])
    }

    /// Fails on any keyword not in `allowed`.
    pub fn check_keywords(
        &self,
        rt: &mut Runtime,
        function: &str,
        allowed: &[&str],
    ) -> PyResult<()> {
        for k in self.keyword_names {
            let name = as_str(*k).unwrap_or("?");
            if !allowed.contains(&name) {
                let message = format!("{function}() got an unexpected keyword argument '{name}'");
                return Err(rt.type_error(message));
            }
        }
        Ok(())
    }

    /// Checks the positional count is within `min..=max`.
    pub fn check_count(
        &self,
        rt: &mut Runtime,
        function: &str,
        min: usize,
        max: usize,
    ) -> PyResult<()> {
        let n = self.positional.len();
        if n >= min && n <= max {
            return Ok(());
        }
        let message = if min == max {
            match min {
                0 => format!("{function}() takes no arguments ({n} given)"),
                1 => format!("{function}() takes exactly one argument ({n} given)"),
                _ => format!("{function} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!(
                "{function} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{function} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        Err(rt.type_error(message))
    }
}

/// Calls any callable value.
pub fn call_value(
    rt: &mut Runtime,
    host: &mut dyn Host,
    callable: Value,
    args: &[Value],
    keyword_names: &[Value],
) -> PyResult<Value> {
    match callable.object().map(|o| &o.payload) {
        Some(Object::NativeFunction(f)) => {
            // A built-in type's method called on a built-in subclass's
            // instance works on the built-in value it carries (a native
            // method of a user class gets the instance itself).
            if f.owner.is_some_and(|o| {
                o != rt.types.object && crate::objects::class::class_data(o).is_none()
            }) && let Some(receiver) = args.first()
                && let Some(Object::Instance(i)) = receiver.object().map(|o| &o.payload)
                && let Some(base) = crate::objects::instance::base_value(i)
            {
                let mut unwrapped = args.to_vec();
                unwrapped[0] = base;
                return call_value(rt, host, callable, &unwrapped, keyword_names);
            }
            if let Some(owner) = f.owner {
                let receiver_ok = args
                    .first()
                    .is_some_and(|r| rt.is_subtype(rt.type_of(*r), owner));
                if !receiver_ok {
                    let owner_name = type_object(owner).map_or("?", |t| t.name);
                    let message = match args.first() {
                        Some(r) => format!(
                            "descriptor '{}' for '{owner_name}' objects doesn't apply to a '{}' object",
                            f.name,
                            rt.type_name(*r)
                        ),
                        None => {
                            format!("unbound method {owner_name}.{}() needs an argument", f.name)
                        }
                    };
                    return Err(rt.type_error(message));
                }
            }
            let result = (f.function)(rt, host, args, keyword_names)?;
            crate::signals::check_memory(rt)?;
            Ok(result)
        }
        Some(Object::Function(_)) => host.call_python(rt, callable, args, keyword_names),
        Some(Object::BoundMethod(m)) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(m.receiver);
            full.extend_from_slice(args);
            call_value(rt, host, m.function, &full, keyword_names)
        }
        Some(Object::Instance(_))
            if crate::protocol::special(rt, callable, "__call__").is_some() =>
        {
            let method = crate::protocol::special(rt, callable, "__call__").unwrap_or(Value::NONE);
            let owner = rt.type_of(callable);
            let bound = crate::protocol::bind_descriptor(rt, host, method, callable, owner)?;
            call_value(rt, host, bound, args, keyword_names)
        }
        Some(Object::StaticMethod(f)) => call_value(rt, host, *f, args, keyword_names),
        Some(Object::Type(t)) if t.class.is_some() => {
            crate::protocol::call_class(rt, host, callable, args, keyword_names)
        }
        Some(Object::Type(t)) => construct(rt, host, callable, t.kind, args, keyword_names),
        _ => {
            let message = format!("'{}' object is not callable", rt.type_name(callable));
            Err(rt.type_error(message))
        }
    }
}

fn register(rt: &mut Runtime, name: &'static str, function: NativeFn) {
    let f = rt.new_native(name, function);
    let key = rt.intern(name);
    let key = rt.key(key).unwrap_or(crate::DictKey {
        value: key,
        hash: 0,
    });
    if let Some(Object::Dict(d)) = rt.builtins.object().map(|o| &o.payload) {
        d.borrow_mut().insert(key, f);
    }
}

/// Fills the builtins namespace.
pub fn install(rt: &mut Runtime) {
    let mut named: Vec<(&'static str, Value)> = rt
        .types
        .named_types
        .iter()
        .chain(rt.types.exception_types.iter())
        .copied()
        .collect();
    // Aliases and constants CPython's builtins hold.
    named.extend([
        ("EnvironmentError", rt.types.os_error),
        ("IOError", rt.types.os_error),
        ("Ellipsis", Value::ELLIPSIS),
        ("NotImplemented", Value::NOT_IMPLEMENTED),
    ]);
    for (name, value) in named {
        let key = rt.intern(name);
        if let (Ok(key), Some(Object::Dict(d))) =
            (rt.key(key), rt.builtins.object().map(|o| &o.payload))
        {
            d.borrow_mut().insert(key, value);
        }
    }
    let functions: &[(&'static str, NativeFn)] = &[
        ("print", builtin_print),
        ("len", builtin_len),
        ("min", builtin_min),
        ("max", builtin_max),
        ("sum", builtin_sum),
        ("abs", builtin_abs),
        ("any", builtin_any),
        ("all", builtin_all),
        ("isinstance", builtin_isinstance),
        ("issubclass", builtin_issubclass),
        ("repr", builtin_repr),
        ("ascii", builtin_ascii),
        ("sorted", builtin_sorted),
        ("chr", builtin_chr),
        ("ord", builtin_ord),
        ("hex", builtin_hex),
        ("bin", builtin_bin),
        ("oct", builtin_oct),
        ("divmod", builtin_divmod),
        ("pow", builtin_pow),
        ("round", builtin_round),
        ("hash", builtin_hash),
        ("id", builtin_id),
        ("iter", builtin_iter),
        ("next", builtin_next),
        ("callable", builtin_callable),
        ("__import__", builtin_import),
        ("globals", builtin_globals),
        ("format", builtin_format),
        ("hasattr", builtin_hasattr),
        ("input", builtin_input),
        ("exit", builtin_exit),
        ("quit", builtin_exit),
        ("getattr", builtin_getattr),
        ("setattr", builtin_setattr),
        ("delattr", builtin_delattr),
        ("vars", builtin_vars),
        ("dir", builtin_dir),
        ("__build_class__", builtin_build_class),
    ];
    for (name, function) in functions {
        register(rt, name, *function);
    }
    for (name, function) in UNSUPPORTED_BUILTINS {
        register(rt, name, *function);
    }
    // Types Copperhead has no values of yet are still types, so
    // `isinstance(x, bytes)` works (and is false); creating one raises.
    for (name, new) in UNSUPPORTED_TYPES {
        let function = rt.new_native("__new__", *new);
        let static_new = rt.allocate(Object::StaticMethod(function));
        let mut namespace = Dict::new();
        for (key, value) in [
            ("__new__", static_new),
            ("__module__", rt.intern_static("builtins")),
        ] {
            let key = rt.intern(key);
            if let Some(key) = rt.key_of_str(key) {
                namespace.insert(key, value);
            }
        }
        let namespace = rt.new_dict(namespace);
        let class_name = rt.intern(name);
        let metaclass = rt.types.type_;
        if let Ok(class) = crate::objects::class::new_class(
            rt,
            &mut crate::NoHost,
            metaclass,
            class_name,
            &[],
            namespace,
            &[],
        ) {
            rt.add_permanent_root(class);
            crate::objects::module::dict_set(rt, rt.builtins, name, class);
        }
    }
}

/// Names that exist in CPython but not here yet: calling one raises
/// `NotImplementedError: NAME() is not supported yet` instead of a
/// misleading `NameError`. Makes one native function per name and a
/// table of them.
macro_rules! not_supported_yet {
    ($table:ident: $($name:literal => $function:ident),* $(,)?) => {
        $(
            fn $function(rt: &mut Runtime, _h: &mut dyn Host, _a: &[Value], _k: &[Value]) -> PyResult<Value> {
                Err(rt.not_implemented(concat!($name, "() is not supported yet")))
            }
        )*
        const $table: &[(&str, NativeFn)] = &[$(($name, $function)),*];
    };
}

not_supported_yet! {
    UNSUPPORTED_BUILTINS:
    "eval" => unsupported_eval,
    "exec" => unsupported_exec,
    "compile" => unsupported_compile,
    "locals" => unsupported_locals,
}

// Built-in types with no values in Copperhead yet (each function is the
// type's `__new__`).
not_supported_yet! {
    UNSUPPORTED_TYPES:
    "bytes" => unsupported_bytes,
    "bytearray" => unsupported_bytearray,
    "memoryview" => unsupported_memoryview,
    "complex" => unsupported_complex,
}

// ---- output ------------------------------------------------------------------

pub use crate::stdio::{flush_stdout, write_stdout};

fn builtin_print(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "print", &["sep", "end", "file", "flush"])?;
    let text_of =
        |rt: &mut Runtime, v: Option<Value>, default: &str, what: &str| -> PyResult<String> {
            match v {
                None => Ok(default.to_string()),
                Some(Value::NONE) => Ok(default.to_string()),
                Some(v) => match as_str(v) {
                    Some(s) => Ok(s.to_string()),
                    None => {
                        let message =
                            format!("{what} must be None or a string, not {}", rt.type_name(v));
                        Err(rt.type_error(message))
                    }
                },
            }
        };
    let sep = text_of(rt, a.keyword("sep"), " ", "sep")?;
    let end = text_of(rt, a.keyword("end"), "\n", "end")?;
    // `file=`, or `sys.stdout` once a program replaced it: anything with
    // a `write` method.
    let mut file = a.keyword("file").filter(|f| !f.is_none());
    if file.is_none()
        && let Some(sys) = crate::objects::module::dict_get_static(rt, rt.modules, "sys")
        && let Some(sys_dict) = crate::objects::module::module_dict(sys)
        && let Some(stdout) = crate::objects::module::dict_get_static(rt, sys_dict, "stdout")
        && crate::objects::module::dict_get_static(rt, sys_dict, "__stdout__") != Some(stdout)
    {
        file = Some(stdout);
    }
    if let Some(file) = file {
        // Piece by piece, as CPython's print writes to a file object.
        let write = rt.intern_static("write");
        let write = crate::protocol::get_attribute(rt, _host, file, write)?;
        for (i, v) in a.positional.iter().enumerate() {
            if i > 0 {
                let text = rt.new_str(&sep);
                rt.call(_host, write, &[text], &[])?;
            }
            let text = match as_str(*v) {
                Some(_) => *v,
                None => {
                    let text = crate::protocol::to_str(rt, _host, *v)?;
                    rt.new_string(text)
                }
            };
            rt.call(_host, write, &[text], &[])?;
        }
        let text = rt.new_str(&end);
        rt.call(_host, write, &[text], &[])?;
        if a.keyword("flush").is_some_and(ops::is_truthy) {
            let flush = rt.intern_static("flush");
            let flush = crate::protocol::get_attribute(rt, _host, file, flush)?;
            rt.call(_host, flush, &[], &[])?;
        }
        return Ok(Value::NONE);
    }
    let mut line = String::new();
    for (i, v) in a.positional.iter().enumerate() {
        if i > 0 {
            line.push_str(&sep);
        }
        match as_str(*v) {
            Some(s) => line.push_str(s),
            None => line.push_str(&crate::protocol::to_str(rt, _host, *v)?),
        }
    }
    line.push_str(&end);
    if let Err(error) = write_stdout(&line) {
        return Err(crate::stdio::os_error(rt, &error));
    }
    if a.keyword("flush").is_some_and(ops::is_truthy)
        && let Err(error) = flush_stdout()
    {
        return Err(crate::stdio::os_error(rt, &error));
    }
    Ok(Value::NONE)
}

// ---- simple functions ------------------------------------------------------------

fn one_arg(rt: &mut Runtime, name: &str, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, name, &[])?;
    a.check_count(rt, name, 1, 1)?;
    Ok(a.positional[0])
}

fn builtin_len(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "len", args, kw)?;
    let n = crate::protocol::len(rt, _h, v)?;
    Ok(rt.new_int(n as i64))
}

fn builtin_repr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "repr", args, kw)?;
    // A plain ASCII str (an identifier, a word): quoted, counted already.
    if let Some(Object::Str(s)) = v.object().map(|o| &o.payload)
        && crate::repr::repr_is_quoted_text(&s.text)
    {
        let mut text = String::with_capacity(s.text.len() + 2);
        crate::repr::write_repr_str(&mut text, &s.text);
        let chars = text.len();
        return Ok(rt.new_string_of_chars(text, chars));
    }
    let text = crate::repr::repr_with(rt, _h, v)?;
    Ok(rt.new_string(text))
}

fn builtin_ascii(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "ascii", args, kw)?;
    let text = crate::repr::ascii_with(rt, _h, v)?;
    Ok(rt.new_string(text))
}

fn builtin_abs(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "abs", args, kw)?;
    if let Some(result) = crate::protocol::unary(rt, _h, v, "__abs__")? {
        return Ok(result);
    }
    let v = crate::protocol::builtin_value(v);
    if v.is_float() {
        return Ok(Value::float(v.as_float().abs()));
    }
    match as_int(v) {
        Some(IntRef::Small(i)) => Ok(rt.new_int128((i as i128).abs())),
        Some(IntRef::Wide(i)) => Ok(match i.checked_abs() {
            Some(magnitude) => rt.new_int128(magnitude),
            None => rt.new_bigint(BigInt::from(i).abs()),
        }),
        Some(IntRef::Big(b)) => Ok(rt.new_bigint(b.abs())),
        None => {
            let message = format!("bad operand type for abs(): '{}'", rt.type_name(v));
            Err(rt.type_error(message))
        }
    }
}

fn builtin_any(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "any", args, kw)?;
    let it = crate::protocol::get_iter(rt, host, v)?;
    while let Some(x) = ops::iter_next(rt, host, it)? {
        if ops::is_truthy(x) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn builtin_all(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "all", args, kw)?;
    let it = crate::protocol::get_iter(rt, host, v)?;
    while let Some(x) = ops::iter_next(rt, host, it)? {
        if !ops::is_truthy(x) {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

/// `isinstance(value, class_info)` (`instance`) or `issubclass(value,
/// class_info)`: a class, or a tuple of them, honouring a metaclass's
/// `__instancecheck__`/`__subclasscheck__` (what `abc.ABCMeta` defines).
fn class_matches(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    class_info: Value,
    instance: bool,
) -> PyResult<bool> {
    match class_info.object().map(|o| &o.payload) {
        Some(Object::Type(_)) => {
            let actual = if instance { rt.type_of(value) } else { value };
            if actual == class_info {
                return Ok(true);
            }
            let metaclass = rt.type_of(class_info);
            if metaclass != rt.types.type_ {
                let hook = rt.intern(if instance {
                    "__instancecheck__"
                } else {
                    "__subclasscheck__"
                });
                if let Some(method) = crate::objects::class::lookup_user(rt, metaclass, hook) {
                    let result =
                        crate::protocol::call_special(rt, host, method, class_info, &[value])?;
                    return crate::protocol::truthy(rt, host, result);
                }
            }
            Ok(rt.is_subtype(actual, class_info))
        }
        Some(Object::Tuple(items)) => {
            for item in items.iter() {
                if class_matches(rt, host, value, *item, instance)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let function = if instance { "isinstance" } else { "issubclass" };
            let message =
                format!("{function}() arg 2 must be a type, a tuple of types, or a union");
            Err(rt.type_error(message))
        }
    }
}

fn builtin_isinstance(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "isinstance", 2, 2)?;
    Ok(Value::bool(class_matches(
        rt,
        host,
        a.positional[0],
        a.positional[1],
        true,
    )?))
}

fn builtin_issubclass(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "issubclass", 2, 2)?;
    if type_object(a.positional[0]).is_none() {
        return Err(rt.type_error("issubclass() arg 1 must be a class"));
    }
    Ok(Value::bool(class_matches(
        rt,
        host,
        a.positional[0],
        a.positional[1],
        false,
    )?))
}

fn builtin_chr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "chr", args, kw)?;
    let Some(i) = as_int(v) else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(v)
        );
        return Err(rt.type_error(message));
    };
    let Some(code) = i.to_i64().and_then(|c| i32::try_from(c).ok()) else {
        return Err(rt.overflow_error("Python int too large to convert to C int"));
    };
    match u32::try_from(code).ok().map(|c| (c, char::from_u32(c))) {
        Some((_, Some(c))) => Ok(rt.new_string(c.to_string())),
        Some((0xD800..=0xDFFF, None)) => Err(rt
            .not_implemented("lone surrogates (chr(0xD800) to chr(0xDFFF)) are not supported yet")),
        _ => Err(rt.value_error("chr() arg not in range(0x110000)")),
    }
}

fn builtin_ord(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "ord", args, kw)?;
    let Some(text) = as_str(v) else {
        let message = format!(
            "ord() expected string of length 1, but {} found",
            rt.type_name(v)
        );
        return Err(rt.type_error(message));
    };
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(Value::small_int(c as i64)),
        _ => {
            let message = format!(
                "ord() expected a character, but string of length {} found",
                text.chars().count()
            );
            Err(rt.type_error(message))
        }
    }
}

fn radix_text(
    rt: &mut Runtime,
    name: &str,
    args: &[Value],
    kw: &[Value],
    radix: u32,
    prefix: &str,
) -> PyResult<Value> {
    let v = one_arg(rt, name, args, kw)?;
    let Some(i) = as_int(v) else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(v)
        );
        return Err(rt.type_error(message));
    };
    let digits = int::to_string_radix(&i, radix);
    let text = match digits.strip_prefix('-') {
        Some(rest) => format!("-{prefix}{rest}"),
        None => format!("{prefix}{digits}"),
    };
    Ok(rt.new_string(text))
}

fn builtin_hex(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    radix_text(rt, "hex", args, kw, 16, "0x")
}
fn builtin_bin(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    radix_text(rt, "bin", args, kw, 2, "0b")
}
fn builtin_oct(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    radix_text(rt, "oct", args, kw, 8, "0o")
}

fn builtin_divmod(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "divmod", 2, 2)?;
    let (x, y) = (a.positional[0], a.positional[1]);
    // `__divmod__`, then the right operand's `__rdivmod__`.
    for (receiver, other, name) in [(x, y, "__divmod__"), (y, x, "__rdivmod__")] {
        if let Some(method) = crate::protocol::special(rt, receiver, name) {
            let result = crate::protocol::call_special(rt, _h, method, receiver, &[other])?;
            if result != Value::NOT_IMPLEMENTED {
                return Ok(result);
            }
        }
    }
    let (x, y) = (
        crate::protocol::builtin_value(x),
        crate::protocol::builtin_value(y),
    );
    if (as_int(x).is_none() && !x.is_float()) || (as_int(y).is_none() && !y.is_float()) {
        let message = format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            rt.type_name(x),
            rt.type_name(y)
        );
        return Err(rt.type_error(message));
    }
    if (x.is_float() || y.is_float())
        && (y.is_float() && y.as_float() == 0.0 || as_int(y).is_some_and(|i| i.is_zero()))
    {
        return Err(rt.zero_division("float divmod()"));
    }
    let q = crate::protocol::binary(rt, _h, bytecode::BinaryOperator::FloorDivide, x, y)?;
    let r = crate::protocol::binary(rt, _h, bytecode::BinaryOperator::Remainder, x, y)?;
    Ok(rt.new_tuple(vec![q, r]))
}

fn builtin_pow(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "pow", 2, 3)?;
    let (base, exponent) = (a.positional[0], a.positional[1]);
    let Some(&modulus) = a.positional.get(2).filter(|m| !m.is_none()) else {
        return crate::protocol::binary(rt, _h, bytecode::BinaryOperator::Power, base, exponent);
    };
    if let Some(method) = crate::protocol::special(rt, base, "__pow__") {
        return crate::protocol::call_special(rt, _h, method, base, &[exponent, modulus]);
    }
    let (Some(b), Some(e), Some(m)) = (as_int(base), as_int(exponent), as_int(modulus)) else {
        return Err(
            rt.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    };
    let (b, e, m) = (b.to_bigint(), e.to_bigint(), m.to_bigint());
    if m.is_zero() {
        return Err(rt.value_error("pow() 3rd argument cannot be 0"));
    }
    let modulus_abs = m.abs();
    let base = if e.is_negative() {
        // Modular inverse by the extended Euclidean algorithm.
        let g = b.mod_floor(&modulus_abs).extended_gcd(&modulus_abs);
        if !g.gcd.is_one() {
            return Err(rt.value_error("base is not invertible for the given modulus"));
        }
        g.x.mod_floor(&modulus_abs)
    } else {
        b
    };
    let mut result = base.modpow(&e.abs(), &modulus_abs);
    if m.is_negative() && !result.is_zero() {
        result += &m;
    }
    Ok(rt.new_bigint(result))
}

fn builtin_round(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "round", &["number", "ndigits"])?;
    let number = a.positional.first().copied().or(a.keyword("number"));
    let Some(number) = number else {
        return Err(rt.type_error("round() missing required argument 'number' (pos 1)"));
    };
    if let Some(method) = crate::protocol::special(rt, number, "__round__") {
        let extra: Vec<Value> = a
            .positional
            .get(1)
            .copied()
            .or(a.keyword("ndigits"))
            .into_iter()
            .collect();
        return crate::protocol::call_special(rt, _h, method, number, &extra);
    }
    let number = crate::protocol::builtin_value(number);
    let ndigits = a
        .positional
        .get(1)
        .copied()
        .or(a.keyword("ndigits"))
        .filter(|v| !v.is_none());
    if number.is_float() {
        let f = number.as_float();
        return match ndigits {
            None => {
                if f.is_nan() {
                    return Err(rt.value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(rt.overflow_error("cannot convert float infinity to integer"));
                }
                let r = f.round_ties_even();
                Ok(match int::float_to_bigint(r) {
                    Some(b) => rt.new_bigint(b),
                    None => Value::float(r),
                })
            }
            Some(n) => {
                let Some(n) = as_int(n).and_then(|n| n.to_i64()) else {
                    return Err(rt.type_error("'float' object cannot be interpreted as an integer"));
                };
                match crate::objects::float::round_to_digits(f, n) {
                    Some(r) => Ok(Value::float(r)),
                    None => Err(rt.overflow_error("rounded value too large to represent")),
                }
            }
        };
    }
    let Some(i) = as_int(number) else {
        let message = format!(
            "type {} doesn't define __round__ method",
            rt.type_name(number)
        );
        return Err(rt.type_error(message));
    };
    let exact = ndigits.and_then(as_int).map(|n| n.to_bigint());
    let n = match exact.as_ref().map(|n| n.to_i64()) {
        None => return Ok(rt.new_bigint(i.to_bigint())),
        Some(Some(n)) => n,
        // Past 64 bits: positive keeps the value, negative rounds to 0.
        Some(None) if exact.as_ref().is_some_and(|n| n.is_positive()) => {
            return Ok(rt.new_bigint(i.to_bigint()));
        }
        Some(None) => return Ok(Value::small_int(0)),
    };
    if n >= 0 {
        return Ok(rt.new_bigint(i.to_bigint()));
    }
    // |value| < 10**digits with digits <= bits * log10(2) + 1; rounding at
    // a power of ten more than one digit above that gives 0 (computing the
    // power would take forever for ndigits like -10**18).
    let digits = (i.to_bigint().bits() as f64 * std::f64::consts::LOG10_2) as u64 + 1;
    if n.unsigned_abs() > digits + 1 {
        return Ok(Value::small_int(0));
    }
    // Round half to even at 10**(-n).
    let scale = int::pow_big(&BigInt::from(10), (-n) as u64);
    let value = i.to_bigint();
    let (q, r) = value.div_mod_floor(&scale);
    let twice: BigInt = &r * BigInt::from(2);
    let q = match twice.cmp(&scale) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    Ok(rt.new_bigint(q * scale))
}

fn builtin_hash(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "hash", args, kw)?;
    let h = crate::protocol::hash(rt, _h, v)?;
    Ok(rt.new_int(h))
}

fn builtin_id(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "id", args, kw)?;
    Ok(rt.new_int((v.bits() & 0xffff_ffff_ffff) as i64))
}

fn builtin_iter(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "iter", args, kw)?;
    crate::protocol::get_iter(rt, _h, v)
}

fn builtin_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "next", 1, 2)?;
    let it = a.positional[0];
    if let Some(method) = crate::protocol::special(rt, it, "__next__") {
        return match crate::protocol::call_special(rt, host, method, it, &[]) {
            Err(e) if a.positional.len() == 2 && rt.error_matches(e, rt.types.stop_iteration) => {
                Ok(a.positional[1])
            }
            other => other,
        };
    }
    if !matches!(
        it.object().map(|o| &o.payload),
        Some(Object::Iterator(_) | Object::Generator(_))
    ) {
        let message = format!("'{}' object is not an iterator", rt.type_name(it));
        return Err(rt.type_error(message));
    }
    match ops::iter_next(rt, host, it)? {
        Some(v) => Ok(v),
        None => match a.positional.get(1) {
            Some(default) => Ok(*default),
            None if matches!(it.object().map(|o| &o.payload), Some(Object::Generator(_))) => {
                Err(crate::objects::generator::generator_stop_iteration(rt, it))
            }
            None => Err(rt.stop_iteration()),
        },
    }
}

/// `globals()`: the namespace of the calling frame's module.
fn builtin_globals(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "globals", &[])?;
    a.check_count(rt, "globals", 0, 0)?;
    match host.frame_info(0) {
        Some(frame) => Ok(frame.globals),
        None => Err(rt.not_implemented("globals() is not supported here")),
    }
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
fn builtin_import(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(
        rt,
        "__import__",
        &["name", "globals", "locals", "fromlist", "level"],
    )?;
    a.check_count(rt, "__import__", 0, 5)?;
    let argument = |i: usize, name: &str| a.positional.get(i).copied().or_else(|| a.keyword(name));
    let Some(name) = argument(0, "name") else {
        return Err(rt.type_error("__import__() missing required argument 'name' (pos 1)"));
    };
    let Some(name) = as_str(name).map(str::to_string) else {
        let message = format!(
            "__import__() argument 1 must be str, not {}",
            rt.type_name(name)
        );
        return Err(rt.type_error(message));
    };
    let globals = argument(1, "globals").unwrap_or(Value::NONE);
    let globals = if matches!(globals.object().map(|o| &o.payload), Some(Object::Dict(_))) {
        globals
    } else {
        rt.new_dict(Dict::new())
    };
    let fromlist = argument(3, "fromlist").unwrap_or(Value::NONE);
    let level = match argument(4, "level") {
        Some(v) => match as_int(v).and_then(|i| i.to_i64()) {
            Some(l) if l >= 0 => l as u32,
            Some(_) => return Err(rt.value_error("level must be >= 0")),
            None => return Err(rt.type_error("level must be an integer")),
        },
        None => 0,
    };
    host.import(rt, &name, globals, fromlist, level)
}

fn builtin_callable(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let v = one_arg(rt, "callable", args, kw)?;
    if crate::protocol::is_user_object(rt, v) {
        return Ok(Value::bool(
            crate::protocol::special(rt, v, "__call__").is_some(),
        ));
    }
    Ok(Value::bool(matches!(
        v.object().map(|o| &o.payload),
        Some(
            Object::Function(_)
                | Object::NativeFunction(_)
                | Object::BoundMethod(_)
                | Object::Type(_)
        )
    )))
}

fn builtin_format(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "format", 1, 2)?;
    let spec = match a.positional.get(1) {
        Some(s) => match as_str(*s) {
            Some(s) => s,
            None => return Err(rt.type_error("format() argument 2 must be str")),
        },
        None => "",
    };
    let text = crate::protocol::format(rt, _h, a.positional[0], spec)?;
    Ok(rt.new_string(text))
}

/// `exit(code=None)` and `quit(code=None)`: raise `SystemExit(code)`.
fn builtin_exit(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "exit", &["code"])?;
    a.check_count(rt, "exit", 0, 1)?;
    let code = a
        .positional
        .first()
        .copied()
        .or_else(|| a.keyword("code"))
        .unwrap_or(Value::NONE);
    Err(PyErr(rt.new_exception(rt.types.system_exit, vec![code])))
}

fn builtin_input(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "input", &[])?;
    a.check_count(rt, "input", 0, 1)?;
    if let Some(prompt) = a.positional.first() {
        let text = crate::repr::to_str(rt, *prompt)?;
        if let Err(error) = write_stdout(&text) {
            return Err(crate::stdio::os_error(rt, &error));
        }
    }
    if let Err(error) = flush_stdout() {
        return Err(crate::stdio::os_error(rt, &error));
    }
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => Err(rt.error(rt.types.eof_error, "EOF when reading a line")),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            Ok(rt.new_string(line))
        }
        Err(e) => Err(rt.error(rt.types.os_error, e.to_string())),
    }
}

fn attribute_name(rt: &mut Runtime, function: &str, name: Value) -> PyResult<Value> {
    match as_str(name) {
        Some(text) => Ok(rt.intern_str_value(name, text)),
        None => {
            let message = format!(
                "{function}(): attribute name must be string, not '{}'",
                rt.type_name(name)
            );
            Err(rt.type_error(message))
        }
    }
}

fn builtin_hasattr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "hasattr", 2, 2)?;
    let name = attribute_name(rt, "hasattr", a.positional[1])?;
    let found = crate::protocol::lookup_attribute(rt, _h, a.positional[0], name)?;
    Ok(Value::bool(found.is_some()))
}

fn builtin_getattr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "getattr", 2, 3)?;
    let name = attribute_name(rt, "getattr", a.positional[1])?;
    let value = a.positional[0];
    if let Some(default) = a.positional.get(2)
        && let Some(Object::Instance(_)) = value.object().map(|o| &o.payload)
    {
        return Ok(crate::protocol::lookup_attribute(rt, _h, value, name)?.unwrap_or(*default));
    }
    match crate::protocol::get_attribute(rt, _h, value, name) {
        Ok(v) => Ok(v),
        Err(e) if rt.error_matches(e, rt.types.attribute_error) && a.positional.len() == 3 => {
            Ok(a.positional[2])
        }
        Err(e) => Err(e),
    }
}

fn builtin_setattr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "setattr", &[])?;
    a.check_count(rt, "setattr", 3, 3)?;
    let name = attribute_name(rt, "setattr", a.positional[1])?;
    crate::protocol::set_attribute(rt, host, a.positional[0], name, Some(a.positional[2]))?;
    Ok(Value::NONE)
}

fn builtin_delattr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "delattr", &[])?;
    a.check_count(rt, "delattr", 2, 2)?;
    let name = attribute_name(rt, "delattr", a.positional[1])?;
    crate::protocol::set_attribute(rt, host, a.positional[0], name, None)?;
    Ok(Value::NONE)
}

/// `vars(object)`: its `__dict__`. (`vars()` without an argument needs
/// the caller's frame.)
fn builtin_vars(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "vars", &[])?;
    a.check_count(rt, "vars", 0, 1)?;
    let Some(object) = a.positional.first().copied() else {
        return Err(rt.not_implemented("vars() without an argument is not supported yet"));
    };
    let name = rt.intern_static("__dict__");
    match crate::protocol::get_attribute(rt, host, object, name) {
        Err(e) if rt.error_matches(e, rt.types.attribute_error) => {
            Err(rt.type_error("vars() argument must have __dict__ attribute"))
        }
        other => other,
    }
}

/// `dir(object)` for instances of user classes and user classes: the
/// sorted names of the instance's attributes, its class and bases'
/// namespaces, and `object`'s own attributes, as CPython lists them.
fn builtin_dir(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "dir", &[])?;
    a.check_count(rt, "dir", 0, 1)?;
    let sorted_keys = |rt: &mut Runtime, dict: Value| -> Value {
        let mut names: Vec<String> = match dict.object().map(|o| &o.payload) {
            Some(Object::Dict(d)) => d
                .borrow()
                .iter()
                .filter_map(|(k, _)| as_str(k).map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        names.sort();
        let values: Vec<Value> = names.iter().map(|n| rt.new_str(n)).collect();
        rt.new_list(values)
    };
    let Some(object) = a.positional.first().copied() else {
        // At module level the local names are the globals.
        return match _h.frame_info(0) {
            Some(frame) if &*frame.function == "<module>" => Ok(sorted_keys(rt, frame.globals)),
            _ => Err(rt.not_implemented(
                "dir() without an argument inside a function is not supported yet",
            )),
        };
    };
    if let Some(dict) = crate::objects::module::module_dict(object) {
        if let Some(custom) = crate::objects::module::dict_get(rt, dict, "__dir__") {
            let names = rt.call(_h, custom, &[], &[])?;
            let mut items = crate::ops::iterate(rt, _h, names)?;
            crate::builtins::sort_values(rt, _h, &mut items, None, false)?;
            return Ok(rt.new_list(items));
        }
        return Ok(sorted_keys(rt, dict));
    }
    match crate::objects::class::dir_names(rt, object) {
        Some(names) => {
            let values: Vec<Value> = names.iter().map(|n| rt.new_str(n)).collect();
            Ok(rt.new_list(values))
        }
        None => Err(rt.not_implemented("dir() of built-in objects is not supported yet")),
    }
}

/// `__build_class__(body, name, *bases, metaclass=type, **keywords)`: what
/// a `class` statement calls. Runs the body with a fresh namespace as its
/// locals, then creates the class from that namespace.
fn builtin_build_class(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    if a.positional.len() < 2 {
        return Err(rt.type_error("__build_class__: not enough arguments"));
    }
    let (body, name) = (a.positional[0], a.positional[1]);
    let original_bases = &a.positional[2..];
    // PEP 560: a base that is not a class names its replacements with
    // `__mro_entries__` (`class C(Generic[T])`).
    let mut resolved_bases = Vec::with_capacity(original_bases.len());
    let mut changed = false;
    let mro_entries = rt.intern_static("__mro_entries__");
    for base in original_bases {
        if type_object(*base).is_none()
            && let Ok(method) = crate::protocol::get_attribute(rt, host, *base, mro_entries)
        {
            let originals = rt.new_tuple(original_bases.to_vec());
            let entries = rt.call(host, method, &[originals], &[])?;
            let Some(Object::Tuple(items)) = entries.object().map(|o| &o.payload) else {
                return Err(rt.type_error("__mro_entries__ must return a tuple"));
            };
            resolved_bases.extend(items.iter().copied());
            changed = true;
        } else {
            resolved_bases.push(*base);
        }
    }
    let bases = &resolved_bases[..];
    let mut metaclass = rt.types.type_;
    let mut keywords = Vec::new();
    for (k, v) in a.keyword_names.iter().zip(a.keyword_values.iter()) {
        if as_str(*k) == Some("metaclass") {
            metaclass = *v;
        } else {
            keywords.push((*k, *v));
        }
    }
    // The most derived of the given metaclass and the bases' metaclasses.
    let metaclass_is_type = type_object(metaclass).is_some_and(|t| t.kind == TypeKind::Type);
    if metaclass_is_type {
        for base in bases {
            let base_meta = rt.type_of(*base);
            if rt.is_subtype(base_meta, metaclass) {
                metaclass = base_meta;
            } else if !rt.is_subtype(metaclass, base_meta) {
                return Err(rt.type_error(
                    "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                ));
            }
        }
    }
    let prepare = rt.intern_static("__prepare__");
    if crate::objects::class::class_data(metaclass).is_some()
        && crate::objects::class::lookup_user(rt, metaclass, prepare).is_some()
    {
        return Err(rt.not_implemented("metaclass __prepare__ is not supported yet"));
    }
    let namespace = rt.new_dict(Dict::new());
    host.run_class_body(rt, body, namespace)?;
    if changed {
        let originals = rt.new_tuple(original_bases.to_vec());
        crate::objects::module::dict_set(rt, namespace, "__orig_bases__", originals);
    }
    if metaclass == rt.types.type_ {
        return crate::objects::class::new_class(
            rt, host, metaclass, name, bases, namespace, &keywords,
        );
    }
    // Any other metaclass (a `type` subclass, or any callable) is called.
    let bases_tuple = rt.new_tuple(bases.to_vec());
    let mut call_args = vec![name, bases_tuple, namespace];
    let mut names = Vec::new();
    for (k, v) in &keywords {
        call_args.push(*v);
        names.push(*k);
    }
    rt.call(host, metaclass, &call_args, &names)
}

// ---- reductions -------------------------------------------------------------------

fn builtin_sum(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "sum", &["start"])?;
    a.check_count(rt, "sum", 1, 2)?;
    let start = a.positional.get(1).copied().or(a.keyword("start"));
    let mut total = sum_start(rt, start)?;
    let it = crate::protocol::get_iter(rt, host, a.positional[0])?;
    while let Some(x) = ops::iter_next(rt, host, it)? {
        total = sum_step(rt, host, total, x)?;
    }
    Ok(total)
}

/// `sum`'s starting total: `start`, or 0 (a str start is refused, as
/// CPython refuses it).
pub fn sum_start(rt: &mut Runtime, start: Option<Value>) -> PyResult<Value> {
    let total = start.unwrap_or(Value::small_int(0));
    if as_str(total).is_some() {
        return Err(rt.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    Ok(total)
}

/// One step of `sum`: `total + x`.
#[inline]
pub fn sum_step(rt: &mut Runtime, host: &mut dyn Host, total: Value, x: Value) -> PyResult<Value> {
    Ok(if Value::both_small_ints(total, x) {
        rt.new_int(total.as_small_int() + x.as_small_int())
    } else if total.is_float() && x.is_float() {
        Value::float(total.as_float() + x.as_float())
    } else {
        crate::protocol::binary(rt, host, bytecode::BinaryOperator::Add, total, x)?
    })
}

/// A built-in that consumes an iterable argument whole, or until it has
/// its answer: when that argument is a generator, the interpreter drains
/// it itself with the collector running (each item rooted), instead of a
/// nested run in which no collection may happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorConsumer {
    List,
    Tuple,
    Set,
    FrozenSet,
    /// `sum`: folded item by item.
    Sum,
    /// `any` and `all`: folded until the answer is known.
    Any,
    All,
    /// `sorted`, `min`, `max`: the generator is drained into a list (they
    /// take every item before looking at any), then the built-in runs.
    Sorted,
    Min,
    Max,
    /// `str.join`: the generator is the second argument.
    Join,
}

/// What kind of generator consumer `callable` is, if any.
pub fn generator_consumer(rt: &Runtime, callable: Value) -> Option<GeneratorConsumer> {
    use GeneratorConsumer::*;
    let types = &rt.types;
    if callable == types.list {
        return Some(List);
    } else if callable == types.tuple {
        return Some(Tuple);
    } else if callable == types.set {
        return Some(Set);
    } else if callable == types.frozenset {
        return Some(FrozenSet);
    }
    let Some(Object::NativeFunction(f)) = callable.object().map(|o| &o.payload) else {
        return None;
    };
    if let Some(owner) = f.owner {
        return (owner == types.str && f.name == "join").then_some(Join);
    }
    let function = f.function as usize;
    let consumers: [(NativeFn, GeneratorConsumer); 6] = [
        (builtin_sum, Sum),
        (builtin_any, Any),
        (builtin_all, All),
        (builtin_sorted, Sorted),
        (builtin_min, Min),
        (builtin_max, Max),
    ];
    consumers
        .iter()
        .find(|(native, _)| *native as usize == function)
        .map(|(_, consumer)| *consumer)
}

fn min_max(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
    name: &str,
    want_max: bool,
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, name, &["key", "default"])?;
    let key = a.keyword("key").filter(|k| !k.is_none());
    let default = a.keyword("default");
    let items = match a.positional.len() {
        0 => {
            let message = format!("{name} expected at least 1 argument, got 0");
            return Err(rt.type_error(message));
        }
        1 => ops::iterate(rt, host, a.positional[0])?,
        _ => {
            if default.is_some() {
                let message = format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                );
                return Err(rt.type_error(message));
            }
            a.positional.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => {
                let message = format!("{name}() arg is an empty sequence");
                Err(rt.value_error(message))
            }
        };
    }
    let mut best = items[0];
    let mut best_key = match key {
        Some(k) => rt.call(host, k, &[best], &[])?,
        None => best,
    };
    for item in &items[1..] {
        let item_key = match key {
            Some(k) => rt.call(host, k, &[*item], &[])?,
            None => *item,
        };
        let (low, high) = if want_max {
            (best_key, item_key)
        } else {
            (item_key, best_key)
        };
        let better = if low.is_small_int() && high.is_small_int() {
            low.as_small_int() < high.as_small_int()
        } else {
            crate::protocol::less_than(rt, host, low, high)?
        };
        if better {
            best = *item;
            best_key = item_key;
        }
    }
    Ok(best)
}

fn builtin_min(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    min_max(rt, host, args, kw, "min", false)
}

fn builtin_max(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    min_max(rt, host, args, kw, "max", true)
}

/// Stable sort of `items` by `key` (computed first), optionally reversed,
/// with CPython's reverse-stability.
pub fn sort_values(
    rt: &mut Runtime,
    host: &mut dyn Host,
    items: &mut Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    let keys: Vec<Value> = match key {
        Some(k) => {
            let mut keys = Vec::with_capacity(items.len());
            for item in items.iter() {
                keys.push(rt.call(host, k, &[*item], &[])?);
            }
            keys
        }
        None => items.clone(),
    };
    let mut pairs: Vec<(Value, Value)> = keys.into_iter().zip(items.iter().copied()).collect();
    if reverse {
        pairs.reverse();
    }
    let mut error: Option<PyErr> = None;
    let all_small_ints = pairs.iter().all(|(k, _)| k.is_small_int());
    if all_small_ints {
        pairs.sort_by_key(|(k, _)| k.as_small_int());
    } else if totally_ordered_keys(pairs.iter().map(|(k, _)| *k)) {
        // A stable sort under a total order gives exactly timsort's result.
        pairs.sort_by(|a, b| builtin_key_order(a.0, b.0));
    } else if !pairs.iter().any(|(k, _)| may_order_by_python(*k, 0)) {
        // Built-in keys (nested tuples, NaNs, mixed kinds): the built-in
        // comparison, without looking for user objects at every compare.
        if let Err(e) = python_sort(&mut pairs, &mut |a, b| ops::less_than(rt, a.0, b.0)) {
            error = Some(e);
        }
    } else {
        if let Err(e) = python_sort(&mut pairs, &mut |a, b| {
            crate::protocol::less_than(rt, host, a.0, b.0)
        }) {
            error = Some(e);
        }
    }
    if let Some(e) = error {
        return Err(e);
    }
    if reverse {
        pairs.reverse();
    }
    *items = pairs.into_iter().map(|(_, v)| v).collect();
    Ok(())
}

/// May ordering `value` with `<` run Python code? Conservative: true for
/// user objects, containers other than tuples and lists, and past a few
/// levels of nesting; a namedtuple counts as its tuple.
fn may_order_by_python(value: Value, depth: u32) -> bool {
    if depth > 24 {
        return true;
    }
    match value.object().map(|o| &o.payload) {
        None | Some(Object::Str(_) | Object::WideInt(_) | Object::BigInt(_)) => false,
        Some(Object::Tuple(items)) => items.iter().any(|v| may_order_by_python(*v, depth + 1)),
        Some(Object::List(items)) => items
            .borrow()
            .iter()
            .any(|v| may_order_by_python(*v, depth + 1)),
        Some(Object::Instance(_)) => {
            let base = ops::builtin_comparison_value(value);
            base == value || may_order_by_python(base, depth)
        }
        _ => true,
    }
}

/// What a sort key is, for [`totally_ordered_keys`].
#[derive(Clone, Copy, PartialEq)]
enum ScalarKind {
    /// A small int or a bool.
    Int,
    /// A float that is not a NaN.
    Float,
    Str,
}

fn scalar_kind(value: Value) -> Option<ScalarKind> {
    if value.is_small_int() || value.is_bool() {
        return Some(ScalarKind::Int);
    }
    if value.is_float() {
        return (!value.as_float().is_nan()).then_some(ScalarKind::Float);
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Str(_)) => Some(ScalarKind::Str),
        _ => None,
    }
}

/// Can the keys be sorted without Python comparisons, under a total order?
/// All of one scalar kind, or all tuples of scalars whose items at each
/// position are of one kind (the usual `(priority, name)` keys). Anything
/// else (user objects, NaNs, mixed kinds that may raise) takes the
/// protocol comparison.
fn totally_ordered_keys(mut keys: impl Iterator<Item = Value>) -> bool {
    let Some(first) = keys.next() else {
        return true;
    };
    if let Some(kind) = scalar_kind(first) {
        return keys.all(|k| scalar_kind(k) == Some(kind));
    }
    let mut positions: Vec<ScalarKind> = Vec::new();
    let mut check_tuple =
        |key: Value| match key.object().map(|o| &o.payload) {
            Some(Object::Tuple(items)) => items.iter().enumerate().all(|(i, item)| {
                match (scalar_kind(*item), positions.get(i)) {
                    (Some(kind), Some(expected)) => kind == *expected,
                    (Some(kind), None) => {
                        positions.push(kind);
                        true
                    }
                    (None, _) => false,
                }
            }),
            _ => false,
        };
    check_tuple(first) && keys.all(check_tuple)
}

/// The order of two scalars of one kind (see [`scalar_kind`]).
fn scalar_order(a: Value, b: Value) -> std::cmp::Ordering {
    let int_of = |v: Value| {
        if v.is_small_int() {
            v.as_small_int()
        } else {
            (v == Value::TRUE) as i64
        }
    };
    if a.is_float() {
        return a
            .as_float()
            .partial_cmp(&b.as_float())
            .unwrap_or(std::cmp::Ordering::Equal);
    }
    match (as_str(a), as_str(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => int_of(a).cmp(&int_of(b)),
    }
}

/// The order of two keys [`totally_ordered_keys`] accepted: scalars, or
/// tuples compared item by item, then by length.
fn builtin_key_order(a: Value, b: Value) -> std::cmp::Ordering {
    match (
        a.object().map(|o| &o.payload),
        b.object().map(|o| &o.payload),
    ) {
        (Some(Object::Tuple(x)), Some(Object::Tuple(y))) => x
            .iter()
            .zip(y.iter())
            .map(|(p, q)| scalar_order(*p, *q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        _ => scalar_order(a, b),
    }
}

fn builtin_sorted(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_keywords(rt, "sorted", &["key", "reverse"])?;
    if a.positional.len() != 1 {
        let message = format!("sorted expected 1 argument, got {}", a.positional.len());
        return Err(rt.type_error(message));
    }
    let mut items = ops::iterate(rt, host, a.positional[0])?;
    let key = a.keyword("key").filter(|k| !k.is_none());
    let reverse = a.keyword("reverse").is_some_and(ops::is_truthy);
    sort_values(rt, host, &mut items, key, reverse)?;
    Ok(rt.new_list(items))
}

// ---- constructors -------------------------------------------------------------------

fn construct(
    rt: &mut Runtime,
    host: &mut dyn Host,
    type_value: Value,
    kind: TypeKind,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    let name = type_object(type_value).map_or("object", |t| t.name);
    match kind {
        TypeKind::Dict
        | TypeKind::Int
        | TypeKind::Exception
        | TypeKind::Type
        | TypeKind::Property => {}
        TypeKind::Iterator if name == "enumerate" => a.check_keywords(rt, name, &["start"])?,
        TypeKind::Iterator if name == "zip" => a.check_keywords(rt, name, &["strict"])?,
        _ => a.check_keywords(rt, name, &[])?,
    }
    let first = a.positional.first().copied();
    match kind {
        TypeKind::Int => {
            if let Some(v) = a.positional.first().copied()
                && a.positional.len() == 1
                && crate::protocol::is_user_object(rt, v)
                && let Some(result) = crate::protocol::convert_number(rt, host, v, false)?
            {
                return Ok(result);
            }
            construct_int(rt, &a)
        }
        TypeKind::Float => {
            a.check_count(rt, "float", 0, 1)?;
            match first {
                None => Ok(Value::float(0.0)),
                Some(v) if crate::protocol::is_user_object(rt, v) => {
                    match crate::protocol::convert_number(rt, host, v, true)? {
                        Some(result) => Ok(result),
                        None => to_float(rt, v),
                    }
                }
                Some(v) => to_float(rt, v),
            }
        }
        TypeKind::Bool => {
            a.check_count(rt, "bool", 0, 1)?;
            match first {
                Some(v) => Ok(Value::bool(crate::protocol::truthy(rt, host, v)?)),
                None => Ok(Value::FALSE),
            }
        }
        TypeKind::Str => {
            a.check_count(rt, "str", 0, 1)?;
            match first {
                None => Ok(rt.new_str("")),
                Some(v) if as_str(v).is_some() => Ok(v),
                Some(v) => {
                    let text = crate::protocol::to_str(rt, host, v)?;
                    Ok(rt.new_string(text))
                }
            }
        }
        TypeKind::List => {
            a.check_count(rt, "list", 0, 1)?;
            let items = match first {
                None => vec![],
                Some(v) => ops::iterate(rt, host, v)?,
            };
            Ok(rt.new_list(items))
        }
        TypeKind::Tuple => {
            a.check_count(rt, "tuple", 0, 1)?;
            match first {
                None => Ok(rt.new_tuple(vec![])),
                Some(v) if matches!(v.object().map(|o| &o.payload), Some(Object::Tuple(_))) => {
                    Ok(v)
                }
                Some(v) => {
                    let items = ops::iterate(rt, host, v)?;
                    Ok(rt.new_tuple(items))
                }
            }
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            a.check_count(rt, name, 0, 1)?;
            let mut set = PySet::new();
            match first.and_then(|v| v.object()).map(|o| &o.payload) {
                Some(Object::Set(s)) => set.merge(&s.borrow()),
                Some(Object::FrozenSet(s)) => set.merge(s),
                _ => {
                    if let Some(v) = first {
                        for item in ops::iterate(rt, host, v)? {
                            let key = crate::protocol::table_key(rt, host, &set, item)?;
                            set.insert(key);
                        }
                    }
                }
            }
            Ok(if kind == TypeKind::Set {
                rt.new_set(set)
            } else {
                rt.new_frozenset(set)
            })
        }
        TypeKind::Dict => {
            a.check_count(rt, "dict", 0, 1)?;
            let mut dict = Dict::new();
            if let Some(v) = first {
                update_dict(rt, host, &mut dict, v)?;
            }
            for (k, v) in a.keyword_names.iter().zip(a.keyword_values.iter()) {
                let key = rt.key(*k)?;
                dict.insert(key, *v);
            }
            Ok(rt.new_dict(dict))
        }
        TypeKind::Range => {
            a.check_count(rt, "range", 1, 3)?;
            if let Some(range) = inline_int_range(a.positional) {
                return Ok(rt.allocate(Object::Range(range)));
            }
            let mut numbers: Vec<BigInt> = Vec::with_capacity(3);
            for v in a.positional {
                match as_int(*v).filter(|_| !v.is_float()) {
                    Some(n) => numbers.push(n.to_bigint()),
                    None => {
                        let message = format!(
                            "'{}' object cannot be interpreted as an integer",
                            rt.type_name(*v)
                        );
                        return Err(rt.type_error(message));
                    }
                }
            }
            let (start, stop, step) = match numbers.len() {
                1 => (BigInt::zero(), numbers[0].clone(), BigInt::one()),
                2 => (numbers[0].clone(), numbers[1].clone(), BigInt::one()),
                _ => (numbers[0].clone(), numbers[1].clone(), numbers[2].clone()),
            };
            if step.is_zero() {
                return Err(rt.value_error("range() arg 3 must not be zero"));
            }
            let big = crate::object::BigRangeObject { start, stop, step };
            // 64-bit bounds and length: the fast representation.
            if let (Some(start), Some(stop), Some(step), Some(_)) = (
                big.start.to_i64(),
                big.stop.to_i64(),
                big.step.to_i64(),
                big.len().to_i64(),
            ) {
                return Ok(rt.allocate(Object::Range(RangeObject { start, stop, step })));
            }
            Ok(rt.allocate(Object::BigRange(Box::new(big))))
        }
        TypeKind::Slice => {
            a.check_count(rt, "slice", 1, 3)?;
            let p = a.positional;
            let (start, stop, step) = match p.len() {
                1 => (Value::NONE, p[0], Value::NONE),
                2 => (p[0], p[1], Value::NONE),
                _ => (p[0], p[1], p[2]),
            };
            Ok(rt.allocate(Object::Slice(SliceObject { start, stop, step })))
        }
        TypeKind::Type => match a.positional.len() {
            1 if a.keyword_names.is_empty() => Ok(rt.type_of(a.positional[0])),
            3 => {
                let bases = match a.positional[1].object().map(|o| &o.payload) {
                    Some(Object::Tuple(t)) => t.to_vec(),
                    _ => {
                        let message = format!(
                            "type.__new__() argument 2 must be tuple, not {}",
                            rt.type_name(a.positional[1])
                        );
                        return Err(rt.type_error(message));
                    }
                };
                let keywords: Vec<(Value, Value)> = a
                    .keyword_names
                    .iter()
                    .copied()
                    .zip(a.keyword_values.iter().copied())
                    .collect();
                crate::objects::class::new_class(
                    rt,
                    host,
                    type_value,
                    a.positional[0],
                    &bases,
                    a.positional[2],
                    &keywords,
                )
            }
            _ => Err(rt.type_error("type() takes 1 or 3 arguments")),
        },
        TypeKind::StaticMethod => crate::objects::descriptor::construct_wrapper(rt, &a, false),
        TypeKind::ClassMethod => crate::objects::descriptor::construct_wrapper(rt, &a, true),
        TypeKind::Property => crate::objects::descriptor::construct_property(rt, &a),
        TypeKind::Super => crate::objects::descriptor::construct_super(rt, &a),
        TypeKind::Iterator => construct_iterator(rt, host, name, &a),
        TypeKind::Exception => Ok(rt.new_exception(type_value, a.positional.to_vec())),
        TypeKind::Module => {
            // `module(name, doc=None)` (`types.ModuleType`).
            let name = a.positional.first().copied().or_else(|| a.keyword("name"));
            let doc = a.positional.get(1).copied().or_else(|| a.keyword("doc"));
            let Some(name) = name else {
                return Err(rt.type_error("module() missing required argument 'name' (pos 1)"));
            };
            let Some(text) = as_str(name) else {
                let message = format!(
                    "module() argument 'name' must be str, not {}",
                    rt.type_name(name)
                );
                return Err(rt.type_error(message));
            };
            let module = crate::objects::module::new_module_without_loader(rt, text);
            if let Some(doc) = doc {
                crate::objects::module::set(rt, module, "__doc__", doc);
            }
            Ok(module)
        }
        TypeKind::Object => {
            a.check_count(rt, "object", 0, 0)
                .map_err(|_| rt.type_error("object() takes no arguments"))?;
            Ok(crate::objects::instance::new_instance(rt, type_value))
        }
        _ => {
            let message = format!("cannot create '{name}' instances");
            Err(rt.type_error(message))
        }
    }
}

/// Sorts with a fallible `less` (Python's `<`, which may run user code
/// and raise; the first error stops the sort). Short lists are sorted
/// exactly as CPython's timsort sorts them (the leading run, then binary
/// insertion), so even an inconsistent order (NaN, a whimsical `__lt__`)
/// gives CPython's result; longer ones by a stable merge sort, which
/// agrees with timsort whenever the order is consistent. Unlike
/// `slice::sort_by`, an inconsistent order can never panic.
pub fn python_sort<T: Copy>(
    items: &mut [T],
    less: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    const MINIMUM_MERGE: usize = 64;
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    if n < MINIMUM_MERGE {
        // CPython's `count_run`: a strictly descending run is reversed.
        let mut run = 2;
        if less(&items[1], &items[0])? {
            while run < n && less(&items[run], &items[run - 1])? {
                run += 1;
            }
            items[..run].reverse();
        } else {
            while run < n && !less(&items[run], &items[run - 1])? {
                run += 1;
            }
        }
        // CPython's `binarysort` of the rest into the run.
        for start in run..n {
            let pivot = items[start];
            let (mut low, mut high) = (0, start);
            while low < high {
                let middle = low + ((high - low) >> 1);
                if less(&pivot, &items[middle])? {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            items.copy_within(low..start, low + 1);
            items[low] = pivot;
        }
        return Ok(());
    }
    merge_sort(items, less)
}

/// A stable bottom-up merge sort with a fallible `less`.
fn merge_sort<T: Copy>(
    items: &mut [T],
    less: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    let n = items.len();
    let mut source: Vec<T> = items.to_vec();
    let mut target: Vec<T> = items.to_vec();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, middle, start);
            while i < middle && j < end {
                // Take from the right run only when strictly less: stable.
                if less(&source[j], &source[i])? {
                    target[k] = source[j];
                    j += 1;
                } else {
                    target[k] = source[i];
                    i += 1;
                }
                k += 1;
            }
            target[k..k + (middle - i)].copy_from_slice(&source[i..middle]);
            k += middle - i;
            target[k..k + (end - j)].copy_from_slice(&source[j..end]);
            start = end;
        }
        std::mem::swap(&mut source, &mut target);
        width *= 2;
    }
    items.copy_from_slice(&source);
    Ok(())
}

/// `range(...)` of inline ints, the common case, without bignum
/// arithmetic: their length always fits 64 bits. `None` for anything else
/// (big or non-int bounds, a zero step), which the general path handles.
fn inline_int_range(args: &[Value]) -> Option<RangeObject> {
    let int = |v: &Value| v.is_small_int().then(|| v.as_small_int());
    let (start, stop, step) = match args {
        [stop] => (0, int(stop)?, 1),
        [start, stop] => (int(start)?, int(stop)?, 1),
        [start, stop, step] => (int(start)?, int(stop)?, int(step)?),
        _ => return None,
    };
    (step != 0).then_some(RangeObject { start, stop, step })
}

fn construct_iterator(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &str,
    a: &Arguments,
) -> PyResult<Value> {
    let state = match name {
        "enumerate" => {
            a.check_count(rt, "enumerate", 1, 2)?;
            let start = a
                .positional
                .get(1)
                .copied()
                .or(a.keyword("start"))
                .unwrap_or(Value::small_int(0));
            let Some(start_int) = as_int(start).filter(|_| !start.is_float()) else {
                let message = format!(
                    "'{}' object cannot be interpreted as an integer",
                    rt.type_name(start)
                );
                return Err(rt.type_error(message));
            };
            // `__index__`: a bool start counts from 0 or 1.
            let start = rt.new_bigint(start_int.to_bigint());
            let iterator = crate::protocol::get_iter(rt, host, a.positional[0])?;
            IteratorState::Enumerate {
                iterator,
                count: start,
            }
        }
        "zip" => {
            let mut iterators = Vec::new();
            for v in a.positional {
                iterators.push(crate::protocol::get_iter(rt, host, *v)?);
            }
            IteratorState::Zip {
                iterators: iterators.into_boxed_slice(),
                strict: a.keyword("strict").is_some_and(ops::is_truthy),
            }
        }
        "map" => {
            if a.positional.len() < 2 {
                return Err(rt.type_error("map() must have at least two arguments."));
            }
            let mut iterators = Vec::new();
            for v in &a.positional[1..] {
                iterators.push(crate::protocol::get_iter(rt, host, *v)?);
            }
            IteratorState::Map {
                function: a.positional[0],
                iterators: iterators.into_boxed_slice(),
            }
        }
        "filter" => {
            a.check_count(rt, "filter", 2, 2)?;
            let iterator = crate::protocol::get_iter(rt, host, a.positional[1])?;
            IteratorState::Filter {
                function: a.positional[0],
                iterator,
            }
        }
        "reversed" => {
            a.check_count(rt, "reversed", 1, 1)?;
            let v = a.positional[0];
            if let Some(method) = crate::protocol::special(rt, v, "__reversed__") {
                return crate::protocol::call_special(rt, host, method, v, &[]);
            }
            if crate::protocol::special(rt, v, "__getitem__").is_some()
                && crate::protocol::special(rt, v, "__len__").is_some()
            {
                let length = crate::protocol::len(rt, host, v)?;
                return Ok(rt.new_iterator(IteratorState::Reversed {
                    sequence: v,
                    index: length,
                }));
            }
            match v.object().map(|o| &o.payload) {
                Some(Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Range(_)) => {
                    let length = ops::len(rt, v)?;
                    IteratorState::Reversed {
                        sequence: v,
                        index: length,
                    }
                }
                Some(Object::Dict(_) | Object::DictView(_)) => {
                    let mut keys = ops::iterate(rt, host, v)?;
                    keys.reverse();
                    IteratorState::Items {
                        items: keys.into_boxed_slice(),
                        index: 0,
                    }
                }
                _ => {
                    let message = format!("'{}' object is not reversible", rt.type_name(v));
                    return Err(rt.type_error(message));
                }
            }
        }
        _ => {
            let message = format!("cannot create '{name}' instances");
            return Err(rt.type_error(message));
        }
    };
    Ok(rt.new_iterator(state))
}

/// `dict.update(source)` for a mapping or an iterable of pairs.
pub fn update_dict(
    rt: &mut Runtime,
    host: &mut dyn Host,
    dict: &mut Dict,
    source: Value,
) -> PyResult<()> {
    let source = crate::protocol::builtin_value(source);
    if let Some(Object::Dict(d)) = source.object().map(|o| &o.payload) {
        dict.merge(&d.borrow());
        return Ok(());
    }
    for (index, item) in ops::iterate(rt, host, source)?.into_iter().enumerate() {
        let pair = match ops::iterate(rt, host, item) {
            Ok(p) => p,
            Err(_) => {
                let message = format!(
                    "cannot convert dictionary update sequence element #{index} to a sequence"
                );
                return Err(rt.type_error(message));
            }
        };
        if pair.len() != 2 {
            let message = format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                pair.len()
            );
            return Err(rt.value_error(message));
        }
        let key = crate::protocol::table_key(rt, host, dict, pair[0])?;
        dict.insert(key, pair[1]);
    }
    Ok(())
}

fn construct_int(rt: &mut Runtime, a: &Arguments) -> PyResult<Value> {
    a.check_keywords(rt, "int", &["base"])?;
    a.check_count(rt, "int", 0, 2)?;
    let base = a.positional.get(1).copied().or(a.keyword("base"));
    let Some(v) = a.positional.first().copied() else {
        if base.is_some() {
            return Err(rt.type_error("int() missing string argument"));
        }
        return Ok(Value::small_int(0));
    };
    if let Some(base) = base {
        let Some(text) = as_str(v) else {
            return Err(rt.type_error("int() can't convert non-string with explicit base"));
        };
        if base.is_float() || as_int(base).is_none() {
            let message = format!(
                "'{}' object cannot be interpreted as an integer",
                rt.type_name(base)
            );
            return Err(rt.type_error(message));
        }
        let base = match as_int(base).and_then(|b| b.to_i64()) {
            Some(b) if b == 0 || (2..=36).contains(&b) => b as u32,
            _ => return Err(rt.value_error("int() base must be >= 2 and <= 36, or 0")),
        };
        return parse_int_text(rt, text, base);
    }
    if v.is_float() {
        let f = v.as_float();
        if f.is_nan() {
            return Err(rt.value_error("cannot convert float NaN to integer"));
        }
        if f.is_infinite() {
            return Err(rt.overflow_error("cannot convert float infinity to integer"));
        }
        let b = int::float_to_bigint(f).unwrap_or_default();
        return Ok(rt.new_bigint(b));
    }
    if let Some(i) = as_int(v) {
        return Ok(match i {
            IntRef::Small(s) => rt.new_int(s),
            IntRef::Wide(_) | IntRef::Big(_) => v,
        });
    }
    if let Some(text) = as_str(v) {
        return parse_int_text(rt, text, 10);
    }
    let message = format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        rt.type_name(v)
    );
    Err(rt.type_error(message))
}

/// CPython 3.11's default limit on int/str conversions in non-power-of-two
/// bases (`sys.get_int_max_str_digits()`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

static INT_MAX_STR_DIGITS_NOW: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(INT_MAX_STR_DIGITS);

/// The limit on int/str conversions now (0: no limit).
pub fn int_max_str_digits() -> usize {
    INT_MAX_STR_DIGITS_NOW.load(std::sync::atomic::Ordering::Relaxed)
}

/// `sys.set_int_max_str_digits(limit)`.
pub fn set_int_max_str_digits(limit: usize) {
    INT_MAX_STR_DIGITS_NOW.store(limit, std::sync::atomic::Ordering::Relaxed);
}

fn parse_int_text(rt: &mut Runtime, text: &str, base: u32) -> PyResult<Value> {
    let digits = text.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let limit = int_max_str_digits();
    if !base.is_power_of_two() && limit != 0 && digits > limit {
        let message = format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        );
        return Err(rt.value_error(message));
    }
    // Digits of any script count, as in CPython.
    let converted = crate::unicode::to_ascii_digits(text);
    match int::parse_int(converted.as_deref().unwrap_or(text), base) {
        Some(b) => Ok(rt.new_bigint(b)),
        None => {
            let message = format!(
                "invalid literal for int() with base {base}: {}",
                crate::repr::repr_str(text)
            );
            Err(rt.value_error(message))
        }
    }
}

/// `float(value)`.
pub fn to_float(rt: &mut Runtime, v: Value) -> PyResult<Value> {
    if v.is_float() {
        return Ok(v);
    }
    if let Some(i) = as_int(v) {
        return match int::int_to_f64(&i) {
            Some(f) => Ok(Value::float(f)),
            None => Err(rt.overflow_error("int too large to convert to float")),
        };
    }
    if let Some(text) = as_str(v) {
        let converted = crate::unicode::to_ascii_digits(text);
        return match parse_float(converted.as_deref().unwrap_or(text)) {
            Some(f) => Ok(Value::float(f)),
            None => {
                let message = format!(
                    "could not convert string to float: {}",
                    crate::repr::repr_str(text)
                );
                Err(rt.value_error(message))
            }
        };
    }
    let message = format!(
        "float() argument must be a string or a real number, not '{}'",
        rt.type_name(v)
    );
    Err(rt.type_error(message))
}

/// Parses float text as Python's `float()` does.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(crate::unicode::is_ascii_space);
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, &lower[1..]),
        Some(b'+') => (1.0, &lower[1..]),
        _ => (1.0, lower.as_str()),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if body.is_empty()
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
    {
        return None;
    }
    let cleaned: String = body.chars().filter(|c| *c != '_').collect();
    cleaned.parse::<f64>().ok().map(|f| sign * f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_parsing_follows_python() {
        assert_eq!(parse_float(" 1.5 "), Some(1.5));
        assert_eq!(parse_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("1_000.5"), Some(1000.5));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float("abc"), None);
        assert_eq!(parse_float(""), None);
    }
}
