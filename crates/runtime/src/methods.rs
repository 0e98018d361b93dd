//! Attribute lookup on built-in objects and the methods of `str`, `list`,
//! `dict`, `set`/`frozenset`, `tuple`, `int` and `float`.
//!
//! Methods are native functions taking the receiver as their first
//! argument; they live in a table keyed by (type kind, interned name), so
//! a method call (`LOAD_ATTR` with the method flag, then `CALL`) never
//! allocates a bound method.

use crate::builtins::{Arguments, sort_values, update_dict};
use crate::dict::{Dict, PySet};
use crate::int::as_int;
use crate::object::{
    BoundMethodObject, DictViewKind, DictViewObject, NativeFn, NativeFunctionObject, Object,
    TypeKind,
};
use crate::ops;
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime, as_str};

type Method = (TypeKind, &'static str, NativeFn);

/// Registers every method descriptor.
pub fn install(rt: &mut Runtime) {
    let table: &[Method] = &[
        // str
        (TypeKind::Str, "join", str_join),
        (TypeKind::Str, "split", str_split),
        (TypeKind::Str, "rsplit", str_rsplit),
        (TypeKind::Str, "strip", str_strip),
        (TypeKind::Str, "lstrip", str_lstrip),
        (TypeKind::Str, "rstrip", str_rstrip),
        (TypeKind::Str, "replace", str_replace),
        (TypeKind::Str, "startswith", str_startswith),
        (TypeKind::Str, "endswith", str_endswith),
        (TypeKind::Str, "find", str_find),
        (TypeKind::Str, "rfind", str_rfind),
        (TypeKind::Str, "index", str_index),
        (TypeKind::Str, "rindex", str_rindex),
        (TypeKind::Str, "count", str_count),
        (TypeKind::Str, "upper", str_upper),
        (TypeKind::Str, "lower", str_lower),
        (TypeKind::Str, "capitalize", str_capitalize),
        (TypeKind::Str, "title", str_title),
        (TypeKind::Str, "swapcase", str_swapcase),
        (TypeKind::Str, "isdigit", str_isdigit),
        (TypeKind::Str, "isnumeric", str_isnumeric),
        (TypeKind::Str, "isdecimal", str_isdecimal),
        (TypeKind::Str, "isprintable", str_isprintable),
        (TypeKind::Str, "isascii", str_isascii),
        (TypeKind::Str, "isalpha", str_isalpha),
        (TypeKind::Str, "isalnum", str_isalnum),
        (TypeKind::Str, "isspace", str_isspace),
        (TypeKind::Str, "isupper", str_isupper),
        (TypeKind::Str, "islower", str_islower),
        (TypeKind::Str, "isidentifier", str_isidentifier),
        (TypeKind::Str, "istitle", str_istitle),
        (TypeKind::Str, "casefold", str_casefold),
        (TypeKind::Str, "format", str_format),
        (TypeKind::Str, "center", str_center),
        (TypeKind::Str, "ljust", str_ljust),
        (TypeKind::Str, "rjust", str_rjust),
        (TypeKind::Str, "zfill", str_zfill),
        (TypeKind::Str, "splitlines", str_splitlines),
        (TypeKind::Str, "partition", str_partition),
        (TypeKind::Str, "rpartition", str_rpartition),
        (TypeKind::Str, "removeprefix", str_removeprefix),
        (TypeKind::Str, "removesuffix", str_removesuffix),
        // list
        (TypeKind::List, "append", list_append),
        (TypeKind::List, "extend", list_extend),
        (TypeKind::List, "insert", list_insert),
        (TypeKind::List, "pop", list_pop),
        (TypeKind::List, "remove", list_remove),
        (TypeKind::List, "index", sequence_index),
        (TypeKind::List, "count", sequence_count),
        (TypeKind::List, "sort", list_sort),
        (TypeKind::List, "reverse", list_reverse),
        (TypeKind::List, "clear", list_clear),
        (TypeKind::List, "copy", list_copy),
        // tuple
        (TypeKind::Tuple, "index", sequence_index),
        (TypeKind::Tuple, "count", sequence_count),
        // dict
        (TypeKind::Dict, "get", dict_get),
        (TypeKind::Dict, "keys", dict_keys),
        (TypeKind::Dict, "values", dict_values),
        (TypeKind::Dict, "items", dict_items),
        (TypeKind::Dict, "pop", dict_pop),
        (TypeKind::Dict, "popitem", dict_popitem),
        (TypeKind::Dict, "setdefault", dict_setdefault),
        (TypeKind::Dict, "update", dict_update),
        (TypeKind::Dict, "clear", dict_clear),
        (TypeKind::Dict, "copy", dict_copy),
        // set and frozenset
        (TypeKind::Set, "add", set_add),
        (TypeKind::Set, "remove", set_remove),
        (TypeKind::Set, "discard", set_discard),
        (TypeKind::Set, "pop", set_pop),
        (TypeKind::Set, "clear", set_clear),
        (TypeKind::Set, "update", set_update),
        (
            TypeKind::Set,
            "intersection_update",
            set_intersection_update,
        ),
        (TypeKind::Set, "difference_update", set_difference_update),
        (
            TypeKind::Set,
            "symmetric_difference_update",
            set_symmetric_difference_update,
        ),
        (TypeKind::Set, "copy", set_copy),
        (TypeKind::Set, "union", set_union),
        (TypeKind::Set, "intersection", set_intersection),
        (TypeKind::Set, "difference", set_difference),
        (
            TypeKind::Set,
            "symmetric_difference",
            set_symmetric_difference,
        ),
        (TypeKind::Set, "issubset", set_issubset),
        (TypeKind::Set, "issuperset", set_issuperset),
        (TypeKind::Set, "isdisjoint", set_isdisjoint),
        (TypeKind::FrozenSet, "copy", set_copy),
        (TypeKind::FrozenSet, "union", set_union),
        (TypeKind::FrozenSet, "intersection", set_intersection),
        (TypeKind::FrozenSet, "difference", set_difference),
        (
            TypeKind::FrozenSet,
            "symmetric_difference",
            set_symmetric_difference,
        ),
        (TypeKind::FrozenSet, "issubset", set_issubset),
        (TypeKind::FrozenSet, "issuperset", set_issuperset),
        (TypeKind::FrozenSet, "isdisjoint", set_isdisjoint),
        // numbers
        (TypeKind::Int, "bit_length", int_bit_length),
        (TypeKind::Bool, "bit_length", int_bit_length),
        (TypeKind::Float, "is_integer", float_is_integer),
        (TypeKind::Float, "as_integer_ratio", float_as_integer_ratio),
        (TypeKind::Int, "as_integer_ratio", int_as_integer_ratio),
        (TypeKind::Bool, "as_integer_ratio", int_as_integer_ratio),
        (TypeKind::Int, "bit_count", int_bit_count),
        (TypeKind::Bool, "bit_count", int_bit_count),
        (TypeKind::Int, "conjugate", number_conjugate),
        (TypeKind::Bool, "conjugate", number_conjugate),
        (TypeKind::Float, "conjugate", number_conjugate),
        (TypeKind::Range, "index", range_index),
        (TypeKind::Range, "count", range_count),
        (TypeKind::Str, "expandtabs", str_expandtabs),
        (TypeKind::Generator, "send", generator_send),
        (TypeKind::Generator, "close", generator_close),
        (TypeKind::Generator, "throw", generator_throw),
        (
            TypeKind::Property,
            "getter",
            crate::objects::descriptor::PROPERTY_METHODS[0].1,
        ),
        (
            TypeKind::Property,
            "setter",
            crate::objects::descriptor::PROPERTY_METHODS[1].1,
        ),
        (
            TypeKind::Property,
            "deleter",
            crate::objects::descriptor::PROPERTY_METHODS[2].1,
        ),
        (
            TypeKind::Object,
            "__init__",
            crate::objects::instance::object_init,
        ),
        (
            TypeKind::Object,
            "__new__",
            crate::objects::instance::object_new,
        ),
        (
            TypeKind::Object,
            "__setattr__",
            crate::objects::instance::object_setattr,
        ),
        (
            TypeKind::Object,
            "__getattribute__",
            crate::objects::instance::object_getattribute,
        ),
        (
            TypeKind::Object,
            "__delattr__",
            crate::objects::instance::object_delattr,
        ),
        (
            TypeKind::Object,
            "__eq__",
            crate::objects::instance::object_eq,
        ),
        (
            TypeKind::Object,
            "__ne__",
            crate::objects::instance::object_ne,
        ),
        (
            TypeKind::Object,
            "__hash__",
            crate::objects::instance::object_hash,
        ),
        (
            TypeKind::Object,
            "__repr__",
            crate::objects::instance::object_repr,
        ),
        (
            TypeKind::Object,
            "__str__",
            crate::objects::instance::object_str,
        ),
        (
            TypeKind::Exception,
            "__init__",
            crate::objects::instance::exception_init,
        ),
        (TypeKind::Type, "mro", crate::objects::class::type_mro),
        (
            TypeKind::Type,
            "__subclasses__",
            crate::objects::class::type_subclasses,
        ),
    ];
    for (kind, name, function) in table {
        let owner = match kind {
            TypeKind::Str => rt.types.str,
            TypeKind::List => rt.types.list,
            TypeKind::Tuple => rt.types.tuple,
            TypeKind::Dict => rt.types.dict,
            TypeKind::Set => rt.types.set,
            TypeKind::FrozenSet => rt.types.frozenset,
            TypeKind::Int => rt.types.int,
            TypeKind::Bool => rt.types.bool,
            TypeKind::Generator => rt.types.generator,
            TypeKind::Range => rt.types.range,
            TypeKind::Float => rt.types.float,
            TypeKind::Property => rt.types.property,
            TypeKind::Object => rt.types.object,
            TypeKind::Type => rt.types.type_,
            TypeKind::Exception => rt.types.base_exception,
            other => unreachable!("methods registered for {other:?} need an owner type"),
        };
        let descriptor = rt.allocate(Object::NativeFunction(NativeFunctionObject {
            name,
            function: *function,
            owner: Some(owner),
        }));
        let key = rt.intern(name);
        rt.methods.insert((*kind, key), descriptor);
    }
    // `object.__init_subclass__` is a class method.
    let function = rt.new_native(
        "__init_subclass__",
        crate::objects::instance::object_init_subclass,
    );
    let descriptor = rt.allocate(Object::ClassMethod(function));
    let key = rt.intern("__init_subclass__");
    rt.methods.insert((TypeKind::Object, key), descriptor);
}

fn kind_of(rt: &Runtime, value: Value) -> TypeKind {
    type_object(rt.type_of(value)).map_or(TypeKind::Object, |t| t.kind)
}

/// Looks up a method for a method call: `Some(descriptor)` to be called
/// with the receiver as first argument.
pub fn lookup_method(rt: &Runtime, receiver: Value, name: Value) -> Option<Value> {
    let kind = kind_of(rt, receiver);
    rt.methods.get(&(kind, name)).copied()
}

/// `value.name` for built-in objects.
pub fn get_attribute(rt: &mut Runtime, value: Value, name: Value) -> PyResult<Value> {
    if let Some(method) = lookup_method(rt, value, name) {
        return Ok(rt.allocate(Object::BoundMethod(BoundMethodObject {
            receiver: value,
            function: method,
        })));
    }
    let attribute = as_str(name).unwrap_or("");
    if let Some(t) = type_object(value) {
        if let Some(descriptor) = rt.methods.get(&(t.kind, name)).copied() {
            return Ok(descriptor);
        }
        if t.kind == TypeKind::Dict && attribute == "fromkeys" {
            return Ok(rt.new_native("fromkeys", dict_fromkeys));
        }
    }
    let found = match value.object().map(|o| &o.payload) {
        Some(Object::Exception(e)) if attribute == "args" => Some(e.borrow().args),
        Some(Object::Exception(e))
            if matches!(attribute, "value" | "code" | "errno" | "strerror") =>
        {
            exception_field(rt, value, e.borrow().args, attribute)
        }
        Some(Object::Exception(e)) if attribute == "__context__" || attribute == "__cause__" => {
            let e = e.borrow();
            Some(if attribute == "__cause__" {
                e.cause
            } else {
                e.context
            })
        }
        Some(Object::Function(f)) if attribute == "__name__" => Some(f.name),
        Some(Object::Function(f)) if attribute == "__qualname__" => Some(f.qualname),
        Some(Object::Function(f)) if attribute == "__doc__" => {
            let doc = match f.code.object().map(|o| &o.payload) {
                Some(Object::Code(c)) => c.code.docstring.clone(),
                _ => None,
            };
            Some(match doc {
                Some(text) => rt.new_str(&text),
                None => Value::NONE,
            })
        }
        Some(Object::Function(f)) if attribute == "__module__" => {
            let key = rt.key(rt.names.dunder_name)?;
            Some(match f.globals.object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => d.borrow().get(key).unwrap_or(Value::NONE),
                _ => Value::NONE,
            })
        }
        Some(Object::NativeFunction(f)) if attribute == "__name__" => Some(rt.new_str(f.name)),
        Some(Object::Type(t)) if attribute == "__name__" => Some(rt.new_str(t.name)),
        Some(Object::BigRange(r)) => match attribute {
            "start" => Some(rt.new_bigint(r.start.clone())),
            "stop" => Some(rt.new_bigint(r.stop.clone())),
            "step" => Some(rt.new_bigint(r.step.clone())),
            _ => None,
        },
        Some(Object::Range(r)) => match attribute {
            "start" => Some(rt.new_int(r.start)),
            "stop" => Some(rt.new_int(r.stop)),
            "step" => Some(rt.new_int(r.step)),
            _ => None,
        },
        Some(Object::Slice(s)) => match attribute {
            "start" => Some(s.start),
            "stop" => Some(s.stop),
            "step" => Some(s.step),
            _ => None,
        },
        Some(Object::Module(m)) => {
            let key = rt.key(name)?;
            match m.dict.object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => d.borrow().get(key),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(v) = found {
        return Ok(v);
    }
    if attribute == "__class__" {
        return Ok(rt.type_of(value));
    }
    if as_int(value).is_some() || value.is_float() {
        match attribute {
            "real" => return Ok(value),
            "imag" => {
                return Ok(if value.is_float() {
                    Value::float(0.0)
                } else {
                    Value::small_int(0)
                });
            }
            _ => {}
        }
    }
    let message = match type_object(value) {
        Some(t) => format!("type object '{}' has no attribute '{attribute}'", t.name),
        None => match value.object().map(|o| &o.payload) {
            Some(Object::Module(m)) => {
                format!(
                    "module '{}' has no attribute '{attribute}'",
                    as_str(m.name).unwrap_or("?")
                )
            }
            _ => format!(
                "'{}' object has no attribute '{attribute}'",
                rt.type_name(value)
            ),
        },
    };
    Err(rt.attribute_error(message))
}

// ---- argument helpers ---------------------------------------------------------------

fn receiver_str(args: &[Value]) -> &'static str {
    args.first().and_then(|v| as_str(*v)).unwrap_or("")
}

fn str_arg(
    rt: &mut Runtime,
    value: Value,
    method: &str,
    position: usize,
) -> PyResult<&'static str> {
    match as_str(value) {
        Some(s) => Ok(s),
        None => {
            let message = format!(
                "{method}() argument {position} must be str, not {}",
                rt.type_name(value)
            );
            Err(rt.type_error(message))
        }
    }
}

fn arity(
    rt: &mut Runtime,
    method: &str,
    args: &[Value],
    kw: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    let given = args.len() - 1;
    if !kw.is_empty() {
        let message = format!("{method}() takes no keyword arguments");
        return Err(rt.type_error(message));
    }
    if given < min || given > max {
        // CPython names fixed-arity methods with their type (`str.upper()`).
        let qualified = if method.contains('.') {
            method.to_string()
        } else {
            format!(
                "{}.{method}",
                args.first().map_or("object", |r| rt.type_name(*r))
            )
        };
        // Some str methods word their errors the old way (`takes at least
        // N argument(s) (M given)`); the rest say `expected ..., got M`.
        let old_style = args.first().is_some_and(|r| as_str(*r).is_some())
            && matches!(
                method,
                "startswith"
                    | "endswith"
                    | "find"
                    | "rfind"
                    | "index"
                    | "rindex"
                    | "count"
                    | "splitlines"
                    | "expandtabs"
            );
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let message = if min == max {
            match min {
                0 => format!("{qualified}() takes no arguments ({given} given)"),
                1 => format!("{qualified}() takes exactly one argument ({given} given)"),
                _ => format!("{method} expected {min} arguments, got {given}"),
            }
        } else if given < min {
            if old_style {
                format!(
                    "{method}() takes at least {min} argument{} ({given} given)",
                    plural(min)
                )
            } else {
                format!(
                    "{method} expected at least {min} argument{}, got {given}",
                    plural(min)
                )
            }
        } else if old_style {
            format!(
                "{method}() takes at most {max} argument{} ({given} given)",
                plural(max)
            )
        } else {
            format!(
                "{method} expected at most {max} argument{}, got {given}",
                plural(max)
            )
        };
        return Err(rt.type_error(message));
    }
    Ok(())
}

fn char_offset_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

fn byte_to_char_offset(text: &str, byte: usize) -> usize {
    if text.is_ascii() {
        byte
    } else {
        text[..byte].chars().count()
    }
}

/// Resolves optional `start`/`end` arguments into a byte range of `text`
/// as CPython's `ADJUST_INDICES` does: negative indices count from the
/// end, `end` is clamped to the length, ints too large for an index are
/// clamped. `None` when `start` lies past `end` (nothing matches there,
/// not even an empty string).
fn search_range(
    rt: &mut Runtime,
    text: &str,
    start: Option<Value>,
    end: Option<Value>,
) -> PyResult<Option<(usize, usize)>> {
    let count = text.chars().count() as i64;
    let mut resolve = |v: Option<Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::NONE) => Ok(default),
            Some(v) => match as_int(v).filter(|_| !v.is_float()) {
                Some(i) => {
                    let i = i
                        .to_i64()
                        .unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX });
                    Ok(if i < 0 {
                        (i.saturating_add(count)).max(0)
                    } else {
                        i
                    })
                }
                None => Err(rt.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        }
    };
    let s = resolve(start, 0)?;
    let e = resolve(end, count)?.min(count);
    if s > e {
        return Ok(None);
    }
    let s = char_offset_to_byte(text, s as usize);
    let e = char_offset_to_byte(text, e as usize);
    Ok(Some((s, e)))
}

// ---- str --------------------------------------------------------------------------

fn str_join(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "join", args, kw, 1, 1)?;
    let separator = receiver_str(args);
    let items = ops::iterate(rt, host, args[1])?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Some(s) = as_str(*item) else {
            let message = format!(
                "sequence item {i}: expected str instance, {} found",
                rt.type_name(*item)
            );
            return Err(rt.type_error(message));
        };
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(s);
    }
    Ok(rt.new_string(out))
}

fn split_arguments(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
) -> PyResult<(Option<&'static str>, i64)> {
    let a = Arguments::new(&args[1..], kw);
    a.check_keywords(rt, name, &["sep", "maxsplit"])?;
    if a.positional.len() > 2 {
        let message = format!(
            "{name}() takes at most 2 arguments ({} given)",
            a.positional.len()
        );
        return Err(rt.type_error(message));
    }
    let sep = a
        .positional
        .first()
        .copied()
        .or(a.keyword("sep"))
        .filter(|v| !v.is_none());
    let sep = match sep {
        Some(v) => Some(str_arg(rt, v, name, 1)?),
        None => None,
    };
    if sep == Some("") {
        return Err(rt.value_error("empty separator"));
    }
    let maxsplit = match a.positional.get(1).copied().or(a.keyword("maxsplit")) {
        Some(v) => as_int(v).and_then(|i| i.to_i64()).unwrap_or(-1),
        None => -1,
    };
    Ok((sep, maxsplit))
}

fn str_split(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let text = receiver_str(args);
    let (sep, maxsplit) = split_arguments(rt, args, kw, "split")?;
    let parts: Vec<String> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                text.split(sep).map(str::to_string).collect()
            } else {
                text.splitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_start_matches(crate::unicode::is_space);
            while !rest.is_empty() {
                if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                    parts.push(rest.to_string());
                    break;
                }
                let end = rest.find(crate::unicode::is_space).unwrap_or(rest.len());
                parts.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(crate::unicode::is_space);
            }
            parts
        }
    };
    let values = parts.into_iter().map(|p| rt.new_string(p)).collect();
    Ok(rt.new_list(values))
}

fn str_rsplit(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let text = receiver_str(args);
    let (sep, maxsplit) = split_arguments(rt, args, kw, "rsplit")?;
    let mut parts: Vec<String> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                text.rsplit(sep).map(str::to_string).collect()
            } else {
                text.rsplitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_end_matches(crate::unicode::is_space);
            while !rest.is_empty() {
                if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                    parts.push(rest.to_string());
                    break;
                }
                let start = rest.rfind(crate::unicode::is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                parts.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(crate::unicode::is_space);
            }
            parts
        }
    };
    parts.reverse();
    let values = parts.into_iter().map(|p| rt.new_string(p)).collect();
    Ok(rt.new_list(values))
}

fn strip_with(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 1)?;
    let text = receiver_str(args);
    let chars = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(str_arg(rt, *v, name, 1)?),
        None => None,
    };
    let matches = |c: char| match chars {
        Some(set) => set.contains(c),
        None => crate::unicode::is_space(c),
    };
    let mut result = text;
    if left {
        result = result.trim_start_matches(matches);
    }
    if right {
        result = result.trim_end_matches(matches);
    }
    if result.len() == text.len() {
        return Ok(args[0]);
    }
    Ok(rt.new_str(result))
}

fn str_strip(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    strip_with(rt, args, kw, "strip", true, true)
}
fn str_lstrip(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    strip_with(rt, args, kw, "lstrip", true, false)
}
fn str_rstrip(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    strip_with(rt, args, kw, "rstrip", false, true)
}

fn str_replace(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "replace", args, kw, 2, 3)?;
    let text = receiver_str(args);
    let old = str_arg(rt, args[1], "replace", 1)?;
    let new = str_arg(rt, args[2], "replace", 2)?;
    let count = args
        .get(3)
        .and_then(|v| as_int(*v))
        .and_then(|i| i.to_i64())
        .unwrap_or(-1);
    let result = if count < 0 {
        text.replace(old, new)
    } else {
        text.replacen(old, new, count as usize)
    };
    Ok(rt.new_string(result))
}

fn affix_test(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    prefix: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 3)?;
    let text = receiver_str(args);
    let range = search_range(rt, text, args.get(2).copied(), args.get(3).copied())?;
    let candidates: Vec<Value> = match args[1].object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => vec![args[1]],
    };
    for candidate in candidates {
        let Some(affix) = as_str(candidate) else {
            let message = format!(
                "{name} first arg must be str or a tuple of str, not {}",
                rt.type_name(candidate)
            );
            return Err(rt.type_error(message));
        };
        let Some((s, e)) = range else {
            continue;
        };
        let region = &text[s..e];
        let hit = if prefix {
            region.starts_with(affix)
        } else {
            region.ends_with(affix)
        };
        if hit {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn str_startswith(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    affix_test(rt, args, kw, "startswith", true)
}
fn str_endswith(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    affix_test(rt, args, kw, "endswith", false)
}

/// Character index of `needle` in `text[start..end]`, searching from the
/// left or the right.
fn find_in(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    from_right: bool,
) -> PyResult<Option<usize>> {
    arity(rt, name, args, kw, 1, 3)?;
    let text = receiver_str(args);
    let needle = str_arg(rt, args[1], name, 1)?;
    let Some((s, e)) = search_range(rt, text, args.get(2).copied(), args.get(3).copied())? else {
        return Ok(None);
    };
    let region = &text[s..e];
    let found = if from_right {
        region.rfind(needle)
    } else {
        region.find(needle)
    };
    Ok(found.map(|b| byte_to_char_offset(text, s + b)))
}

fn str_find(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let found = find_in(rt, args, kw, "find", false)?;
    Ok(rt.new_int(found.map_or(-1, |i| i as i64)))
}
fn str_rfind(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let found = find_in(rt, args, kw, "rfind", true)?;
    Ok(rt.new_int(found.map_or(-1, |i| i as i64)))
}
fn str_index(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    match find_in(rt, args, kw, "index", false)? {
        Some(i) => Ok(rt.new_int(i as i64)),
        None => Err(rt.value_error("substring not found")),
    }
}
fn str_rindex(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    match find_in(rt, args, kw, "rindex", true)? {
        Some(i) => Ok(rt.new_int(i as i64)),
        None => Err(rt.value_error("substring not found")),
    }
}

fn str_count(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 3)?;
    let text = receiver_str(args);
    let needle = str_arg(rt, args[1], "count", 1)?;
    let Some((s, e)) = search_range(rt, text, args.get(2).copied(), args.get(3).copied())? else {
        return Ok(Value::small_int(0));
    };
    let region = &text[s..e];
    let n = if needle.is_empty() {
        region.chars().count() + 1
    } else {
        region.matches(needle).count()
    };
    Ok(rt.new_int(n as i64))
}

fn map_text(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    f: fn(&str) -> String,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    let result = f(receiver_str(args));
    Ok(rt.new_string(result))
}

fn str_upper(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    map_text(rt, args, kw, "upper", crate::unicode::upper)
}
fn str_lower(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    map_text(rt, args, kw, "lower", crate::unicode::lower)
}

fn str_capitalize(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "capitalize", |s| {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        for i in 0..chars.len() {
            if i == 0 {
                crate::unicode::push_title(&mut out, chars[0]);
            } else {
                crate::unicode::push_lower_in_context(&mut out, &chars, i);
            }
        }
        out
    })
}
fn str_title(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    map_text(rt, args, kw, "title", |s| {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut previous_cased = false;
        for (i, &c) in chars.iter().enumerate() {
            if previous_cased {
                crate::unicode::push_lower_in_context(&mut out, &chars, i);
            } else {
                crate::unicode::push_title(&mut out, c);
            }
            previous_cased = crate::unicode::is_cased(c);
        }
        out
    })
}
fn str_swapcase(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "swapcase", crate::unicode::swapcase)
}

fn test_text(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    f: fn(&str) -> bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    Ok(Value::bool(f(receiver_str(args))))
}

/// Every character of a non-empty string satisfies `class`.
fn all_chars(s: &str, class: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(class)
}

fn str_isdigit(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isdigit", |s| {
        all_chars(s, crate::unicode::is_digit)
    })
}
fn str_isdecimal(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isdecimal", |s| {
        all_chars(s, crate::unicode::is_decimal)
    })
}
fn str_isnumeric(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isnumeric", |s| {
        all_chars(s, crate::unicode::is_numeric)
    })
}
fn str_isalpha(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isalpha", |s| {
        all_chars(s, crate::unicode::is_alpha)
    })
}
fn str_isalnum(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isalnum", |s| {
        all_chars(s, crate::unicode::is_alnum)
    })
}
fn str_isspace(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isspace", |s| {
        all_chars(s, crate::unicode::is_space)
    })
}
fn str_isprintable(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isprintable", |s| {
        s.chars().all(crate::unicode::is_printable)
    })
}
fn str_isascii(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isascii", str::is_ascii)
}
fn str_isupper(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isupper", |s| {
        s.chars().any(crate::unicode::is_uppercase)
            && !s
                .chars()
                .any(|c| crate::unicode::is_lowercase(c) || is_titlecase(c))
    })
}
fn str_islower(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "islower", |s| {
        s.chars().any(crate::unicode::is_lowercase)
            && !s
                .chars()
                .any(|c| crate::unicode::is_uppercase(c) || is_titlecase(c))
    })
}

/// Titlecase letters (`ǅ`): cased, but neither upper- nor lowercase.
fn is_titlecase(c: char) -> bool {
    crate::unicode::is_cased(c)
        && !crate::unicode::is_lowercase(c)
        && !crate::unicode::is_uppercase(c)
}

fn str_isidentifier(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isidentifier", |s| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(crate::unicode::is_identifier_start)
            && chars.all(crate::unicode::is_identifier_continue)
    })
}

fn str_casefold(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "casefold", crate::unicode::casefold)
}

fn str_istitle(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "istitle", |s| {
        let mut cased = false;
        let mut previous_cased = false;
        for c in s.chars() {
            if crate::unicode::is_uppercase(c) || is_titlecase(c) {
                if previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else if crate::unicode::is_lowercase(c) {
                if !previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else {
                previous_cased = false;
            }
        }
        cased
    })
}

fn str_format(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let template = receiver_str(args);
    let a = Arguments::new(&args[1..], kw);
    let kwargs: Vec<(Value, Value)> = a
        .keyword_names
        .iter()
        .copied()
        .zip(a.keyword_values.iter().copied())
        .collect();
    let text = crate::format::str_format(rt, template, a.positional, &kwargs)?;
    Ok(rt.new_string(text))
}

fn justify(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    align: char,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 2)?;
    let text = receiver_str(args);
    let width = crate::int::ssize_argument(rt, args[1])?;
    let fill = match args.get(2) {
        Some(v) => match as_str(*v).filter(|s| s.chars().count() == 1) {
            Some(s) => s.chars().next().unwrap_or(' '),
            None => {
                return Err(rt.type_error("The fill character must be exactly one character long"));
            }
        },
        None => ' ',
    };
    let length = text.chars().count() as i64;
    if width <= length {
        return Ok(args[0]);
    }
    let padding = (width - length) as usize;
    let result = match align {
        '<' => text.to_string() + &crate::alloc::fill_str(rt, fill, padding)?,
        '>' => crate::alloc::fill_str(rt, fill, padding)? + text,
        _ => {
            // CPython's centering puts the odd extra space on the left when
            // the width is odd.
            let left = padding / 2 + (padding & width as usize & 1);
            crate::alloc::fill_str(rt, fill, left)?
                + text
                + &crate::alloc::fill_str(rt, fill, padding - left)?
        }
    };
    Ok(rt.new_string(result))
}

fn str_center(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    justify(rt, args, kw, "center", '^')
}
fn str_ljust(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    justify(rt, args, kw, "ljust", '<')
}
fn str_rjust(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    justify(rt, args, kw, "rjust", '>')
}

fn str_zfill(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "zfill", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let width = crate::int::ssize_argument(rt, args[1])?;
    let length = text.chars().count() as i64;
    if width <= length {
        return Ok(args[0]);
    }
    let zeros = crate::alloc::fill_str(rt, '0', (width - length) as usize)?;
    let result = match text.chars().next() {
        Some(sign @ ('+' | '-')) => format!("{sign}{zeros}{}", &text[1..]),
        _ => format!("{zeros}{text}"),
    };
    Ok(rt.new_string(result))
}

fn str_splitlines(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "splitlines", args, kw, 0, 1)?;
    let keep = args.get(1).is_some_and(|v| ops::is_truthy(*v));
    let text = receiver_str(args);
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (offset, c) = bytes[i];
        if matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            let mut end = offset + c.len_utf8();
            if c == '\r' && bytes.get(i + 1).map(|b| b.1) == Some('\n') {
                end += 1;
                i += 1;
            }
            lines.push(if keep {
                &text[start..end]
            } else {
                &text[start..offset]
            });
            start = end;
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    let values = lines.into_iter().map(|l| rt.new_str(l)).collect();
    Ok(rt.new_list(values))
}

fn partition(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    from_right: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 1)?;
    let text = receiver_str(args);
    let sep = str_arg(rt, args[1], name, 1)?;
    if sep.is_empty() {
        return Err(rt.value_error("empty separator"));
    }
    let found = if from_right {
        text.rfind(sep)
    } else {
        text.find(sep)
    };
    let parts = match found {
        Some(i) => [&text[..i], sep, &text[i + sep.len()..]],
        None if from_right => ["", "", text],
        None => [text, "", ""],
    };
    let values = parts.iter().map(|p| rt.new_str(p)).collect();
    Ok(rt.new_tuple(values))
}

fn str_partition(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    partition(rt, args, kw, "partition", false)
}
fn str_rpartition(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    partition(rt, args, kw, "rpartition", true)
}

fn str_removeprefix(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "removeprefix", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let prefix = str_arg(rt, args[1], "removeprefix", 1)?;
    match text.strip_prefix(prefix) {
        Some(rest) => Ok(rt.new_str(rest)),
        None => Ok(args[0]),
    }
}
fn str_removesuffix(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "removesuffix", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let suffix = str_arg(rt, args[1], "removesuffix", 1)?;
    match text.strip_suffix(suffix) {
        Some(rest) => Ok(rt.new_str(rest)),
        None => Ok(args[0]),
    }
}

// ---- list and tuple ---------------------------------------------------------------

fn list_of(args: &[Value]) -> &'static std::cell::RefCell<Vec<Value>> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::List(items)) => items,
        _ => unreachable_list(),
    }
}

/// Method descriptors are only ever called with a receiver of their own
/// type (the interpreter checks `owner`), so this is not reachable; it
/// returns an empty, leaked list rather than panicking.
fn unreachable_list() -> &'static std::cell::RefCell<Vec<Value>> {
    Box::leak(Box::new(std::cell::RefCell::new(Vec::new())))
}

fn list_append(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "list.append", args, kw, 1, 1)?;
    rt.list_push(list_of(args), args[1]);
    Ok(Value::NONE)
}

fn list_extend(
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

fn list_insert(
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

fn list_pop(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

fn list_remove(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "list.remove", args, kw, 1, 1)?;
    let list = list_of(args);
    let position = list
        .borrow()
        .iter()
        .position(|x| ops::same_or_equal(*x, args[1]));
    match position {
        Some(i) => {
            list.borrow_mut().remove(i);
            Ok(Value::NONE)
        }
        None => Err(rt.value_error("list.remove(x): x not in list")),
    }
}

fn sequence_items(args: &[Value]) -> Vec<Value> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::List(items)) => items.borrow().clone(),
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}

fn sequence_index(
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
        if ops::same_or_equal(items[i as usize], args[1]) {
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

fn sequence_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 1)?;
    let n = sequence_items(args)
        .iter()
        .filter(|x| ops::same_or_equal(**x, args[1]))
        .count();
    Ok(rt.new_int(n as i64))
}

fn list_sort(
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

fn list_reverse(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "reverse", args, kw, 0, 0)?;
    list_of(args).borrow_mut().reverse();
    Ok(Value::NONE)
}

fn list_clear(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    list_of(args).borrow_mut().clear();
    Ok(Value::NONE)
}

fn list_copy(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let items = list_of(args).borrow().clone();
    Ok(rt.new_list(items))
}

// ---- dict ---------------------------------------------------------------------------

fn dict_of(args: &[Value]) -> &'static std::cell::RefCell<Dict> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::Dict(d)) => d,
        _ => Box::leak(Box::new(std::cell::RefCell::new(Dict::new()))),
    }
}

/// `dict.fromkeys(iterable, value=None)`.
fn dict_fromkeys(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "fromkeys", 1, 2)?;
    let value = a.positional.get(1).copied().unwrap_or(Value::NONE);
    // A dict or set source presizes the table, as CPython does.
    let source_len = match a.positional[0].object().map(|o| &o.payload) {
        Some(Object::Dict(d)) => d.borrow().len(),
        Some(Object::Set(s)) => s.borrow().len(),
        Some(Object::FrozenSet(s)) => s.len(),
        _ => 0,
    };
    let mut dict = Dict::with_capacity(source_len);
    for key in ops::iterate(rt, host, a.positional[0])? {
        let key = rt.key(key)?;
        dict.insert(key, value);
    }
    Ok(rt.new_dict(dict))
}

fn dict_get(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "get", args, kw, 1, 2)?;
    let key = rt.key(args[1])?;
    let found = dict_of(args).borrow().get(key);
    Ok(found.unwrap_or_else(|| args.get(2).copied().unwrap_or(Value::NONE)))
}

fn dict_view(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    kind: DictViewKind,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    Ok(rt.allocate(Object::DictView(DictViewObject {
        dict: args[0],
        kind,
    })))
}

fn dict_keys(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    dict_view(rt, args, kw, "keys", DictViewKind::Keys)
}
fn dict_values(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    dict_view(rt, args, kw, "values", DictViewKind::Values)
}
fn dict_items(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    dict_view(rt, args, kw, "items", DictViewKind::Items)
}

fn dict_pop(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "pop", args, kw, 1, 2)?;
    let key = rt.key(args[1])?;
    let removed = dict_of(args).borrow_mut().remove(key);
    match (removed, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(*default),
        (None, None) => Err(rt.key_error(args[1])),
    }
}

fn dict_popitem(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "popitem", args, kw, 0, 0)?;
    let popped = dict_of(args).borrow_mut().pop_last();
    match popped {
        Some((k, v)) => Ok(rt.new_tuple(vec![k, v])),
        None => {
            let message = rt.new_str("popitem(): dictionary is empty");
            Err(crate::PyErr(
                rt.new_exception(rt.types.key_error, vec![message]),
            ))
        }
    }
}

fn dict_setdefault(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "setdefault", args, kw, 1, 2)?;
    let key = rt.key(args[1])?;
    let dict = dict_of(args);
    let existing = dict.borrow().get(key);
    match existing {
        Some(v) => Ok(v),
        None => {
            let default = args.get(2).copied().unwrap_or(Value::NONE);
            dict.borrow_mut().insert(key, default);
            Ok(default)
        }
    }
}

fn dict_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(&args[1..], kw);
    a.check_count(rt, "update", 0, 1)?;
    let mut staged = Dict::new();
    if let Some(source) = a.positional.first() {
        update_dict(rt, host, &mut staged, *source)?;
    }
    for (k, v) in a.keyword_names.iter().zip(a.keyword_values.iter()) {
        let key = rt.key(*k)?;
        staged.insert(key, *v);
    }
    dict_of(args).borrow_mut().merge(&staged);
    Ok(Value::NONE)
}

fn dict_clear(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    dict_of(args).borrow_mut().clear();
    Ok(Value::NONE)
}

fn dict_copy(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let copy = dict_of(args).borrow().copied();
    Ok(rt.new_dict(copy))
}

// ---- set ----------------------------------------------------------------------------

fn set_contents(value: Value) -> PySet {
    match value.object().map(|o| &o.payload) {
        Some(Object::Set(s)) => s.borrow().clone(),
        Some(Object::FrozenSet(s)) => (**s).clone(),
        _ => PySet::new(),
    }
}

fn mutable_set(args: &[Value]) -> &'static std::cell::RefCell<PySet> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::Set(s)) => s,
        _ => Box::leak(Box::new(std::cell::RefCell::new(PySet::new()))),
    }
}

/// An argument of a set method: another set (whose table order CPython's
/// algorithms use) or the keys of any other iterable, in iteration order.
enum SetOperand {
    Set(PySet),
    Keys(Vec<crate::DictKey>),
}

impl SetOperand {
    fn into_set(self) -> PySet {
        match self {
            SetOperand::Set(s) => s,
            SetOperand::Keys(keys) => {
                let mut set = PySet::new();
                for k in keys {
                    set.insert(k);
                }
                set
            }
        }
    }
}

fn set_operand(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<SetOperand> {
    if matches!(
        value.object().map(|o| &o.payload),
        Some(Object::Set(_) | Object::FrozenSet(_))
    ) {
        return Ok(SetOperand::Set(set_contents(value)));
    }
    let mut keys = Vec::new();
    for item in ops::iterate(rt, host, value)? {
        keys.push(rt.key(item)?);
    }
    Ok(SetOperand::Keys(keys))
}

fn same_kind_set(rt: &mut Runtime, receiver: Value, set: PySet) -> Value {
    if matches!(
        receiver.object().map(|o| &o.payload),
        Some(Object::FrozenSet(_))
    ) {
        rt.new_frozenset(set)
    } else {
        rt.new_set(set)
    }
}

fn set_add(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "set.add", args, kw, 1, 1)?;
    let key = rt.key(args[1])?;
    mutable_set(args).borrow_mut().insert(key);
    Ok(Value::NONE)
}

fn set_remove(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "set.remove", args, kw, 1, 1)?;
    let key = rt.key(args[1])?;
    if mutable_set(args).borrow_mut().remove(key) {
        Ok(Value::NONE)
    } else {
        Err(rt.key_error(args[1]))
    }
}

fn set_discard(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "set.discard", args, kw, 1, 1)?;
    let key = rt.key(args[1])?;
    mutable_set(args).borrow_mut().remove(key);
    Ok(Value::NONE)
}

fn set_pop(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "pop", args, kw, 0, 0)?;
    let popped = mutable_set(args).borrow_mut().pop_first();
    match popped {
        Some(v) => Ok(v),
        None => {
            let message = rt.new_str("pop from an empty set");
            Err(crate::PyErr(
                rt.new_exception(rt.types.key_error, vec![message]),
            ))
        }
    }
}

fn set_clear(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    mutable_set(args).borrow_mut().clear();
    Ok(Value::NONE)
}

/// `union`/`update`: merge sets, add other iterables' keys in order.
fn add_operand(target: &mut PySet, operand: SetOperand) {
    match operand {
        SetOperand::Set(s) => target.merge(&s),
        SetOperand::Keys(keys) => {
            for k in keys {
                target.insert(k);
            }
        }
    }
}

/// `intersection`: with a set, iterate the smaller; with an iterable,
/// keep its keys that `target` holds, in its order.
fn intersect_operand(target: &PySet, operand: SetOperand) -> PySet {
    match operand {
        SetOperand::Set(s) => target.intersection(&s),
        SetOperand::Keys(keys) => {
            let mut result = PySet::new();
            for k in keys {
                if target.contains(k) {
                    result.insert(k);
                }
            }
            result
        }
    }
}

fn remove_operand(target: &mut PySet, operand: SetOperand) {
    match operand {
        SetOperand::Set(s) => {
            for k in s.keys() {
                target.remove(k);
            }
        }
        SetOperand::Keys(keys) => {
            for k in keys {
                target.remove(k);
            }
        }
    }
}

fn set_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        add_operand(&mut mutable_set(args).borrow_mut(), operand);
    }
    Ok(Value::NONE)
}

fn set_intersection_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "intersection_update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        let target = mutable_set(args);
        let result = intersect_operand(&target.borrow(), operand);
        *target.borrow_mut() = result;
    }
    Ok(Value::NONE)
}

fn set_difference_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "difference_update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        remove_operand(&mut mutable_set(args).borrow_mut(), operand);
    }
    Ok(Value::NONE)
}

fn set_copy(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let contents = set_contents(args[0]).copied();
    Ok(same_kind_set(rt, args[0], contents))
}

fn set_union(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "union", args, kw, 0, usize::MAX)?;
    let mut result = set_contents(args[0]).copied();
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        add_operand(&mut result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

fn set_intersection(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "intersection", args, kw, 0, usize::MAX)?;
    let mut result = set_contents(args[0]).copied();
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        result = intersect_operand(&result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

fn set_difference(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "difference", args, kw, 0, usize::MAX)?;
    let receiver = set_contents(args[0]);
    let mut result = match args.get(1) {
        None => receiver.copied(),
        Some(first) => match set_operand(rt, host, *first)? {
            SetOperand::Set(s) => receiver.difference(&s),
            keys => {
                let mut copy = receiver.copied();
                remove_operand(&mut copy, keys);
                copy
            }
        },
    };
    for other in args.iter().skip(2) {
        let operand = set_operand(rt, host, *other)?;
        remove_operand(&mut result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

fn set_symmetric_difference(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "symmetric_difference", args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    let result = set_contents(args[0]).symmetric_difference(&other);
    Ok(same_kind_set(rt, args[0], result))
}

fn set_symmetric_difference_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "symmetric_difference_update", args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    mutable_set(args)
        .borrow_mut()
        .symmetric_difference_update(&other);
    Ok(Value::NONE)
}

fn set_relation(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
    name: &str,
    test: fn(&PySet, &PySet) -> bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    Ok(Value::bool(test(&set_contents(args[0]), &other)))
}

fn set_issubset(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "issubset", |a, b| {
        a.keys().all(|k| b.contains(k))
    })
}
fn set_issuperset(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "issuperset", |a, b| {
        b.keys().all(|k| a.contains(k))
    })
}
fn set_isdisjoint(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "isdisjoint", |a, b| {
        !a.keys().any(|k| b.contains(k))
    })
}

// ---- numbers ------------------------------------------------------------------------

/// `int.bit_count()`: ones in the binary form of `abs(self)`.
fn int_bit_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "bit_count", args, kw, 0, 0)?;
    let ones = match as_int(args[0]) {
        Some(i) => i
            .to_bigint()
            .magnitude()
            .iter_u64_digits()
            .map(|d| u64::from(d.count_ones()))
            .sum(),
        None => 0,
    };
    Ok(rt.new_int(ones as i64))
}

/// `int.conjugate()` / `float.conjugate()`: the number itself (a bool
/// becomes the int it is).
fn number_conjugate(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "conjugate", args, kw, 0, 0)?;
    Ok(match args[0] {
        Value::TRUE => Value::small_int(1),
        Value::FALSE => Value::small_int(0),
        other => other,
    })
}

fn int_bit_length(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "bit_length", args, kw, 0, 0)?;
    let bits = match as_int(args[0]) {
        Some(i) => i.to_bigint().bits(),
        None => 0,
    };
    Ok(rt.new_int(bits as i64))
}

fn float_is_integer(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "is_integer", args, kw, 0, 0)?;
    let f = args[0].as_float();
    Ok(Value::bool(f.is_finite() && f.fract() == 0.0))
}

/// `float.as_integer_ratio()`: the exact value as a fraction in lowest
/// terms with a positive denominator.
fn float_as_integer_ratio(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    use num_bigint::BigInt;
    arity(rt, "as_integer_ratio", args, kw, 0, 0)?;
    let f = args[0].as_float();
    if f.is_infinite() {
        return Err(rt.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(rt.value_error("cannot convert NaN to integer ratio"));
    }
    let bits = f.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mut significand, mut exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    if significand == 0 {
        exponent = 0;
    }
    // Lowest terms: strip common factors of two.
    while significand != 0 && significand & 1 == 0 && exponent < 0 {
        significand >>= 1;
        exponent += 1;
    }
    let mut numerator = BigInt::from(significand);
    let mut denominator = BigInt::from(1);
    if exponent >= 0 {
        numerator <<= exponent as usize;
    } else {
        denominator <<= (-exponent) as usize;
    }
    if f < 0.0 {
        numerator = -numerator;
    }
    let numerator = rt.new_bigint(numerator);
    let denominator = rt.new_bigint(denominator);
    Ok(rt.new_tuple(vec![numerator, denominator]))
}

fn int_as_integer_ratio(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "as_integer_ratio", args, kw, 0, 0)?;
    let value = as_int(args[0]).map_or(Value::small_int(0), |i| {
        // A bool's ratio is made of plain ints.
        match i.to_i64() {
            Some(small) => Value::small_int(small),
            None => args[0],
        }
    });
    Ok(rt.new_tuple(vec![value, Value::small_int(1)]))
}

/// Position of `value` in a range, if it is one of its items.
fn range_position(range: &crate::object::RangeObject, value: Value) -> Option<i64> {
    let i = as_int(value).filter(|_| !value.is_float())?.to_i64()?;
    let offset = i as i128 - range.start as i128;
    let step = range.step as i128;
    let in_bounds = if step > 0 {
        i >= range.start && i < range.stop
    } else {
        i <= range.start && i > range.stop
    };
    (in_bounds && offset % step == 0).then(|| (offset / step) as i64)
}

fn range_of(value: Value) -> crate::object::RangeObject {
    match value.object().map(|o| &o.payload) {
        Some(Object::Range(r)) => *r,
        _ => crate::object::RangeObject {
            start: 0,
            stop: 0,
            step: 1,
        },
    }
}

/// `index`/`count` of an int in a range beyond 64 bits (`None` for any
/// other receiver or value).
fn big_range_position(receiver: Value, value: Value) -> Option<Option<num_bigint::BigInt>> {
    let Some(Object::BigRange(r)) = receiver.object().map(|o| &o.payload) else {
        return None;
    };
    let i = as_int(value).filter(|_| !value.is_float())?;
    Some(r.position(&i.to_bigint()))
}

fn range_index(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "index", args, kw, 1, 1)?;
    if let Some(position) = big_range_position(args[0], args[1]) {
        return match position {
            Some(i) => Ok(rt.new_bigint(i)),
            None => {
                let shown = crate::repr::repr(rt, args[1])?;
                Err(rt.value_error(format!("{shown} is not in range")))
            }
        };
    }
    let range = range_of(args[0]);
    match range_position(&range, args[1]) {
        Some(i) => Ok(rt.new_int(i)),
        None if as_int(args[1]).is_some() && !args[1].is_float() => {
            let shown = crate::repr::repr(rt, args[1])?;
            Err(rt.value_error(format!("{shown} is not in range")))
        }
        None => {
            // Other values compare by equality (a float equal to an item).
            let length = range.len();
            for k in 0..length {
                let item = rt.new_int(range.item(k));
                if ops::same_or_equal(item, args[1]) {
                    return Ok(rt.new_int(k));
                }
            }
            Err(rt.value_error("sequence.index(x): x not in sequence"))
        }
    }
}

fn range_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 1)?;
    if let Some(position) = big_range_position(args[0], args[1]) {
        return Ok(Value::small_int(i64::from(position.is_some())));
    }
    let range = range_of(args[0]);
    if as_int(args[1]).is_some() && !args[1].is_float() {
        return Ok(Value::small_int(i64::from(
            range_position(&range, args[1]).is_some(),
        )));
    }
    let mut count = 0;
    for k in 0..range.len() {
        let item = rt.new_int(range.item(k));
        count += i64::from(ops::same_or_equal(item, args[1]));
    }
    Ok(rt.new_int(count))
}

fn str_expandtabs(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "expandtabs", args, kw, 0, 1)?;
    let size = match args.get(1) {
        Some(v) => crate::int::c_int_argument(rt, *v)?.max(0) as usize,
        None => 8,
    };
    let mut out = String::new();
    let mut column = 0;
    for c in receiver_str(args).chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let pad = size - column % size;
                    if crate::alloc::exceeds_limit(out.len().saturating_add(pad))
                        || out.try_reserve(pad).is_err()
                    {
                        return Err(rt.memory_error());
                    }
                    out.extend(std::iter::repeat_n(' ', pad));
                    column += pad;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(rt.new_string(out))
}

/// `StopIteration.value`, `SystemExit.code`, `OSError.errno`/`strerror`:
/// fields CPython fills from the constructor's arguments.
fn exception_field(rt: &mut Runtime, exception: Value, args: Value, field: &str) -> Option<Value> {
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

fn generator_send(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "send", args, kw, 1, 1)?;
    if let Some(Object::Generator(g)) = args[0].object().map(|o| &o.payload)
        && g.borrow().fresh
        && !args[1].is_none()
    {
        return Err(rt.type_error("can't send non-None value to a just-started generator"));
    }
    match host.resume_generator(rt, args[0], args[1])? {
        Some(v) => Ok(v),
        None => Err(generator_stop_iteration(rt, args[0])),
    }
}

/// The `StopIteration` a finished generator raises: it carries the value
/// the generator returned (once; later calls raise a bare one).
pub fn generator_stop_iteration(rt: &mut Runtime, generator: Value) -> crate::PyErr {
    let returned = match generator.object().map(|o| &o.payload) {
        Some(Object::Generator(g)) => {
            std::mem::replace(&mut g.borrow_mut().return_value, Value::NONE)
        }
        _ => Value::NONE,
    };
    if returned.is_none() {
        rt.stop_iteration()
    } else {
        crate::PyErr(rt.new_exception(rt.types.stop_iteration, vec![returned]))
    }
}

/// `generator.close()`: raises `GeneratorExit` at the suspended `yield`
/// so `finally` blocks and `except GeneratorExit` run; a generator that
/// yields instead is an error.
pub fn close_generator(rt: &mut Runtime, host: &mut dyn Host, generator: Value) -> PyResult<Value> {
    let Some(Object::Generator(cell)) = generator.object().map(|o| &o.payload) else {
        return Ok(Value::NONE);
    };
    {
        let mut g = cell.borrow_mut();
        match g.status {
            crate::object::GeneratorStatus::Running => {
                drop(g);
                return Err(rt.value_error("generator already executing"));
            }
            crate::object::GeneratorStatus::Finished => return Ok(Value::NONE),
            crate::object::GeneratorStatus::Suspended if g.fresh => {
                g.status = crate::object::GeneratorStatus::Finished;
                g.slots.clear();
                return Ok(Value::NONE);
            }
            crate::object::GeneratorStatus::Suspended => {}
        }
    }
    let exit = rt.new_exception(rt.types.generator_exit, vec![]);
    match host.throw_into_generator(rt, generator, exit) {
        Ok(Some(_)) => Err(rt.runtime_error("generator ignored GeneratorExit")),
        Ok(None) => Ok(Value::NONE),
        Err(error)
            if rt.error_matches(error, rt.types.generator_exit)
                || rt.error_matches(error, rt.types.stop_iteration) =>
        {
            Ok(Value::NONE)
        }
        Err(error) => Err(error),
    }
}

fn generator_close(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "close", args, kw, 0, 0)?;
    close_generator(rt, host, args[0])
}

/// `generator.throw(type[, value[, traceback]])` or `throw(instance)`.
fn generator_throw(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "throw", args, kw, 1, 3)?;
    let (kind, value) = (args[1], args.get(2).copied().filter(|v| !v.is_none()));
    let is_exception_type = type_object(kind).is_some_and(|t| t.kind == TypeKind::Exception);
    let exception = if is_exception_type {
        match value {
            Some(v) if rt.is_subtype(rt.type_of(v), kind) => v,
            Some(v) => {
                let args = match v.object().map(|o| &o.payload) {
                    Some(Object::Tuple(items)) => items.to_vec(),
                    _ => vec![v],
                };
                rt.call(host, kind, &args, &[])?
            }
            None => rt.call(host, kind, &[], &[])?,
        }
    } else if matches!(
        kind.object().map(|o| &o.payload),
        Some(Object::Exception(_))
    ) {
        if value.is_some() {
            return Err(rt.type_error("instance exception may not have a separate value"));
        }
        kind
    } else {
        let message = format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            rt.type_name(kind)
        );
        return Err(rt.type_error(message));
    };
    match host.throw_into_generator(rt, args[0], exception)? {
        Some(v) => Ok(v),
        None => Err(generator_stop_iteration(rt, args[0])),
    }
}
